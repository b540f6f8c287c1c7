//! What the designs share: their own random stream (never one of the simulation's), uniform
//! samples, bootstrap resamples, and running moments for the bootstrap.

use crate::rng::{stream, StreamKind, StreamRng};
use rand::Rng;

pub type DesignRng = StreamRng;

/// The design's generator for `seed`; `purpose` keeps designs of different kinds apart.
pub fn design_rng(seed: u64, purpose: u64) -> DesignRng {
    stream(seed, 0, StreamKind::Design, purpose, 0)
}

/// `rows` points of `cols` values uniform in [0, 1), row by row.
pub fn uniform_matrix(rows: usize, cols: usize, rng: &mut DesignRng) -> Vec<Vec<f64>> {
    (0..rows).map(|_| (0..cols).map(|_| rng.random::<f64>()).collect()).collect()
}

/// Fills `rows` with a bootstrap resample of 0..rows.len() (drawn with replacement).
pub fn resample(rows: &mut [usize], rng: &mut DesignRng) {
    let n = rows.len();
    for r in rows.iter_mut() {
        *r = rng.random_range(0..n);
    }
}

/// Running mean and standard deviation of bootstrap estimates.
#[derive(Debug, Clone, Copy, Default)]
pub struct Moments(crate::stats::OnlineStats);

impl Moments {
    pub fn push(&mut self, x: f64) {
        if x.is_finite() {
            self.0.push(x);
        }
    }

    pub fn std_dev(&self) -> f64 {
        self.0.std_dev()
    }
}
