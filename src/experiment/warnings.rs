//! Warnings about a run's results, each with a remedy: an office whose queues grow without
//! bound, a portal booked out beyond its horizon, too few replications for a useful interval.

use crate::model::{Plan, ReplicationResult};
use crate::stats::OnlineStats;

/// Something the reader of the results must know, and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// A stable name of the kind of warning (`few_replications`, `overload`, `booked_out`).
    pub code: &'static str,
    pub message: String,
    pub remedy: String,
    /// The same in German, for the committee report.
    pub message_de: String,
    pub remedy_de: String,
    /// The figures it is about (key figure names), for a report to place it beside them.
    pub figures: Vec<&'static str>,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.remedy)
    }
}

/// A number with one decimal and a decimal comma.
fn german(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// Least-squares slope of `values` per step.
fn slope(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = values.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in values.iter().enumerate() {
        let dx = i as f64 - mean_x;
        sxy += dx * (y - mean_y);
        sxx += dx * dx;
    }
    sxy / sxx
}

/// Warnings for a finished run.
pub fn run_warnings(plan: &Plan, results: &[ReplicationResult]) -> Vec<Warning> {
    let mut out = Vec::new();
    let sim = &plan.scenario.simulation;
    let from = sim.warmup_days as usize;
    if results.len() < 5 {
        out.push(Warning {
            code: "few_replications",
            message: format!("only {} replication(s): confidence intervals are wide or missing", results.len()),
            remedy: "use --replications 10 or more".into(),
            message_de: format!(
                "nur {} Wiederholung(en): die Konfidenzintervalle sind breit oder fehlen",
                results.len()
            ),
            remedy_de: "mit --replications 10 oder mehr rechnen".into(),
            figures: Vec::new(),
        });
    }
    // Work waiting at midnight: walk-ins in the queue and applications in the backlog.
    let growth: OnlineStats = results
        .iter()
        .map(|r| {
            let waiting: Vec<f64> =
                r.days[from..].iter().map(|d| d.walkin_queue_end as f64 + d.backlog_end as f64).collect();
            slope(&waiting) * 7.0
        })
        .collect();
    let end_level =
        results.iter().map(|r| r.days.last().map_or(0.0, |d| (d.walkin_queue_end + d.backlog_end) as f64)).sum::<f64>()
            / results.len().max(1) as f64;
    // Material growth only (the staffing search's rule): more than 1 % of a week's work, so
    // that a one-year run's seasonal drift is no overload.
    let weeks = f64::from(sim.days - sim.warmup_days).max(7.0) / 7.0;
    let work = |name: &str| {
        let i = crate::stats::figure_index(name).expect("a figure");
        results.iter().map(|r| r.figures[i]).filter(|x| x.is_finite()).sum::<f64>() / results.len().max(1) as f64
    };
    let weekly_work = (work("decisions") + work("walkin_served") + work("appointments_served")) / weeks;
    if let Some((low, high)) = growth.confidence_interval(0.95) {
        if low > 0.0 && growth.mean() > 0.01 * weekly_work && end_level > 50.0 {
            out.push(Warning {
                code: "overload",
                message: format!(
                    "the office is overloaded: waiting work (walk-in queue and backlog) grows by {:.1} per week (95% CI {:.1} to {:.1}) and ends at {:.0}",
                    growth.mean(),
                    low,
                    high,
                    end_level
                ),
                remedy: "figures depend on the run length; add capacity or shorten the run to the period you ask about".into(),
                message_de: format!(
                    "Das Amt ist überlastet: die wartende Arbeit (Warteschlange und unentschiedene Anträge) wächst um {} je Woche (95-%-KI {} bis {}) und endet bei {:.0}",
                    german(growth.mean()),
                    german(low),
                    german(high),
                    end_level
                ),
                remedy_de: "die Kennzahlen hängen von der Laufzeit ab; Kapazität erhöhen oder den Zeitraum auf die Frage beschränken".into(),
                figures: vec!["backlog_end", "walkin_queue_len_mean", "decision_within_8w_share", "pending_over_3_months_end"],
            });
        }
    }
    let horizon = plan.scenario.portal.horizon_days as f64;
    let (mut out_days, mut probed) = (0usize, 0usize);
    for r in results {
        for d in &r.days[from..] {
            if let Some(days) = d.portal_next_free_days_max {
                probed += 1;
                out_days += usize::from(days > horizon);
            }
        }
    }
    if probed > 0 && out_days * 2 > probed {
        out.push(Warning {
            code: "booked_out",
            message: format!(
                "the portal is booked out beyond its {horizon}-day horizon on {:.0}% of days for at least one case type",
                100.0 * out_days as f64 / probed as f64
            ),
            remedy: "booking attempts fail and retry; see portal_daily.csv per case type".into(),
            message_de: format!(
                "Das Portal ist an {:.0} % der Tage für mindestens eine Fallart über seinen Buchungshorizont von {horizon} Tagen hinaus ausgebucht",
                100.0 * out_days as f64 / probed as f64
            ),
            remedy_de: "Buchungsversuche scheitern und werden wiederholt; siehe portal_daily.csv je Fallart".into(),
            figures: vec!["portal_next_free_days_mean", "booking_attempts_failed"],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_of_a_line() {
        assert!((slope(&[1.0, 3.0, 5.0, 7.0]) - 2.0).abs() < 1e-12);
        assert_eq!(slope(&[4.0]), 0.0);
    }
}
