//! Reading a scenario file: syntax, `extend`, overrides, validation, and the fingerprint of
//! the input.
//!
//! A file may `extend = "base.toml"` another (path relative to the extending file) and state
//! only what differs: tables merge key by key, arrays and plain values are replaced whole, the
//! extending file wins. Chains are allowed, cycles are refused.

use super::build::build_scenario;
use super::overrides::{apply_override, Override};
use super::policies::{read_policies, Policy};
use super::{Problem, Scenario};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::{Table, Value};

/// Top-level sections the experiment layer reads; the office model does not see them.
const EXPERIMENT_SECTIONS: [&str; 4] = ["policies", "sweep", "sensitivity", "optimise"];

/// A validated scenario and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub file: PathBuf,
    /// SHA-256 over the bytes of every file involved, the outermost base first (for a file
    /// without `extend`: the hash of the file itself), for the reproducibility record.
    pub file_sha256: String,
    /// The overrides applied, as given.
    pub overrides: Vec<String>,
    /// The document after `extend` and overrides (the assumptions table of a report reads it;
    /// policies and sweeps derive their variants from it).
    pub document: toml::Table,
    /// The named policies of `[policies.NAME]`, in name order (not yet validated as scenarios:
    /// see `apply_policy`).
    pub policies: Vec<Policy>,
    /// The text of every file read, as read: the given file first, then the files it extends
    /// in order. The result folder's copies are these, not the files read again after the
    /// run (which may have changed meanwhile, or come from a pipe).
    /// Shared by the variants (policies, grid points) derived from it.
    pub texts: Arc<[String]>,
}

/// The longest chain of `extend`s: deeper chains are a mistake, and the reading recurses.
const MAX_EXTEND_DEPTH: usize = 16;

/// Why a scenario could not be used. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("{file}: cannot read the scenario: {source}")]
    Read { file: String, source: std::io::Error },
    #[error("{file}:{line}:{column}: TOML syntax error: {message}")]
    Syntax { file: String, line: usize, column: usize, message: String },
    #[error("{file}: extend: {message}")]
    Extend { file: String, message: String },
    #[error("{file}: --set {text}: {message}")]
    Override { file: String, text: String, message: String },
    #[error("{file}: {} problem{}:\n{}", problems.len(), plural(problems), list(problems))]
    Invalid { file: String, problems: Vec<Problem> },
    #[error("{file}: policy \"{policy}\": {} problem{}:\n{}", problems.len(), plural(problems), list(problems))]
    Policy { file: String, policy: String, problems: Vec<Problem> },
}

fn plural(problems: &[Problem]) -> &'static str {
    if problems.len() == 1 {
        ""
    } else {
        "s"
    }
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
}

/// Reads, merges (`extend`), overrides and validates a scenario file.
pub fn load_file(path: &Path, overrides: &[Override]) -> Result<LoadedScenario, ScenarioError> {
    let file = path.display().to_string();
    let text = read_text(path, &file)?;
    let mut loaded = load_str(&text, &file, overrides)?;
    loaded.file = path.to_path_buf();
    Ok(loaded)
}

/// Validates scenario text; `origin` names it in messages, and an `extend` path is resolved
/// relative to its folder.
pub fn load_str(text: &str, origin: &str, overrides: &[Override]) -> Result<LoadedScenario, ScenarioError> {
    let mut hasher = Sha256::new();
    let mut chain = vec![canonical(Path::new(origin))];
    let mut texts = Vec::new();
    let mut document = parse_with_extends(text, origin, &mut chain, &mut hasher, &mut texts)?;
    for ov in overrides {
        apply_override(&mut document, ov).map_err(|message| ScenarioError::Override {
            file: origin.to_string(),
            text: format!("{}={}", ov.path, ov.value),
            message,
        })?;
    }
    let scenario = build_document(&document, origin).map_err(|e| with_lines(e, text))?;
    let policies =
        read_policies(&document).map_err(|problems| ScenarioError::Invalid { file: origin.to_string(), problems })?;
    Ok(LoadedScenario {
        scenario,
        file: PathBuf::from(origin),
        file_sha256: format!("{:x}", hasher.finalize()),
        overrides: overrides.iter().map(|o| format!("{}={}", o.path, o.value)).collect(),
        document,
        policies,
        texts: texts.into(),
    })
}

/// Validates a document (with `extend` already resolved) into a scenario. The experiment
/// sections (`policies`, `sweep`) are left to the experiment layer.
pub fn build_document(document: &Table, origin: &str) -> Result<Scenario, ScenarioError> {
    let result = if EXPERIMENT_SECTIONS.iter().any(|k| document.contains_key(*k)) {
        let mut model_part = document.clone();
        for key in EXPERIMENT_SECTIONS {
            model_part.remove(key);
        }
        build_scenario(&model_part)
    } else {
        build_scenario(document)
    };
    result.map_err(|problems| ScenarioError::Invalid { file: origin.to_string(), problems })
}

/// A variant of a loaded scenario: further overrides applied to its document, validated.
/// The variant records the overrides after those of the original.
pub fn with_overrides(loaded: &LoadedScenario, overrides: &[Override]) -> Result<LoadedScenario, ScenarioError> {
    derive(loaded, overrides, true)
}

/// [`with_overrides`] for a policy's variant, which needs no policies of its own: copying
/// them into each of many policies' variants made checking a scenario quadratic in their
/// number.
pub(super) fn without_policies(
    loaded: &LoadedScenario,
    overrides: &[Override],
) -> Result<LoadedScenario, ScenarioError> {
    derive(loaded, overrides, false)
}

/// A policy's variant whose changes hold from `date`: they join the document's `[[changes]]`.
pub(super) fn with_dated_change(
    loaded: &LoadedScenario,
    date: chrono::NaiveDate,
    label: &super::text::Text,
    overrides: &[Override],
) -> Result<LoadedScenario, ScenarioError> {
    let set: Table = overrides.iter().map(|o| (o.path.clone(), o.value.clone())).collect();
    let mut change = Table::new();
    change.insert("date".into(), Value::String(date.to_string()));
    change.insert("set".into(), Value::Table(set));
    if let Some(label) = label.to_value() {
        change.insert("label".into(), label);
    }
    derive_edited(loaded, &[], false, move |document| {
        let list = document.entry("changes").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(items) = list {
            items.push(Value::Table(change));
        }
    })
}

fn derive(loaded: &LoadedScenario, overrides: &[Override], policies: bool) -> Result<LoadedScenario, ScenarioError> {
    derive_edited(loaded, overrides, policies, |_| {})
}

fn derive_edited(
    loaded: &LoadedScenario,
    overrides: &[Override],
    policies: bool,
    edit: impl FnOnce(&mut Table),
) -> Result<LoadedScenario, ScenarioError> {
    let origin = loaded.file.display().to_string();
    let keep = |key: &str| policies || key != "policies";
    let mut document: Table =
        loaded.document.iter().filter(|(k, _)| keep(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
    edit(&mut document);
    for ov in overrides {
        apply_override(&mut document, ov).map_err(|message| ScenarioError::Override {
            file: origin.clone(),
            text: format!("{}={}", ov.path, ov.value),
            message,
        })?;
    }
    let scenario = build_document(&document, &origin)?;
    let mut recorded = loaded.overrides.clone();
    recorded.extend(overrides.iter().map(|o| format!("{}={}", o.path, o.value)));
    Ok(LoadedScenario {
        scenario,
        file: loaded.file.clone(),
        file_sha256: loaded.file_sha256.clone(),
        overrides: recorded,
        document,
        policies: if policies { loaded.policies.clone() } else { Vec::new() },
        texts: Arc::clone(&loaded.texts),
    })
}

/// Adds the line of each problem's key path, where the text shows it.
fn with_lines(e: ScenarioError, text: &str) -> ScenarioError {
    match e {
        ScenarioError::Invalid { file, mut problems } => {
            for p in &mut problems {
                p.line = super::locate::line_of(text, &p.path);
            }
            ScenarioError::Invalid { file, problems }
        }
        other => other,
    }
}

fn read_text(path: &Path, file: &str) -> Result<String, ScenarioError> {
    let bytes = crate::input::read_bounded(path, crate::input::MAX_SCENARIO_BYTES)
        .map_err(|source| ScenarioError::Read { file: file.to_string(), source })?;
    String::from_utf8(bytes).map_err(|_| ScenarioError::Syntax {
        file: file.to_string(),
        line: 1,
        column: 1,
        message: "the file is not valid UTF-8".into(),
    })
}

/// Where a file really is, for recognising a cycle however it is spelled.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Parses `text` and, when it extends a base, the chain of bases; returns the merged document.
/// `chain` holds the files being read (for cycles); the hash takes the bases' bytes first.
fn parse_with_extends(
    text: &str,
    origin: &str,
    chain: &mut Vec<PathBuf>,
    hasher: &mut Sha256,
    texts: &mut Vec<String>,
) -> Result<Table, ScenarioError> {
    texts.push(text.to_string());
    let mut document: Table = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        ScenarioError::Syntax { file: origin.to_string(), line, column, message: e.message().to_string() }
    })?;
    let Some(extend) = document.remove("extend") else {
        hasher.update(text.as_bytes());
        return Ok(document);
    };
    let extend_error = |message: String| ScenarioError::Extend { file: origin.to_string(), message };
    let Value::String(relative) = extend else {
        return Err(extend_error(format!("{extend}: expected the path of the base scenario, e.g. \"base.toml\"")));
    };
    let base_path = Path::new(origin).parent().unwrap_or(Path::new("")).join(&relative);
    let key = canonical(&base_path);
    if chain.len() >= MAX_EXTEND_DEPTH {
        return Err(extend_error(format!(
            "\"{relative}\": more than {MAX_EXTEND_DEPTH} files in one chain of extend; merge some of them"
        )));
    }
    if chain.contains(&key) {
        let names: Vec<String> = chain.iter().chain([&key]).map(|p| p.display().to_string()).collect();
        return Err(extend_error(format!("\"{relative}\" closes a cycle: {}", names.join(" -> "))));
    }
    let base_name = base_path.display().to_string();
    let base_text = read_text(&base_path, &base_name).map_err(|e| match e {
        ScenarioError::Read { source, .. } => extend_error(format!("cannot read \"{base_name}\": {source}")),
        other => other,
    })?;
    chain.push(key);
    let mut merged = parse_with_extends(&base_text, &base_name, chain, hasher, texts)?;
    chain.pop();
    hasher.update(text.as_bytes());
    merge_into(&mut merged, document);
    Ok(merged)
}

/// Deep merge: tables key by key, everything else (arrays included) replaced whole.
fn merge_into(base: &mut Table, overlay: Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge_into(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_tables_and_replaces_arrays() {
        let mut base: Table = toml::from_str("a = 1\nlist = [1, 2]\n[t]\nx = 1\ny = 2\n").unwrap();
        let overlay: Table = toml::from_str("list = [3]\n[t]\ny = 5\nz = 6\n").unwrap();
        merge_into(&mut base, overlay);
        let expected: Table = toml::from_str("a = 1\nlist = [3]\n[t]\nx = 1\ny = 5\nz = 6\n").unwrap();
        assert_eq!(base, expected);
    }
}
