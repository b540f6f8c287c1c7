//! The report of a selection (`amtsim select`): the question (the candidates, the figure, the
//! indifference zone and the guaranteed probability), the answer on the first page (the
//! chosen candidate, or that none was chosen within the replications allowed), and a table of
//! every candidate with its mean, interval and when it was eliminated. The chart of the
//! candidates' means is drawn in `plots`.

use super::figure_texts;
use super::format::{self, html};
use super::results::SelectResult;
use super::sections::{figure_value, ScenarioInfo};
use super::texts::tr;
use super::Lang;

/// The name people read for a candidate: the status quo, a policy's label, or a mix as named.
pub fn candidate_label(name: &str, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    match (name, info) {
        ("baseline", _) => tr(lang, "Status quo", "Status quo").to_string(),
        (_, Some(i)) => i.display(name, lang),
        (_, None) => name.to_string(),
    }
}

pub fn question(s: &SelectResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let names: Vec<String> = s.candidates.iter().map(|c| candidate_label(&c.name, info, lang)).collect();
    let figure = figure_texts::label(&s.figure.name, lang);
    let better = match (lang, s.figure.goal.as_str()) {
        (Lang::De, "min") => "am kleinsten",
        (Lang::De, _) => "am größten",
        (Lang::En, "min") => "lowest",
        (Lang::En, _) => "highest",
    };
    let delta = figure_value(Some(s.indifference), &s.figure.unit, lang);
    let pcs = format::number(100.0 * s.pcs, 0, lang);
    match lang {
        Lang::De => format!("Bei welcher der Möglichkeiten {} ist „{figure}“ {better}? Die Antwort soll mit einer Wahrscheinlichkeit von mindestens {pcs}\u{a0}% richtig sein, wenn die Beste um mindestens {delta} besser ist als die Zweitbeste (Unterschiede darunter gelten als unerheblich). Das Verfahren von Kim und Nelson fügt Wiederholungen hinzu, bis es entscheiden kann, und scheidet unterwegs aus, was sicher schlechter ist.", names.join(", ")),
        Lang::En => format!("Which of {} has the {better} “{figure}”? The answer is to be right with probability at least {pcs}% whenever the best is better than the runner-up by at least {delta} (smaller differences are taken not to matter). Kim and Nelson's procedure adds replications until it can decide, and drops on the way whatever is surely worse.", names.join(", ")),
    }
}

/// The first page's answer.
pub fn answer(s: &SelectResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let head = html(tr(lang, "Die Antwort:", "The answer:"));
    let figure = figure_texts::label(&s.figure.name, lang);
    let pcs = format::number(100.0 * s.pcs, 0, lang);
    let text = match s.candidates.iter().find(|c| c.chosen) {
        Some(c) => {
            let name = candidate_label(&c.name, info, lang);
            let mean = figure_value(c.mean, &s.figure.unit, lang);
            let delta = figure_value(Some(s.indifference), &s.figure.unit, lang);
            match lang {
                Lang::De => format!("„{name}“ – mit einer Wahrscheinlichkeit von mindestens {pcs}\u{a0}% die beste Möglichkeit bei „{figure}“ oder höchstens {delta} von der besten entfernt (Mittel {mean} über {} Wiederholungen). Das Verfahren brauchte {} Wiederholungen insgesamt.", c.replications, s.replications_used),
                Lang::En => format!("“{name}”: with probability at least {pcs}% the best on “{figure}”, or within {delta} of the best (mean {mean} over {} replications). The procedure needed {} replications in all.", c.replications, s.replications_used),
            }
        }
        None => {
            let left: Vec<String> = (s.candidates.iter())
                .filter(|c| c.eliminated_after.is_none())
                .map(|c| candidate_label(&c.name, info, lang))
                .collect();
            match lang {
                Lang::De => format!("Nach {} Wiederholungen je Möglichkeit ist noch nicht entschieden: {} liegen zu nah beieinander, um sie bei dieser Streuung zu unterscheiden. Mehr Wiederholungen zulassen oder einen größeren unerheblichen Unterschied wählen.", s.max_replications, left.join(", ")),
                Lang::En => format!("Not decided after {} replications per candidate: {} are too close to tell apart with this much noise. Allow more replications, or accept a larger difference as not mattering.", s.max_replications, left.join(", ")),
            }
        }
    };
    format!("<div class=\"answer\">\n<p><strong>{head}</strong> {}</p>\n</div>\n", html(&text))
}

/// Every candidate: its mean and interval over the replications the procedure used, and
/// when it was eliminated.
pub fn table(s: &SelectResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let mut out = format!(
        "<h3>{}</h3>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        html(tr(lang, "Die Möglichkeiten", "The candidates")),
        html(tr(lang, "Möglichkeit", "Candidate")),
        html(&figure_texts::label(&s.figure.name, lang)),
        html(tr(lang, "Wiederholungen", "Replications")),
        html(tr(lang, "Ergebnis", "Outcome")),
    );
    for c in &s.candidates {
        let value = match (c.ci95_low, c.ci95_high) {
            (Some(lo), Some(hi)) => format!(
                "{} ({} {}–{})",
                figure_value(c.mean, &s.figure.unit, lang),
                tr(lang, "95-%-KI", "95% CI"),
                figure_value(Some(lo), &s.figure.unit, lang),
                figure_value(Some(hi), &s.figure.unit, lang)
            ),
            _ => figure_value(c.mean, &s.figure.unit, lang),
        };
        let outcome = match (c.chosen, c.eliminated_after) {
            (true, _) => tr(lang, "gewählt", "chosen").to_string(),
            (false, Some(n)) => match lang {
                Lang::De => format!("ausgeschieden nach {n} Wiederholungen"),
                Lang::En => format!("eliminated after {n} replications"),
            },
            (false, None) => tr(lang, "noch im Rennen", "still in").to_string(),
        };
        let class = if c.chosen { " class=\"better\"" } else { "" };
        out.push_str(&format!(
            "<tr{class}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            html(&candidate_label(&c.name, info, lang)),
            html(&value),
            c.replications,
            html(&outcome)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}
