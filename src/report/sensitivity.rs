//! The report of a sensitivity study: the question, an answer in words per figure (which
//! assumption it depends on most, whether the order is beyond chance), the inputs and their
//! ranges, and a table of the indices per figure. The tornado charts are drawn in `plots`.

use super::figure_texts;
use super::format::{self, html};
use super::param_labels::param_label;
use super::results::{InputIndices, SensitivityFigure, SensitivityResult};
use super::texts::tr;
use super::Lang;

/// An input in words: its label where one is known, with its key path.
pub fn input_label(path: &str, lang: Lang) -> String {
    match param_label(path, lang) {
        Some(label) => format!("{label} ({path})"),
        None => path.to_string(),
    }
}

fn is_morris(s: &SensitivityResult) -> bool {
    s.method.name == "morris"
}

pub fn question(s: &SensitivityResult, lang: Lang) -> String {
    let k = s.inputs.len();
    let runs = s.design_points * s.replications;
    match (lang, is_morris(s)) {
        (Lang::De, true) => format!("Von welcher der {k} unsicheren Annahmen hängen die Kennzahlen am meisten ab? Jede Annahme wird über ihre Spanne verändert (Morris-Verfahren: {} Pfade durch den Raum der Annahmen, {} Rechenpunkte mit je {} Wiederholungen, zusammen {runs} Läufe, alle mit denselben Zufallszahlen).", s.method.trajectories.unwrap_or(0), s.design_points, s.replications),
        (Lang::De, false) => format!("Welcher Anteil der Unsicherheit der Kennzahlen geht auf welche der {k} unsicheren Annahmen zurück? Alle Annahmen werden zugleich zufällig über ihre Spannen verändert (Sobol-Indizes: {} Rechenpunkte mit je {} Wiederholungen, zusammen {runs} Läufe, alle mit denselben Zufallszahlen).", s.design_points, s.replications),
        (Lang::En, true) => format!("Which of the {k} uncertain assumptions do the figures depend on most? Each assumption is moved over its range (Morris method: {} paths through the space of assumptions, {} design points with {} replications each, {runs} runs in all, all on the same random numbers).", s.method.trajectories.unwrap_or(0), s.design_points, s.replications),
        (Lang::En, false) => format!("Which share of the figures' uncertainty comes from which of the {k} uncertain assumptions? All assumptions vary at random over their ranges at once (Sobol indices: {} design points with {} replications each, {runs} runs in all, all on the same random numbers).", s.design_points, s.replications),
    }
}

/// The measure of one input in words: "12.5 days over its range (95% CI 9.8–15.2)" or
/// "62 % of the variance (95% CI 55–69 %)".
fn measure(s: &SensitivityResult, f: &SensitivityFigure, i: &InputIndices, lang: Lang) -> String {
    let (v, lo, hi) = i.main();
    let ci = tr(lang, "95-%-KI", "95% CI");
    let n = |x: Option<f64>, d: usize| x.map_or("–".into(), |x| format::number(x, d, lang));
    if is_morris(s) {
        let unit = figure_texts::unit(&f.unit, lang);
        let d = decimals(v.unwrap_or(0.0));
        let over = tr(lang, "über die Spanne", "over its range");
        format!("{} {unit} {over}, {ci} {}–{}", n(v, d), n(lo, d), n(hi, d))
    } else {
        let pct = |x: Option<f64>| x.map(|x| 100.0 * x.clamp(0.0, 1.0));
        let of = tr(lang, "der Streuung", "of the variance");
        format!("{}\u{a0}% {of}, {ci} {}–{}\u{a0}%", n(pct(v), 0), n(pct(lo), 0), n(pct(hi), 0))
    }
}

fn decimals(x: f64) -> usize {
    match x.abs() {
        a if a >= 100.0 => 0,
        a if a >= 1.0 => 1,
        _ => 3,
    }
}

fn ranked(f: &SensitivityFigure) -> Vec<&InputIndices> {
    f.ranking.iter().filter_map(|p| f.inputs.iter().find(|i| &i.input == p)).collect()
}

/// One sentence per figure: what it depends on most, then second, and whether the order of
/// the two is beyond chance.
pub fn figure_sentence(s: &SensitivityResult, f: &SensitivityFigure, lang: Lang) -> String {
    let label = figure_texts::label(&f.name, lang);
    if f.undefined_points > 0 {
        return match lang {
            Lang::De => format!(
                "„{label}“ ist an {} Rechenpunkten nicht bestimmt (kein Fall dieser Art): keine Aussage.",
                f.undefined_points
            ),
            Lang::En => format!(
                "“{label}” is undefined at {} design points (no case of its kind): no statement.",
                f.undefined_points
            ),
        };
    }
    let order = ranked(f);
    let Some(first) = order.first() else { return String::new() };
    if first.main().0.unwrap_or(0.0) <= 0.0 {
        return match lang {
            Lang::De => format!("„{label}“ ändert sich mit keiner der Annahmen."),
            Lang::En => format!("“{label}” does not change with any of the assumptions."),
        };
    }
    let name = |i: &InputIndices| input_label(&i.input, lang);
    let mut text = match lang {
        Lang::De => format!("„{label}“ hängt am meisten ab von {} ({})", name(first), measure(s, f, first, lang)),
        Lang::En => format!("“{label}” depends most on {} ({})", name(first), measure(s, f, first, lang)),
    };
    if let Some(second) = order.get(1) {
        text.push_str(&match lang {
            Lang::De => format!(", danach von {} ({})", name(second), measure(s, f, second, lang)),
            Lang::En => format!(", then on {} ({})", name(second), measure(s, f, second, lang)),
        });
        let apart = matches!((first.main().1, second.main().2), (Some(lo), Some(hi)) if lo > hi);
        if !apart {
            text.push_str(tr(
                lang,
                "; die Intervalle der beiden überschneiden sich, die Reihenfolge kann Zufall sein",
                "; the intervals of the two overlap, so their order may be chance",
            ));
        }
    }
    text.push('.');
    text
}

/// The first page's answer: a sentence per figure.
pub fn answer(s: &SensitivityResult, lang: Lang) -> String {
    let mut out = format!(
        "<div class=\"answer\">\n<p><strong>{}</strong></p>\n<ul>\n",
        html(tr(lang, "Die Antwort:", "The answer:"))
    );
    for f in &s.figures {
        out.push_str(&format!("<li>{}</li>\n", html(&figure_sentence(s, f, lang))));
    }
    out.push_str("</ul>\n</div>\n");
    out
}

/// The inputs with their ranges, then one table per figure: the inputs, most important first.
pub fn tables(s: &SensitivityResult, lang: Lang) -> String {
    let mut out = format!(
        "<h3>{}</h3>\n<table>\n<thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        html(tr(lang, "Unsichere Annahmen und ihre Spannen", "Uncertain assumptions and their ranges")),
        html(tr(lang, "Annahme", "Assumption")),
        html(tr(lang, "Spanne", "Range")),
    );
    for i in &s.inputs {
        let n = |x: f64| format::number(x, if x.fract() == 0.0 { 0 } else { 3 }, lang);
        let range = if i.relative {
            format!("{} {}–{}", tr(lang, "Faktor", "factor"), n(i.low), n(i.high))
        } else {
            format!("{}–{}", n(i.low), n(i.high))
        };
        out.push_str(&format!("<tr><td>{}</td><td>{}</td></tr>\n", html(&input_label(&i.path, lang)), html(&range)));
    }
    out.push_str("</tbody>\n</table>\n");
    let morris = is_morris(s);
    let heads: Vec<&str> = if morris {
        vec![tr(lang, "Annahme", "Assumption"), "μ*", tr(lang, "95-%-KI von μ*", "95% CI of μ*"), "μ", "σ"]
    } else {
        vec![
            tr(lang, "Annahme", "Assumption"),
            tr(lang, "Gesamtindex", "Total index"),
            tr(lang, "95-%-KI", "95% CI"),
            tr(lang, "Index erster Ordnung", "First-order index"),
            tr(lang, "95-%-KI", "95% CI"),
        ]
    };
    for f in s.figures.iter().filter(|f| f.undefined_points == 0) {
        let label = figure_texts::label(&f.name, lang);
        out.push_str(&format!("<h3>{}</h3>\n<table>\n<thead><tr>", html(&label)));
        for h in &heads {
            out.push_str(&format!("<th>{}</th>", html(h)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for i in ranked(f) {
            let n = |x: Option<f64>, d: usize| x.map_or("–".into(), |x| format::number(x, d, lang));
            let cells: Vec<String> = if morris {
                let d = decimals(i.mu_star.unwrap_or(0.0));
                vec![
                    n(i.mu_star, d),
                    format!("{}–{}", n(i.mu_star_ci95_low, d), n(i.mu_star_ci95_high, d)),
                    n(i.mu, d),
                    n(i.sigma, d),
                ]
            } else {
                vec![
                    n(i.total, 2),
                    format!("{}–{}", n(i.total_ci95_low, 2), n(i.total_ci95_high, 2)),
                    n(i.first_order, 2),
                    format!("{}–{}", n(i.first_order_ci95_low, 2), n(i.first_order_ci95_high, 2)),
                ]
            };
            out.push_str(&format!("<tr><td>{}</td>", html(&input_label(&i.input, lang))));
            for c in cells {
                out.push_str(&format!("<td>{}</td>", html(&c)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let how = if morris {
        tr(lang, "μ* ist die mittlere Änderung der Kennzahl, wenn die Annahme über ihre ganze Spanne verschoben wird (Betrag, in der Einheit der Kennzahl); μ dieselbe mit Vorzeichen (negativ: die Kennzahl sinkt, wenn die Annahme steigt); σ die Streuung dieser Änderungen (groß: die Wirkung hängt von den anderen Annahmen ab oder ist nicht linear). Das Morris-Verfahren ordnet die Annahmen; wie viel der Unsicherheit jede erklärt, sagen die Sobol-Indizes (--method sobol).", "μ* is the mean change of the figure when the assumption moves over its whole range (absolute, in the figure's unit); μ the same with its sign (negative: the figure falls as the assumption rises); σ the spread of these changes (large: the effect depends on the other assumptions or is not linear). The Morris method ranks the assumptions; how much of the uncertainty each explains is what Sobol indices say (--method sobol).")
    } else {
        tr(lang, "Der Index erster Ordnung ist der Anteil an der Streuung der Kennzahl, den die Annahme allein erklärt; der Gesamtindex der Anteil, an dem sie beteiligt ist, Wechselwirkungen mit anderen Annahmen eingeschlossen. Intervalle: Bootstrap über die Rechenpunkte.", "The first-order index is the share of the figure's variance the assumption explains alone; the total index the share it has a hand in, interactions with other assumptions included. Intervals: bootstrap over the design points.")
    };
    out.push_str(&format!("<p>{}</p>\n", html(how)));
    out
}
