//! The per-day files: daily.csv (one row per replication and day), portal_daily.csv (per
//! case type as well) and staff_daily.csv (per staff group as well).

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

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map_or(String::new(), |v| v.to_string())
}

fn f1(x: f64) -> String {
    format!("{x:.1}")
}

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

/// One row; cells that hold names (a case type or team called "Asyl, Duldung") are quoted.
fn push_row(out: &mut String, cells: &[String]) {
    let quoted: Vec<String> = cells.iter().map(|c| super::csv_field(c)).collect();
    out.push_str(&quoted.join(","));
    out.push('\n');
}

/// daily.csv as text.
pub fn daily_csv(results: &[ReplicationResult], plan: &Plan) -> String {
    let warmup = plan.scenario.simulation.warmup_days as usize;
    let mut out = DAILY_COLUMNS.join(",") + "\n";
    for r in results {
        for (d, row) in r.days.iter().enumerate() {
            let cal = &plan.calendar.days[d];
            let portal = r.portal.day_total(d);
            let staff = &r.staff.days[d];
            let util =
                (row.counter_open_min > 0.0).then(|| format!("{:.4}", row.counter_busy_min / row.counter_open_min));
            push_row(
                &mut out,
                &[
                    r.replication.to_string(),
                    d.to_string(),
                    cal.date.to_string(),
                    cal.weekday.to_string(),
                    u8::from(cal.is_open()).to_string(),
                    u8::from(d < warmup).to_string(),
                    row.arrivals.to_string(),
                    row.walkin_arrivals.to_string(),
                    portal.booked.to_string(),
                    portal.attempts_failed.to_string(),
                    portal.served.to_string(),
                    portal.no_shows.to_string(),
                    portal.no_shows_recorded.to_string(),
                    row.walkin_served.to_string(),
                    row.walkin_sent_home.to_string(),
                    opt(row.walkin_queue_at_opening),
                    opt(row.walkin_first_arrival_clock_h.map(f3)),
                    row.walkin_queue_max.to_string(),
                    row.walkin_queue_end.to_string(),
                    f1(row.walkin_wait_max_min),
                    row.appointments_pending_end.to_string(),
                    row.backlog_end.to_string(),
                    opt(row.portal_next_free_days.map(f3)),
                    f1(row.slot_minutes_published),
                    f1(row.slot_minutes_booked),
                    staff.iter().map(|g| g.present).sum::<u32>().to_string(),
                    f3(staff.iter().map(|g| g.present_fte).sum::<f64>()),
                    f1(row.counter_busy_min),
                    f1(row.counter_open_min),
                    opt(util),
                    opt(row.portal_next_free_days_max),
                ],
            );
        }
    }
    out
}

/// portal_daily.csv as text (empty of rows when no case type books through the portal).
pub fn portal_daily_csv(results: &[ReplicationResult], plan: &Plan) -> String {
    let mut out = PORTAL_COLUMNS.join(",") + "\n";
    let cases: Vec<usize> =
        (0..plan.scenario.case_types.len()).filter(|&c| plan.scenario.case_types[c].portal_share > 0.0).collect();
    for r in results {
        for (d, rows) in r.portal.days.iter().enumerate() {
            for &c in &cases {
                let p = &rows[c];
                push_row(
                    &mut out,
                    &[
                        r.replication.to_string(),
                        d.to_string(),
                        plan.calendar.days[d].date.to_string(),
                        plan.scenario.case_types[c].name.clone(),
                        p.attempts.to_string(),
                        p.attempts_failed.to_string(),
                        p.booked.to_string(),
                        p.unconfirmed.to_string(),
                        p.cancelled.to_string(),
                        p.cancelled_staff.to_string(),
                        p.no_shows.to_string(),
                        p.no_shows_recorded.to_string(),
                        p.wrong_category.to_string(),
                        p.served.to_string(),
                        p.gave_up.to_string(),
                        p.to_walkin.to_string(),
                        opt(p.next_free_days),
                        p.requests.to_string(),
                    ],
                );
            }
        }
    }
    out
}

/// staff_daily.csv as text.
pub fn staff_daily_csv(results: &[ReplicationResult], plan: &Plan) -> String {
    let mut out = STAFF_COLUMNS.join(",") + "\n";
    for r in results {
        for (d, rows) in r.staff.days.iter().enumerate() {
            for (g, s) in rows.iter().enumerate() {
                push_row(
                    &mut out,
                    &[
                        r.replication.to_string(),
                        d.to_string(),
                        plan.calendar.days[d].date.to_string(),
                        plan.scenario.staff[g].name.clone(),
                        f3(s.positions_fte),
                        f3(s.employed_fte),
                        f3(s.scheduled_fte),
                        f3(s.present_fte),
                        f3(s.sick_fte),
                        s.present.to_string(),
                        f1(s.contract_min),
                        f1(s.extra_min),
                        f1(s.time_off_min),
                        f1(s.worked_min),
                        f1(s.closed_min),
                        f1(s.vacation_min),
                        f1(s.training_min),
                        f1(s.sick_min),
                        f1(s.productive_min),
                        f1(s.counter_open_min),
                        f1(s.counter_busy_min),
                        f1(s.counter_idle_min),
                        f1(s.idle_backoffice_min),
                        f1(s.backoffice_min),
                        f1(s.backoffice_used_min),
                        f1(s.overtime_min),
                        s.cancelled_appointments.to_string(),
                        f1(s.hotline_min),
                        f1(s.hotline_busy_min),
                        f1(s.email_min),
                    ],
                );
            }
        }
    }
    out
}

/// permits_daily.csv as text.
pub fn permits_daily_csv(results: &[ReplicationResult], plan: &Plan) -> String {
    let mut out = PERMIT_COLUMNS.join(",") + "\n";
    for r in results {
        for (d, p) in r.permits.days.iter().enumerate() {
            push_row(
                &mut out,
                &[
                    r.replication.to_string(),
                    d.to_string(),
                    plan.calendar.days[d].date.to_string(),
                    p.renewal_requests.to_string(),
                    p.applications.to_string(),
                    p.decisions.to_string(),
                    p.incomplete_returned.to_string(),
                    p.fb_issued.to_string(),
                    p.fb_visits.to_string(),
                    p.backlog_end.to_string(),
                    opt(p.backlog_age_mean_days.map(f1)),
                    p.fb_active_end.to_string(),
                    p.expired_end.iter().sum::<u32>().to_string(),
                    p.holders_end.to_string(),
                    p.resubmitted.to_string(),
                    p.expired_end[0].to_string(),
                    p.expired_end[1].to_string(),
                    p.expired_end[2].to_string(),
                ],
            );
        }
    }
    out
}
