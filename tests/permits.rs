//! The permit lifecycle: renewals from a population of holders, the back office, provisional
//! certificates (Fiktionsbescheinigungen) and lapses.

mod common;

use common::{assert_in_ci, figure, run};

/// Open every day 08:00-16:00, a walk-in desk for renewals and certificate visits, and one
/// back-office clerk. `holders`, `back_office` and `permits` are inline TOML.
fn loop_office(days: u32, reps: u32, holders: &str, back_office: &str, permits: &str, backoffice_staff: u32) -> String {
    let hours = "[\"08:00-16:00\"]";
    let calendar = common::open_every_day(hours);
    let fb_case = if permits.contains("fb_case_type") {
        "[[case_types]]\nname = \"fb_renewal\"\nchannels = { walkin = 1.0 }\nservice_time = { dist = \"deterministic\", value_min = 5 }"
    } else {
        ""
    };
    format!(
        r#"
[simulation]
start_date = "2025-01-06"
days = {days}
replications = {reps}
seed = 5
{calendar}
[[case_types]]
name = "renewal"
channels = {{ walkin = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 10 }}
holders = {holders}
back_office = {back_office}
{fb_case}
[[staff]]
name = "desk"
head_count = 20
work = "walkin"
working_days = ["all"]
[[staff]]
name = "back_office"
head_count = {backoffice_staff}
work = "back_office"
working_days = ["all"]
case_types = ["renewal"]
[walkin]
return_share = 1.0
[permits]
{permits}
"#
    )
}

#[test]
fn fb_visits_of_one_case_for_3_6_and_12_month_certificates() {
    // One holder whose document expires on day 8 and who renews 7 days ahead: the application
    // is filed on day 1 behind 250 applications that take exactly one back-office day each, so
    // it is decided at the end of day 250. A certificate is issued at the application visit
    // (the decision is expected after the expiry) and renewed 14 days before it runs out:
    // visits at about day 1 + k (F - 14) while still undecided, F = validity in days.
    // F = 91.3 (3 months): days 78.6, 155.9, 233.2 -> 3 visits. F = 182.6: day 169.9 -> 1.
    // F = 365.25: none.
    let holders = r#"{ count = 1, validity = { dist = "deterministic", value_months = 12 }, renewal_lead = { dist = "deterministic", value_days = 7 }, initial_remaining = { dist = "deterministic", value_days = 8 } }"#;
    let back_office = r#"{ processing = { dist = "deterministic", value_min = 468 }, initial_backlog = 250, initial_backlog_age = { dist = "deterministic", value_days = 10 } }"#;
    let mut visits = Vec::new();
    for months in [3, 6, 12] {
        let permits =
            format!("fb_case_type = \"fb_renewal\"\nfb_validity_months = {months}\nfb_renewal_lead_days = 14");
        let (_, results) = run(&loop_office(300, 2, holders, back_office, &permits, 1));
        for r in &results {
            let t = &r.permits.totals;
            assert_eq!(t.decisions, 251, "{months} months");
            let expired: i64 = r.permits.office().expired_area.iter().sum();
            assert_eq!(expired, 0, "{months} months: a certificate covers the holder all along");
        }
        visits.push(figure(&results, "fb_visits").mean());
        assert_eq!(figure(&results, "fb_issued").mean(), 1.0 + figure(&results, "fb_visits").mean());
    }
    assert_eq!(visits, vec![3.0, 1.0, 0.0]);
}

#[test]
fn renewals_arrive_at_population_over_mean_validity() {
    // 10,000 holders, validity uniform 12-36 months (mean 24 months = 730.5 days), an office
    // with capacity to spare: renewals per year = 10,000 x 365 / 730.5 = 4,996.6.
    let holders = r#"{ count = 10000, validity = { dist = "uniform", low_months = 12, high_months = 36 }, renewal_lead = { dist = "uniform", low_days = 14, high_days = 84 } }"#;
    let back_office = r#"{ processing = { dist = "exponential", mean_min = 30 } }"#;
    let (_, results) = run(&loop_office(365, 10, holders, back_office, "fb_case_type = \"fb_renewal\"", 4));
    assert_in_ci(&figure(&results, "renewal_requests"), 10_000.0 * 365.0 / 730.5, 0.99, "renewal requests per year");
    assert!(figure(&results, "fb_issued").mean() < 1.0, "capacity to spare: no certificates needed");
    assert_eq!(figure(&results, "expired_person_days").mean(), 0.0);
}

#[test]
fn holders_are_conserved_with_inflow_and_departures() {
    let holders = r#"{ count = 3000, validity = { dist = "uniform", low_months = 6, high_months = 24 }, renewal_lead = { dist = "uniform", low_days = 14, high_days = 60 }, leave_rate_per_year = 0.2, inflow_per_year = 800, settlement_share = 0.1 }"#;
    let back_office = r#"{ processing = { dist = "lognormal", mean_min = 60, cv = 0.5 }, incomplete_share = 0.2 }"#;
    let (_, results) = run(&loop_office(365, 4, holders, back_office, "fb_case_type = \"fb_renewal\"", 1));
    for r in &results {
        let h = r.permits.holders;
        assert!(h.arrivals > 500 && h.departures > 400, "{h:?}");
        assert_eq!(h.start + h.arrivals - h.departures, h.end, "{h:?}");
        assert_eq!(r.conservation.created, r.conservation.accounted());
    }
}

#[test]
fn a_slow_office_issues_certificates_and_a_closed_one_lets_documents_lapse() {
    let holders = r#"{ count = 3000, validity = { dist = "uniform", low_months = 6, high_months = 24 }, renewal_lead = { dist = "uniform", low_days = 7, high_days = 30 } }"#;
    let back_office = r#"{ processing = { dist = "exponential", mean_min = 120 } }"#;
    // One back-office clerk decides ~4 a day against ~8 renewals a day: the backlog grows,
    // certificates are issued and renewed.
    let (_, slow) = run(&loop_office(365, 3, holders, back_office, "fb_case_type = \"fb_renewal\"", 1));
    assert!(figure(&slow, "fb_issued").mean() > 500.0);
    assert!(figure(&slow, "backlog_end").mean() > 500.0);
    // Without a certificate rule, the same holders lapse while they wait.
    let (_, none) = run(&loop_office(365, 3, holders, back_office, "", 1));
    assert_eq!(figure(&none, "fb_issued").mean(), 0.0);
    assert!(figure(&none, "expired_backoffice_person_days").mean() > 10_000.0);
    assert!(figure(&none, "expired_persons").mean() > 100.0);
}

#[test]
fn a_starting_backlog_is_cleared_on_a_known_day() {
    // 100 applications of exactly one back-office day each and nothing else: the backlog is
    // below 10 at the end of day 90 (9 left) for the first time.
    let holders = r#"{ count = 0, validity = { dist = "deterministic", value_months = 12 }, renewal_lead = { dist = "deterministic", value_days = 7 } }"#;
    let back_office = r#"{ processing = { dist = "deterministic", value_min = 468 }, initial_backlog = 100 }"#;
    let (_, results) = run(&loop_office(120, 2, holders, back_office, "backlog_cleared_below = 10", 1));
    assert_eq!(figure(&results, "backlog_cleared_day").mean(), 90.0);
    assert_eq!(figure(&results, "decisions").mean(), 100.0);
}

/// permits_daily.csv's balance closes on every day: undecided applications at midnight are
/// those of the day before, plus applications filed and resubmitted, less decisions and
/// applications sent back (the back office's work is dated on the day it is done).
#[test]
fn the_daily_backlog_balance_closes_on_the_bundled_offices() {
    for name in ["district-office.toml", "herne-2025.toml", "duesseldorf-2025.toml"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
        let overrides =
            ["simulation.days=120", "simulation.warmup_days=28"].map(|o| amtsim::scenario::parse_override(o).unwrap());
        let plan = amtsim::model::Plan::new(amtsim::scenario::load_file(&path, &overrides).unwrap().scenario);
        for r in amtsim::experiment::run_replications(&plan, 2) {
            let days: Vec<_> = r.permits.days.iter().copied().collect();
            let mut decided = 0;
            for d in 1..days.len() {
                let (before, day) = (&days[d - 1], &days[d]);
                let inflow = day.applications + day.resubmitted;
                let outflow = day.decisions + day.incomplete_returned;
                assert_eq!(
                    day.backlog_end as i64,
                    before.backlog_end as i64 + inflow as i64 - outflow as i64,
                    "{name}, replication {}, day {d}: {before:?} -> {day:?}",
                    r.replication
                );
                decided += day.decisions;
            }
            assert!(decided > 100, "{name}: the balance must be tested on real work ({decided} decisions)");
        }
    }
}

/// The wait for a decision counts the still-undecided: an office with one general-law clerk
/// instead of eleven decides few applications, quickly (its mean over decided applications
/// can look better), but the Kaplan–Meier service levels and the applications pending over
/// three months show the harm.
#[test]
fn censoring_aware_decision_waits_cannot_be_improved_by_deciding_less() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/district-office.toml");
    let run = |filled: &str| {
        let overrides = [
            amtsim::scenario::parse_override("simulation.days=240").unwrap(),
            amtsim::scenario::parse_override(&format!("staff[0].filled_fte={filled}")).unwrap(),
        ];
        let plan = amtsim::model::Plan::new(amtsim::scenario::load_file(&path, &overrides).unwrap().scenario);
        amtsim::experiment::run_replications(&plan, 2)
    };
    let (one, eleven) = (run("1"), run("11"));
    let mean = |r: &[amtsim::model::ReplicationResult], f: &str| figure(r, f).mean();
    println!(
        "completed-only mean: {:.1} days with one clerk, {:.1} with eleven",
        mean(&one, "decision_lead_time_mean_days"),
        mean(&eleven, "decision_lead_time_mean_days")
    );
    assert!(mean(&one, "decision_within_8w_share") < mean(&eleven, "decision_within_8w_share") - 0.2);
    assert!(mean(&one, "decision_within_12w_share") < mean(&eleven, "decision_within_12w_share") - 0.2);
    assert!(mean(&one, "pending_over_3_months_end") > 10.0 * mean(&eleven, "pending_over_3_months_end") + 100.0);
    let median_one = mean(&one, "decision_time_median_days");
    assert!(median_one.is_nan() || median_one > mean(&eleven, "decision_time_median_days"), "{median_one}");
    for r in &one {
        let office = r.permits.office();
        let undecided: u64 = office.waits.undecided.iter().sum();
        assert!(undecided > 1_000, "most of the cohort is still waiting: {undecided}");
    }
}

/// One clerk open every day 08:00-16:00 with 10-minute slots, the office closed for the first
/// `closed` days (from Monday 6 January); `count` holders whose documents expire on day 8 and
/// who start the renewal 7 days before; applications take one minute of a back-office clerk.
fn booked_out_renewals(count: u32, closed: u32, fb: bool) -> String {
    let dates: Vec<String> = (0..closed).map(|d| format!("\"2025-01-{:02}\"", 6 + d)).collect();
    let closed_dates = format!("holidays = \"none\"\nclosed_dates = [{}]\n", dates.join(", "));
    let calendar = common::open_every_day("[\"08:00-16:00\"]").replace("holidays = \"none\"\n", &closed_dates);
    let (fb_case, permits) = if fb {
        (
            "[[case_types]]\nname = \"fb_renewal\"\nchannels = { portal = 1.0 }\nservice_time = { dist = \"deterministic\", value_min = 10 }\nslot_min = 10",
            "fb_case_type = \"fb_renewal\"",
        )
    } else {
        ("", "")
    };
    format!(
        r#"
[simulation]
start_date = "2025-01-06"
days = 40
replications = 1
seed = 3
{calendar}
[[case_types]]
name = "renewal"
channels = {{ portal = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 10 }}
slot_min = 10
holders = {{ count = {count}, validity = {{ dist = "deterministic", value_months = 12 }}, renewal_lead = {{ dist = "deterministic", value_days = 7 }}, initial_remaining = {{ dist = "deterministic", value_days = 8 }} }}
back_office = {{ processing = {{ dist = "deterministic", value_min = 1 }} }}
{fb_case}
[[staff]]
name = "clerk"
head_count = 1
work = "appointments"
working_days = ["all"]
[[staff]]
name = "back_office"
head_count = 1
work = "back_office"
working_days = ["all"]
case_types = ["renewal"]
[portal]
horizon_days = 56
[permits]
{permits}
"#
    )
}

#[test]
fn the_harm_of_waiting_is_counted_by_the_holders_situation() {
    // Two holders set off at 00:00 on day 1 and book the first free slots: day 20 at 08:00
    // and 08:10. Their documents expire at 00:00 on day 8. Waiting for the booked
    // appointment: 12 days 8 hours and 12 days 8 h 10 min. At the counter (10 minutes each,
    // no booking held any more, no application yet): searching. The application is filed at
    // 08:10 and 08:20 and decided at the end of day 20 (24:00): 15 h 50 min and 15 h 40 min
    // waiting for the back office. Both count among the people with a whole day.
    let (_, results) = run(&booked_out_renewals(2, 20, false));
    let day_min = 1440.0;
    let expected = [(12.0 * day_min + 480.0) + (12.0 * day_min + 490.0), 10.0 + 10.0, (950.0 + 940.0)];
    let names =
        ["expired_waiting_appointment_person_days", "expired_searching_person_days", "expired_backoffice_person_days"];
    for (name, minutes) in names.iter().zip(expected) {
        assert!(
            (figure(&results, name).mean() - minutes / day_min).abs() < 1e-9,
            "{name}: {}",
            figure(&results, name).mean() * day_min
        );
    }
    let total: f64 = expected.iter().sum::<f64>() / day_min;
    assert!((figure(&results, "expired_person_days").mean() - total).abs() < 1e-9);
    assert_eq!(figure(&results, "expired_persons").mean(), 2.0);
    assert_eq!(figure(&results, "decisions").mean(), 2.0);

    // Closed for 8 days only: slots on day 8 at 08:00 and 08:10, so 8 hours and 8 h 10 min
    // with an appointment, 10 minutes at the counter, and 15 h 50 min and 15 h 40 min until the
    // decision at midnight: exactly 24 hours each, a whole day (the bound is inclusive).
    let (_, results) = run(&booked_out_renewals(2, 8, false));
    let appointment = (480.0 + 490.0) / day_min;
    assert!((figure(&results, "expired_waiting_appointment_person_days").mean() - appointment).abs() < 1e-9);
    assert!((figure(&results, "expired_person_days").mean() - 2.0).abs() < 1e-9);
    assert_eq!(figure(&results, "expired_persons").mean(), 2.0);
    // Closed for 7 days: served on day 7, decided at its midnight, when the old document
    // expires; the new one runs on from the old expiry: no time without a valid document.
    let (_, results) = run(&booked_out_renewals(2, 7, false));
    assert_eq!(figure(&results, "expired_person_days").mean(), 0.0);
    assert_eq!(figure(&results, "expired_persons").mean(), 0.0);
}
