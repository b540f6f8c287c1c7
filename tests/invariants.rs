//! Invariants that hold on every run: conservation of clients, common random numbers.

mod common;

use common::{plain_queue, run};

fn district_office(extra_sets: &[(&str, &str)]) -> String {
    let mut text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/core-office.toml")).unwrap();
    text = text.replace("replications = 20", "replications = 4").replace("days = 364", "days = 120");
    for (from, to) in extra_sets {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    text
}

#[test]
fn every_client_created_is_served_waiting_or_gone() {
    let scenarios = [
        district_office(&[]),
        // Overloaded: the portal fills up and bookings fail; walk-ins are sent home.
        district_office(&[
            ("per_week = 213", "per_week = 600"),
            ("per_day = 12", "per_day = 60"),
            ("horizon_days = 56", "horizon_days = 14"),
        ]),
        plain_queue(12.75, 5, "{ dist = \"exponential\", mean_min = 20 }", 40, 0, 3, 9),
        // Unstable queue: clients pile up and are still waiting at the end.
        plain_queue(20.0, 2, "{ dist = \"exponential\", mean_min = 20 }", 10, 0, 3, 9),
    ];
    for (i, text) in scenarios.iter().enumerate() {
        let (_, results) = run(text);
        for r in &results {
            let c = r.conservation;
            assert!(c.created > 0);
            assert_eq!(c.created, c.accounted(), "scenario {i}, replication {}: {c:?}", r.replication);
            let arrivals: u64 = r.days.iter().map(|d| d.arrivals as u64).sum();
            assert_eq!(arrivals, c.created);
        }
    }
    let (_, overloaded) = run(&scenarios[1]);
    assert!(overloaded.iter().all(|r| r.conservation.gave_up > 0 && r.conservation.sent_home > 0));
    let (_, unstable) = run(&scenarios[3]);
    assert!(unstable.iter().all(|r| r.conservation.waiting_end > 100));
}

#[test]
fn a_policy_change_leaves_unrelated_randomness_alone() {
    // Fewer no-shows and one more clerk: the same people arrive at the same times.
    let (_, base) = run(&district_office(&[]));
    let (_, changed) =
        run(&district_office(&[("no_show_prob = 0.09", "no_show_prob = 0.05"), ("head_count = 4", "head_count = 5")]));
    for (a, b) in base.iter().zip(&changed) {
        let arrivals = |r: &amtsim::model::ReplicationResult| {
            r.days.iter().map(|d| (d.arrivals, d.walkin_arrivals)).collect::<Vec<_>>()
        };
        assert_eq!(arrivals(a), arrivals(b));
        assert_ne!(a.figures, b.figures);
    }
}

#[test]
fn a_change_that_changes_nothing_gives_identical_results() {
    let (_, a) = run(&district_office(&[]));
    let (_, b) = run(&district_office(&[(
        "closed_dates = [\"2025-12-24\", \"2025-12-31\"]",
        "closed_dates = [\"2025-12-24\", \"2025-12-31\", \"2030-01-02\"]",
    )]));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            x.figures.iter().map(|f| f.to_bits()).collect::<Vec<_>>(),
            y.figures.iter().map(|f| f.to_bits()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_runaway_replication_stops_at_the_event_cap_with_a_reason() {
    let text = plain_queue(20.0, 1, "{ dist = \"exponential\", mean_min = 20 }", 30, 0, 2, 9)
        .replace("seed = 9", "seed = 9\nmax_events = 5000");
    let (_, results) = run(&text);
    for r in &results {
        let reason = r.aborted.as_deref().expect("stopped");
        assert!(reason.contains("simulation.max_events"), "{reason}");
        assert!(r.figures.iter().all(|f| f.is_nan()));
    }
}

#[test]
fn an_overloaded_office_finishes_with_a_growth_warning() {
    let (plan, results) = run(&plain_queue(20.0, 2, "{ dist = \"exponential\", mean_min = 20 }", 60, 0, 5, 9));
    let warnings = amtsim::experiment::warnings::run_warnings(&plan, &results);
    assert!(
        warnings.iter().any(|w| w.message.contains("overloaded") && w.message.contains("per week")),
        "{warnings:?}"
    );
    let (plan, results) = run(&plain_queue(5.0, 2, "{ dist = \"exponential\", mean_min = 20 }", 60, 0, 5, 9));
    assert!(amtsim::experiment::warnings::run_warnings(&plan, &results).is_empty());
}
