//! Validated probability distributions for durations (in minutes).
//!
//! Scenario files never deserialise library distribution types directly: the scenario
//! reader checks the parameters (a zero mean or a negative spread is an error with a key
//! path) and builds a `Dist`, so a degenerate parameter cannot reach the simulation.

use rand::Rng;
use rand_distr::{Distribution, Exp1, Gamma, StandardNormal};

/// A non-negative duration distribution, parameters already checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    Exponential {
        mean: f64,
    },
    Deterministic {
        value: f64,
    },
    /// Lognormal given by the mean and coefficient of variation of the duration itself.
    LogNormal {
        mean: f64,
        cv: f64,
        mu: f64,
        sigma: f64,
    },
    Gamma {
        mean: f64,
        cv: f64,
        gamma: Gamma<f64>,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    /// Equally likely observed values.
    Empirical {
        values: Vec<f64>,
    },
}

impl Dist {
    pub fn exponential(mean: f64) -> Dist {
        Dist::Exponential { mean }
    }

    pub fn lognormal(mean: f64, cv: f64) -> Dist {
        let sigma2 = (1.0 + cv * cv).ln();
        Dist::LogNormal { mean, cv, mu: mean.ln() - sigma2 / 2.0, sigma: sigma2.sqrt() }
    }

    /// Gamma with the given mean and coefficient of variation (shape = 1/cv², scale = mean·cv²).
    /// Returns None for parameters rand_distr rejects.
    pub fn gamma(mean: f64, cv: f64) -> Option<Dist> {
        let shape = 1.0 / (cv * cv);
        let gamma = Gamma::new(shape, mean / shape).ok()?;
        Some(Dist::Gamma { mean, cv, gamma })
    }

    /// The same shape with every value multiplied by `factor` (> 0), e.g. months to days.
    pub fn scaled(&self, factor: f64) -> Dist {
        match self {
            Dist::Exponential { mean } => Dist::exponential(mean * factor),
            Dist::Deterministic { value } => Dist::Deterministic { value: value * factor },
            Dist::LogNormal { mean, cv, .. } => Dist::lognormal(mean * factor, *cv),
            Dist::Gamma { mean, cv, gamma } => {
                Dist::gamma(mean * factor, *cv).unwrap_or(Dist::Gamma { mean: *mean, cv: *cv, gamma: *gamma })
            }
            Dist::Triangular { min, mode, max } => {
                Dist::Triangular { min: min * factor, mode: mode * factor, max: max * factor }
            }
            Dist::Uniform { min, max } => Dist::Uniform { min: min * factor, max: max * factor },
            Dist::Empirical { values } => Dist::Empirical { values: values.iter().map(|v| v * factor).collect() },
        }
    }

    /// The largest value the distribution takes, or a high quantile (mean + 8 sd) when unbounded.
    pub fn upper_bound(&self) -> f64 {
        match self {
            Dist::Deterministic { value } => *value,
            Dist::Triangular { max, .. } | Dist::Uniform { max, .. } => *max,
            Dist::Empirical { values } => values.iter().copied().fold(0.0, f64::max),
            _ => self.mean() * (1.0 + 8.0 * self.cv()),
        }
    }

    /// Draws one value (minutes, never negative).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Exponential { mean } => {
                let e: f64 = Exp1.sample(rng);
                e * mean
            }
            Dist::Deterministic { value } => *value,
            Dist::LogNormal { mu, sigma, .. } => {
                let z: f64 = StandardNormal.sample(rng);
                (mu + sigma * z).exp()
            }
            Dist::Gamma { gamma, .. } => gamma.sample(rng),
            Dist::Triangular { min, mode, max } => {
                let u: f64 = rng.random();
                let split = (mode - min) / (max - min);
                if u < split {
                    min + ((max - min) * (mode - min) * u).sqrt()
                } else {
                    max - ((max - min) * (max - mode) * (1.0 - u)).sqrt()
                }
            }
            Dist::Uniform { min, max } => min + (max - min) * rng.random::<f64>(),
            Dist::Empirical { values } => values[rng.random_range(0..values.len())],
        }
    }

    /// The expected value.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Exponential { mean } | Dist::LogNormal { mean, .. } | Dist::Gamma { mean, .. } => *mean,
            Dist::Deterministic { value } => *value,
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Empirical { values } => values.iter().sum::<f64>() / values.len() as f64,
        }
    }

    /// The coefficient of variation (standard deviation / mean).
    pub fn cv(&self) -> f64 {
        match self {
            Dist::Exponential { .. } => 1.0,
            Dist::Deterministic { .. } => 0.0,
            Dist::LogNormal { cv, .. } | Dist::Gamma { cv, .. } => *cv,
            Dist::Triangular { min, mode, max } => {
                let var = (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18.0;
                var.sqrt() / self.mean()
            }
            Dist::Uniform { min, max } => (max - min) / 12f64.sqrt() / self.mean(),
            Dist::Empirical { values } => {
                let m = self.mean();
                let var = values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64;
                var.sqrt() / m
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{stream, StreamKind};

    fn sample_moments(d: &Dist) -> (f64, f64) {
        let mut rng = stream(7, 0, StreamKind::Client, 0, 0);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        (m, v.sqrt() / m)
    }

    #[test]
    fn sampled_mean_and_cv_match_the_parameters() {
        // Standard error of the mean is sd/sqrt(n) <= 0.6% of the mean for cv <= 1.2 at n=200k;
        // 4 standard errors is the tolerance (alpha ~ 6e-5 per check).
        let cases = [
            Dist::exponential(20.0),
            Dist::lognormal(18.0, 0.5),
            Dist::gamma(30.0, 0.7).unwrap(),
            Dist::Triangular { min: 5.0, mode: 10.0, max: 30.0 },
            Dist::Uniform { min: 2.0, max: 4.0 },
            Dist::Empirical { values: vec![5.0, 10.0, 15.0, 40.0] },
        ];
        for d in &cases {
            let (m, cv) = sample_moments(d);
            let se = d.cv() * d.mean() / (200_000f64).sqrt();
            assert!((m - d.mean()).abs() < 4.0 * se + 1e-12, "{d:?}: mean {m} vs {}", d.mean());
            assert!((cv - d.cv()).abs() < 0.02, "{d:?}: cv {cv} vs {}", d.cv());
        }
    }

    #[test]
    fn deterministic_is_constant() {
        let (m, cv) = sample_moments(&Dist::Deterministic { value: 12.5 });
        assert_eq!(m, 12.5);
        assert!(cv.abs() < 1e-12);
    }
}
