//! The staffing search in words: the answer against today's staffing, and the two checks a
//! personnel office makes before it believes a number (was the office overloaded where the
//! figure looked good; does the figure improve steadily with more people).

use super::figure_texts;
use super::format;
use super::results::{StaffPoint, StaffResult};
use super::sections::{display_name, figure_interval, figure_value, ScenarioInfo};
use super::texts::tr;
use super::words::join;
use super::Lang;

/// The evaluated head counts, smallest first.
fn curve(s: &StaffResult) -> Vec<&StaffPoint> {
    let mut points: Vec<&StaffPoint> = s.curve.iter().collect();
    points.sort_by_key(|p| p.head_count);
    points
}

/// "3,4 Tage": a value of the target's figure with its unit.
fn value(s: &StaffResult, mean: Option<f64>, lang: Lang) -> String {
    let unit = figure_texts::unit(&s.target.unit, lang);
    let shown = figure_value(mean, &s.target.unit, lang);
    if shown.ends_with('%') || unit.is_empty() {
        shown
    } else {
        format!("{shown}\u{a0}{unit}")
    }
}

/// Whether the figure gets worse from `a` to `b` (one more head count tried).
fn worsens(s: &StaffResult, a: &StaffPoint, b: &StaffPoint) -> bool {
    match (a.est.mean, b.est.mean) {
        (Some(x), Some(y)) if s.target.at_most() => y > x + 1e-9 * x.abs().max(1.0),
        (Some(x), Some(y)) => y < x - 1e-9 * x.abs().max(1.0),
        _ => false,
    }
}

/// Whether the 95 % intervals of two points overlap (the step may be chance).
fn overlap(a: &StaffPoint, b: &StaffPoint) -> bool {
    match (a.est.ci95_low, a.est.ci95_high, b.est.ci95_low, b.est.ci95_high) {
        (Some(al), Some(ah), Some(bl), Some(bh)) => al <= bh && bl <= ah,
        _ => true,
    }
}

/// The answer and the checks, as paragraphs for the first page.
pub fn answer(s: &StaffResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let team = format::quoted(&display_name(info, &s.group, lang), lang);
    let group = info.and_then(|i| i.scenario.staff.iter().find(|g| g.name == s.group));
    let points = curve(s);
    let de = lang == Lang::De;
    let mut paragraphs: Vec<(String, String)> = Vec::new();

    // The answer against today's staffing (the search counts people employed: filled FTE).
    let today = group.map(|g| (g.filled_fte.round() as u64, g.positions_fte));
    let answer = match (s.answer, today) {
        (Some(n), Some((filled, positions))) => {
            let diff = n as i64 - filled as i64;
            let change = match (de, diff) {
                (true, 0) => "so viele, wie heute beschäftigt sind".to_string(),
                (true, d) if d > 0 => format!("{d} mehr als heute beschäftigt"),
                (true, d) => format!("{} weniger als heute beschäftigt", -d),
                (false, 0) => "as many as are employed today".to_string(),
                (false, d) if d > 0 => format!("{d} more than employed today"),
                (false, d) => format!("{} fewer than employed today", -d),
            };
            let positions = format::number(positions, if positions.fract() == 0.0 { 0 } else { 1 }, lang);
            if de {
                format!("{team} braucht {n} Beschäftigte (Köpfe, voll besetzt), {change}: heute sind {filled} beschäftigt, bei {positions} Planstellen.")
            } else {
                format!("{team} needs {n} people (head count, all employed), {change}: {filled} are employed today, on {positions} positions.")
            }
        }
        (Some(n), None) => {
            if de {
                format!("{team} braucht {n} Beschäftigte (Köpfe).")
            } else {
                format!("{team} needs {n} people (head count).")
            }
        }
        (None, _) => {
            let max = points.last().map_or(0, |p| p.head_count);
            if de {
                format!("Auch mit {max} Beschäftigten, der größten untersuchten Kopfzahl, erreicht {team} das Ziel nicht. Das Ziel ist so nicht erreichbar, oder es braucht eine andere Maßnahme als mehr Personal in diesem Team.")
            } else {
                format!("Even with {max} people, the largest head count tried, {team} does not meet the target. The target cannot be met this way, or it needs another measure than more staff in this team.")
            }
        }
    };
    paragraphs.push((tr(lang, "Die Antwort:", "The answer:").to_string(), answer));

    // Why one fewer is not enough.
    if let Some(n) = s.answer {
        if let Some(below) = points.iter().find(|p| p.head_count + 1 == n) {
            let figure = value(s, below.est.mean, lang);
            let interval = figure_interval(&below.est, &s.target.unit, lang);
            let why = match (below.overloaded, de) {
                (true, true) => format!("Mit {} Beschäftigten ist das Amt überlastet: die wartende Arbeit wächst, und jede Kennzahl hinge dann von der Länge des Zeitraums ab (die Kennzahl: {figure}, 95-%-KI {interval}).", below.head_count),
                (true, false) => format!("With {} people the office is overloaded: the waiting work grows, and every figure would depend on the length of the run (the figure: {figure}, 95% CI {interval}).", below.head_count),
                (false, true) => format!("Mit {} Beschäftigten liegt die Kennzahl bei {figure} (95-%-KI {interval}): das Ziel ist nicht mit 95\u{a0}% Sicherheit erreicht.", below.head_count),
                (false, false) => format!("With {} people the figure is {figure} (95% CI {interval}): the target is not met with 95% confidence.", below.head_count),
            };
            paragraphs.push((tr(lang, "Eine Person weniger:", "One fewer:").to_string(), why));
        }
    }

    // The overload check.
    let overloaded: Vec<&StaffPoint> = points.iter().copied().filter(|p| p.overloaded).collect();
    let heads = |list: &[&StaffPoint]| join(&list.iter().map(|p| p.head_count.to_string()).collect::<Vec<_>>(), lang);
    let overload = if overloaded.is_empty() {
        tr(
            lang,
            "Bei keiner untersuchten Kopfzahl ist das Amt überlastet: die wartende Arbeit wächst nirgends.",
            "At no head count tried is the office overloaded: the waiting work grows nowhere.",
        )
        .to_string()
    } else {
        // Where the figure alone would have met the target: the search did not count them.
        let fooled: Vec<&StaffPoint> = overloaded
            .iter()
            .copied()
            .filter(|p| {
                let bound = if s.target.at_most() { p.est.ci95_high } else { p.est.ci95_low };
                bound.is_some_and(|b| if s.target.at_most() { b <= s.target.value } else { b >= s.target.value })
            })
            .collect();
        let mut text = if de {
            format!("Bei {} Beschäftigten ist das Amt überlastet (die wartende Arbeit wächst); dort gilt das Ziel als nicht erreicht.", heads(&overloaded))
        } else {
            format!(
                "With {} people the office is overloaded (the waiting work grows); there the target counts as not met.",
                heads(&overloaded)
            )
        };
        if !fooled.is_empty() {
            text.push(' ');
            text.push_str(&if de {
                format!("Die Kennzahl allein hätte das Ziel bei {} Beschäftigten erfüllt – nur weil unerledigte Arbeit liegen bleibt.", heads(&fooled))
            } else {
                format!("The figure alone would have met the target with {} people, only because unfinished work piles up.", heads(&fooled))
            });
        }
        text
    };
    paragraphs.push((tr(lang, "Überlastung:", "Overload:").to_string(), overload));

    // The monotonicity check: where more people made the figure worse.
    let steps: Vec<(&StaffPoint, &StaffPoint)> =
        points.windows(2).map(|w| (w[0], w[1])).filter(|(a, b)| worsens(s, a, b)).collect();
    let steady = if steps.is_empty() {
        tr(
            lang,
            "Die Kennzahl wird mit jeder weiteren untersuchten Kopfzahl besser oder bleibt gleich.",
            "The figure improves or stays the same with every further head count tried.",
        )
        .to_string()
    } else {
        let described: Vec<String> = steps
            .iter()
            .map(|(a, b)| {
                let (x, y) = (value(s, a.est.mean, lang), value(s, b.est.mean, lang));
                if de {
                    format!("von {} auf {} Beschäftigte ({x} \u{2192} {y})", a.head_count, b.head_count)
                } else {
                    format!("from {} to {} people ({x} \u{2192} {y})", a.head_count, b.head_count)
                }
            })
            .collect();
        let chance = steps.iter().all(|(a, b)| overlap(a, b));
        let verdict = match (chance, de) {
            (true, true) => "Die 95-%-Intervalle überschneiden sich: das kann Zufall sein; die Antwort gilt, aber jeder Punkt der Kurve ist zu lesen.",
            (true, false) => "The 95% intervals overlap: this may be chance; the answer stands, but read every point of the curve.",
            (false, true) => "Die 95-%-Intervalle trennen sich: mehr Personal verschlechtert hier die Kennzahl belastbar. Die Suche nimmt das Gegenteil an; ihre Antwort ist mit Vorsicht zu lesen, der Mechanismus zu prüfen.",
            (false, false) => "The 95% intervals separate: more staff reliably worsen the figure here. The search assumes the opposite; read its answer with care and check the mechanism.",
        };
        if de {
            format!("Die Kennzahl wird nicht stetig besser: sie wird schlechter {}. {verdict}", join(&described, lang))
        } else {
            format!("The figure does not improve steadily: it gets worse {}. {verdict}", join(&described, lang))
        }
    };
    paragraphs.push((tr(lang, "Mehr Personal, bessere Kennzahl?", "More staff, a better figure?").to_string(), steady));

    super::sections::answer_paragraphs(&paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A search for "days <= 14": overloaded at 8 and 10 (where 10 alone would meet it), the
    /// answer 12, and a step from 12 to 16 that gets worse (`overlapping` intervals or not).
    fn search(overlapping: bool) -> StaffResult {
        let point = |n: u64, mean: f64, half: f64, meets: bool, overloaded: bool| {
            serde_json::json!({ "head_count": n, "mean": mean, "ci95_low": mean - half, "ci95_high": mean + half,
                "replications": 5, "meets_target": meets, "overloaded": overloaded, "warnings": [] })
        };
        let at_16 = if overlapping { 2.0 } else { 9.0 };
        serde_json::from_value(serde_json::json!({
            "amtsim_version": "0", "scenario": { "name": "x", "file": "x.toml", "file_sha256": "0", "overrides": [] },
            "seed": 1, "replications": 5, "group": "clerks",
            "target": { "text": "portal_next_free_days_mean <= 14", "figure": "portal_next_free_days_mean", "unit": "days", "value": 14.0 },
            "answer": 12,
            "curve": [point(16, at_16, 0.5, true, false), point(8, 30.0, 2.0, false, true), point(10, 12.0, 1.0, false, true),
                      point(12, 1.5, 0.5, true, false)],
        }))
        .unwrap()
    }

    fn text(html: &str) -> String {
        html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
    }

    #[test]
    fn the_answer_names_the_overloaded_head_counts_and_a_step_that_may_be_chance() {
        let de = text(&answer(&search(true), None, Lang::De));
        assert!(de.contains("<strong>Die Antwort:</strong> „clerks“ braucht 12 Beschäftigte (Köpfe)."), "{de}");
        // 11 was not evaluated: no sentence on one fewer.
        assert!(!de.contains("Eine Person weniger"), "{de}");
        assert!(de.contains("Bei 8 und 10 Beschäftigten ist das Amt überlastet"), "{de}");
        assert!(de.contains("Die Kennzahl allein hätte das Ziel bei 10 Beschäftigten erfüllt"), "{de}");
        assert!(de.contains("von 12 auf 16 Beschäftigte (1,50\u{a0}Tage \u{2192} 2,00\u{a0}Tage)"), "{de}");
        assert!(de.contains("das kann Zufall sein"), "{de}");
        let en = text(&answer(&search(false), None, Lang::En));
        assert!(en.contains("more staff reliably worsen the figure here"), "{en}");
    }

    #[test]
    fn one_fewer_than_the_answer_is_explained_and_a_steady_curve_is_said_to_be_steady() {
        let mut s = search(true);
        s.curve.retain(|p| p.head_count != 16);
        s.answer = Some(11);
        s.curve.push(
            serde_json::from_value(serde_json::json!({ "head_count": 11, "mean": 3.0, "ci95_low": 2.0,
            "ci95_high": 4.0, "replications": 5, "meets_target": true, "overloaded": false }))
            .unwrap(),
        );
        s.curve.retain(|p| p.head_count != 12);
        let de = text(&answer(&s, None, Lang::De));
        assert!(de.contains("Mit 10 Beschäftigten ist das Amt überlastet"), "{de}");
        assert!(de.contains("wird mit jeder weiteren untersuchten Kopfzahl besser"), "{de}");
    }
}
