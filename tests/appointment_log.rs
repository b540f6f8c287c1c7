//! The appointment log (`amtsim run --appointment-log`): it only observes, and its statuses are
//! the recorded ones.

mod common;

use amtsim::model::{simulate, simulate_logged};
use amtsim::output::appointments_csv;
use amtsim::stats::AppointmentStatus;

/// The core office with every portal leak switched on, for 90 days.
fn leaky_office() -> String {
    let office =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/core-office.toml")).unwrap();
    office.replace("days = 364", "days = 90").replace(
        "no_show_prob = 0.09 ",
        "no_show_prob = 0.09\nattendance_unrecorded_prob = 0.05\ncancel_prob = 0.05\nwrong_category_prob = 0.04\n\
         duplicate_prob = 0.02\nconfirmation = { required = true, fail_prob = 0.05 }\n",
    )
}

#[test]
fn recording_the_log_changes_no_draw() {
    let plan = common::plan(&leaky_office());
    for replication in [0, 3] {
        let plain = simulate(&plan, replication);
        let (logged, log) = simulate_logged(&plan, replication);
        assert!(!log.rows().is_empty());
        assert_eq!(plain.events, logged.events);
        let bits = |r: &amtsim::model::ReplicationResult| r.figures.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&plain), bits(&logged));
    }
}

#[test]
fn statuses_are_the_recorded_outcomes() {
    let plan = common::plan(&leaky_office());
    let (result, log) = simulate_logged(&plan, 0);
    let count = |s: AppointmentStatus| log.rows().iter().filter(|r| r.status == s).count() as u64;
    let days = result.portal.days.iter().flatten();
    let sum = |f: fn(&amtsim::stats::PortalDay) -> u32| days.clone().map(|d| u64::from(f(d))).sum::<u64>();
    // Every slot that came due is attended, turned away or a recorded no-show; attended visits
    // the clerk did not mark are no-shows in the log, as in the recorded rate.
    assert_eq!(count(AppointmentStatus::NoShow), sum(|d| d.no_shows_recorded));
    assert_eq!(
        count(AppointmentStatus::Attended) + count(AppointmentStatus::TurnedAway) + count(AppointmentStatus::NoShow),
        sum(|d| d.served + d.wrong_category + d.no_shows)
    );
    assert!(count(AppointmentStatus::NoShow) > sum(|d| d.no_shows), "some attended visits are unrecorded");
    assert_eq!(count(AppointmentStatus::Unconfirmed), sum(|d| d.unconfirmed));
    assert!(count(AppointmentStatus::Cancelled) >= sum(|d| d.cancelled));
    for row in log.rows() {
        let held = matches!(row.status, AppointmentStatus::Attended | AppointmentStatus::TurnedAway);
        assert_eq!(row.service.is_some(), held, "{row:?}");
        if let Some((start, end)) = row.service {
            assert!(row.booked_at <= row.slot_start && row.slot_start <= start && start < end, "{row:?}");
        }
    }
    let csv = appointments_csv(&log, &plan);
    assert!(csv.starts_with("booking_time,appointment_time,case_type,status,service_start,service_end\n"));
    assert_eq!(csv.lines().count(), log.rows().len() + 1);
}
