//! The policy comparison: the matrix of changes per key figure and policy, and each
//! policy's changes in words with its effect in sentences.

use super::figure_texts::{self, HEADLINE};
use super::format::{self, html};
use super::param_labels::param_label;
use super::results::{CompareResult, PairedResult, PolicyResult};
use super::scenario_files::lookup;
use super::sections::{display_name, figure_interval, figure_value, labelled, ScenarioInfo};
use super::sentences::{measure, sentence, Sentence, Verdict};
use super::texts::tr;
use super::words::join;
use super::Lang;

/// A policy name for a narrow column head: it may break after its underscores.
fn breakable(name: &str) -> String {
    html(name).replace('_', "_<wbr>")
}

/// A change as a table cell: "−18 %" over its interval, coloured by verdict.
fn change_cell(f: &PairedResult, lang: Lang) -> String {
    let Some(m) = measure(f, lang) else {
        return format!("<td class=\"num unchanged\">{}</td>", tr(lang, "unverändert", "unchanged"));
    };
    let class = verdict_class(m.verdict);
    let main = format!("{}\u{a0}{}", format::signed(m.value, m.decimals, lang), m.short_unit);
    let ci = m.bounds.map_or(String::new(), |(lo, hi)| {
        format!("<br><span class=\"ci\">{}</span>", html(&format::interval_short(lo, hi, m.decimals, lang)))
    });
    format!("<td class=\"num {class}\">{}{ci}</td>", html(&main))
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Better => "better",
        Verdict::Worse => "worse",
        Verdict::Changed => "changed",
        Verdict::NoDifference => "nodiff",
        Verdict::Unchanged => "unchanged",
    }
}

pub(super) fn compare_tables(c: &CompareResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let all = c.policy_list();
    let mut out = format!(
        "<p>{}</p>\n",
        tr(lang, "Links der Status quo (Mittelwert und 95\u{a0}%-KI), rechts die Veränderung durch jede Maßnahme: relativ zum Status quo in Prozent (Anteile in Prozentpunkten, Uhrzeiten in Minuten), darunter das 95\u{a0}%-KI. Grün: belastbar besser, orange: belastbar schlechter, grau: kein belastbarer Unterschied.",
            "On the left the status quo (mean and 95% CI), on the right the change each policy makes: relative to the status quo in per cent (shares in percentage points, clock times in minutes), its 95% CI below. Green: reliably better, orange: reliably worse, grey: no reliable difference."),
    );
    // At most four measures a table, so that it fits the width of an A4 page.
    for policies in all.chunks(4) {
        out.push_str(&matrix(policies, info, lang));
    }
    out
}

/// The key figures' changes for `policies`, one column each, beside the status quo.
fn matrix(policies: &[(String, PolicyResult)], info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let mut out = format!(
        "<div class=\"wide\"><table class=\"figures matrix\"><thead><tr><th>{}</th><th class=\"num\">{}</th>",
        tr(lang, "Kennzahl", "Key figure"),
        tr(lang, "Status quo", "Status quo"),
    );
    for (name, _) in policies {
        out.push_str(&format!("<th class=\"num\">{}</th>", breakable(&display_name(info, name, lang))));
    }
    out.push_str("</tr></thead><tbody>\n");
    for name in HEADLINE {
        let Some(first) = policies.iter().find_map(|(_, p)| p.figure(name)) else { continue };
        // A figure that is zero and stays zero under every policy says nothing here.
        let untouched = policies.iter().all(|(_, p)| p.figure(name).is_none_or(|f| measure(&f, lang).is_none()));
        if untouched && first.baseline.mean.is_none_or(|m| m == 0.0) {
            continue;
        }
        let base = format!(
            "{}<br><span class=\"ci\">{}</span>",
            html(&figure_value(first.baseline.mean, &first.unit, lang)),
            html(&figure_interval(&first.baseline, &first.unit, lang))
        );
        let label = labelled(name, &first.unit, lang);
        out.push_str(&format!("<tr><td>{}</td><td class=\"num\">{base}</td>", html(&label)));
        for (_, p) in policies {
            match p.figure(name) {
                Some(f) => out.push_str(&change_cell(&f, lang)),
                None => out.push_str("<td class=\"num\">–</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// The value at `path` in the baseline, as TOML text.
fn baseline_at(info: Option<&ScenarioInfo>, path: &str) -> Option<String> {
    info.and_then(|i| lookup(&i.document, path)).map(|v| v.to_string())
}

/// "Besetzte Stellen (VZÄ) – general_team: 11 → 14".
fn change_words(change: &str, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let Some((path, new)) = change.split_once('=') else { return change.to_string() };
    let mut label = param_label(path, lang).map_or(path.to_string(), str::to_string);
    // Name the staff group or case type an indexed key belongs to.
    if let Some(first) = path.split('.').next().filter(|f| f.ends_with(']')) {
        if let Some(name) = info.and_then(|i| lookup(&i.document, &format!("{first}.name"))).and_then(|v| v.as_str()) {
            label = format!("{label} \u{2013} {}", display_name(info, name, lang));
        }
    }
    let (old, new) = (baseline_at(info, path).map(|v| named(&v, info, lang)), named(new, info, lang));
    match old {
        Some(old) => format!("{label}: {old} \u{2192} {new}"),
        None => format!("{label}: {new}"),
    }
}

/// A value as written in the scenario with every quoted case type or team name replaced by
/// its label (`group = "general_team"` → `group = „Team allgemeines Ausländerrecht“`).
fn named(value: &str, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let Some(i) = info else { return value.to_string() };
    let names = i.scenario.case_types.iter().map(|c| &c.name).chain(i.scenario.staff.iter().map(|g| &g.name));
    names.fold(value.to_string(), |text, name| {
        text.replace(&format!("\"{name}\""), &format::quoted(&i.display(name, lang), lang))
    })
}

/// The figures of the decision table on the first page: what a committee weighs, one
/// column each (the full matrix follows in the appendix).
const DECISION: [&str; 7] = [
    "portal_next_free_days_mean",
    "booking_attempts_failed",
    "walkin_sent_home_people",
    "backlog_end",
    "decision_within_8w_share",
    "expired_person_days",
    "fb_visits",
];

/// The decision table: one row per measure, one column per decision figure that some
/// measure changes (of `subject`, a case type or team, when given), each cell the change
/// with its interval, coloured better, worse or no clear difference. None when no column
/// is left.
fn decision_table(
    policies: &[(String, PolicyResult)],
    subject: Option<&str>,
    info: Option<&ScenarioInfo>,
    lang: Lang,
) -> Option<String> {
    let name = |f: &str| subject.map_or_else(|| f.to_string(), |s| format!("{f}[{s}]"));
    let columns: Vec<&str> = DECISION
        .iter()
        .copied()
        .filter(|f| policies.iter().any(|(_, p)| p.figure(&name(f)).is_some_and(|r| measure(&r, lang).is_some())))
        .collect();
    if columns.is_empty() {
        return None;
    }
    let mut table = format!(
        "<div class=\"wide\"><table class=\"figures matrix decision\"><thead><tr><th>{}</th>",
        tr(lang, "Maßnahme", "Measure")
    );
    for f in &columns {
        let unit = policies.iter().find_map(|(_, p)| p.figure(&name(f))).map_or(String::new(), |r| r.unit);
        table.push_str(&format!("<th class=\"num\">{}</th>", html(&labelled(f, &unit, lang))));
    }
    table.push_str("</tr></thead><tbody>\n");
    for (policy, p) in policies {
        table.push_str(&format!("<tr><td>{}</td>", breakable(&display_name(info, policy, lang))));
        for f in &columns {
            match p.figure(&name(f)) {
                Some(r) => table.push_str(&change_cell(&r, lang)),
                None => table.push_str("<td class=\"num\">–</td>"),
            }
        }
        table.push_str("</tr>\n");
    }
    table.push_str("</tbody></table></div>\n");
    Some(table)
}

/// The decision table once per case type and team that has the figures: what a measure does
/// for the people of one legal area or the work of one team.
pub(super) fn decision_tables_by_subject(c: &CompareResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let policies = c.policy_list();
    let Some(info) = info else { return String::new() };
    let s = &info.scenario;
    let subjects = s.case_types.iter().map(|t| &t.name).chain(s.staff.iter().map(|g| &g.name));
    let mut out = String::new();
    for subject in subjects {
        if let Some(table) = decision_table(&policies, Some(subject), Some(info), lang) {
            out.push_str(&format!("<h4>{}</h4>\n{table}", html(&info.display(subject, lang))));
        }
    }
    if out.is_empty() {
        return out;
    }
    format!(
        "<h3>{}</h3>\n<p class=\"muted\">{}</p>\n{out}",
        tr(lang, "Entscheidungstabelle je Fallart und Team", "Decision table per case type and team"),
        html(tr(
            lang,
            "Wie die Entscheidungstabelle auf der ersten Seite, für die Menschen einer Fallart und die Arbeit eines Teams; Spalten ohne Wert fehlen.",
            "As the decision table on the first page, for the people of one case type and the work of one team; columns without a value are left out."
        ))
    )
}

/// The answer on the first page: each measure's gains and losses in words, and the decision
/// table (one row per measure, one column per figure that weighs: the change with its
/// interval, coloured better, worse or no clear difference).
pub fn answer(c: &CompareResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let policies = c.policy_list();
    let table = decision_table(&policies, None, info, lang).unwrap_or_default();
    let note = tr(
        lang,
        "Veränderung gegenüber dem Status quo (darunter das 95\u{a0}%-KI). Grün: belastbar besser, orange: belastbar schlechter, grau: kein belastbarer Unterschied. Alle Kennzahlen, auch je Fallart und Team, im Anhang unter „Kennzahlen“.",
        "Change against the status quo (its 95% CI below). Green: reliably better, orange: reliably worse, grey: no reliable difference. All key figures, also per case type and team, in the appendix under “Key figures”.",
    );
    let baseline_warnings: Vec<String> = (c.warnings.get(crate::report::series::BASELINE).and_then(|w| w.as_array()))
        .into_iter()
        .flatten()
        .filter(|w| w["code"] != "few_replications" || c.replications < 5)
        .filter_map(|w| w[if lang == Lang::De { "message_de" } else { "message" }].as_str().map(html))
        .collect();
    let baseline_box = if baseline_warnings.is_empty() {
        String::new()
    } else {
        format!(
            "<div class=\"warnings\"><strong>{}</strong><ul><li>{}</li></ul></div>\n",
            html(tr(lang, "Hinweis zum Status quo", "About the status quo")),
            baseline_warnings.join("</li><li>")
        )
    };
    let pairing = match lang {
        Lang::De => format!("Jede Maßnahme wird mit denselben {} Wiederholungen durchgerechnet wie der Status quo – mit denselben Menschen, Krankheitsfällen und Zufällen –, sodass ein Unterschied auf die Maßnahme zurückgeht und nicht auf den Zufall.", c.replications),
        Lang::En => format!("Each policy is simulated on the same {} replications as the status quo – with the same people, sick days and chances – so that a difference is due to the policy, not to chance.", c.replications),
    };
    format!(
        "{}<h3>{}</h3>\n{table}<p class=\"muted\">{} {}</p>\n{baseline_box}<div class=\"summary\"><h3>{}</h3><ul>\n{}</ul></div>\n",
        in_brief(c, info, lang),
        tr(lang, "Entscheidungstabelle", "Decision table"),
        html(note),
        html(&pairing),
        tr(lang, "Das Wichtigste in Kürze", "In brief"),
        summary_lines(c, info, lang),
    )
}

/// What a measure does to the key figures: its sentences and the reliable gains and losses,
/// largest first.
struct Effect {
    better: Vec<Sentence>,
    worse: Vec<Sentence>,
}

impl Effect {
    fn of(p: &PolicyResult, lang: Lang) -> Effect {
        let sentences: Vec<Sentence> =
            HEADLINE.iter().filter_map(|f| p.figure(f).and_then(|r| sentence(f, &r, lang))).collect();
        let pick = |v: Verdict| {
            let mut found: Vec<Sentence> = sentences.iter().filter(|s| s.verdict == v).cloned().collect();
            found.sort_by(|a, b| b.relative.unwrap_or(0.0).abs().total_cmp(&a.relative.unwrap_or(0.0).abs()));
            found
        };
        Effect { better: pick(Verdict::Better), worse: pick(Verdict::Worse) }
    }
}

/// The answer in two or three sentences: which measures help without a reliable loss, which
/// help at a cost (and what it is), which change nothing or only harm; an overloaded office
/// is named.
fn in_brief(c: &CompareResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let policies = c.policy_list();
    let name = |n: &str| format::quoted(&display_name(info, n, lang), lang);
    let short = |p: &PolicyResult, s: &Sentence| -> Option<String> {
        let m = measure(&p.figure(&s.figure)?, lang)?;
        let value = format::signed(m.value, m.decimals, lang);
        Some(format!("{} {value}\u{a0}{}", figure_texts::label(&s.figure, lang), m.short_unit))
    };
    let (mut clean, mut costly, mut idle, mut harmful) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let overloaded = |arm: &str| c.overloaded(arm);
    let overloaded_now = overloaded(crate::report::series::BASELINE);
    for (n, p) in &policies {
        let mut e = Effect::of(p, lang);
        // The gain named is the largest among the decision table's figures (they weigh most);
        // `better` is sorted by size already, so a stable sort keeps that order within.
        e.better.sort_by_key(|s| !DECISION.contains(&s.figure.as_str()));
        // Overload is named where it changes: a measure that ends it, or one that causes it.
        let overload = match (overloaded_now, overloaded(n)) {
            (true, false) => {
                tr(lang, "; damit ist das Amt nicht mehr überlastet", "; the office is then no longer overloaded")
            }
            (false, true) => tr(lang, "; das Amt ist damit überlastet", "; the office is then overloaded"),
            _ => "",
        };
        match (e.better.is_empty(), e.worse.is_empty()) {
            (false, true) => {
                let gain = e.better.first().and_then(|s| short(p, s)).unwrap_or_default();
                clean.push(format!("{} ({gain}{overload})", name(n)));
            }
            (false, false) => {
                let gain = e.better.first().and_then(|s| short(p, s)).unwrap_or_default();
                let loss = e.worse.first().and_then(|s| short(p, s)).unwrap_or_default();
                let losses = e.worse.len();
                costly.push(match (lang, losses) {
                    (Lang::De, 1) => format!("{} ({gain}; schlechter: {loss}{overload})", name(n)),
                    (Lang::De, _) => {
                        format!("{} ({gain}; {losses} Kennzahlen schlechter, am stärksten {loss}{overload})", name(n))
                    }
                    (Lang::En, 1) => format!("{} ({gain}; worse: {loss}{overload})", name(n)),
                    (Lang::En, _) => format!("{} ({gain}; {losses} key figures worse, most {loss}{overload})", name(n)),
                });
            }
            (true, false) => {
                let loss = e.worse.first().and_then(|s| short(p, s)).unwrap_or_default();
                harmful.push(format!("{} ({loss}{overload})", name(n)));
            }
            (true, true) => idle.push(name(n)),
        }
    }
    let mut sentences = Vec::new();
    let de = lang == Lang::De;
    if overloaded_now {
        let still = policies.iter().filter(|(n, _)| overloaded(n)).count();
        sentences.push(
            match (lang, still == policies.len()) {
                (Lang::De, true) => {
                    "Schon heute ist das Amt überlastet (die wartende Arbeit wächst), und keine Maßnahme beendet das."
                }
                (Lang::En, true) => {
                    "The office is overloaded already (the waiting work grows), and no measure ends that."
                }
                (Lang::De, false) => "Schon heute ist das Amt überlastet (die wartende Arbeit wächst).",
                (Lang::En, false) => "The office is overloaded already (the waiting work grows).",
            }
            .to_string(),
        );
    }
    if !clean.is_empty() {
        sentences.push(if de {
            format!(
                "Ohne belastbaren Nachteil bei einer Kennzahl {} {}.",
                if clean.len() == 1 { "hilft" } else { "helfen" },
                join(&clean, lang)
            )
        } else {
            format!(
                "Without a reliable loss in any key figure, {} {}.",
                join(&clean, lang),
                if clean.len() == 1 { "helps" } else { "help" }
            )
        });
    }
    if !costly.is_empty() {
        sentences.push(if de {
            format!("Mit Nachteilen {} {}.", if costly.len() == 1 { "hilft" } else { "helfen" }, join(&costly, lang))
        } else {
            format!("At a cost, {} {}.", join(&costly, lang), if costly.len() == 1 { "helps" } else { "help" })
        });
    }
    if !harmful.is_empty() {
        sentences.push(if de {
            format!(
                "Nur schlechter {}: {}.",
                if harmful.len() == 1 { "macht es" } else { "machen es" },
                join(&harmful, lang)
            )
        } else {
            format!("Only worse: {}.", join(&harmful, lang))
        });
    }
    if !idle.is_empty() {
        sentences.push(if de {
            format!(
                "Keine belastbare Wirkung {} {}.",
                if idle.len() == 1 { "zeigt" } else { "zeigen" },
                join(&idle, lang)
            )
        } else {
            format!("No reliable effect: {}.", join(&idle, lang))
        });
    }
    format!(
        "<p class=\"answer\"><strong>{}</strong> {}</p>\n",
        html(tr(lang, "Die Antwort:", "The answer:")),
        html(&sentences.join(" "))
    )
}

/// One line per measure: its tally, its largest gain, every reliable loss, its warnings.
fn summary_lines(c: &CompareResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let mut summary = String::new();
    for (name, p) in &c.policy_list() {
        let sentences: Vec<Sentence> =
            HEADLINE.iter().filter_map(|f| p.figure(f).and_then(|r| sentence(f, &r, lang))).collect();
        let count = |v: Verdict| sentences.iter().filter(|s| s.verdict == v).count();
        let (better, worse) = (count(Verdict::Better), count(Verdict::Worse));
        let none = count(Verdict::NoDifference) + count(Verdict::Unchanged) + count(Verdict::Changed);
        let total = better + worse + none;
        let tally = match (lang, total) {
            (Lang::De, 1) => format!("Von 1 Kennzahl: {better} belastbar besser, {worse} schlechter, {none} ohne belastbaren Unterschied"),
            (Lang::De, _) => format!("Von {total} Kennzahlen: {better} belastbar besser, {worse} schlechter, {none} ohne belastbaren Unterschied"),
            (Lang::En, 1) => format!("Of 1 key figure: {better} reliably better, {worse} worse, {none} without a reliable difference"),
            (Lang::En, _) => format!("Of {total} key figures: {better} reliably better, {worse} worse, {none} without a reliable difference"),
        };
        // Gains and losses alike: the largest gain, and every reliable loss (largest first),
        // so that a measure is never summed up by what it improves alone.
        let by_size = |v: Verdict| {
            let mut found: Vec<&Sentence> = sentences.iter().filter(|s| s.verdict == v).collect();
            found.sort_by(|a, b| b.relative.unwrap_or(0.0).abs().total_cmp(&a.relative.unwrap_or(0.0).abs()));
            found
        };
        // In short: the figure and its change with the interval ("Rückstau +5,9 % (2,4–9,4 %)").
        let short = |s: &Sentence| {
            let f = p.figure(&s.figure)?;
            let m = measure(&f, lang)?;
            let ci = m
                .bounds
                .map_or(String::new(), |(lo, hi)| format!(" ({})", format::interval_short(lo, hi, m.decimals, lang)));
            let value = format::signed(m.value, m.decimals, lang);
            Some(format!("{} {value}\u{a0}{}{ci}", figure_texts::label(&s.figure, lang), m.short_unit))
        };
        summary.push_str(&format!("<li><strong>{}</strong>: {}.", html(&display_name(info, name, lang)), html(&tally)));
        let gains: Vec<String> = by_size(Verdict::Better).into_iter().take(2).filter_map(short).collect();
        if !gains.is_empty() {
            summary.push_str(&format!(" {} {}.", tr(lang, "Besser:", "Better:"), html(&gains.join("; "))));
        }
        // Every reliable loss, not only the largest.
        let losses: Vec<String> = by_size(Verdict::Worse).into_iter().filter_map(short).collect();
        if !losses.is_empty() {
            summary.push_str(&format!(
                " <span class=\"loss\">{} {}.</span>",
                tr(lang, "Dafür schlechter:", "At a cost:"),
                html(&losses.join("; "))
            ));
        }
        // What it costs a year more (or saves): a price beside the effects, no verdict.
        if let Some(m) = p.figure("cost_per_year").and_then(|f| measure(&f, lang)) {
            let ci =
                m.bounds.map_or(String::new(), |(lo, hi)| format!(" ({})", format::interval_short(lo, hi, 0, lang)));
            let value = format!("{}\u{a0}{}{ci}", format::signed(m.value, 0, lang), m.short_unit);
            summary.push_str(&format!(" {} {}.", tr(lang, "Kosten:", "Cost:"), html(&value)));
        }
        // Ending the status quo's overload is a gain of its own.
        if c.overloaded(crate::report::series::BASELINE) && !c.overloaded(name) {
            summary.push_str(&format!(
                " <span class=\"gain\">{}</span>",
                tr(lang, "Damit ist das Amt nicht mehr überlastet.", "The office is then no longer overloaded.")
            ));
        }
        // The arm's warnings that the status quo does not have already (those stand above).
        let codes = |arm: &str| -> Vec<serde_json::Value> {
            c.warnings.get(arm).and_then(|w| w.as_array()).cloned().unwrap_or_default()
        };
        let baseline: Vec<serde_json::Value> =
            codes(crate::report::series::BASELINE).iter().map(|w| w["code"].clone()).collect();
        let own: Vec<String> = (codes(name).iter())
            .filter(|w| w["code"] != "few_replications" && !baseline.contains(&w["code"]))
            .filter_map(|w| w[if lang == Lang::De { "message_de" } else { "message" }].as_str().map(html))
            .collect();
        if !own.is_empty() {
            summary.push_str(&format!(" \u{26a0} {}", own.join(" ")));
        }
        summary.push_str("</li>\n");
    }
    summary
}

/// Section 4 (comparisons only): each policy's changes and their effect in sentences.
pub fn comparison(c: &CompareResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let policies = c.policy_list();
    let mut details = String::new();
    for (name, p) in &policies {
        let sentences: Vec<Sentence> =
            HEADLINE.iter().filter_map(|f| p.figure(f).and_then(|r| sentence(f, &r, lang))).collect();
        details.push_str(&format!(
            "<div class=\"policy\">\n<h3>{} {}</h3>\n",
            tr(lang, "Maßnahme", "Policy"),
            html(&format::quoted(&display_name(info, name, lang), lang))
        ));
        let changes: Vec<String> = p.changes.iter().map(|ch| change_words(ch, info, lang)).collect();
        details.push_str(&format!(
            "<p class=\"changes\"><span class=\"muted\">{}</span> {}</p>\n",
            tr(lang, "Änderung:", "Change:"),
            html(&changes.join("; "))
        ));
        let description = info.and_then(|i| i.policy_description(name, lang)).unwrap_or_else(|| p.description.clone());
        if !description.is_empty() {
            details.push_str(&format!(
                "<p class=\"muted\">{} {}</p>\n",
                tr(lang, "Beschreibung in der Szenariodatei:", "Description in the scenario file:"),
                html(&description)
            ));
        }
        details.push_str("<ul class=\"sentences\">\n");
        let mut ordered: Vec<&Sentence> = sentences.iter().filter(|s| s.verdict != Verdict::Unchanged).collect();
        ordered.sort_by_key(|s| matches!(s.verdict, Verdict::NoDifference));
        for s in ordered {
            let tag = match s.verdict {
                Verdict::Better => tr(lang, "besser", "better"),
                Verdict::Worse => tr(lang, "schlechter", "worse"),
                Verdict::Changed => tr(lang, "verändert", "changed"),
                _ => tr(lang, "kein Unterschied", "no difference"),
            };
            details.push_str(&format!(
                "<li class=\"{}\"><span class=\"tag\">{tag}</span> {}</li>\n",
                verdict_class(s.verdict),
                html(&s.text)
            ));
        }
        let unchanged: Vec<String> = sentences
            .iter()
            .filter(|s| s.verdict == Verdict::Unchanged)
            .map(|s| figure_texts::label(&s.figure, lang))
            .collect();
        if !unchanged.is_empty() {
            details.push_str(&format!(
                "<li class=\"unchanged\"><span class=\"tag\">{}</span> {}</li>\n",
                tr(lang, "unverändert", "unchanged"),
                html(&unchanged.join(", "))
            ));
        }
        details.push_str("</ul>\n</div>\n");
    }
    details
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A figure of one policy: the baseline mean, and the paired difference with its interval.
    fn figure(unit: &str, better: &str, base: f64, diff: (f64, f64, f64)) -> serde_json::Value {
        serde_json::json!({
            "unit": unit, "better": better, "replications": 20,
            "baseline": { "mean": base, "ci95_low": base, "ci95_high": base },
            "policy": { "mean": base + diff.0, "ci95_low": null, "ci95_high": null },
            "diff": { "mean": diff.0, "ci95_low": diff.1, "ci95_high": diff.2 },
            "diff_ci_contains_zero": diff.1 <= 0.0 && diff.2 >= 0.0,
            "p_better": null
        })
    }

    #[test]
    fn the_summary_names_a_measures_losses_with_its_gains_and_its_warnings() {
        // Failed bookings fall by 83 %, while the backlog triples and certificate visits grow
        // sevenfold: the summary must say all three, and the overload.
        let c: CompareResult = serde_json::from_value(serde_json::json!({
            "amtsim_version": "test",
            "scenario": { "name": "s", "file": "s.toml", "file_sha256": "" },
            "seed": 1,
            "replications": 20,
            "policies": { "more_counter_days": { "figures": {
                "booking_attempts_failed": figure("attempts", "lower", 10_000.0, (-8_300.0, -8_600.0, -8_000.0)),
                "backlog_end": figure("applications", "lower", 600.0, (1_770.0, 1_500.0, 2_000.0)),
                "fb_visits": figure("visits", "lower", 200.0, (1_380.0, 1_200.0, 1_560.0))
            } } },
            "warnings": { "more_counter_days": [
                { "code": "overload", "message": "the office is overloaded", "remedy": "",
                  "message_de": "Das Amt ist überlastet", "remedy_de": "", "figures": [] }
            ] }
        }))
        .unwrap();
        let de = answer(&c, None, Lang::De);
        let summary = &de[de.find("Das Wichtigste").unwrap()..];
        assert!(summary.contains("Von 3 Kennzahlen: 1 belastbar besser, 2 schlechter"), "{summary}");
        assert!(summary.contains("Besser:") && summary.contains("\u{2212}83"), "{summary}");
        assert!(summary.contains("Dafür schlechter:"), "{summary}");
        assert!(summary.contains("Rückstau") && summary.contains("+295"), "the backlog's rise: {summary}");
        assert!(summary.contains("Fiktionsbescheinigungen") && summary.contains("+690"), "{summary}");
        assert!(summary.contains("Das Amt ist überlastet"), "{summary}");
        let en = answer(&c, None, Lang::En);
        assert!(en.contains("At a cost:") && en.contains("the office is overloaded"), "{en}");
        // The decision table has the measure's row with both directions in it.
        let table = &de[de.find("<table").unwrap()..];
        assert!(table.contains("<td>more_<wbr>counter_<wbr>days</td>"), "{table}");
        assert!(table.contains("class=\"num better\"") && table.contains("class=\"num worse\""), "{table}");
    }
}
