//! The back office: each day, the clerk time not spent at the counter decides applications
//! from the backlog, in the office's order, one dossier after another (partly done work
//! carries over to the next day). Decisions are dated at the end of the day.

use super::Office;
use crate::engine::{SimTime, MS_PER_DAY};
use crate::scenario::CounterSplit;

/// Weight of one day in the running average of daily back-office capacity (about four weeks).
const CAPACITY_SMOOTHING: f64 = 1.0 / 28.0;

impl Office<'_> {
    /// Back-office minutes of group `g` on `day`: productive time less the counter's share.
    fn backoffice_minutes(&self, day: usize, g: usize) -> f64 {
        let group = &self.plan.scenario.staff[g];
        if !group.work.back_office {
            return 0.0;
        }
        let row = &self.rec.staff.days.get(day).expect("a day's roster row is written when it starts")[g];
        let counter = match group.split {
            CounterSplit::Adaptive => row.counter_busy_min,
            CounterSplit::Fixed(_) => row.counter_open_min,
        };
        (row.productive_min - counter).max(0.0)
    }

    /// Works the backlog with the day's back-office time.
    pub(super) fn run_back_office(&mut self, day: usize) {
        let plan = self.plan;
        let now = ((day + 1) as SimTime * MS_PER_DAY).min(self.end);
        let mut total = 0.0;
        for (g, group) in plan.scenario.staff.iter().enumerate() {
            if !group.work.back_office {
                continue;
            }
            let available = self.backoffice_minutes(day, g);
            total += available;
            let mut left = available;
            while left > 0.0 {
                let next = self.in_progress[g].take().or_else(|| self.backlogs.pop(&group.skills));
                let Some(mut d) = next else { break };
                if d.work_min <= left {
                    left -= d.work_min;
                    self.decide(now, d);
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
}
