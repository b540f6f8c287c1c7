//! The policy comparison in sentences a layperson can read, from compare.json:
//! "Mit dieser Maßnahme sinken die Vorsprachen zur Verlängerung von Fiktionsbescheinigungen
//! um 18 % (95 %-KI 15–21 %)."
//!
//! A change is said relative to the baseline mean (its interval is the paired difference's
//! interval divided by that mean), a share in percentage points, a clock time in minutes
//! earlier or later. When the 95% interval of the paired difference contains zero the
//! sentence says so: no reliable difference ("kein belastbarer Unterschied").

use super::figure_texts::{change_mode, label, subject, ChangeMode};
use super::format::{capitalised, interval, number, percent_sign, signed, value};
use super::results::PairedResult;
use super::Lang;

/// What a sentence concludes, for marking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A reliable change in the better direction.
    Better,
    /// A reliable change in the worse direction.
    Worse,
    /// A reliable change of a figure without a better direction.
    Changed,
    /// The interval contains zero (or there is none).
    NoDifference,
    /// Exactly the same in every replication.
    Unchanged,
}

/// One sentence about one figure under one policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub figure: String,
    pub text: String,
    pub verdict: Verdict,
    /// The relative change (policy − baseline) / baseline, where it is the measure.
    pub relative: Option<f64>,
}

/// The sentence for figure `name` (None when the figure is undefined in the comparison).
pub fn sentence(name: &str, f: &PairedResult, lang: Lang) -> Option<Sentence> {
    f.diff.mean.filter(|d| d.is_finite())?;
    let de = lang == Lang::De;
    let mode = change_mode(&f.unit);
    let subj = subject(name, lang);
    let label = label(name, lang);
    let headword = subj.map_or(label.clone(), |s| s.text.to_string());
    let make = |text: String, verdict: Verdict, relative: Option<f64>| {
        Some(Sentence { figure: name.to_string(), text, verdict, relative })
    };

    let Some(m) = measure(f, lang) else {
        let text = if de { "unverändert" } else { "unchanged" };
        return make(format!("{}: {text}.", capitalised(&headword)), Verdict::Unchanged, Some(0.0));
    };
    let Measure { value: d, bounds, decimals, relative, .. } = m;
    let unit = m.unit.clone();
    let ci_word = if de { "95\u{a0}%-KI" } else { "95% CI" };
    if m.verdict == Verdict::NoDifference {
        let (mean_word, none) =
            if de { ("im Mittel", "kein belastbarer Unterschied") } else { ("mean", "no reliable difference") };
        let detail = match bounds {
            Some((lo, hi)) => {
                format!(
                    "{mean_word} {}{unit}, {ci_word} {}{unit}",
                    signed(d, decimals, lang),
                    interval(lo, hi, decimals, lang)
                )
            }
            None if de => format!("{mean_word} {}{unit}; ohne Konfidenzintervall", signed(d, decimals, lang)),
            None => format!("{mean_word} {}{unit}; no confidence interval", signed(d, decimals, lang)),
        };
        let head = capitalised(&if mode == ChangeMode::Clock { label.clone() } else { headword.clone() });
        return make(format!("{head}: {none} ({detail})."), Verdict::NoDifference, relative.then_some(d / 100.0));
    }

    let (lo, hi) = bounds.unwrap_or((d, d));
    let (small, large) = (lo.abs().min(hi.abs()), lo.abs().max(hi.abs()));
    let magnitude = number(d.abs(), decimals, lang);
    let range = interval(small, large, decimals, lang);
    let up = d > 0.0;
    let text = match mode {
        ChangeMode::Clock => {
            let later = if de {
                if up {
                    "später"
                } else {
                    "früher"
                }
            } else if up {
                "later"
            } else {
                "earlier"
            };
            if de {
                format!("Mit dieser Maßnahme stellen sich die ersten Wartenden im Mittel {magnitude}{unit} {later} an ({ci_word} {range}{unit}).")
            } else {
                format!("With this policy the first people queue {magnitude}{unit} {later} on average ({ci_word} {range}{unit}).")
            }
        }
        _ => {
            let plural = subj.is_some_and(|s| s.plural);
            let verb = match (de, up, plural) {
                (true, true, false) => "steigt",
                (true, true, true) => "steigen",
                (true, false, false) => "sinkt",
                (true, false, true) => "sinken",
                (false, true, false) => "rises",
                (false, true, true) => "rise",
                (false, false, false) => "falls",
                (false, false, true) => "fall",
            };
            let subject_text = match subj {
                Some(s) => s.text.to_string(),
                None if de => format!("„{label}“"),
                None => format!("“{label}”"),
            };
            if de {
                format!("Mit dieser Maßnahme {verb} {subject_text} um {magnitude}{unit} ({ci_word} {range}{unit}).")
            } else {
                format!("With this policy {subject_text} {verb} by {magnitude}{unit} ({ci_word} {range}{unit}).")
            }
        }
    };
    make(text, m.verdict, relative.then_some(d / 100.0))
}

/// A paired difference as it is said: relative to the baseline (in per cent), in percentage
/// points, in minutes (clock times) or in the figure's unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The mean difference in the measure.
    pub value: f64,
    /// Its 95% interval in the measure.
    pub bounds: Option<(f64, f64)>,
    /// Decimals to show.
    pub decimals: usize,
    /// The unit as appended to a number: "\u{a0}%", " Prozentpunkte", " Minuten", " Tage".
    pub unit: String,
    /// The unit in short, for table cells: "%", "Pp.", "Min.".
    pub short_unit: String,
    /// Whether the measure is relative to the baseline.
    pub relative: bool,
    pub verdict: Verdict,
}

/// The measure of a paired difference; None when it is undefined or exactly zero in every
/// replication (unchanged).
pub fn measure(f: &PairedResult, lang: Lang) -> Option<Measure> {
    let diff = f.diff.mean.filter(|d| d.is_finite())?;
    let base = f.baseline.mean.filter(|b| b.is_finite());
    let ci = f.diff.ci95_low.zip(f.diff.ci95_high);
    if diff == 0.0 && ci.is_none_or(|(lo, hi)| lo == 0.0 && hi == 0.0) {
        return None;
    }
    let de = lang == Lang::De;
    let mode = change_mode(&f.unit);
    let relative = mode == ChangeMode::Relative && base.is_some_and(|b| b > 0.0);
    let scale = match mode {
        _ if relative => 100.0 / base.unwrap_or(1.0),
        ChangeMode::Points => 100.0,
        ChangeMode::Clock => 60.0,
        _ => 1.0,
    };
    let (value, bounds) = (diff * scale, ci.map(|(lo, hi)| (lo * scale, hi * scale)));
    // The interval of a change is clamped to what the figure can do, as the figures' own
    // intervals are: a count cannot fall by more than 100 %, a share not below 0 or above 1
    // (the mean is never changed). The growth of the waiting work may turn negative.
    let bounds = bounds.map(|(lo, hi)| match mode {
        _ if relative && f.unit != "items/week" => (lo.max(-100.0), hi),
        ChangeMode::Points => {
            let b = base.unwrap_or(0.0) * 100.0;
            (lo.max(-b), hi.min(100.0 - b))
        }
        _ => (lo, hi),
    });
    let largest = bounds.map_or(value.abs(), |(lo, hi)| lo.abs().max(hi.abs()).max(value.abs()));
    let mut decimals = if relative || mode == ChangeMode::Points || mode == ChangeMode::Clock {
        usize::from(largest < 10.0)
    } else {
        super::format::decimals_for(largest).min(1)
    };
    // A narrow interval gets more decimals, so that its ends do not round to one number.
    if let Some((lo, hi)) = bounds {
        while decimals < 2 && (hi - lo) < 3.0 * 10f64.powi(-(decimals as i32)) {
            decimals += 1;
        }
    }
    let words = super::figure_texts::unit(&f.unit, lang);
    let (unit, short_unit) = match mode {
        _ if relative => (percent_sign(lang).to_string(), "%".to_string()),
        ChangeMode::Points if de => (" Prozentpunkte".into(), "Pp.".into()),
        ChangeMode::Points => (" percentage points".into(), "pp".into()),
        ChangeMode::Clock if de => (" Minuten".into(), "Min.".into()),
        ChangeMode::Clock => (" minutes".into(), "min".into()),
        _ => (format!(" {words}"), words),
    };
    let contains_zero = f.diff_ci_contains_zero.unwrap_or(true) || ci.is_none();
    let verdict = match (contains_zero, f.better.as_deref(), value > 0.0) {
        (true, _, _) => Verdict::NoDifference,
        (false, Some("lower"), false) | (false, Some("higher"), true) => Verdict::Better,
        (false, Some("lower"), true) | (false, Some("higher"), false) => Verdict::Worse,
        _ => Verdict::Changed,
    };
    Some(Measure { value, bounds, decimals, unit, short_unit, relative, verdict })
}

/// The baseline value of a figure in words, for context: "Status quo: 2.512 Personen".
pub fn baseline_value(f: &PairedResult, lang: Lang) -> String {
    let unit = super::figure_texts::unit(&f.unit, lang);
    match change_mode(&f.unit) {
        ChangeMode::Points => super::format::share(f.baseline.mean, lang),
        ChangeMode::Clock => super::format::clock(f.baseline.mean, lang),
        _ => format!("{} {unit}", value(f.baseline.mean, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::results::Est;

    fn paired(unit: &str, better: &str, base: f64, diff: (f64, f64, f64)) -> PairedResult {
        PairedResult {
            unit: unit.into(),
            better: Some(better.into()),
            replications: 20,
            baseline: Est { mean: Some(base), ci95_low: None, ci95_high: None },
            policy: Est { mean: Some(base + diff.0), ci95_low: None, ci95_high: None },
            diff: Est { mean: Some(diff.0), ci95_low: Some(diff.1), ci95_high: Some(diff.2) },
            diff_ci_contains_zero: Some(diff.1 <= 0.0 && diff.2 >= 0.0),
            p_better: None,
        }
    }

    #[test]
    fn a_reliable_fall_reads_like_the_example() {
        let f = paired("visits", "lower", 1000.0, (-180.0, -210.0, -150.0));
        let s = sentence("fb_visits", &f, Lang::De).unwrap();
        assert_eq!(
            s.text,
            "Mit dieser Maßnahme sinken die Vorsprachen zur Verlängerung von Fiktionsbescheinigungen um 18\u{a0}% (95\u{a0}%-KI 15\u{2013}21\u{a0}%)."
        );
        assert_eq!(s.verdict, Verdict::Better);
        let en = sentence("fb_visits", &f, Lang::En).unwrap();
        assert_eq!(
            en.text,
            "With this policy visits to renew provisional certificates fall by 18% (95% CI 15\u{2013}21%)."
        );
    }

    #[test]
    fn an_interval_containing_zero_is_no_reliable_difference() {
        let f = paired("clients", "lower", 500.0, (-10.0, -25.0, 5.0));
        let s = sentence("walkin_sent_home", &f, Lang::De).unwrap();
        assert!(
            s.text.starts_with("Die Zahl der Fortschickungen am Notfallschalter: kein belastbarer Unterschied"),
            "{}",
            s.text
        );
        assert!(
            s.text.contains("im Mittel \u{2212}2,0\u{a0}%, 95\u{a0}%-KI \u{2212}5,0 bis +1,0\u{a0}%"),
            "{}",
            s.text
        );
        assert_eq!(s.verdict, Verdict::NoDifference);
        let en = sentence("walkin_sent_home", &f, Lang::En).unwrap();
        assert!(en.text.contains("no reliable difference"), "{}", en.text);
    }

    #[test]
    fn shares_clock_times_and_worse_changes() {
        let share = paired("share", "higher", 0.6, (0.032, 0.011, 0.053));
        let s = sentence("staff_present_share", &share, Lang::De).unwrap();
        assert_eq!(s.text, "Mit dieser Maßnahme steigt die Anwesenheitsquote um 3,2 Prozentpunkte (95\u{a0}%-KI 1,1\u{2013}5,3 Prozentpunkte).");
        let clock = paired("clock_h", "higher", 6.5, (-0.5, -0.75, -0.25));
        let s = sentence("walkin_first_arrival_clock_h_mean", &clock, Lang::En).unwrap();
        assert!(s.text.contains("30 minutes earlier"), "{}", s.text);
        assert_eq!(s.verdict, Verdict::Worse);
        let backlog = paired("applications", "lower", 1000.0, (50.0, 20.0, 80.0));
        assert_eq!(sentence("backlog_end", &backlog, Lang::De).unwrap().verdict, Verdict::Worse);
    }

    #[test]
    fn a_change_interval_stays_within_what_the_figure_can_do() {
        // Failed bookings fall by 100 % [−112, −88]: a count cannot fall by more than all.
        let f = paired("attempts", "lower", 1000.0, (-1000.0, -1120.0, -880.0));
        let m = measure(&f, Lang::De).unwrap();
        assert_eq!((m.value, m.bounds), (-100.0, Some((-100.0, -88.0))));
        // A share of 0.95 rises by 4 points [1, 7]: not above 100 %.
        let s = paired("share", "higher", 0.95, (0.04, 0.01, 0.07));
        let m = measure(&s, Lang::De).unwrap();
        let (lo, hi) = m.bounds.unwrap();
        assert!((lo - 1.0).abs() < 1e-9 && (hi - 5.0).abs() < 1e-9, "{lo} {hi}");
    }

    #[test]
    fn unchanged_and_undefined_figures() {
        let same = paired("clients", "lower", 10.0, (0.0, 0.0, 0.0));
        assert_eq!(sentence("walkin_sent_home", &same, Lang::En).unwrap().verdict, Verdict::Unchanged);
        let mut none = same.clone();
        none.diff.mean = None;
        assert!(sentence("walkin_sent_home", &none, Lang::De).is_none());
        let zero_base = paired("clients", "lower", 0.0, (3.0, 1.0, 5.0));
        let s = sentence("walkin_sent_home", &zero_base, Lang::De).unwrap();
        assert!(s.text.contains("um 3,0 Personen"), "{}", s.text);
    }
}
