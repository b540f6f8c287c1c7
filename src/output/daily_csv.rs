//! The per-day files: daily.csv (one row per replication and day), portal_daily.csv (per
//! case type as well) and staff_daily.csv (per staff group as well).

use super::csv_row::Row;
use crate::model::{Plan, ReplicationResult};

/// Columns of daily.csv. A public interface: add at the end, never rename.
pub const DAILY_COLUMNS: &[&str] = &[
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
    "no_shows_recorded",
    "walkin_served",
    "walkin_sent_home",
    "walkin_queue_at_opening",
    "walkin_first_arrival_clock_h",
    "walkin_queue_max",
    "walkin_queue_end",
    "walkin_wait_max_min",
    "appointments_pending_end",
    "backlog_end",
    "portal_next_free_days",
    "slot_minutes_published",
    "slot_minutes_booked",
    "staff_present",
    "staff_present_fte",
    "counter_busy_min",
    "counter_open_min",
    "counter_utilisation",
    "portal_next_free_days_max",
];

/// Columns of portal_daily.csv.
pub const PORTAL_COLUMNS: &[&str] = &[
    "replication",
    "day",
    "date",
    "case_type",
    "attempts",
    "attempts_failed",
    "booked",
    "unconfirmed",
    "cancelled",
    "cancelled_staff",
    "no_shows",
    "no_shows_recorded",
    "wrong_category",
    "served",
    "gave_up",
    "to_walkin",
    "next_free_days",
    "requests",
];

/// Columns of staff_daily.csv.
pub const STAFF_COLUMNS: &[&str] = &[
    "replication",
    "day",
    "date",
    "group",
    "positions_fte",
    "employed_fte",
    "scheduled_fte",
    "present_fte",
    "sick_fte",
    "present",
    "contract_min",
    "extra_min",
    "time_off_min",
    "worked_min",
    "closed_min",
    "vacation_min",
    "training_min",
    "sick_min",
    "productive_min",
    "counter_open_min",
    "counter_busy_min",
    "counter_idle_min",
    "idle_backoffice_min",
    "backoffice_min",
    "backoffice_used_min",
    "overtime_min",
    "cancelled_appointments",
    "hotline_min",
    "hotline_busy_min",
    "email_min",
];

/// Columns of permits_daily.csv.
pub const PERMIT_COLUMNS: &[&str] = &[
    "replication",
    "day",
    "date",
    "renewal_requests",
    "applications",
    "decisions",
    "incomplete_returned",
    "fb_issued",
    "fb_visits",
    "backlog_end",
    "backlog_age_mean_days",
    "fb_active_end",
    "expired_end",
    "holders_end",
    "resubmitted",
    "expired_waiting_appointment_end",
    "expired_searching_end",
    "expired_backoffice_end",
];

/// Each day's date and weekday as written, made once rather than once per row.
fn day_labels(plan: &Plan) -> Vec<(String, String)> {
    plan.calendar.days.iter().map(|c| (c.date.to_string(), c.weekday.to_string())).collect()
}

/// daily.csv as text.
pub fn daily_csv(results: &[ReplicationResult], plan: &Plan) -> String {
    let warmup = plan.scenario.simulation.warmup_days as usize;
    let labels = day_labels(plan);
    let mut out = DAILY_COLUMNS.join(",") + "\n";
    out.reserve(results.iter().map(|r| r.days.len()).sum::<usize>() * 160);
    for r in results {
        for (d, row) in r.days.iter().enumerate() {
            let cal = &plan.calendar.days[d];
            let portal = r.portal.day_total(d);
            let staff = &r.staff.days[d];
            let util = (row.counter_open_min > 0.0).then(|| row.counter_busy_min / row.counter_open_min);
            Row::start(&mut out)
                .int(r.replication)
                .int(d)
                .text(&labels[d].0)
                .text(&labels[d].1)
                .int(u8::from(cal.is_open()))
                .int(u8::from(d < warmup))
                .int(row.arrivals)
                .int(row.walkin_arrivals)
                .int(portal.booked)
                .int(portal.attempts_failed)
                .int(portal.served)
                .int(portal.no_shows)
                .int(portal.no_shows_recorded)
                .int(row.walkin_served)
                .int(row.walkin_sent_home)
                .opt_int(row.walkin_queue_at_opening)
                .opt_fixed(row.walkin_first_arrival_clock_h, 3)
                .int(row.walkin_queue_max)
                .int(row.walkin_queue_end)
                .fixed(row.walkin_wait_max_min, 1)
                .int(row.appointments_pending_end)
                .int(row.backlog_end)
                .opt_fixed(row.portal_next_free_days, 3)
                .fixed(row.slot_minutes_published, 1)
                .fixed(row.slot_minutes_booked, 1)
                .int(staff.iter().map(|g| g.present).sum::<u32>())
                .fixed(staff.iter().map(|g| g.present_fte).sum::<f64>(), 3)
                .fixed(row.counter_busy_min, 1)
                .fixed(row.counter_open_min, 1)
                .opt_fixed(util, 4)
                .opt_shortest(row.portal_next_free_days_max)
                .end();
        }
    }
    out
}

/// portal_daily.csv as text (empty of rows when no case type books through the portal).
pub fn portal_daily_csv(results: &[ReplicationResult], plan: &Plan) -> String {
    let labels = day_labels(plan);
    let mut out = PORTAL_COLUMNS.join(",") + "\n";
    let cases: Vec<usize> =
        (0..plan.scenario.case_types.len()).filter(|&c| plan.scenario.case_types[c].portal_share > 0.0).collect();
    for r in results {
        for (d, rows) in r.portal.days.iter().enumerate() {
            for &c in &cases {
                let p = &rows[c];
                Row::start(&mut out)
                    .int(r.replication)
                    .int(d)
                    .text(&labels[d].0)
                    .text(&plan.scenario.case_types[c].name)
                    .int(p.attempts)
                    .int(p.attempts_failed)
                    .int(p.booked)
                    .int(p.unconfirmed)
                    .int(p.cancelled)
                    .int(p.cancelled_staff)
                    .int(p.no_shows)
                    .int(p.no_shows_recorded)
                    .int(p.wrong_category)
                    .int(p.served)
                    .int(p.gave_up)
                    .int(p.to_walkin)
                    .opt_shortest(p.next_free_days)
                    .int(p.requests)
                    .end();
            }
        }
    }
    out
}

/// staff_daily.csv as text.
pub fn staff_daily_csv(results: &[ReplicationResult], plan: &Plan) -> String {
    let labels = day_labels(plan);
    let mut out = STAFF_COLUMNS.join(",") + "\n";
    let rows: usize = results.iter().flat_map(|r| r.staff.days.iter().map(Vec::len)).sum();
    out.reserve(rows * 200);
    for r in results {
        for (d, rows) in r.staff.days.iter().enumerate() {
            for (g, s) in rows.iter().enumerate() {
                Row::start(&mut out)
                    .int(r.replication)
                    .int(d)
                    .text(&labels[d].0)
                    .text(&plan.scenario.staff[g].name)
                    .fixed(s.positions_fte, 3)
                    .fixed(s.employed_fte, 3)
                    .fixed(s.scheduled_fte, 3)
                    .fixed(s.present_fte, 3)
                    .fixed(s.sick_fte, 3)
                    .int(s.present)
                    .fixed(s.contract_min, 1)
                    .fixed(s.extra_min, 1)
                    .fixed(s.time_off_min, 1)
                    .fixed(s.worked_min, 1)
                    .fixed(s.closed_min, 1)
                    .fixed(s.vacation_min, 1)
                    .fixed(s.training_min, 1)
                    .fixed(s.sick_min, 1)
                    .fixed(s.productive_min, 1)
                    .fixed(s.counter_open_min, 1)
                    .fixed(s.counter_busy_min, 1)
                    .fixed(s.counter_idle_min, 1)
                    .fixed(s.idle_backoffice_min, 1)
                    .fixed(s.backoffice_min, 1)
                    .fixed(s.backoffice_used_min, 1)
                    .fixed(s.overtime_min, 1)
                    .int(s.cancelled_appointments)
                    .fixed(s.hotline_min, 1)
                    .fixed(s.hotline_busy_min, 1)
                    .fixed(s.email_min, 1)
                    .end();
            }
        }
    }
    out
}

/// permits_daily.csv as text.
pub fn permits_daily_csv(results: &[ReplicationResult], plan: &Plan) -> String {
    let labels = day_labels(plan);
    let mut out = PERMIT_COLUMNS.join(",") + "\n";
    for r in results {
        for (d, p) in r.permits.days.iter().enumerate() {
            Row::start(&mut out)
                .int(r.replication)
                .int(d)
                .text(&labels[d].0)
                .int(p.renewal_requests)
                .int(p.applications)
                .int(p.decisions)
                .int(p.incomplete_returned)
                .int(p.fb_issued)
                .int(p.fb_visits)
                .int(p.backlog_end)
                .opt_fixed(p.backlog_age_mean_days, 1)
                .int(p.fb_active_end)
                .int(p.expired_end.iter().sum::<u32>())
                .int(p.holders_end)
                .int(p.resubmitted)
                .int(p.expired_end[0])
                .int(p.expired_end[1])
                .int(p.expired_end[2])
                .end();
        }
    }
    out
}
