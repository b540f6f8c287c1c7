//! Replications that stop when precise enough: add replications until the relative 95%
//! confidence half-width of one figure is below a target, or a maximum is reached.
//!
//! The number of replications to add next depends only on the results so far (never on the
//! thread count or the clock), so a precision run is as reproducible as a fixed one.

use crate::stats::OnlineStats;
use std::ops::Range;

/// `--precision FIG=REL` with its ceiling.
#[derive(Debug, Clone, PartialEq)]
pub struct PrecisionTarget {
    /// Index into a replication's figures (the office's, then each subject's).
    pub figure: usize,
    /// The figure's name as given (`FIGURE` or `FIGURE[NAME]`).
    pub name: String,
    /// Relative half-width to reach, e.g. 0.05 for ±5 % of the mean.
    pub rel_half_width: f64,
    pub max_replications: u32,
}

/// Why a precision target is not usable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PrecisionError {
    #[error("\"{0}\": expected FIGURE=REL, e.g. walkin_wait_mean_min=0.05")]
    Syntax(String),
    #[error("{0}")]
    UnknownFigure(String),
    #[error("{0}: the relative half-width must be a number above 0 and below 1, e.g. 0.05")]
    BadWidth(String),
}

/// What a precision run reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrecisionReport {
    pub replications: u32,
    /// The largest relative half-width over the arms (None: undefined, e.g. a zero mean).
    pub rel_half_width: Option<f64>,
    pub reached: bool,
    /// The figure was defined in no replication of some arm: more replications cannot help,
    /// so the search stopped after the first batch.
    pub never_defined: bool,
}

impl PrecisionReport {
    /// The error for a target whose figure no replication defined.
    pub fn never_defined_error(&self, target: &PrecisionTarget) -> Option<String> {
        self.never_defined.then(|| {
            format!(
                "--precision {}: the figure is defined in none of the first {} replications (the scenario never produces it, e.g. a figure of walk-ins in an office without walk-ins); choose a figure the scenario produces",
                target.name, self.replications
            )
        })
    }
}

/// Parses "FIGURE=REL".
pub fn parse_precision(
    text: &str,
    max_replications: u32,
    subjects: &[crate::stats::Subject],
) -> Result<PrecisionTarget, PrecisionError> {
    let (name, rel) = text.split_once('=').ok_or_else(|| PrecisionError::Syntax(text.to_string()))?;
    let (name, rel) = (name.trim(), rel.trim());
    let figure = crate::stats::breakdown::resolve(name, subjects).map_err(PrecisionError::UnknownFigure)?;
    let rel_half_width: f64 = rel.parse().map_err(|_| PrecisionError::BadWidth(text.to_string()))?;
    if !(rel_half_width > 0.0 && rel_half_width < 1.0) {
        return Err(PrecisionError::BadWidth(text.to_string()));
    }
    Ok(PrecisionTarget { figure, name: name.split_whitespace().collect(), rel_half_width, max_replications })
}

/// Half-width of the 95% interval relative to the mean's size; None when undefined.
pub fn relative_half_width(stats: &OnlineStats) -> Option<f64> {
    let hw = stats.half_width(0.95)?;
    let mean = stats.mean().abs();
    if hw == 0.0 {
        Some(0.0)
    } else if mean > 0.0 && hw.is_finite() {
        Some(hw / mean)
    } else {
        None
    }
}

/// Runs `initial` replications, then more until the target is met in every arm.
///
/// `run_more(range)` runs the replications in `range` for every arm, keeps them, and returns
/// the statistics of the target figure so far, one per arm.
pub fn replicate_until_precise(
    initial: u32,
    target: &PrecisionTarget,
    mut run_more: impl FnMut(Range<u32>) -> Vec<OnlineStats>,
) -> PrecisionReport {
    let mut done = 0;
    let mut next = initial.clamp(2, target.max_replications.max(2));
    loop {
        let arms = run_more(done..next);
        done = next;
        let widths: Vec<Option<f64>> = arms.iter().map(relative_half_width).collect();
        let worst =
            if widths.iter().all(Option::is_some) { widths.iter().flatten().copied().reduce(f64::max) } else { None };
        let reached = worst.is_some_and(|w| w <= target.rel_half_width);
        let never_defined = arms.iter().any(|a| a.count() == 0);
        if reached || never_defined || done >= target.max_replications {
            return PrecisionReport { replications: done, rel_half_width: worst, reached, never_defined };
        }
        next = next_total(done, worst, target);
    }
}

/// The classic two-stage rule n' = n (w / w*)², a little over, growing at most to 2n and at
/// least by one; doubling when the width is undefined.
fn next_total(done: u32, worst: Option<f64>, target: &PrecisionTarget) -> u32 {
    let wanted = match worst {
        Some(w) => (f64::from(done) * (w / target.rel_half_width).powi(2) * 1.1).ceil().min(f64::from(u32::MAX)) as u32,
        None => done.saturating_mul(2),
    };
    wanted.clamp(done + 1, done.saturating_mul(2)).min(target.max_replications)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets_and_names_bad_ones() {
        let t = parse_precision("walkin_served=0.05", 100, &[]).unwrap();
        assert_eq!(crate::stats::FIGURES[t.figure].name, "walkin_served");
        assert!(matches!(parse_precision("walkin_servd=0.05", 9, &[]), Err(PrecisionError::UnknownFigure(..))));
        assert!(matches!(parse_precision("walkin_served=2", 9, &[]), Err(PrecisionError::BadWidth(_))));
        assert!(matches!(parse_precision("walkin_served", 9, &[]), Err(PrecisionError::Syntax(_))));
    }

    #[test]
    fn adds_replications_until_the_width_is_reached() {
        let target = PrecisionTarget { figure: 0, name: String::new(), rel_half_width: 0.01, max_replications: 10_000 };
        // Deterministic "samples" 100 ± 10: the width shrinks like 1/sqrt(n).
        let mut all = OnlineStats::new();
        let report = replicate_until_precise(5, &target, |range| {
            for r in range {
                all.push(if r % 2 == 0 { 90.0 } else { 110.0 });
            }
            vec![all]
        });
        assert!(report.reached, "{report:?}");
        assert!(report.rel_half_width.unwrap() <= 0.01);
        assert_eq!(u64::from(report.replications), all.count());
        assert!(report.replications > 300 && report.replications < 1000, "{report:?}");
    }

    #[test]
    fn stops_at_the_maximum() {
        let target = PrecisionTarget { figure: 0, name: String::new(), rel_half_width: 1e-6, max_replications: 40 };
        let mut all = OnlineStats::new();
        let report = replicate_until_precise(10, &target, |range| {
            all.extend(range.map(|r| f64::from(r % 3)));
            vec![all]
        });
        assert!(!report.reached);
        assert_eq!(report.replications, 40);
    }
}
