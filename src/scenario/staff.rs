//! Staff groups: positions, people, absence, hiring, attrition, skills and the kinds of work.

use super::build::{read_date, WEEKDAYS};
use super::dist_reader::{read_dist_at, Unit};
use super::reader::{suggestion, Node};
use super::CaseType;
use crate::calendar::Window;
use crate::dist::Dist;
use chrono::NaiveDate;

/// Which kinds of work a group does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkKinds {
    /// Serves booked portal slots (publishes them from its roster).
    pub appointments: bool,
    /// Serves the walk-in queue in walk-in hours.
    pub walkin: bool,
    /// Decides applications in the back office.
    pub back_office: bool,
}

/// How a clerk's time is split between counter and back office.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CounterSplit {
    /// At the counter in all opening hours; the back office gets what the counter does not use.
    Adaptive,
    /// At the counter on this share of working days (a rotation), back office on the others.
    Fixed(f64),
}

/// How part-timers work their reduced time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartTimePattern {
    /// Every working day, FTE x minutes_per_day.
    ShorterDays,
    /// Full days on fewer working days (rotated by person), with one shorter day where the
    /// week needs it, so that the week sums to FTE x the full-time week.
    FewerDays,
}

/// A shift of a group's roster: on `weekdays`, `amount` of the group is at the counter in
/// `hours` (one clock window); the others work off the counter that day.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub weekdays: [bool; 7],
    pub hours: Window,
    pub amount: super::Rostered,
}

/// What happens to booked appointments of a clerk who is absent on the day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AbsentRule {
    /// Present clerks of the group take them over, in overtime up to the limit per clerk and
    /// day; beyond it clients are served late.
    Redistribute { overtime_limit_min: u32 },
    /// The appointments are cancelled and the clients book again.
    Cancel,
}

/// A period of more sickness (e.g. a flu wave): the onset rate is multiplied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SickWave {
    pub start: NaiveDate,
    pub days: u32,
    pub onset_factor: f64,
}

/// Sick-leave episodes: onsets at a rate, durations from a distribution, so the long-run
/// absence share is `absence_share` (rate = share / (mean duration (1 - share))).
#[derive(Debug, Clone)]
pub struct SickLeave {
    pub absence_share: f64,
    pub duration_days: Dist,
    pub waves: Vec<SickWave>,
}

/// A hiring event: `count` people with `fte` each start `recruiting_delay_days` after `date`;
/// temporary staff leave on `until`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hire {
    pub date: NaiveDate,
    pub count: u32,
    pub fte: f64,
    pub until: Option<NaiveDate>,
    /// New hires start at the ramp's productivity (false: temporary staff who need no training).
    pub ramp: bool,
}

/// Onboarding: productivity rises linearly from `start_productivity` to 1 over `weeks`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ramp {
    pub start_productivity: f64,
    pub weeks: f64,
    /// Share of one experienced clerk's time each trainee takes (mentoring).
    pub mentor_share: f64,
}

/// A validated staff group.
#[derive(Debug, Clone)]
pub struct StaffGroup {
    pub name: String,
    /// The name people read in reports (the identifier `name` when absent).
    pub label: super::text::Text,
    /// Positions on paper (nominal FTE).
    pub positions_fte: f64,
    /// Positions filled at the start (employed FTE).
    pub filled_fte: f64,
    /// Share of people who work part-time, and their FTE.
    pub part_time_share: f64,
    pub part_time_fte: f64,
    /// Paid working minutes of a full-time day.
    pub minutes_per_day: u32,
    /// The group's regular working days, Monday first (Monday-Friday unless the office works
    /// other days by contract; extra openings are rostered, not working days).
    pub working_days: [bool; 7],
    pub part_time_pattern: PartTimePattern,
    /// Back-office work done per minute a counter clerk is at the counter with nobody to
    /// serve (no-shows, gaps, an empty walk-in queue).
    pub idle_counter_efficiency: f64,
    /// Counter shifts by weekday (empty: every desk covers the opening from its duty).
    pub roster: Vec<Shift>,
    /// The staffing formula's surcharge for time that belongs to no case (Verteilzeit).
    pub distributed_time_allowance: f64,
    pub work: WorkKinds,
    /// Indices of the case types this group may serve.
    pub skills: Vec<usize>,
    pub split: CounterSplit,
    pub sick_leave: Option<SickLeave>,
    pub vacation_days_per_year: f64,
    /// Relative weight of each month (January first) for vacation.
    pub vacation_month_weights: [f64; 12],
    pub training_days_per_year: f64,
    pub hires: Vec<Hire>,
    pub recruiting_delay_days: u32,
    pub ramp: Ramp,
    pub quit_rate_per_year: f64,
    pub replacement_delay_days: u32,
    pub absent_rule: AbsentRule,
}

/// Default of `distributed_time_allowance` [source: about 15 % on basic time is usual in the
/// public service; docs/sources.md].
pub const DEFAULT_DISTRIBUTED_TIME_ALLOWANCE: f64 = 0.15;

/// Monday to Friday.
pub const MONDAY_TO_FRIDAY: [bool; 7] = [true, true, true, true, true, false, false];

/// Default of `idle_counter_efficiency` [assumption: idle counter minutes come in pieces of a
/// slot or less, with the next client due at a fixed time, so about half of them can go into
/// files; docs/sources.md].
pub const DEFAULT_IDLE_COUNTER_EFFICIENCY: f64 = 0.5;

impl StaffGroup {
    /// The FTE of each person employed at the start: `filled_fte` split into full-timers and
    /// part-timers at `part_time_fte` (about `part_time_share` of the people), plus one person
    /// with the fraction left over, so that the FTE sum to `filled_fte` exactly.
    pub fn initial_ftes(&self) -> Vec<f64> {
        let per_person = 1.0 - self.part_time_share + self.part_time_share * self.part_time_fte;
        let people = self.filled_fte / per_person;
        let mut part = (self.part_time_share * people).round() as usize;
        while part > 0 && part as f64 * self.part_time_fte > self.filled_fte + 1e-9 {
            part -= 1;
        }
        let rest = (self.filled_fte - part as f64 * self.part_time_fte).max(0.0);
        let full = (rest + 1e-9).floor() as usize;
        let left_over = rest - full as f64;
        let mut ftes = vec![1.0; full];
        ftes.extend(std::iter::repeat_n(self.part_time_fte, part));
        if left_over > 1e-9 {
            ftes.push(left_over);
        }
        ftes
    }

    /// A simple group of `head_count` full-time clerks, always present (used by tests).
    pub fn simple(name: &str, head_count: u32, work: WorkKinds, skills: Vec<usize>) -> StaffGroup {
        StaffGroup {
            name: name.to_string(),
            label: Default::default(),
            positions_fte: head_count as f64,
            filled_fte: head_count as f64,
            part_time_share: 0.0,
            part_time_fte: 1.0,
            minutes_per_day: 468,
            working_days: MONDAY_TO_FRIDAY,
            part_time_pattern: PartTimePattern::ShorterDays,
            idle_counter_efficiency: DEFAULT_IDLE_COUNTER_EFFICIENCY,
            roster: Vec::new(),
            distributed_time_allowance: DEFAULT_DISTRIBUTED_TIME_ALLOWANCE,
            work,
            skills,
            split: CounterSplit::Adaptive,
            sick_leave: None,
            vacation_days_per_year: 0.0,
            vacation_month_weights: [1.0; 12],
            training_days_per_year: 0.0,
            hires: Vec::new(),
            recruiting_delay_days: 0,
            ramp: Ramp { start_productivity: 1.0, weeks: 0.0, mentor_share: 0.0 },
            quit_rate_per_year: 0.0,
            replacement_delay_days: 0,
            absent_rule: AbsentRule::Redistribute { overtime_limit_min: 0 },
        }
    }
}

const WORK: [&str; 3] = ["appointments", "walkin", "back_office"];

pub(super) fn read_staff(root: &Node, case_types: &[CaseType]) -> Vec<StaffGroup> {
    let nodes = root.tables("staff");
    if nodes.is_empty() {
        let problem = if root.has("staff") { "empty" } else { "missing" };
        root.problems().push("staff", None, format!("{problem}; expected at least one [[staff]] group"));
    }
    let mut groups: Vec<StaffGroup> = Vec::new();
    for node in nodes {
        if let Some(group) = read_group(&node, case_types) {
            // Policies, rosters and results name a group: two of one name would be one.
            if groups.iter().any(|g| g.name == group.name) {
                node.problem("name", "duplicate staff group name; names must be unique");
            }
            groups.push(group);
        }
        node.finish();
    }
    groups
}

fn read_work(node: &Node) -> WorkKinds {
    let words: Vec<String> = match node.raw("work") {
        None => {
            node.problem("work", "missing; expected \"appointments\", \"walkin\", \"back_office\" or a list of them");
            return WorkKinds::default();
        }
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        Some(_) => {
            node.problem("work", "expected a string or an array of strings");
            return WorkKinds::default();
        }
    };
    let mut work = WorkKinds::default();
    for w in &words {
        match w.as_str() {
            "appointments" => work.appointments = true,
            "walkin" => work.walkin = true,
            "back_office" => work.back_office = true,
            other => node.problem(
                "work",
                format!("\"{other}\" is not a kind of work{}; expected {}", suggestion(other, &WORK), WORK.join(", ")),
            ),
        }
    }
    if work.appointments && work.walkin {
        node.problem("work", "a group serves either appointments or the walk-in queue; make two groups");
    }
    if work == WorkKinds::default() && !words.is_empty() {
        node.problem("work", "give at least one kind of work");
    }
    work
}

fn read_skills(node: &Node, case_types: &[CaseType]) -> Vec<usize> {
    let Some(names) = node.opt_str_list("case_types") else {
        return (0..case_types.len()).collect();
    };
    let known: Vec<&str> = case_types.iter().map(|c| c.name.as_str()).collect();
    names
        .iter()
        .filter_map(|n| {
            let found = known.iter().position(|k| k == n);
            if found.is_none() {
                node.problem(
                    "case_types",
                    format!("\"{n}\" is not a case type{}; known: {}", suggestion(n, &known), known.join(", ")),
                );
            }
            found
        })
        .collect()
}

fn read_group(node: &Node, case_types: &[CaseType]) -> Option<StaffGroup> {
    let name = node.req_name("name").unwrap_or("").to_string();
    let head_count = node.opt_int("head_count", 0, 100_000);
    let positions = node.opt_f64("positions_fte", 0.0, 100_000.0);
    let (positions_fte, filled_fte) = match (head_count, positions) {
        (Some(_), Some(_)) => {
            node.problem("positions_fte", "give either head_count (all positions filled, full-time) or positions_fte");
            return None;
        }
        (Some(h), None) => {
            if node.has("filled_fte") {
                node.problem("filled_fte", "only used with positions_fte");
            }
            (h as f64, h as f64)
        }
        (None, Some(p)) => (p, node.f64_or("filled_fte", p, 0.0, p)),
        (None, None) => {
            if !node.has("head_count") && !node.has("positions_fte") {
                node.problem("head_count", "missing; give head_count, or positions_fte (and filled_fte)");
            }
            return None;
        }
    };
    let part_time_share = node.f64_or("part_time_share", 0.0, 0.0, 1.0);
    let part_time_fte = node.f64_or("part_time_fte", 0.5, 0.1, 1.0);
    let minutes_per_day = node.int_or("minutes_per_day", 468, 60, 1440) as u32;
    let working_days = read_working_days(node);
    let part_time_pattern = match node.opt_choice("part_time_pattern", &["shorter_days", "fewer_days"]) {
        Some("fewer_days") => PartTimePattern::FewerDays,
        _ => PartTimePattern::ShorterDays,
    };
    let idle_counter_efficiency = node.f64_or("idle_counter_efficiency", DEFAULT_IDLE_COUNTER_EFFICIENCY, 0.0, 1.0);
    let roster = read_roster(node, working_days);
    let distributed_time_allowance =
        node.f64_or("distributed_time_allowance", DEFAULT_DISTRIBUTED_TIME_ALLOWANCE, 0.0, 1.0);
    let work = read_work(node);
    let skills = read_skills(node, case_types);
    let split = match node.raw("counter_share") {
        None => CounterSplit::Adaptive,
        Some(toml::Value::String(s)) if s == "adaptive" => CounterSplit::Adaptive,
        Some(_) => CounterSplit::Fixed(node.opt_f64("counter_share", 0.0, 1.0).unwrap_or(1.0)),
    };
    let sick_leave = node.opt_table("sick_leave").and_then(|s| {
        let sick = read_sick_leave(&s);
        s.finish();
        sick
    });
    let vacation_days_per_year = node.f64_or("vacation_days_per_year", 0.0, 0.0, 100.0);
    let mut vacation_month_weights = [1.0; 12];
    if let Some(list) = node.raw("vacation_month_weights") {
        match list
            .as_array()
            .map(|a| a.iter().map(|v| v.as_float().or(v.as_integer().map(|i| i as f64))).collect::<Option<Vec<f64>>>())
        {
            Some(Some(w)) if w.len() == 12 && w.iter().all(|x| *x >= 0.0) && w.iter().sum::<f64>() > 0.0 => {
                vacation_month_weights.copy_from_slice(&w)
            }
            _ => node.problem("vacation_month_weights", "expected 12 weights >= 0 (January first), not all 0"),
        }
    }
    let training_days_per_year = node.f64_or("training_days_per_year", 0.0, 0.0, 100.0);
    let recruiting_delay_days = node.int_or("recruiting_delay_days", 0, 0, 3650) as u32;
    let hires = node
        .tables("hires")
        .into_iter()
        .filter_map(|h| {
            let date = read_date(&h, "date");
            if !h.has("date") {
                h.problem("date", "missing; expected the date of the hiring decision \"YYYY-MM-DD\"");
            }
            let count = h.req_int("count", 1, 10_000);
            let fte = h.f64_or("fte", 1.0, 0.1, 1.0);
            let until = read_date(&h, "until");
            let ramp = h.bool_or("ramp", true);
            h.finish();
            Some(Hire { date: date?, count: count? as u32, fte, until, ramp })
        })
        .collect();
    let ramp = match node.opt_table("ramp") {
        Some(r) => {
            let ramp = Ramp {
                start_productivity: r.f64_or("start_productivity", 0.3, 0.0, 1.0),
                weeks: r.f64_or("weeks", 26.0, 0.0, 520.0),
                mentor_share: r.f64_or("mentor_share", 0.0, 0.0, 1.0),
            };
            r.finish();
            ramp
        }
        None => Ramp { start_productivity: 1.0, weeks: 0.0, mentor_share: 0.0 },
    };
    let quit_rate_per_year = node.f64_or("quit_rate_per_year", 0.0, 0.0, 5.0);
    let replacement_delay_days = node.int_or("replacement_delay_days", 150, 0, 3650) as u32;
    let absent_rule = match node.opt_choice("absent_rule", &["redistribute", "cancel"]) {
        Some("cancel") => AbsentRule::Cancel,
        _ => AbsentRule::Redistribute { overtime_limit_min: node.int_or("overtime_limit_min", 60, 0, 600) as u32 },
    };
    if absent_rule == AbsentRule::Cancel && node.has("overtime_limit_min") {
        node.problem("overtime_limit_min", "only used with absent_rule = \"redistribute\"");
    }
    Some(StaffGroup {
        label: node.opt_text("label"),
        name,
        positions_fte,
        filled_fte,
        part_time_share,
        part_time_fte,
        minutes_per_day,
        working_days,
        part_time_pattern,
        idle_counter_efficiency,
        roster,
        distributed_time_allowance,
        work,
        skills,
        split,
        sick_leave,
        vacation_days_per_year,
        vacation_month_weights,
        training_days_per_year,
        hires,
        recruiting_delay_days,
        ramp,
        quit_rate_per_year,
        replacement_delay_days,
        absent_rule,
    })
}

/// `roster`: the group's counter shifts, `[[staff.roster]]` with days, hours and fte or share.
fn read_roster(node: &Node, working_days: [bool; 7]) -> Vec<Shift> {
    node.tables("roster")
        .into_iter()
        .filter_map(|shift| {
            let weekdays = match shift.has("days") {
                true => weekday_list(&shift, "days"),
                false => {
                    shift.problem(
                        "days",
                        "missing; expected the weekdays of the shift, e.g. [\"thursday\"] or [\"all\"]",
                    );
                    None
                }
            };
            if let Some(days) = weekdays {
                if let Some(d) = (0..7).find(|&d| days[d] && !working_days[d]) {
                    shift.problem("days", format!("{} is not one of the group's working_days", WEEKDAYS[d]));
                }
            }
            let hours = match shift.req_str("hours").map(Window::parse) {
                Some(Ok(w)) => Some(w),
                Some(Err(e)) => {
                    shift.problem("hours", e);
                    None
                }
                None => None,
            };
            let amount = super::extra_openings::read_rostered(
                &shift,
                "fte (FTE on the shift) or share (of the group working that day)",
            );
            shift.finish();
            Some(Shift { weekdays: weekdays?, hours: hours?, amount: amount? })
        })
        .collect()
}

/// `working_days`: weekday names, or "all"; Monday-Friday when not given.
fn read_working_days(node: &Node) -> [bool; 7] {
    if !node.has("working_days") {
        return MONDAY_TO_FRIDAY;
    }
    weekday_list(node, "working_days").unwrap_or(MONDAY_TO_FRIDAY)
}

/// A list of weekday names ("all": every day; "weekdays": Monday to Friday).
fn weekday_list(node: &Node, key: &'static str) -> Option<[bool; 7]> {
    let names = node.opt_str_list(key)?;
    let mut days = [false; 7];
    for name in names {
        match WEEKDAYS.iter().position(|w| *w == name) {
            Some(i) => days[i] = true,
            None if name == "all" => days = [true; 7],
            None if name == "weekdays" => (0..5).for_each(|d| days[d] = true),
            None => node.problem(
                key,
                format!(
                    "\"{name}\" is not a weekday{}; expected \"all\", \"weekdays\" or names from {}",
                    suggestion(name, &WEEKDAYS),
                    WEEKDAYS.join(", ")
                ),
            ),
        }
    }
    if !days.contains(&true) {
        node.problem(key, "give at least one weekday");
        return None;
    }
    Some(days)
}

fn read_sick_leave(node: &Node) -> Option<SickLeave> {
    let absence_share = node.req_positive("absence_share", 0.5);
    let duration_days = read_dist_at(node, "duration_days", Unit::Days, true);
    let waves = node
        .tables("waves")
        .into_iter()
        .filter_map(|w| {
            let start = read_date(&w, "start");
            if !w.has("start") {
                w.problem("start", "missing; expected the first day of the wave \"YYYY-MM-DD\"");
            }
            let days = w.req_int("days", 1, 3650);
            let onset_factor = w.req_positive("onset_factor", 100.0);
            w.finish();
            Some(SickWave { start: start?, days: days? as u32, onset_factor: onset_factor? })
        })
        .collect();
    Some(SickLeave { absence_share: absence_share?, duration_days: duration_days?, waves })
}
