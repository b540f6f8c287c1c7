//! Policies: named sets of changes to a scenario, compared against it on common random numbers.
//!
//! ```toml
//! [policies.reminders]
//! description = "SMS reminders two days before the appointment"
//! "portal.reminder_factor" = 0.75
//! "staff[1].head_count" = 5
//! ```
//!
//! Each entry is a key path in the notation of `--set` and a value; a table value sets each of
//! its keys (so unquoted dotted keys work too). Applying a policy applies its changes to the
//! scenario's document, then validates the result like any scenario.

use super::load::{with_dated_change, without_policies, LoadedScenario, ScenarioError};
use super::overrides::{parse_override, Override};
use super::Problem;
use toml::{Table, Value};

/// A named policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub name: String,
    /// The name people read in reports (the identifier `name` when absent).
    pub label: super::text::Text,
    /// What the policy does, for the console and compare.json (the English text when the
    /// scenario gives both), and per language for the report.
    pub description: String,
    pub description_text: super::text::Text,
    /// The changes, in the order written.
    pub overrides: Vec<Override>,
    /// The date from which the changes hold (None: from the start); a dated policy changes
    /// only keys that a dated change may set (`[[changes]]`).
    pub from: Option<chrono::NaiveDate>,
}

/// Keys a policy may not change: the seed and the replications decide which random numbers
/// are paired, and the experiment sections are not part of the office.
const FORBIDDEN: [&str; 7] =
    ["simulation.seed", "simulation.replications", "policies", "sweep", "sensitivity", "optimise", "extend"];

/// Reads `[policies.NAME]` tables. Problems name the policy and the key.
pub fn read_policies(document: &Table) -> Result<Vec<Policy>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut policies = Vec::new();
    let Some(section) = document.get("policies") else {
        return Ok(policies);
    };
    let Value::Table(section) = section else {
        let problem = "expected tables [policies.NAME] with \"key.path\" = value entries";
        return Err(vec![problem_at("policies", Some(section), problem)]);
    };
    for (name, body) in section {
        let at = format!("policies.{name}");
        let Value::Table(body) = body else {
            problems.push(problem_at(&at, Some(body), "expected a table of \"key.path\" = value entries"));
            continue;
        };
        let mut policy = Policy {
            name: name.clone(),
            label: Default::default(),
            description: String::new(),
            description_text: Default::default(),
            overrides: Vec::new(),
            from: None,
        };
        for (key, value) in body {
            if key == "label" {
                match super::text::Text::from_value(value) {
                    Ok(label) => policy.label = label,
                    Err(expected) => problems.push(problem_at(&format!("{at}.label"), Some(value), expected)),
                }
                continue;
            }
            if key == "from" {
                match super::build::date_of(value) {
                    Ok(date) => policy.from = Some(date),
                    Err(_) => {
                        problems.push(problem_at(&format!("{at}.from"), Some(value), "expected a date \"YYYY-MM-DD\""))
                    }
                }
                continue;
            }
            if key == "description" {
                match super::text::Text::from_value(value) {
                    Ok(text) => {
                        policy.description = text.get("en").or(text.get("de")).unwrap_or("").to_string();
                        policy.description_text = text;
                    }
                    Err(expected) => problems.push(problem_at(&format!("{at}.description"), Some(value), expected)),
                }
                continue;
            }
            flatten(key, value, &mut policy.overrides);
        }
        for ov in &policy.overrides {
            let key_at = format!("{at}.\"{}\"", ov.path);
            if let Err(message) = parse_override(&format!("{}=0", ov.path)) {
                problems.push(problem_at(&key_at, None, &message));
            } else if let Some(forbidden) = FORBIDDEN.iter().find(|f| is_under(&ov.path, f)) {
                let why = "a policy may not change it (the seed and replications pair the runs)";
                problems.push(problem_at(&key_at, None, &format!("{forbidden}: {why}")));
            }
        }
        if policy.overrides.is_empty() {
            problems.push(problem_at(&at, None, "the policy changes nothing; add \"key.path\" = value entries"));
        }
        policies.push(policy);
    }
    if problems.is_empty() {
        Ok(policies)
    } else {
        Err(problems)
    }
}

/// The scenario under a policy, validated. Errors name the policy and the key path.
pub fn apply_policy(baseline: &LoadedScenario, policy: &Policy) -> Result<LoadedScenario, ScenarioError> {
    let file = baseline.file.display().to_string();
    let policy_error = |problems| ScenarioError::Policy { file: file.clone(), policy: policy.name.clone(), problems };
    let variant = match policy.from {
        None => without_policies(baseline, &policy.overrides),
        Some(date) => with_dated_change(baseline, date, &policy.label, &policy.overrides),
    };
    variant.map_err(|e| match e {
        ScenarioError::Override { text, message, .. } => {
            policy_error(vec![Problem { path: text, value: None, message, line: None }])
        }
        ScenarioError::Invalid { problems, .. } => policy_error(problems),
        other => other,
    })
}

/// Looks a policy up by name, listing the known names when it is missing.
pub fn find_policy<'a>(loaded: &'a LoadedScenario, name: &str) -> Result<&'a Policy, String> {
    loaded.policies.iter().find(|p| p.name == name).ok_or_else(|| {
        let known: Vec<&str> = loaded.policies.iter().map(|p| p.name.as_str()).collect();
        if known.is_empty() {
            format!("no policy \"{name}\": the scenario defines no [policies.NAME] tables")
        } else {
            format!("no policy \"{name}\"; the scenario defines: {}", known.join(", "))
        }
    })
}

pub(super) fn flatten(prefix: &str, value: &Value, out: &mut Vec<Override>) {
    match value {
        Value::Table(table) => {
            for (key, inner) in table {
                flatten(&format!("{prefix}.{key}"), inner, out);
            }
        }
        other => out.push(Override { path: prefix.to_string(), value: other.clone() }),
    }
}

fn is_under(path: &str, key: &str) -> bool {
    path == key || path.starts_with(&format!("{key}.")) || path.starts_with(&format!("{key}["))
}

fn problem_at(path: &str, value: Option<&Value>, message: &str) -> Problem {
    Problem { path: path.to_string(), value: value.map(|v| v.to_string()), message: message.to_string(), line: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_and_dotted_keys_in_order() {
        let doc: Table = toml::from_str(
            "[policies.p]\ndescription = \"d\"\n\"staff[1].head_count\" = 5\nportal.reminder_factor = 0.75\n",
        )
        .unwrap();
        let policies = read_policies(&doc).unwrap();
        assert_eq!(policies.len(), 1);
        assert_eq!(policies[0].description, "d");
        let paths: Vec<&str> = policies[0].overrides.iter().map(|o| o.path.as_str()).collect();
        assert!(paths.contains(&"staff[1].head_count") && paths.contains(&"portal.reminder_factor"));
    }

    #[test]
    fn refuses_seed_changes_and_bad_paths() {
        let doc: Table = toml::from_str("[policies.p]\n\"simulation.seed\" = 5\n\"a..b\" = 1\n").unwrap();
        let problems = read_policies(&doc).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|p| p.path.starts_with("policies.p.")));
    }
}
