//! Running replications in parallel and summarising them.
//!
//! Each replication is a pure function of (plan, replication index): seeds are derived per
//! replication, never per thread, and results are collected in replication order, so the
//! output is identical for any number of threads.

pub mod warnings;

use crate::model::{simulate, Plan, ReplicationResult};
use crate::stats::{Estimate, FIGURES};
use rayon::prelude::*;

/// Runs replications `0..count` of the plan on the current rayon pool.
pub fn run_replications(plan: &Plan, count: u32) -> Vec<ReplicationResult> {
    (0..count).into_par_iter().map(|r| simulate(plan, r)).collect()
}

/// A figure's estimate across replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureEstimate {
    pub estimate: Estimate,
    /// Replications in which the figure was defined.
    pub replications: usize,
}

/// Mean and 95% confidence interval of every figure across replications (NaN values,
/// i.e. replications where a figure is undefined, are left out).
pub fn summarise(results: &[ReplicationResult]) -> Vec<FigureEstimate> {
    (0..FIGURES.len())
        .map(|i| {
            let samples: Vec<f64> = results.iter().map(|r| r.figures[i]).filter(|x| x.is_finite()).collect();
            FigureEstimate { estimate: Estimate::from_samples(&samples), replications: samples.len() }
        })
        .collect()
}
