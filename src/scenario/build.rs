//! Builds the typed scenario from the document: top level, simulation and calendar.

use super::case_types::read_case_types;
use super::portal::read_portal;
use super::reader::{Node, Problems};
use super::staff::read_staff;
use super::walkin::read_walkin;
use super::{Scenario, Simulation};
use crate::calendar::{overlapping, CalendarSpec, FederalState, SaturdayOpenings, Window};
use chrono::NaiveDate;
use toml::Table;

/// Validates a whole document. Returns the scenario, or every problem found.
pub fn build_scenario(doc: &Table) -> Result<Scenario, Vec<super::Problem>> {
    let problems = Problems::default();
    let root = Node::root(doc, &problems);
    let name = root.opt_str("name").unwrap_or("unnamed scenario").to_string();
    let title = root.opt_text("title");
    let question = root.opt_text("question");
    let description = root.opt_text("description");
    // Reserved for the experiment layer; accepted here so a file can carry them.
    root.raw("policies");
    // Read once the base is valid (each date's scenario is built from the base's document).
    root.raw("changes");
    let simulation = match root.opt_table("simulation") {
        Some(node) => {
            let simulation = read_simulation(&node);
            node.finish();
            simulation
        }
        None => {
            problems.push("simulation", None, "missing; expected a [simulation] table with start_date and days");
            None
        }
    };
    let mut extra_openings = super::ExtraOpeningStaff::default();
    let calendar = match root.opt_table("calendar") {
        Some(node) => {
            let calendar = read_calendar(&node, &mut extra_openings);
            node.finish();
            calendar
        }
        None => {
            problems.push("calendar", None, "missing; expected a [calendar] table with opening_hours");
            None
        }
    };
    let case_types = read_case_types(&root, &super::portal::tool_names(doc));
    let staff = read_staff(&root, &case_types);
    let (portal, booking_tools) = read_portal(&root);
    let walkin = read_walkin(&root);
    let names: Vec<&str> = case_types.iter().map(|c| c.name.as_str()).collect();
    let permits = super::permits::read_permits(&root, &names);
    let enquiries = super::enquiries::read_enquiries(&root, &staff);
    let shocks = super::shocks::read_shocks(&root, &case_types);
    let costs = super::costs::read_costs(&root, &staff);
    root.finish();

    match (simulation, calendar) {
        (Some(simulation), Some(calendar)) if problems.is_empty() => {
            let scenario = Scenario {
                name,
                title,
                question,
                description,
                simulation,
                calendar,
                extra_openings,
                case_types,
                staff,
                portal,
                booking_tools,
                walkin,
                permits,
                enquiries,
                shocks,
                costs,
                changes: Vec::new(),
            };
            super::checks::cross_check(&scenario, &problems);
            let mut scenario = scenario;
            if problems.is_empty() {
                scenario.changes = super::changes::read_changes(doc, &scenario, &problems);
            }
            if problems.is_empty() {
                Ok(scenario)
            } else {
                Err(problems.into_vec())
            }
        }
        _ => Err(problems.into_vec()),
    }
}

/// A "YYYY-MM-DD" string or a TOML date as a date (no range check).
pub(super) fn date_of(value: &toml::Value) -> Result<NaiveDate, chrono::ParseError> {
    let text = match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) => d.to_string(),
        _ => String::new(),
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
}

/// Parses a "YYYY-MM-DD" date (or a TOML date) between 1900 and 2200.
pub(super) fn read_date(node: &Node, key: &'static str) -> Option<NaiveDate> {
    match date_of(node.raw(key)?) {
        Ok(date) if (1900..=2200).contains(&chrono::Datelike::year(&date)) => Some(date),
        Ok(_) => {
            node.problem(key, "the year must lie between 1900 and 2200");
            None
        }
        Err(_) => {
            node.problem(key, "expected a date \"YYYY-MM-DD\"");
            None
        }
    }
}

fn read_date_list(node: &Node, key: &'static str) -> Vec<NaiveDate> {
    let Some(items) = node.opt_str_list(key) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, text) in items.iter().enumerate() {
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => out.push(d),
            Err(_) => node.problems().push(
                format!("{}[{i}]", node.key_path(key)),
                None,
                format!("\"{text}\" is not a date \"YYYY-MM-DD\""),
            ),
        }
    }
    out
}

/// Reads a list of "HH:MM-HH:MM" windows, sorted and checked for overlaps.
pub(super) fn read_windows(node: &Node, key: &'static str) -> Option<Vec<Window>> {
    let items = node.opt_str_list(key)?;
    let mut windows = Vec::new();
    let mut ok = true;
    for (i, text) in items.iter().enumerate() {
        match Window::parse(text) {
            Ok(w) => windows.push(w),
            Err(e) => {
                ok = false;
                let value = toml::Value::String(text.to_string());
                node.problems().push(format!("{}[{i}]", node.key_path(key)), Some(&value), e);
            }
        }
    }
    windows.sort();
    if let Some((a, b)) = overlapping(&windows) {
        node.problem(key, format!("windows {a} and {b} overlap; windows of one day must not overlap"));
        ok = false;
    }
    ok.then_some(windows)
}

fn read_simulation(node: &Node) -> Option<Simulation> {
    let start_date = read_date(node, "start_date");
    if !node.has("start_date") {
        node.problem("start_date", "missing; expected a date \"YYYY-MM-DD\"");
    }
    let days = node.req_int("days", 1, 36_500);
    let warmup_days = node.int_or("warmup_days", 0, 0, 36_500);
    let seed = node.int_or("seed", 1, 0, i64::MAX);
    let replications = node.int_or("replications", 10, 1, 1_000_000);
    let max_events = node.int_or("max_events", 2_000_000_000, 1000, 50_000_000_000) as u64;
    let max_clients = node.int_or("max_clients", 2_000_000, 100, i64::MAX) as u64;
    let days = days?;
    if warmup_days >= days {
        node.problem("warmup_days", format!("must be smaller than simulation.days ({days}): nothing would be counted"));
        return None;
    }
    Some(Simulation {
        start_date: start_date?,
        days: days as u32,
        warmup_days: warmup_days as u32,
        seed: seed as u64,
        replications: replications as u32,
        max_events,
        max_clients,
    })
}

pub(super) const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

fn read_calendar(node: &Node, extra_openings: &mut super::ExtraOpeningStaff) -> Option<CalendarSpec> {
    let holidays = match node.opt_str("holidays") {
        None | Some("none") => None,
        Some(code) => {
            let state = FederalState::from_code(code);
            if state.is_none() {
                let codes: Vec<&str> = FederalState::ALL.iter().map(|s| s.code()).collect();
                node.problem("holidays", format!("expected \"none\" or a federal state code: {}", codes.join(", ")));
            }
            state
        }
    };
    let closed_dates = read_date_list(node, "closed_dates");
    let mut opening_hours: [Vec<Window>; 7] = Default::default();
    // A day whose windows are invalid is reported once, not again as "never open".
    let mut hours_valid = node.has("opening_hours");
    match node.opt_table("opening_hours") {
        Some(hours) => {
            for (i, day) in WEEKDAYS.iter().enumerate() {
                match read_windows(&hours, day) {
                    Some(windows) => opening_hours[i] = windows,
                    None => hours_valid &= !hours.has(day),
                }
            }
            hours.finish();
        }
        None => node.problem(
            "opening_hours",
            "missing; expected a table with monday = [\"08:00-12:00\", ...] per open weekday",
        ),
    }
    if hours_valid && opening_hours.iter().all(Vec::is_empty) {
        node.problem("opening_hours", "the office is never open; give at least one weekday with windows");
    }
    let saturday_openings = node.opt_table("saturday_openings").map(|sat| {
        let every_weeks = sat.int_or("every_weeks", 0, 0, 52) as u32;
        let first = read_date(&sat, "first");
        if every_weeks > 0 && first.is_none() {
            sat.problem("first", "missing; every_weeks needs the date of the first open Saturday");
        }
        if let Some(f) = first {
            if chrono::Datelike::weekday(&f) != chrono::Weekday::Sat {
                sat.problem("first", "must be a Saturday");
            }
        }
        let hours = read_windows(&sat, "hours").unwrap_or_default();
        if hours.is_empty() {
            sat.problem("hours", "missing; expected the Saturday opening windows, e.g. [\"08:30-12:30\"]");
        }
        let dates = read_date_list(&sat, "dates");
        *extra_openings = super::extra_openings::read_extra_opening_staff(&sat);
        sat.finish();
        SaturdayOpenings { every_weeks, first, dates, hours }
    });
    Some(CalendarSpec { holidays, closed_dates, opening_hours, saturday_openings })
}
