//! Checks that need the whole scenario: every channel in use has skilled staff, slots fit
//! the opening windows, dates lie where they make sense.

use super::reader::Problems;
use super::Scenario;
use crate::model::portal::{cells_per_slot, grid_minutes, MAX_SLOT_CELLS};

pub(super) fn cross_check(s: &Scenario, problems: &Problems) {
    super::extra_openings::check_extra_opening_staff(&s.extra_openings, &s.staff, problems);
    let longest_window = s.calendar.opening_hours.iter().flatten().map(|w| w.len_min()).max().unwrap_or(0);
    for (i, case) in s.case_types.iter().enumerate() {
        let served_by = |appointments: bool| {
            s.staff.iter().any(|g| {
                let does = if appointments { g.work.appointments } else { g.work.walkin };
                does && g.positions_fte > 0.0 && g.skills.contains(&i)
            })
        };
        if case.portal_share > 0.0 && !served_by(true) {
            problems.push(
                format!("case_types[{i}].channels.portal"),
                None,
                format!("case type \"{}\" books appointments, but no [[staff]] group with work \"appointments\" and staff lists it in case_types", case.name),
            );
        }
        if case.portal_share < 1.0 && !served_by(false) {
            problems.push(
                format!("case_types[{i}].channels.walkin"),
                None,
                format!("case type \"{}\" walks in, but no [[staff]] group with work \"walkin\" and staff lists it in case_types", case.name),
            );
        }
        if case.portal_share > 0.0 && case.slot_min > longest_window {
            problems.push(
                format!("case_types[{i}].slot_min"),
                None,
                format!("a {}-minute slot fits in no opening window (longest: {longest_window} min)", case.slot_min),
            );
        }
    }
    check_slot_cells(s, problems);
    for (i, case) in s.case_types.iter().enumerate() {
        let created_by_model = case.holders.is_some()
            || s.permits.fb_case == Some(i)
            || s.case_types.iter().filter_map(|c| c.back_office.as_ref()).any(|b| b.card_pickup_case == Some(i));
        if !case.arrivals.any() && !created_by_model && case.back_office.as_ref().is_none_or(|b| b.initial_backlog == 0)
        {
            problems.push(
                format!("case_types[{i}].arrivals"),
                None,
                "missing; this case type has no arrivals, no holders, and is no certificate or card pick-up visit, so it would never occur",
            );
        }
        if let Some(b) = &case.back_office {
            if b.becomes_holder_of.is_some_and(|h| s.case_types[h].holders.is_none()) {
                problems.push(
                    format!("case_types[{i}].back_office.becomes_holder_of"),
                    None,
                    "names a case type without holders",
                );
            }
        }
        if case.holders.is_some() && case.back_office.is_none() {
            problems.push(
                format!("case_types[{i}].back_office"),
                None,
                "missing; renewals need a back office that decides them",
            );
        }
        if (case.holders.is_some() || case.back_office.is_some())
            && !s.staff.iter().any(|g| g.work.back_office && g.skills.contains(&i))
        {
            problems.push(
                format!("case_types[{i}].back_office"),
                None,
                format!("no [[staff]] group with work \"back_office\" lists \"{}\" in case_types", case.name),
            );
        }
    }
    for (g, group) in s.staff.iter().enumerate() {
        let people = group.initial_ftes().len() + group.hires.iter().map(|h| h.count as usize).sum::<usize>();
        if group.work.appointments && people > crate::model::portal::MAX_DESKS {
            problems.push(
                format!("staff[{g}]"),
                None,
                format!(
                    "{people} people in one appointments group; at most {} are supported: split the group",
                    crate::model::portal::MAX_DESKS
                ),
            );
        }
        for (h, hire) in group.hires.iter().enumerate() {
            if let Some(until) = hire.until {
                if until <= hire.date {
                    problems.push(format!("staff[{g}].hires[{h}].until"), None, "must lie after the hire's date");
                }
            }
        }
        if group.work.appointments
            && group.work.back_office
            && matches!(group.split, super::CounterSplit::Fixed(x) if x <= 0.0)
        {
            problems.push(
                format!("staff[{g}].counter_share"),
                None,
                "a group with appointments work needs counter_share > 0",
            );
        }
    }
    super::portal::check_tools(s, problems);
}

/// The portal cuts a group's opening hours into cells of the greatest common divisor of the
/// slot lengths it serves; a slot may take at most `MAX_SLOT_CELLS` of them.
fn check_slot_cells(s: &Scenario, problems: &Problems) {
    for group in s.staff.iter().filter(|g| g.work.appointments) {
        let booked = s.booked_slot_lengths(&group.skills);
        let lengths: Vec<u32> = booked.iter().map(|&(_, m)| m).collect();
        let grid = grid_minutes(&lengths);
        for &(c, slot_min) in &booked {
            let cells = cells_per_slot(slot_min, grid);
            if cells > MAX_SLOT_CELLS {
                problems.push(
                    format!("case_types[{c}].slot_min"),
                    None,
                    format!(
                        "staff group \"{}\" books slots of {lengths:?} min, so its portal grid has {grid}-minute cells and a {slot_min}-minute slot would take {cells} of them; at most {MAX_SLOT_CELLS} are allowed: choose slot lengths with a larger common divisor",
                        group.name
                    ),
                );
            }
        }
    }
}
