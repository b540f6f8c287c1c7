//! Comparing policies with the baseline on common random numbers.
//!
//! Replication r of the baseline and of a policy draw from the same random streams, so the
//! clients, their choices and the staff's sickness are the same as far as the policy leaves
//! them unchanged. The difference is then estimated from the pairs (policy − baseline per
//! replication), whose variance is usually much smaller than that of two independent runs.

use super::precision::{replicate_until_precise, PrecisionReport, PrecisionTarget};
use super::run_figures_keeping;
use super::warnings::{counted_weeks, result_warnings, Warning};
use crate::model::{Plan, ReplicationResult};
use crate::stats::figures::Better;
use crate::stats::{domain, Estimate, OnlineStats, FIGURES};

/// One figure compared between the baseline and a policy, over the replications in which
/// the figure is defined in both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedFigure {
    pub baseline: Estimate,
    pub policy: Estimate,
    /// Policy minus baseline, per replication.
    pub diff: Estimate,
    /// Replications in which both values are defined.
    pub pairs: usize,
    /// Share of pairs in which the policy is strictly better (None: the figure has no better
    /// direction, or no pairs).
    pub p_better: Option<f64>,
    /// Share of pairs in which it is strictly worse.
    pub p_worse: Option<f64>,
    /// Variance of the difference of two independent means over that of the paired mean:
    /// (s²_baseline + s²_policy) / s²_diff. None when the paired variance is zero.
    pub variance_reduction: Option<f64>,
}

impl PairedFigure {
    /// Whether the 95% interval of the difference contains zero (None: no interval).
    pub fn diff_contains_zero(&self) -> Option<bool> {
        self.diff.ci95_low.is_some().then(|| self.diff.contains(0.0))
    }
}

/// The figures of every replication of one arm (baseline or policy), in replication order.
pub type ArmFigures = Vec<Vec<f64>>;

/// Pairs two arms figure by figure.
pub fn paired(baseline: &[Vec<f64>], policy: &[Vec<f64>]) -> Vec<PairedFigure> {
    let count = baseline.iter().chain(policy).map(|f| f.len()).min().unwrap_or(FIGURES.len());
    (0..count).map(|i| paired_figure(baseline, policy, i)).collect()
}

fn paired_figure(baseline: &[Vec<f64>], policy: &[Vec<f64>], i: usize) -> PairedFigure {
    let pairs: Vec<(f64, f64)> = baseline
        .iter()
        .zip(policy)
        .map(|(b, p)| (b[i], p[i]))
        .filter(|(b, p)| b.is_finite() && p.is_finite())
        .collect();
    let (b, p): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
    let d: Vec<f64> = pairs.iter().map(|(b, p)| p - b).collect();
    let n = pairs.len();
    let share = |count: usize| (n > 0).then(|| count as f64 / n as f64);
    let def = crate::stats::breakdown::base_def(i);
    let (better, worse) = match def.better {
        Better::Lower => (share(d.iter().filter(|&&x| x < 0.0).count()), share(d.iter().filter(|&&x| x > 0.0).count())),
        Better::Higher => {
            (share(d.iter().filter(|&&x| x > 0.0).count()), share(d.iter().filter(|&&x| x < 0.0).count()))
        }
        Better::Neither => (None, None),
    };
    let var = |xs: &[f64]| xs.iter().copied().collect::<OnlineStats>().variance();
    let var_d = var(&d);
    let variance_reduction = (var_d > 0.0).then(|| (var(&b) + var(&p)) / var_d);
    PairedFigure {
        baseline: Estimate::from_samples(&b).within(domain(def)),
        policy: Estimate::from_samples(&p).within(domain(def)),
        diff: Estimate::from_samples(&d),
        pairs: n,
        p_better: better,
        p_worse: worse,
        variance_reduction,
    }
}

/// The baseline and every policy run on the same replications.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub replications: u32,
    /// Per policy, in the order given: every figure paired with the baseline.
    pub policies: Vec<Vec<PairedFigure>>,
    pub precision: Option<PrecisionReport>,
    /// Per arm (the baseline, then the policies in order): what the reader must know about
    /// its results (overload, a booked-out portal, too few replications).
    pub warnings: Vec<Vec<Warning>>,
}

/// Runs the baseline and each policy on replications `0..replications` (or until the
/// precision target is met in every arm) and pairs them.
pub fn compare(
    baseline: &Plan,
    policies: &[&Plan],
    replications: u32,
    precision: Option<&PrecisionTarget>,
) -> Comparison {
    compare_keeping(baseline, policies, replications, precision, |_, _| ()).0
}

/// `compare`, also returning what `keep(arm, result)` takes from every replication's full
/// result: per arm (0 the baseline, then the policies in order), in replication order.
pub fn compare_keeping<T: Send>(
    baseline: &Plan,
    policies: &[&Plan],
    replications: u32,
    precision: Option<&PrecisionTarget>,
    keep: impl Fn(usize, &ReplicationResult) -> T + Sync,
) -> (Comparison, Vec<Vec<T>>) {
    let plans: Vec<&Plan> = std::iter::once(baseline).chain(policies.iter().copied()).collect();
    let mut arms: Vec<ArmFigures> = vec![Vec::new(); plans.len()];
    let mut kept: Vec<Vec<T>> = plans.iter().map(|_| Vec::new()).collect();
    let mut run_more = |arms: &mut Vec<ArmFigures>, range: std::ops::Range<u32>| {
        for (a, (plan, arm)) in plans.iter().zip(arms.iter_mut()).enumerate() {
            let rows = run_figures_keeping(plan, range.clone(), &|r: &ReplicationResult| keep(a, r));
            for (figures, k) in rows {
                arm.push(figures);
                kept[a].push(k);
            }
        }
    };
    let precision_target = precision;
    let precision = match precision {
        Some(target) => Some(replicate_until_precise(replications, target, |range| {
            run_more(&mut arms, range);
            arms.iter().map(|arm| arm.iter().map(|f| f[target.figure]).filter(|x| x.is_finite()).collect()).collect()
        })),
        None => {
            run_more(&mut arms, 0..replications);
            None
        }
    };
    let done = arms[0].len() as u32;
    let policies = arms[1..].iter().map(|arm| paired(&arms[0], arm)).collect();
    let mut warnings: Vec<Vec<Warning>> = (arms.iter().zip(&plans))
        .map(|(arm, plan)| {
            let refs: Vec<&[f64]> = arm.iter().map(Vec::as_slice).collect();
            let weeks = counted_weeks(&plan.scenario.simulation);
            result_warnings(&super::summarise_figures(&refs), arm.len(), weeks)
        })
        .collect();
    // The precision target holds for every arm together: a miss is the baseline's warning.
    if let (Some(report), Some(target), Some(first)) = (&precision, precision_target, warnings.first_mut()) {
        first.extend(super::warnings::precision_not_reached(report, target));
    }
    (Comparison { replications: done, policies, precision, warnings }, kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::figure_index;

    fn arm(values: &[f64], i: usize) -> Vec<Vec<f64>> {
        values
            .iter()
            .map(|&v| {
                let mut f = vec![f64::NAN; FIGURES.len()];
                f[i] = v;
                f
            })
            .collect()
    }

    #[test]
    fn pairs_shares_and_variance_reduction() {
        let i = figure_index("walkin_wait_mean_min").unwrap();
        let b = arm(&[10.0, 20.0, 30.0, 40.0], i);
        let p = arm(&[9.0, 18.0, 31.0, 37.0], i);
        let f = paired_figure(&b, &p, i);
        assert_eq!(f.pairs, 4);
        assert!((f.diff.mean - (-1.25)).abs() < 1e-12);
        assert_eq!(f.p_better, Some(0.75));
        assert_eq!(f.p_worse, Some(0.25));
        assert!(f.variance_reduction.unwrap() > 10.0);
        // An undefined figure has no pairs.
        let g = paired_figure(&b, &p, 0);
        assert_eq!(g.pairs, 0);
        assert_eq!(g.p_better, None);
    }

    #[test]
    fn identical_arms_differ_by_exactly_zero() {
        let i = figure_index("walkin_served").unwrap();
        let b = arm(&[5.0, 7.0, 6.0], i);
        let f = paired_figure(&b, &b, i);
        assert_eq!((f.diff.mean, f.diff.ci95_low, f.diff.ci95_high), (0.0, Some(0.0), Some(0.0)));
        assert_eq!(f.diff_contains_zero(), Some(true));
        assert_eq!(f.variance_reduction, None);
    }
}
