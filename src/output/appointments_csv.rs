//! appointments.csv: the appointment log of one replication, as an office's booking software
//! would export it (local date-times to the minute, the recorded status).

use crate::engine::{SimTime, MS_PER_MIN};
use crate::model::Plan;
use crate::stats::AppointmentLog;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::fmt::Write;

/// Columns of appointments.csv, in this order; `amtsim fit` reads them by default.
pub const APPOINTMENT_COLUMNS: &[&str] =
    &["booking_time", "appointment_time", "case_type", "status", "service_start", "service_end"];

/// The log as CSV, one row per booking in booking order.
pub fn appointments_csv(log: &AppointmentLog, plan: &Plan) -> String {
    let start = plan.scenario.simulation.start_date;
    let mut out = APPOINTMENT_COLUMNS.join(",");
    out.push('\n');
    for row in log.rows() {
        let (service_start, service_end) = match row.service {
            Some((s, e)) => (local_time(start, s), local_time(start, e)),
            None => (String::new(), String::new()),
        };
        let _ = writeln!(
            out,
            "{},{},{},{},{service_start},{service_end}",
            local_time(start, row.booked_at),
            local_time(start, row.slot_start),
            super::csv_field(&plan.scenario.case_types[row.case as usize].name),
            row.status.word(),
        );
    }
    out
}

/// `YYYY-MM-DD HH:MM` of a simulation time, rounded to the nearest minute (so that a service
/// time computed from two logged times is not biased).
pub fn local_time(start_date: NaiveDate, t: SimTime) -> String {
    let minutes = (t + MS_PER_MIN / 2).div_euclid(MS_PER_MIN);
    let at = NaiveDateTime::new(start_date, NaiveTime::MIN) + chrono::Duration::minutes(minutes);
    at.format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_local_and_rounded_to_the_minute() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        assert_eq!(local_time(d, 0), "2025-01-06 00:00");
        assert_eq!(local_time(d, 25 * 60 * MS_PER_MIN + 29_999), "2025-01-07 01:00");
        assert_eq!(local_time(d, 25 * 60 * MS_PER_MIN + 30_000), "2025-01-07 01:01");
        assert_eq!(local_time(d, -MS_PER_MIN), "2025-01-05 23:59");
    }
}
