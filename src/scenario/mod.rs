//! Scenarios: what a run simulates, read from TOML and validated into typed values.
//!
//! Stages: file text -> TOML document -> overrides (`--set`) applied -> typed `Scenario`
//! with every problem collected and reported with its key path. Distributions are built
//! here, so the model never sees an unchecked parameter. One file per part of the office.

mod build;
mod case_types;
mod changes;
mod checks;
mod costs;
mod dist_reader;
mod enquiries;
mod extra_openings;
mod learned_arrival;
mod load;
mod locate;
mod overrides;
mod permits;
mod policies;
mod portal;
pub mod reader;
mod shocks;
mod staff;
pub mod text;
mod walkin;

pub use case_types::{ArrivalDays, ArrivalProcess, ArrivalWindow, Arrivals, CaseType, LeakOverrides, RateModulation};
pub use extra_openings::{Compensation, ExtraOpeningStaff, Rostered};
pub use load::{build_document, load_file, load_str, with_overrides, LoadedScenario, ScenarioError};
pub use overrides::{apply_override, lookup, parse_override, Override};
pub use permits::{BackOffice, BacklogOrder, Holders, Permits};
pub use policies::{apply_policy, find_policy, read_policies, Policy};

/// What a report in German or English would show as an identifier or in another language:
/// the scenario's title, question and description, and the labels of its case types, teams
/// and policies, per language. One line each (empty: everything is labelled).
pub fn missing_labels(s: &Scenario, policies: &[Policy]) -> Vec<String> {
    let mut out = Vec::new();
    for lang in ["de", "en"] {
        let mut missing: Vec<String> = Vec::new();
        let texts = [("title", &s.title), ("question", &s.question), ("description", &s.description)];
        missing.extend(texts.iter().filter(|(_, t)| t.get(lang).is_none()).map(|(k, _)| k.to_string()));
        let labelled =
            |kind: &str, name: &str, label: &text::Text| label.get(lang).is_none().then(|| format!("{kind} {name}"));
        missing.extend(s.case_types.iter().filter_map(|c| labelled("case type", &c.name, &c.label)));
        missing.extend(s.staff.iter().filter_map(|g| labelled("team", &g.name, &g.label)));
        missing.extend(policies.iter().filter_map(|p| labelled("policy", &p.name, &p.label)));
        if !missing.is_empty() {
            // A long list (thousands of generated policies) is named by its start.
            const NAMED: usize = 12;
            let more = missing.len().saturating_sub(NAMED);
            missing.truncate(NAMED);
            if more > 0 {
                missing.push(format!("and {more} more"));
            }
            out.push(format!(
                "no {lang} text for {} (a {lang} report shows the identifier or another language there; give a string, or {{ de = \"…\", en = \"…\" }}, as `title`, `question`, `description` or `label`)",
                missing.join(", ")
            ));
        }
    }
    out
}
pub use changes::{changeable, DatedChange, CHANGEABLE};
pub use costs::{Costs, Measure};
pub use enquiries::{Answering, Email, Enquiries, Generated, Phone};
pub use learned_arrival::{Expectation, LearnedArrival};
pub use portal::{tool_key, BookingTool, Confirmation, Portal};
pub use reader::Problem;
pub use shocks::{Shock, ShockBlock, ShockTarget};
pub use staff::{
    AbsentRule, CounterSplit, Hire, PartTimePattern, Ramp, Shift, SickLeave, SickWave, StaffGroup, WorkKinds,
    MONDAY_TO_FRIDAY,
};
pub use walkin::Walkin;

use crate::calendar::CalendarSpec;
use chrono::NaiveDate;

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    /// For people, in German and English: the report's title, the committee's question in its
    /// words, and what the scenario describes.
    pub title: text::Text,
    pub question: text::Text,
    pub description: text::Text,
    pub simulation: Simulation,
    pub calendar: CalendarSpec,
    /// Who works the calendar's extra (Saturday) openings (empty without them).
    pub extra_openings: ExtraOpeningStaff,
    pub case_types: Vec<CaseType>,
    pub staff: Vec<StaffGroup>,
    pub portal: Portal,
    /// Booking tools of their own (`[portal.tools.NAME]`), for the case types that name them.
    pub booking_tools: Vec<BookingTool>,
    pub walkin: Walkin,
    pub permits: Permits,
    /// Phone and e-mail enquiries (none by default).
    pub enquiries: Enquiries,
    /// Extra demand for a stretch of weeks (`[[shocks]]`).
    pub shocks: Vec<Shock>,
    /// What the office and its measures cost (`[costs]`; defaults where absent).
    pub costs: Costs,
    /// Keys that take new values on dates (`[[changes]]`), in date order.
    pub changes: Vec<DatedChange>,
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
    /// A replication that needs more events, or has more clients in the system at once, stops
    /// with an error instead of exhausting time or memory.
    pub max_events: u64,
    pub max_clients: u64,
}

impl Scenario {
    /// Index of a case type by name.
    pub fn case_index(&self, name: &str) -> Option<usize> {
        self.case_types.iter().position(|c| c.name == name)
    }

    /// Days the calendar must cover: the run plus the longest booking horizon beyond it.
    pub fn calendar_days(&self) -> u32 {
        self.simulation.days + self.longest_horizon_days() + 1
    }

    /// The longest booking horizon of the portal and its tools.
    pub fn longest_horizon_days(&self) -> u32 {
        self.booking_tools.iter().map(|t| t.portal.horizon_days).fold(self.portal.horizon_days, u32::max)
    }

    /// The rules of the booking tool that case type `case` books through.
    pub fn portal_of(&self, case: usize) -> &Portal {
        self.tool_rules(self.case_types[case].booking_tool)
    }

    /// The rules of tool `tool` (None: `[portal]`).
    pub fn tool_rules(&self, tool: Option<usize>) -> &Portal {
        tool.map_or(&self.portal, |t| &self.booking_tools[t].portal)
    }

    /// The booking tool that publishes the slots of staff group `group`: that of the case
    /// types it serves by appointment (the checks allow one; None: `[portal]`).
    pub fn tool_of_group(&self, group: usize) -> Option<usize> {
        let booked = self.booked_slot_lengths(&self.staff[group].skills);
        booked.first().and_then(|&(c, _)| self.case_types[c].booking_tool)
    }

    /// The case types among `cases` that book through the portal, with their slot lengths
    /// (what a staff group's slot grid is cut for).
    pub fn booked_slot_lengths(&self, cases: &[usize]) -> Vec<(usize, u32)> {
        cases
            .iter()
            .filter(|&&c| self.case_types[c].portal_share > 0.0)
            .map(|&c| (c, self.case_types[c].slot_min))
            .collect()
    }

    /// Expected booking demand per day of each case type among `cases` that books through the
    /// portal (weights for drawing the starting state's bookings).
    pub fn booking_demand_weights(&self, cases: &[usize]) -> Vec<(usize, f64)> {
        cases
            .iter()
            .filter(|&&c| self.case_types[c].portal_share > 0.0)
            .map(|&c| {
                let case = &self.case_types[c];
                let minutes: f64 = case.arrivals.windows.iter().map(|w| w.len_min() as f64).sum();
                let per_day = match case.arrivals.process {
                    ArrivalProcess::Poisson { per_min } => per_min * minutes,
                    ArrivalProcess::FixedDaily { count } => count as f64,
                };
                (c, per_day * case.portal_share)
            })
            .collect()
    }

    /// Day index of a date (may be negative or beyond the run).
    pub fn day_of(&self, date: NaiveDate) -> i64 {
        (date - self.simulation.start_date).num_days()
    }
}
