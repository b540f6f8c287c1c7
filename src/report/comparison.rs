//! The policy comparison: the matrix of changes per key figure and policy, and each
//! policy's changes in words with its effect in sentences.

use super::figure_texts::{self, HEADLINE};
use super::format::{self, html};
use super::param_labels::param_label;
use super::results::{CompareResult, PairedResult};
use super::scenario_files::lookup;
use super::sections::{figure_interval, figure_value, labelled, ScenarioInfo};
use super::sentences::{measure, sentence, Sentence, Verdict};
use super::texts::tr;
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

pub(super) fn compare_tables(c: &CompareResult, lang: Lang) -> String {
    let policies = c.policy_list();
    let mut out = format!(
        "<p>{}</p>\n<div class=\"wide\"><table class=\"figures matrix\"><thead><tr><th>{}</th><th class=\"num\">{}</th>",
        tr(lang, "Links der Status quo (Mittelwert und 95\u{a0}%-KI), rechts die Veränderung durch jede Maßnahme: relativ zum Status quo in Prozent (Anteile in Prozentpunkten, Uhrzeiten in Minuten), darunter das 95\u{a0}%-KI. Grün: belastbar besser, orange: belastbar schlechter, grau: kein belastbarer Unterschied.",
            "On the left the status quo (mean and 95% CI), on the right the change each policy makes: relative to the status quo in per cent (shares in percentage points, clock times in minutes), its 95% CI below. Green: reliably better, orange: reliably worse, grey: no reliable difference."),
        tr(lang, "Kennzahl", "Key figure"),
        tr(lang, "Status quo", "Status quo"),
    );
    for (name, _) in &policies {
        out.push_str(&format!("<th class=\"num\">{}</th>", breakable(name)));
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
        for (_, p) in &policies {
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
            label = format!("{label} \u{2013} {name}");
        }
    }
    match baseline_at(info, path) {
        Some(old) => format!("{label}: {old} \u{2192} {new}"),
        None => format!("{label}: {new}"),
    }
}

/// Section 4 (comparisons only): each policy's changes and their effect in sentences.
pub fn comparison(c: &CompareResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let policies = c.policy_list();
    let mut summary = String::new();
    let mut details = String::new();
    for (name, p) in &policies {
        let sentences: Vec<Sentence> =
            HEADLINE.iter().filter_map(|f| p.figure(f).and_then(|r| sentence(f, &r, lang))).collect();
        let count = |v: Verdict| sentences.iter().filter(|s| s.verdict == v).count();
        let (better, worse) = (count(Verdict::Better), count(Verdict::Worse));
        let none = count(Verdict::NoDifference) + count(Verdict::Unchanged) + count(Verdict::Changed);
        let tally = match lang {
            Lang::De => {
                format!("{better} Kennzahlen belastbar besser, {worse} schlechter, {none} ohne belastbaren Unterschied")
            }
            Lang::En => {
                format!("{better} key figures reliably better, {worse} worse, {none} without a reliable difference")
            }
        };
        let strongest = sentences
            .iter()
            .filter(|s| s.verdict == Verdict::Better)
            .max_by(|a, b| a.relative.unwrap_or(0.0).abs().total_cmp(&b.relative.unwrap_or(0.0).abs()));
        summary.push_str(&format!("<li><strong>{}</strong>: {}.", html(name), html(&tally)));
        if let Some(s) = strongest {
            summary.push_str(&format!(" {} {}", tr(lang, "Am deutlichsten:", "Most of all:"), html(&s.text)));
        }
        summary.push_str("</li>\n");

        details.push_str(&format!(
            "<div class=\"policy\">\n<h3>{} {}</h3>\n",
            tr(lang, "Maßnahme", "Policy"),
            html(&format::quoted(name, lang))
        ));
        let changes: Vec<String> = p.changes.iter().map(|ch| change_words(ch, info, lang)).collect();
        details.push_str(&format!(
            "<p class=\"changes\"><span class=\"muted\">{}</span> {}</p>\n",
            tr(lang, "Änderung:", "Change:"),
            html(&changes.join("; "))
        ));
        if !p.description.is_empty() {
            details.push_str(&format!(
                "<p class=\"muted\">{} {}</p>\n",
                tr(lang, "Beschreibung in der Szenariodatei:", "Description in the scenario file:"),
                html(&p.description)
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
    format!(
        "<div class=\"summary\"><h3>{}</h3><ul>\n{summary}</ul></div>\n{details}",
        tr(lang, "Das Wichtigste in Kürze", "In brief")
    )
}
