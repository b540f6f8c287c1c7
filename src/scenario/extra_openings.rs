//! Who works the extra (Saturday) openings, and how their time is given back.

use super::reader::{suggestion, Node, Problems};
use super::StaffGroup;

/// How the minutes of an extra opening are compensated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Compensation {
    /// The same minutes off on a weekday within `within_weeks` weeks (the roster's rule: see
    /// `model::roster`). A year with extra openings has the same working time as one without.
    TimeOff { within_weeks: u32 },
    /// Paid as overtime, on top of the contract.
    Paid,
}

/// How much of a group is rostered on each extra opening.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rostered {
    /// At least this many FTE (whole people, taken in turn).
    Fte(f64),
    /// This share of the group's employed FTE.
    Share(f64),
}

/// The staff of the extra openings: per group (by name) how much of it works each opening.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraOpeningStaff {
    pub groups: Vec<(String, Rostered)>,
    pub compensation: Compensation,
}

impl Default for ExtraOpeningStaff {
    fn default() -> Self {
        ExtraOpeningStaff { groups: Vec::new(), compensation: Compensation::TimeOff { within_weeks: 4 } }
    }
}

/// Reads `staff`, `compensation` and `time_off_within_weeks` of `[calendar.saturday_openings]`.
pub(super) fn read_extra_opening_staff(node: &Node) -> ExtraOpeningStaff {
    let compensation = match node.opt_choice("compensation", &["time_off", "paid"]) {
        Some("paid") => {
            if node.has("time_off_within_weeks") {
                node.problem("time_off_within_weeks", "only used with compensation = \"time_off\"");
            }
            Compensation::Paid
        }
        _ => Compensation::TimeOff { within_weeks: node.int_or("time_off_within_weeks", 4, 1, 52) as u32 },
    };
    if !node.has("staff") {
        node.problem(
            "staff",
            "missing; say who works the extra openings, e.g. staff = [{ group = \"general_team\", fte = 2 }] (or share = 0.25)",
        );
    }
    let groups = node
        .tables("staff")
        .into_iter()
        .filter_map(|s| {
            let group = s.req_str("group").map(str::to_string);
            let amount = read_rostered(&s, "fte (rostered FTE) or share (of the group's employed FTE)");
            s.finish();
            Some((group?, amount?))
        })
        .collect();
    ExtraOpeningStaff { groups, compensation }
}

/// How much of a group: `fte` or `share`, one of them (`what` says what each means).
pub(super) fn read_rostered(node: &Node, what: &str) -> Option<Rostered> {
    match (node.opt_f64("fte", 0.1, 100_000.0), node.opt_f64("share", 0.01, 1.0)) {
        (Some(_), Some(_)) => {
            node.problem("share", "give either fte or share, not both");
            None
        }
        (Some(f), None) => Some(Rostered::Fte(f)),
        (None, Some(x)) => Some(Rostered::Share(x)),
        (None, None) => {
            if !node.has("fte") && !node.has("share") {
                node.problem("fte", format!("missing; give {what}"));
            }
            None
        }
    }
}

/// Every rostered group must exist and appear once.
pub(super) fn check_extra_opening_staff(staff: &ExtraOpeningStaff, groups: &[StaffGroup], problems: &Problems) {
    let known: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    for (i, (name, _)) in staff.groups.iter().enumerate() {
        let path = format!("calendar.saturday_openings.staff[{i}].group");
        if !known.contains(&name.as_str()) {
            let message =
                format!("\"{name}\" is not a staff group{}; known: {}", suggestion(name, &known), known.join(", "));
            problems.push(path, None, message);
        } else if staff.groups[..i].iter().any(|(n, _)| n == name) {
            problems.push(path, None, format!("\"{name}\" is rostered twice; give each group once"));
        }
    }
}
