//! Warnings about a run's results, each with a remedy: an office whose queues grow without
//! bound, a portal booked out beyond its horizon, too few replications for a useful interval.

use super::FigureEstimate;
use crate::model::{Plan, ReplicationResult};
use crate::stats::figure_index;

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

/// Warnings for a finished run.
pub fn run_warnings(plan: &Plan, results: &[ReplicationResult]) -> Vec<Warning> {
    let estimates = super::summarise(results);
    result_warnings(&estimates, results.len(), counted_weeks(&plan.scenario.simulation))
}

/// The counted length of a run in weeks (after the warm-up).
pub fn counted_weeks(sim: &crate::scenario::Simulation) -> f64 {
    f64::from(sim.days.saturating_sub(sim.warmup_days)) / 7.0
}

/// Warnings for the replications of one configuration (a run, an arm of a comparison, a
/// point of a sweep, a head count of a staffing search), from their figures' estimates alone,
/// so that every command checks the same rules. `weeks`: the counted run length.
pub fn result_warnings(estimates: &[FigureEstimate], replications: usize, weeks: f64) -> Vec<Warning> {
    let mut out = Vec::new();
    if replications < 5 {
        out.push(Warning {
            code: "few_replications",
            message: format!("only {replications} replication(s): confidence intervals are wide or missing"),
            remedy: "use --replications 10 or more".into(),
            message_de: format!("nur {replications} Wiederholung(en): die Konfidenzintervalle sind breit oder fehlen"),
            remedy_de: "mit --replications 10 oder mehr rechnen".into(),
            figures: Vec::new(),
        });
    }
    let figure = |name: &str| figure_index(name).and_then(|i| estimates.get(i)).map(|e| e.estimate);
    // The staffing search's rule, and more than 50 items of work added over the run, so that
    // a tiny office's drift is no overload.
    let growth = figure("waiting_work_growth_per_week");
    if let Some(g) = growth.filter(|g| super::staffing::overloaded(estimates, weeks) && g.mean * weeks > 50.0) {
        let (low, high) = (g.ci95_low.unwrap_or(f64::NAN), g.ci95_high.unwrap_or(f64::NAN));
        let added = g.mean * weeks;
        out.push(Warning {
            code: "overload",
            message: format!(
                "the office is overloaded: waiting work (walk-in queue and undecided applications) grows by {:.1} per week (95% CI {low:.1} to {high:.1}), about {added:.0} over the run",
                g.mean
            ),
            remedy: "figures depend on the run length; add capacity or shorten the run to the period you ask about".into(),
            message_de: format!(
                "Das Amt ist überlastet: die wartende Arbeit (Warteschlange und unentschiedene Anträge) wächst um {} je Woche (95-%-KI {} bis {}), über den Zeitraum um etwa {added:.0}",
                german(g.mean),
                german(low),
                german(high)
            ),
            remedy_de: "die Kennzahlen hängen von der Laufzeit ab; Kapazität erhöhen oder den Zeitraum auf die Frage beschränken".into(),
            figures: vec!["backlog_end", "walkin_queue_len_mean", "decision_within_8w_share", "pending_over_3_months_end"],
        });
    }
    if let Some(share) = figure("portal_booked_out_share").map(|e| e.mean).filter(|s| *s > 0.5) {
        out.push(Warning {
            code: "booked_out",
            message: format!(
                "the portal is booked out beyond its horizon on {:.0}% of days for at least one case type",
                100.0 * share
            ),
            remedy: "booking attempts fail and retry; see portal_daily.csv and the figures per case type".into(),
            message_de: format!(
                "Das Portal ist an {:.0} % der Tage für mindestens eine Fallart über seinen Buchungshorizont hinaus ausgebucht",
                100.0 * share
            ),
            remedy_de: "Buchungsversuche scheitern und werden wiederholt; siehe portal_daily.csv und die Kennzahlen je Fallart".into(),
            figures: vec!["portal_next_free_days_mean", "booking_attempts_failed", "portal_booked_out_share"],
        });
    }
    out
}

/// `--precision` was not reached within `--max-replications`.
pub fn precision_not_reached(
    report: &super::precision::PrecisionReport,
    target: &super::precision::PrecisionTarget,
) -> Option<Warning> {
    if report.reached {
        return None;
    }
    let width = report.rel_half_width.map_or("undefined".to_string(), |w| format!("±{:.1}%", 100.0 * w));
    let width_de = report.rel_half_width.map_or("undefiniert".to_string(), |w| format!("±{} %", german(100.0 * w)));
    let aim = 100.0 * target.rel_half_width;
    Some(Warning {
        code: "precision_not_reached",
        message: format!(
            "the precision target for {} (±{aim:.1}% of the mean) was not reached after {} replications: {width}",
            target.name, report.replications
        ),
        remedy: "raise --max-replications, or read the interval as it is".into(),
        message_de: format!(
            "Die verlangte Genauigkeit für {} (±{} % des Mittelwerts) wurde nach {} Wiederholungen nicht erreicht: {width_de}",
            target.name,
            german(aim),
            report.replications
        ),
        remedy_de: "--max-replications erhöhen oder das Intervall so lesen, wie es ist".into(),
        figures: Vec::new(),
    })
}

/// A staffing search whose target no head count up to `max` meets.
pub fn target_not_reachable(target: &str, max: u32) -> Warning {
    Warning {
        code: "target_not_reachable",
        message: format!("no head count up to {max} meets {target} with 95% confidence without overload"),
        remedy: "raise --max, or check whether the target can be reached by this group at all (another team's work may limit it)".into(),
        message_de: format!("Keine Kopfzahl bis {max} erreicht {target} mit 95 % Sicherheit ohne Überlastung"),
        remedy_de: "--max erhöhen oder prüfen, ob diese Gruppe das Ziel überhaupt erreichen kann (die Arbeit eines anderen Teams kann es begrenzen)".into(),
        figures: Vec::new(),
    }
}

/// A staffing curve that does not improve steadily with the head count.
pub fn curve_not_monotone() -> Warning {
    Warning {
        code: "curve_not_monotone",
        message: "the figure does not improve steadily with the head count".into(),
        remedy: "read every evaluated head count, not only the answer".into(),
        message_de: "Die Kennzahl verbessert sich nicht stetig mit der Kopfzahl".into(),
        remedy_de: "alle berechneten Kopfzahlen lesen, nicht nur die Antwort".into(),
        figures: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::stats::Estimate;

    fn estimates(values: &[(&str, f64, f64, f64)]) -> Vec<FigureEstimate> {
        let mut out = vec![
            FigureEstimate {
                estimate: Estimate { mean: 0.0, ci95_low: Some(0.0), ci95_high: Some(0.0) },
                replications: 10
            };
            crate::stats::FIGURES.len()
        ];
        for (name, mean, low, high) in values {
            out[figure_index(name).unwrap()].estimate =
                Estimate { mean: *mean, ci95_low: Some(*low), ci95_high: Some(*high) };
        }
        out
    }

    #[test]
    fn overload_needs_growth_above_zero_material_and_more_than_50_items() {
        // 1,000 items of work a week over 52 weeks.
        let work = [("decisions", 52_000.0, 51_000.0, 53_000.0)];
        let with = |g: (f64, f64, f64)| {
            let mut v = work.to_vec();
            v.push(("waiting_work_growth_per_week", g.0, g.1, g.2));
            result_warnings(&estimates(&v), 10, 52.0).iter().map(|w| w.code).collect::<Vec<_>>()
        };
        assert_eq!(with((20.0, 12.0, 28.0)), vec!["overload"]);
        assert!(with((20.0, -1.0, 41.0)).is_empty(), "the interval reaches 0");
        assert!(with((5.0, 4.0, 6.0)).is_empty(), "below 1 % of a week's work");
        let small = result_warnings(&estimates(&[("waiting_work_growth_per_week", 0.9, 0.5, 1.3)]), 10, 52.0);
        assert!(small.is_empty(), "under 50 items over the run: {small:?}");
        let few = result_warnings(&estimates(&[("portal_booked_out_share", 0.8, 0.7, 0.9)]), 3, 52.0);
        assert_eq!(few.iter().map(|w| w.code).collect::<Vec<_>>(), vec!["few_replications", "booked_out"]);
    }
}
