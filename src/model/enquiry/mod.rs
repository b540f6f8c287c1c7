//! Phone and e-mail enquiries: when they come (`clock`), the queue of one channel
//! (`line`), and the hours each channel is staffed (`LinePlan`). The office's handlers that
//! connect them to staff and clients live in `office::enquiry_desk`.

pub mod clock;
pub mod line;

use crate::calendar::{Calendar, Window};
use crate::engine::{SimTime, MS_PER_DAY, MS_PER_MIN};
use crate::scenario::Scenario;
use chrono::Datelike;

/// The two channels; the index of a channel's plan, state and records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Phone = 0,
    Email = 1,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Phone, Channel::Email];

    pub fn from_index(i: u8) -> Channel {
        if i == 0 {
            Channel::Phone
        } else {
            Channel::Email
        }
    }
}

/// A channel's staffed hours over the run and the rate of its exogenous enquiries.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePlan {
    /// Staffed intervals of the run, merged where they touch (also across midnight).
    pub staffed: Vec<(SimTime, SimTime)>,
    /// Per run day: staffed minutes and that day's windows (empty when closed).
    pub day_minutes: Vec<f64>,
    pub day_windows: Vec<Vec<Window>>,
    /// Where exogenous enquiries come: the calling hours of open days (calls) or the whole run
    /// (e-mails).
    pub arriving: Vec<(SimTime, SimTime)>,
    /// Rate per ms on each run day (weekday and month factors applied) and the factor of each
    /// clock hour.
    pub day_rate_per_ms: Vec<f64>,
    pub hour_factors: [f64; 24],
}

impl LinePlan {
    /// The plans of the scenario's channels, indexed by `Channel` (None: no such channel).
    pub fn build(s: &Scenario, calendar: &Calendar) -> [Option<LinePlan>; 2] {
        let days = s.simulation.days as usize;
        let phone = s.enquiries.phone.as_ref().map(|p| {
            let per_ms = p.calls_per_hour / 60.0 / MS_PER_MIN as f64;
            let mut plan = LinePlan::staffed(&p.answering.hours, calendar, days);
            plan.arriving = LinePlan::staffed(&p.calling_hours, calendar, days).staffed;
            plan.day_rate_per_ms = day_rates(per_ms, &p.weekday_factors, &p.month_factors, calendar, days);
            plan.hour_factors = p.hour_factors;
            plan
        });
        let email = s.enquiries.email.as_ref().map(|e| {
            let per_ms = e.per_day / MS_PER_DAY as f64;
            let mut plan = LinePlan::staffed(&e.answering.hours, calendar, days);
            plan.arriving = vec![(0, days as SimTime * MS_PER_DAY)];
            plan.day_rate_per_ms = day_rates(per_ms, &e.weekday_factors, &e.month_factors, calendar, days);
            plan
        });
        [phone, email]
    }

    /// `hours` on every open day of the run.
    fn staffed(hours: &[Window], calendar: &Calendar, days: usize) -> LinePlan {
        let mut staffed: Vec<(SimTime, SimTime)> = Vec::new();
        let (mut day_minutes, mut day_windows) = (Vec::with_capacity(days), Vec::with_capacity(days));
        for (d, day) in calendar.days.iter().take(days).enumerate() {
            let windows = if day.is_open() { hours.to_vec() } else { Vec::new() };
            let base = d as SimTime * MS_PER_DAY;
            for w in &windows {
                let (start, end) =
                    (base + w.start_min as SimTime * MS_PER_MIN, base + w.end_min as SimTime * MS_PER_MIN);
                match staffed.last_mut() {
                    Some(last) if last.1 == start => last.1 = end,
                    _ => staffed.push((start, end)),
                }
            }
            day_minutes.push(windows.iter().map(|w| f64::from(w.end_min - w.start_min)).sum());
            day_windows.push(windows);
        }
        LinePlan {
            staffed,
            day_minutes,
            day_windows,
            arriving: Vec::new(),
            day_rate_per_ms: Vec::new(),
            hour_factors: [1.0; 24],
        }
    }

    /// The first staffed interval that ends after `t` (its index; `staffed.len()` if none),
    /// searched forward from `from`, the answer for an earlier time (or 0). A caller that asks
    /// for times in order walks the intervals once: a binary search on every unanswered call
    /// waited on a chain of loads (a sixth of a hotline-heavy run).
    pub fn first_ending_after(&self, from: usize, t: SimTime) -> usize {
        let mut i = from;
        while self.staffed.get(i).is_some_and(|iv| iv.1 <= t) {
            i += 1;
        }
        i
    }

    /// The instant `u` staffed minutes into `day`'s windows (0 <= u < day_minutes[day]).
    pub fn staffed_instant(&self, day: usize, mut u: f64) -> SimTime {
        let base = day as SimTime * MS_PER_DAY;
        let windows = &self.day_windows[day];
        for w in windows {
            let len = f64::from(w.end_min - w.start_min);
            if u < len {
                return base + crate::engine::round_ms((f64::from(w.start_min) + u) * MS_PER_MIN as f64);
            }
            u -= len;
        }
        windows.last().map_or(base, |w| base + w.end_min as SimTime * MS_PER_MIN - 1)
    }
}

/// Base rate × weekday factor × month factor, per run day.
fn day_rates(per_ms: f64, weekday: &[f64; 7], month: &[f64; 12], calendar: &Calendar, days: usize) -> Vec<f64> {
    calendar
        .days
        .iter()
        .take(days)
        .map(|d| per_ms * weekday[d.weekday.num_days_from_monday() as usize] * month[d.date.month0() as usize])
        .collect()
}
