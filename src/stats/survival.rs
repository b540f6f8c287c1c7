//! Waiting times that count the still-waiting: the Kaplan–Meier estimate of the share still
//! waiting after a time, from completed waits (events) and waits cut off by the run's end
//! (censored). A mean over completed cases improves when the office decides less; this does
//! not, because an application still waiting at the end counts as waiting at least that long.

/// A survival curve: S(t), the share still waiting after t, as a step function.
#[derive(Debug, Clone, PartialEq)]
pub struct Survival {
    /// (t, S just after t) at each event time, in order.
    steps: Vec<(f64, f64)>,
}

impl Survival {
    /// From (time, events, censored) counts at distinct times, in any order. Censored waits
    /// at an event's time count as at risk at that time (the usual convention).
    pub fn from_counts(counts: impl IntoIterator<Item = (f64, u64, u64)>) -> Survival {
        let mut counts: Vec<(f64, u64, u64)> = counts.into_iter().filter(|c| c.1 + c.2 > 0).collect();
        counts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut at_risk: u64 = counts.iter().map(|c| c.1 + c.2).sum();
        let (mut s, mut steps) = (1.0, Vec::new());
        for (t, events, censored) in counts {
            if events > 0 {
                s *= 1.0 - events as f64 / at_risk as f64;
                steps.push((t, s));
            }
            at_risk -= events + censored;
        }
        Survival { steps }
    }

    /// From single observations (time, true: completed; false: still waiting when observed).
    pub fn from_sample(sample: &[(f64, bool)]) -> Survival {
        Survival::from_counts(sample.iter().map(|&(t, done)| (t, u64::from(done), u64::from(!done))))
    }

    /// S(t): the estimated share still waiting after `t`.
    pub fn waiting_after(&self, t: f64) -> f64 {
        self.steps.iter().take_while(|(at, _)| *at <= t).last().map_or(1.0, |&(_, s)| s)
    }

    /// The estimated share done within `t` (1 − S(t)).
    pub fn done_within(&self, t: f64) -> f64 {
        1.0 - self.waiting_after(t)
    }

    /// The `q` quantile of the wait: the first time at which at most 1 − q are still waiting
    /// (None: more than 1 − q were still waiting at the last completed wait).
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.steps.iter().find(|(_, s)| *s <= 1.0 - q + 1e-12).map(|&(t, _)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_textbook_example_of_remission_times() {
        // Freireich's 6-MP arm (Kleinbaum & Klein, Survival Analysis, table 2.1, and the
        // Kaplan-Meier table that follows it): 21 weeks of remission, 12 of them censored (+).
        let weeks = [
            (6.0, true),
            (6.0, true),
            (6.0, true),
            (6.0, false),
            (7.0, true),
            (9.0, false),
            (10.0, true),
            (10.0, false),
            (11.0, false),
            (13.0, true),
            (16.0, true),
            (17.0, false),
            (19.0, false),
            (20.0, false),
            (22.0, true),
            (23.0, true),
            (25.0, false),
            (32.0, false),
            (32.0, false),
            (34.0, false),
            (35.0, false),
        ];
        let km = Survival::from_sample(&weeks);
        let published = [(6.0, 0.8571), (7.0, 0.8067), (10.0, 0.7529), (13.0, 0.6902), (16.0, 0.6275)];
        for (t, s) in published {
            assert!((km.waiting_after(t) - s).abs() < 5e-5, "S({t}) = {}", km.waiting_after(t));
        }
        assert!((km.waiting_after(22.0) - 0.5378).abs() < 5e-5);
        assert!((km.waiting_after(23.0) - 0.4482).abs() < 5e-5);
        assert_eq!(km.waiting_after(5.9), 1.0);
        assert_eq!(km.waiting_after(40.0), km.waiting_after(23.0), "no event after 23 weeks");
        assert_eq!(km.quantile(0.5), Some(23.0), "the median remission time of the table");
        assert_eq!(km.quantile(0.9), None, "less than 90 % had an event");
    }

    #[test]
    fn without_censoring_it_is_the_empirical_distribution() {
        let times = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        let km = Survival::from_sample(&times.map(|t| (t, true)));
        for t in [0.5, 1.0, 2.5, 5.0, 9.0] {
            let share = times.iter().filter(|&&x| x <= t).count() as f64 / times.len() as f64;
            assert!((km.done_within(t) - share).abs() < 1e-12, "{t}");
        }
        // The area under S is the mean of the waits.
        let mut area = 0.0;
        let mut last = (0.0, 1.0);
        for &(t, s) in &km.steps {
            area += (t - last.0) * last.1;
            last = (t, s);
        }
        assert!((area - times.iter().sum::<f64>() / times.len() as f64).abs() < 1e-12);
        assert_eq!(km.quantile(0.5), Some(3.0));
        assert_eq!(Survival::from_counts([(2.0, 3, 0), (1.0, 1, 0)]).waiting_after(1.0), 0.75);
    }
}
