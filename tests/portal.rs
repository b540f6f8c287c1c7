//! The booking portal and the walk-in queue as they really behave: hand-checked small cases
//! for the order of booking, confirmation, no-shows and closing, and statistical checks of
//! the leak rates.

mod common;

use common::{assert_in_ci, figure, run};

/// An office open every day 08:00-09:00 with one clerk; `cases` and `extra` are TOML text.
fn one_clerk(cases: &str, portal: &str, days: u32) -> String {
    let hours = "[\"08:00-09:00\"]";
    let calendar = common::open_every_day(hours);
    format!(
        r#"
[simulation]
start_date = "2025-03-03"
days = {days}
replications = 2
{calendar}
{cases}
[[staff]]
name = "clerk"
head_count = 1
work = "appointments"
working_days = ["all"]
[portal]
{portal}
"#
    )
}

fn case(name: &str, window: &str, slot_min: u32, service_min: u32, portal: &str) -> String {
    format!(
        r#"
[[case_types]]
name = "{name}"
arrivals = {{ process = "fixed_daily", count = 1, windows = ["{window}"] }}
channels = {{ portal = 1.0 }}
service_time = {{ dist = "deterministic", value_min = {service_min} }}
slot_min = {slot_min}
portal = {{ {portal} }}
"#
    )
}

#[test]
fn a_no_show_leaves_the_slot_empty_and_the_next_client_on_time() {
    // 08:00 slot: a client who never comes; 08:20 slot: a client served for 30 minutes.
    // Without the no-show the second would start at 08:30 (10 minutes late).
    let cases = case("absent", "00:00-00:10", 20, 30, "no_show_prob = 1.0")
        + &case("present", "00:20-00:30", 20, 30, "no_show_prob = 0.0");
    let (_, results) = run(&one_clerk(&cases, "horizon_days = 0", 5));
    for r in &results {
        for d in 0..5 {
            let p = r.portal.day_total(d);
            assert_eq!((p.booked, p.no_shows, p.served), (2, 1, 1), "day {d}");
            assert!((r.days[d].counter_busy_min - 30.0).abs() < 1e-9);
        }
    }
    assert_eq!(figure(&results, "appointment_delay_mean_min").mean(), 0.0);
    assert_eq!(figure(&results, "no_show_rate_true").mean(), 0.5);
}

#[test]
fn a_service_running_past_the_end_of_the_run_keeps_its_client_in_the_system() {
    // One 60-minute slot a day at 08:00, booked every night; each service takes 1,000 minutes
    // and ends at 00:40 the next day. The first two clients leave before the run ends; the
    // third is still being served when it ends (a plain visit leaves the books without an
    // event of its own only when its service ends within the run).
    let cases = case("long", "00:00-00:30", 60, 1000, "no_show_prob = 0.0");
    let (_, results) = run(&one_clerk(&cases, "horizon_days = 0", 3));
    for r in &results {
        let c = &r.conservation;
        assert_eq!((c.created, c.served, c.in_system_end), (3, 2, 1));
        assert_eq!(c.accounted(), c.created);
    }
}

#[test]
fn an_unconfirmed_booking_gives_its_slot_back_after_the_deadline() {
    // One 60-minute slot a day, same-day horizon. "forgetful" books it just after midnight and
    // never confirms; after the 1-hour deadline the slot is free again and "careful", arriving
    // at 02:00-02:30, books and uses it. The forgetful client notices only 10 days later.
    let cases = case("forgetful", "00:00-00:30", 60, 30, "confirm_fail_prob = 1.0")
        + &case("careful", "02:00-02:30", 60, 30, "confirm_fail_prob = 0.0");
    let portal = "horizon_days = 0\nconfirmation = { deadline_hours = 1, notice_delay = { dist = \"deterministic\", value_min = 14400 } }";
    let (_, results) = run(&one_clerk(&cases, portal, 6));
    for r in &results {
        for d in 0..6 {
            let forgetful = &r.portal.days[d][0];
            let careful = &r.portal.days[d][1];
            assert_eq!((forgetful.booked, forgetful.unconfirmed, forgetful.served), (1, 1, 0), "day {d}");
            assert_eq!((careful.booked, careful.served), (1, 1), "day {d}");
        }
        // The six forgetful clients are still waiting to notice at the end.
        assert_eq!(r.conservation.in_system_end, 6);
        assert_eq!(r.conservation.created, r.conservation.accounted());
    }
    assert_eq!(figure(&results, "bookings_unconfirmed").mean(), 6.0);
}

#[test]
fn a_wrong_category_booking_uses_a_short_slot_and_books_again() {
    // The client books the wrong category: 5 minutes at the counter, turned away, books again
    // after the retry interval (12 h, so the next day's slot) and is then served.
    let cases = case("confused", "00:00-00:10", 60, 30, "wrong_category_prob = 1.0");
    let portal = "horizon_days = 3\nwrong_category_service_min = 5\nretry = { interval = { dist = \"deterministic\", value_min = 720 }, max_attempts = 5 }";
    let (_, results) = run(&one_clerk(&cases, portal, 3));
    let r = &results[0];
    // Day 0: the day-0 client's wrong visit. Day 1: its second booking (served) has the slot,
    // so the day-1 client books day 2 ... each day one wrong visit and, from day 1, one served.
    let wrong: Vec<u32> = (0..3).map(|d| r.portal.day_total(d).wrong_category).collect();
    let served: Vec<u32> = (0..3).map(|d| r.portal.day_total(d).served).collect();
    assert_eq!(wrong, vec![1, 0, 1]);
    assert_eq!(served, vec![0, 1, 0]);
    assert!((r.days[0].counter_busy_min - 5.0).abs() < 1e-9);
}

#[test]
fn duplicate_bookings_hold_slots_until_they_are_dropped() {
    // A duplicate booker takes an extra slot and drops it 1 day before: the next-free probe
    // sees the extra slot taken, and it comes back to the pool unused.
    let cases = case("hoarder", "00:00-00:10", 60, 30, "duplicate_prob = 1.0");
    let portal = "horizon_days = 5\nduplicate_extra_slots = 2\nduplicate_drop_days = 1";
    let (_, results) = run(&one_clerk(&cases, portal, 10));
    for r in &results {
        assert_eq!(r.conservation.created, r.conservation.accounted());
    }
    // One hoarder a day, each served on its own slot. Extra slots are taken further and further
    // out (the near ones are still held by earlier hoarders), so later hoarders find fewer
    // within the horizon; all are dropped unused, some only after the run.
    assert_eq!(figure(&results, "bookings").mean(), 10.0);
    assert_eq!(figure(&results, "appointments_served").mean(), 10.0);
    let dropped = figure(&results, "duplicate_slots_dropped").mean();
    assert!(dropped > 0.0 && dropped <= 20.0, "{dropped}");
}

#[test]
fn recorded_and_true_no_show_rates_match_their_parameters() {
    // True rate q = 0.09; 5% of attended visits not marked: recorded = q + (1 - q) 0.05 = 0.1355
    // (the relation of the RKN report). 99% confidence intervals over 20 replications.
    let office =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/core-office.toml")).unwrap();
    let text = office
        .replace("no_show_prob = 0.09", "no_show_prob = 0.09\nattendance_unrecorded_prob = 0.05")
        .replace("days = 364", "days = 120");
    let (_, results) = run(&text);
    assert_in_ci(&figure(&results, "no_show_rate_true"), 0.09, 0.99, "true no-show rate");
    assert_in_ci(&figure(&results, "no_show_rate_recorded"), 0.09 + 0.91 * 0.05, 0.99, "recorded no-show rate");
}

#[test]
fn no_shows_rise_with_lead_time_and_fall_with_reminders() {
    let office =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/core-office.toml")).unwrap();
    let base = office.replace("days = 364", "days = 120");
    let rising = base.replace("no_show_prob = 0.09", "no_show_prob = 0.09\nno_show_increase_per_week = 0.02");
    let reminded = base.replace("no_show_prob = 0.09", "no_show_prob = 0.09\nreminder_factor = 0.75");
    let (_, b) = run(&base);
    let (_, r) = run(&rising);
    let (_, m) = run(&reminded);
    let rate = |x| figure(x, "no_show_rate_true").mean();
    assert!(rate(&r) > rate(&b) + 0.002, "{} vs {}", rate(&r), rate(&b));
    assert_in_ci(&figure(&m, "no_show_rate_true"), 0.09 * 0.75, 0.99, "no-show rate with reminders");
}
