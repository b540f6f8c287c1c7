//! Shared helpers for the integration tests: scenario text builders and runners.
#![allow(dead_code)]

use amtsim::experiment::run_replications;
use amtsim::model::{Plan, ReplicationResult};
use amtsim::scenario::load_str;
use amtsim::stats::{figure_index, OnlineStats};

/// A plain multi-server queue: open 24 hours every day, walk-in only, Poisson arrivals,
/// `servers` clerks, no closing time. `service` is an inline TOML distribution table.
pub fn plain_queue(per_hour: f64, servers: u32, service: &str, days: u32, warmup: u32, reps: u32, seed: u64) -> String {
    let all_day = "[\"00:00-24:00\"]";
    format!(
        r#"
name = "plain queue"
[simulation]
start_date = "2025-01-06"
days = {days}
warmup_days = {warmup}
replications = {reps}
seed = {seed}
[calendar]
holidays = "none"
[calendar.opening_hours]
monday = {all_day}
tuesday = {all_day}
wednesday = {all_day}
thursday = {all_day}
friday = {all_day}
saturday = {all_day}
sunday = {all_day}
[[case_types]]
name = "walkin"
arrivals = {{ process = "poisson", per_hour = {per_hour} }}
channels = {{ walkin = 1.0 }}
service_time = {service}
[[staff]]
name = "servers"
head_count = {servers}
work = "walkin"
working_days = ["all"]
minutes_per_day = 1440
[walkin]
send_home_at_close = false
"#
    )
}

/// Loads scenario text (panicking with the problems when invalid) and prepares it.
pub fn plan(text: &str) -> Plan {
    match load_str(text, "test.toml", &[]) {
        Ok(loaded) => Plan::new(loaded.scenario),
        Err(e) => panic!("{e}"),
    }
}

/// Runs the scenario's replications.
pub fn run(text: &str) -> (Plan, Vec<ReplicationResult>) {
    let plan = plan(text);
    let reps = plan.scenario.simulation.replications;
    let results = run_replications(&plan, reps);
    (plan, results)
}

/// Per-replication values of a named figure.
pub fn figure(results: &[ReplicationResult], name: &str) -> OnlineStats {
    let i = figure_index(name).unwrap_or_else(|| panic!("no figure {name}"));
    results.iter().map(|r| r.figures[i]).collect()
}

/// Asserts that `exact` lies in the `level` confidence interval of the replications' mean.
pub fn assert_in_ci(stats: &OnlineStats, exact: f64, level: f64, what: &str) {
    let (lo, hi) = stats.confidence_interval(level).expect("at least two replications");
    // Shown with --nocapture: the simulated-versus-exact table of the validation notes.
    println!("{what}: simulated {:.4} [{lo:.4}, {hi:.4}], exact {exact:.4}", stats.mean());
    assert!(
        lo <= exact && exact <= hi,
        "{what}: exact {exact:.5} outside the {:.1}% CI [{lo:.5}, {hi:.5}] (mean {:.5}, n = {})",
        level * 100.0,
        stats.mean(),
        stats.count()
    );
}

/// A `[calendar]` section without holidays, open in the same windows every day of the week
/// (`hours` is a TOML array of windows).
pub fn open_every_day(hours: &str) -> String {
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let lines: String = days.iter().map(|d| format!("{d} = {hours}\n")).collect();
    format!("[calendar]\nholidays = \"none\"\n[calendar.opening_hours]\n{lines}")
}

/// The same, open Monday to Friday only.
pub fn open_weekdays(hours: &str) -> String {
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    let lines: String = days.iter().map(|d| format!("{d} = {hours}\n")).collect();
    format!("[calendar]\nholidays = \"none\"\n[calendar.opening_hours]\n{lines}")
}

/// Every bundled scenario file (`scenarios/*.toml`), in name order.
pub fn bundled_scenarios() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = (std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}
