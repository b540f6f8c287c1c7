//! Reading a scenario file: syntax, overrides, validation, and the fingerprint of the input.

use super::build::build_scenario;
use super::overrides::{apply_override, Override};
use super::{Problem, Scenario};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A validated scenario and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub file: PathBuf,
    /// SHA-256 of the file's bytes, for the reproducibility record.
    pub file_sha256: String,
    /// The overrides applied, as given.
    pub overrides: Vec<String>,
    /// The document after overrides (the assumptions table of a report reads it).
    pub document: toml::Table,
}

/// Why a scenario could not be used. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("{file}: cannot read the scenario: {source}")]
    Read { file: String, source: std::io::Error },
    #[error("{file}:{line}:{column}: TOML syntax error: {message}")]
    Syntax { file: String, line: usize, column: usize, message: String },
    #[error("{file}: --set {text}: {message}")]
    Override { file: String, text: String, message: String },
    #[error("{file}: {} problem{}:\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, list(problems))]
    Invalid { file: String, problems: Vec<Problem> },
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
}

/// Reads, overrides and validates a scenario file.
pub fn load_file(path: &Path, overrides: &[Override]) -> Result<LoadedScenario, ScenarioError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ScenarioError::Read { file: file.clone(), source })?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| ScenarioError::Syntax {
        file: file.clone(),
        line: 1,
        column: 1,
        message: "the file is not valid UTF-8".into(),
    })?;
    let mut loaded = load_str(&text, &file, overrides)?;
    loaded.file = path.to_path_buf();
    loaded.file_sha256 = format!("{:x}", Sha256::digest(&bytes));
    Ok(loaded)
}

/// Validates scenario text; `origin` names it in messages.
pub fn load_str(text: &str, origin: &str, overrides: &[Override]) -> Result<LoadedScenario, ScenarioError> {
    let mut document: toml::Table = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        ScenarioError::Syntax { file: origin.to_string(), line, column, message: e.message().to_string() }
    })?;
    for ov in overrides {
        apply_override(&mut document, ov).map_err(|message| ScenarioError::Override {
            file: origin.to_string(),
            text: format!("{}={}", ov.path, ov.value),
            message,
        })?;
    }
    let scenario =
        build_scenario(&document).map_err(|problems| ScenarioError::Invalid { file: origin.to_string(), problems })?;
    Ok(LoadedScenario {
        scenario,
        file: PathBuf::from(origin),
        file_sha256: format!("{:x}", Sha256::digest(text.as_bytes())),
        overrides: overrides.iter().map(|o| format!("{}={}", o.path, o.value)).collect(),
        document,
    })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}
