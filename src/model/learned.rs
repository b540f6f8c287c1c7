//! How walk-in clients choose when to come under `[walkin.learned]`: from the cut-off of
//! recent days (the clock time at which the last person served that day had joined the
//! queue), minus a safety margin, with a spread of their own; no later than they would come
//! anyway, and no earlier than the earliest time anyone comes.

use crate::scenario::{Expectation, LearnedArrival};
use rand::Rng;
use rand_distr::StandardNormal;
use std::collections::VecDeque;

/// The cut-offs of the last walk-in days, in minutes of their day (negative: the evening before).
#[derive(Debug, Clone, Default)]
pub struct ArrivalMemory {
    cutoffs: VecDeque<f64>,
}

impl ArrivalMemory {
    /// Remembers a day's cut-off, forgetting the oldest beyond `memory_days`.
    pub fn remember(&mut self, cutoff_min: f64, memory_days: u32) {
        self.cutoffs.push_back(cutoff_min);
        while self.cutoffs.len() > memory_days as usize {
            self.cutoffs.pop_front();
        }
    }

    /// The cut-off people expect: the mean or the earliest of the remembered ones (None:
    /// nothing remembered).
    pub fn expected(&self, expect: Expectation) -> Option<f64> {
        if self.cutoffs.is_empty() {
            return None;
        }
        Some(match expect {
            Expectation::Mean => self.cutoffs.iter().sum::<f64>() / self.cutoffs.len() as f64,
            Expectation::Earliest => self.cutoffs.iter().copied().fold(f64::INFINITY, f64::min),
        })
    }
}

/// The cut-off of a day on which nobody was turned away: anyone coming in the relaxed
/// window was served.
pub fn unhurried_cutoff(rule: &LearnedArrival) -> f64 {
    f64::from(rule.relaxed_window.end_min)
}

/// A person's arrival time on their day, in minutes of the day: the earlier of when they would
/// come anyway (uniform in the relaxed window) and the expected cut-off minus the margin plus
/// their own deviation; never before the earliest. Draws two numbers from `rng`, always.
pub fn choose_minute<R: Rng + ?Sized>(rule: &LearnedArrival, memory: &ArrivalMemory, rng: &mut R) -> f64 {
    let w = rule.relaxed_window;
    let relaxed = f64::from(w.start_min) + rng.random::<f64>() * f64::from(w.len_min());
    let deviation: f64 = rng.sample(StandardNormal);
    let expected = memory.expected(rule.expect).unwrap_or_else(|| unhurried_cutoff(rule));
    let hurried = expected - rule.margin_min + rule.spread_min * deviation;
    relaxed.min(hurried).max(f64::from(rule.earliest_min))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ArrivalWindow;

    fn rule(spread: f64) -> LearnedArrival {
        LearnedArrival {
            memory_days: 3,
            expect: Expectation::Mean,
            margin_min: 30.0,
            spread_min: spread,
            relaxed_window: ArrivalWindow { start_min: 8 * 60, end_min: 11 * 60 },
            earliest_min: -6 * 60,
        }
    }

    #[test]
    fn memory_keeps_the_last_days_and_averages_them() {
        let mut m = ArrivalMemory::default();
        assert_eq!(m.expected(Expectation::Mean), None);
        for cutoff in [600.0, 300.0, 0.0, -120.0] {
            m.remember(cutoff, 3);
        }
        assert_eq!(m.expected(Expectation::Mean), Some((300.0 + 0.0 - 120.0) / 3.0));
        assert_eq!(m.expected(Expectation::Earliest), Some(-120.0));
    }

    #[test]
    fn without_spread_people_come_the_margin_before_the_expected_cut_off_or_when_they_would_anyway() {
        let mut rng = rand_pcg::Pcg64Mcg::new(7);
        let mut m = ArrivalMemory::default();
        // Nothing remembered: the cut-off is the relaxed window's end (11:00): 10:30 at the latest.
        for _ in 0..100 {
            let t = choose_minute(&rule(0.0), &m, &mut rng);
            assert!((480.0..=630.0).contains(&t), "{t}");
        }
        // A cut-off of 05:00 remembered: everyone comes at 04:30.
        m.remember(300.0, 3);
        assert_eq!(choose_minute(&rule(0.0), &m, &mut rng), 270.0);
        // A cut-off of 19:00 the evening before: 18:30. Of 18:15: 17:45, bounded by 18:00.
        let mut early = ArrivalMemory::default();
        early.remember(-300.0, 3);
        assert_eq!(choose_minute(&rule(0.0), &early, &mut rng), -330.0);
        early.remember(-390.0, 3);
        assert_eq!(choose_minute(&rule(0.0), &early, &mut rng), -360.0);
    }
}
