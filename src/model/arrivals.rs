//! When clients arrive: Poisson streams inside active windows, or fixed counts per day.

use crate::calendar::Calendar;
use crate::engine::{SimTime, MS_PER_DAY, MS_PER_MIN};
use crate::scenario::{ArrivalDays, ArrivalWindow, Arrivals, RateModulation};
use chrono::{Datelike, Weekday};
use rand::Rng;
use rand_distr::{Distribution, Exp1};

/// The stretches of time in which a case type's clients arrive, merged where they touch.
/// A window that starts the evening before belongs to the day it ends on.
pub fn active_intervals(arrivals: &Arrivals, calendar: &Calendar, days: u32) -> Vec<(SimTime, SimTime)> {
    let mut out: Vec<(SimTime, SimTime)> = Vec::new();
    for d in 0..days as usize {
        if !is_active_day(arrivals.days, calendar, d) {
            continue;
        }
        let base = d as SimTime * MS_PER_DAY;
        for w in &arrivals.windows {
            let s = (base + w.start_min as SimTime * MS_PER_MIN).max(0);
            let e = base + w.end_min as SimTime * MS_PER_MIN;
            match out.last_mut() {
                Some(last) if last.1 >= s => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
    }
    // Kept for the whole run by every replication: no spare capacity.
    out.shrink_to_fit();
    out
}

pub fn is_active_day(days: ArrivalDays, calendar: &Calendar, day: usize) -> bool {
    let plan = &calendar.days[day];
    match days {
        ArrivalDays::All => true,
        ArrivalDays::Weekdays => !matches!(plan.weekday, Weekday::Sat | Weekday::Sun),
        ArrivalDays::OpenDays => plan.is_open(),
    }
}

/// A Poisson process with a constant rate inside the active intervals and none outside:
/// exponential amounts of *active* time are laid over the intervals.
#[derive(Debug, Clone)]
pub struct PoissonClock {
    per_ms: f64,
    interval: usize,
    /// Position in continuous time (ms), kept as a float so rounding never biases the rate.
    position: f64,
}

impl PoissonClock {
    pub fn new(per_min: f64, intervals: &[(SimTime, SimTime)]) -> Self {
        let position = intervals.first().map_or(0.0, |i| i.0 as f64);
        PoissonClock { per_ms: per_min / MS_PER_MIN as f64, interval: 0, position }
    }

    /// The next arrival time, or None when the intervals are used up (or the rate is 0).
    /// With a profile the clock runs at the profile's largest rate and each candidate is kept
    /// with probability rate(t) / largest rate (thinning), the coin drawn from the same stream.
    pub fn next<R: Rng + ?Sized>(
        &mut self,
        intervals: &[(SimTime, SimTime)],
        profile: Option<&RateProfile>,
        rng: &mut R,
    ) -> Option<SimTime> {
        if self.per_ms <= 0.0 {
            return None;
        }
        loop {
            let t = self.advance(intervals, rng)?;
            match profile {
                None => return Some(t),
                Some(p) if rng.random::<f64>() * p.max < p.factor_at(self.position) => return Some(t),
                Some(_) => {}
            }
        }
    }

    /// Lays one exponential amount of active time over the intervals.
    fn advance<R: Rng + ?Sized>(&mut self, intervals: &[(SimTime, SimTime)], rng: &mut R) -> Option<SimTime> {
        let e: f64 = Exp1.sample(rng);
        let mut remaining = e / self.per_ms;
        loop {
            let &(start, end) = intervals.get(self.interval)?;
            self.position = self.position.max(start as f64);
            let available = end as f64 - self.position;
            if remaining < available {
                self.position += remaining;
                return Some(crate::engine::round_ms(self.position).min(end - 1));
            }
            remaining -= available;
            self.interval += 1;
        }
    }
}

/// The factor by which a modulated Poisson rate is multiplied over the run.
#[derive(Debug, Clone, PartialEq)]
pub struct RateProfile {
    /// Trend per ms since the start date.
    trend_per_ms: f64,
    /// Per day of the run: the factor of its calendar month.
    month_factor: Vec<f64>,
    /// The largest factor in the run: the thinning clock runs at base rate × max.
    max: f64,
}

impl RateProfile {
    pub fn new(m: &RateModulation, calendar: &Calendar, days: u32) -> RateProfile {
        let trend_per_ms = m.trend_per_year / (365.25 * MS_PER_DAY as f64);
        let month_factor: Vec<f64> =
            calendar.days.iter().take(days as usize).map(|d| m.month_factors[d.date.month0() as usize]).collect();
        let trend = |ms: f64| (1.0 + trend_per_ms * ms).max(0.0);
        // The trend is linear, so within a day it is largest at one of the day's ends.
        let max = month_factor
            .iter()
            .enumerate()
            .map(|(d, f)| {
                let (start, end) = (d as f64 * MS_PER_DAY as f64, (d + 1) as f64 * MS_PER_DAY as f64);
                f * trend(start).max(trend(end))
            })
            .fold(0.0, f64::max);
        RateProfile { trend_per_ms, month_factor, max }
    }

    /// The largest factor in the run.
    pub fn max(&self) -> f64 {
        self.max
    }

    /// The factor at time `ms` (continuous).
    pub fn factor_at(&self, ms: f64) -> f64 {
        let last = self.month_factor.len().saturating_sub(1);
        let day = crate::engine::floor_to_usize(ms / MS_PER_DAY as f64).min(last);
        let month = self.month_factor.get(day).copied().unwrap_or(1.0);
        month * (1.0 + self.trend_per_ms * ms).max(0.0)
    }
}

/// A uniform random time inside `windows` of day `day` (may fall on the evening before).
pub fn uniform_time_in<R: Rng + ?Sized>(windows: &[ArrivalWindow], day: u32, rng: &mut R) -> SimTime {
    let total: f64 = windows.iter().map(|w| w.len_min() as f64).sum();
    let base = day as SimTime * MS_PER_DAY;
    let mut offset = rng.random::<f64>() * total;
    for w in windows {
        let len = w.len_min() as f64;
        if offset < len {
            return base + ((w.start_min as f64 + offset) * MS_PER_MIN as f64) as SimTime;
        }
        offset -= len;
    }
    base + windows.last().map_or(0, |w| w.end_min as SimTime) * MS_PER_MIN - 1
}

/// `count` independent uniform arrival times inside the day's windows, sorted.
pub fn fixed_daily_times<R: Rng + ?Sized>(arrivals: &Arrivals, day: u32, count: u32, rng: &mut R) -> Vec<SimTime> {
    let mut times: Vec<SimTime> = (0..count).map(|_| uniform_time_in(&arrivals.windows, day, rng)).collect();
    times.sort_unstable();
    times
}
