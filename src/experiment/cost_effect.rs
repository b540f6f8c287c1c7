//! What a policy's improvement costs: its extra cost per year over the improvement of each
//! headline figure a year, from the paired differences of a comparison.
//!
//! Totals over the run (person-days, people sent home) are scaled to a year of counted days;
//! levels (days to the next free slot) and shares (in percentage points) are taken as they are.
//! A ratio is given only where the improvement's 95 % interval lies above zero and the cost
//! difference's does not contain zero: euros per a change that may be nothing, or a price
//! that may be nothing, are no figure to quote.

use super::compare::PairedFigure;
use crate::stats::figures::Better;
use crate::stats::{figure_index, Estimate, FIGURES};

/// How a figure's difference becomes a yearly improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A total over the counted days: scaled to 365.25 days.
    PerYear,
    /// A level or mean over the run: as it is.
    Level,
    /// A share: in percentage points.
    Points,
}

/// The figures whose improvement is priced, with their scale and the unit of the improvement.
pub const PRICED: [(&str, Scale, &str); 6] = [
    ("expired_person_days", Scale::PerYear, "person-days/year"),
    ("walkin_sent_home_people", Scale::PerYear, "persons/year"),
    ("portal_next_free_days_mean", Scale::Level, "days"),
    ("appointment_within_4w_share", Scale::Points, "percentage points"),
    ("decision_within_8w_share", Scale::Points, "percentage points"),
    ("callers_reached_share", Scale::Points, "percentage points"),
];

/// One headline figure's improvement and its price.
#[derive(Debug, Clone, PartialEq)]
pub struct PricedImprovement {
    pub figure: &'static str,
    pub unit: &'static str,
    /// The improvement (positive: better), scaled.
    pub improvement: Estimate,
    /// Euros a year per unit of improvement (None: the improvement's interval does not lie
    /// above zero, or the cost difference's interval contains zero).
    pub euros_per_unit: Option<f64>,
}

/// The policy's extra cost per year and its one-off cost (policy minus baseline).
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyCost {
    pub per_year: Estimate,
    pub one_off: Estimate,
    /// The cost difference's 95 % interval contains zero (no price to quote).
    pub cost_unclear: bool,
    pub improvements: Vec<PricedImprovement>,
}

/// Prices a policy's improvements; `counted_days`: the days each replication counts.
pub fn price(figures: &[PairedFigure], counted_days: f64) -> Option<PolicyCost> {
    let at = |name: &str| figure_index(name).and_then(|i| figures.get(i));
    let per_year = at("cost_per_year")?.diff;
    let one_off = at("cost_one_off")?.diff;
    let cost_unclear = !per_year.mean.is_finite() || per_year.contains(0.0) && per_year.ci95_low != per_year.ci95_high;
    let improvements = PRICED
        .iter()
        .filter_map(|&(name, scale, unit)| {
            let f = at(name)?;
            if f.pairs == 0 {
                return None;
            }
            let factor = match scale {
                Scale::PerYear => 365.25 / counted_days.max(1.0),
                Scale::Level => 1.0,
                Scale::Points => 100.0,
            };
            let sign = match FIGURES[figure_index(name)?].better {
                Better::Lower => -1.0,
                _ => 1.0,
            };
            let improvement = scaled(&f.diff, sign * factor);
            let above_zero = improvement.ci95_low.is_some_and(|low| low > 0.0);
            let euros_per_unit = (above_zero && !cost_unclear).then(|| per_year.mean / improvement.mean);
            Some(PricedImprovement { figure: name, unit, improvement, euros_per_unit })
        })
        .collect();
    Some(PolicyCost { per_year, one_off, cost_unclear, improvements })
}

/// An estimate times `k` (a negative `k` swaps the interval's ends).
fn scaled(e: &Estimate, k: f64) -> Estimate {
    let (a, b) = (e.ci95_low.map(|x| x * k), e.ci95_high.map(|x| x * k));
    let (low, high) = if k < 0.0 { (b, a) } else { (a, b) };
    Estimate { mean: e.mean * k, ci95_low: low, ci95_high: high }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paired(diff: Estimate) -> PairedFigure {
        PairedFigure {
            baseline: diff,
            policy: diff,
            diff,
            pairs: 10,
            p_better: None,
            p_worse: None,
            variance_reduction: None,
        }
    }

    fn est(mean: f64, low: f64, high: f64) -> Estimate {
        Estimate { mean, ci95_low: Some(low), ci95_high: Some(high) }
    }

    #[test]
    fn a_yearly_cost_over_a_yearly_improvement() {
        let mut figures = vec![paired(est(0.0, 0.0, 0.0)); FIGURES.len()];
        let set = |f: &mut Vec<PairedFigure>, name: &str, e: Estimate| f[figure_index(name).unwrap()] = paired(e);
        set(&mut figures, "cost_per_year", est(120_000.0, 119_000.0, 121_000.0));
        // 600 person-days fewer in half a year: 1,200 a year, €100 a year each.
        set(&mut figures, "expired_person_days", est(-600.0, -700.0, -500.0));
        // Two more points of appointments within 4 weeks, but the interval reaches below zero.
        set(&mut figures, "appointment_within_4w_share", est(0.02, -0.01, 0.05));
        let cost = price(&figures, 182.625).unwrap();
        let find = |name: &str| cost.improvements.iter().find(|p| p.figure == name).unwrap().clone();
        let expired = find("expired_person_days");
        assert!((expired.improvement.mean - 1200.0).abs() < 1e-9);
        assert_eq!((expired.improvement.ci95_low, expired.improvement.ci95_high), (Some(1000.0), Some(1400.0)));
        assert!((expired.euros_per_unit.unwrap() - 100.0).abs() < 1e-9);
        let share = find("appointment_within_4w_share");
        assert!((share.improvement.mean - 2.0).abs() < 1e-9);
        assert_eq!(share.euros_per_unit, None);
        // A cost difference that may be zero prices nothing.
        set(&mut figures, "cost_per_year", est(500.0, -900.0, 1900.0));
        let cost = price(&figures, 182.625).unwrap();
        assert!(cost.cost_unclear && cost.improvements.iter().all(|p| p.euros_per_unit.is_none()));
    }
}
