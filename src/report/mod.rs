//! Reports for people: charts (plotters, SVG and PNG with an embedded font) and the
//! committee report, one self-contained HTML file. Reads result folders only; nothing here
//! feeds a simulation.
//!
//! [`plot`] draws a result folder's charts into its `charts/` folder; [`write_report`]
//! writes `report.html` (charts drawn afresh in the report's language and inlined). Both
//! work from the files alone, so they can be repeated on old results without re-running;
//! a command that has just written the files passes the daily bands it holds in memory
//! ([`DailyAtHand`]) instead of having them read back, with the same numbers.

pub mod assumptions;
mod by_subject;
pub mod charts;
mod comparison;
mod csv_table;
mod error;
pub mod figure_texts;
pub mod format;
mod html;
mod optimisation;
pub mod param_labels;
mod plan_words;
pub mod plots;
pub mod results;
pub mod scenario_files;
mod sections;
mod selection;
mod sensitivity;
pub mod sentences;
pub mod series;
pub mod sources;
mod staffing;
mod sweep_targets;
mod team_time;
pub mod texts;
mod words;

use std::path::{Path, PathBuf};

pub use charts::Lang;
pub use error::ReportError;
pub use plots::ChartInfo;
pub use results::Results;
pub use words::scenario_paragraphs;

use series::DailyBands;

/// The daily bands of results just written, held in memory: the same numbers the files give
/// (`series::read_run_bands`, `series::read_compare_daily`), without reading them back.
#[derive(Clone, Copy)]
pub enum DailyAtHand<'a> {
    Run(&'a DailyBands),
    /// Per arm, the baseline first.
    Compare(&'a [(String, DailyBands)]),
}

use scenario_files::ScenarioFiles;
use sections::ScenarioInfo;

/// Name of the report file in a result folder.
pub const REPORT_FILE: &str = "report.html";
/// Folder of the charts in a result folder.
pub const CHARTS_DIR: &str = "charts";

/// Draws the charts of the results in `dir` into `dir/charts/` (SVG; PNG too when `png`).
/// Returns the files written.
pub fn plot(dir: &Path, lang: Lang, png: bool, at_hand: Option<DailyAtHand>) -> Result<Vec<PathBuf>, ReportError> {
    let results = Results::read(dir)?;
    let out = dir.join(CHARTS_DIR);
    let scenario = scenario_info(dir, &results)?;
    let charts = plots::draw_charts(dir, &results, scenario.as_ref(), &out, lang, png, at_hand)?;
    let exts: &[&str] = if png { &["svg", "png"] } else { &["svg"] };
    Ok(charts.iter().flat_map(|c| exts.iter().map(|e| out.join(format!("{}.{e}", c.name)))).collect())
}

/// Writes the report of the results in `dir` to `out` (default `dir/report.html`) and
/// returns its path. The charts are drawn in the report's language into a temporary folder
/// and inlined; `dir/charts/` is left as it is.
pub fn write_report(
    dir: &Path,
    lang: Lang,
    out: Option<&Path>,
    at_hand: Option<DailyAtHand>,
) -> Result<PathBuf, ReportError> {
    let results = Results::read(dir)?;
    let scenario = scenario_info(dir, &results)?;
    let scratch = Scratch::new()?;
    let drawn = plots::draw_charts(dir, &results, scenario.as_ref(), &scratch.0, lang, false, at_hand)?;
    let charts = drawn
        .into_iter()
        .map(|c| {
            let path = scratch.0.join(format!("{}.svg", c.name));
            std::fs::read_to_string(&path).map(|svg| (c, svg)).map_err(ReportError::io(path))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let page =
        html::render(&html::ReportInput { lang, results: &results, scenario: scenario.as_ref(), charts: &charts });
    let target = out.map_or_else(|| dir.join(REPORT_FILE), Path::to_path_buf);
    crate::output::write_atomic(&target, page.as_bytes()).map_err(|e| match e {
        crate::output::OutputError::Io { path, source } => ReportError::Io { path, source },
        other => ReportError::format(&target, other.to_string()),
    })?;
    Ok(target)
}

/// The scenario copy of a result folder, built with the run's overrides (None: no copy).
fn scenario_info(dir: &Path, results: &Results) -> Result<Option<ScenarioInfo>, ReportError> {
    Ok(match ScenarioFiles::read(dir)? {
        Some(files) => {
            let (document, scenario) = files.build(&results.record().0.overrides, dir)?;
            let policies = crate::scenario::read_policies(&document).unwrap_or_default();
            Some(ScenarioInfo { files, document, scenario, policies })
        }
        None => None,
    })
}

/// A temporary folder, removed when dropped (also when the report fails).
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, ReportError> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("amtsim-report-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(ReportError::io(&path))?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
