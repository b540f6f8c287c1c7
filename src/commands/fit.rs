//! `amtsim fit LOG.csv`: read an appointment log, print (or write) a scenario fragment with
//! the estimates and their intervals, and a summary with warnings on standard error.

use super::usage;
use crate::cli::{EncodingArg, FitArgs};
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
    let bytes = amtsim::input::read_bounded(&args.log, amtsim::input::MAX_LOG_BYTES)
        .map_err(|e| usage(format!("{file}: cannot read: {e}")))?;
    let (text, encoding) = decode(&bytes, args.encoding).map_err(|e| usage(format!("{file}: {e}")))?;
    if !super::quiet() {
        eprintln!("read {file} as {encoding}");
    }
    let fitted = fit_log(&text, &file, &options).map_err(|e| usage(e.to_string()))?;
    let toml = fragment(&fitted);
    match &args.out {
        Some(out) => {
            write_atomic(out, toml.as_bytes())?;
            eprintln!("wrote the scenario fragment to {}", out.display());
        }
        None => print!("{toml}"), // the data asked for: printed even with --quiet
    }
    eprint!("{}", summary(&fitted));
    Ok(())
}

/// The log's text: UTF-8 when it is valid UTF-8 (a byte-order mark is dropped), else
/// Windows-1252, the encoding of German office software and of Excel's "CSV" export (whose
/// umlauts are no valid UTF-8); `--encoding` fixes the choice. Returns the encoding's name.
fn decode(bytes: &[u8], choice: EncodingArg) -> Result<(String, &'static str), String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let utf8 = std::str::from_utf8(bytes);
    match (choice, utf8) {
        (EncodingArg::Auto | EncodingArg::Utf8, Ok(text)) => Ok((text.to_string(), "UTF-8")),
        (EncodingArg::Utf8, Err(e)) => Err(format!(
            "not valid UTF-8 (byte {} on line {}); for an export from Excel or office software try --encoding windows-1252",
            e.valid_up_to() + 1,
            bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1
        )),
        (EncodingArg::Auto, Err(_)) => {
            Ok((encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(), "Windows-1252 (not valid UTF-8)"))
        }
        (EncodingArg::Windows1252, _) => {
            Ok((encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(), "Windows-1252"))
        }
    }
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
