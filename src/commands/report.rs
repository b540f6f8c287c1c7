//! `amtsim report DIR`: the self-contained HTML report of a result folder, from its files.

use super::lang;
use super::say;
use crate::cli::ReportArgs;
use amtsim::output::FolderLock;
use amtsim::report::{write_report, ReportError};
use anyhow::Result;

pub fn report(args: ReportArgs) -> Result<()> {
    if let Some(out) = &args.out {
        check_target(out, args.force)?;
    }
    // Writing into the folder needs it alone; reading it for a report elsewhere only needs
    // that nobody is writing it.
    let into_folder = args.out.as_ref().is_none_or(|o| o.parent().is_some_and(|p| same_dir(p, &args.dir)));
    let _lock = if !args.dir.is_dir() {
        None // no results there: write_report says so
    } else if into_folder {
        Some(FolderLock::exclusive(&args.dir).map_err(|e| super::usage(e.to_string()))?)
    } else {
        FolderLock::shared(&args.dir).map_err(|e| super::usage(e.to_string()))?
    };
    // A folder without results is left to the reader, which says what is missing.
    let origin = if amtsim::output::holds_results(&args.dir) { Some(super::verified(&args.dir)?) } else { None };
    let written = write_report(&args.dir, lang(args.lang), args.out.as_deref(), None).map_err(usage_if_not_results)?;
    if let (true, Some(origin)) = (into_folder, origin) {
        amtsim::output::seal(&args.dir, &origin)?; // the report is now one of the folder's files
    }
    say!("wrote {}", written.display());
    Ok(())
}

/// A folder without results is the user's mistake (exit code 2), anything else a failure.
pub fn usage_if_not_results(e: ReportError) -> anyhow::Error {
    match e {
        ReportError::NoResults { .. } => super::usage(e.to_string()),
        other => anyhow::Error::new(other),
    }
}

/// Whether two paths name the same folder ("" is the current one).
fn same_dir(a: &std::path::Path, b: &std::path::Path) -> bool {
    let real = |p: &std::path::Path| {
        let p = if p.as_os_str().is_empty() { std::path::Path::new(".") } else { p };
        std::fs::canonicalize(p).ok()
    };
    real(a).is_some() && real(a) == real(b)
}

/// A report file given with `-o` replaces an existing file only with `--force`, and never
/// one that is not a regular file (a link, a FIFO, a device: writing there would write
/// somewhere else or block).
fn check_target(out: &std::path::Path, force: bool) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(out) else { return Ok(()) };
    if !meta.file_type().is_file() {
        return Err(super::usage(format!(
            "{}: exists and is not a regular file (a link, a FIFO or a device); choose another -o",
            out.display()
        )));
    }
    if !force {
        return Err(super::usage(format!(
            "{}: exists; add --force to replace it, or choose another -o",
            out.display()
        )));
    }
    Ok(())
}
