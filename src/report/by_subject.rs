//! The report's table of key figures per team and case type (summary.json's
//! `figures_by_subject`, `FIGURE[NAME]`): where the office-wide figures come from.

use super::format::{html, number, share};
use super::sections::{display_name, ScenarioInfo};
use super::texts::tr;
use super::Lang;
use serde_json::{Map, Value};

/// The columns: a figure, its heading, and whether it is a share.
const COLUMNS: [(&str, (&str, &str), bool); 6] = [
    ("portal_next_free_days_mean", ("Nächster freier Termin (Tage)", "Next free slot (days)"), false),
    ("appointment_within_4w_share", ("Termin binnen 4 Wochen", "Appointment within 4 weeks"), true),
    ("decision_within_8w_share", ("Entschieden binnen 8 Wochen", "Decided within 8 weeks"), true),
    ("backlog_end", ("Unentschieden am Ende", "Undecided at the end"), false),
    ("pending_over_3_months_end", ("Über 3 Monate unentschieden", "Undecided over 3 months"), false),
    ("expired_person_days", ("Tage ohne gültiges Dokument", "Days without a valid document"), false),
];

/// The table with its heading, or nothing when the file has no such figures.
pub fn subject_table(by_subject: &Map<String, Value>, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let mut rows: Vec<(String, String)> = Vec::new();
    for v in by_subject.values() {
        let (Some(name), Some(kind)) = (v["subject"].as_str(), v["kind"].as_str()) else { continue };
        if !rows.iter().any(|(n, k)| n == name && k == kind) {
            rows.push((name.to_string(), kind.to_string()));
        }
    }
    let mean =
        |figure: &str, subject: &str| by_subject.get(&format!("{figure}[{subject}]")).and_then(|v| v["mean"].as_f64());
    rows.retain(|(name, _)| COLUMNS.iter().any(|(f, _, _)| mean(f, name).is_some()));
    if rows.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<h3>{}</h3>\n<p>{}</p>\n<table class=\"matrix\"><thead><tr><th>{}</th><th>{}</th>",
        html(tr(lang, "Kennzahlen je Team und Fallart", "Key figures per team and case type")),
        html(tr(
            lang,
            "Dieselben Definitionen wie oben, über die Fallarten eines Teams (ein Team: alle Fallarten, die seine Mitarbeitenden bearbeiten). Mittelwerte über die Wiederholungen; die Intervalle stehen in summary.json unter figures_by_subject, adressierbar als KENNZAHL[NAME].",
            "The same definitions as above, over the case types of a team (a team: every case type its staff work on). Means over the replications; the intervals are in summary.json under figures_by_subject, addressable as FIGURE[NAME]."
        )),
        html(tr(lang, "Team oder Fallart", "Team or case type")),
        html(tr(lang, "Art", "Kind")),
    );
    for (_, (de, en), _) in COLUMNS {
        out.push_str(&format!("<th class=\"num\">{}</th>", html(tr(lang, de, en))));
    }
    out.push_str("</tr></thead><tbody>\n");
    for (name, kind) in &rows {
        let kind_label = if kind == "team" { tr(lang, "Team", "team") } else { tr(lang, "Fallart", "case type") };
        let shown = display_name(info, name, lang);
        out.push_str(&format!("<tr><td>{}</td><td>{}</td>", html(&shown), html(kind_label)));
        for (figure, _, is_share) in COLUMNS {
            let cell = match mean(figure, name) {
                None => "–".to_string(),
                Some(x) if is_share => share(Some(x), lang),
                Some(x) => number(x, if x.abs() < 100.0 { 1 } else { 0 }, lang),
            };
            out.push_str(&format!("<td class=\"num\">{}</td>", html(&cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}
