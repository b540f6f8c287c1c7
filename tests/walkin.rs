//! The walk-in (ad-hoc) queue: tickets, closing, returns, queueing from the evening before.

mod common;

use common::{figure, run};

fn office(walkin: &str, arrivals: &str) -> String {
    let hours = "[\"08:00-16:00\"]";
    let calendar = common::open_every_day(hours);
    format!(
        r#"
[simulation]
start_date = "2025-03-03"
days = 5
replications = 3
{calendar}
[[case_types]]
name = "urgent"
arrivals = {arrivals}
channels = {{ walkin = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 60 }}
[[staff]]
name = "desk"
head_count = 1
work = "walkin"
[walkin]
{walkin}
"#
    )
}

const TEN_EARLY: &str = r#"{ process = "fixed_daily", count = 10, windows = ["06:00-07:00"] }"#;

#[test]
fn when_the_tickets_run_out_everyone_waiting_is_sent_home() {
    // Four tickets: services at 8, 9, 10, 11; at 12:00 the desk is free but no ticket is left.
    let (_, results) = run(&office("tickets_per_day = 4", TEN_EARLY));
    for r in &results {
        for d in &r.days {
            assert_eq!((d.walkin_served, d.walkin_sent_home), (4, 6), "{d:?}");
        }
    }
}

#[test]
fn people_sent_home_come_back_the_next_day() {
    // Everyone sent home returns the next day (window 06:00-09:00): the queue grows by 6 a day.
    let (_, results) = run(&office("tickets_per_day = 4\nreturn_share = 1.0", TEN_EARLY));
    for r in &results {
        let sent: Vec<u32> = r.days.iter().map(|d| d.walkin_sent_home).collect();
        let arrivals: Vec<u32> = r.days.iter().map(|d| d.walkin_arrivals).collect();
        assert_eq!(sent, vec![6, 12, 18, 24, 30]);
        assert_eq!(arrivals, vec![10, 16, 22, 28, 34]);
        // The 30 sent home on the last day are still at home at the end.
        assert_eq!(r.conservation.in_system_end, 30);
        assert_eq!(r.conservation.created, r.conservation.accounted());
    }
    assert_eq!(figure(&results, "walkin_returned").mean(), 6.0 + 12.0 + 18.0 + 24.0);
}

#[test]
fn closing_time_sends_the_rest_home_and_no_one_returns_by_default() {
    // No tickets; 8 hours of 60-minute services: 8 served, 2 sent home at 16:00.
    let (_, results) = run(&office("", TEN_EARLY));
    for r in &results {
        assert!(r.days.iter().all(|d| d.walkin_served == 8 && d.walkin_sent_home == 2));
    }
}

#[test]
fn people_queue_from_the_evening_before() {
    // Arrivals from 20:00 the evening before to 07:00: all are waiting at opening, and the
    // first arrived the evening before (negative clock time) on every day but the first.
    let arrivals = r#"{ process = "fixed_daily", count = 10, windows = ["20:00-07:00"] }"#;
    let (_, results) = run(&office("", arrivals));
    for r in &results {
        for (i, d) in r.days.iter().enumerate() {
            assert_eq!(d.walkin_queue_at_opening, Some(10));
            let first = d.walkin_first_arrival_clock_h.unwrap();
            assert!((-4.0..7.0).contains(&first));
            if i > 0 {
                // 10 uniform arrivals over 11 hours, 4 of them before midnight: the earliest is
                // in the evening with probability 1 - (7/11)^10 = 0.989; 3 x 4 days.
                assert!(first < 3.0, "day {i}: {first}");
            }
        }
    }
    let clock = figure(&results, "walkin_first_arrival_clock_h_mean").mean();
    assert!(clock < 0.0, "{clock}");
}

#[test]
fn the_impatient_leave_when_their_patience_runs_out_from_the_opening() {
    // Ten people come 06:00-07:00; the desk opens at 08:00 and serves one an hour. Patience
    // (150 min) starts at the opening: services start at 8, 9 and 10; at 10:30 the other seven
    // leave, each after 3.5 to 4.5 hours in line. Nobody comes back (return_share 0).
    let walkin = "patience = { dist = \"deterministic\", value_min = 150 }";
    let (_, results) = run(&office(walkin, TEN_EARLY));
    for r in &results {
        for d in &r.days {
            assert_eq!((d.walkin_served, d.walkin_sent_home), (3, 0), "{d:?}");
        }
        assert_eq!(r.conservation.abandoned, 35);
        assert_eq!(r.conservation.created, r.conservation.accounted());
    }
    assert_eq!(figure(&results, "walkin_abandoned").mean(), 35.0);
    assert_eq!(figure(&results, "walkin_served").mean(), 15.0);
    let wait = amtsim::stats::figure_index("walkin_abandoned_wait_mean_min").unwrap();
    for r in &results {
        assert!((210.0..=270.0).contains(&r.figures[wait]), "{}", r.figures[wait]);
    }
}

#[test]
fn without_patience_nobody_leaves_early_and_results_do_not_change() {
    let (_, plain) = run(&office("tickets_per_day = 4", TEN_EARLY));
    let (_, patient) = run(&office("tickets_per_day = 4\npatience_return_share = 1.0", TEN_EARLY));
    assert_eq!(figure(&plain, "walkin_abandoned").mean(), 0.0);
    for (a, b) in plain.iter().zip(&patient) {
        assert_eq!(
            a.figures.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            b.figures.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }
}
