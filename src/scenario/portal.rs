//! The booking portal's rules: horizon and release, leaks, retries, levers, starting state.

use super::dist_reader::{read_dist_at, Unit};
use super::reader::Node;
use crate::calendar::parse_clock;
use crate::dist::Dist;

/// Booking must be confirmed by e-mail within a deadline, or the slot goes back.
#[derive(Debug, Clone)]
pub struct Confirmation {
    pub deadline_min: u32,
    /// Share of bookings never confirmed.
    pub fail_prob: f64,
    /// How long until a client whose booking lapsed notices and tries again.
    pub notice_delay: Dist,
}

/// The portal as the scenario describes it.
#[derive(Debug, Clone)]
pub struct Portal {
    /// A slot can be booked up to this many days after the day of the request (inclusive);
    /// the furthest day is released each morning at `release_min`.
    pub horizon_days: u32,
    pub release_min: u32,
    /// True probability that a booked client does not come, at zero lead time.
    pub no_show_prob: f64,
    /// Added to the no-show probability per week between booking and slot.
    pub no_show_increase_per_week: f64,
    /// Reminders multiply the no-show probability by this factor (1: no reminders).
    pub reminder_factor: f64,
    /// Share of attended appointments the clerk fails to mark: recorded as no-shows.
    pub attendance_unrecorded_prob: f64,
    /// Extra bookings accepted per slot (0.1: every tenth slot is booked twice).
    pub overbooking: f64,
    /// Share of slots held back and released only `short_notice_days` ahead.
    pub short_notice_share: f64,
    pub short_notice_days: u32,
    pub confirmation: Option<Confirmation>,
    pub wrong_category_prob: f64,
    /// Counter time a wrong-category booking takes before the client is turned away.
    pub wrong_category_service_min: f64,
    /// Share of bookings cancelled in advance (at a uniform time between booking and slot).
    pub cancel_prob: f64,
    /// Share of clients who book extra slots and drop them late.
    pub duplicate_prob: f64,
    pub duplicate_extra_slots: u32,
    pub duplicate_drop_days: f64,
    /// Time between booking attempts when nothing is free.
    pub retry_interval: Dist,
    /// Attempts that find nothing before a client gives up or, if urgent, walks in.
    pub max_attempts: u32,
    /// A client whose deadline is at most this many days away is urgent.
    pub urgent_days: f64,
    /// Starting state: the first `booked_out_days` days are booked to this share.
    pub initial_booked_days: u32,
    pub initial_booked_share: f64,
}

impl Default for Portal {
    fn default() -> Self {
        Portal {
            horizon_days: 56,
            release_min: 0,
            no_show_prob: 0.0,
            no_show_increase_per_week: 0.0,
            reminder_factor: 1.0,
            attendance_unrecorded_prob: 0.0,
            overbooking: 0.0,
            short_notice_share: 0.0,
            short_notice_days: 2,
            confirmation: None,
            wrong_category_prob: 0.0,
            wrong_category_service_min: 5.0,
            cancel_prob: 0.0,
            duplicate_prob: 0.0,
            duplicate_extra_slots: 1,
            duplicate_drop_days: 1.0,
            retry_interval: Dist::Deterministic { value: 1440.0 },
            max_attempts: 1,
            urgent_days: 14.0,
            initial_booked_days: 0,
            initial_booked_share: 1.0,
        }
    }
}

pub(super) fn read_portal(root: &Node) -> Portal {
    let d = Portal::default();
    let Some(node) = root.opt_table("portal") else { return d };
    let horizon_days = node.int_or("horizon_days", d.horizon_days as i64, 0, 3650) as u32;
    let release_min = match node.opt_str("release_time") {
        Some(t) => parse_clock(t).map_err(|e| node.problem("release_time", e)).ok().filter(|m| *m < 1440).unwrap_or(0),
        None => 0,
    };
    let prob = |key: &'static str, default: f64| node.f64_or(key, default, 0.0, 1.0);
    let no_show_prob = prob("no_show_prob", d.no_show_prob);
    let no_show_increase_per_week = node.f64_or("no_show_increase_per_week", 0.0, 0.0, 0.2);
    let reminder_factor = node.f64_or("reminder_factor", 1.0, 0.0, 2.0);
    let attendance_unrecorded_prob = prob("attendance_unrecorded_prob", 0.0);
    let overbooking = node.f64_or("overbooking", 0.0, 0.0, 1.0);
    let short_notice_share = node.f64_or("short_notice_share", 0.0, 0.0, 1.0);
    let short_notice_days = node.int_or("short_notice_days", 2, 0, 365) as u32;
    if short_notice_days > horizon_days && short_notice_share > 0.0 {
        node.problem("short_notice_days", format!("must not exceed horizon_days ({horizon_days})"));
    }
    let confirmation = node.opt_table("confirmation").and_then(|c| {
        let required = c.bool_or("required", true);
        let deadline_min = (c.f64_or("deadline_hours", 24.0, 0.1, 720.0) * 60.0).round() as u32;
        let fail_prob = c.f64_or("fail_prob", 0.0, 0.0, 1.0);
        let notice_delay =
            read_dist_at(&c, "notice_delay", Unit::Minutes, false).unwrap_or(Dist::Deterministic { value: 2880.0 });
        c.finish();
        required.then_some(Confirmation { deadline_min, fail_prob, notice_delay })
    });
    let wrong_category_prob = prob("wrong_category_prob", 0.0);
    let wrong_category_service_min = node.f64_or("wrong_category_service_min", 5.0, 0.1, 600.0);
    let cancel_prob = prob("cancel_prob", 0.0);
    let duplicate_prob = prob("duplicate_prob", 0.0);
    let duplicate_extra_slots = node.int_or("duplicate_extra_slots", 1, 1, 10) as u32;
    let duplicate_drop_days = node.f64_or("duplicate_drop_days", 1.0, 0.0, 365.0);
    let (retry_interval, max_attempts) = match node.opt_table("retry") {
        Some(r) => {
            let interval = read_dist_at(&r, "interval", Unit::Minutes, true).unwrap_or(d.retry_interval.clone());
            let attempts = r.int_or("max_attempts", 10, 1, 10_000) as u32;
            r.finish();
            (interval, attempts)
        }
        None => (d.retry_interval.clone(), d.max_attempts),
    };
    let urgent_days = node.f64_or("urgent_days", d.urgent_days, 0.0, 3650.0);
    let (initial_booked_days, initial_booked_share) = match node.opt_table("initial") {
        Some(i) => {
            let days = i.int_or("booked_out_days", 0, 0, horizon_days as i64) as u32;
            let share = i.f64_or("booked_share", 1.0, 0.0, 1.0);
            i.finish();
            (days, share)
        }
        None => (0, 1.0),
    };
    node.finish();
    Portal {
        horizon_days,
        release_min,
        no_show_prob,
        no_show_increase_per_week,
        reminder_factor,
        attendance_unrecorded_prob,
        overbooking,
        short_notice_share,
        short_notice_days,
        confirmation,
        wrong_category_prob,
        wrong_category_service_min,
        cancel_prob,
        duplicate_prob,
        duplicate_extra_slots,
        duplicate_drop_days,
        retry_interval,
        max_attempts,
        urgent_days,
        initial_booked_days,
        initial_booked_share,
    }
}
