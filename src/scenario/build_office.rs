//! Builds the office parts of a scenario: case types, staff groups, portal, walk-in queue.

use super::build::read_windows;
use super::reader::{Node, Problems};
use super::{ArrivalDays, ArrivalProcess, Arrivals, CaseType, Portal, Scenario, StaffGroup, Walkin, Work};
use crate::dist::Dist;

pub(super) fn read_case_types(root: &Node) -> Vec<CaseType> {
    let nodes = root.tables("case_types");
    if nodes.is_empty() && !root.has("case_types") {
        root.problems().push(
            "case_types",
            None,
            "missing; expected at least one [[case_types]] table",
        );
    }
    let mut out = Vec::new();
    for node in nodes {
        if let Some(case) = read_case_type(&node) {
            if out.iter().any(|c: &CaseType| c.name == case.name) {
                node.problem("name", "duplicate case type name; names must be unique");
            }
            out.push(case);
        }
        node.finish();
    }
    out
}

fn read_case_type(node: &Node) -> Option<CaseType> {
    let name = node.req_str("name").map(str::to_string);
    let arrivals = match node.opt_table("arrivals") {
        Some(a) => {
            let arrivals = read_arrivals(&a);
            a.finish();
            arrivals
        }
        None => {
            node.problem(
                "arrivals",
                "missing; expected a table such as { process = \"poisson\", per_week = 100 }",
            );
            None
        }
    };
    let portal_share = read_channels(node);
    let service_time = match node.opt_table("service_time") {
        Some(d) => {
            let dist = read_dist(&d);
            d.finish();
            dist
        }
        None => {
            node.problem(
                "service_time",
                "missing; expected e.g. { dist = \"lognormal\", mean_min = 20, cv = 0.5 }",
            );
            None
        }
    };
    let slot_min = node.int_or("slot_min", 30, 1, 1440) as u32;
    Some(CaseType {
        name: name?,
        arrivals: arrivals?,
        portal_share: portal_share?,
        service_time: service_time?,
        slot_min,
    })
}

/// `channels = { portal = 0.8, walkin = 0.2 }`: shares that sum to 1.
fn read_channels(node: &Node) -> Option<f64> {
    let Some(ch) = node.opt_table("channels") else {
        node.problem(
            "channels",
            "missing; expected shares per channel, e.g. { portal = 0.8, walkin = 0.2 }",
        );
        return None;
    };
    let portal = ch.f64_or("portal", 0.0, 0.0, 1.0);
    let walkin = ch.f64_or("walkin", 0.0, 0.0, 1.0);
    let ok = (portal + walkin - 1.0).abs() < 1e-9;
    if !ok {
        node.problem(
            "channels",
            format!("the shares must sum to 1 (they sum to {})", portal + walkin),
        );
    }
    ch.finish();
    ok.then_some(portal)
}

fn read_arrivals(node: &Node) -> Option<Arrivals> {
    let process = node
        .opt_choice("process", &["poisson", "fixed_daily"])
        .unwrap_or("poisson");
    let days = match node
        .opt_choice("days", &["all", "weekdays", "open_days"])
        .unwrap_or("all")
    {
        "weekdays" => ArrivalDays::Weekdays,
        "open_days" => ArrivalDays::OpenDays,
        _ => ArrivalDays::All,
    };
    let windows = if node.has("windows") {
        let w = read_windows(node, "windows")?;
        if w.is_empty() {
            node.problem(
                "windows",
                "must not be empty; leave the key out for arrivals around the clock",
            );
            return None;
        }
        w
    } else {
        vec![crate::calendar::Window {
            start_min: 0,
            end_min: 1440,
        }]
    };
    let minutes_per_day: f64 = windows.iter().map(|w| w.len_min() as f64).sum();
    let active_days_per_week = match days {
        ArrivalDays::All => 7.0,
        // Open days vary with holidays; the weekly rate refers to a regular Monday-Friday week.
        ArrivalDays::Weekdays | ArrivalDays::OpenDays => 5.0,
    };
    let process = match process {
        "fixed_daily" => {
            for key in ["per_week", "per_day", "per_hour"] {
                if node.has(key) {
                    node.problem(key, "not used by process = \"fixed_daily\"; give count");
                }
            }
            ArrivalProcess::FixedDaily {
                count: node.req_int("count", 0, 1_000_000)? as u32,
            }
        }
        _ => {
            if node.has("count") {
                node.problem(
                    "count",
                    "only used by process = \"fixed_daily\"; give per_week, per_day or per_hour",
                );
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
        }
    };
    Some(Arrivals { process, days, windows })
}

/// A duration distribution in minutes, e.g. `{ dist = "lognormal", mean_min = 18, cv = 0.5 }`.
pub(super) fn read_dist(node: &Node) -> Option<Dist> {
    const KINDS: [&str; 7] = [
        "exponential",
        "deterministic",
        "lognormal",
        "gamma",
        "triangular",
        "uniform",
        "empirical",
    ];
    if !node.has("dist") {
        node.problem("dist", format!("missing; expected one of {}", KINDS.join(", ")));
        return None;
    }
    const MAX: f64 = 1440.0 * 7.0;
    match node.opt_choice("dist", &KINDS)? {
        "exponential" => Some(Dist::exponential(node.req_positive("mean_min", MAX)?)),
        "deterministic" => Some(Dist::Deterministic {
            value: node.req_positive("value_min", MAX)?,
        }),
        "lognormal" => {
            let mean = node.req_positive("mean_min", MAX);
            let cv = node.req_positive("cv", 10.0);
            Some(Dist::lognormal(mean?, cv?))
        }
        "gamma" => {
            let mean = node.req_positive("mean_min", MAX);
            let cv = node.req_positive("cv", 10.0);
            let d = Dist::gamma(mean?, cv?);
            if d.is_none() {
                node.problem("cv", "gives an invalid gamma shape");
            }
            d
        }
        "triangular" | "uniform" => {
            let triangular = node.opt_str("dist") == Some("triangular");
            let low = node.req_positive("low_min", MAX);
            let mode = if triangular {
                node.req_positive("mode_min", MAX)
            } else {
                Some(0.0)
            };
            let high = node.req_positive("high_min", MAX);
            let (low, mode, high) = (low?, mode?, high?);
            if high <= low || (triangular && !(low <= mode && mode <= high)) {
                node.problem(
                    "high_min",
                    "expected low_min < high_min (and low_min <= mode_min <= high_min)",
                );
                return None;
            }
            Some(if triangular {
                Dist::Triangular {
                    min: low,
                    mode,
                    max: high,
                }
            } else {
                Dist::Uniform { min: low, max: high }
            })
        }
        _ => {
            let values: Option<Vec<f64>> = node.raw("values_min").and_then(|v| {
                v.as_array()?
                    .iter()
                    .map(|x| x.as_float().or(x.as_integer().map(|i| i as f64)))
                    .collect()
            });
            match values {
                Some(v) if !v.is_empty() && v.iter().all(|x| x.is_finite() && *x > 0.0) => {
                    Some(Dist::Empirical { values: v })
                }
                _ => {
                    node.problem(
                        "values_min",
                        "expected a non-empty array of observed durations > 0 (minutes)",
                    );
                    None
                }
            }
        }
    }
}

pub(super) fn read_staff(root: &Node, case_types: &[CaseType]) -> Vec<StaffGroup> {
    let nodes = root.tables("staff");
    if nodes.is_empty() && !root.has("staff") {
        root.problems()
            .push("staff", None, "missing; expected at least one [[staff]] group");
    }
    let mut out = Vec::new();
    for node in nodes {
        let name = node.req_str("name").unwrap_or("").to_string();
        let head_count = node.req_int("head_count", 0, 100_000).unwrap_or(0) as u32;
        let work = match node.opt_choice("work", &["appointments", "walkin"]) {
            Some("walkin") => Work::Walkin,
            Some(_) => Work::Appointments,
            None => {
                if !node.has("work") {
                    node.problem("work", "missing; expected \"appointments\" or \"walkin\"");
                }
                Work::Appointments
            }
        };
        let skills = match node.opt_str_list("case_types") {
            None => (0..case_types.len()).collect(),
            Some(names) => names
                .iter()
                .filter_map(|n| {
                    let found = case_types.iter().position(|c| c.name == *n);
                    if found.is_none() {
                        let known: Vec<&str> = case_types.iter().map(|c| c.name.as_str()).collect();
                        node.problem(
                            "case_types",
                            format!(
                                "\"{n}\" is not a case type{}; known: {}",
                                super::reader::suggestion(n, &known),
                                known.join(", ")
                            ),
                        );
                    }
                    found
                })
                .collect(),
        };
        node.finish();
        out.push(StaffGroup {
            name,
            head_count,
            work,
            skills,
        });
    }
    out
}

pub(super) fn read_portal(root: &Node) -> Option<Portal> {
    let Some(node) = root.opt_table("portal") else {
        return Some(Portal {
            horizon_days: 56,
            no_show_prob: 0.0,
        });
    };
    let horizon_days = node.int_or("horizon_days", 56, 0, 3650) as u32;
    let no_show_prob = node.f64_or("no_show_prob", 0.0, 0.0, 0.99);
    node.finish();
    Some(Portal {
        horizon_days,
        no_show_prob,
    })
}

pub(super) fn read_walkin(root: &Node) -> Option<Walkin> {
    let Some(node) = root.opt_table("walkin") else {
        return Some(Walkin {
            send_home_at_close: true,
        });
    };
    let send_home_at_close = node.bool_or("send_home_at_close", true);
    node.finish();
    Some(Walkin { send_home_at_close })
}

/// Checks that need the whole scenario: every channel that is used has skilled staff,
/// slots fit the opening windows.
pub(super) fn cross_check(s: &Scenario, problems: &Problems) {
    for (i, case) in s.case_types.iter().enumerate() {
        let served_by = |work: Work| {
            s.staff
                .iter()
                .any(|g| g.work == work && g.head_count > 0 && g.skills.contains(&i))
        };
        if case.portal_share > 0.0 && !served_by(Work::Appointments) {
            problems.push(
                format!("case_types[{i}].channels.portal"),
                None,
                format!("case type \"{}\" books appointments, but no [[staff]] group with work = \"appointments\" and head_count > 0 lists it in case_types", case.name),
            );
        }
        if case.portal_share < 1.0 && !served_by(Work::Walkin) {
            problems.push(
                format!("case_types[{i}].channels.walkin"),
                None,
                format!("case type \"{}\" walks in, but no [[staff]] group with work = \"walkin\" and head_count > 0 lists it in case_types", case.name),
            );
        }
        let longest_window = s
            .calendar
            .opening_hours
            .iter()
            .flatten()
            .map(|w| w.len_min())
            .max()
            .unwrap_or(0);
        if case.portal_share > 0.0 && case.slot_min > longest_window {
            problems.push(
                format!("case_types[{i}].slot_min"),
                None,
                format!(
                    "a {}-minute slot fits in no opening window (longest: {longest_window} min)",
                    case.slot_min
                ),
            );
        }
    }
}
