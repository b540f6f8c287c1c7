//! Selecting the best of a few scenario variants (the status quo and policies) on one figure,
//! with a guaranteed probability of correct selection: Kim and Nelson's procedure
//! (`decide::selection`) fed with replications on common random numbers.

use crate::decide::selection::{KimNelson, SelectionRule};
use crate::model::{simulate_summary, Plan};
use crate::stats::{Estimate, OnlineStats};
use rayon::prelude::*;

/// Observations taken ahead of the procedure per survivor and round, to keep the cores busy.
/// Fixed (not the thread count), so the files are the same on any machine; the decision is
/// that of the strictly sequential procedure whatever it is.
pub const AHEAD: u32 = 4;

/// What a selection runs.
pub struct SelectionSpec<'a> {
    /// The candidates' names and plans, the status quo first.
    pub candidates: Vec<(String, &'a Plan)>,
    /// The figure's name as given and its extended index.
    pub figure: (String, usize),
    pub rule: SelectionRule,
    /// The most replications any candidate gets; the procedure may stop undecided there.
    pub max_replications: u32,
}

/// How a selection ended.
#[derive(Debug, Clone)]
pub struct SelectionOutcome {
    pub procedure: KimNelson,
    /// Replications simulated in all (the procedure used `procedure.observations_used()`).
    pub simulated: u64,
}

impl SelectionOutcome {
    /// Per candidate: the observations the procedure used and their estimate.
    pub fn estimate(&self, i: usize) -> (u32, Estimate) {
        let kn = &self.procedure;
        let used = kn.eliminated_at()[i].unwrap_or_else(|| kn.stage()) as usize;
        let obs = &kn.observations(i)[..used.min(kn.observations(i).len())];
        let stats: OnlineStats = obs.iter().copied().collect();
        let ci = stats.confidence_interval(0.95);
        (used as u32, Estimate { mean: stats.mean(), ci95_low: ci.map(|c| c.0), ci95_high: ci.map(|c| c.1) })
    }
}

/// Runs the procedure until one candidate is left or `max_replications` is reached; `done`
/// is called after each replication.
pub fn select(spec: &SelectionSpec, done: &(dyn Fn() + Sync)) -> Result<SelectionOutcome, String> {
    let mut kn = KimNelson::new(spec.rule, spec.candidates.len())?;
    let mut simulated = 0u64;
    loop {
        let wanted: Vec<(usize, u32)> =
            kn.wanted(AHEAD).into_iter().filter(|&(_, r)| r < spec.max_replications).collect();
        if wanted.is_empty() {
            break;
        }
        let values: Vec<Result<(usize, u32, f64), String>> = wanted
            .par_iter()
            .map(|&(i, r)| {
                let result = simulate_summary(spec.candidates[i].1, r);
                done();
                let x = result.figures[spec.figure.1];
                match (&result.aborted, x.is_finite()) {
                    (Some(why), _) => Err(format!("{}, replication {r}: {why}", spec.candidates[i].0)),
                    (None, false) => Err(format!(
                        "{} is undefined in replication {r} of {}: choose a figure every replication defines",
                        spec.figure.0, spec.candidates[i].0
                    )),
                    (None, true) => Ok((i, r, x)),
                }
            })
            .collect();
        simulated += values.len() as u64;
        let values = values.into_iter().collect::<Result<Vec<_>, _>>()?;
        kn.observe(&values);
    }
    Ok(SelectionOutcome { procedure: kn, simulated })
}
