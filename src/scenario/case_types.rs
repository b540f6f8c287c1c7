//! Case types: what a visit is about. Decides arrivals, channel, service time and slot length.

use super::dist_reader::{read_dist_at, Unit};
use super::permits::{read_back_office, read_holders, resolve_case, BackOffice, Holders, PendingNames};
use super::reader::{suggestion, Node};
use crate::calendar::parse_clock;
use crate::dist::Dist;

/// A validated case type.
#[derive(Debug, Clone)]
pub struct CaseType {
    pub name: String,
    /// The name people read in reports (the identifier `name` when absent).
    pub label: super::text::Text,
    pub arrivals: Arrivals,
    /// Share of clients who book through the portal; the rest walk in.
    pub portal_share: f64,
    pub service_time: Dist,
    /// Length of a portal slot for this case type, minutes.
    pub slot_min: u32,
    /// Time from arrival until the client's document expires (None: no deadline). Decides
    /// urgency: a client close to the deadline turns to the walk-in queue.
    pub deadline_days: Option<Dist>,
    /// Portal leak probabilities that override the portal-wide ones.
    pub leaks: LeakOverrides,
    /// The booking tool this case type books through (index into `Scenario::booking_tools`;
    /// None: the portal of `[portal]`).
    pub booking_tool: Option<usize>,
    /// The population of document holders who renew through this case type.
    pub holders: Option<Holders>,
    /// The back office that decides this case type's applications.
    pub back_office: Option<BackOffice>,
}

/// Per-case-type overrides of portal-wide probabilities (None: use the portal's).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LeakOverrides {
    pub no_show_prob: Option<f64>,
    pub confirm_fail_prob: Option<f64>,
    pub wrong_category_prob: Option<f64>,
    pub cancel_prob: Option<f64>,
    pub duplicate_prob: Option<f64>,
}

/// On which days arrivals happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrivalDays {
    All,
    Weekdays,
    /// Days on which the office is open (calendar).
    OpenDays,
}

/// A time-of-day window of arrivals, in minutes relative to midnight of the day it belongs
/// to; a negative start means the evening before ("20:00-10:00").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArrivalWindow {
    pub start_min: i32,
    pub end_min: i32,
}

impl ArrivalWindow {
    pub fn len_min(&self) -> i32 {
        self.end_min - self.start_min
    }
}

/// How clients of a case type arrive.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrivals {
    pub process: ArrivalProcess,
    pub days: ArrivalDays,
    /// Windows in which arrivals happen, sorted (the whole day when the file gives none).
    pub windows: Vec<ArrivalWindow>,
    /// Trend and seasonality of a Poisson rate (None: constant rate).
    pub modulation: Option<RateModulation>,
}

/// How a Poisson rate changes over the run: a linear trend and a factor per calendar month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateModulation {
    /// The rate is multiplied by 1 + trend × years since the start date (at least 0).
    pub trend_per_year: f64,
    /// The rate is multiplied by the factor of the calendar month, January first.
    pub month_factors: [f64; 12],
}

impl RateModulation {
    /// Allowed range of `trend_per_year`: a fall to a tenth within a year up to six times the rate.
    pub const TREND_RANGE: (f64, f64) = (-0.9, 5.0);
}

impl Arrivals {
    /// No exogenous arrivals.
    pub fn none() -> Arrivals {
        Arrivals {
            process: ArrivalProcess::Poisson { per_min: 0.0 },
            days: ArrivalDays::All,
            windows: vec![ArrivalWindow { start_min: 0, end_min: 1440 }],
            modulation: None,
        }
    }

    /// Whether any client arrives from outside.
    pub fn any(&self) -> bool {
        match self.process {
            ArrivalProcess::Poisson { per_min } => per_min > 0.0,
            ArrivalProcess::FixedDaily { count } => count > 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArrivalProcess {
    /// Poisson process with this rate per minute of active time (inside windows on active days).
    Poisson { per_min: f64 },
    /// Exactly `count` arrivals per active day, independent uniform times in the windows.
    FixedDaily { count: u32 },
}

pub(super) fn read_case_types(root: &Node, tools: &[String]) -> Vec<CaseType> {
    let nodes = root.tables("case_types");
    if nodes.is_empty() {
        let problem = if root.has("case_types") { "empty" } else { "missing" };
        root.problems().push("case_types", None, format!("{problem}; expected at least one [[case_types]] table"));
    }
    let mut out = Vec::new();
    let mut pending = Vec::new();
    for node in &nodes {
        if let Some((case, names)) = read_case_type(node, tools) {
            if out.iter().any(|c: &CaseType| c.name == case.name) {
                node.problem("name", "duplicate case type name; names must be unique");
            }
            out.push(case);
            pending.push(names);
        }
    }
    // Back-office references to other case types, now that all names are known.
    let names: Vec<String> = out.iter().map(|c| c.name.clone()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    for ((case, node), p) in out.iter_mut().zip(nodes.iter()).zip(&pending) {
        if let (Some(b), Some(back)) = (node.opt_table("back_office"), case.back_office.as_mut()) {
            back.becomes_holder_of =
                p.becomes_holder_of.as_deref().and_then(|n| resolve_case(&b, "becomes_holder_of", n, &names));
            back.card_pickup_case =
                p.card_pickup_case.as_deref().and_then(|n| resolve_case(&b, "card_pickup_case", n, &names));
        }
    }
    for node in nodes {
        node.finish();
    }
    out
}

fn read_case_type(node: &Node, tools: &[String]) -> Option<(CaseType, PendingNames)> {
    let name = node.req_name("name").map(str::to_string);
    let arrivals = match node.opt_table("arrivals") {
        Some(a) => {
            let arrivals = read_arrivals(&a);
            a.finish();
            arrivals
        }
        // Clients of this case type come only from the model (renewals, certificate visits,
        // card pick-ups); the checks make sure something does create them.
        None if node.has("arrivals") => None,
        None => Some(Arrivals::none()),
    };
    let portal_share = read_channels(node);
    let service_time = read_dist_at(node, "service_time", Unit::Minutes, true);
    let slot_min = node.int_or("slot_min", 30, 1, 1440) as u32;
    let deadline_days = read_dist_at(node, "deadline_days", Unit::Days, false);
    let leaks = match node.opt_table("portal") {
        Some(p) => {
            let prob = |key| p.has(key).then(|| p.opt_f64(key, 0.0, 1.0)).flatten();
            let leaks = LeakOverrides {
                no_show_prob: prob("no_show_prob"),
                confirm_fail_prob: prob("confirm_fail_prob"),
                wrong_category_prob: prob("wrong_category_prob"),
                cancel_prob: prob("cancel_prob"),
                duplicate_prob: prob("duplicate_prob"),
            };
            p.finish();
            leaks
        }
        None => LeakOverrides::default(),
    };
    let booking_tool = node.opt_str("booking_tool").and_then(|name| {
        let found = tools.iter().position(|t| t == name);
        if found.is_none() {
            let names: Vec<&str> = tools.iter().map(String::as_str).collect();
            let known = match names.is_empty() {
                true => "the scenario has none; declare one as [portal.tools.NAME]".to_string(),
                false => format!("tools: {}", names.join(", ")),
            };
            node.problem("booking_tool", format!("no booking tool \"{name}\"{}; {known}", suggestion(name, &names)));
        }
        found
    });
    let holders = read_holders(node);
    let (back_office, names) = match read_back_office(node) {
        Some((b, n)) => (Some(b), n),
        None => (None, PendingNames::default()),
    };
    let case = CaseType {
        name: name?,
        label: node.opt_text("label"),
        arrivals: arrivals?,
        portal_share: portal_share?,
        service_time: service_time?,
        slot_min,
        deadline_days,
        leaks,
        booking_tool,
        holders,
        back_office,
    };
    Some((case, names))
}

/// `channels = { portal = 0.8, walkin = 0.2 }`: shares that sum to 1.
fn read_channels(node: &Node) -> Option<f64> {
    let Some(ch) = node.opt_table("channels") else {
        node.problem("channels", "missing; expected shares per channel, e.g. { portal = 0.8, walkin = 0.2 }");
        return None;
    };
    let portal = ch.f64_or("portal", 0.0, 0.0, 1.0);
    let walkin = ch.f64_or("walkin", 0.0, 0.0, 1.0);
    let ok = (portal + walkin - 1.0).abs() < 1e-9;
    if !ok {
        node.problem("channels", format!("the shares must sum to 1 (they sum to {})", portal + walkin));
    }
    ch.finish();
    ok.then_some(portal)
}

/// Parses "HH:MM-HH:MM"; an end at or before the start means the window starts the evening before.
pub(super) fn parse_arrival_window(text: &str) -> Result<ArrivalWindow, String> {
    let (a, b) = text.split_once('-').ok_or_else(|| "expected \"HH:MM-HH:MM\"".to_string())?;
    let start = parse_clock(a.trim())? as i32;
    let end = parse_clock(b.trim())? as i32;
    if start >= 1440 || end == 0 {
        return Err("use 00:00 as a start and 24:00 as an end".into());
    }
    Ok(if end > start {
        ArrivalWindow { start_min: start, end_min: end }
    } else {
        ArrivalWindow { start_min: start - 1440, end_min: end }
    })
}

fn read_arrivals(node: &Node) -> Option<Arrivals> {
    let process = node.opt_choice("process", &["poisson", "fixed_daily"]).unwrap_or("poisson");
    let days = match node.opt_choice("days", &["all", "weekdays", "open_days"]).unwrap_or("all") {
        "weekdays" => ArrivalDays::Weekdays,
        "open_days" => ArrivalDays::OpenDays,
        _ => ArrivalDays::All,
    };
    let windows = if node.has("windows") {
        let texts = node.opt_str_list("windows")?;
        let mut windows = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            match parse_arrival_window(text) {
                Ok(w) => windows.push(w),
                Err(e) => {
                    let v = toml::Value::String(text.to_string());
                    node.problems().push(format!("{}[{i}]", node.key_path("windows")), Some(&v), e);
                    return None;
                }
            }
        }
        windows.sort_by_key(|w| w.start_min);
        if windows.is_empty() {
            node.problem("windows", "must not be empty; leave the key out for arrivals around the clock");
            return None;
        }
        if windows.windows(2).any(|p| p[1].start_min < p[0].end_min)
            || windows.iter().map(|w| w.len_min()).sum::<i32>() > 1440
        {
            node.problem("windows", "windows must not overlap and must cover at most 24 hours together");
            return None;
        }
        windows
    } else {
        vec![ArrivalWindow { start_min: 0, end_min: 1440 }]
    };
    let minutes_per_day: f64 = windows.iter().map(|w| w.len_min() as f64).sum();
    let active_days_per_week = match days {
        ArrivalDays::All => 7.0,
        // Open days vary with holidays; the weekly rate refers to a regular Monday-Friday week.
        ArrivalDays::Weekdays | ArrivalDays::OpenDays => 5.0,
    };
    let process = if process == "fixed_daily" {
        for key in ["per_week", "per_day", "per_hour"] {
            if node.has(key) {
                node.problem(key, "not used by process = \"fixed_daily\"; give count");
            }
        }
        for key in ["trend_per_year", "month_factors"] {
            if node.has(key) {
                node.problem(key, "only used by process = \"poisson\"");
            }
        }
        ArrivalProcess::FixedDaily { count: node.req_int("count", 0, 1_000_000)? as u32 }
    } else {
        if node.has("count") {
            node.problem("count", "only used by process = \"fixed_daily\"; give per_week, per_day or per_hour");
        }
        let given: Vec<(&str, f64)> = ["per_week", "per_day", "per_hour"]
            .into_iter()
            .filter_map(|k| node.opt_f64(k, 0.0, 1e9).map(|v| (k, v)))
            .collect();
        let per_min = match given.as_slice() {
            [("per_week", v)] => v / (active_days_per_week * minutes_per_day),
            [("per_day", v)] => v / minutes_per_day,
            [(_, v)] => v / 60.0,
            [] => {
                node.problem("per_week", "missing; give exactly one of per_week, per_day, per_hour");
                return None;
            }
            _ => {
                node.problem("per_day", "give exactly one of per_week, per_day, per_hour");
                return None;
            }
        };
        ArrivalProcess::Poisson { per_min }
    };
    let modulation = match process {
        ArrivalProcess::Poisson { .. } => read_modulation(node)?,
        ArrivalProcess::FixedDaily { .. } => None,
    };
    Some(Arrivals { process, days, windows, modulation })
}

/// `trend_per_year` and `month_factors`; None when neither is given, so that an unmodulated
/// stream draws exactly as before.
fn read_modulation(node: &Node) -> Option<Option<RateModulation>> {
    let (lo, hi) = RateModulation::TREND_RANGE;
    let trend = node.opt_f64("trend_per_year", lo, hi);
    let factors = match node.raw("month_factors") {
        None => None,
        Some(list) => {
            let numbers = list.as_array().and_then(|a| {
                a.iter().map(|v| v.as_float().or(v.as_integer().map(|i| i as f64))).collect::<Option<Vec<f64>>>()
            });
            match numbers {
                Some(f) if f.len() == 12 && f.iter().all(|x| x.is_finite() && *x > 0.0 && *x <= 100.0) => {
                    let mut out = [1.0; 12];
                    out.copy_from_slice(&f);
                    Some(out)
                }
                _ => {
                    node.problem("month_factors", "expected 12 numbers > 0 and <= 100, January first");
                    return None;
                }
            }
        }
    };
    if node.has("trend_per_year") && trend.is_none() {
        return None;
    }
    if trend.is_none() && factors.is_none() {
        return Some(None);
    }
    Some(Some(RateModulation { trend_per_year: trend.unwrap_or(0.0), month_factors: factors.unwrap_or([1.0; 12]) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_that_wrap_start_the_evening_before() {
        assert_eq!(parse_arrival_window("20:00-10:00"), Ok(ArrivalWindow { start_min: -240, end_min: 600 }));
        assert_eq!(parse_arrival_window("06:00-12:00"), Ok(ArrivalWindow { start_min: 360, end_min: 720 }));
        assert!(parse_arrival_window("24:00-10:00").is_err());
        assert!(parse_arrival_window("10:00-00:00").is_err());
    }
}
