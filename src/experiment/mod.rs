//! Experiments: replications in parallel, summaries, policy comparisons on common random
//! numbers, parameter sweeps, staffing searches, and sharding a sweep across machines.
//!
//! Each replication is a pure function of (plan, replication index): seeds are derived per
//! replication, never per thread, and results are collected in replication order, so the
//! output is identical for any number of threads. The same replication index under another
//! policy or grid point sees the same random streams (common random numbers).
//!
//! Nothing here prints or knows the command line; sweeps hand finished rows to a sink.

pub mod compare;
pub mod cost_effect;
pub mod footprint;
pub mod grid;
pub mod optimise;
pub mod personnel;
pub mod precision;
pub mod selection;
pub mod sensitivity;
pub mod shard;
pub mod staffing;
pub mod sweep;

pub mod smoke;
pub mod warnings;

use crate::model::{simulate, simulate_summary, Plan, ReplicationResult};
use crate::stats::breakdown::base_def;
use crate::stats::{domain, Estimate, FIGURES};
use rayon::prelude::*;
use std::ops::Range;

/// Runs replications `0..count` of the plan on the current rayon pool.
pub fn run_replications(plan: &Plan, count: u32) -> Vec<ReplicationResult> {
    run_range(plan, 0..count)
}

/// Runs the replications in `range`, in order, on the current rayon pool.
pub fn run_range(plan: &Plan, range: Range<u32>) -> Vec<ReplicationResult> {
    run_range_observed(plan, range, &|| ())
}

/// [`run_range`], calling `done` after each replication (for a progress bar).
pub fn run_range_observed(plan: &Plan, range: Range<u32>, done: &(dyn Fn() + Sync)) -> Vec<ReplicationResult> {
    range
        .into_par_iter()
        .map(|r| {
            let result = simulate(plan, r);
            done();
            result
        })
        .collect()
}

/// Only the key figures of the replications in `range` (the day records are dropped at once,
/// so long experiments stay small).
pub fn run_figures(plan: &Plan, range: Range<u32>) -> Vec<Vec<f64>> {
    run_figures_observed(plan, range, &|| {})
}

/// As `run_figures`; `done` is called as each replication finishes (for a progress bar).
pub fn run_figures_observed(plan: &Plan, range: Range<u32>, done: &(dyn Fn() + Sync)) -> Vec<Vec<f64>> {
    range
        .into_par_iter()
        .map(|r| {
            let figures = simulate_summary(plan, r).figures;
            done();
            figures
        })
        .collect()
}

/// The key figures of the replications in `range` and what `keep` takes from each full
/// result (e.g. a few daily series for charts) before the rest is dropped.
pub fn run_figures_keeping<T: Send>(
    plan: &Plan,
    range: Range<u32>,
    keep: &(impl Fn(&ReplicationResult) -> T + Sync),
) -> Vec<(Vec<f64>, T)> {
    range
        .into_par_iter()
        .map(|r| {
            let result = simulate(plan, r);
            let kept = keep(&result);
            (result.figures, kept)
        })
        .collect()
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
    let figures: Vec<&[f64]> = results.iter().map(|r| r.figures.as_slice()).collect();
    summarise_figures(&figures)
}

/// `summarise` over figure vectors (one per replication).
pub fn summarise_figures(figures: &[&[f64]]) -> Vec<FigureEstimate> {
    let count = figures.iter().map(|f| f.len()).min().unwrap_or(FIGURES.len());
    (0..count)
        .map(|i| {
            let samples: Vec<f64> = figures.iter().map(|f| f[i]).filter(|x| x.is_finite()).collect();
            let estimate = Estimate::from_samples(&samples).within(domain(base_def(i)));
            FigureEstimate { estimate, replications: samples.len() }
        })
        .collect()
}
