//! Each team's working time as the simulation spent it, and the personnel office's number
//! beside it: the staff need by the analytic formula German administrations use (federal
//! Organisationshandbuch, "Basisdaten"; KGSt): workload per year (cases x mean processing
//! time) x (1 + allowance for time that belongs to no case), divided by the net yearly
//! working time of one FTE. The workload is what the team did in the run (counter services
//! and back-office work on decided applications), as an office's case statistics count it;
//! the net working time follows from the scenario's own calendar and absence assumptions.
//! The formula sees no queues, no variability, no no-shows, no absences bunched in peaks
//! and no work left undone, which is why it differs from what the simulation needs (see
//! docs/output.md, "The personnel office's number").

use crate::model::{Plan, ReplicationResult};
use crate::stats::{OnlineStats, StaffDay};

/// One team's year, means over replications (hours and FTE per year of the counted days).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamTime {
    pub name: String,
    pub positions_fte: f64,
    pub employed_fte: f64,
    /// The FTE that the contract hours and the hours at work make on the group's working
    /// days (contract FTE equal the filled FTE: FTE are time).
    pub contract_fte: f64,
    pub at_work_fte: f64,
    /// Contract time, working time at work, and its parts.
    pub contract_hours: f64,
    pub worked_hours: f64,
    pub absent_hours: f64,
    pub counter_hours: f64,
    pub service_hours: f64,
    pub counter_idle_hours: f64,
    pub idle_to_backoffice_hours: f64,
    pub backoffice_hours: f64,
    pub backoffice_used_hours: f64,
    pub overtime_hours: f64,
    /// The formula: workload, net hours of one FTE a year, and the FTE they give.
    pub workload_hours: f64,
    pub net_hours_per_fte: f64,
    pub formula_fte: f64,
}

/// Per team, per year of the counted days: means over the replications.
pub fn team_time(plan: &Plan, results: &[ReplicationResult]) -> Vec<TeamTime> {
    let sums: Vec<&[StaffDay]> = results.iter().map(|r| &r.staff.groups[..]).collect();
    team_time_of(plan, &sums)
}

/// `team_time` from each replication's per-group sums (`StaffRecord::groups`).
pub fn team_time_of(plan: &Plan, replications: &[&[StaffDay]]) -> Vec<TeamTime> {
    let s = &plan.scenario;
    let counted = s.simulation.days.saturating_sub(s.simulation.warmup_days).max(1) as f64;
    let per_year = 365.0 / counted;
    s.staff
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let mean =
                |f: &dyn Fn(&StaffDay) -> f64| replications.iter().map(|r| f(&r[g])).collect::<OnlineStats>().mean();
            let hours = |f: &dyn Fn(&StaffDay) -> f64| mean(f) / 60.0 * per_year;
            // Enquiries answered are work like services and files (the hotline's idle hours are not).
            let workload_hours =
                hours(&|d| d.counter_busy_min + d.backoffice_used_min + d.hotline_busy_min + d.email_min);
            let net_hours_per_fte = net_hours_per_fte(plan, g);
            let full_time_hours = contract_hours_per_fte(plan, g);
            let fte = |h: f64| if full_time_hours > 0.0 { h / full_time_hours } else { f64::NAN };
            let formula_fte = match net_hours_per_fte > 0.0 {
                true => workload_hours * (1.0 + group.distributed_time_allowance) / net_hours_per_fte,
                false => f64::NAN,
            };
            TeamTime {
                name: group.name.clone(),
                positions_fte: group.positions_fte,
                employed_fte: mean(&|d| d.employed_fte) / counted,
                contract_fte: fte(hours(&|d| d.contract_min)),
                at_work_fte: fte(hours(&|d| d.worked_min)),
                contract_hours: hours(&|d| d.contract_min),
                worked_hours: hours(&|d| d.worked_min),
                absent_hours: hours(&|d| d.closed_min + d.vacation_min + d.training_min + d.sick_min),
                counter_hours: hours(&|d| d.counter_open_min),
                service_hours: hours(&|d| d.counter_busy_min),
                counter_idle_hours: hours(&|d| d.counter_idle_min),
                idle_to_backoffice_hours: hours(&|d| d.idle_backoffice_min),
                backoffice_hours: hours(&|d| d.backoffice_min),
                backoffice_used_hours: hours(&|d| d.backoffice_used_min),
                overtime_hours: hours(&|d| d.overtime_min),
                workload_hours,
                net_hours_per_fte,
                formula_fte,
            }
        })
        .collect()
}

/// The contract hours of one full-time person of group `g` in a year of the counted days:
/// its working days (open or not) at the full-time day.
fn contract_hours_per_fte(plan: &Plan, g: usize) -> f64 {
    let s = &plan.scenario;
    let group = &s.staff[g];
    let (first, end) = (s.simulation.warmup_days as usize, s.simulation.days as usize);
    let days = (first..end)
        .filter(|&d| group.working_days[plan.calendar.days[d].weekday.num_days_from_monday() as usize])
        .count() as f64;
    days * 365.0 / (end - first).max(1) as f64 * group.minutes_per_day as f64 / 60.0
}

/// The net yearly working time of one full-time person of group `g`: its working days in
/// the counted days on which the office is open, scaled to a year, less vacation and
/// training days, less the sickness share, at the full-time day.
pub fn net_hours_per_fte(plan: &Plan, g: usize) -> f64 {
    let s = &plan.scenario;
    let group = &s.staff[g];
    let (first, end) = (s.simulation.warmup_days as usize, s.simulation.days as usize);
    let working = (first..end)
        .filter(|&d| {
            let day = &plan.calendar.days[d];
            day.is_open() && !day.extra && group.working_days[day.weekday.num_days_from_monday() as usize]
        })
        .count() as f64;
    let per_year = working * 365.0 / (end - first).max(1) as f64;
    let sick = group.sick_leave.as_ref().map_or(0.0, |s| s.absence_share);
    let days = (per_year - group.vacation_days_per_year - group.training_days_per_year).max(0.0) * (1.0 - sick);
    days * group.minutes_per_day as f64 / 60.0
}
