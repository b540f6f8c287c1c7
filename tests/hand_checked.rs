//! Small cases whose every number can be worked out by hand.

mod common;

use common::{figure, run};

/// One clerk, opening hours per weekday given, one case type, all values inline.
fn office(hours: &str, case: &str, staff: &str, extra: &str) -> String {
    let calendar = common::open_weekdays(hours);
    format!(
        r#"
[simulation]
start_date = "2025-03-03"   # a Monday
days = 7
replications = 3
{calendar}
[[case_types]]
{case}
[[staff]]
{staff}
{extra}
"#
    )
}

#[test]
fn walkins_beyond_daily_capacity_are_sent_home_exactly() {
    // 10 people arrive before opening each weekday; one clerk, 60-minute services, open
    // 08:00-12:00: services start at 8, 9, 10 and 11; at 12:00 the other 6 are sent home.
    let text = office(
        r#"["08:00-12:00"]"#,
        r#"name = "urgent"
arrivals = { process = "fixed_daily", count = 10, days = "open_days", windows = ["06:00-07:00"] }
channels = { walkin = 1.0 }
service_time = { dist = "deterministic", value_min = 60 }"#,
        "name = \"desk\"\nhead_count = 1\nwork = \"walkin\"",
        "",
    );
    let (_, results) = run(&text);
    for r in &results {
        let weekdays = &r.days[..5];
        assert!(weekdays.iter().all(|d| d.walkin_served == 4 && d.walkin_sent_home == 6), "{weekdays:?}");
        assert!(weekdays.iter().all(|d| d.walkin_queue_at_opening == Some(10)));
        assert!(r.days[5..].iter().all(|d| d.arrivals == 0 && d.walkin_queue_at_opening.is_none()));
        assert_eq!(r.conservation.sent_home, 30);
    }
    assert_eq!(figure(&results, "walkin_served").mean(), 20.0);
    // Waits: the four served arrived between 06:00 and 07:00 and started at 8, 9, 10 and 11
    // o'clock (mean 09:30), so their mean wait lies between 150 and 210 minutes.
    for r in &results {
        let wait = r.figures[amtsim::stats::figure_index("walkin_wait_mean_min").unwrap()];
        assert!((150.0..=210.0).contains(&wait), "{wait}");
    }
}

#[test]
fn a_lunch_break_does_not_send_anyone_home() {
    let text = office(
        r#"["08:00-09:00", "10:00-11:00"]"#,
        r#"name = "urgent"
arrivals = { process = "fixed_daily", count = 3, days = "open_days", windows = ["07:00-07:30"] }
channels = { walkin = 1.0 }
service_time = { dist = "deterministic", value_min = 60 }"#,
        "name = \"desk\"\nhead_count = 1\nwork = \"walkin\"",
        "",
    );
    let (_, results) = run(&text);
    // 08:00 and 10:00 starts; the third person waits through the break and is sent home at 11:00.
    for d in &results[0].days[..5] {
        assert_eq!((d.walkin_served, d.walkin_sent_home), (2, 1), "{d:?}");
    }
}

#[test]
fn booked_slots_queue_behind_a_late_clerk() {
    // Three 20-minute slots a day (08:00, 08:20, 08:40); services take 30 minutes, so the
    // starts are 08:00, 08:30, 09:00: delays 0, 10, 20 (mean 10). Five requests a day at night,
    // same-day horizon: 3 booked, 2 find nothing.
    let text = office(
        r#"["08:00-09:00"]"#,
        r#"name = "renewal"
arrivals = { process = "fixed_daily", count = 5, days = "weekdays", windows = ["00:00-01:00"] }
channels = { portal = 1.0 }
service_time = { dist = "deterministic", value_min = 30 }
slot_min = 20"#,
        "name = \"clerk\"\nhead_count = 1\nwork = \"appointments\"",
        "[portal]\nhorizon_days = 0",
    );
    let (_, results) = run(&text);
    for r in &results {
        assert!((0..5)
            .map(|d| r.portal.day_total(d))
            .all(|p| p.booked == 3 && p.attempts_failed == 2 && p.served == 3));
        // Each day: 90 minutes of service against 60 minutes of opening.
        assert!(r.days[..5].iter().all(|d| (d.counter_busy_min - 90.0).abs() < 1e-9 && d.counter_open_min == 60.0));
    }
    assert_eq!(figure(&results, "appointment_delay_mean_min").mean(), 10.0);
    assert_eq!(figure(&results, "bookings").mean(), 15.0);
    assert_eq!(figure(&results, "booking_attempts_failed").mean(), 10.0);
}

#[test]
fn a_full_day_pushes_bookings_to_the_next_open_day() {
    // Horizon 7 days: the 5 requests of Monday take Monday's 3 slots and Tuesday's first 2,
    // and so on; lead times are known exactly up to the request's minute within 00:00-01:00.
    let text = office(
        r#"["08:00-09:00"]"#,
        r#"name = "renewal"
arrivals = { process = "fixed_daily", count = 5, days = "weekdays", windows = ["00:00-01:00"] }
channels = { portal = 1.0 }
service_time = { dist = "deterministic", value_min = 20 }
slot_min = 20"#,
        "name = \"clerk\"\nhead_count = 1\nwork = \"appointments\"",
        "[portal]\nhorizon_days = 7",
    );
    let (_, results) = run(&text);
    let r = &results[0];
    let served: Vec<u32> = (0..7).map(|d| r.portal.day_total(d).served).collect();
    assert_eq!(served, vec![3, 3, 3, 3, 3, 0, 0]);
    // Pending at the end of each day: 2, 4, 6, 8, 10 left for later days, unchanged over the weekend.
    let pending: Vec<u32> = r.days.iter().map(|d| d.appointments_pending_end).collect();
    assert_eq!(pending, vec![2, 4, 6, 8, 10, 10, 10]);
    assert_eq!(r.conservation.created, r.conservation.accounted());
}

#[test]
fn no_shows_occur_at_their_rate_and_waste_the_slot() {
    // 1,000 requests a day, 1,000 slots of 1 minute; no-show probability 0.2.
    let text = office(
        r#"["00:00-24:00"]"#,
        r#"name = "renewal"
arrivals = { process = "fixed_daily", count = 1000, days = "weekdays", windows = ["00:00-00:01"] }
channels = { portal = 1.0 }
service_time = { dist = "deterministic", value_min = 1 }
slot_min = 1"#,
        "name = \"clerk\"\nhead_count = 1\nwork = \"appointments\"\nminutes_per_day = 1440",
        "[portal]\nhorizon_days = 0\nno_show_prob = 0.2",
    );
    let (_, results) = run(&text);
    let rate = figure(&results, "no_show_rate_true");
    // 3 replications x ~5,000 appointments: SE of the rate ~0.0057/sqrt(3); 99% CI check.
    common::assert_in_ci(&rate, 0.2, 0.99, "no-show rate");
    for r in &results {
        let p = r.portal.day_total(0);
        assert_eq!(p.served + p.no_shows + r.days[0].appointments_pending_end, p.booked);
    }
}
