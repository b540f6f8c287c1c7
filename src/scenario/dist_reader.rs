//! Reading duration distributions: `{ dist = "lognormal", mean_min = 18, cv = 0.5 }`.
//!
//! The unit is part of the key names (`_min` for minutes, `_days` for days), so a file says
//! what it means. Parameters are checked here and the distribution is built, so a degenerate
//! parameter never reaches the simulation.

use super::reader::Node;
use crate::dist::Dist;

/// The unit suffix of a distribution's keys, with the largest value allowed.
#[derive(Debug, Clone, Copy)]
pub enum Unit {
    Minutes,
    Days,
    /// Months; the distribution is built in days (1 month = 365.25 / 12 days).
    Months,
}

/// Days per month, for validity periods given in months.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

struct Keys {
    mean: &'static str,
    value: &'static str,
    low: &'static str,
    mode: &'static str,
    high: &'static str,
    values: &'static str,
    max: f64,
}

impl Unit {
    fn keys(self) -> Keys {
        match self {
            Unit::Minutes => Keys {
                mean: "mean_min",
                value: "value_min",
                low: "low_min",
                mode: "mode_min",
                high: "high_min",
                values: "values_min",
                max: 1440.0 * 366.0,
            },
            Unit::Days => Keys {
                mean: "mean_days",
                value: "value_days",
                low: "low_days",
                mode: "mode_days",
                high: "high_days",
                values: "values_days",
                max: 36_500.0,
            },
            Unit::Months => Keys {
                mean: "mean_months",
                value: "value_months",
                low: "low_months",
                mode: "mode_months",
                high: "high_months",
                values: "values_months",
                max: 1200.0,
            },
        }
    }
}

const KINDS: [&str; 7] = ["exponential", "deterministic", "lognormal", "gamma", "triangular", "uniform", "empirical"];

/// Reads the distribution table at `key`. Missing and `required`: a problem; missing and
/// not required: None without a problem.
pub fn read_dist_at(node: &Node, key: &'static str, unit: Unit, required: bool) -> Option<Dist> {
    let Some(table) = node.opt_table(key) else {
        if required && !node.has(key) {
            let k = unit.keys();
            node.problem(key, format!("missing; expected e.g. {{ dist = \"lognormal\", {} = 20, cv = 0.5 }}", k.mean));
        }
        return None;
    };
    let dist = read_dist(&table, unit);
    table.finish();
    match unit {
        Unit::Months => dist.map(|d| d.scaled(DAYS_PER_MONTH)),
        _ => dist,
    }
}

/// Reads a distribution from its own table.
pub fn read_dist(node: &Node, unit: Unit) -> Option<Dist> {
    let k = unit.keys();
    if !node.has("dist") {
        node.problem("dist", format!("missing; expected one of {}", KINDS.join(", ")));
        return None;
    }
    match node.opt_choice("dist", &KINDS)? {
        "exponential" => Some(Dist::exponential(node.req_positive(k.mean, k.max)?)),
        "deterministic" => Some(Dist::Deterministic { value: node.req_positive(k.value, k.max)? }),
        "lognormal" => {
            let mean = node.req_positive(k.mean, k.max);
            let cv = node.req_positive("cv", 10.0);
            Some(Dist::lognormal(mean?, cv?))
        }
        "gamma" => {
            let mean = node.req_positive(k.mean, k.max);
            let cv = node.req_positive("cv", 10.0);
            let d = Dist::gamma(mean?, cv?);
            if d.is_none() {
                node.problem("cv", "gives an invalid gamma shape");
            }
            d
        }
        kind @ ("triangular" | "uniform") => {
            let triangular = kind == "triangular";
            let low = node.req_positive(k.low, k.max);
            let mode = if triangular { node.req_positive(k.mode, k.max) } else { Some(0.0) };
            let high = node.req_positive(k.high, k.max);
            let (low, mode, high) = (low?, mode?, high?);
            if high <= low || (triangular && !(low <= mode && mode <= high)) {
                node.problem(
                    k.high,
                    format!("expected {} < {} (and {} <= {} <= {})", k.low, k.high, k.low, k.mode, k.high),
                );
                return None;
            }
            Some(if triangular {
                Dist::Triangular { min: low, mode, max: high }
            } else {
                Dist::Uniform { min: low, max: high }
            })
        }
        _ => {
            let values: Option<Vec<f64>> = node.raw(k.values).and_then(|v| {
                v.as_array()?.iter().map(|x| x.as_float().or(x.as_integer().map(|i| i as f64))).collect()
            });
            match values {
                Some(v) if !v.is_empty() && v.iter().all(|x| x.is_finite() && *x > 0.0 && *x <= k.max) => {
                    Some(Dist::Empirical { values: v })
                }
                _ => {
                    node.problem(k.values, "expected a non-empty array of observed durations > 0");
                    None
                }
            }
        }
    }
}
