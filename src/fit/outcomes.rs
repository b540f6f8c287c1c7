//! No-show and cancellation rates with Wilson intervals.
//!
//! Only appointments due by the last day with a recorded attendance or no-show count: later
//! ones were still open when the log was exported, and counting their early cancellations
//! alone would overstate the cancellation rate.

use super::intervals::{wilson, Interval};
use super::log_reader::LogRow;
use crate::stats::AppointmentStatus;
use chrono::NaiveDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Outcomes {
    /// Recorded no-shows / appointments that came due and were not cancelled.
    pub no_show: Option<Interval>,
    /// Cancellations / bookings whose appointment came due.
    pub cancel: Option<Interval>,
}

/// The last appointment with a recorded outcome: the export's horizon of known outcomes.
pub fn resolved_until<'a>(rows: impl Iterator<Item = &'a LogRow>) -> Option<NaiveDateTime> {
    rows.filter(|r| matches!(r.status, AppointmentStatus::Attended | AppointmentStatus::NoShow))
        .map(|r| r.appointment)
        .max()
}

pub fn outcomes(rows: &[&LogRow], until: Option<NaiveDateTime>, level: f64) -> Outcomes {
    let Some(until) = until else { return Outcomes::default() };
    let (mut came_due, mut no_shows, mut cancelled) = (0u64, 0u64, 0u64);
    for r in rows.iter().filter(|r| r.appointment <= until) {
        match r.status {
            AppointmentStatus::Attended | AppointmentStatus::TurnedAway => came_due += 1,
            AppointmentStatus::NoShow => {
                came_due += 1;
                no_shows += 1;
            }
            AppointmentStatus::Cancelled => cancelled += 1,
            _ => {}
        }
    }
    Outcomes { no_show: wilson(no_shows, came_due, level), cancel: wilson(cancelled, came_due + cancelled, level) }
}
