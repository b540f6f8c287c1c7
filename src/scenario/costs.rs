//! What the office costs: staff by team, overtime, extra openings, and measures.
//!
//! ```toml
//! [costs]
//! year = 2014                          # price base of the figures below
//! fte_per_year = 118560                # every team without a figure of its own
//! teams = { assistants = 92040 }
//! overtime_hour = 71.5
//! extra_opening_allowance_per_hour = 0
//! [costs.measures.sms_reminders]
//! label = { de = "SMS-Erinnerung", en = "SMS reminders" }
//! one_off = 5000
//! per_year = 12000
//! ```
//!
//! The defaults come from the federal cost rates (BMF, 2014 tables) and TVöD § 8; they are
//! placeholders to replace with the office's own figures (docs/scenario.md, docs/sources.md).

use super::reader::{suggestion, Node};
use super::text::Text;
use super::StaffGroup;

/// Full cost of a full-time employee of pay grades E 9b–E 12 for a year: €76 an hour with
/// workplace and overhead × 1,560 working hours a year (BMF cost rates 2014).
pub const DEFAULT_FTE_PER_YEAR: f64 = 76.0 * 1560.0;
/// An overtime hour: the direct hourly cost of €55 (BMF 2014) plus TVöD's 30 % overtime
/// surcharge for pay grades up to E 9b (TVöD § 8 (1) a).
pub const DEFAULT_OVERTIME_HOUR: f64 = 55.0 * 1.3;
/// The price base of the defaults.
pub const DEFAULT_YEAR: u32 = 2014;

/// A measure with a price: introduced once, then paid every year.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub name: String,
    pub label: Text,
    pub one_off: f64,
    pub per_year: f64,
}

/// The validated `[costs]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    pub year: u32,
    /// Per staff group: a year of one employed FTE (pay, on-costs, workplace, overhead).
    pub fte_per_year: Vec<f64>,
    /// An hour of overtime, and of extra openings paid as overtime (`compensation = "paid"`).
    pub overtime_hour: f64,
    /// Paid per hour rostered on an extra opening, on top of pay or time off.
    pub extra_opening_allowance_per_hour: f64,
    pub measures: Vec<Measure>,
    /// Whether the scenario gives its own figures (false: every figure is a default).
    pub given: bool,
}

impl Costs {
    pub fn defaults(staff: &[StaffGroup]) -> Costs {
        Costs {
            year: DEFAULT_YEAR,
            fte_per_year: vec![DEFAULT_FTE_PER_YEAR; staff.len()],
            overtime_hour: DEFAULT_OVERTIME_HOUR,
            extra_opening_allowance_per_hour: 0.0,
            measures: Vec::new(),
            given: false,
        }
    }

    /// The measures' yearly costs.
    pub fn measures_per_year(&self) -> f64 {
        self.measures.iter().map(|m| m.per_year).sum()
    }
}

const MAX_EUROS: f64 = 1e10;

pub(super) fn read_costs(root: &Node, staff: &[StaffGroup]) -> Costs {
    let mut costs = Costs::defaults(staff);
    let Some(node) = root.opt_table("costs") else { return costs };
    costs.given = true;
    costs.year = node.int_or("year", DEFAULT_YEAR as i64, 1990, 2100) as u32;
    let all = node.f64_or("fte_per_year", DEFAULT_FTE_PER_YEAR, 0.0, MAX_EUROS);
    costs.fte_per_year = vec![all; staff.len()];
    if let Some(teams) = node.raw("teams") {
        let names: Vec<&str> = staff.iter().map(|g| g.name.as_str()).collect();
        for (key, value) in entries(&node, "teams", teams) {
            let path = format!("{}.{key}", node.key_path("teams"));
            match names.iter().position(|n| *n == key) {
                Some(g) => {
                    if let Some(euros) = euros(&node, &path, value) {
                        costs.fte_per_year[g] = euros;
                    }
                }
                None => node.problems().push(
                    path,
                    Some(value),
                    format!("no [[staff]] group \"{key}\"{}; teams: {}", suggestion(key, &names), names.join(", ")),
                ),
            }
        }
    }
    costs.overtime_hour = node.f64_or("overtime_hour", DEFAULT_OVERTIME_HOUR, 0.0, 10_000.0);
    costs.extra_opening_allowance_per_hour = node.f64_or("extra_opening_allowance_per_hour", 0.0, 0.0, 10_000.0);
    if let Some(measures) = node.raw("measures") {
        for (name, value) in entries(&node, "measures", measures) {
            let path = format!("{}.{name}", node.key_path("measures"));
            let Some(table) = value.as_table() else {
                node.problems().push(path, Some(value), "expected a table with one_off, per_year and label");
                continue;
            };
            let mut measure = Measure { name: name.to_string(), label: Text::default(), one_off: 0.0, per_year: 0.0 };
            for (key, value) in table {
                let at = format!("{path}.{key}");
                match key.as_str() {
                    "one_off" => measure.one_off = euros(&node, &at, value).unwrap_or(0.0),
                    "per_year" => measure.per_year = euros(&node, &at, value).unwrap_or(0.0),
                    "label" => match Text::from_value(value) {
                        Ok(text) => measure.label = text,
                        Err(expected) => node.problems().push(at, Some(value), expected),
                    },
                    _ => node.problems().push(at, Some(value), "unknown key; allowed here: label, one_off, per_year"),
                }
            }
            costs.measures.push(measure);
        }
    }
    node.finish();
    costs
}

/// The entries of a table keyed by names the scenario chooses (teams, measures).
fn entries<'a>(node: &Node, key: &str, value: &'a toml::Value) -> Vec<(&'a str, &'a toml::Value)> {
    match value.as_table() {
        Some(table) => table.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        None => {
            node.problem(key, "expected a table of NAME = value entries");
            Vec::new()
        }
    }
}

/// An amount of euros (0 to 10^10) at `path`.
fn euros(node: &Node, path: &str, value: &toml::Value) -> Option<f64> {
    let x = match value {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    };
    match x {
        Some(x) if (0.0..=MAX_EUROS).contains(&x) => Some(x),
        _ => {
            node.problems().push(path, Some(value), format!("expected an amount of euros from 0 to {MAX_EUROS}"));
            None
        }
    }
}
