//! select.json and select.csv of `amtsim select`: which candidate is best on a figure, with
//! the probability of correct selection the procedure guarantees.

use super::summary::finite;
use crate::decide::selection::Goal;
use crate::experiment::selection::{SelectionOutcome, SelectionSpec};
use crate::scenario::LoadedScenario;
use crate::stats::breakdown::base_def;
use serde_json::json;

/// A finished selection, for the record.
pub struct SelectRecord<'a> {
    pub loaded: &'a LoadedScenario,
    pub spec: &'a SelectionSpec<'a>,
    pub outcome: &'a SelectionOutcome,
}

fn goal_name(goal: Goal) -> &'static str {
    match goal {
        Goal::Min => "min",
        Goal::Max => "max",
    }
}

/// The answer in one English sentence.
pub fn sentence(record: &SelectRecord) -> String {
    let spec = record.spec;
    let kn = &record.outcome.procedure;
    let (figure, unit) = (&spec.figure.0, base_def(spec.figure.1).unit);
    let pcs = format!("{:.0}%", spec.rule.pcs * 100.0);
    match kn.chosen() {
        Some(i) => {
            let (n, est) = record.outcome.estimate(i);
            format!(
                "{} is the best on {figure} ({} is better), or within {} {unit} of the best, with probability at least {pcs}: mean {:.4} over {n} replications; the procedure used {} replications in all",
                spec.candidates[i].0,
                if spec.rule.goal == Goal::Min { "lower" } else { "higher" },
                spec.rule.delta,
                est.mean,
                kn.observations_used()
            )
        }
        None => {
            let left: Vec<&str> = kn.alive().iter().map(|&i| spec.candidates[i].0.as_str()).collect();
            let needed = kn.most_needed().map_or(String::new(), |n| {
                format!(" the procedure may need up to {n} replications each to tell them apart to within {} {unit} with this much noise;", spec.rule.delta)
            });
            format!(
                "not decided within {} replications: {} remain;{needed} raise --max-replications, or accept a larger --indifference (fewer replications)",
                spec.max_replications,
                left.join(", "),
            )
        }
    }
}

/// select.json. Byte-identical for the same scenario, seed and settings.
pub fn select_json(record: &SelectRecord) -> String {
    let spec = record.spec;
    let kn = &record.outcome.procedure;
    let candidates: Vec<_> = spec
        .candidates
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let (n, est) = record.outcome.estimate(i);
            json!({
                "name": name,
                "replications": n,
                "mean": finite(est.mean),
                "ci95_low": est.ci95_low.and_then(finite),
                "ci95_high": est.ci95_high.and_then(finite),
                "eliminated_after": kn.eliminated_at()[i],
                "chosen": kn.chosen() == Some(i),
            })
        })
        .collect();
    let doc = json!({
        "amtsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": super::summary::scenario_record(record.loaded),
        "seed": record.loaded.scenario.simulation.seed,
        "figure": { "name": spec.figure.0, "unit": base_def(spec.figure.1).unit, "goal": goal_name(spec.rule.goal) },
        "indifference": spec.rule.delta,
        "pcs": spec.rule.pcs,
        "first_stage": spec.rule.first_stage,
        "max_replications": spec.max_replications,
        "chosen": kn.chosen().map(|i| spec.candidates[i].0.clone()),
        "replications_used": kn.observations_used(),
        "replications_simulated": record.outcome.simulated,
        "candidates": candidates,
        "sentence": sentence(record),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// Columns of select.csv.
pub const SELECT_COLUMNS: [&str; 9] =
    ["candidate", "figure", "unit", "replications", "mean", "ci95_low", "ci95_high", "eliminated_after", "chosen"];

/// select.csv: one row per candidate, the status quo first.
pub fn select_csv(record: &SelectRecord) -> Result<String, csv::Error> {
    let spec = record.spec;
    let kn = &record.outcome.procedure;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SELECT_COLUMNS)?;
    let cell = |x: Option<f64>| x.filter(|v| v.is_finite()).map_or(String::new(), |v| v.to_string());
    for (i, (name, _)) in spec.candidates.iter().enumerate() {
        let (n, est) = record.outcome.estimate(i);
        w.write_record([
            name.clone(),
            spec.figure.0.clone(),
            base_def(spec.figure.1).unit.to_string(),
            n.to_string(),
            cell(Some(est.mean)),
            cell(est.ci95_low),
            cell(est.ci95_high),
            kn.eliminated_at()[i].map_or(String::new(), |s| s.to_string()),
            (kn.chosen() == Some(i)).to_string(),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out"))
}
