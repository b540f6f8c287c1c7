//! daily.csv: one row per replication and day.

use crate::calendar::Calendar;
use crate::model::ReplicationResult;
use std::fmt::Write;

/// The columns, in order. A public interface: add at the end, never rename.
pub const COLUMNS: &[&str] = &[
    "replication",
    "day",
    "date",
    "weekday",
    "open",
    "warmup",
    "arrivals",
    "walkin_arrivals",
    "bookings",
    "booking_attempts_failed",
    "appointments_served",
    "no_shows",
    "walkin_served",
    "walkin_sent_home",
    "walkin_queue_at_opening",
    "walkin_queue_max",
    "walkin_queue_end",
    "appointments_pending_end",
    "staff_present",
    "counter_busy_min",
    "counter_open_min",
    "counter_utilisation",
    "backlog_end",
];

/// The whole file as text.
pub fn daily_csv(results: &[ReplicationResult], calendar: &Calendar, warmup_days: u32) -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for r in results {
        for (d, row) in r.days.iter().enumerate() {
            let plan = &calendar.days[d];
            let util = if row.counter_open_min > 0.0 {
                format!("{:.4}", row.counter_busy_min / row.counter_open_min)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{:.1},{:.1},{},{}",
                r.replication,
                d,
                plan.date,
                plan.weekday,
                u8::from(plan.is_open()),
                u8::from((d as u32) < warmup_days),
                row.arrivals,
                row.walkin_arrivals,
                row.bookings,
                row.booking_attempts_failed,
                row.appointments_served,
                row.no_shows,
                row.walkin_served,
                row.walkin_sent_home,
                row.walkin_queue_at_opening.map_or(String::new(), |q| q.to_string()),
                row.walkin_queue_max,
                row.walkin_queue_end,
                row.appointments_pending_end,
                row.staff_present,
                row.counter_busy_min,
                row.counter_open_min,
                util,
                row.backlog_end,
            );
        }
    }
    out
}
