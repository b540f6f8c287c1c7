//! The hotline and the inbox (`[enquiries]`): the call centre against Erlang A, the inbox
//! against Erlang C, status enquiries against rate × waiting applicants, the accounting of
//! every call, and the agents' time taken from the back office.
//!
//! Statistical checks assert that the exact value lies inside the 99% confidence interval of
//! the replication means (fixed seeds); hand-computed cases assert exact numbers.

mod common;

use amtsim::stats::{figure_index, OnlineStats};
use amtsim::theory::{MMc, MMcM};
use common::{assert_in_ci, figure, open_every_day, open_weekdays, run};

const LEVEL: f64 = 0.99;

/// An office open around the clock whose only work is its enquiry channels: a token walk-in
/// case (one client in four days, one walk-in desk) keeps the scenario valid; `agents` clerks
/// of the group "agents" are on duty all day, every day, with nothing else to do.
fn office(days: u32, warmup: u32, reps: u32, seed: u64, agents: u32, enquiries: &str) -> String {
    format!(
        r#"
name = "enquiry test office"
[simulation]
start_date = "2025-01-06"
days = {days}
warmup_days = {warmup}
seed = {seed}
replications = {reps}

{calendar}

[[case_types]]
name = "client"
arrivals = {{ process = "poisson", per_hour = 0.01 }}
channels = {{ walkin = 1.0 }}
service_time = {{ dist = "exponential", mean_min = 20 }}

[[staff]]
name = "desk"
head_count = 1
work = "walkin"
working_days = ["all"]
minutes_per_day = 1440

[[staff]]
name = "agents"
head_count = {agents}
work = "back_office"
working_days = ["all"]
minutes_per_day = 1440

[walkin]
send_home_at_close = false

{enquiries}
"#,
        calendar = open_every_day("[\"00:00-24:00\"]"),
    )
}

/// M/M/c+M around the clock, no retrials: P(abandon) and the mean wait of answered calls.
fn check_call_centre(per_hour: f64, agents: u32, handling_min: f64, patience_min: f64, seed: u64) {
    let phone = format!(
        "[enquiries.phone]\ngroup = \"agents\"\nagents = {agents}\nhours = [\"00:00-24:00\"]\ncalling_hours = [\"00:00-24:00\"]\ncalls_per_hour = {per_hour}\nhandling = {{ dist = \"exponential\", mean_min = {handling_min} }}\npatience = {{ dist = \"exponential\", mean_min = {patience_min} }}\n"
    );
    let (_, results) = run(&office(365 + 30, 30, 60, seed, agents, &phone));
    let exact = MMcM { lambda: per_hour / 60.0, mu: 1.0 / handling_min, c: agents, theta: 1.0 / patience_min };
    let label = format!(
        "hotline M/M/{agents}+M load={:.2} patience={patience_min}",
        per_hour / 60.0 * handling_min / f64::from(agents)
    );
    let (abandoned, offered) = (figure_index("calls_abandoned").unwrap(), figure_index("calls_offered").unwrap());
    let p: OnlineStats = results.iter().map(|r| r.figures[abandoned] / r.figures[offered]).collect();
    assert_in_ci(&p, exact.prob_abandon(), LEVEL, &format!("{label} P(abandon)"));
    assert_in_ci(
        &figure(&results, "call_wait_mean_min"),
        exact.mean_wait_served(),
        LEVEL,
        &format!("{label} mean wait of answered"),
    );
}

#[test]
fn erlang_a_hotline_five_agents_moderate_abandonment() {
    check_call_centre(12.75, 5, 20.0, 30.0, 211);
}

#[test]
fn erlang_a_hotline_two_agents_overloaded_heavy_abandonment() {
    // Offered load 1.2 per agent: only hanging up keeps the queue finite (P(abandon) 0.37).
    check_call_centre(7.2, 2, 20.0, 10.0, 212);
}

#[test]
fn erlang_a_hotline_ten_agents_short_calls() {
    check_call_centre(90.0, 10, 5.0, 3.0, 213);
}

#[test]
fn erlang_c_inbox() {
    // E-mails around the clock, 3 agents, exponential handling of 30 min: rho = 0.8.
    let (per_day, agents, handling) = (115.2, 3, 30.0);
    let email = format!(
        "[enquiries.email]\ngroup = \"agents\"\nagents = {agents}\nhours = [\"00:00-24:00\"]\nper_day = {per_day}\nhandling = {{ dist = \"exponential\", mean_min = {handling} }}\n"
    );
    let (_, results) = run(&office(365 + 30, 30, 40, 214, agents, &email));
    let exact = MMc { lambda: per_day / 1440.0, mu: 1.0 / handling, c: agents };
    assert_in_ci(
        &figure(&results, "email_response_mean_h"),
        exact.mean_wait() / 60.0,
        LEVEL,
        "inbox M/M/3 mean wait (h)",
    );
}

#[test]
fn status_enquiries_are_rate_times_waiting_applicants() {
    // 400 applications filed 100 days ago that nobody can finish (one clerk, half a year of
    // work each) and no new ones (no client comes): 400 wait longer than 42 days all run. At 0.5 enquiries per applicant and
    // week that is 400 × 0.5 / 7 = 28.571 a day, 10,000 in the 350 counted days.
    let text = format!(
        r#"
name = "status enquiries"
[simulation]
start_date = "2025-01-06"
days = 380
warmup_days = 30
seed = 215
replications = 20

{calendar}

[[case_types]]
name = "renewal"
arrivals = {{ process = "fixed_daily", count = 0 }}
channels = {{ walkin = 1.0 }}
service_time = {{ dist = "exponential", mean_min = 20 }}
back_office = {{ processing = {{ dist = "deterministic", value_min = 500000 }}, initial_backlog = 400, initial_backlog_age = {{ dist = "deterministic", value_days = 100 }} }}

[[staff]]
name = "desk"
head_count = 1
work = "walkin"

[[staff]]
name = "clerks"
head_count = 1
work = "back_office"

[enquiries.phone]
group = "clerks"
agents = 0
calls_per_hour = 0.001
handling = {{ dist = "deterministic", value_min = 5 }}

[enquiries.generated]
status_after_days = 42
status_per_week = 0.5
"#,
        calendar = open_weekdays("[\"08:00-16:00\"]"),
    );
    let (_, results) = run(&text);
    let exact = 400.0 * 0.5 / 7.0 * 350.0;
    assert_in_ci(&figure(&results, "status_enquiries"), exact, LEVEL, "status enquiries in 350 days");
    // Every status enquiry is a call here (the only channel), generated by the office's state.
    for r in &results {
        let f = |name| r.figures[figure_index(name).unwrap()];
        assert!(f("enquiries_generated") >= f("status_enquiries"));
    }
}

/// A weekday office whose two clerks hold the hotline 09:00-12:00 and do files otherwise.
fn hotline_office(extra: &str) -> String {
    format!(
        r#"
name = "hotline office"
[simulation]
start_date = "2025-01-06"
days = 70
warmup_days = 7
seed = 216
replications = 4

{calendar}

[[case_types]]
name = "renewal"
arrivals = {{ process = "poisson", per_hour = 0.01 }}
channels = {{ walkin = 1.0 }}
service_time = {{ dist = "exponential", mean_min = 20 }}

[[staff]]
name = "desk"
head_count = 1
work = "walkin"

[[staff]]
name = "clerks"
head_count = 2
work = "back_office"

[enquiries.phone]
group = "clerks"
agents = 5
hours = ["09:00-12:00"]
calls_per_hour = 10
handling = {{ dist = "exponential", mean_min = 5 }}
patience = {{ dist = "exponential", mean_min = 2 }}
retrial_share = 0.5
retrial_delay = {{ dist = "exponential", mean_min = 30 }}
{extra}
"#,
        calendar = open_weekdays("[\"08:00-16:00\"]"),
    )
}

#[test]
fn every_call_is_answered_or_unanswered_and_the_hotline_takes_its_hours_from_the_files() {
    let (plan, results) = run(&hotline_office(""));
    let efficiency = plan.scenario.staff[1].idle_counter_efficiency;
    for r in &results {
        let f = |name| r.figures[figure_index(name).unwrap()];
        // The line closes every day at noon with nobody left waiting: every call counted
        // was answered or not.
        assert!(f("calls_offered") > 0.0);
        assert_eq!(f("calls_offered"), f("calls_answered") + f("calls_abandoned"));
        assert!(f("calls_abandoned") > 0.0, "callers hang up after 2 minutes on average");
        // Half of those who hang up try again: fewer people than attempts, so the share of
        // callers reached lies above the share of attempts answered.
        assert!(f("callers_reached_share") > f("calls_answered_share"));
        assert!(f("callers_reached_share") <= 1.0);
        // Five agents wanted, two clerks present: two agents for 3 hours on 45 counted weekdays,
        // all of them the clerks' team's.
        assert_eq!(f("enquiry_staff_hours"), 2.0 * 3.0 * 45.0);
        let team = amtsim::stats::breakdown::resolve("enquiry_staff_hours[clerks]", &plan.subjects).unwrap();
        assert_eq!(r.figures[team], 2.0 * 3.0 * 45.0);
        for day in 0..70 {
            let Some(rows) = r.staff.days.get(day) else { continue };
            let row = &rows[1];
            if row.present == 0 {
                continue;
            }
            assert_eq!(row.hotline_min, 2.0 * 180.0, "day {day}");
            let idle = row.hotline_min - row.hotline_busy_min;
            let expected = row.productive_min - row.hotline_min + efficiency * idle;
            assert!((row.backoffice_min - expected).abs() < 1e-6, "day {day}: {} vs {expected}", row.backoffice_min);
        }
    }
}

#[test]
fn a_call_back_service_answers_who_would_have_hung_up() {
    let (_, without) = run(&hotline_office(""));
    let (_, with) = run(&hotline_office("callback = true"));
    let share = |results: &[amtsim::model::ReplicationResult]| figure(results, "calls_answered_share").mean();
    assert!(share(&with) > share(&without) + 0.05, "{} vs {}", share(&with), share(&without));
    let requested = figure(&with, "callbacks_requested").mean();
    assert!(requested > 0.0);
    // Nobody hangs up: the unanswered are those waiting when the line closes; call-backs
    // still owed at the end of the run are neither.
    for r in &with {
        let f = |name| r.figures[figure_index(name).unwrap()];
        assert!(f("calls_offered") >= f("calls_answered") + f("calls_abandoned"));
    }
}
