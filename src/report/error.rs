//! Why a report or its charts could not be made. Every variant names the file concerned.

use std::path::PathBuf;

use super::charts::ChartError;
use crate::scenario::ScenarioError;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{dir}: no result files of amtsim run, compare, sweep or staff here (looked for summary.json, compare.json, sweep.json with summary.csv, staff.json)")]
    NoResults { dir: PathBuf },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    #[error("{path}: column {column:?} is missing; the file was not written by this amtsim version")]
    MissingColumn { path: PathBuf, column: String },
    #[error("the scenario copy in {dir} could not be read: {source}")]
    Scenario { dir: PathBuf, source: Box<ScenarioError> },
    #[error("chart {file}: {source}")]
    Chart { file: String, source: ChartError },
}

impl ReportError {
    /// An I/O error at `path`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> ReportError {
        let path = path.into();
        move |source| ReportError::Io { path, source }
    }

    /// A malformed file.
    pub fn format(path: impl Into<PathBuf>, message: impl Into<String>) -> ReportError {
        ReportError::Format { path: path.into(), message: message.into() }
    }
}

/// Reads a whole text file.
pub(super) fn read_text(path: &std::path::Path) -> Result<String, ReportError> {
    std::fs::read_to_string(path).map_err(ReportError::io(path))
}
