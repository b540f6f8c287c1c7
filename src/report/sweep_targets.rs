//! A sweep in words: which settings meet which target (with 95 % confidence, and not while
//! the office is overloaded), or, without targets, where each key figure is best.

use super::figure_texts;
use super::format::{self, html};
use super::param_labels::param_label;
use super::results::{SweepManifest, SweepRow};
use super::sections::{display_name, figure_interval, figure_value, ScenarioInfo};
use super::texts::tr;
use super::words::join;
use super::Lang;
use crate::stats::figures::Better;
use crate::stats::FIGURES;

/// The figures whose best setting is named when no target is given.
const BEST_OF: [&str; 4] = ["portal_next_free_days_mean", "walkin_sent_home", "backlog_end", "expired_person_days"];

/// Settings listed by name before "and N more".
const LISTED: usize = 6;

/// A target as sweep.json records it: "FIGURE <= VALUE" or "FIGURE >= VALUE".
pub struct Target {
    pub figure: String,
    pub at_most: bool,
    pub value: f64,
}

impl Target {
    pub fn parse(text: &str) -> Option<Target> {
        let (at_most, (name, value)) = match text.split_once("<=") {
            Some(parts) => (true, parts),
            None => (false, text.split_once(">=")?),
        };
        let value = value.trim().parse().ok().filter(|v: &f64| v.is_finite())?;
        Some(Target { figure: name.split_whitespace().collect(), at_most, value })
    }

    /// Met with 95 % confidence: the whole interval on the right side of the value.
    fn met_by(&self, row: &SweepRow) -> bool {
        if self.at_most {
            row.est.ci95_high.is_some_and(|hi| hi <= self.value)
        } else {
            row.est.ci95_low.is_some_and(|lo| lo >= self.value)
        }
    }

    fn unit(&self) -> String {
        let (base, _) = crate::stats::breakdown::split_name(&self.figure);
        FIGURES.iter().find(|f| f.name == base).map_or(String::new(), |f| f.unit.to_string())
    }

    /// "Wartezeit auf den nächsten freien Termin ≤ 14 Tage".
    pub fn words(&self, info: Option<&ScenarioInfo>, lang: Lang) -> String {
        let op = if self.at_most { "\u{2264}" } else { "\u{2265}" };
        let unit = self.unit();
        let value = figure_value(Some(self.value), &unit, lang);
        let unit_words = figure_texts::unit(&unit, lang);
        let shown = if value.ends_with('%') || unit_words.is_empty() { value } else { format!("{value} {unit_words}") };
        format!("{} {op} {shown}", figure_label(&self.figure, info, lang))
    }
}

/// A figure's label; a case type's or team's figure with that subject's label.
fn figure_label(name: &str, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    match crate::stats::breakdown::split_name(name) {
        (base, Some(subject)) => {
            format!("{} \u{2013} {}", figure_texts::label(base, lang), display_name(info, subject, lang))
        }
        (base, None) => figure_texts::label(base, lang),
    }
}

/// The grid points in order, with their values as written.
fn points(rows: &[SweepRow]) -> Vec<(usize, &[String])> {
    let mut out: Vec<(usize, &[String])> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|(p, _)| *p != r.point) {
            out.push((r.point, r.values.as_slice()));
        }
    }
    out
}

/// "Besetzte Stellen (VZÄ), Team Asylrecht = 12": a swept key in words, with the team or
/// case type an indexed key belongs to.
pub fn param_words(path: &str, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let label = param_label(path, lang).unwrap_or(path).to_string();
    let owner = path.split('.').next().filter(|f| f.ends_with(']')).and_then(|first| {
        info.and_then(|i| super::scenario_files::lookup(&i.document, &format!("{first}.name")))
            .and_then(|v| v.as_str().map(str::to_string))
    });
    match owner {
        Some(name) => format!("{label}, {}", display_name(info, &name, lang)),
        None => label,
    }
}

/// "Besetzte Stellen (VZÄ), Team Asylrecht = 12": a point's settings in words.
fn settings(m: &SweepManifest, values: &[String], info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let parts: Vec<String> = m
        .params
        .iter()
        .zip(values)
        .map(|(p, v)| {
            let shown = v.parse::<f64>().map_or_else(|_| v.clone(), |x| lang.short_number(x, 6));
            format!("{} = {shown}", param_words(&p.path, info, lang))
        })
        .collect();
    parts.join(", ")
}

/// Whether `target` is met at `point`: with 95 % confidence and without overload.
fn met_at(m: &SweepManifest, rows: &[SweepRow], target: &Target, point: usize) -> Option<bool> {
    let row = rows.iter().find(|r| r.point == point && r.figure == target.figure)?;
    Some(target.met_by(row) && !m.overloaded.contains(&point))
}

/// The answer on the first page.
pub fn answer(m: &SweepManifest, rows: &[SweepRow], info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let all = points(rows);
    let targets: Vec<Target> = m.targets.iter().filter_map(|t| Target::parse(t)).collect();
    let mut paragraphs: Vec<(String, String)> = Vec::new();
    let de = lang == Lang::De;
    let listed = |found: &[(usize, &[String])]| {
        let mut names: Vec<String> =
            found.iter().take(LISTED).map(|(_, v)| format!("({})", settings(m, v, info, lang))).collect();
        if found.len() > LISTED {
            names.push(match lang {
                Lang::De => format!("{} weiteren", found.len() - LISTED),
                Lang::En => format!("{} more", found.len() - LISTED),
            });
        }
        join(&names, lang)
    };
    for t in &targets {
        let met: Vec<(usize, &[String])> =
            all.iter().copied().filter(|(p, _)| met_at(m, rows, t, *p) == Some(true)).collect();
        let fooled = all
            .iter()
            .filter(|(p, _)| m.overloaded.contains(p))
            .filter(|(p, _)| rows.iter().any(|r| r.point == *p && r.figure == t.figure && t.met_by(r)))
            .count();
        let head = format!("{} {}:", tr(lang, "Ziel", "Target"), format::quoted(&t.words(info, lang), lang));
        let mut text = match (met.len(), de) {
            (0, true) => format!("bei keiner der {} Einstellungen mit 95\u{a0}% Sicherheit erreicht.", all.len()),
            (0, false) => format!("met with 95% confidence at none of the {} settings.", all.len()),
            (k, true) => format!("erreicht bei {k} von {} Einstellungen: {}.", all.len(), listed(&met)),
            (k, false) => format!("met at {k} of {} settings: {}.", all.len(), listed(&met)),
        };
        if fooled > 0 {
            text.push(' ');
            text.push_str(&match lang {
                Lang::De => format!("Bei {fooled} weiteren Einstellungen erfüllt die Kennzahl das Ziel nur, weil das Amt überlastet ist und unerledigte Arbeit liegen bleibt; sie zählen nicht."),
                Lang::En => format!("At {fooled} further settings the figure meets the target only because the office is overloaded and unfinished work piles up; they do not count."),
            });
        }
        paragraphs.push((head, text));
    }
    if targets.len() > 1 {
        let every: Vec<(usize, &[String])> =
            all.iter().copied().filter(|(p, _)| targets.iter().all(|t| met_at(m, rows, t, *p) == Some(true))).collect();
        let text = match (every.len(), de) {
            (0, true) => "Keine Einstellung erreicht alle Ziele zugleich.".to_string(),
            (0, false) => "No setting meets every target at once.".to_string(),
            (_, true) => format!("erreicht bei {}.", listed(&every)),
            (_, false) => format!("met at {}.", listed(&every)),
        };
        paragraphs.push((tr(lang, "Alle Ziele zugleich:", "Every target at once:").to_string(), text));
    }
    if targets.is_empty() {
        let note = tr(
            lang,
            "Es ist kein Ziel angegeben (--target \"KENNZAHL <= WERT\" oder [sweep] targets); darum nur, wo jede Kennzahl am günstigsten ist – ob der Unterschied zu den Nachbarn belastbar ist, zeigen die Intervalle der Tabelle.",
            "No target is given (--target \"FIGURE <= VALUE\" or [sweep] targets); so only where each key figure is best – whether the difference from the neighbours is reliable shows in the intervals of the table.",
        );
        paragraphs.push((tr(lang, "Ziele:", "Targets:").to_string(), note.to_string()));
        for f in BEST_OF {
            let Some(def) = FIGURES.iter().find(|d| d.name == f) else { continue };
            let candidates = rows.iter().filter(|r| r.figure == f && r.est.mean.is_some());
            let best = match def.better {
                Better::Lower => {
                    candidates.min_by(|a, b| a.est.mean.unwrap_or(0.0).total_cmp(&b.est.mean.unwrap_or(0.0)))
                }
                Better::Higher => {
                    candidates.max_by(|a, b| a.est.mean.unwrap_or(0.0).total_cmp(&b.est.mean.unwrap_or(0.0)))
                }
                Better::Neither => None,
            };
            let Some(best) = best else { continue };
            let value = figure_value(best.est.mean, def.unit, lang);
            let unit = figure_texts::unit(def.unit, lang);
            let text = match lang {
                Lang::De => format!("am günstigsten bei ({}): {value} {unit}.", settings(m, &best.values, info, lang)),
                Lang::En => format!("best at ({}): {value} {unit}.", settings(m, &best.values, info, lang)),
            };
            paragraphs.push((format!("{}:", figure_texts::label(f, lang)), text));
        }
    }
    let overloaded = m.overloaded.len();
    if overloaded > 0 {
        let text = match lang {
            Lang::De => format!("Bei {overloaded} von {} Einstellungen ist das Amt überlastet (die wartende Arbeit wächst); ihre Kennzahlen hängen von der Laufzeit ab und erfüllen kein Ziel.", all.len()),
            Lang::En => format!("At {overloaded} of {} settings the office is overloaded (the waiting work grows); their figures depend on the length of the run and meet no target.", all.len()),
        };
        paragraphs.push((tr(lang, "Überlastung:", "Overload:").to_string(), text));
    }
    super::sections::answer_paragraphs(&paragraphs)
}

/// One row per setting, one column per target: the figure with its interval and whether the
/// target is met (empty without targets).
pub fn table(m: &SweepManifest, rows: &[SweepRow], info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let targets: Vec<Target> = m.targets.iter().filter_map(|t| Target::parse(t)).collect();
    if targets.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<h3>{}</h3>\n<table class=\"figures\"><thead><tr>",
        tr(lang, "Ziele je Einstellung", "Targets per setting")
    );
    for p in &m.params {
        out.push_str(&format!("<th>{}</th>", html(&param_words(&p.path, info, lang))));
    }
    for t in &targets {
        out.push_str(&format!("<th class=\"num\">{}</th>", html(&t.words(info, lang))));
    }
    out.push_str(&format!("<th>{}</th></tr></thead><tbody>\n", tr(lang, "Überlastet?", "Overloaded?")));
    for (point, values) in points(rows) {
        out.push_str("<tr>");
        for v in values {
            out.push_str(&format!("<td>{}</td>", html(v)));
        }
        for t in &targets {
            let Some(row) = rows.iter().find(|r| r.point == point && r.figure == t.figure) else {
                out.push_str("<td class=\"num\">–</td>");
                continue;
            };
            let met = met_at(m, rows, t, point) == Some(true);
            let (class, word) = if met {
                ("better", tr(lang, "erreicht", "met"))
            } else {
                ("worse", tr(lang, "nicht erreicht", "not met"))
            };
            let unit = t.unit();
            out.push_str(&format!(
                "<td class=\"num {class}\">{}<br><span class=\"ci\">{} · {word}</span></td>",
                html(&figure_value(row.est.mean, &unit, lang)),
                html(&figure_interval(&row.est, &unit, lang))
            ));
        }
        let overloaded = m.overloaded.contains(&point);
        let (class, word) = if overloaded { ("worse", tr(lang, "ja", "yes")) } else { ("", tr(lang, "nein", "no")) };
        out.push_str(&format!("<td class=\"{class}\">{word}</td></tr>\n"));
    }
    out.push_str("</tbody></table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::results::{Est, SweepManifest};

    /// Head counts 3, 4, 5: the wait 20 ± 1, 12 ± 1, 13.5 ± 1 days; 3 is overloaded.
    fn sweep(targets: &[&str]) -> (SweepManifest, Vec<SweepRow>) {
        let mut m: SweepManifest = serde_json::from_value(serde_json::json!({
            "amtsim_version": "0", "scenario": { "name": "x", "file": "x.toml", "file_sha256": "0", "overrides": [] },
            "seed": 1, "replications": 5, "params": [{ "path": "staff[0].head_count", "values": ["3", "4", "5"] }],
            "points": 3, "targets": targets,
        }))
        .unwrap();
        m.overloaded = vec![0];
        let row = |point: usize, mean: f64| SweepRow {
            point,
            values: vec![(point + 3).to_string()],
            figure: "portal_next_free_days_mean".into(),
            est: Est { mean: Some(mean), ci95_low: Some(mean - 1.0), ci95_high: Some(mean + 1.0) },
        };
        (m, vec![row(0, 20.0), row(1, 12.0), row(2, 13.5)])
    }

    #[test]
    fn a_target_is_met_where_the_interval_clears_it_and_the_office_is_not_overloaded() {
        let (m, rows) = sweep(&["portal_next_free_days_mean <= 14", "portal_next_free_days_mean <= 12.5"]);
        let de = answer(&m, &rows, None, Lang::De);
        // 13.5 + 1 > 14: the interval of 5 heads does not clear 14; 4 heads do (13 <= 14).
        assert!(de.contains("erreicht bei 1 von 3 Einstellungen: (Beschäftigte (Köpfe, Vollzeit) = 4)."), "{de}");
        assert!(de.contains("bei keiner der 3 Einstellungen"), "{de}");
        assert!(de.contains("Keine Einstellung erreicht alle Ziele zugleich."), "{de}");
        assert!(de.contains("Bei 1 von 3 Einstellungen ist das Amt überlastet"), "{de}");
        let table = table(&m, &rows, None, Lang::De);
        assert_eq!(table.matches("nicht erreicht").count(), 5, "{table}");
    }

    #[test]
    fn an_overloaded_point_does_not_meet_a_target_its_figure_meets() {
        let (m, rows) = sweep(&["portal_next_free_days_mean <= 22"]);
        let en = answer(&m, &rows, None, Lang::En);
        assert!(en.contains("met at 2 of 3 settings"), "{en}");
        assert!(en.contains("At 1 further settings the figure meets the target only because"), "{en}");
    }

    #[test]
    fn without_targets_the_best_setting_of_each_figure_is_named() {
        let (m, rows) = sweep(&[]);
        let de = answer(&m, &rows, None, Lang::De);
        assert!(de.contains("Es ist kein Ziel angegeben"), "{de}");
        assert!(de.contains("am günstigsten bei (Beschäftigte (Köpfe, Vollzeit) = 4): 12,0 Tage."), "{de}");
    }
}
