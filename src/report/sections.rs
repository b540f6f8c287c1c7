//! The report's sections as HTML fragments: the question, the scenario in words, the key
//! figures, the assumptions table and the appendix of all figures (the policy comparison is
//! `comparison.rs`). Every text goes through `format::html`; the page around them is
//! `html.rs`.

use super::assumptions::{assumptions, Assumption, SourceKind};
use super::figure_texts::{self, all_in_report_order, change_mode, ChangeMode, HEADLINE};
use super::format::{self, html, value};
use super::param_labels::param_label;
use super::plots::{arm_label, param_axis};
use super::results::{Est, Results, RunSummary, StaffResult, SweepManifest, SweepRow, WarningRecord};
use super::scenario_files::ScenarioFiles;
use super::series::BASELINE;
use super::texts::{source_legend, tr};
use super::words::scenario_paragraphs;
use super::Lang;
use crate::scenario::Scenario;

/// The scenario rebuilt from the result folder's copies.
pub struct ScenarioInfo {
    pub files: ScenarioFiles,
    pub document: toml::Table,
    pub scenario: Scenario,
    /// The scenario's policies (empty when it has none or they do not read).
    pub policies: Vec<crate::scenario::Policy>,
}

impl ScenarioInfo {
    /// The name people read for a case type, team or policy of the scenario: its `label` in
    /// the report's language, else the identifier.
    pub fn display(&self, name: &str, lang: Lang) -> String {
        let s = &self.scenario;
        let label = (s.case_types.iter().find(|c| c.name == name).map(|c| &c.label))
            .or_else(|| s.staff.iter().find(|g| g.name == name).map(|g| &g.label))
            .and_then(|l| l.get(lang.code()).map(str::to_string));
        let policy = || self.policy(name).and_then(|p| p.label.get(lang.code())).map(str::to_string);
        label.or_else(policy).unwrap_or_else(|| name.to_string())
    }

    fn policy(&self, name: &str) -> Option<&crate::scenario::Policy> {
        self.policies.iter().find(|p| p.name == name)
    }

    /// A policy's description in the report's language, if the scenario gives it.
    pub fn policy_description(&self, name: &str, lang: Lang) -> Option<String> {
        self.policy(name).and_then(|p| p.description_text.get(lang.code())).map(str::to_string)
    }
}

/// `ScenarioInfo::display` where the scenario may be missing (the identifier then).
pub fn display_name(info: Option<&ScenarioInfo>, name: &str, lang: Lang) -> String {
    info.map_or_else(|| name.to_string(), |i| i.display(name, lang))
}

/// A figure's value in words with its unit: shares in per cent, clock times as times.
pub(super) fn figure_value(mean: Option<f64>, unit: &str, lang: Lang) -> String {
    match change_mode(unit) {
        ChangeMode::Points => format::share(mean, lang),
        ChangeMode::Clock => format::clock(mean, lang),
        _ => value(mean, lang),
    }
}

/// The 95% interval of a figure, "–" when there is none.
pub(super) fn figure_interval(est: &Est, unit: &str, lang: Lang) -> String {
    let (Some(lo), Some(hi)) = (est.ci95_low, est.ci95_high) else { return "–".into() };
    match change_mode(unit) {
        ChangeMode::Points => format!("{} \u{2013} {}", format::share(Some(lo), lang), format::share(Some(hi), lang)),
        ChangeMode::Clock => format!("{} \u{2013} {}", format::clock(Some(lo), lang), format::clock(Some(hi), lang)),
        _ => {
            let d = format::decimals_for(est.mean.unwrap_or(hi));
            format!("{} \u{2013} {}", format::number(lo, d, lang), format::number(hi, d, lang))
        }
    }
}

/// The unit column: empty for shares and clock times, which carry their unit.
fn unit_cell(unit: &str, lang: Lang) -> String {
    match change_mode(unit) {
        ChangeMode::Points | ChangeMode::Clock => String::new(),
        _ => figure_texts::unit(unit, lang),
    }
}

/// A figure's label with its unit, unless the label already names it or the value carries it.
pub(super) fn labelled(name: &str, unit: &str, lang: Lang) -> String {
    let label = figure_texts::label(name, lang);
    let unit = unit_cell(unit, lang);
    if unit.is_empty() || label.to_lowercase().contains(&unit.to_lowercase()) {
        label
    } else {
        format!("{label} ({unit})")
    }
}

/// Section 1: what the results answer.
pub fn question(results: &Results, scenario: Option<&ScenarioInfo>, lang: Lang) -> String {
    let text = match results {
        Results::Run(_) => tr(
            lang,
            "Wie entwickeln sich Terminlage, Notfallschalter, Personal und Antragsrückstau der Behörde im betrachteten Zeitraum – und wie sicher sind diese Zahlen?",
            "How do appointments, the emergency desk, staffing and the backlog of applications develop over the period – and how sure are these numbers?",
        )
        .to_string(),
        Results::Compare(c) => {
            let k = c.policies.len();
            match lang {
                Lang::De => format!("Was bewirken die {k} untersuchten Maßnahmen gegenüber dem heutigen Stand (Status quo)? Jede Maßnahme wird mit denselben {} Wiederholungen durchgerechnet wie der Status quo – mit denselben Menschen, Krankheitsfällen und Zufällen –, sodass ein Unterschied auf die Maßnahme zurückgeht und nicht auf den Zufall.", c.replications),
                Lang::En => format!("What do the {k} policies studied change compared with today (the status quo)? Each policy is simulated on the same {} replications as the status quo – with the same people, sick days and chances – so that a difference is due to the policy, not to chance.", c.replications),
            }
        }
        Results::Sweep(m, _) => {
            let params: Vec<String> = m
                .params
                .iter()
                .map(|p| format!("{} ({})", param_axis(&p.path, lang), p.values.join(", ")))
                .collect();
            match lang {
                Lang::De => format!("Wie verändern sich die Kennzahlen, wenn {} variiert {}? Untersucht werden {} Kombinationen mit je {} Wiederholungen.", params.join(tr(lang, " und ", " and ")), if params.len() == 1 { "wird" } else { "werden" }, m.points, m.replications),
                Lang::En => format!("How do the key figures change when {} {} varied? {} combinations are simulated, {} replications each.", params.join(" and "), if params.len() == 1 { "is" } else { "are" }, m.points, m.replications),
            }
        }
        Results::Staff(s) => staff_question(s, scenario, lang),
        Results::Sensitivity(s) => super::sensitivity::question(s, lang),
        Results::Optimise(o) => super::optimisation::question(o, scenario, lang),
        Results::Select(s) => super::selection::question(s, scenario, lang),
    };
    // The committee's own question, in its words, when the scenario states it.
    let asked = scenario.and_then(|i| i.scenario.question.get(lang.code())).map_or(String::new(), |q| {
        format!(
            "<p class=\"question asked\"><strong>{}</strong> {}</p>\n",
            html(tr(lang, "Die Frage:", "The question:")),
            html(q)
        )
    });
    // Under the committee's question, how the comparison answers it goes below the decision
    // table (`comparison::answer`), so that the table fits the first page.
    let generic = if !asked.is_empty() && matches!(results, Results::Compare(_)) {
        String::new()
    } else {
        format!("<p class=\"question\">{}</p>\n", html(&text))
    };
    let answer = match results {
        Results::Staff(s) => super::staffing::answer(s, scenario, lang) + &warning_box(&s.warnings, lang),
        Results::Sweep(m, rows) => super::sweep_targets::answer(m, rows, scenario, lang),
        Results::Sensitivity(s) => super::sensitivity::answer(s, lang),
        Results::Optimise(o) => super::optimisation::answer(o, scenario, lang),
        Results::Select(s) => super::selection::answer(s, scenario, lang),
        // A run's warnings (an overloaded office above all) stand on the first page.
        Results::Run(r) => warning_box(&r.warnings, lang),
        _ => String::new(),
    };
    format!("{asked}{generic}{answer}")
}

/// An answer as paragraphs with a bold head each, the first one marked as the answer.
pub(super) fn answer_paragraphs(paragraphs: &[(String, String)]) -> String {
    paragraphs
        .iter()
        .enumerate()
        .map(|(i, (head, text))| {
            let class = if i == 0 { "answer" } else { "check" };
            format!("<p class=\"{class}\"><strong>{}</strong> {}</p>\n", html(head), html(text))
        })
        .collect()
}

fn staff_question(s: &StaffResult, scenario: Option<&ScenarioInfo>, lang: Lang) -> String {
    let label = figure_texts::label(&s.target.figure, lang);
    let op = if s.target.at_most() { "\u{2264}" } else { "\u{2265}" };
    let target = format!("{label} {op} {}", figure_value(Some(s.target.value), &s.target.unit, lang))
        + &format!(" {}", unit_cell(&s.target.unit, lang));
    let team = format::quoted(&display_name(scenario, &s.group, lang), lang);
    let searched = s.curve.len();
    match lang {
        Lang::De => format!("Wie viele Beschäftigte braucht {team}, damit das Ziel „{}“ mit 95\u{a0}% Sicherheit erreicht wird? Untersucht wurden {searched} Kopfzahlen mit je {} Wiederholungen; dieselben Menschen und Zufälle bei jeder Kopfzahl.", target.trim(), s.replications),
        Lang::En => format!("How many people does {team} need to meet the target “{}” with 95% confidence? {searched} head counts were simulated, {} replications each, with the same people and chances at every head count.", target.trim(), s.replications),
    }
}

/// Section 2: the scenario in words and its own description.
pub fn scenario(info: Option<&ScenarioInfo>, results: &Results, lang: Lang) -> String {
    let (record, _, replications, _) = results.record();
    let mut out = String::new();
    match info {
        Some(i) => {
            for p in scenario_paragraphs(&i.scenario, replications, lang) {
                out.push_str(&format!("<p>{}</p>\n", html(&p)));
            }
            if let Some(description) = i.scenario.description.get(lang.code()).filter(|d| !d.trim().is_empty()) {
                out.push_str(&format!(
                    "<blockquote><span class=\"muted\">{}</span> {}</blockquote>\n",
                    tr(lang, "Beschreibung in der Szenariodatei:", "Description in the scenario file:"),
                    html(description.trim())
                ));
            }
        }
        None => out.push_str(&format!(
            "<p class=\"muted\">{}</p>\n",
            tr(lang, "Im Ergebnisordner liegt keine Kopie der Szenariodatei (scenario.toml); das Szenario kann nicht beschrieben werden.", "The result folder holds no copy of the scenario file (scenario.toml); the scenario cannot be described.")
        )),
    }
    out.push_str(&format!(
        "<p class=\"muted\">{} {} ({}).</p>\n",
        tr(lang, "Szenario", "Scenario"),
        html(&format::quoted(
            info.and_then(|i| i.scenario.title.get(lang.code())).unwrap_or(record.name.as_str()),
            lang
        )),
        html(&record.file)
    ));
    out
}

/// Section 3: the key figures with their intervals.
pub fn figures(results: &Results, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    match results {
        Results::Run(r) => {
            run_table(r, HEADLINE, lang)
                + &super::by_subject::subject_table(&r.figures_by_subject, info, lang)
                + &super::team_time::team_table(&r.teams, info, lang)
        }
        Results::Compare(c) => {
            let arms = c.arm_warnings();
            let shown = |arm: &str| match arm {
                BASELINE => super::plots::arm_label(arm, lang),
                _ => display_name(info, arm, lang),
            };
            // A warning every arm has (too few replications, mostly) is said once.
            let boxes = said_once(
                arms.into_iter().map(|(arm, w)| (shown(&arm), w)).collect(),
                tr(lang, "alle Rechnungen", "every arm"),
            );
            let labelled = boxes.iter().map(|(label, w)| (label.clone(), w.as_slice()));
            labelled_warning_boxes(labelled, lang)
                + &super::comparison::compare_tables(c, info, lang)
                + &super::comparison::decision_tables_by_subject(c, info, lang)
        }
        Results::Sweep(m, rows) => {
            let point = tr(lang, "Punkt", "Point");
            let labelled = m.warnings.iter().map(|(p, w)| (format!("{point} {p}"), w.as_slice()));
            labelled_warning_boxes(labelled, lang)
                + &super::sweep_targets::table(m, rows, info, lang)
                + &sweep_table(m, rows, lang)
        }
        Results::Staff(s) => {
            // Overload is a column of the table; a warning every head count has is said once.
            let heads = tr(lang, "Kopfzahl", "head count");
            let boxes = said_once(
                s.curve
                    .iter()
                    .map(|p| {
                        let shown = p.warnings.iter().filter(|w| w.code != "overload").cloned().collect();
                        (format!("{heads} {}", p.head_count), shown)
                    })
                    .collect(),
                tr(lang, "alle Kopfzahlen", "every head count"),
            );
            let labelled = boxes.iter().map(|(l, w)| (l.clone(), w.as_slice()));
            labelled_warning_boxes(labelled, lang) + &staff_table(s, lang)
        }
        Results::Sensitivity(s) => super::sensitivity::tables(s, lang),
        Results::Optimise(o) => super::optimisation::front_table(o, info, lang),
        Results::Select(s) => super::selection::table(s, info, lang),
    }
}

/// Warning lists under their labels, with the warnings that every list holds moved into one
/// list of their own, labelled `everyone`, in front (the others keep what is theirs alone).
fn said_once(boxes: Vec<(String, Vec<WarningRecord>)>, everyone: &str) -> Vec<(String, Vec<WarningRecord>)> {
    let common: Vec<WarningRecord> = match boxes.as_slice() {
        [(_, first), _, ..] => first.iter().filter(|w| boxes.iter().all(|(_, o)| o.contains(w))).cloned().collect(),
        _ => Vec::new(),
    };
    if common.is_empty() {
        return boxes;
    }
    let own = boxes.into_iter().map(|(label, w)| (label, w.into_iter().filter(|x| !common.contains(x)).collect()));
    std::iter::once((everyone.to_string(), common.clone())).chain(own).collect()
}

/// One warning box per arm, point or head count that has warnings, under its name.
fn labelled_warning_boxes<'a>(
    labelled: impl Iterator<Item = (String, &'a [super::results::WarningRecord])>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    for (label, warnings) in labelled {
        let title = format!("{} – {label}", tr(lang, "Hinweise", "Warnings"));
        out.push_str(&warning_box_titled(warnings, &title, lang));
    }
    out
}

/// The run's warnings, before its figures, each with what to do (empty without warnings).
fn warning_box(warnings: &[super::results::WarningRecord], lang: Lang) -> String {
    warning_box_titled(warnings, tr(lang, "Hinweise", "Warnings"), lang)
}

fn warning_box_titled(warnings: &[super::results::WarningRecord], title: &str, lang: Lang) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = format!("<div class=\"warnings\"><strong>{}</strong><ul>\n", html(title));
    for w in warnings {
        let (message, remedy) = match lang {
            Lang::De if !w.message_de.is_empty() => (&w.message_de, &w.remedy_de),
            _ => (&w.message, &w.remedy),
        };
        out.push_str(&format!("<li class=\"warning {}\">{} ({})</li>\n", html(&w.code), html(message), html(remedy)));
    }
    out.push_str("</ul></div>\n");
    out
}

fn run_table(r: &RunSummary, names: &[&str], lang: Lang) -> String {
    let mut out = format!(
        "<table class=\"figures\"><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>\n",
        tr(lang, "Kennzahl", "Key figure"),
        tr(lang, "Mittelwert", "Mean"),
        tr(lang, "95\u{a0}%-KI", "95% CI"),
        tr(lang, "Einheit", "Unit")
    );
    for name in names {
        let Some(f) = r.figure(name) else { continue };
        // A figure a warning concerns carries a mark that points to the warnings above.
        let warned = r.warnings.iter().any(|w| w.figures.iter().any(|x| x == name));
        let mark = if warned { " \u{26a0}" } else { "" };
        out.push_str(&format!(
            "<tr><td>{}{mark}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            html(&figure_texts::label(name, lang)),
            html(&figure_value(f.est.mean, &f.unit, lang)),
            html(&figure_interval(&f.est, &f.unit, lang)),
            html(&unit_cell(&f.unit, lang))
        ));
    }
    out.push_str("</tbody></table>\n");
    out
}

fn sweep_table(m: &SweepManifest, rows: &[SweepRow], lang: Lang) -> String {
    const SHOWN: [&str; 4] = ["portal_next_free_days_mean", "walkin_sent_home", "backlog_end", "expired_person_days"];
    let mut out = String::from("<table class=\"figures\"><thead><tr>");
    for p in &m.params {
        out.push_str(&format!("<th>{}</th>", html(param_label(&p.path, lang).unwrap_or(&p.path))));
    }
    for f in SHOWN {
        out.push_str(&format!("<th class=\"num\">{}</th>", html(&figure_texts::label(f, lang))));
    }
    out.push_str("</tr></thead><tbody>\n");
    let mut points: Vec<usize> = rows.iter().map(|r| r.point).collect();
    points.dedup();
    for point in points {
        let of_point: Vec<&SweepRow> = rows.iter().filter(|r| r.point == point).collect();
        let Some(first) = of_point.first() else { continue };
        out.push_str("<tr>");
        for v in &first.values {
            out.push_str(&format!("<td>{}</td>", html(v)));
        }
        for f in SHOWN {
            let unit = crate::stats::FIGURES.iter().find(|d| d.name == f).map_or("", |d| d.unit);
            match of_point.iter().find(|r| r.figure == f) {
                Some(r) => out.push_str(&format!(
                    "<td class=\"num\">{}<br><span class=\"ci\">{}</span></td>",
                    html(&figure_value(r.est.mean, unit, lang)),
                    html(&figure_interval(&r.est, unit, lang))
                )),
                None => out.push_str("<td class=\"num\">–</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}

fn staff_table(s: &StaffResult, lang: Lang) -> String {
    let label = figure_texts::label(&s.target.figure, lang);
    let mut out = format!(
        "<table class=\"figures\"><thead><tr><th>{}</th><th class=\"num\">{} ({})</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        tr(lang, "Köpfe", "Head count"),
        html(&label),
        html(&figure_texts::unit(&s.target.unit, lang)),
        tr(lang, "95\u{a0}%-KI", "95% CI"),
        tr(lang, "Überlastet?", "Overloaded?"),
        tr(lang, "Ziel erreicht?", "Target met?")
    );
    let mut curve: Vec<_> = s.curve.iter().collect();
    curve.sort_by_key(|p| p.head_count);
    for p in curve {
        let (class, met) =
            if p.meets_target { ("better", tr(lang, "ja", "yes")) } else { ("worse", tr(lang, "nein", "no")) };
        let answer = if s.answer == Some(p.head_count) { " answer" } else { "" };
        let overloaded = if p.overloaded { tr(lang, "ja", "yes") } else { tr(lang, "nein", "no") };
        let load_class = if p.overloaded { "worse" } else { "" };
        out.push_str(&format!(
            "<tr class=\"{answer}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"{load_class}\">{overloaded}</td><td class=\"{class}\">{met}</td></tr>\n",
            p.head_count,
            html(&figure_value(p.est.mean, &s.target.unit, lang)),
            html(&figure_interval(&p.est, &s.target.unit, lang))
        ));
    }
    out.push_str("</tbody></table>\n");
    out
}

fn kind_words(kinds: &[SourceKind], lang: Lang) -> String {
    if kinds.is_empty() {
        return "<span class=\"src none\">–</span>".into();
    }
    kinds
        .iter()
        .map(|k| match k {
            SourceKind::Stated => format!("<span class=\"src stated\">{}</span>", tr(lang, "Quelle", "source")),
            SourceKind::Derived => format!("<span class=\"src derived\">{}</span>", tr(lang, "abgeleitet", "derived")),
            SourceKind::Assumed => format!("<span class=\"src assumed\">{}</span>", tr(lang, "Annahme", "assumption")),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Section: every parameter of the scenario files with value, origin and note.
pub fn assumptions_table(info: Option<&ScenarioInfo>, overrides: &[String], original: &str, lang: Lang) -> String {
    let Some(info) = info else {
        return format!(
            "<p class=\"muted\">{}</p>\n",
            tr(
                lang,
                "Keine Kopie der Szenariodatei im Ergebnisordner.",
                "No copy of the scenario file in the result folder."
            )
        );
    };
    // Show each copy under the name it had: the outermost file by the record, bases by the
    // `extend` line of the file that names them.
    let files = &info.files.files;
    let mut names: Vec<String> = vec![String::new(); files.len()];
    if let Some(last) = names.last_mut() {
        *last = original.to_string();
    }
    for k in (0..files.len().saturating_sub(1)).rev() {
        let named = toml::from_str::<toml::Table>(&files[k + 1].text)
            .ok()
            .and_then(|t| t.get("extend").and_then(|v| v.as_str().map(str::to_string)));
        names[k] = named.unwrap_or_else(|| files[k].name.clone());
    }
    let shown: Vec<(String, &super::scenario_files::ScenarioFile)> = names.into_iter().zip(files.iter()).collect();
    let rows: Vec<Assumption> = assumptions(&shown, overrides);
    let count = |k: SourceKind| rows.iter().filter(|r| r.kinds.contains(&k)).count();
    let mut out = format!(
        "<p>{}</p>\n<p class=\"muted\">{}</p>\n",
        html(&match lang {
            Lang::De => format!("{} Parameter; davon {} mit Quelle belegt, {} aus Quellen abgeleitet, {} Annahmen (ein Parameter kann mehreres sein).", rows.len(), count(SourceKind::Stated), count(SourceKind::Derived), count(SourceKind::Assumed)),
            Lang::En => format!("{} parameters; {} stated by a source, {} derived from sources, {} assumptions (a parameter can be several).", rows.len(), count(SourceKind::Stated), count(SourceKind::Derived), count(SourceKind::Assumed)),
        }),
        html(source_legend(lang))
    );
    out.push_str(&format!(
        "<table class=\"assumptions\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        tr(lang, "Parameter", "Parameter"),
        tr(lang, "Wert", "Value"),
        tr(lang, "Herkunft", "Origin"),
        tr(lang, "Begründung", "Note")
    ));
    let mut cited = Vec::new();
    for r in &rows {
        let label = param_label(&r.path, lang).map_or(String::new(), |l| format!("{}<br>", html(l)));
        let changed = r.changed_by.as_ref().map_or(String::new(), |by| {
            format!("<br><span class=\"changed-by\">{} {}</span>", tr(lang, "geändert durch", "changed by"), html(by))
        });
        out.push_str(&format!(
            "<tr><td>{label}<code>{}</code></td><td><code>{}</code>{changed}</td><td>{}</td><td>{}</td></tr>\n",
            html(&r.path),
            html(&r.value),
            kind_words(&r.kinds, lang),
            super::sources::note_html(&r.note, &mut cited)
        ));
    }
    out.push_str("</tbody></table>\n");
    out.push_str(&super::sources::list_html(&cited, lang));
    out
}

/// Appendix: every key figure (a run's with intervals; a comparison's per policy).
pub fn appendix(results: &Results, info: Option<&ScenarioInfo>, lang: Lang) -> Option<String> {
    let names = all_in_report_order();
    match results {
        Results::Run(r) => Some(run_table(r, &names, lang)),
        Results::Compare(c) => {
            let all = c.policy_list();
            let mut out = String::new();
            // At most four measures a table, so that it fits the width of an A4 page.
            for policies in all.chunks(4) {
                out.push_str("<table class=\"figures small matrix\"><thead><tr>");
                out.push_str(&format!(
                    "<th>{}</th><th>{}</th><th class=\"num\">{}</th>",
                    tr(lang, "Kennzahl", "Key figure"),
                    tr(lang, "Einheit", "Unit"),
                    html(&arm_label(BASELINE, lang))
                ));
                // Labels break between words: a long one must not widen the table past A4.
                for (name, _) in policies {
                    out.push_str(&format!("<th class=\"num wrap\">{}</th>", html(&display_name(info, name, lang))));
                }
                out.push_str("</tr></thead><tbody>\n");
                for name in &names {
                    let Some(first) = policies.iter().find_map(|(_, p)| p.figure(name)) else { continue };
                    out.push_str(&format!(
                        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td>",
                        html(&figure_texts::label(name, lang)),
                        html(&unit_cell(&first.unit, lang)),
                        html(&figure_value(first.baseline.mean, &first.unit, lang))
                    ));
                    for (_, p) in policies {
                        let v = p.figure(name).and_then(|f| f.policy.mean);
                        out.push_str(&format!("<td class=\"num\">{}</td>", html(&figure_value(v, &first.unit, lang))));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
            out.push_str(&super::team_time::arm_tables(&c.teams, lang));
            Some(out)
        }
        _ => None,
    }
}
