//! `amtsim fit LOG.csv`: read an appointment log, print (or write) a scenario fragment with
//! the estimates and their intervals, and a summary with warnings on standard error.

use super::usage;
use crate::cli::FitArgs;
use amtsim::fit::{fit as fit_log, fragment, summary, ColumnNames, FitOptions, StatusWords};
use amtsim::output::write_atomic;
use amtsim::stats::AppointmentStatus;
use anyhow::Result;

pub fn fit(args: FitArgs) -> Result<()> {
    let options = options(&args)?;
    if let Some(out) = &args.out {
        if out.exists() && !args.force {
            return Err(usage(format!("{}: already exists; add --force to overwrite it", out.display())));
        }
    }
    let file = args.log.display().to_string();
    let bytes = std::fs::read(&args.log).map_err(|e| usage(format!("{file}: cannot read: {e}")))?;
    // Exports from older office software may not be UTF-8; unreadable bytes become U+FFFD.
    let text = String::from_utf8_lossy(&bytes);
    let fitted = fit_log(&text, &file, &options).map_err(|e| usage(e.to_string()))?;
    let toml = fragment(&fitted);
    match &args.out {
        Some(out) => {
            write_atomic(out, toml.as_bytes())?;
            eprintln!("wrote the scenario fragment to {}", out.display());
        }
        None => print!("{toml}"),
    }
    eprint!("{}", summary(&fitted));
    Ok(())
}

fn options(args: &FitArgs) -> Result<FitOptions> {
    if !(args.confidence > 0.5 && args.confidence < 1.0) {
        return Err(usage(format!("--confidence {}: expected a level between 0.5 and 1, e.g. 0.95", args.confidence)));
    }
    let service_required = args.start_col.is_some() || args.end_col.is_some();
    let columns = ColumnNames {
        booking: args.booking_col.clone(),
        appointment: args.appointment_col.clone(),
        case: args.case_col.clone(),
        status: args.status_col.clone(),
        service_start: args.start_col.clone().unwrap_or_else(|| ColumnNames::default().service_start),
        service_end: args.end_col.clone().unwrap_or_else(|| ColumnNames::default().service_end),
        service_required,
    };
    let mut status_words = StatusWords::default();
    for mapping in &args.status {
        let known: Vec<&str> = AppointmentStatus::ALL.iter().map(|s| s.word()).collect();
        let status = mapping
            .split_once('=')
            .and_then(|(status, word)| {
                AppointmentStatus::ALL.iter().find(|s| s.word() == status.trim()).map(|s| (*s, word))
            })
            .filter(|(_, word)| !word.trim().is_empty());
        match status {
            Some((status, word)) => status_words.add(word, status),
            None => {
                return Err(usage(format!(
                    "--status {mapping}: expected STATUS=WORD with STATUS one of {}",
                    known.join(", ")
                )))
            }
        }
    }
    Ok(FitOptions { columns, status_words, level: args.confidence })
}
