//! The back office: each day, the clerk time not spent at the counter decides applications
//! from the backlog, in the office's order, one dossier after another (partly done work
//! carries over to the next day). Slots nobody booked are file time; counter minutes held
//! for somebody who does not come (or an empty walk-in queue) go to files at the group's
//! `idle_counter_efficiency`. Decisions are dated at the end of the day.

use super::Office;
use crate::engine::{SimTime, MS_PER_DAY};

/// Weight of one day in the running average of daily back-office capacity (about four weeks).
const CAPACITY_SMOOTHING: f64 = 1.0 / 28.0;

impl Office<'_> {
    /// Back-office minutes of group `g` on `day`, and its idle counter minutes. A clerk is
    /// held at the counter for the booked slots (appointments: free slots are known ahead and
    /// planned as file time) or for the whole walk-in hours; what of that serves nobody (a
    /// no-show, a gap, an empty queue) goes to files at the group's efficiency.
    fn backoffice_minutes(&self, day: usize, g: usize) -> (f64, f64) {
        let group = &self.plan.scenario.staff[g];
        let row = &self.rec.staff.days.get(day).expect("a day's roster row is written when it starts")[g];
        let held = match self.plan.grid_of_group[g] {
            Some(grid) => self.portal.booked_minutes(grid, day).min(row.counter_open_min),
            None => row.counter_open_min,
        };
        let idle = (held - row.counter_busy_min).max(0.0);
        if !group.work.back_office {
            return (0.0, idle);
        }
        let at_counter = held.max(row.counter_busy_min);
        // Hotline hours with no call to answer go to files like idle counter time.
        let hotline_idle = (row.hotline_min - row.hotline_busy_min).max(0.0);
        let off_counter = (row.productive_min - at_counter - row.enquiry_min()).max(0.0);
        (off_counter + group.idle_counter_efficiency * (idle + hotline_idle), idle)
    }

    /// Works the backlog with the day's back-office time.
    pub(super) fn run_back_office(&mut self, day: usize) {
        let plan = self.plan;
        let now = ((day + 1) as SimTime * MS_PER_DAY).min(self.end);
        let mut total = 0.0;
        for (g, group) in plan.scenario.staff.iter().enumerate() {
            let (available, idle) = self.backoffice_minutes(day, g);
            let from_idle = if group.work.back_office { group.idle_counter_efficiency * idle } else { 0.0 };
            self.rec.staff.counter_idle(day, g, idle, from_idle);
            if !group.work.back_office {
                continue;
            }
            total += available;
            let mut left = available;
            while left > 0.0 {
                let next = self.in_progress[g].take().or_else(|| self.backlogs.pop(&group.skills));
                let Some(mut d) = next else { break };
                if d.work_min <= left {
                    left -= d.work_min;
                    self.decide(day, now, d);
                } else {
                    d.work_min -= left;
                    left = 0.0;
                    self.in_progress[g] = Some(d);
                }
            }
            self.rec.staff.backoffice(day, g, available, available - left);
        }
        self.backoffice_daily_min = if day == 0 {
            total
        } else {
            self.backoffice_daily_min + CAPACITY_SMOOTHING * (total - self.backoffice_daily_min)
        };
    }

    /// The run ends: every application still undecided (waiting, partly worked, or out with
    /// its client to be completed) is recorded with its wait so far.
    pub(super) fn count_undecided_at_end(&mut self) {
        let end = self.end;
        let mut free = vec![false; self.rework.len()];
        self.rework_free.iter().for_each(|&i| free[i as usize] = true);
        let out_with_clients = self.rework.iter().zip(&free).filter(|(_, free)| !**free);
        let in_backlog = self.backlogs.waiting().chain(self.in_progress.iter().flatten()).map(|d| (d, true));
        let undecided: Vec<(usize, SimTime, SimTime, bool)> = (in_backlog)
            .chain(out_with_clients.map(|(d, _)| (d, false)))
            .map(|(d, in_backlog)| (d.case as usize, d.filed, end - d.filed, in_backlog))
            .collect();
        for (case, filed, waited, in_backlog) in undecided {
            self.rec.permits.undecided_at_end(case, filed, waited, in_backlog);
        }
    }
}
