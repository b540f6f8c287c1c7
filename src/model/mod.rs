//! The office model: clients, portal, walk-in queue and counter, driven by the engine.
//!
//! `Plan` holds everything derived from a scenario that does not change between
//! replications (calendar, slot grids, arrival intervals), built once. `simulate` runs one
//! replication of a plan and returns what the recorder saw.

mod arrivals;
pub mod client;
mod events;
mod office;
pub mod portal;
mod walkin;

pub use office::simulate;

use crate::calendar::{Calendar, OpenInterval};
use crate::engine::{SimTime, MS_PER_DAY};
use crate::scenario::{Scenario, Work};
use crate::stats::{Conservation, DayRecord};
use portal::SlotGrid;

/// A scenario prepared for simulation; shared read-only by all replications.
#[derive(Debug, Clone)]
pub struct Plan {
    pub scenario: Scenario,
    pub calendar: Calendar,
    /// Opening intervals that start within the run, clipped to its end.
    pub intervals: Vec<OpenInterval>,
    /// Per case type: the stretches of time in which its clients arrive.
    pub arrival_intervals: Vec<Vec<(SimTime, SimTime)>>,
    /// One slot grid per appointment staff group.
    pub grids: Vec<SlotGrid>,
    /// Per case type: the grids (indices) that may serve it, in group order.
    pub books_for_case: Vec<Vec<usize>>,
    /// Per walk-in clerk: the staff group it belongs to.
    pub walkin_clerk_group: Vec<usize>,
    /// Clerks of all groups on duty whenever the office is open.
    pub clerks_on_duty: u32,
}

impl Plan {
    pub fn new(scenario: Scenario) -> Plan {
        let sim = &scenario.simulation;
        let calendar = Calendar::build(&scenario.calendar, sim.start_date, scenario.calendar_days());
        let end = sim.days as SimTime * MS_PER_DAY;
        let intervals = calendar
            .open_intervals()
            .into_iter()
            .filter(|i| i.start < end)
            .map(|i| OpenInterval {
                end: i.end.min(end),
                ..i
            })
            .collect();
        let arrival_intervals = scenario
            .case_types
            .iter()
            .map(|c| arrivals::active_intervals(&c.arrivals, &calendar, sim.days))
            .collect();
        let mut grids = Vec::new();
        let mut books_for_case = vec![Vec::new(); scenario.case_types.len()];
        let mut walkin_clerk_group = Vec::new();
        for (g, group) in scenario.staff.iter().enumerate() {
            match group.work {
                Work::Appointments => {
                    let lengths: Vec<u32> = group
                        .skills
                        .iter()
                        .filter(|&&c| scenario.case_types[c].portal_share > 0.0)
                        .map(|&c| scenario.case_types[c].slot_min)
                        .collect();
                    for &c in &group.skills {
                        books_for_case[c].push(grids.len());
                    }
                    grids.push(SlotGrid::build(g, group.head_count, &lengths, &calendar));
                }
                Work::Walkin => walkin_clerk_group.extend(std::iter::repeat_n(g, group.head_count as usize)),
            }
        }
        let clerks_on_duty = scenario.staff.iter().map(|g| g.head_count).sum();
        Plan {
            scenario,
            calendar,
            intervals,
            arrival_intervals,
            grids,
            books_for_case,
            walkin_clerk_group,
            clerks_on_duty,
        }
    }
}

/// What one replication produced.
#[derive(Debug, Clone)]
pub struct ReplicationResult {
    pub replication: u32,
    /// Values in the order of `stats::FIGURES`.
    pub figures: Vec<f64>,
    pub days: Vec<DayRecord>,
    pub conservation: Conservation,
    /// Walk-in queue-length integral and the summed waits behind it (client-ms after warm-up).
    pub queue_area: i64,
    pub queue_wait_overlap: i64,
    pub events: u64,
}
