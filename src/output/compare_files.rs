//! compare.json, compare.csv and the comparison table printed by `amtsim compare`.

use super::summary::finite;
use super::table::num;
use crate::experiment::compare::{Comparison, PairedFigure};
use crate::experiment::personnel::TeamTime;
use crate::scenario::{LoadedScenario, Policy};
use crate::stats::breakdown::{base_def, extended_names, subjects};
use crate::stats::figures::Better;
use crate::stats::{Estimate, FIGURES};
use serde_json::{json, Map, Value};

/// What was compared: the baseline's record and the policies in the order run.
#[derive(Debug, Clone)]
pub struct CompareRecord<'a> {
    pub loaded: &'a LoadedScenario,
    pub seed: u64,
    pub policies: Vec<&'a Policy>,
    pub comparison: &'a Comparison,
    /// Each arm's teams (baseline first, then the policies in order).
    pub teams: Vec<Vec<TeamTime>>,
}

/// Columns of compare.csv. A public interface: add at the end, never rename.
pub const COMPARE_COLUMNS: &[&str] = &[
    "policy",
    "figure",
    "unit",
    "better",
    "replications",
    "baseline_mean",
    "baseline_ci95_low",
    "baseline_ci95_high",
    "policy_mean",
    "policy_ci95_low",
    "policy_ci95_high",
    "diff_mean",
    "diff_ci95_low",
    "diff_ci95_high",
    "diff_ci_contains_zero",
    "p_better",
    "p_worse",
    "variance_reduction",
];

fn better_name(b: Better) -> Option<&'static str> {
    match b {
        Better::Lower => Some("lower"),
        Better::Higher => Some("higher"),
        Better::Neither => None,
    }
}

fn estimate_json(e: &Estimate) -> Value {
    json!({ "mean": finite(e.mean), "ci95_low": e.ci95_low.and_then(finite), "ci95_high": e.ci95_high.and_then(finite) })
}

/// The policy's changes as "PATH=VALUE".
pub fn policy_changes(policy: &Policy) -> Vec<String> {
    policy.overrides.iter().map(|o| format!("{}={}", o.path, o.value)).collect()
}

/// compare.json: per policy and figure the baseline, the policy and the paired difference,
/// each with mean and 95% interval, and the shares of replications the policy is better or
/// worse in. Byte-identical for the same scenario, seed and replications.
/// Each arm's warnings, by arm name (the baseline first).
fn warnings_by_arm(record: &CompareRecord) -> Value {
    let names = std::iter::once(crate::report::series::BASELINE.to_string())
        .chain(record.policies.iter().map(|p| p.name.clone()));
    let arms = names.zip(&record.comparison.warnings).map(|(name, w)| (name, super::summary::warnings_json(w)));
    Value::Object(arms.collect())
}

/// Each arm's team records, by arm name (the baseline first).
fn teams_by_arm(record: &CompareRecord) -> Value {
    let names = std::iter::once(crate::report::series::BASELINE.to_string())
        .chain(record.policies.iter().map(|p| p.name.clone()));
    let arms = names.zip(&record.teams).map(|(name, teams)| (name, super::summary::teams_json(teams)));
    Value::Object(arms.collect())
}

/// Days each replication counts (after the warm-up).
fn counted_days(record: &CompareRecord) -> f64 {
    let sim = &record.loaded.scenario.simulation;
    f64::from(sim.days.saturating_sub(sim.warmup_days))
}

/// A policy's extra cost and what each headline improvement costs (`experiment::cost_effect`).
fn cost_json(record: &CompareRecord, figures: &[PairedFigure]) -> Value {
    let Some(cost) = crate::experiment::cost_effect::price(figures, counted_days(record)) else { return Value::Null };
    let improvements: Map<String, Value> = cost
        .improvements
        .iter()
        .map(|p| {
            let value = json!({
                "unit": p.unit,
                "improvement": estimate_json(&p.improvement),
                "euros_per_year_per_unit": p.euros_per_unit.and_then(finite),
            });
            (p.figure.to_string(), value)
        })
        .collect();
    json!({
        "per_year_diff": estimate_json(&cost.per_year),
        "per_year_diff_contains_zero": cost.cost_unclear,
        "one_off_diff": estimate_json(&cost.one_off),
        "per_improvement": Value::Object(improvements),
    })
}

pub fn compare_json(record: &CompareRecord) -> String {
    let mut policies = Map::new();
    let names = figure_names(record);
    for (policy, figures) in record.policies.iter().zip(&record.comparison.policies) {
        let mut out = Map::new();
        for (i, (name, f)) in names.iter().zip(figures).enumerate().filter(|(i, (_, f))| shown(*i, f)) {
            let def = base_def(i);
            out.insert(
                name.clone(),
                json!({
                    "unit": def.unit,
                    "better": better_name(def.better),
                    "replications": f.pairs,
                    "baseline": estimate_json(&f.baseline),
                    "policy": estimate_json(&f.policy),
                    "diff": estimate_json(&f.diff),
                    "diff_ci_contains_zero": f.diff_contains_zero(),
                    "p_better": f.p_better,
                    "p_worse": f.p_worse,
                    "variance_reduction": f.variance_reduction.and_then(finite),
                }),
            );
        }
        let cost = cost_json(record, figures);
        policies.insert(
            policy.name.clone(),
            json!({ "description": policy.description, "changes": policy_changes(policy), "from": policy.from.map(|d| d.to_string()), "cost": cost, "figures": Value::Object(out) }),
        );
    }
    let precision = record.comparison.precision.map(|p| {
        json!({ "reached": p.reached, "rel_half_width": p.rel_half_width.and_then(finite), "replications": p.replications })
    });
    let doc = json!({
        "amtsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": super::summary::scenario_record(record.loaded),
        "seed": record.seed,
        "replications": record.comparison.replications,
        "precision": precision,
        "policies": Value::Object(policies),
        "teams": teams_by_arm(record),
        "warnings": warnings_by_arm(record),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The names of the compared figures: the office's, then `FIGURE[NAME]` per case type and team.
fn figure_names(record: &CompareRecord) -> Vec<String> {
    extended_names(&subjects(&record.loaded.scenario))
}

/// Every office figure; a case type's or team's only where it is defined in some pair.
fn shown(i: usize, f: &PairedFigure) -> bool {
    i < FIGURES.len() || f.pairs > 0
}

fn cell(x: Option<f64>) -> String {
    x.and_then(finite).map_or(String::new(), |v| v.to_string())
}

/// compare.csv: one row per policy and figure (see `COMPARE_COLUMNS`); empty cells where a
/// value is undefined.
pub fn compare_csv(record: &CompareRecord) -> String {
    let mut out = COMPARE_COLUMNS.join(",") + "\n";
    let names = figure_names(record);
    for (policy, figures) in record.policies.iter().zip(&record.comparison.policies) {
        for (i, (name, f)) in names.iter().zip(figures).enumerate().filter(|(i, (_, f))| shown(*i, f)) {
            let def = base_def(i);
            let est = |e: &Estimate| [cell(Some(e.mean)), cell(e.ci95_low), cell(e.ci95_high)];
            let mut row = vec![
                super::sweep_csv::csv_field(&policy.name),
                super::sweep_csv::csv_field(name),
                def.unit.to_string(),
                better_name(def.better).unwrap_or("").to_string(),
                f.pairs.to_string(),
            ];
            row.extend(est(&f.baseline));
            row.extend(est(&f.policy));
            row.extend(est(&f.diff));
            row.push(f.diff_contains_zero().map_or(String::new(), |z| z.to_string()));
            row.extend([cell(f.p_better), cell(f.p_worse), cell(f.variance_reduction)]);
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

fn interval(e: &Estimate) -> String {
    match (e.ci95_low, e.ci95_high) {
        (Some(lo), Some(hi)) => format!("[{}, {}]", num(lo), num(hi)),
        _ => "-".into(),
    }
}

/// The console table of one policy against the baseline (figures with at least one pair).
pub fn compare_table(policy: &Policy, figures: &[PairedFigure], counted_days: f64) -> String {
    let mut out = format!("policy {}", policy.name);
    if !policy.description.is_empty() {
        out.push_str(&format!(": {}", policy.description));
    }
    let from = policy.from.map_or(String::new(), |d| format!(" (from {d})"));
    out.push_str(&format!("\n  changes{from}: {}\n", policy_changes(policy).join(", ")));
    out.push_str(&format!(
        "{:<34} {:>10} {:>10} {:>10} {:>24} {:>8} {:>9}\n",
        "figure", "baseline", "policy", "diff", "diff 95% CI", "better", "var.red."
    ));
    for (def, f) in FIGURES.iter().zip(figures).filter(|(_, f)| f.pairs > 0) {
        let zero = if f.diff_contains_zero() == Some(true) { " ~0" } else { "   " };
        let share = f.p_better.map_or("-".into(), |p| format!("{:.0}%", p * 100.0));
        let vrf = f.variance_reduction.map_or("-".into(), |v| format!("{v:.1}"));
        out.push_str(&format!(
            "{:<34} {:>10} {:>10} {:>10} {:>24}{zero} {:>5} {:>9}\n",
            def.name,
            num(f.baseline.mean),
            num(f.policy.mean),
            num(f.diff.mean),
            interval(&f.diff),
            share,
            vrf
        ));
    }
    out.push_str("  ~0: the 95% interval of the difference contains zero. better: share of replications in which\n");
    out.push_str("  the policy is better. var.red.: variance of an unpaired difference / of the paired one.\n");
    if let Some(cost) = crate::experiment::cost_effect::price(figures, counted_days) {
        out.push_str(&format!(
            "  cost: {} euros a year {} (95% CI {}{}), one-off {}\n",
            num(cost.per_year.mean),
            if cost.per_year.mean >= 0.0 { "more" } else { "(a saving)" },
            interval(&cost.per_year),
            if cost.cost_unclear { ", contains zero: no price per improvement" } else { "" },
            num(cost.one_off.mean)
        ));
        for p in cost.improvements.iter().filter(|p| p.euros_per_unit.is_some()) {
            out.push_str(&format!(
                "    {}: improves by {} {} (95% CI {}): {} euros a year each\n",
                p.figure,
                num(p.improvement.mean),
                p.unit,
                interval(&p.improvement),
                num(p.euros_per_unit.unwrap_or(f64::NAN))
            ));
        }
    }
    out
}
