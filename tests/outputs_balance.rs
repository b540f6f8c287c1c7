//! What a reader can check from the output files alone: every client of every replication
//! accounted for in summary.json, and Little's law for the walk-in queue closed with the
//! waits of those served and of those sent home.

mod common;

use std::path::Path;
use std::process::Command;

fn run(scenario: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["run", scenario.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = Command::new(env!("CARGO_BIN_EXE_amtsim")).args(&args).output().expect("runs");
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn every_client_is_accounted_for_in_summary_json_on_every_bundled_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for path in common::bundled_scenarios() {
        let out = tmp.path().join(path.file_stem().unwrap());
        let summary =
            run(&path, &out, &["--set", "simulation.days=60", "--set", "simulation.warmup_days=7", "-r", "2"]);
        let reps = summary["conservation"].as_array().expect("conservation per replication");
        assert_eq!(reps.len(), 2, "{}", path.display());
        for c in reps {
            let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("{k} in {c}"));
            let accounted =
                n("served") + n("no_shows") + n("sent_home") + n("gave_up") + n("cancelled") + n("in_system_end");
            assert_eq!(n("created"), accounted, "{}: {c}", path.display());
            assert!(n("waiting_end") + n("booked_end") <= n("in_system_end"));
            assert!(n("created") > 0);
        }
        checked += 1;
    }
    assert!(checked >= 10, "{checked} scenarios");
}

#[test]
fn littles_law_closes_from_the_outputs_with_the_waits_of_those_sent_home() {
    // L = λW over the counted time: the walk-in queue's time-average length against the
    // summed waits of visits that started service and of visits sent home, per replication.
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/district-office.toml");
    let tmp = tempfile::tempdir().unwrap();
    let summary = run(&scenario, &tmp.path().join("run"), &["-r", "2"]);
    let plan = common::plan(&std::fs::read_to_string(&scenario).unwrap());
    let sim = &plan.scenario.simulation;
    let counted_min = f64::from(sim.days - sim.warmup_days) * 1440.0;
    let results = amtsim::experiment::run_replications(&plan, 2);
    for r in &results {
        let f = |name: &str| r.figures[amtsim::stats::figure_index(name).unwrap()];
        let waits = f("walkin_wait_mean_min") * f("walkin_served")
            + f("walkin_sent_home_wait_mean_min") * f("walkin_sent_home");
        let (l, lambda_w) = (f("walkin_queue_len_mean"), waits / counted_min);
        println!("replication {}: L = {l:.4}, λW = {lambda_w:.4}", r.replication);
        // Edge effects only: waits that began before the warm-up's end or that go on past the
        // run's end are counted whole on one side.
        assert!((l - lambda_w).abs() < 0.01 * l, "replication {}: L {l} against λW {lambda_w}", r.replication);
    }
    // The file says the same as the replications (means over them).
    let mean = |name: &str| summary["figures"][name]["mean"].as_f64().unwrap();
    let from_results =
        results.iter().map(|r| r.figures[amtsim::stats::figure_index("walkin_sent_home_people").unwrap()]).sum::<f64>()
            / 2.0;
    assert_eq!(mean("walkin_sent_home_people"), from_results);
    assert!(mean("walkin_sent_home_people") <= mean("walkin_sent_home"));
}

/// A figure of the office that adds up over case types equals the sum of the case types'
/// figures (`FIGURE[NAME]`), on every replication of the bundled offices with all mechanisms.
#[test]
fn the_case_types_figures_add_up_to_the_office() {
    use amtsim::stats::breakdown::{resolve, SubjectKind};
    let sums = [
        "walkin_arrivals",
        "walkin_served",
        "walkin_sent_home",
        "walkin_sent_home_people",
        "bookings",
        "booking_attempts_failed",
        "appointments_served",
        "no_shows",
        "portal_gave_up",
        "decisions",
        "backlog_end",
        "pending_over_3_months_end",
        "expired_person_days",
        "expired_waiting_appointment_person_days",
        "expired_searching_person_days",
        "expired_backoffice_person_days",
        "expired_persons",
    ];
    for name in ["district-office.toml", "herne-2025.toml", "duesseldorf-2025.toml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
        let overrides =
            ["simulation.days=150", "simulation.warmup_days=20"].map(|o| amtsim::scenario::parse_override(o).unwrap());
        let plan = amtsim::model::Plan::new(amtsim::scenario::load_file(&path, &overrides).unwrap().scenario);
        let cases: Vec<_> = plan.subjects.iter().filter(|s| s.kind == SubjectKind::CaseType).collect();
        assert_eq!(cases.len(), plan.scenario.case_types.len());
        for r in amtsim::experiment::run_replications(&plan, 2) {
            for figure in sums {
                let office = r.figures[resolve(figure, &plan.subjects).unwrap()];
                let by_case: f64 = (cases.iter())
                    .map(|s| r.figures[resolve(&format!("{figure}[{}]", s.name), &plan.subjects).unwrap()])
                    .sum();
                assert!(
                    (office - by_case).abs() <= 1e-9 * office.abs().max(1.0),
                    "{name} {figure}: {office} vs {by_case}"
                );
            }
            // The office's next free slot is a weighted mean of the case types': between them.
            let next_free = |n: &str| r.figures[resolve(n, &plan.subjects).unwrap()];
            let by_case: Vec<f64> = (cases.iter())
                .map(|s| next_free(&format!("portal_next_free_days_mean[{}]", s.name)))
                .filter(|x| x.is_finite())
                .collect();
            let office = next_free("portal_next_free_days_mean");
            let (lo, hi) = by_case.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            assert!(lo - 1e-9 <= office && office <= hi + 1e-9, "{name}: {office} outside [{lo}, {hi}]");
        }
    }
}
