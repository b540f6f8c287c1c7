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
        summary.push_str(&format!("<li><strong>{}</strong>: {}.", html(name), html(&tally)));
        if let Some(s) = by_size(Verdict::Better).first() {
            summary.push_str(&format!(
                " {} {}",
                tr(lang, "Am deutlichsten besser:", "Most of all better:"),
                html(&s.text)
            ));
        }
        let losses = by_size(Verdict::Worse);
        if !losses.is_empty() {
            let texts: Vec<String> = losses.iter().map(|s| html(&s.text)).collect();
            summary.push_str(&format!(
                " <span class=\"loss\">{} {}</span>",
                tr(lang, "Dafür schlechter:", "At a cost:"),
                texts.join(" ")
            ));
        }
        if let Some(warnings) = c.warnings.get(name.as_str()).and_then(|w| w.as_array()).filter(|w| !w.is_empty()) {
            let serious: Vec<String> = (warnings.iter())
                .filter(|w| w["code"] != "few_replications")
                .filter_map(|w| w[if lang == Lang::De { "message_de" } else { "message" }].as_str().map(html))
                .collect();
            if !serious.is_empty() {
                summary.push_str(&format!(" \u{26a0} {}", serious.join(" ")));
            }
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
        let de = comparison(&c, None, Lang::De);
        let summary = &de[..de.find("</ul></div>").unwrap()];
        assert!(summary.contains("Von 3 Kennzahlen: 1 belastbar besser, 2 schlechter"), "{summary}");
        assert!(summary.contains("Am deutlichsten besser:") && summary.contains("83"), "{summary}");
        assert!(summary.contains("Dafür schlechter:"), "{summary}");
        assert!(summary.contains("Rückstau") && summary.contains("295"), "the backlog's rise: {summary}");
        assert!(summary.contains("Fiktionsbescheinigungen") && summary.contains("690"), "{summary}");
        assert!(summary.contains("Das Amt ist überlastet"), "{summary}");
        let en = comparison(&c, None, Lang::En);
        assert!(en.contains("At a cost:") && en.contains("the office is overloaded"), "{en}");
    }
}
