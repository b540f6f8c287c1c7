//! Scenarios: what a run simulates, read from TOML and validated into typed values.
//!
//! Stages: file text -> TOML document -> overrides (`--set`) applied -> typed `Scenario`
//! with every problem collected and reported with its key path. Distributions are built
//! here, so the model never sees an unchecked parameter.

mod build;
mod build_office;
mod load;
mod overrides;
pub mod reader;

pub use load::{load_file, load_str, LoadedScenario, ScenarioError};
pub use overrides::{apply_override, parse_override, Override};
pub use reader::Problem;

use crate::calendar::{CalendarSpec, Window};
use crate::dist::Dist;
use chrono::NaiveDate;

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub simulation: Simulation,
    pub calendar: CalendarSpec,
    pub case_types: Vec<CaseType>,
    pub staff: Vec<StaffGroup>,
    pub portal: Portal,
    pub walkin: Walkin,
}

/// Length, warm-up, seed and replications of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    pub start_date: NaiveDate,
    pub days: u32,
    /// Days at the start whose events are simulated but not counted in the summary figures.
    pub warmup_days: u32,
    pub seed: u64,
    pub replications: u32,
}

/// What a visit is about: decides arrivals, channel, service time and who may serve it.
#[derive(Debug, Clone)]
pub struct CaseType {
    pub name: String,
    pub arrivals: Arrivals,
    /// Share of clients who book through the portal; the rest walk in.
    pub portal_share: f64,
    pub service_time: Dist,
    /// Length of a portal slot for this case type, minutes.
    pub slot_min: u32,
}

/// On which days arrivals happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrivalDays {
    All,
    Weekdays,
    /// Days on which the office is open (calendar).
    OpenDays,
}

/// How clients of a case type arrive.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrivals {
    pub process: ArrivalProcess,
    pub days: ArrivalDays,
    /// Time-of-day windows in which arrivals happen (the whole day when the file gives none).
    pub windows: Vec<Window>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArrivalProcess {
    /// Poisson process with this rate per minute of active time (inside windows on active days).
    Poisson { per_min: f64 },
    /// Exactly `count` arrivals per active day, independent uniform times in the windows.
    FixedDaily { count: u32 },
}

/// The kind of work a staff group does at the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Serves booked portal appointments on its published slots.
    Appointments,
    /// Serves the walk-in queue during opening hours.
    Walkin,
}

/// A group of clerks with the same work and skills.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffGroup {
    pub name: String,
    pub head_count: u32,
    pub work: Work,
    /// Indices of the case types this group may serve.
    pub skills: Vec<usize>,
}

/// The booking portal.
#[derive(Debug, Clone, PartialEq)]
pub struct Portal {
    /// A slot can be booked up to this many days after the day of booking (inclusive).
    pub horizon_days: u32,
    /// Probability that a booked client does not come (true rate).
    pub no_show_prob: f64,
}

/// The walk-in queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Walkin {
    /// At the end of the day's opening hours, everyone still waiting is sent home.
    pub send_home_at_close: bool,
}

impl Scenario {
    /// Index of a case type by name.
    pub fn case_index(&self, name: &str) -> Option<usize> {
        self.case_types.iter().position(|c| c.name == name)
    }

    /// Days the calendar must cover: the run plus the booking horizon beyond it.
    pub fn calendar_days(&self) -> u32 {
        self.simulation.days + self.portal.horizon_days + 1
    }
}
