//! Screening by elementary effects (Morris 1991, Technometrics 33(2); μ* of Campolongo,
//! Cariboni and Saltelli 2007).
//!
//! Each of r trajectories starts at a random point of a p-level grid in the unit cube and
//! moves one input at a time, in random order, by Δ = p / (2(p − 1)): k + 1 points, one
//! elementary effect per input, (f(x with x_i + Δ) − f(x)) / Δ, i.e. the change of the output
//! per whole range of the input. μ* (the mean of the absolute effects) ranks the inputs, σ
//! (their standard deviation) shows non-linearity or interaction, μ (the signed mean) the
//! direction. r (k + 1) evaluations in all: the cheap first look before Sobol.

use super::design::{resample, DesignRng, Moments};
use rand::seq::SliceRandom;
use rand::Rng;

/// The design: `trajectories` blocks of k + 1 points, and per block which input each step moved.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisDesign {
    pub inputs: usize,
    pub levels: u32,
    pub points: Vec<Vec<f64>>,
    /// Per trajectory, the input moved at step s (from point s to s + 1) and its direction.
    pub steps: Vec<Vec<(usize, f64)>>,
}

/// Δ for `levels` grid levels.
pub fn delta(levels: u32) -> f64 {
    f64::from(levels) / (2.0 * f64::from(levels - 1))
}

/// Why a Morris design is refused.
pub fn check(levels: u32, trajectories: usize) -> Result<(), String> {
    if levels < 2 || !levels.is_multiple_of(2) {
        return Err(format!("levels = {levels}: expected an even number of grid levels, 4 or more recommended"));
    }
    if trajectories < 2 {
        return Err(format!("trajectories = {trajectories}: expected at least 2 (10 to 50 is usual)"));
    }
    Ok(())
}

pub fn design(inputs: usize, levels: u32, trajectories: usize, rng: &mut DesignRng) -> MorrisDesign {
    let d = delta(levels);
    let step = 1.0 / f64::from(levels - 1);
    // Lower ends from which a step of Δ stays in the cube: levels 0 … p/2 − 1.
    let lower_levels = levels / 2;
    let mut points = Vec::with_capacity(trajectories * (inputs + 1));
    let mut steps = Vec::with_capacity(trajectories);
    for _ in 0..trajectories {
        let lower: Vec<f64> = (0..inputs).map(|_| f64::from(rng.random_range(0..lower_levels)) * step).collect();
        let up: Vec<bool> = (0..inputs).map(|_| rng.random::<bool>()).collect();
        let mut x: Vec<f64> = (0..inputs).map(|i| if up[i] { lower[i] } else { lower[i] + d }).collect();
        let mut order: Vec<usize> = (0..inputs).collect();
        order.shuffle(rng);
        points.push(x.clone());
        let mut moves = Vec::with_capacity(inputs);
        for &i in &order {
            let sign = if up[i] { 1.0 } else { -1.0 };
            x[i] = if up[i] { lower[i] + d } else { lower[i] };
            points.push(x.clone());
            moves.push((i, sign));
        }
        steps.push(moves);
    }
    MorrisDesign { inputs, levels, points, steps }
}

/// μ*, μ and σ of one input, μ* with its bootstrap interval (over trajectories).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Effects {
    pub mu_star: f64,
    pub mu_star_low: f64,
    pub mu_star_high: f64,
    pub mu: f64,
    pub sigma: f64,
}

/// The elementary effects of every input in every trajectory ([trajectory][input]).
pub fn elementary_effects(d: &MorrisDesign, y: &[f64]) -> Vec<Vec<f64>> {
    assert_eq!(y.len(), d.points.len(), "one output per design point");
    let dx = delta(d.levels);
    d.steps
        .iter()
        .enumerate()
        .map(|(t, moves)| {
            let base = t * (d.inputs + 1);
            let mut ee = vec![f64::NAN; d.inputs];
            for (s, &(i, sign)) in moves.iter().enumerate() {
                ee[i] = (y[base + s + 1] - y[base + s]) / (sign * dx);
            }
            ee
        })
        .collect()
}

pub fn effects(d: &MorrisDesign, y: &[f64], level: f64, resamples: usize, rng: &mut DesignRng) -> Vec<Effects> {
    let ee = elementary_effects(d, y);
    let r = ee.len();
    let stats = |rows: &[usize], i: usize| {
        let abs = rows.iter().map(|&t| ee[t][i].abs()).sum::<f64>() / rows.len() as f64;
        let mean = rows.iter().map(|&t| ee[t][i]).sum::<f64>() / rows.len() as f64;
        (abs, mean)
    };
    let all: Vec<usize> = (0..r).collect();
    let mut boot = vec![Moments::default(); d.inputs];
    let mut rows = vec![0; r];
    for _ in 0..resamples {
        resample(&mut rows, rng);
        for (i, m) in boot.iter_mut().enumerate() {
            m.push(stats(&rows, i).0);
        }
    }
    let z = crate::stats::estimate::normal_quantile(0.5 + 0.5 * level);
    (0..d.inputs)
        .map(|i| {
            let (mu_star, mu) = stats(&all, i);
            let sigma = (ee.iter().map(|e| (e[i] - mu).powi(2)).sum::<f64>() / (r as f64 - 1.0)).sqrt();
            let se = boot[i].std_dev();
            Effects { mu_star, mu_star_low: (mu_star - z * se).max(0.0), mu_star_high: mu_star + z * se, mu, sigma }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_moves_one_input_by_delta_inside_the_cube() {
        let mut rng = super::super::design::design_rng(3, 1);
        let d = design(5, 4, 20, &mut rng);
        assert_eq!(d.points.len(), 20 * 6);
        for (t, moves) in d.steps.iter().enumerate() {
            let mut moved: Vec<usize> = moves.iter().map(|m| m.0).collect();
            moved.sort();
            assert_eq!(moved, (0..5).collect::<Vec<_>>());
            for (s, &(i, sign)) in moves.iter().enumerate() {
                let (a, b) = (&d.points[t * 6 + s], &d.points[t * 6 + s + 1]);
                for c in 0..5 {
                    let diff = b[c] - a[c];
                    if c == i {
                        assert!((diff - sign * delta(4)).abs() < 1e-12);
                    } else {
                        assert_eq!(diff, 0.0);
                    }
                }
                assert!(b.iter().all(|v| (0.0..=1.0).contains(v)));
            }
        }
    }

    #[test]
    fn a_linear_function_has_its_slopes_as_effects() {
        // f = 3 x0 − 2 x1 + 0 x2: every elementary effect is the slope exactly, σ = 0.
        let mut rng = super::super::design::design_rng(4, 1);
        let d = design(3, 4, 10, &mut rng);
        let y: Vec<f64> = d.points.iter().map(|p| 3.0 * p[0] - 2.0 * p[1]).collect();
        let e = effects(&d, &y, 0.95, 100, &mut rng);
        for (i, slope) in [3.0, -2.0, 0.0].into_iter().enumerate() {
            assert!((e[i].mu - slope).abs() < 1e-9);
            assert!((e[i].mu_star - f64::abs(slope)).abs() < 1e-9);
            assert!(e[i].sigma < 1e-9);
        }
    }
}
