//! Demand shocks in the model: the extra arrivals (or holders moving in) of `[[shocks]]` as a
//! Poisson stream of their own, laid over the case type's hours, so that the usual arrivals
//! keep their random numbers; a factor below 1 thins the usual arrivals instead.
//!
//! The extra rate is constant within each stretch of a day's hours apart from the usual
//! rate's trend, so the clock runs at each stretch's largest rate and keeps a candidate with
//! probability rate / largest (thinning against a piecewise-constant bound, exact).

use super::arrivals::{is_active_day, RateProfile};
use crate::calendar::Calendar;
use crate::engine::{round_ms, SimTime, MS_PER_DAY, MS_PER_MIN};
use crate::scenario::{Arrivals, Scenario, Shock, ShockTarget};
use rand::Rng;
use rand_distr::{Distribution, Exp1};

/// One stretch of hours with a shock: the extra volume's rate, the factor's extra on the usual
/// rate, the share of usual arrivals kept, and the largest extra rate in the stretch.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stretch {
    start: SimTime,
    end: SimTime,
    volume_per_ms: f64,
    /// Σ (factor − 1) × strength over the shocks with a factor above 1.
    factor_extra: f64,
    /// Π (1 − (1 − factor) × strength) over the shocks with a factor below 1.
    keep: f64,
    max_per_ms: f64,
}

/// The shocks of one case type's arrivals or holder inflow, over the run.
#[derive(Debug, Clone, PartialEq)]
pub struct ShockPlan {
    stretches: Vec<Stretch>,
    /// The usual rate per ms (before trend and seasonality).
    usual_per_ms: f64,
    /// Some stretch keeps less than all usual arrivals.
    thins: bool,
}

/// Hours of one day: (day, start, end) in ms since the run's start.
type DayHours = Vec<(i64, SimTime, SimTime)>;

impl ShockPlan {
    /// Plans of every case type: (arrival shocks, inflow shocks), None where it has none.
    pub fn build_all(
        scenario: &Scenario,
        calendar: &Calendar,
        profiles: &[Option<RateProfile>],
    ) -> Vec<[Option<ShockPlan>; 2]> {
        let days = scenario.simulation.days as i64;
        (0..scenario.case_types.len())
            .map(|c| {
                let case = &scenario.case_types[c];
                let arrivals = shocks_of(scenario, ShockTarget::Arrivals(c));
                let inflow = shocks_of(scenario, ShockTarget::Inflow(c));
                let usual = match case.arrivals.process {
                    crate::scenario::ArrivalProcess::Poisson { per_min } => per_min / MS_PER_MIN as f64,
                    crate::scenario::ArrivalProcess::FixedDaily { .. } => 0.0,
                };
                let hours = |d: i64| arrival_hours(&case.arrivals, calendar, d);
                let arrival_plan = (!arrivals.is_empty())
                    .then(|| ShockPlan::new(scenario, &arrivals, days, &hours, usual, profiles[c].as_ref()));
                let inflow_per_ms =
                    case.holders.as_ref().map_or(0.0, |h| h.inflow_per_year / (365.25 * MS_PER_DAY as f64));
                let whole_day = |d: i64| vec![(d, d * MS_PER_DAY, (d + 1) * MS_PER_DAY)];
                let inflow_plan = (!inflow.is_empty())
                    .then(|| ShockPlan::new(scenario, &inflow, days, &whole_day, inflow_per_ms, None));
                [arrival_plan, inflow_plan]
            })
            .collect()
    }

    fn new(
        scenario: &Scenario,
        shocks: &[&Shock],
        days: i64,
        hours: &dyn Fn(i64) -> DayHours,
        usual_per_ms: f64,
        profile: Option<&RateProfile>,
    ) -> ShockPlan {
        let end = days * MS_PER_DAY;
        // Per day of the run: (volume per ms, factor extra, keep).
        let mut per_day = vec![(0.0, 0.0, 1.0); days.max(0) as usize];
        for shock in shocks {
            let first = scenario.day_of(shock.start);
            for block in shock.blocks() {
                let from = first + block.from_day as i64;
                let block_days: Vec<i64> = (from..from + block.days as i64).collect();
                let active_ms: i64 = block_days.iter().flat_map(|&d| hours(d)).map(|(_, s, e)| e - s).sum();
                let volume = shock.extra_per_week * block.weight * block.days as f64 / 7.0;
                let volume_per_ms = if active_ms > 0 { volume / active_ms as f64 } else { 0.0 };
                let factor = 1.0 + (shock.factor - 1.0) * block.weight;
                for d in block_days.into_iter().filter(|d| (0..days).contains(d)) {
                    let slot = &mut per_day[d as usize];
                    slot.0 += volume_per_ms;
                    slot.1 += (factor - 1.0).max(0.0);
                    slot.2 *= factor.min(1.0);
                }
            }
        }
        let mut stretches: Vec<Stretch> = Vec::new();
        for (d, &(volume_per_ms, factor_extra, keep)) in per_day.iter().enumerate() {
            if volume_per_ms == 0.0 && factor_extra == 0.0 && keep == 1.0 {
                continue;
            }
            for (_, start, stop) in hours(d as i64) {
                let start = start.max(stretches.last().map_or(0, |s| s.end)).max(0);
                let stop = stop.min(end);
                if start >= stop {
                    continue;
                }
                let usual_max = usual_per_ms * profile.map_or(1.0, RateProfile::max);
                let max_per_ms = volume_per_ms + factor_extra * usual_max;
                stretches.push(Stretch { start, end: stop, volume_per_ms, factor_extra, keep, max_per_ms });
            }
        }
        let thins = stretches.iter().any(|s| s.keep < 1.0);
        ShockPlan { stretches, usual_per_ms, thins }
    }

    /// The share of usual arrivals at `t` that a shock with a factor below 1 keeps.
    pub fn keep_at(&self, t: SimTime) -> f64 {
        if !self.thins {
            return 1.0;
        }
        let i = self.stretches.partition_point(|s| s.end <= t);
        self.stretches.get(i).filter(|s| s.start <= t).map_or(1.0, |s| s.keep)
    }
}

fn shocks_of(scenario: &Scenario, target: ShockTarget) -> Vec<&Shock> {
    scenario.shocks.iter().filter(|s| s.target == target).collect()
}

/// A case type's arrival hours on day `d` of the run (outside the calendar, the same weekday
/// of a week inside it stands in, so a shock's volume is spread the same way).
fn arrival_hours(arrivals: &Arrivals, calendar: &Calendar, d: i64) -> DayHours {
    let n = calendar.days.len() as i64;
    let mut like = d;
    while like < 0 {
        like += 7;
    }
    while like >= n && like >= 7 {
        like -= 7;
    }
    if like >= n || !is_active_day(arrivals.days, calendar, like as usize) {
        return Vec::new();
    }
    let base = d * MS_PER_DAY;
    arrivals
        .windows
        .iter()
        .map(|w| (d, base + w.start_min as SimTime * MS_PER_MIN, base + w.end_min as SimTime * MS_PER_MIN))
        .collect()
}

/// Where a replication stands in a shock plan's stream of extra arrivals.
#[derive(Debug, Clone, Default)]
pub struct ShockClock {
    stretch: usize,
    /// Position in continuous time (ms).
    position: f64,
}

impl ShockClock {
    /// The next extra arrival, or None when the shocks are over.
    pub fn next<R: Rng + ?Sized>(
        &mut self,
        plan: &ShockPlan,
        profile: Option<&RateProfile>,
        rng: &mut R,
    ) -> Option<SimTime> {
        loop {
            // One exponential amount of the bound's integral, laid over the stretches.
            let mut remaining: f64 = Exp1.sample(rng);
            let s = loop {
                let s = plan.stretches.get(self.stretch)?;
                self.position = self.position.max(s.start as f64);
                let available = (s.end as f64 - self.position) * s.max_per_ms;
                if s.max_per_ms > 0.0 && remaining < available {
                    self.position += remaining / s.max_per_ms;
                    break s;
                }
                remaining -= available.max(0.0);
                self.stretch += 1;
            };
            let usual = plan.usual_per_ms * profile.map_or(1.0, |p| p.factor_at(self.position));
            let rate = s.volume_per_ms + s.factor_extra * usual;
            if rng.random::<f64>() * s.max_per_ms < rate {
                return Some(round_ms(self.position).min(s.end - 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(stretches: Vec<Stretch>) -> ShockPlan {
        ShockPlan { thins: stretches.iter().any(|s| s.keep < 1.0), stretches, usual_per_ms: 0.0 }
    }

    #[test]
    fn the_clock_counts_each_stretchs_volume_and_nothing_outside() {
        // Two stretches of a day each: 50 and 200 arrivals expected, a gap between them.
        let day = MS_PER_DAY;
        let stretch = |start: SimTime, volume: f64| Stretch {
            start,
            end: start + day,
            volume_per_ms: volume / day as f64,
            factor_extra: 0.0,
            keep: 1.0,
            max_per_ms: volume / day as f64,
        };
        let p = plan(vec![stretch(2 * day, 50.0), stretch(5 * day, 200.0)]);
        let mut rng = crate::rng::stream(7, 0, crate::rng::StreamKind::Shocks, 0, 0);
        let (mut first, mut second, reps) = (0u32, 0u32, 400);
        for _ in 0..reps {
            let mut clock = ShockClock::default();
            while let Some(t) = clock.next(&p, None, &mut rng) {
                match t / day {
                    2 => first += 1,
                    5 => second += 1,
                    other => panic!("an arrival on day {other}, outside the shock"),
                }
            }
        }
        // Poisson totals over 400 runs: mean 20,000 (sd 141) and 80,000 (sd 283); 99 %: 2.58 sd.
        assert!((first as f64 - 20_000.0).abs() < 2.58 * 20_000f64.sqrt(), "{first}");
        assert!((second as f64 - 80_000.0).abs() < 2.58 * 80_000f64.sqrt(), "{second}");
    }

    #[test]
    fn keep_is_read_from_the_stretch_that_holds_the_time() {
        let s = Stretch { start: 100, end: 200, volume_per_ms: 0.0, factor_extra: 0.0, keep: 0.5, max_per_ms: 0.0 };
        let p = plan(vec![s]);
        assert_eq!((p.keep_at(99), p.keep_at(100), p.keep_at(199), p.keep_at(200)), (1.0, 0.5, 0.5, 1.0));
    }
}
