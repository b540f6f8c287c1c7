//! The report's table of each team's year: its working time by contract and at work, and
//! where the time at work went (counter service, idle counter time, back office), with the
//! staffing formula's FTE beside the filled ones (summary.json's `teams`).

use super::format::{html, number};
use super::plots::arm_label;
use super::results::TeamRecord;
use super::sections::{display_name, ScenarioInfo};
use super::texts::tr;
use super::Lang;

/// The table with its heading and explanation, or nothing for a result without teams
/// (files of older versions).
pub fn team_table(teams: &[TeamRecord], info: Option<&ScenarioInfo>, lang: Lang) -> String {
    if teams.is_empty() {
        return String::new();
    }
    heading(lang) + &table(teams, &|name| display_name(info, name, lang), lang)
}

/// One table per arm of a comparison (compare.json's `teams`: arm name to team records),
/// each under the arm's name, so that a measure's moving of time between teams and between
/// counter and files can be read off.
pub fn arm_tables(arms: &serde_json::Map<String, serde_json::Value>, lang: Lang) -> String {
    let parsed: Vec<(&String, Vec<TeamRecord>)> = arms
        .iter()
        .filter_map(|(arm, v)| serde_json::from_value::<Vec<TeamRecord>>(v.clone()).ok().map(|t| (arm, t)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    if parsed.is_empty() {
        return String::new();
    }
    let mut out = heading(lang);
    for (arm, teams) in parsed {
        out.push_str(&format!("<h4>{}</h4>\n", html(&arm_label(arm, lang))));
        out.push_str(&table(&teams, &|name| name.to_string(), lang));
    }
    out
}

fn heading(lang: Lang) -> String {
    format!(
        "<h3>{}</h3>\n<p>{}</p>\n",
        html(tr(lang, "Arbeitszeit je Team und Jahr", "Working time per team and year")),
        html(tr(
            lang,
            "Vertragliche Stunden = geleistete Stunden + Abwesenheit (Feiertage, Urlaub, Fortbildung, Krankheit). Von den geleisteten Stunden gehen Bedienung und Leerlauf am Schalter (niemand kam) ab; was bleibt, ist Aktenzeit, dazu ein Teil des Leerlaufs (idle_counter_efficiency), abzüglich Einarbeitung. Die Bemessungsformel teilt die geleistete Fallarbeit (zuzüglich Verteilzeit) durch die Jahresnettoarbeitszeit einer Vollzeitkraft; Warteschlangen, Schwankungen und liegengebliebene Arbeit sieht sie nicht.",
            "Contract hours = hours at work + absence (holidays, vacation, training, sickness). Serving and idle time at the counter (nobody came) come off the hours at work; the rest is time for files, plus a share of the idle time (idle_counter_efficiency), less onboarding. The staffing formula divides the case work done (plus distributed time) by the net yearly working time of one full-time person; it does not see queues, variability or work left undone."
        ))
    )
}

/// `shown(name)`: the team's name as the table shows it (its label, or the identifier).
fn table(teams: &[TeamRecord], shown: &dyn Fn(&str) -> String, lang: Lang) -> String {
    let heads = [
        tr(lang, "Team", "Team"),
        tr(lang, "Stellen", "Positions"),
        tr(lang, "Besetzt (VZÄ)", "Filled (FTE)"),
        tr(lang, "Vertrag (Std.)", "Contract (h)"),
        tr(lang, "Geleistet (Std.)", "At work (h)"),
        tr(lang, "Bedienung (Std.)", "Serving (h)"),
        tr(lang, "Leerlauf (Std.)", "Idle (h)"),
        tr(lang, "Akten (Std.)", "Files (h)"),
        tr(lang, "Überstunden", "Overtime (h)"),
        tr(lang, "Formelbedarf (VZÄ)", "Formula (FTE)"),
    ];
    let mut out = String::from("<table class=\"matrix\"><thead><tr>");
    for (i, h) in heads.iter().enumerate() {
        let class = if i == 0 { "" } else { " class=\"num\"" };
        out.push_str(&format!("<th{class}>{}</th>", html(h)));
    }
    out.push_str("</tr></thead><tbody>\n");
    let n = |x: Option<f64>, d: usize| x.map_or("–".to_string(), |x| number(x, d, lang));
    for t in teams {
        let cells = [
            n(t.positions_fte, 1),
            n(t.employed_fte, 1),
            n(t.contract_hours, 0),
            n(t.worked_hours, 0),
            n(t.service_hours, 0),
            n(t.counter_idle_hours, 0),
            n(t.backoffice_hours, 0),
            n(t.overtime_hours, 0),
            n(t.formula.need_fte, 1),
        ];
        out.push_str(&format!("<tr><td>{}</td>", html(&shown(&t.name))));
        for c in cells {
            out.push_str(&format!("<td class=\"num\">{}</td>", html(&c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}
