//! What the office cost, day by day at the rates in force (`[costs]`, dated changes included):
//! each team's pay for its employed FTE, its overtime and its extra openings, and the
//! measures' yearly costs; one-off costs once, when a measure first appears.

use super::staff_record::StaffDay;
use crate::scenario::Costs;

const DAYS_PER_YEAR: f64 = 365.25;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostRecord {
    /// Per staff group: euros over the counted days (after the warm-up).
    pub groups: Vec<f64>,
    /// The measures' yearly costs over the counted days.
    pub measures: f64,
    /// One-off costs of the measures in force at some time of the run (whole run).
    pub one_off: f64,
    /// Days counted.
    pub days: u64,
    introduced: Vec<String>,
}

impl CostRecord {
    pub fn new(groups: usize) -> CostRecord {
        CostRecord { groups: vec![0.0; groups], ..Default::default() }
    }

    /// Measures in force from now on: those not seen before add their one-off cost.
    pub fn introduce(&mut self, costs: &Costs) {
        for m in &costs.measures {
            if !self.introduced.contains(&m.name) {
                self.introduced.push(m.name.clone());
                self.one_off += m.one_off;
            }
        }
    }

    /// A counted day is over: `rows` are its staff groups' rows. Extra openings paid as
    /// overtime are in the rows' overtime already; given back as time off they cost nothing
    /// more; the allowance is paid per hour rostered either way.
    pub fn close_day(&mut self, rows: &[StaffDay], costs: &Costs) {
        self.days += 1;
        for ((sum, row), fte_year) in self.groups.iter_mut().zip(rows).zip(&costs.fte_per_year) {
            *sum += row.employed_fte * fte_year / DAYS_PER_YEAR
                + row.overtime_min / 60.0 * costs.overtime_hour
                + row.extra_min / 60.0 * costs.extra_opening_allowance_per_hour;
        }
        self.measures += costs.measures_per_year() / DAYS_PER_YEAR;
    }

    /// Euros per year: the counted days' costs scaled to a year (NaN without counted days).
    pub fn per_year(&self, euros: f64) -> f64 {
        if self.days == 0 {
            return f64::NAN;
        }
        euros * DAYS_PER_YEAR / self.days as f64
    }

    /// The office's cost per year: every team and the measures.
    pub fn office_per_year(&self) -> f64 {
        self.per_year(self.groups.iter().sum::<f64>() + self.measures)
    }
}
