//! summary.json: the reproducibility record and the key figures with 95% confidence intervals.

use crate::experiment::personnel::TeamTime;
use crate::experiment::FigureEstimate;
use crate::scenario::LoadedScenario;
use crate::stats::FIGURES;
use serde_json::{json, Map, Value};

/// Warnings as written into every JSON output: code, message and remedy in English and
/// German, and the figures they concern.
pub fn warnings_json(warnings: &[crate::experiment::warnings::Warning]) -> Value {
    let list = warnings.iter().map(|w| {
        json!({
            "code": w.code,
            "message": w.message,
            "remedy": w.remedy,
            "message_de": w.message_de,
            "remedy_de": w.remedy_de,
            "figures": w.figures,
        })
    });
    Value::Array(list.collect())
}

/// `FIGURE[NAME]` per case type and team, where defined in some replication (see `stats::breakdown`).
fn figures_by_subject(s: &crate::scenario::Scenario, estimates: &[FigureEstimate]) -> Value {
    let subjects = crate::stats::breakdown::subjects(s);
    let mut out = Map::new();
    for (i, fe) in estimates.iter().enumerate().skip(FIGURES.len()).filter(|(_, fe)| fe.replications > 0) {
        let (Some(subject), est) = (crate::stats::breakdown::subject_of(&subjects, i), &fe.estimate) else { continue };
        out.insert(
            crate::stats::breakdown::extended_name(&subjects, i),
            json!({
                "mean": finite(est.mean),
                "ci95_low": est.ci95_low.and_then(finite),
                "ci95_high": est.ci95_high.and_then(finite),
                "unit": crate::stats::breakdown::base_def(i).unit,
                "replications": fe.replications,
                "subject": subject.name,
                "kind": subject.kind.key(),
            }),
        );
    }
    Value::Object(out)
}

/// What identifies a run: enough to repeat it bit for bit.
#[derive(Debug, Clone)]
pub struct RunRecord<'a> {
    pub loaded: &'a LoadedScenario,
    pub seed: u64,
    pub replications: u32,
}

/// The summary document. Contains nothing that depends on the machine, the thread count or
/// the clock, so the same scenario and seed give byte-identical files.
pub fn summary_json(
    record: &RunRecord,
    estimates: &[FigureEstimate],
    teams: &[TeamTime],
    warnings: &[crate::experiment::warnings::Warning],
    conservation: &[(u32, crate::stats::Conservation)],
) -> String {
    let s = &record.loaded.scenario;
    let mut figures = Map::new();
    for (def, fe) in FIGURES.iter().zip(estimates) {
        let est = &fe.estimate;
        figures.insert(
            def.name.to_string(),
            json!({
                "mean": finite(est.mean),
                "ci95_low": est.ci95_low.and_then(finite),
                "ci95_high": est.ci95_high.and_then(finite),
                "unit": def.unit,
                "replications": fe.replications,
            }),
        );
    }
    let doc = json!({
        "amtsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": scenario_record(record.loaded),
        "seed": record.seed,
        "replications": record.replications,
        "start_date": s.simulation.start_date.to_string(),
        "days": s.simulation.days,
        "warmup_days": s.simulation.warmup_days,
        "figures": Value::Object(figures),
        "figures_by_subject": figures_by_subject(s, estimates),
        "teams": teams_json(teams),
        "conservation": conservation
            .iter()
            .map(|(replication, c)| {
                json!({
                    "replication": replication,
                    "created": c.created,
                    "served": c.served,
                    "no_shows": c.no_shows,
                    "sent_home": c.sent_home,
                    "gave_up": c.gave_up,
                    "abandoned": c.abandoned,
                    "cancelled": c.cancelled,
                    "in_system_end": c.in_system_end,
                    "waiting_end": c.waiting_end,
                    "booked_end": c.pending_end,
                })
            })
            .collect::<Vec<_>>(),
        "warnings": warnings_json(warnings),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// Each team's year, in group order.
pub(super) fn teams_json(teams: &[TeamTime]) -> Value {
    Value::Array(teams.iter().map(team_json).collect())
}

/// A team's year: where its working time went, and the staffing formula beside it.
fn team_json(t: &TeamTime) -> Value {
    json!({
        "name": t.name,
        "positions_fte": finite(t.positions_fte),
        "employed_fte": finite(t.employed_fte),
        "contract_fte": finite(t.contract_fte),
        "at_work_fte": finite(t.at_work_fte),
        "contract_hours": finite(t.contract_hours),
        "worked_hours": finite(t.worked_hours),
        "absent_hours": finite(t.absent_hours),
        "counter_hours": finite(t.counter_hours),
        "service_hours": finite(t.service_hours),
        "counter_idle_hours": finite(t.counter_idle_hours),
        "idle_to_backoffice_hours": finite(t.idle_to_backoffice_hours),
        "backoffice_hours": finite(t.backoffice_hours),
        "backoffice_used_hours": finite(t.backoffice_used_hours),
        "overtime_hours": finite(t.overtime_hours),
        "formula": {
            "workload_hours": finite(t.workload_hours),
            "net_hours_per_fte": finite(t.net_hours_per_fte),
            "need_fte": finite(t.formula_fte),
        },
    })
}

/// Which scenario a result file comes from: name, file, its hash and the overrides applied.
/// Every result file carries this record.
pub(super) fn scenario_record(loaded: &LoadedScenario) -> Value {
    json!({
        "name": loaded.scenario.name,
        "file": loaded.file.display().to_string(),
        "file_sha256": loaded.file_sha256,
        "overrides": loaded.overrides,
    })
}

/// A number for JSON: null where it is undefined.
pub(super) fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}
