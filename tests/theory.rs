//! Theory oracles: the simulated plain queue against Erlang C, Pollaczek-Khinchine and
//! Little's law.
//!
//! Each check asserts that the exact value lies inside the 99% confidence interval of the
//! replication means (alpha = 0.01 per check, fixed seeds). Replications are long (one
//! year after a 30-day warm-up), so the finite-horizon bias is far below the CI width.
//!
//! Near saturation the replication means of the wait are right-skewed, and a t-interval over
//! them covers the true mean less often than it claims: with one-year replications M/M/1 at
//! rho = 0.92 gave 215.6 min (30 replications) and 221.1 (100) against the exact 230, while
//! 400 replications with another seed gave 227.2, 99% CI [223.6, 230.8]. The skew shrinks
//! with the run length, which must grow like 1/(1-rho)^2 (the relaxation time), so the
//! heavy-traffic single-server check runs five-year replications.

mod common;

use amtsim::stats::{figure_index, OnlineStats};
use amtsim::theory::{MMc, MMcM, MG1};
use common::{assert_in_ci, figure, plain_queue, run};

const LEVEL: f64 = 0.99;

fn check_erlang_c(per_hour: f64, servers: u32, mean_service_min: f64, years: u32, seed: u64) {
    let service = format!("{{ dist = \"exponential\", mean_min = {mean_service_min} }}");
    let (_, results) = run(&plain_queue(per_hour, servers, &service, 365 * years + 30, 30, 100, seed));
    let exact = MMc { lambda: per_hour / 60.0, mu: 1.0 / mean_service_min, c: servers };
    let label = format!("M/M/{servers} rho={:.3}", exact.utilisation());
    assert_in_ci(&figure(&results, "walkin_wait_mean_min"), exact.mean_wait(), LEVEL, &format!("{label} mean wait"));
    assert_in_ci(&figure(&results, "walkin_wait_prob"), exact.prob_wait(), LEVEL, &format!("{label} P(wait)"));
    assert_in_ci(&figure(&results, "walkin_queue_len_mean"), exact.mean_queue_length(), LEVEL, &format!("{label} Lq"));
    assert_in_ci(&figure(&results, "counter_utilisation"), exact.utilisation(), LEVEL, &format!("{label} utilisation"));
}

#[test]
fn erlang_c_reference_model_five_servers_rho_085() {
    // The reference model R1: Wq = 17.4525 min, P(wait) = 0.654470.
    check_erlang_c(0.2125 * 60.0, 5, 20.0, 1, 101);
}

#[test]
fn erlang_c_two_servers_rho_090() {
    check_erlang_c(5.4, 2, 20.0, 1, 102);
}

#[test]
fn erlang_c_ten_servers_rho_075() {
    check_erlang_c(22.5, 10, 20.0, 1, 103);
}

#[test]
fn erlang_c_single_server_rho_092() {
    check_erlang_c(2.76, 1, 20.0, 5, 104);
}

/// The plain queue with exponential patience and no returns against Erlang A (M/M/c+M):
/// the probability of leaving, the mean wait of the served and the mean queue length.
fn check_erlang_a(per_hour: f64, servers: u32, mean_service_min: f64, mean_patience_min: f64, seed: u64) {
    let service = format!("{{ dist = \"exponential\", mean_min = {mean_service_min} }}");
    let mut text = plain_queue(per_hour, servers, &service, 365 + 30, 30, 100, seed);
    text.push_str(&format!(
        "patience = {{ dist = \"exponential\", mean_min = {mean_patience_min} }}\npatience_return_share = 0\n"
    ));
    let (_, results) = run(&text);
    let exact =
        MMcM { lambda: per_hour / 60.0, mu: 1.0 / mean_service_min, c: servers, theta: 1.0 / mean_patience_min };
    let label = format!(
        "M/M/{servers}+M load={:.2} patience={mean_patience_min}",
        per_hour / 60.0 * mean_service_min / f64::from(servers)
    );
    let (left, arrived) = (figure_index("walkin_abandoned").unwrap(), figure_index("walkin_arrivals").unwrap());
    let p_leave: OnlineStats = results.iter().map(|r| r.figures[left] / r.figures[arrived]).collect();
    assert_in_ci(&p_leave, exact.prob_abandon(), LEVEL, &format!("{label} P(abandon)"));
    assert_in_ci(
        &figure(&results, "walkin_wait_mean_min"),
        exact.mean_wait_served(),
        LEVEL,
        &format!("{label} mean wait of the served"),
    );
    assert_in_ci(&figure(&results, "walkin_queue_len_mean"), exact.mean_queue_length(), LEVEL, &format!("{label} Lq"));
}

#[test]
fn erlang_a_five_servers_moderate_abandonment() {
    check_erlang_a(12.75, 5, 20.0, 30.0, 111);
}

#[test]
fn erlang_a_two_servers_overloaded_heavy_abandonment() {
    // Offered load 1.2 per server: only abandonment keeps the queue finite.
    check_erlang_a(7.2, 2, 20.0, 10.0, 112);
}

#[test]
fn erlang_a_ten_servers_patient_callers() {
    check_erlang_a(27.0, 10, 20.0, 60.0, 113);
}

#[test]
fn pollaczek_khinchine_lognormal_single_server() {
    let (_, results) = run(&plain_queue(2.4, 1, "{ dist = \"lognormal\", mean_min = 20, cv = 0.5 }", 395, 30, 30, 105));
    let exact = MG1 { lambda: 0.04, mean_service: 20.0, cv: 0.5 };
    assert_in_ci(&figure(&results, "walkin_wait_mean_min"), exact.mean_wait(), LEVEL, "M/G/1 lognormal mean wait");
    assert_in_ci(&figure(&results, "walkin_queue_len_mean"), exact.mean_queue_length(), LEVEL, "M/G/1 lognormal Lq");
}

#[test]
fn pollaczek_khinchine_deterministic_service() {
    let (_, results) = run(&plain_queue(2.4, 1, "{ dist = \"deterministic\", value_min = 20 }", 395, 30, 30, 106));
    let exact = MG1 { lambda: 0.04, mean_service: 20.0, cv: 0.0 };
    assert_in_ci(&figure(&results, "walkin_wait_mean_min"), exact.mean_wait(), LEVEL, "M/D/1 mean wait");
}

#[test]
fn littles_law_holds_on_the_sample_path_of_every_run() {
    // The integral of the queue length equals the summed waiting time inside the counted
    // window, exactly (integer milliseconds), for every replication.
    let text = plain_queue(12.75, 5, "{ dist = \"exponential\", mean_min = 20 }", 60, 5, 4, 107);
    let (_, results) = run(&text);
    for r in &results {
        assert!(r.queue_area > 0);
        assert_eq!(r.queue_area, r.queue_wait_overlap, "replication {}", r.replication);
    }
    let office =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/core-office.toml")).unwrap();
    let (_, results) = run(&office.replace("replications = 20", "replications = 3"));
    for r in &results {
        assert!(r.queue_area > 0);
        assert_eq!(r.queue_area, r.queue_wait_overlap, "district office, replication {}", r.replication);
    }
}

#[test]
fn littles_law_time_average_matches_arrival_rate_times_wait() {
    // L_q = lambda W_q with lambda and W_q measured in the same run: they differ only by the
    // waits that straddle the window edges, a vanishing share over a year.
    let (plan, results) = run(&plain_queue(12.75, 5, "{ dist = \"exponential\", mean_min = 20 }", 395, 30, 10, 108));
    let minutes = (plan.scenario.simulation.days - plan.scenario.simulation.warmup_days) as f64 * 1440.0;
    let lq = figure(&results, "walkin_queue_len_mean");
    let arrivals = figure(&results, "walkin_arrivals");
    let wq = figure(&results, "walkin_wait_mean_min");
    let little = arrivals.mean() / minutes * wq.mean();
    assert!((lq.mean() - little).abs() / lq.mean() < 0.005, "Lq {} vs lambda*Wq {}", lq.mean(), little);
}
