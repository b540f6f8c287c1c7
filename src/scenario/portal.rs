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

/// A booking tool of its own (`[portal.tools.NAME]`): the portal's rules, each key the
/// tool does not set taken from `[portal]`, for the case types that name it as their
/// `booking_tool`. Its slots are those of the teams that serve those case types.
#[derive(Debug, Clone)]
pub struct BookingTool {
    pub name: String,
    pub label: super::text::Text,
    pub portal: Portal,
}

/// A booking tool's key path split into the tool's name and the portal key it sets
/// (`portal.tools.ukraine.no_show_prob` → `("ukraine", "no_show_prob")`).
pub fn tool_key(path: &str) -> Option<(&str, &str)> {
    path.strip_prefix("portal.tools.")?.split_once('.')
}

/// The names of the booking tools a document declares (case types refer to them).
pub(super) fn tool_names(doc: &toml::Table) -> Vec<String> {
    let tools = doc.get("portal").and_then(|p| p.get("tools")).and_then(toml::Value::as_table);
    tools.map_or_else(Vec::new, |t| t.keys().cloned().collect())
}

/// `[portal]` and its booking tools.
pub(super) fn read_portal(root: &Node) -> (Portal, Vec<BookingTool>) {
    let Some(node) = root.opt_table("portal") else { return (Portal::default(), Vec::new()) };
    let portal = read_rules(&node, &Portal::default(), false);
    let tools = node
        .named_tables("tools")
        .into_iter()
        .map(|(name, t)| {
            let label = t.opt_text("label");
            let rules = read_rules(&t, &portal, true);
            t.finish();
            BookingTool { name: name.to_string(), label, portal: rules }
        })
        .collect();
    node.finish();
    (portal, tools)
}

/// The rules of a portal table, each key absent taken from `d`; a tool (`inherit`) also
/// takes the keys of its `retry`, `confirmation` and `initial` tables from `d`.
fn read_rules(node: &Node, d: &Portal, inherit: bool) -> Portal {
    let horizon_days = node.int_or("horizon_days", d.horizon_days as i64, 0, 3650) as u32;
    let release_min = match node.opt_str("release_time") {
        Some(t) => parse_clock(t).map_err(|e| node.problem("release_time", e)).ok().filter(|m| *m < 1440).unwrap_or(0),
        None => d.release_min,
    };
    let prob = |key: &'static str, default: f64| node.f64_or(key, default, 0.0, 1.0);
    let no_show_prob = prob("no_show_prob", d.no_show_prob);
    let no_show_increase_per_week = node.f64_or("no_show_increase_per_week", d.no_show_increase_per_week, 0.0, 0.2);
    let reminder_factor = node.f64_or("reminder_factor", d.reminder_factor, 0.0, 2.0);
    let attendance_unrecorded_prob = prob("attendance_unrecorded_prob", d.attendance_unrecorded_prob);
    let overbooking = node.f64_or("overbooking", d.overbooking, 0.0, 1.0);
    let short_notice_share = node.f64_or("short_notice_share", d.short_notice_share, 0.0, 1.0);
    let short_notice_days = node.int_or("short_notice_days", d.short_notice_days as i64, 0, 365) as u32;
    if short_notice_days > horizon_days && short_notice_share > 0.0 {
        node.problem("short_notice_days", format!("must not exceed horizon_days ({horizon_days})"));
    }
    let confirmation = match node.opt_table("confirmation") {
        Some(c) => {
            let base = d.confirmation.as_ref().filter(|_| inherit);
            let required = c.bool_or("required", true);
            let deadline_hours = base.map_or(24.0, |b| b.deadline_min as f64 / 60.0);
            let deadline_min = (c.f64_or("deadline_hours", deadline_hours, 0.1, 720.0) * 60.0).round() as u32;
            let fail_prob = c.f64_or("fail_prob", base.map_or(0.0, |b| b.fail_prob), 0.0, 1.0);
            let notice_delay = read_dist_at(&c, "notice_delay", Unit::Minutes, false)
                .unwrap_or_else(|| base.map_or(Dist::Deterministic { value: 2880.0 }, |b| b.notice_delay.clone()));
            c.finish();
            required.then_some(Confirmation { deadline_min, fail_prob, notice_delay })
        }
        None => d.confirmation.clone(),
    };
    let wrong_category_prob = prob("wrong_category_prob", d.wrong_category_prob);
    let wrong_category_service_min =
        node.f64_or("wrong_category_service_min", d.wrong_category_service_min, 0.1, 600.0);
    let cancel_prob = prob("cancel_prob", d.cancel_prob);
    let duplicate_prob = prob("duplicate_prob", d.duplicate_prob);
    let duplicate_extra_slots = node.int_or("duplicate_extra_slots", d.duplicate_extra_slots as i64, 1, 10) as u32;
    let duplicate_drop_days = node.f64_or("duplicate_drop_days", d.duplicate_drop_days, 0.0, 365.0);
    let (retry_interval, max_attempts) = match node.opt_table("retry") {
        Some(r) => {
            let interval = read_dist_at(&r, "interval", Unit::Minutes, !inherit).unwrap_or(d.retry_interval.clone());
            let attempts = r.int_or("max_attempts", if inherit { d.max_attempts as i64 } else { 10 }, 1, 10_000) as u32;
            r.finish();
            (interval, attempts)
        }
        None => (d.retry_interval.clone(), d.max_attempts),
    };
    let urgent_days = node.f64_or("urgent_days", d.urgent_days, 0.0, 3650.0);
    let (initial_booked_days, initial_booked_share) = match node.opt_table("initial") {
        Some(i) => {
            let base = if inherit { (d.initial_booked_days, d.initial_booked_share) } else { (0, 1.0) };
            let days = (i.int_or("booked_out_days", base.0 as i64, 0, horizon_days as i64) as u32).min(horizon_days);
            let share = i.f64_or("booked_share", base.1, 0.0, 1.0);
            i.finish();
            (days, share)
        }
        None => (d.initial_booked_days.min(horizon_days), d.initial_booked_share),
    };
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

/// Each portal's confirmation fits its horizon; a team's slots are published by one tool (so
/// a case type never takes a slot of another tool); a case type naming a tool books.
pub(super) fn check_tools(s: &super::Scenario, problems: &super::reader::Problems) {
    let portals = std::iter::once(("portal".to_string(), &s.portal))
        .chain(s.booking_tools.iter().map(|t| (format!("portal.tools.{}", t.name), &t.portal)));
    for (path, p) in portals {
        if p.confirmation.as_ref().is_some_and(|c| c.deadline_min as f64 / 1440.0 > p.horizon_days as f64 + 1.0) {
            problems.push(format!("{path}.confirmation.deadline_hours"), None, "is longer than the booking horizon");
        }
    }
    let tool_name = |t: Option<usize>| t.map_or("portal", |t| s.booking_tools[t].name.as_str());
    for (g, group) in s.staff.iter().enumerate().filter(|(_, g)| g.work.appointments) {
        let booked = s.booked_slot_lengths(&group.skills);
        let mut tools: Vec<Option<usize>> = booked.iter().map(|&(c, _)| s.case_types[c].booking_tool).collect();
        tools.dedup();
        if tools.len() > 1 {
            let cases: Vec<String> = booked
                .iter()
                .map(|&(c, _)| format!("{} ({})", s.case_types[c].name, tool_name(s.case_types[c].booking_tool)))
                .collect();
            problems.push(
                format!("staff[{g}].case_types"),
                None,
                format!("team \"{}\" would publish its slots through more than one booking tool: {}; a team's slots belong to one tool, so give the case types of another tool a team of their own", group.name, cases.join(", ")),
            );
        }
    }
    for (i, case) in s.case_types.iter().enumerate() {
        if case.booking_tool.is_some() && case.portal_share <= 0.0 {
            problems.push(
                format!("case_types[{i}].booking_tool"),
                None,
                "names a booking tool, but the case type books nothing (channels.portal is 0)",
            );
        }
    }
}
