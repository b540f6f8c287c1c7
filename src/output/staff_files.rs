//! staff.json and staff.csv: the staffing answer and the curve the search evaluated.

use super::summary::finite;
use crate::experiment::staffing::{Evaluation, StaffingResult, StaffingSearch};
use crate::scenario::LoadedScenario;
use crate::stats::breakdown::base_def;
use serde_json::json;

/// What was searched, for the record.
#[derive(Debug, Clone)]
pub struct StaffRecord<'a> {
    pub loaded: &'a LoadedScenario,
    pub search: &'a StaffingSearch,
    pub result: &'a StaffingResult,
}

/// Columns of staff.csv.
pub const STAFF_CURVE_COLUMNS: &[&str] = &[
    "head_count",
    "figure",
    "unit",
    "replications",
    "mean",
    "ci95_low",
    "ci95_high",
    "meets_target",
    "overloaded",
    "warnings",
    "cost_per_year",
];

/// staff.json. Byte-identical for the same scenario, seed, replications and target.
pub fn staff_json(record: &StaffRecord) -> String {
    let s = &record.loaded.scenario;
    let search = record.search;
    let def = base_def(search.target.figure);
    let curve: Vec<_> = record
        .result
        .curve
        .iter()
        .map(|e| {
            let est = &e.estimate.estimate;
            json!({
                "head_count": e.head_count,
                "mean": finite(est.mean),
                "ci95_low": est.ci95_low.and_then(finite),
                "ci95_high": est.ci95_high.and_then(finite),
                "replications": e.estimate.replications,
                "meets_target": e.meets,
                "overloaded": e.overloaded,
                "warnings": super::summary::warnings_json(&e.warnings),
                "cost_per_year": { "mean": finite(e.cost_per_year.mean), "ci95_low": e.cost_per_year.ci95_low.and_then(finite), "ci95_high": e.cost_per_year.ci95_high.and_then(finite) },
            })
        })
        .collect();
    let doc = json!({
        "amtsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": super::summary::scenario_record(record.loaded),
        "seed": s.simulation.seed,
        "replications": search.replications,
        "group": s.staff[search.group].name,
        "target": { "text": search.target.describe(), "figure": search.target.name, "unit": def.unit, "value": search.target.value },
        "min": search.min,
        "max": search.max,
        "answer": record.result.answer,
        "curve": curve,
        "warnings": super::summary::warnings_json(&search_warnings(record)),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// What the reader must know about the search as a whole: no head count meets the target,
/// or the curve does not improve steadily.
pub fn search_warnings(record: &StaffRecord) -> Vec<crate::experiment::warnings::Warning> {
    use crate::experiment::warnings::{curve_not_monotone, target_not_reachable};
    let mut out = Vec::new();
    if record.result.answer.is_none() {
        out.push(target_not_reachable(&record.search.target.describe(), record.search.max));
    }
    if !record.result.is_monotone(&record.search.target) {
        out.push(curve_not_monotone());
    }
    out
}

fn cell(x: Option<f64>) -> String {
    x.and_then(finite).map_or(String::new(), |v| v.to_string())
}

/// staff.csv: one row per head count evaluated.
pub fn staff_csv(record: &StaffRecord) -> String {
    let def = base_def(record.search.target.figure);
    let mut out = STAFF_CURVE_COLUMNS.join(",") + "\n";
    for e in &record.result.curve {
        let est = &e.estimate.estimate;
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\n",
            e.head_count,
            crate::output::sweep_csv::csv_field(&record.search.target.name),
            def.unit,
            e.estimate.replications,
            cell(Some(est.mean)),
            cell(est.ci95_low),
            cell(est.ci95_high),
            e.meets,
            e.overloaded,
            e.warnings.iter().map(|w| w.code).collect::<Vec<_>>().join(" "),
            cell(Some(e.cost_per_year.mean))
        ));
    }
    out
}

/// One line of progress: "head count 5: mean [low, high] meets/fails".
pub fn evaluation_line(e: &Evaluation) -> String {
    let est = &e.estimate.estimate;
    let ci = match (est.ci95_low, est.ci95_high) {
        (Some(lo), Some(hi)) => format!("[{}, {}]", super::table::num(lo), super::table::num(hi)),
        _ => "-".into(),
    };
    let warned: Vec<&str> = e.warnings.iter().map(|w| w.code).filter(|c| *c != "few_replications").collect();
    let warned = if warned.is_empty() { String::new() } else { format!("  (warnings: {})", warned.join(", ")) };
    format!(
        "head count {:>4}: {:>10} {:>24}  costs {:>10} euros a year  {}{warned}",
        e.head_count,
        super::table::num(est.mean),
        ci,
        super::table::num(e.cost_per_year.mean),
        match (e.meets, e.overloaded) {
            (true, _) => "meets the target",
            (false, true) => "does not: overloaded (waiting work grows)",
            (false, false) => "does not",
        }
    )
}
