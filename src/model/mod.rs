//! The office model: clients, portal, walk-in queue, counter and staff, driven by the engine.
//!
//! `Plan` holds everything derived from a scenario that does not change between
//! replications (calendar, desks, slot grids, arrival intervals), built once. `simulate`
//! runs one replication of a plan and returns what the recorder saw.

mod arrivals;
pub mod client;
pub mod enquiry;
mod events;
pub mod holders;
pub mod learned;
mod office;
pub mod portal;
pub mod roster;
pub mod shock;
pub mod staff;
mod walkin;

pub use office::{simulate, simulate_logged, simulate_summary};

use crate::calendar::{shared_windows, Calendar, OpenInterval, Window, WindowSet};
use crate::engine::{SimTime, MS_PER_DAY, MS_PER_MIN};
use crate::scenario::{LeakOverrides, Scenario};
use crate::stats::{Conservation, DayRecord, DaySeries, PermitRecord, PortalRecord, StaffRecord};
use portal::{DeskHours, SlotGrid};
use roster::Roster;
use staff::DeskPlan;

/// Portal leak probabilities of one case type, resolved against the portal-wide ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leaks {
    pub no_show: f64,
    pub confirm_fail: f64,
    pub wrong_category: f64,
    pub cancel: f64,
    pub duplicate: f64,
}

/// The rules in force from a day on: the scenario as the dated changes up to then leave it
/// (`[[changes]]`), and its portal leaks. The first is the scenario itself, from day 0.
#[derive(Debug, Clone)]
pub struct Epoch {
    pub first_day: u32,
    pub scenario: Scenario,
    /// Per case type: the portal leak probabilities, resolved against the portal-wide ones.
    pub leaks: Vec<Leaks>,
}

/// A scenario prepared for simulation; shared read-only by all replications.
#[derive(Debug, Clone)]
pub struct Plan {
    pub scenario: Scenario,
    /// The run plus the booking horizon beyond it.
    pub calendar: Calendar,
    /// Walk-in service intervals that start within the run, clipped to its end.
    pub walkin_intervals: Vec<OpenInterval>,
    /// Per case type: the stretches of time in which its clients arrive.
    pub arrival_intervals: Vec<Vec<(SimTime, SimTime)>>,
    /// Per case type: the trend and seasonality of its Poisson rate (None: constant).
    pub arrival_profiles: Vec<Option<arrivals::RateProfile>>,
    /// Every desk of every group (initial staff and planned hires).
    pub desks: Vec<DeskPlan>,
    /// Every desk's duty, day by day.
    pub roster: Roster,
    /// One slot grid per appointment staff group; `grid_of_group` maps groups to them.
    pub grids: Vec<SlotGrid>,
    pub grid_of_group: Vec<Option<usize>>,
    /// Per grid: the booking tool that publishes its slots (None: `[portal]`).
    pub grid_tool: Vec<Option<usize>>,
    /// Per case type: its booking tool's horizon in days (a case type further out is booked out).
    pub case_horizon_days: Vec<f64>,
    /// Per case type: the grids that may serve it, in group order.
    pub grids_for_case: Vec<Vec<usize>>,
    /// Desks of walk-in groups, in order.
    pub walkin_desks: Vec<usize>,
    /// `can_serve[group][case]`: the group has the skill.
    pub can_serve: Vec<Vec<bool>>,
    /// Per calendar day: minutes of opening and of walk-in hours, and the walk-in windows.
    pub open_min: Vec<u32>,
    pub walkin_min: Vec<u32>,
    pub walkin_windows: Vec<WindowSet>,
    /// Per group: the mean whole-day length of a sickness episode.
    pub sick_mean_days: Vec<f64>,
    /// Per case type: it is the card pick-up visit of some case type's back office.
    pub pickup_case: Vec<bool>,
    /// The case types and teams with figures of their own (`FIGURE[NAME]`).
    pub subjects: Vec<crate::stats::Subject>,
    /// The enquiry channels' hours and volumes, by `enquiry::Channel` (None: no such channel).
    pub lines: [Option<enquiry::LinePlan>; 2],
    /// Per case type: its demand shocks on arrivals and on the holders' inflow.
    pub shocks: Vec<[Option<shock::ShockPlan>; 2]>,
    /// The rules from day 0 and from each dated change's day, in order.
    pub epochs: Vec<Epoch>,
}

/// Portal leak probabilities of every case type, resolved against the portal-wide ones.
fn leaks_of(scenario: &Scenario) -> Vec<Leaks> {
    scenario
        .case_types
        .iter()
        .enumerate()
        .map(|(case, c)| {
            let p = scenario.portal_of(case);
            let LeakOverrides { no_show_prob, confirm_fail_prob, wrong_category_prob, cancel_prob, duplicate_prob } =
                c.leaks;
            Leaks {
                no_show: no_show_prob.unwrap_or(p.no_show_prob),
                confirm_fail: confirm_fail_prob.unwrap_or(p.confirmation.as_ref().map_or(0.0, |c| c.fail_prob)),
                wrong_category: wrong_category_prob.unwrap_or(p.wrong_category_prob),
                cancel: cancel_prob.unwrap_or(p.cancel_prob),
                duplicate: duplicate_prob.unwrap_or(p.duplicate_prob),
            }
        })
        .collect()
}

impl Plan {
    pub fn new(scenario: Scenario) -> Plan {
        let sim = &scenario.simulation;
        let calendar = Calendar::build(&scenario.calendar, sim.start_date, scenario.calendar_days());
        let end = sim.days as SimTime * MS_PER_DAY;
        let walkin_intervals = walkin_intervals(&scenario, &calendar, end);
        let lines = enquiry::LinePlan::build(&scenario, &calendar);
        let arrival_intervals =
            scenario.case_types.iter().map(|c| arrivals::active_intervals(&c.arrivals, &calendar, sim.days)).collect();
        let arrival_profiles: Vec<Option<arrivals::RateProfile>> = scenario
            .case_types
            .iter()
            .map(|c| c.arrivals.modulation.map(|m| arrivals::RateProfile::new(&m, &calendar, sim.days)))
            .collect();
        let shocks = shock::ShockPlan::build_all(&scenario, &calendar, &arrival_profiles);
        let desks = staff::plan_desks(&scenario);
        let mut grids = Vec::new();
        let mut grid_of_group = vec![None; scenario.staff.len()];
        let mut grids_for_case = vec![Vec::new(); scenario.case_types.len()];
        for (g, group) in scenario.staff.iter().enumerate() {
            if !group.work.appointments {
                continue;
            }
            let lengths: Vec<u32> = scenario.booked_slot_lengths(&group.skills).into_iter().map(|(_, m)| m).collect();
            for &c in &group.skills {
                grids_for_case[c].push(grids.len());
            }
            grid_of_group[g] = Some(grids.len());
            let group_desks = desks.iter().enumerate().filter(|(_, d)| d.group == g).map(|(i, _)| i).collect();
            grids.push(SlotGrid::build(g, group_desks, &lengths, &calendar));
        }
        let grid_tool = grids.iter().map(|grid| scenario.tool_of_group(grid.group)).collect();
        let case_horizon_days =
            (0..scenario.case_types.len()).map(|c| f64::from(scenario.portal_of(c).horizon_days)).collect();
        let walkin_desks =
            desks.iter().enumerate().filter(|(_, d)| scenario.staff[d.group].work.walkin).map(|(i, _)| i).collect();
        let can_serve: Vec<Vec<bool>> = scenario
            .staff
            .iter()
            .map(|g| (0..scenario.case_types.len()).map(|c| g.skills.contains(&c)).collect())
            .collect();
        let open_min: Vec<u32> = calendar.days.iter().map(|d| d.windows.iter().map(Window::len_min).sum()).collect();
        let mut sets = Vec::new();
        let walkin_windows: Vec<WindowSet> = calendar
            .days
            .iter()
            .map(|d| if d.is_open() { walkin_windows(&scenario, &d.windows) } else { Vec::new() })
            .map(|w| shared_windows(&mut sets, w))
            .collect();
        let walkin_min: Vec<u32> = walkin_windows.iter().map(|w| w.iter().map(Window::len_min).sum()).collect();
        // The longest counter day of each weekday (opening or walk-in hours).
        let mut longest = [0u32; 7];
        for (d, day) in calendar.days.iter().enumerate() {
            let w = day.weekday.num_days_from_monday() as usize;
            longest[w] = longest[w].max(open_min[d]).max(walkin_min[d]);
        }
        let roster = Roster::new(&scenario, &desks, &calendar, longest);
        let epochs = std::iter::once(Epoch { first_day: 0, leaks: leaks_of(&scenario), scenario: scenario.clone() })
            .chain(scenario.changes.iter().map(|c| Epoch {
                first_day: scenario.day_of(c.date).max(0) as u32,
                leaks: leaks_of(&c.scenario),
                scenario: c.scenario.clone(),
            }))
            .collect();
        // Groups usually share one episode distribution: estimate each distinct one once.
        let mut estimated: Vec<(&crate::dist::Dist, f64)> = Vec::new();
        let sick_mean_days = scenario
            .staff
            .iter()
            .map(|g| {
                let Some(s) = g.sick_leave.as_ref() else { return 0.0 };
                if let Some(&(_, mean)) = estimated.iter().find(|(d, _)| **d == s.duration_days) {
                    return mean;
                }
                let mean = staff::mean_sick_days(&s.duration_days);
                estimated.push((&s.duration_days, mean));
                mean
            })
            .collect();
        let pickup_case = (0..scenario.case_types.len())
            .map(|case| {
                let mut offices = scenario.case_types.iter().filter_map(|c| c.back_office.as_ref());
                offices.any(|b| b.card_pickup_case == Some(case))
            })
            .collect();
        let subjects = crate::stats::breakdown::subjects(&scenario);
        Plan {
            scenario,
            calendar,
            walkin_intervals,
            lines,
            shocks,
            epochs,
            arrival_intervals,
            arrival_profiles,
            desks,
            roster,
            grids,
            grid_of_group,
            grid_tool,
            case_horizon_days,
            grids_for_case,
            walkin_desks,
            can_serve,
            open_min,
            walkin_min,
            walkin_windows,
            sick_mean_days,
            pickup_case,
            subjects,
        }
    }

    /// How many figures a replication has: the office's, then each subject's.
    pub fn figure_count(&self) -> usize {
        crate::stats::breakdown::extended_len(&self.subjects)
    }
}

impl Plan {
    /// The rules of the booking tool that publishes grid `g`'s slots.
    pub fn grid_rules(&self, g: usize) -> &crate::scenario::Portal {
        self.scenario.tool_rules(self.grid_tool[g])
    }

    /// The desk's counter span on `day`: the part of `windows` its duty covers.
    pub fn counter_span(&self, desk: usize, day: usize, windows: &[Window]) -> (u32, u32) {
        let weekday = self.calendar.days[day].weekday.num_days_from_monday() as usize;
        self.roster.span(desk, day, weekday, windows, false)
    }
}

/// Appointment desks publish the part of the day's opening that their duty covers.
impl DeskHours for Plan {
    fn hours(&self, desk: usize, day: usize) -> (u32, u32) {
        match self.calendar.days.get(day) {
            Some(d) => self.counter_span(desk, day, &d.windows),
            None => (0, 24 * 60),
        }
    }
}

/// The walk-in windows of an open day: the walk-in hours, or the opening windows.
fn walkin_windows(s: &Scenario, opening: &[Window]) -> Vec<Window> {
    s.walkin.hours.clone().unwrap_or_else(|| opening.to_vec())
}

/// Walk-in service intervals of the run, merged where windows touch (also across midnight).
fn walkin_intervals(s: &Scenario, calendar: &Calendar, end: SimTime) -> Vec<OpenInterval> {
    let mut out: Vec<OpenInterval> = Vec::new();
    for (d, day) in calendar.days.iter().enumerate() {
        if !day.is_open() {
            continue;
        }
        let base = d as SimTime * MS_PER_DAY;
        for w in walkin_windows(s, &day.windows) {
            let (start, stop) = (base + w.start_min as SimTime * MS_PER_MIN, base + w.end_min as SimTime * MS_PER_MIN);
            if start >= end {
                break;
            }
            match out.last_mut() {
                Some(last) if last.end == start => last.end = stop,
                _ => out.push(OpenInterval { start, end: stop, closes_day: false }),
            }
        }
    }
    let n = out.len();
    for i in 0..n {
        let end_day = (out[i].end - 1).div_euclid(MS_PER_DAY);
        let next_same_day = out.get(i + 1).is_some_and(|next| next.start.div_euclid(MS_PER_DAY) == end_day);
        out[i].closes_day = !next_same_day;
        out[i].end = out[i].end.min(end);
    }
    out.shrink_to_fit();
    out
}

/// What one replication produced.
#[derive(Debug, Clone)]
pub struct ReplicationResult {
    pub replication: u32,
    /// Values in the order of `stats::FIGURES`, then each subject's of `stats::BY_SUBJECT`
    /// (`stats::breakdown`).
    pub figures: Vec<f64>,
    pub days: DaySeries<DayRecord>,
    pub portal: PortalRecord,
    pub staff: StaffRecord,
    pub permits: PermitRecord,
    pub conservation: Conservation,
    /// Walk-in queue-length integral and the summed waits behind it (client-ms after warm-up).
    pub queue_area: i64,
    pub queue_wait_overlap: i64,
    pub events: u64,
    /// Why the replication stopped early (a runtime guard), if it did; its figures are then void.
    pub aborted: Option<String>,
    /// Self-checks, zero in a correct run: portal cells booked beyond their places, events
    /// scheduled in the past.
    pub overfilled_cells: usize,
    pub late_events: u64,
}
