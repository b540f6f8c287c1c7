//! The short human-readable summary printed after a run.

use crate::experiment::FigureEstimate;
use crate::stats::FIGURES;

pub(super) fn num(x: f64) -> String {
    if !x.is_finite() {
        "-".into()
    } else if x.abs() >= 1000.0 {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

/// A table of every figure: mean and 95% confidence interval across replications.
pub fn summary_table(estimates: &[FigureEstimate]) -> String {
    let mut out = format!("{:<28} {:>12} {:>25}  {}\n", "figure", "mean", "95% CI", "unit");
    for (def, fe) in FIGURES.iter().zip(estimates) {
        let e = &fe.estimate;
        let ci = match (e.ci95_low, e.ci95_high) {
            (Some(lo), Some(hi)) => format!("[{}, {}]", num(lo), num(hi)),
            _ => "-".into(),
        };
        out.push_str(&format!("{:<28} {:>12} {:>25}  {}\n", def.name, num(e.mean), ci, def.unit));
    }
    out
}
