//! Exogenous enquiries: a Poisson process whose rate is constant within each clock hour of
//! each day and zero outside the channel's arrival intervals. Exponential amounts of
//! "rate × time" are laid over the hours, so the process is exact, not thinned.

use super::LinePlan;
use crate::engine::{round_ms, SimTime, MS_PER_DAY, MS_PER_HOUR};
use rand::Rng;
use rand_distr::{Distribution, Exp1};

#[derive(Debug, Clone, Default)]
pub struct RateClock {
    interval: usize,
    /// Position in continuous time (ms), a float so rounding never biases the rate.
    position: f64,
}

impl RateClock {
    /// The next enquiry's instant, or None when the run's intervals are used up.
    pub fn next<R: Rng + ?Sized>(&mut self, plan: &LinePlan, rng: &mut R) -> Option<SimTime> {
        let mut need: f64 = Exp1.sample(rng);
        loop {
            let &(start, end) = plan.arriving.get(self.interval)?;
            self.position = self.position.max(start as f64);
            if self.position >= end as f64 {
                self.interval += 1;
                continue;
            }
            let day = (self.position / MS_PER_DAY as f64) as usize;
            let hour = ((self.position - (day as SimTime * MS_PER_DAY) as f64) / MS_PER_HOUR as f64) as usize;
            let hour_end = (day as SimTime * MS_PER_DAY + (hour as SimTime + 1) * MS_PER_HOUR).min(end) as f64;
            let rate = plan.day_rate_per_ms.get(day).copied().unwrap_or(0.0) * plan.hour_factors[hour.min(23)];
            let room = (hour_end - self.position) * rate;
            if rate > 0.0 && need < room {
                self.position += need / rate;
                return Some(round_ms(self.position).min(end - 1));
            }
            need -= room;
            self.position = hour_end;
        }
    }
}
