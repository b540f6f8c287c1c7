//! Dated changes: keys that take a new value on a date during the run.
//!
//! ```toml
//! [[changes]]
//! date = "2026-07-01"
//! label = { de = "FB sechs Monate gültig", en = "Certificates valid for six months" }
//! set = { "permits.fb_validity_months" = 6 }
//! ```
//!
//! Changes apply in date order, each on top of the earlier ones, at midnight of their date.
//! Only keys whose change has a clear meaning for work already under way may change
//! (`CHANGEABLE`); staff changes are dated by `staff[].hires`, demand by `[[shocks]]`.

use super::build::build_scenario;
use super::overrides::{apply_override, Override};
use super::reader::{Problem, Problems};
use super::text::Text;
use super::Scenario;
use chrono::NaiveDate;
use toml::{Table, Value};

/// A change as the model uses it: from `date` on, the scenario is `scenario`.
#[derive(Debug, Clone)]
pub struct DatedChange {
    pub date: NaiveDate,
    pub label: Text,
    /// The key paths it sets, as written.
    pub paths: Vec<String>,
    /// The scenario from this date on (this and every earlier change applied).
    pub scenario: Scenario,
}

/// Keys that may change on a date (`[]` stands for any index, `.*` for any key below), and
/// what the change means for work under way.
pub const CHANGEABLE: [(&str, &str); 14] = [
    ("permits.fb_validity_months", "certificates issued from the date; earlier ones keep their expiry"),
    ("permits.retry_after_days", "failed visits from the date are retried after this long"),
    ("portal.no_show_prob", "appointments due from the date"),
    ("portal.no_show_increase_per_week", "appointments due from the date"),
    ("portal.reminder_factor", "appointments due from the date"),
    ("portal.cancel_prob", "bookings confirmed from the date"),
    ("portal.wrong_category_prob", "clients arriving from the date"),
    ("portal.confirmation.fail_prob", "bookings made from the date (the scenario must have a confirmation step)"),
    ("walkin.tickets_per_day", "days from the date"),
    ("case_types[].service_time.*", "clients arriving from the date; those already waiting keep theirs"),
    ("case_types[].back_office.processing.*", "applications filed from the date; the backlog keeps its work"),
    ("case_types[].back_office.incomplete_share", "applications filed from the date"),
    ("case_types[].back_office.digital_share", "renewals started from the date"),
    ("costs.*", "costs accrue at the new rates from the date; a measure new on the date adds its one-off cost then"),
];

/// The pattern a key path matches, if it may change. A booking tool's key
/// (`portal.tools.NAME.no_show_prob`) may change where the portal's may.
pub fn changeable(path: &str) -> Option<&'static str> {
    let path = match super::tool_key(path) {
        Some((_tool, key)) => format!("portal.{key}"),
        None => path.to_string(),
    };
    let mut general = String::new();
    let mut in_index = false;
    for ch in path.chars() {
        match ch {
            '[' => {
                in_index = true;
                general.push('[');
            }
            ']' => {
                in_index = false;
                general.push(']');
            }
            _ if in_index => {}
            _ => general.push(ch),
        }
    }
    CHANGEABLE.iter().map(|(p, _)| *p).find(|p| match p.strip_suffix(".*") {
        Some(prefix) => general.starts_with(&format!("{prefix}.")) || general == prefix,
        None => general == *p,
    })
}

/// Reads `[[changes]]` of a document whose base is `base`: each entry's paths checked, the
/// scenario from each date built and validated. Problems name `changes[i]`.
pub(super) fn read_changes(doc: &Table, base: &Scenario, problems: &Problems) -> Vec<DatedChange> {
    let Some(value) = doc.get("changes") else { return Vec::new() };
    let Some(items) = value.as_array() else {
        problems.push("changes", Some(value), "expected an array of tables [[changes]] with date and set");
        return Vec::new();
    };
    let mut entries: Vec<(NaiveDate, usize, Text, Vec<Override>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("changes[{i}]");
        let Some(table) = item.as_table() else {
            problems.push(&at, Some(item), "expected a table with date, set and an optional label");
            continue;
        };
        if let Some(entry) = read_entry(table, &at, base, problems) {
            entries.push((entry.0, i, entry.1, entry.2));
        }
    }
    entries.sort_by_key(|e| (e.0, e.1));
    let mut document = doc.clone();
    document.remove("changes");
    let mut out = Vec::new();
    for (date, i, label, overrides) in entries {
        for ov in &overrides {
            if let Err(message) = apply_override(&mut document, ov) {
                problems.push(format!("changes[{i}].set.\"{}\"", ov.path), Some(&ov.value), message);
            }
        }
        match build_scenario(&document) {
            Ok(scenario) => {
                let paths = overrides.into_iter().map(|o| o.path).collect();
                out.push(DatedChange { date, label, paths, scenario });
            }
            Err(found) => {
                for problem in found {
                    let message = format!("from changes[{i}] ({date}) on: {}", problem.message);
                    problems.push_problem(Problem { message, ..problem });
                }
            }
        }
    }
    out
}

fn read_entry(
    table: &Table,
    at: &str,
    base: &Scenario,
    problems: &Problems,
) -> Option<(NaiveDate, Text, Vec<Override>)> {
    for key in table.keys().filter(|k| !["date", "set", "label"].contains(&k.as_str())) {
        problems.push(format!("{at}.{key}"), table.get(key), "unknown key; allowed here: date, label, set");
    }
    let label = match table.get("label").map(Text::from_value) {
        Some(Err(expected)) => {
            problems.push(format!("{at}.label"), table.get("label"), expected);
            Text::default()
        }
        Some(Ok(text)) => text,
        None => Text::default(),
    };
    let date = table.get("date").and_then(|v| super::build::date_of(v).ok());
    // A date after the run is no error: a shortened run (`--set simulation.days=…`, a sweep
    // over the length) simply ends before it.
    if date.is_none() {
        problems.push(format!("{at}.date"), table.get("date"), "expected a date \"YYYY-MM-DD\"");
    }
    let Some(Value::Table(set)) = table.get("set") else {
        problems.push(format!("{at}.set"), table.get("set"), "expected a table of \"key.path\" = value entries");
        return None;
    };
    let mut overrides = Vec::new();
    for (key, value) in set {
        super::policies::flatten(key, value, &mut overrides);
    }
    if overrides.is_empty() {
        problems.push(format!("{at}.set"), None, "changes nothing; add \"key.path\" = value entries");
    }
    let mut ok = true;
    for ov in &overrides {
        if changeable(&ov.path).is_none() {
            ok = false;
            problems.push(format!("{at}.set.\"{}\"", ov.path), Some(&ov.value), cannot_change(&ov.path));
        } else if confirmation_changed(&ov.path, base).is_some_and(|p| p.confirmation.is_none()) {
            ok = false;
            let message = "the portal (or tool) has no confirmation step whose fail_prob could change";
            problems.push(format!("{at}.set.\"{}\"", ov.path), Some(&ov.value), message);
        }
    }
    (ok && !overrides.is_empty()).then_some((date?, label, overrides))
}

/// The portal whose confirmation a changed key belongs to, if it is a confirmation key.
fn confirmation_changed<'a>(path: &str, base: &'a Scenario) -> Option<&'a super::Portal> {
    if path.starts_with("portal.confirmation.") {
        return Some(&base.portal);
    }
    let (tool, key) = super::tool_key(path)?;
    let tool = base.booking_tools.iter().find(|t| t.name == tool)?;
    key.starts_with("confirmation.").then_some(&tool.portal)
}

/// Why a key cannot change on a date, and what can.
pub fn cannot_change(path: &str) -> String {
    let hint = if path.starts_with("staff") {
        " (staff changes on a date are hires: staff[i].hires with start dates)"
    } else if path.contains("arrivals") || path.contains("inflow") {
        " (demand changes on dates are [[shocks]])"
    } else {
        ""
    };
    let allowed: Vec<&str> = CHANGEABLE.iter().map(|(p, _)| *p).collect();
    format!("cannot change during a run{hint}; keys that can: {}", allowed.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_and_keys_below_match_their_pattern() {
        assert_eq!(changeable("permits.fb_validity_months"), Some("permits.fb_validity_months"));
        assert_eq!(changeable("case_types[3].service_time.mean_min"), Some("case_types[].service_time.*"));
        assert_eq!(
            changeable("case_types[0].back_office.digital_share"),
            Some("case_types[].back_office.digital_share")
        );
        assert_eq!(changeable("portal.tools.ukraine.no_show_prob"), Some("portal.no_show_prob"));
        assert_eq!(changeable("portal.tools.ukraine.horizon_days"), None);
        assert_eq!(changeable("staff[0].head_count"), None);
        assert_eq!(changeable("permits.fb_validity_monthsx"), None);
        assert!(cannot_change("staff[0].head_count").contains("hires"));
    }
}
