//! Documents, their holders and the back office: the loop that brings people back.
//!
//! A case type may have a population of document holders (`holders`): they renew a lead time
//! before their document expires, and each renewal visit files an application. A case type
//! may have a back office (`back_office`): its applications wait in the backlog and are
//! decided with back-office clerk time. `[permits]` holds the provisional-certificate rule.

use super::dist_reader::{read_dist_at, Unit};
use super::reader::{suggestion, Node};
use crate::dist::Dist;

/// The population of document holders of a renewal case type.
#[derive(Debug, Clone)]
pub struct Holders {
    /// Holders at the start of the run.
    pub count: u32,
    /// Validity of a newly issued document, days.
    pub validity_days: Dist,
    /// How long before expiry a holder starts the renewal, days.
    pub renewal_lead_days: Dist,
    /// Holders who leave (naturalisation, moving away), per holder and year.
    pub leave_rate_per_year: f64,
    /// New holders per year who join with a fresh document (moving in).
    pub inflow_per_year: f64,
    /// Share of positive decisions that issue a settlement permit (never renewed).
    pub settlement_share: f64,
    /// Remaining validity at the start, days (None: the long-run mix, uniform over the cycle).
    pub initial_remaining_days: Option<Dist>,
}

/// Where applications of a case type go after the counter: the back office.
#[derive(Debug, Clone)]
pub struct BackOffice {
    /// Clerk time to decide one application, minutes.
    pub processing_min: Dist,
    /// Share of applications found incomplete: they go back to the client and return later.
    pub incomplete_share: f64,
    pub rework_days: Dist,
    /// Share of applications filed through the digital application portal (no counter visit).
    pub digital_share: f64,
    /// Applications waiting at the start, and their age at the start (days).
    pub initial_backlog: u32,
    pub initial_backlog_age_days: Dist,
    /// A positive decision makes the client a holder of this renewal case type (first applications).
    pub becomes_holder_of: Option<usize>,
    /// After a positive decision, the card is produced and picked up in a visit of this case type.
    pub card_pickup_case: Option<usize>,
    pub card_production_days: Dist,
}

/// In which order the back office decides applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacklogOrder {
    Fifo,
    /// The application whose holder's papers expire first.
    EarliestExpiry,
}

/// The provisional-certificate (Fiktionsbescheinigung) rule and backlog settings.
#[derive(Debug, Clone)]
pub struct Permits {
    pub fb_validity_days: f64,
    /// The case type of the visit that renews a provisional certificate (None: none is issued).
    pub fb_case: Option<usize>,
    /// How long before its certificate expires a holder comes to renew it, days.
    pub fb_renewal_lead_days: f64,
    pub backlog_order: BacklogOrder,
    /// The backlog counts as cleared on the first day it is below this size, on or after
    /// `backlog_cleared_from` (None: from the start).
    pub backlog_cleared_below: u32,
    pub backlog_cleared_from: Option<chrono::NaiveDate>,
    /// A holder whose renewal visit failed (gave up, sent home) tries again after this many days.
    pub retry_after_days: f64,
}

impl Default for Permits {
    fn default() -> Self {
        Permits {
            fb_validity_days: 3.0 * super::dist_reader::DAYS_PER_MONTH,
            fb_case: None,
            fb_renewal_lead_days: 14.0,
            backlog_order: BacklogOrder::Fifo,
            backlog_cleared_below: 0,
            backlog_cleared_from: None,
            retry_after_days: 7.0,
        }
    }
}

/// Case types referred to by name before all case types are known; resolved later.
#[derive(Debug, Clone, Default)]
pub(super) struct PendingNames {
    pub becomes_holder_of: Option<String>,
    pub card_pickup_case: Option<String>,
}

pub(super) fn read_holders(node: &Node) -> Option<Holders> {
    let h = node.opt_table("holders")?;
    let count = h.req_int("count", 0, 100_000_000).map(|c| c as u32);
    let validity_days = read_dist_at(&h, "validity", Unit::Months, true);
    let renewal_lead_days = read_dist_at(&h, "renewal_lead", Unit::Days, true);
    let leave_rate_per_year = h.f64_or("leave_rate_per_year", 0.0, 0.0, 5.0);
    let inflow_per_year = h.f64_or("inflow_per_year", 0.0, 0.0, 1e8);
    let settlement_share = h.f64_or("settlement_share", 0.0, 0.0, 1.0);
    let initial_remaining_days = read_dist_at(&h, "initial_remaining", Unit::Days, false);
    h.finish();
    Some(Holders {
        count: count?,
        validity_days: validity_days?,
        renewal_lead_days: renewal_lead_days?,
        leave_rate_per_year,
        inflow_per_year,
        settlement_share,
        initial_remaining_days,
    })
}

pub(super) fn read_back_office(node: &Node) -> Option<(BackOffice, PendingNames)> {
    let b = node.opt_table("back_office")?;
    let processing_min = read_dist_at(&b, "processing", Unit::Minutes, true);
    let incomplete_share = b.f64_or("incomplete_share", 0.0, 0.0, 0.95);
    let rework_days = read_dist_at(&b, "rework", Unit::Days, false).unwrap_or(Dist::Deterministic { value: 21.0 });
    let digital_share = b.f64_or("digital_share", 0.0, 0.0, 1.0);
    let initial_backlog = b.int_or("initial_backlog", 0, 0, 10_000_000) as u32;
    let initial_backlog_age_days =
        read_dist_at(&b, "initial_backlog_age", Unit::Days, false).unwrap_or(Dist::Uniform { min: 0.0, max: 90.0 });
    let names = PendingNames {
        becomes_holder_of: b.opt_str("becomes_holder_of").map(str::to_string),
        card_pickup_case: b.opt_str("card_pickup_case").map(str::to_string),
    };
    let card_production_days =
        read_dist_at(&b, "card_production", Unit::Days, false).unwrap_or(Dist::Deterministic { value: 35.0 });
    b.finish();
    Some((
        BackOffice {
            processing_min: processing_min?,
            incomplete_share,
            rework_days,
            digital_share,
            initial_backlog,
            initial_backlog_age_days,
            becomes_holder_of: None,
            card_pickup_case: None,
            card_production_days,
        },
        names,
    ))
}

/// Looks a case type up by name for `path`, reporting unknown names.
pub(super) fn resolve_case(node: &Node, key: &'static str, name: &str, names: &[&str]) -> Option<usize> {
    let found = names.iter().position(|n| *n == name);
    if found.is_none() {
        node.problem(
            key,
            format!("\"{name}\" is not a case type{}; known: {}", suggestion(name, names), names.join(", ")),
        );
    }
    found
}

pub(super) fn read_permits(root: &Node, case_names: &[&str]) -> Permits {
    let d = Permits::default();
    let Some(node) = root.opt_table("permits") else { return d };
    let fb_validity_days = node.f64_or("fb_validity_months", 3.0, 0.1, 120.0) * super::dist_reader::DAYS_PER_MONTH;
    let fb_case = node.opt_str("fb_case_type").and_then(|n| resolve_case(&node, "fb_case_type", n, case_names));
    let fb_renewal_lead_days = node.f64_or("fb_renewal_lead_days", 14.0, 0.0, 365.0);
    let backlog_order = match node.opt_choice("backlog_order", &["fifo", "earliest_expiry"]) {
        Some("earliest_expiry") => BacklogOrder::EarliestExpiry,
        _ => BacklogOrder::Fifo,
    };
    let backlog_cleared_below = node.int_or("backlog_cleared_below", 0, 0, 10_000_000) as u32;
    let backlog_cleared_from = super::build::read_date(&node, "backlog_cleared_from");
    let retry_after_days = node.f64_or("retry_after_days", 7.0, 0.1, 365.0);
    node.finish();
    Permits {
        fb_validity_days,
        fb_case,
        fb_renewal_lead_days,
        backlog_order,
        backlog_cleared_below,
        backlog_cleared_from,
        retry_after_days,
    }
}
