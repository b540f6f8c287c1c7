//! Parameter sweeps: every grid point × replication, in parallel, streamed in order.
//!
//! The runs of a sweep (of one shard) are numbered: run k is the shard's point k / R,
//! replication k % R. They are processed in chunks: the chunk's runs go through rayon, the
//! results come back in run order, and the sink writes them before the next chunk starts.
//! Only one chunk of figures is ever held, so memory does not grow with the sweep, and a
//! sweep stopped between chunks can resume at any run number.

use super::grid::Grid;
use super::shard::Shard;
use crate::model::{simulate_summary, Plan};
use crate::scenario::{LoadedScenario, ScenarioError};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// What a sweep runs.
#[derive(Debug, Clone)]
pub struct SweepSpec {
    /// The scenario every point starts from (after `--set`).
    pub base: LoadedScenario,
    pub grid: Grid,
    /// Replications per point; every point uses replications 0..R (common random numbers).
    pub replications: u32,
    pub shard: Shard,
}

/// One finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    pub point: u64,
    pub replication: u32,
    /// In the order of `stats::FIGURES`; NaN where undefined.
    pub figures: Vec<f64>,
}

/// Why a sweep stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("grid point {point} ({settings}): {source}")]
    Point { point: u64, settings: String, source: ScenarioError },
    #[error("writing results: {0}")]
    Sink(#[from] std::io::Error),
}

/// How a sweep ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepEnd {
    Complete,
    /// Stopped on request after this many runs of the shard (all written).
    Stopped {
        done: u64,
    },
}

impl SweepSpec {
    /// Grid points of this shard.
    pub fn shard_points(&self) -> u64 {
        self.shard.points_of(self.grid.points())
    }

    /// Runs of this shard.
    pub fn shard_runs(&self) -> u64 {
        self.shard_points() * u64::from(self.replications)
    }

    /// The (grid point, replication) of the shard's run `k`.
    pub fn run_at(&self, k: u64) -> (u64, u32) {
        let r = u64::from(self.replications);
        (self.shard.point(k / r), (k % r) as u32)
    }

    /// The validated scenario of a grid point.
    pub fn scenario_at(&self, point: u64) -> Result<LoadedScenario, SweepError> {
        self.grid.scenario_at(&self.base, point).map_err(|source| SweepError::Point {
            point,
            settings: self.grid.describe(point),
            source,
        })
    }

    /// Validates the scenario of every grid point (all shards'), in parallel; the first
    /// invalid point in grid order is the error.
    pub fn check_every_point(&self) -> Result<(), SweepError> {
        let failures: Vec<SweepError> =
            (0..self.grid.points()).into_par_iter().filter_map(|point| self.scenario_at(point).err()).collect();
        failures.into_iter().next().map_or(Ok(()), Err)
    }

    /// Validates every value of every parameter once (the others at their first value), so a
    /// typo shows before hours of runs rather than at the point that uses it.
    pub fn check_values(&self) -> Result<(), SweepError> {
        let mut probes = vec![0u64];
        let mut stride = 1u64;
        for p in self.grid.params.iter().rev() {
            probes.extend((1..p.values.len() as u64).map(|v| v * stride));
            stride *= p.values.len() as u64;
        }
        probes.par_iter().try_for_each(|&point| self.scenario_at(point).map(drop))
    }
}

/// Runs the shard's runs from `first` on, `chunk_runs` at a time, handing each chunk's rows
/// (in run order) to `sink`. Checks `stop` between chunks.
pub fn run_sweep(
    spec: &SweepSpec,
    first: u64,
    chunk_runs: usize,
    stop: &AtomicBool,
    mut sink: impl FnMut(&[RunRow]) -> std::io::Result<()>,
) -> Result<SweepEnd, SweepError> {
    let total = spec.shard_runs();
    let mut next = first.min(total);
    while next < total {
        if stop.load(Ordering::SeqCst) {
            return Ok(SweepEnd::Stopped { done: next });
        }
        let end = (next + chunk_runs.max(1) as u64).min(total);
        let runs: Vec<(u64, u32)> = (next..end).map(|k| spec.run_at(k)).collect();
        let mut points: Vec<u64> = runs.iter().map(|&(p, _)| p).collect();
        points.dedup();
        let plans: BTreeMap<u64, Plan> = points
            .par_iter()
            .map(|&p| spec.scenario_at(p).map(|loaded| (p, Plan::new(loaded.scenario))))
            .collect::<Result<_, _>>()?;
        let rows: Vec<RunRow> = runs
            .par_iter()
            .map(|&(point, replication)| RunRow {
                point,
                replication,
                figures: simulate_summary(&plans[&point], replication).figures,
            })
            .collect();
        sink(&rows)?;
        next = end;
    }
    Ok(SweepEnd::Complete)
}
