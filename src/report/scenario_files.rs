//! The scenario copies of a result folder (`scenario.toml` and the `scenario.base-N.toml`
//! files it extends, see `output::copy_scenario_files`), read back: their text for the
//! assumptions table, and the scenario they describe, rebuilt with the recorded overrides,
//! for the plain-words description.

use std::path::Path;

use toml::{Table, Value};

use super::error::{read_text, ReportError};
use crate::output::{base_copy_name, SCENARIO_COPY};
use crate::scenario::{apply_override, build_document, parse_override, Scenario, ScenarioError};

/// One copied file.
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// Its name in the result folder.
    pub name: String,
    pub text: String,
}

/// The copies, the outermost base first and `scenario.toml` last (the order they merge in).
#[derive(Debug, Clone)]
pub struct ScenarioFiles {
    pub files: Vec<ScenarioFile>,
}

impl ScenarioFiles {
    /// Reads the copies in `dir`; None when the folder has no `scenario.toml`.
    pub fn read(dir: &Path) -> Result<Option<ScenarioFiles>, ReportError> {
        if !dir.join(SCENARIO_COPY).exists() {
            return Ok(None);
        }
        let mut files = vec![ScenarioFile { name: SCENARIO_COPY.into(), text: read_text(&dir.join(SCENARIO_COPY))? }];
        for n in 1.. {
            let name = base_copy_name(n);
            if !dir.join(&name).exists() {
                break;
            }
            files.push(ScenarioFile { text: read_text(&dir.join(&name))?, name });
        }
        files.reverse();
        Ok(Some(ScenarioFiles { files }))
    }

    /// The merged document (tables key by key, arrays and values replaced whole, as
    /// `extend` merges) with `overrides` ("PATH=VALUE" as recorded) applied, and the
    /// validated scenario it describes.
    pub fn build(&self, overrides: &[String], dir: &Path) -> Result<(Table, Scenario), ReportError> {
        let fail = |source: ScenarioError| ReportError::Scenario { dir: dir.to_path_buf(), source: Box::new(source) };
        let origin = dir.join(SCENARIO_COPY).display().to_string();
        let mut merged = Table::new();
        for f in &self.files {
            let mut doc: Table = toml::from_str(&f.text).map_err(|e| {
                fail(ScenarioError::Syntax { file: f.name.clone(), line: 1, column: 1, message: e.message().into() })
            })?;
            doc.remove("extend");
            merge_into(&mut merged, doc);
        }
        for text in overrides {
            let problem =
                |message: String| fail(ScenarioError::Override { file: origin.clone(), text: text.clone(), message });
            let ov = parse_override(text).map_err(problem)?;
            apply_override(&mut merged, &ov).map_err(problem)?;
        }
        let scenario = build_document(&merged, &origin).map_err(fail)?;
        Ok((merged, scenario))
    }
}

/// Deep merge as `extend` does it (scenario::load): tables key by key, everything else
/// replaced whole.
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

pub use crate::scenario::lookup;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_follows_tables_and_array_indices() {
        let doc: Table = toml::from_str("[a]\nb = 1\n[[s]]\nx = 2\n[[s]]\nx = 3\nw = { q = [4, 5] }\n").unwrap();
        assert_eq!(lookup(&doc, "a.b"), Some(&Value::Integer(1)));
        assert_eq!(lookup(&doc, "s[1].x"), Some(&Value::Integer(3)));
        assert_eq!(lookup(&doc, "s[1].w.q[1]"), Some(&Value::Integer(5)));
        assert_eq!(lookup(&doc, "s[2].x"), None);
        assert_eq!(lookup(&doc, "a.c"), None);
    }

    #[test]
    fn copies_are_merged_in_chain_order_and_overrides_applied() {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml"));
        std::fs::write(dir.path().join("scenario.base-1.toml"), base.unwrap()).unwrap();
        std::fs::write(dir.path().join("scenario.toml"), "extend = \"district-office.toml\"\nname = \"X\"\n").unwrap();
        let files = ScenarioFiles::read(dir.path()).unwrap().unwrap();
        assert_eq!(files.files[1].name, "scenario.toml");
        let (doc, scenario) = files.build(&["simulation.days=100".into()], dir.path()).unwrap();
        assert_eq!(scenario.name, "X");
        assert_eq!(scenario.simulation.days, 100);
        assert_eq!(lookup(&doc, "permits.fb_validity_months"), Some(&Value::Integer(3)));
        assert!(ScenarioFiles::read(&dir.path().join("missing")).unwrap().is_none());
    }
}
