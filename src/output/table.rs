//! The short human-readable summary printed after a run.

use crate::experiment::FigureEstimate;
use crate::stats::FIGURES;

pub fn num(x: f64) -> String {
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

/// Each team's year: positions, filled FTE, hours by contract and at work, where the hours
/// at work went, and the staffing formula's FTE beside the filled ones.
pub fn team_table(teams: &[crate::experiment::personnel::TeamTime]) -> String {
    let mut out = format!(
        "{:<20} {:>9} {:>7} {:>7} {:>9} {:>8} {:>8} {:>7} {:>8} {:>9} {:>8} {:>8}\n",
        "team",
        "positions",
        "filled",
        "at work",
        "contract",
        "at work",
        "counter",
        "idle",
        "back off",
        "overtime",
        "formula",
        "net h/FTE"
    );
    for t in teams {
        out.push_str(&format!(
            "{:<20} {:>9} {:>7} {:>7} {:>9} {:>8} {:>8} {:>7} {:>8} {:>9} {:>8} {:>8}\n",
            t.name,
            num(t.positions_fte),
            num(t.employed_fte),
            num(t.at_work_fte),
            num(t.contract_hours),
            num(t.worked_hours),
            num(t.service_hours),
            num(t.counter_idle_hours),
            num(t.backoffice_hours),
            num(t.overtime_hours),
            num(t.formula_fte),
            num(t.net_hours_per_fte),
        ));
    }
    out
}
