//! `amtsim plot DIR`: re-draws a result folder's charts into DIR/charts/ without re-running.

use super::lang;
use super::report::usage_if_not_results;
use crate::cli::PlotArgs;
use amtsim::report::plot as draw_charts;
use anyhow::Result;

pub fn plot(args: PlotArgs) -> Result<()> {
    let files = draw_charts(&args.dir, lang(args.lang), args.png).map_err(usage_if_not_results)?;
    println!("wrote {} chart files to {}", files.len(), args.dir.join("charts").display());
    Ok(())
}
