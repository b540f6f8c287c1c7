//! `amtsim report DIR`: the self-contained HTML report of a result folder, from its files.

use super::lang;
use crate::cli::ReportArgs;
use amtsim::report::{write_report, ReportError};
use anyhow::Result;

pub fn report(args: ReportArgs) -> Result<()> {
    let written = write_report(&args.dir, lang(args.lang), args.out.as_deref()).map_err(usage_if_not_results)?;
    println!("wrote {}", written.display());
    Ok(())
}

/// A folder without results is the user's mistake (exit code 2), anything else a failure.
pub fn usage_if_not_results(e: ReportError) -> anyhow::Error {
    match e {
        ReportError::NoResults { .. } => super::usage(e.to_string()),
        other => anyhow::Error::new(other),
    }
}
