//! Phone and e-mail enquiries: the hotline and the inbox, their volumes, who answers them,
//! and the enquiries the office's own state generates (people waiting long ask about their
//! case; people who found no slot or were sent home call).

use super::build::read_windows;
use super::dist_reader::{read_dist_at, Unit};
use super::reader::{suggestion, Node};
use super::StaffGroup;
use crate::calendar::Window;
use crate::dist::Dist;

/// The enquiry channels of a scenario (both None: the office takes no enquiries, as before).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Enquiries {
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub generated: Generated,
}

/// Who answers a channel: `agents` clerks of a staff group during `hours` on open days,
/// taken from the group's time off the counter (never more clerks than are present and free).
#[derive(Debug, Clone, PartialEq)]
pub struct Answering {
    pub group: usize,
    pub agents: u32,
    pub hours: Vec<Window>,
}

/// The hotline.
#[derive(Debug, Clone, PartialEq)]
pub struct Phone {
    pub answering: Answering,
    /// When people call on open days, staffed or not (a call to a closed line is unanswered).
    pub calling_hours: Vec<Window>,
    /// Calls per hour within the calling hours, before the factors below.
    pub calls_per_hour: f64,
    /// Factors by weekday (Monday first), clock hour (0-23) and calendar month (January first).
    pub weekday_factors: [f64; 7],
    pub hour_factors: [f64; 24],
    pub month_factors: [f64; 12],
    pub handling: Dist,
    /// How long a caller waits before hanging up (None: nobody hangs up).
    pub patience: Option<Dist>,
    /// Share of unanswered calls (hung up, or still waiting when the line closes) whose
    /// caller calls again, after `retrial_delay`; a retrial that finds the line closed
    /// comes at a random time of its next hours.
    pub retrial_share: f64,
    pub retrial_delay: Dist,
    /// A caller whose patience runs out leaves a number and is called back when an agent is
    /// free (answered calls before call-backs), instead of hanging up.
    pub callback: bool,
}

/// The inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Email {
    pub answering: Answering,
    /// E-mails per calendar day (they come around the clock), before the factors.
    pub per_day: f64,
    pub weekday_factors: [f64; 7],
    pub month_factors: [f64; 12],
    pub handling: Dist,
    /// Share of e-mails answered with a template, and the handling time of those.
    pub template_share: f64,
    pub template_handling: Dist,
}

/// Enquiries the office's state generates.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// An applicant whose application has waited longer than `status_after_days` asks about
    /// it `status_per_week` times a week.
    pub status_after_days: f64,
    pub status_per_week: f64,
    /// A client whose `no_slot_attempts`-th booking attempt finds no slot enquires with
    /// probability `no_slot_share`.
    pub no_slot_attempts: u32,
    pub no_slot_share: f64,
    /// Share of walk-in visits sent home that end in an enquiry.
    pub sent_home_share: f64,
    /// Share of generated enquiries made by phone (the rest by e-mail), where both exist.
    pub phone_share: f64,
}

impl Default for Generated {
    fn default() -> Self {
        Generated {
            status_after_days: 42.0,
            status_per_week: 0.0,
            no_slot_attempts: 3,
            no_slot_share: 0.0,
            sent_home_share: 0.0,
            phone_share: 0.7,
        }
    }
}

impl Enquiries {
    /// Whether enquiries can arise at all (a channel exists).
    pub fn any(&self) -> bool {
        self.phone.is_some() || self.email.is_some()
    }
}

pub(super) fn read_enquiries(root: &Node, staff: &[StaffGroup]) -> Enquiries {
    let Some(node) = root.opt_table("enquiries") else {
        return Enquiries::default();
    };
    let phone = node.opt_table("phone").and_then(|n| {
        let phone = read_phone(&n, staff);
        n.finish();
        phone
    });
    let email = node.opt_table("email").and_then(|n| {
        let email = read_email(&n, staff);
        n.finish();
        email
    });
    let generated = node.opt_table("generated").map_or_else(Generated::default, |n| {
        let generated = read_generated(&n);
        n.finish();
        generated
    });
    node.finish();
    Enquiries { phone, email, generated }
}

fn read_answering(node: &Node, staff: &[StaffGroup], default_hours: &str) -> Option<Answering> {
    let names: Vec<&str> = staff.iter().map(|g| g.name.as_str()).collect();
    let group = match node.req_str("group") {
        Some(name) => match names.iter().position(|n| *n == name) {
            Some(g) => Some(g),
            None => {
                node.problem(
                    "group",
                    format!("no staff group \"{name}\"{}; groups: {}", suggestion(name, &names), names.join(", ")),
                );
                None
            }
        },
        None => None,
    };
    let agents = node.req_int("agents", 0, 10_000).map(|a| a as u32);
    let hours = match node.has("hours") {
        true => read_windows(node, "hours"),
        false => Some(vec![Window::parse(default_hours).expect("a valid default window")]),
    };
    if hours.as_ref().is_some_and(Vec::is_empty) {
        node.problem("hours", "empty; expected at least one window such as \"09:00-12:00\"");
        return None;
    }
    Some(Answering { group: group?, agents: agents?, hours: hours? })
}

fn read_phone(node: &Node, staff: &[StaffGroup]) -> Option<Phone> {
    let answering = read_answering(node, staff, "09:00-12:00");
    let calling_hours = match node.has("calling_hours") {
        true => read_windows(node, "calling_hours").filter(|w| !w.is_empty()),
        false => Some(vec![Window::parse("08:00-16:00").expect("a valid default window")]),
    };
    if node.has("calling_hours") && calling_hours.is_none() {
        node.problem("calling_hours", "expected at least one window such as \"08:00-16:00\"");
    }
    let calls_per_hour = node.req_positive("calls_per_hour", 100_000.0);
    let weekday_factors = read_factors::<7>(node, "weekday_factors", "Monday first");
    let hour_factors = read_factors::<24>(node, "hour_factors", "one per clock hour, 0-1 first");
    let month_factors = read_factors::<12>(node, "month_factors", "January first");
    let handling = read_dist_at(node, "handling", Unit::Minutes, true);
    let patience = read_dist_at(node, "patience", Unit::Minutes, false);
    let retrial_share = node.f64_or("retrial_share", 0.0, 0.0, 0.99);
    let retrial_delay =
        read_dist_at(node, "retrial_delay", Unit::Minutes, false).unwrap_or_else(|| Dist::exponential(60.0));
    let callback = node.bool_or("callback", false);
    Some(Phone {
        answering: answering?,
        calling_hours: calling_hours?,
        calls_per_hour: calls_per_hour?,
        weekday_factors: weekday_factors?,
        hour_factors: hour_factors?,
        month_factors: month_factors?,
        handling: handling?,
        patience,
        retrial_share,
        retrial_delay,
        callback,
    })
}

fn read_email(node: &Node, staff: &[StaffGroup]) -> Option<Email> {
    let answering = read_answering(node, staff, "08:00-16:00");
    let per_day = node.req_positive("per_day", 1_000_000.0);
    let weekday_factors = read_factors::<7>(node, "weekday_factors", "Monday first");
    let month_factors = read_factors::<12>(node, "month_factors", "January first");
    let handling = read_dist_at(node, "handling", Unit::Minutes, true);
    let template_share = node.f64_or("template_share", 0.0, 0.0, 1.0);
    let template_handling = read_dist_at(node, "template_handling", Unit::Minutes, false);
    if template_share > 0.0 && template_handling.is_none() && !node.has("template_handling") {
        node.problem(
            "template_handling",
            "missing; with template_share > 0 say how long a templated answer takes, e.g. { dist = \"lognormal\", mean_min = 4, cv = 0.5 }",
        );
    }
    let handling = handling?;
    Some(Email {
        answering: answering?,
        per_day: per_day?,
        weekday_factors: weekday_factors?,
        month_factors: month_factors?,
        template_handling: template_handling.unwrap_or_else(|| handling.clone()),
        handling,
        template_share,
    })
}

fn read_generated(node: &Node) -> Generated {
    let d = Generated::default();
    Generated {
        status_after_days: node.f64_or("status_after_days", d.status_after_days, 0.0, 3650.0),
        status_per_week: node.f64_or("status_per_week", d.status_per_week, 0.0, 100.0),
        no_slot_attempts: node.int_or("no_slot_attempts", d.no_slot_attempts as i64, 1, 1000) as u32,
        no_slot_share: node.f64_or("no_slot_share", d.no_slot_share, 0.0, 1.0),
        sent_home_share: node.f64_or("sent_home_share", d.sent_home_share, 0.0, 1.0),
        phone_share: node.f64_or("phone_share", d.phone_share, 0.0, 1.0),
    }
}

/// `N` factors at `key` (each from 0 to 100; default all 1).
fn read_factors<const N: usize>(node: &Node, key: &'static str, order: &str) -> Option<[f64; N]> {
    let Some(value) = node.raw(key) else {
        return Some([1.0; N]);
    };
    let numbers = value.as_array().and_then(|a| {
        a.iter().map(|v| v.as_float().or(v.as_integer().map(|i| i as f64))).collect::<Option<Vec<f64>>>()
    });
    match numbers {
        Some(f) if f.len() == N && f.iter().all(|x| x.is_finite() && (0.0..=100.0).contains(x)) => {
            let mut out = [1.0; N];
            out.copy_from_slice(&f);
            Some(out)
        }
        _ => {
            node.problem(key, format!("expected {N} numbers from 0 to 100, {order}"));
            None
        }
    }
}
