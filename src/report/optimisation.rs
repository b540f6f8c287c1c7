//! The report of an optimisation: the question (levers, objective, targets), the answer on the
//! first page (the recommended mix, what it costs, how likely it meets each target, or that
//! no mix does), and a table of the Pareto front. The front chart is drawn in `plots`.

use super::figure_texts;
use super::format::{self, html};
use super::param_labels::param_label;
use super::results::{CandidateRecord, Est, OptimiseResult};
use super::sections::{display_name, figure_value, ScenarioInfo};
use super::texts::tr;
use super::Lang;

/// A lever as people read it: a key's label with the key, linked keys by the last one's label
/// (posts created and filled: "Positions filled"), a policy switch by the policy's label.
fn lever_label(path: &str, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    if let Some(policy) = path.strip_prefix("policies.") {
        let name = display_name(info, policy, lang);
        return match lang {
            Lang::De => format!("Maßnahme „{name}“"),
            Lang::En => format!("Measure “{name}”"),
        };
    }
    let last = path.rsplit('+').next().unwrap_or(path).trim();
    match param_label(last, lang) {
        Some(label) => format!("{label} ({path})"),
        None => path.to_string(),
    }
}

/// A lever's value as people read it: a policy switch on or off.
fn lever_value(path: &str, value: &str, lang: Lang) -> String {
    match (path.starts_with("policies."), value) {
        (true, "true") => tr(lang, "ja", "yes").to_string(),
        (true, "false") => tr(lang, "nein", "no").to_string(),
        _ => value.to_string(),
    }
}

/// "Positions filled (staff[0].filled_fte) = 20, …".
pub fn settings_text(c: &CandidateRecord, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let parts: Vec<String> = (c.settings.iter())
        .map(|(path, v)| {
            let value = v.as_str().map_or(v.to_string(), str::to_string);
            format!("{} = {}", lever_label(path, info, lang), lever_value(path, &value, lang))
        })
        .collect();
    parts.join("; ")
}

fn value_with_interval(e: &Est, unit: &str, lang: Lang) -> String {
    let ci = tr(lang, "95-%-KI", "95% CI");
    match (e.ci95_low, e.ci95_high) {
        (Some(lo), Some(hi)) => format!(
            "{} ({ci} {}–{})",
            figure_value(e.mean, unit, lang),
            figure_value(Some(lo), unit, lang),
            figure_value(Some(hi), unit, lang)
        ),
        _ => figure_value(e.mean, unit, lang),
    }
}

pub fn question(o: &OptimiseResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let values = |l: &super::results::LeverRecord| -> Vec<String> {
        l.values.iter().map(|v| lever_value(&l.path, v, lang)).collect()
    };
    let levers: Vec<String> =
        o.levers.iter().map(|l| format!("{} ({})", lever_label(&l.path, info, lang), values(l).join(", "))).collect();
    let objective = figure_texts::label(&o.objective.name, lang);
    let verb = match (lang, o.objective.goal.as_str()) {
        (Lang::De, "min") => "am kleinsten",
        (Lang::De, _) => "am größten",
        (Lang::En, "min") => "lowest",
        (Lang::En, _) => "highest",
    };
    let targets = if o.targets.is_empty() { "–".to_string() } else { o.targets.join("; ") };
    let studied = match (o.search.as_str(), lang) {
        ("local", Lang::De) => format!(
            "{} der {} Kombinationen (eine lokale Suche von zufälligen Startpunkten aus über die Nachbarn der besten)",
            o.candidates_evaluated, o.candidates_count
        ),
        ("local", Lang::En) => format!(
            "{} of the {} combinations (a local search from random starting points through the neighbours of the best)",
            o.candidates_evaluated, o.candidates_count
        ),
        (_, Lang::De) => format!("{} Kombinationen", o.candidates_count),
        (_, Lang::En) => format!("{} combinations", o.candidates_count),
    };
    match lang {
        Lang::De => format!("Welche Kombination der Stellschrauben {} erreicht alle Ziele ({targets}) mit 95\u{a0}% Sicherheit, und bei welcher ist „{objective}“ {verb}? Untersucht werden {studied}; jede mit mindestens {} und höchstens {} Wiederholungen, mehr nur dort, wo sie über die Antwort entscheiden ({} Läufe statt {}).", levers.join(", "), o.first_stage, o.max_replications, o.replications, o.brute_force_replications),
        Lang::En => format!("Which combination of the levers {} meets every target ({targets}) with 95% confidence, and which of those has the {verb} “{objective}”? {studied} are studied, each with at least {} and at most {} replications, more only where they decide the answer ({} runs instead of {}).", levers.join(", "), o.first_stage, o.max_replications, o.replications, o.brute_force_replications),
    }
}

/// The first page's answer.
pub fn answer(o: &OptimiseResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let head = html(tr(lang, "Die Antwort:", "The answer:"));
    let Some(c) = &o.recommended else {
        let text = if o.search == "local" {
            tr(lang, "Keine der von der lokalen Suche untersuchten Kombinationen erreicht alle Ziele mit 95\u{a0}% Sicherheit ohne Überlastung. Eine Kombination fern von allen untersuchten könnte es noch; engere Spannen der Stellschrauben (bis 2.000 Kombinationen werden alle untersucht) klären es.", "None of the combinations the local search studied meets every target with 95% confidence without overload. A combination far from all of those might; narrower lever ranges (up to 2,000 combinations are all studied) settle it.")
        } else {
            tr(lang, "Keine der untersuchten Kombinationen erreicht alle Ziele mit 95\u{a0}% Sicherheit ohne Überlastung: mit diesen Stellschrauben in diesen Spannen sind die Ziele nicht erreichbar. Die Spannen erweitern, andere Maßnahmen prüfen oder ein Ziel lockern.", "None of the combinations studied meets every target with 95% confidence without overload: with these levers over these ranges the targets cannot be reached. Widen the ranges, study other measures, or relax a target.")
        };
        return format!("<div class=\"answer\">\n<p><strong>{head}</strong> {}</p>\n</div>\n", html(text));
    };
    let objective = figure_texts::label(&o.objective.name, lang);
    let mut out = format!(
        "<div class=\"answer\">\n<p><strong>{head}</strong> {}</p>\n<p>{}: {}</p>\n<ul>\n",
        html(&settings_text(c, info, lang)),
        html(&objective),
        html(&value_with_interval(&c.objective, &o.objective.unit, lang)),
    );
    if let (Some(second), Some(value)) = (&o.front_objective, &c.front_figure) {
        out.push_str(&format!(
            "<p>{}: {}</p>\n",
            html(&figure_texts::label(&second.name, lang)),
            html(&value_with_interval(value, &second.unit, lang))
        ));
        if o.indifference > 0.0 {
            let d = figure_value(Some(o.indifference), &o.objective.unit, lang);
            let second = figure_texts::label(&second.name, lang);
            let note = match lang {
                Lang::De => format!("Unterschiede bei „{objective}“ unter {d} gelten als unerheblich: unter den Kombinationen, die so nah am Besten liegen, entscheidet „{second}“."),
                Lang::En => format!("Differences in “{objective}” below {d} are taken not to matter: among the combinations that close to the best, “{second}” decides."),
            };
            out.push_str(&format!("<p>{}</p>\n", html(&note)));
        }
    }
    for t in &c.targets {
        let p = t.probability_met.map_or("–".to_string(), |p| format::number(100.0 * p, 1, lang));
        let line = match lang {
            Lang::De => format!("Ziel {}: Wahrscheinlichkeit, dass es erreicht wird, {p}\u{a0}%", t.target),
            Lang::En => format!("Target {}: probability that it is met {p}%", t.target),
        };
        out.push_str(&format!("<li>{}</li>\n", html(&line)));
    }
    out.push_str("</ul>\n</div>\n");
    out
}

/// The Pareto front as a table.
pub fn front_table(o: &OptimiseResult, info: Option<&ScenarioInfo>, lang: Lang) -> String {
    let Some(second) = &o.front_objective else { return String::new() };
    if o.front.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<h3>{}</h3>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        html(tr(
            lang,
            "Die Pareto-Front: was mehr Geld oder Aufwand bringt",
            "The Pareto front: what more money or effort buys"
        )),
        html(tr(lang, "Kombination", "Combination")),
        html(&figure_texts::label(&o.objective.name, lang)),
        html(&figure_texts::label(&second.name, lang)),
    );
    for c in &o.front {
        let second_value =
            c.front_figure.as_ref().map_or("–".to_string(), |e| value_with_interval(e, &second.unit, lang));
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            html(&settings_text(c, info, lang)),
            html(&value_with_interval(&c.objective, &o.objective.unit, lang)),
            html(&second_value)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&format!("<p>{}</p>\n", html(tr(lang, "Jede Zeile erreicht alle Ziele; keine andere solche Kombination ist in beiden Kennzahlen besser (nach den Mittelwerten).", "Every row meets every target; no other such combination is better in both figures (by their means)."))));
    out
}
