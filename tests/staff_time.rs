//! Working time adds up: FTE are time, part-timers are counted once, extra openings are
//! rostered and compensated, idle counter time goes to files, and overtime is measured
//! against each desk's own hours. Small offices whose every minute can be worked out by hand,
//! and the working-time identity as a property over random groups.

mod common;

use amtsim::stats::StaffDay;
use common::{figure, run};
use proptest::prelude::*;

/// A back-office group with no clients and no absences unless `staff` says so, open
/// weekdays 08:00-12:00 and 13:00-15:00 (six hours). Starts on Monday 3 March 2025.
fn office(days: u32, staff: &str, calendar_extra: &str) -> String {
    format!(
        r#"
[simulation]
start_date = "2025-03-03"
days = {days}
replications = 2
[calendar]
holidays = "none"
[calendar.opening_hours]
monday = ["08:00-12:00", "13:00-15:00"]
tuesday = ["08:00-12:00", "13:00-15:00"]
wednesday = ["08:00-12:00", "13:00-15:00"]
thursday = ["08:00-12:00", "13:00-15:00"]
friday = ["08:00-12:00", "13:00-15:00"]
{calendar_extra}
[[case_types]]
name = "renewal"
arrivals = {{ process = "poisson", per_day = 0.0001, days = "open_days" }}
channels = {{ portal = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 30 }}
slot_min = 30
[[staff]]
name = "team"
work = ["appointments", "back_office"]
{staff}
[portal]
horizon_days = 14
"#
    )
}

fn rows(results: &[amtsim::model::ReplicationResult], group: usize) -> Vec<Vec<StaffDay>> {
    results.iter().map(|r| r.staff.days.iter().map(|d| d[group]).collect()).collect()
}

/// contract + extra − time off = worked + closed + vacation + training + sick, on every row.
fn assert_identity(row: &StaffDay, what: &str) {
    let due = row.contract_min + row.extra_min - row.time_off_min;
    let accounted = row.worked_min + row.closed_min + row.vacation_min + row.training_min + row.sick_min;
    assert!((due - accounted).abs() < 1e-6, "{what}: due {due} != accounted {accounted}: {row:?}");
}

#[test]
fn fourteen_fte_with_part_timers_work_exactly_fourteen_full_days() {
    // 14 FTE, 30 % of the people part-time at 0.5: 11 full-timers and 6 half-timers. Every
    // weekday 14 x 468 = 6,552 minutes under shorter days; the week's 32,760 either way.
    for pattern in ["shorter_days", "fewer_days"] {
        let staff = format!(
            "positions_fte = 14\nfilled_fte = 14\npart_time_share = 0.3\npart_time_fte = 0.5\npart_time_pattern = \"{pattern}\""
        );
        let (_, results) = run(&office(14, &staff, ""));
        for reps in rows(&results, 0) {
            for week in reps.chunks(7) {
                let worked: f64 = week.iter().map(|r| r.worked_min).sum();
                assert!((worked - 32_760.0).abs() < 1e-6, "{pattern}: a week's worked minutes {worked}");
                week.iter().for_each(|r| assert_identity(r, pattern));
                for (weekday, r) in week.iter().enumerate() {
                    assert!((r.employed_fte - 14.0).abs() < 1e-9);
                    if pattern == "shorter_days" && weekday < 5 {
                        assert!((r.worked_min - 6_552.0).abs() < 1e-6, "{weekday}: {}", r.worked_min);
                    }
                    if weekday >= 5 {
                        assert_eq!(r.worked_min, 0.0);
                    }
                }
            }
        }
    }
}

#[test]
fn a_fractional_filled_fte_is_honoured_to_the_minute() {
    let staff = "positions_fte = 14\nfilled_fte = 13.5\npart_time_share = 0.3\npart_time_fte = 0.5";
    let (_, results) = run(&office(7, staff, ""));
    for reps in rows(&results, 0) {
        for r in &reps[..5] {
            assert!((r.contract_min - 13.5 * 468.0).abs() < 1e-6, "{}", r.contract_min);
            assert!((r.employed_fte - 13.5).abs() < 1e-9);
        }
    }
    // Filling 12 -> 14 FTE adds exactly 2 FTE of time.
    let at = |filled: f64| {
        let staff = format!("positions_fte = 14\nfilled_fte = {filled}\npart_time_share = 0.3\npart_time_fte = 0.5");
        let (_, results) = run(&office(7, &staff, ""));
        figure(&results, "staff_contract_hours").mean()
    };
    assert!((at(14.0) - at(12.0) - 2.0 * 5.0 * 468.0 / 60.0).abs() < 1e-6);
}

const SATURDAYS: &str = r#"[calendar.saturday_openings]
every_weeks = 1
first = "2025-03-08"
hours = ["08:30-12:30"]
staff = [{ group = "team", fte = 2 }]"#;

#[test]
fn saturdays_with_time_off_keep_the_working_time_and_paid_ones_are_overtime() {
    let staff = "head_count = 4";
    let (_, plain) = run(&office(28, staff, ""));
    let (_, time_off) = run(&office(28, staff, SATURDAYS));
    let paid_text = format!("{SATURDAYS}\ncompensation = \"paid\"");
    let (_, paid) = run(&office(28, staff, &paid_text));
    // Four Saturdays, two clerks each for 240 minutes: 1,920 minutes.
    let worked = |results: &[amtsim::model::ReplicationResult]| figure(results, "staff_worked_hours").mean();
    let overtime = |results: &[amtsim::model::ReplicationResult]| figure(results, "overtime_hours").mean();
    assert_eq!(worked(&plain), 4.0 * 20.0 * 468.0 / 60.0);
    // The last Saturday's time off falls after the run (28 days): 3 of 4 given back in it.
    assert!((worked(&time_off) - worked(&plain) - 480.0 / 60.0).abs() < 1e-6, "{}", worked(&time_off));
    assert_eq!(overtime(&time_off), 0.0);
    assert!((worked(&paid) - worked(&plain) - 1_920.0 / 60.0).abs() < 1e-6);
    assert!((overtime(&paid) - 1_920.0 / 60.0).abs() < 1e-6, "{}", overtime(&paid));
    for reps in rows(&time_off, 0).iter().chain(&rows(&paid, 0)) {
        let saturdays: Vec<&StaffDay> = reps.iter().skip(5).step_by(7).collect();
        assert!(saturdays.iter().all(|r| r.extra_min == 480.0 && r.worked_min == 480.0 && r.present == 2));
        reps.iter().for_each(|r| assert_identity(r, "saturdays"));
    }
    // Each rostered clerk takes 240 minutes off in the week after (Monday for the first,
    // Tuesday for the second), 468 − 240 = 228 minutes left of the day.
    let reps = &rows(&time_off, 0)[0];
    assert_eq!((reps[7].time_off_min, reps[8].time_off_min), (240.0, 240.0));
    assert_eq!(reps[7].worked_min, 4.0 * 468.0 - 240.0);
}

#[test]
fn a_shortened_day_publishes_only_the_hours_it_covers() {
    // One clerk on a 0.5 FTE contract (234 minutes) publishes 30-minute slots in the first
    // 234 minutes of the six-hour opening: 7 slots (08:00-11:30) a day, 35 a week.
    let text = office(7, "positions_fte = 1\nfilled_fte = 0.5\npart_time_share = 1\npart_time_fte = 0.5", "");
    let (_, results) = run(&text);
    for r in &results {
        let published: f64 = r.days.iter().map(|d| d.slot_minutes_published).sum();
        assert_eq!(published, 35.0 * 30.0);
    }
}

#[test]
fn idle_counter_time_goes_to_files_at_the_groups_efficiency() {
    // Everyone books and nobody comes: the whole counter time is idle, and 0.6 of it becomes
    // back-office time. Two full-time clerks: 2 x 468 − 2 x 360 = 216 minutes off the counter
    // plus 0.6 x 720 = 432: 648 back-office minutes a weekday.
    let text = office(7, "head_count = 2\nidle_counter_efficiency = 0.6", "")
        .replace("horizon_days = 14", "horizon_days = 14\nno_show_prob = 1.0")
        .replace("per_day = 0.0001", "per_day = 200");
    let (_, results) = run(&text);
    for reps in rows(&results, 0) {
        for r in &reps[..5] {
            assert_eq!(r.counter_open_min, 720.0);
            assert_eq!(r.counter_busy_min, 0.0);
            assert_eq!(r.counter_idle_min, 720.0);
            assert!((r.idle_backoffice_min - 432.0).abs() < 1e-9);
            assert!((r.backoffice_min - 648.0).abs() < 1e-9, "{}", r.backoffice_min);
        }
    }
}

#[test]
fn an_office_open_around_the_clock_has_no_overtime() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/reference-mmc.toml");
    let overrides = [amtsim::scenario::parse_override("simulation.days=60").unwrap()];
    let loaded = amtsim::scenario::load_file(&path, &overrides).unwrap();
    let plan = amtsim::model::Plan::new(loaded.scenario);
    let results = amtsim::experiment::run_replications(&plan, 2);
    assert_eq!(figure(&results, "overtime_hours").mean(), 0.0);
    assert!(figure(&results, "walkin_served").mean() > 1_000.0);
}

/// A random group: people, part-time, pattern, absences, hires (one temporary), quits, shifts,
/// Saturdays.
#[derive(Debug, Clone)]
struct RandomGroup {
    filled: f64,
    share: f64,
    part: f64,
    fewer: bool,
    absences: bool,
    quits: bool,
    shifts: bool,
    saturdays: Option<(f64, bool)>,
}

fn random_office(g: &RandomGroup) -> String {
    let RandomGroup { filled, share, part, fewer, absences, quits, shifts, saturdays } = g.clone();
    let mut staff = format!(
        "positions_fte = 20\nfilled_fte = {filled}\npart_time_share = {share}\npart_time_pattern = \"{}\"\npart_time_fte = {part}\nhires = [{{ date = \"2025-03-20\", count = 2, fte = 0.6 }}, {{ date = \"2025-03-24\", count = 1, until = \"2025-04-20\", ramp = false }}]",
        if fewer { "fewer_days" } else { "shorter_days" }
    );
    if absences {
        staff += "\nvacation_days_per_year = 30\ntraining_days_per_year = 5\nsick_leave = { absence_share = 0.1, duration_days = { dist = \"exponential\", mean_days = 4 } }";
    }
    if quits {
        staff += "\nquit_rate_per_year = 2.0\nreplacement_delay_days = 10";
    }
    if shifts {
        staff += "\nroster = [{ days = [\"tuesday\", \"friday\"], hours = \"09:00-13:30\", share = 0.5 }, { days = [\"friday\"], hours = \"12:00-15:00\", fte = 1 }]";
    }
    let calendar = match saturdays {
        Some((fte, paid)) => format!(
            "{}\ncompensation = \"{}\"",
            SATURDAYS.replace("fte = 2", &format!("fte = {fte}")),
            if paid { "paid" } else { "time_off" }
        ),
        None => String::new(),
    };
    office(56, &staff, &calendar).replace("holidays = \"none\"", "holidays = \"NW\"")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// contract + extra − time off = worked + closed + vacation + training + sick on every
    /// group-day; without quits or hires in a week, the week's contract is FTE x 5 x 468.
    #[test]
    fn working_time_adds_up(
        filled in 1.0f64..18.0,
        share in 0.0f64..1.0,
        part in 0.2f64..0.9,
        fewer in any::<bool>(),
        absences in any::<bool>(),
        quits in any::<bool>(),
        shifts in any::<bool>(),
        saturdays in proptest::option::of((0.5f64..6.0, any::<bool>())),
    ) {
        let (_, results) = run(&random_office(&RandomGroup { filled, share, part, fewer, absences, quits, shifts, saturdays }));
        for reps in rows(&results, 0) {
            for (d, r) in reps.iter().enumerate() {
                let due = r.contract_min + r.extra_min - r.time_off_min;
                let accounted = r.worked_min + r.closed_min + r.vacation_min + r.training_min + r.sick_min;
                prop_assert!((due - accounted).abs() < 1e-6, "day {d}: {r:?}");
                prop_assert!(r.worked_min >= 0.0 && r.time_off_min <= r.contract_min + 1e-9);
                prop_assert!(r.counter_busy_min <= r.counter_open_min + r.overtime_min + 1e-6, "day {d}: {r:?}");
            }
            // Before the hires start (day 17) and with nobody quitting, a week is exact.
            if !quits {
                let week: f64 = reps[..7].iter().map(|r| r.contract_min).sum();
                prop_assert!((week - filled * 5.0 * 468.0).abs() < 1e-6, "{week} vs {filled}");
            }
        }
    }
}

#[test]
fn a_long_thursday_is_covered_by_an_early_and_a_late_shift() {
    // Open Thursdays 08:00-18:00 only. Two full-time clerks (468 minutes): the early shift
    // from 08:00 covers 08:00-15:48, the late one from 10:00 covers 10:00-17:48; each gives
    // fifteen 30-minute slots (the early one's last at 15:00, the late one's at 17:00).
    let text = office(7, "head_count = 2\nroster = [{ days = [\"thursday\"], hours = \"08:00-16:00\", fte = 1 }, { days = [\"thursday\"], hours = \"10:00-18:00\", fte = 1 }]", "")
        .replace("monday = [\"08:00-12:00\", \"13:00-15:00\"]\ntuesday = [\"08:00-12:00\", \"13:00-15:00\"]\nwednesday = [\"08:00-12:00\", \"13:00-15:00\"]\nthursday = [\"08:00-12:00\", \"13:00-15:00\"]\nfriday = [\"08:00-12:00\", \"13:00-15:00\"]", "thursday = [\"08:00-18:00\"]")
        .replace("per_day = 0.0001", "per_day = 100");
    let (_, results) = run(&text);
    for r in &results {
        assert_eq!(r.days[3].slot_minutes_published, 30.0 * 30.0);
        assert_eq!(r.staff.days[3][0].counter_open_min, 2.0 * 468.0);
        // Booked full with 100 requests a day: the 17:00 slot is served, within duty.
        assert_eq!(r.portal.day_total(3).served, 30);
        assert_eq!(r.staff.days[3][0].overtime_min, 0.0);
    }
}

#[test]
fn a_walkin_desk_staffed_only_in_its_shift_serves_only_then() {
    // Walk-in hours 08:00-12:00, ten people queue before opening, 60-minute services. Two
    // clerks, of whom one is on the 09:00-11:00 shift and the other off the counter: services
    // start at 09:00 and 10:00; the other eight are sent home at noon.
    let text = r#"
[simulation]
start_date = "2025-03-03"
days = 5
replications = 2
[calendar]
holidays = "none"
[calendar.opening_hours]
monday = ["08:00-12:00"]
tuesday = ["08:00-12:00"]
wednesday = ["08:00-12:00"]
thursday = ["08:00-12:00"]
friday = ["08:00-12:00"]
[[case_types]]
name = "urgent"
arrivals = { process = "fixed_daily", count = 10, days = "open_days", windows = ["06:00-07:00"] }
channels = { walkin = 1.0 }
service_time = { dist = "deterministic", value_min = 60 }
[[staff]]
name = "desk"
head_count = 2
work = "walkin"
roster = [{ days = ["weekdays"], hours = "09:00-11:00", fte = 1 }]
"#;
    let (_, results) = run(text);
    for r in &results {
        for d in 0..5 {
            assert_eq!((r.days[d].walkin_served, r.days[d].walkin_sent_home), (2, 8), "day {d}");
            assert_eq!(r.staff.days[d][0].counter_open_min, 120.0);
            assert_eq!(r.staff.days[d][0].counter_busy_min, 120.0);
        }
    }
}

/// The problems of scenario `text`, as the user sees them.
fn problems(text: &str) -> String {
    match amtsim::scenario::load_str(text, "test.toml", &[]) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn rosters_and_saturday_staff_that_cannot_work_are_refused_with_their_key_path() {
    let unstaffed = office(
        7,
        "head_count = 2",
        "[calendar.saturday_openings]\nevery_weeks = 1\nfirst = \"2025-03-08\"\nhours = [\"08:30-12:30\"]",
    );
    let e = problems(&unstaffed);
    assert!(e.contains("calendar.saturday_openings.staff") && e.contains("say who works"), "{e}");
    let unknown = office(7, "head_count = 2", &SATURDAYS.replace("\"team\"", "\"taem\""));
    let e = problems(&unknown);
    assert!(e.contains("calendar.saturday_openings.staff[0].group") && e.contains("did you mean \"team\""), "{e}");
    let both = office(7, "head_count = 2", &SATURDAYS.replace("fte = 2", "fte = 2, share = 0.5"));
    assert!(problems(&both).contains("either fte or share"));
    let weekend_shift =
        office(7, "head_count = 2\nroster = [{ days = [\"sunday\"], hours = \"10:00-14:00\", fte = 1 }]", "");
    let e = problems(&weekend_shift);
    assert!(
        e.contains("staff[0].roster[0].days") && e.contains("sunday is not one of the group's working_days"),
        "{e}"
    );
    let bad_hours =
        office(7, "head_count = 2\nroster = [{ days = [\"monday\"], hours = \"14:00-10:00\", fte = 1 }]", "");
    assert!(problems(&bad_hours).contains("staff[0].roster[0].hours"));
    let bad_day = office(7, "head_count = 2\nworking_days = [\"mondey\"]", "");
    let e = problems(&bad_day);
    assert!(e.contains("staff[0].working_days") && e.contains("did you mean \"monday\""), "{e}");
    let pattern = office(7, "head_count = 2\npart_time_pattern = \"half_days\"", "");
    assert!(problems(&pattern).contains("staff[0].part_time_pattern"));
}
