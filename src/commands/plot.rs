//! `amtsim plot DIR`: re-draws a result folder's charts into DIR/charts/ without re-running.

use super::lang;
use super::report::usage_if_not_results;
use super::say;
use crate::cli::PlotArgs;
use amtsim::output::FolderLock;
use amtsim::report::plot as draw_charts;
use anyhow::Result;

pub fn plot(args: PlotArgs) -> Result<()> {
    // The charts go into the folder: nobody else may be writing it.
    let _lock = match args.dir.is_dir() {
        true => Some(FolderLock::exclusive(&args.dir).map_err(|e| super::usage(e.to_string()))?),
        false => None, // no results there: plot says so
    };
    // A folder without results is left to the reader, which says what is missing.
    let origin = if amtsim::output::holds_results(&args.dir) { Some(super::verified(&args.dir)?) } else { None };
    let files = draw_charts(&args.dir, lang(args.lang), args.png, None).map_err(usage_if_not_results)?;
    if let Some(origin) = origin {
        amtsim::output::seal(&args.dir, &origin)?; // the charts are now among the folder's files
    }
    say!("wrote {} chart files to {}", files.len(), args.dir.join("charts").display());
    Ok(())
}
