//! Staff as they really are: absence, hiring ramps, skills, the roster and capacity.

mod common;

use common::{assert_in_ci, figure, run};

fn office(staff: &str, cases: &str, days: u32, reps: u32) -> String {
    let hours = "[\"08:00-16:00\"]";
    let calendar = common::open_every_day(hours);
    // Open every day, and every group works every day.
    let staff = staff.replace("\nwork = ", "\nworking_days = [\"all\"]\nwork = ");
    format!(
        r#"
[simulation]
start_date = "2025-03-03"
days = {days}
replications = {reps}
seed = 11
{calendar}
{cases}
{staff}
"#
    )
}

const QUIET_WALKIN: &str = r#"
[[case_types]]
name = "a"
arrivals = { process = "fixed_daily", count = 1, windows = ["09:00-10:00"] }
channels = { walkin = 1.0 }
service_time = { dist = "deterministic", value_min = 10 }
"#;

#[test]
fn long_run_sick_leave_share_converges_to_its_parameter() {
    let staff = r#"
[[staff]]
name = "clerks"
head_count = 20
work = "walkin"
sick_leave = { absence_share = 0.08, duration_days = { dist = "lognormal", mean_days = 7, cv = 1.0 } }
"#;
    let (_, results) = run(&office(staff, QUIET_WALKIN, 365, 20));
    assert_in_ci(&figure(&results, "sick_absence_share"), 0.08, 0.99, "sick absence share");
    let present = figure(&results, "staff_present_share");
    assert_in_ci(&present, 0.92, 0.99, "present share");
}

#[test]
fn absent_staff_per_day_follow_the_binomial_distribution() {
    // One-day episodes with share 0.1: each clerk is sick on a day with probability 0.1,
    // independently, so the number absent out of 20 is Binomial(20, 0.1). Chi-square test over
    // 10 x 365 days, bins 0..4 and 5+, alpha = 0.001 (critical value 20.52 for 5 df).
    let staff = r#"
[[staff]]
name = "clerks"
head_count = 20
work = "walkin"
sick_leave = { absence_share = 0.1, duration_days = { dist = "deterministic", value_days = 1 } }
"#;
    let (_, results) = run(&office(staff, QUIET_WALKIN, 365, 10));
    let mut observed = [0f64; 6];
    for r in &results {
        for day in &r.staff.days {
            let absent = (day[0].scheduled_fte - day[0].present_fte).round() as usize;
            observed[absent.min(5)] += 1.0;
        }
    }
    let n: f64 = observed.iter().sum();
    let binom = |k: u32| {
        let c = (0..k).fold(1.0, |acc, i| acc * (20 - i) as f64 / (i + 1) as f64);
        c * 0.1f64.powi(k as i32) * 0.9f64.powi(20 - k as i32)
    };
    let mut expected: Vec<f64> = (0..5).map(|k| binom(k) * n).collect();
    expected.push(n - expected.iter().sum::<f64>());
    let chi2: f64 = observed.iter().zip(&expected).map(|(o, e)| (o - e).powi(2) / e).sum();
    assert!(chi2 < 20.52, "chi2 = {chi2:.2}, observed {observed:?}, expected {expected:?}");
}

#[test]
fn a_hire_with_a_ramp_gives_the_exact_capacity_curve() {
    // One experienced clerk; two hired on day 10, starting after a 5-day recruiting delay at
    // 30% productivity, rising linearly to 100% over 2 weeks; each trainee costs the group a
    // quarter of a clerk's day in mentoring.
    let staff = r#"
[[staff]]
name = "clerks"
positions_fte = 3
filled_fte = 1
work = "walkin"
recruiting_delay_days = 5
hires = [{ date = "2025-03-13", count = 2 }]
ramp = { start_productivity = 0.3, weeks = 2, mentor_share = 0.25 }
"#;
    let (_, results) = run(&office(staff, QUIET_WALKIN, 40, 1));
    let days = &results[0].staff.days;
    for (d, row) in days.iter().enumerate() {
        let g = &row[0];
        let (employed, productive) = if d < 15 {
            (1.0, 468.0)
        } else {
            let p = (0.3 + 0.7 * (d - 15) as f64 / 14.0).min(1.0);
            let mentoring = if p < 1.0 { 2.0 * 0.25 * 468.0 } else { 0.0 };
            (3.0, 468.0 + 2.0 * 468.0 * p - mentoring)
        };
        assert_eq!(g.employed_fte, employed, "day {d}");
        assert!((g.productive_min - productive).abs() < 1e-6, "day {d}: {} vs {productive}", g.productive_min);
    }
    assert_eq!(figure(&results, "staff_nominal_fte").mean(), 3.0);
}

#[test]
fn case_types_are_served_only_by_groups_with_the_skill() {
    // Walk-ins a (10 min) and b (20 min), booked c (15 min) and d (25 min), each group skilled
    // for one: every group's service minutes are exactly its own case type's.
    let cases = r#"
[[case_types]]
name = "a"
arrivals = { process = "fixed_daily", count = 5, windows = ["07:00-08:00"] }
channels = { walkin = 1.0 }
service_time = { dist = "deterministic", value_min = 10 }
[[case_types]]
name = "b"
arrivals = { process = "fixed_daily", count = 3, windows = ["07:00-08:00"] }
channels = { walkin = 1.0 }
service_time = { dist = "deterministic", value_min = 20 }
[[case_types]]
name = "c"
arrivals = { process = "fixed_daily", count = 2, windows = ["00:00-01:00"] }
channels = { portal = 1.0 }
service_time = { dist = "deterministic", value_min = 15 }
slot_min = 15
[[case_types]]
name = "d"
arrivals = { process = "fixed_daily", count = 1, windows = ["00:00-01:00"] }
channels = { portal = 1.0 }
service_time = { dist = "deterministic", value_min = 25 }
slot_min = 30
"#;
    let staff = r#"
[[staff]]
name = "for_a"
head_count = 1
work = "walkin"
case_types = ["a"]
[[staff]]
name = "for_b"
head_count = 1
work = "walkin"
case_types = ["b"]
[[staff]]
name = "for_c"
head_count = 1
work = "appointments"
case_types = ["c"]
[[staff]]
name = "for_d"
head_count = 1
work = "appointments"
case_types = ["d"]
[portal]
horizon_days = 0
"#;
    let (_, results) = run(&office(staff, cases, 7, 2));
    for r in &results {
        for day in &r.staff.days {
            let busy: Vec<f64> = day.iter().map(|g| g.counter_busy_min).collect();
            assert_eq!(busy, vec![50.0, 60.0, 30.0, 25.0]);
        }
    }
}

/// The district office with sick leave, vacation and a given rule for absent clerks' appointments.
fn district(rule: &str) -> String {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/core-office.toml")).unwrap();
    let staff_extra = format!(
        "work = \"appointments\"\nsick_leave = {{ absence_share = 0.15, duration_days = {{ dist = \"exponential\", mean_days = 5 }} }}\nvacation_days_per_year = 30\n{rule}"
    );
    text.replace("days = 364", "days = 150")
        .replace("replications = 20", "replications = 4")
        .replace("work = \"appointments\"", &staff_extra)
}

#[test]
fn counter_minutes_used_never_exceed_minutes_on_duty_plus_overtime() {
    for rule in ["absent_rule = \"redistribute\"\novertime_limit_min = 120", "absent_rule = \"cancel\""] {
        let (_, results) = run(&district(rule));
        for r in &results {
            for (d, day) in r.staff.days.iter().enumerate() {
                for g in day {
                    assert!(g.counter_busy_min <= g.counter_open_min + g.overtime_min + 1e-6, "day {d}: {g:?}");
                    assert!(g.present_fte <= g.employed_fte + 1e-9 && g.employed_fte <= g.positions_fte + 1e-9);
                }
            }
            assert_eq!(r.conservation.created, r.conservation.accounted());
        }
    }
}

#[test]
fn absent_clerks_appointments_are_redistributed_or_cancelled() {
    let (_, cancel) = run(&district("absent_rule = \"cancel\""));
    let (_, redistribute) = run(&district("absent_rule = \"redistribute\"\novertime_limit_min = 600"));
    let cancelled = |x| figure(x, "appointments_cancelled_staff").mean();
    let overtime = |x| figure(x, "overtime_hours").mean();
    assert!(cancelled(&cancel) > 100.0, "{}", cancelled(&cancel));
    assert!(cancelled(&redistribute) < cancelled(&cancel) / 10.0, "{}", cancelled(&redistribute));
    assert!(overtime(&redistribute) > overtime(&cancel));
}

#[test]
fn planned_vacation_is_not_published_so_it_cancels_nothing() {
    let text = district("absent_rule = \"cancel\"").replace("absence_share = 0.15", "absence_share = 0.000001");
    let (_, results) = run(&text);
    assert!(figure(&results, "appointments_cancelled_staff").mean() < 1.0);
    // ... while present staff is below the positions: 30 vacation days of ~250 working days.
    let share = figure(&results, "staff_present_share").mean();
    assert!(share < 0.92 && share > 0.8, "{share}");
}
