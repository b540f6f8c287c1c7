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
    /// The clock hour the position was last found in, kept for the next enquiries in it.
    hour: Option<HourSeen>,
}

/// A clock hour within an arrival interval: its end and rate, found by two float divisions,
/// and valid for the positions after it (the clock only moves forward) up to 1 ms before the
/// hour's end: there the divisions give the same day and hour for any later position (they
/// are monotone, and their rounding is far below a millisecond), so the next enquiries in it
/// skip them.
#[derive(Debug, Clone, Copy)]
struct HourSeen {
    interval: usize,
    until: f64,
    hour_end: f64,
    rate: f64,
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
            let (hour_end, rate) = match self.hour {
                Some(h) if h.interval == self.interval && self.position < h.until => (h.hour_end, h.rate),
                _ => self.look_at_hour(plan, end),
            };
            let room = (hour_end - self.position) * rate;
            if rate > 0.0 && need < room {
                self.position += need / rate;
                return Some(round_ms(self.position).min(end - 1));
            }
            need -= room;
            self.position = hour_end;
        }
    }

    /// The end and rate of the clock hour the position is in (within the interval ending at
    /// `end`), noted for the next enquiries.
    fn look_at_hour(&mut self, plan: &LinePlan, end: SimTime) -> (f64, f64) {
        let day = (self.position / MS_PER_DAY as f64) as usize;
        let hour = ((self.position - (day as SimTime * MS_PER_DAY) as f64) / MS_PER_HOUR as f64) as usize;
        let clock_hour_end = day as SimTime * MS_PER_DAY + (hour as SimTime + 1) * MS_PER_HOUR;
        let hour_end = clock_hour_end.min(end) as f64;
        let rate = plan.day_rate_per_ms.get(day).copied().unwrap_or(0.0) * plan.hour_factors[hour.min(23)];
        // (An hour of 24, a rounding at midnight, is not kept: the next position is the next day's.)
        let until = (clock_hour_end - 1) as f64;
        self.hour = (hour < 24).then_some(HourSeen { interval: self.interval, until, hour_end, rate });
        (hour_end, rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{stream, StreamKind};

    /// The hour kept between enquiries changes nothing: a clock that looks up every hour
    /// afresh gives the same instants, also across hours of rate 0, interval ends and days.
    #[test]
    fn keeping_the_hour_gives_the_instants_of_looking_it_up_each_time() {
        let days = 30;
        let mut draw = stream(11, 0, StreamKind::Design, 99, 0);
        let mut hour_factors = [0.0; 24];
        for (h, f) in hour_factors.iter_mut().enumerate() {
            *f = if h % 7 == 3 { 0.0 } else { draw.random::<f64>() * 2.0 };
        }
        let day_rate_per_ms = (0..days).map(|d| if d % 6 == 5 { 0.0 } else { draw.random::<f64>() * 1e-4 }).collect();
        // Intervals that start and end inside hours, some across midnight.
        let arriving = (0..days as SimTime)
            .map(|d| (d * MS_PER_DAY + 7 * MS_PER_HOUR + 12_345, d * MS_PER_DAY + 25 * MS_PER_HOUR + 678))
            .filter(|&(s, e)| s < e)
            .scan(0, |last_end, (s, e)| {
                let iv = (s.max(*last_end), e);
                *last_end = e;
                Some(iv)
            })
            .collect();
        let plan = LinePlan {
            staffed: Vec::new(),
            day_minutes: vec![0.0; days],
            day_windows: vec![Vec::new(); days],
            arriving,
            day_rate_per_ms,
            hour_factors,
        };
        let (mut kept, mut fresh) = (RateClock::default(), RateClock::default());
        let (mut rng_kept, mut rng_fresh) =
            (stream(5, 0, StreamKind::Enquiries, 0, 0), stream(5, 0, StreamKind::Enquiries, 0, 0));
        let mut count = 0;
        loop {
            fresh.hour = None;
            let (a, b) = (kept.next(&plan, &mut rng_kept), fresh.next(&plan, &mut rng_fresh));
            assert_eq!(a, b, "enquiry {count}");
            let Some(_) = a else { break };
            count += 1;
        }
        assert!(count > 10_000, "{count} enquiries: the test covers many hours");
    }
}
