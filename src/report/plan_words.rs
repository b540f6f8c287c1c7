//! The scenario's plans in time and money, in words: extra demand for some weeks, keys that
//! change on a date, and what the office's costs are based on.

use super::format::{number, quoted};
use super::words::join;
use super::Lang;
use crate::scenario::{Scenario, ShockTarget};

/// One paragraph, empty when the scenario has no shock, no dated change and no own costs.
pub fn plans(s: &Scenario, lang: Lang) -> String {
    let parts: Vec<String> = [shocks(s, lang), changes(s, lang), costs(s, lang)].into_iter().flatten().collect();
    parts.join(" ")
}

fn date(d: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => d.format("%d.%m.%Y").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

fn shocks(s: &Scenario, lang: Lang) -> Option<String> {
    let each: Vec<String> = s
        .shocks
        .iter()
        .map(|sh| {
            let (case, holders) = match sh.target {
                ShockTarget::Arrivals(c) => (c, false),
                ShockTarget::Inflow(c) => (c, true),
            };
            let name = quoted(s.case_types[case].label.get(lang.code()).unwrap_or(&s.case_types[case].name), lang);
            let total = number(sh.extra_total().round(), 0, lang);
            let weeks = number(f64::from(sh.total_days()) / 7.0, 0, lang);
            let factor = (sh.factor != 1.0).then(|| number(sh.factor, 2, lang));
            match (lang, holders) {
                (Lang::De, false) => format!(
                    "ab dem {} zusätzlich {total} Fälle {name} über {weeks} Wochen{}",
                    date(sh.start, lang),
                    factor.map_or(String::new(), |f| format!(", dazu das {f}-Fache des Üblichen"))
                ),
                (Lang::De, true) => format!(
                    "ab dem {} zusätzlich {total} Zuziehende ({name}) über {weeks} Wochen",
                    date(sh.start, lang)
                ),
                (Lang::En, false) => format!(
                    "from {} an extra {total} cases of {name} over {weeks} weeks{}",
                    date(sh.start, lang),
                    factor.map_or(String::new(), |f| format!(", and {f} times the usual rate"))
                ),
                (Lang::En, true) => format!(
                    "from {} an extra {total} holders of {name} moving in over {weeks} weeks",
                    date(sh.start, lang)
                ),
            }
        })
        .collect();
    (!each.is_empty()).then(|| match lang {
        Lang::De => format!("Zusätzliche Nachfrage: {}.", join(&each, lang)),
        Lang::En => format!("Extra demand: {}.", join(&each, lang)),
    })
}

fn changes(s: &Scenario, lang: Lang) -> Option<String> {
    let each: Vec<String> = s
        .changes
        .iter()
        .map(|c| {
            let what = c.label.get(lang.code()).map_or_else(|| c.paths.join(", "), str::to_string);
            match lang {
                Lang::De => format!("ab dem {}: {what}", date(c.date, lang)),
                Lang::En => format!("from {}: {what}", date(c.date, lang)),
            }
        })
        .collect();
    (!each.is_empty()).then(|| match lang {
        Lang::De => format!("Änderungen im Lauf der Zeit: {}.", join(&each, lang)),
        Lang::En => format!("Changes over time: {}.", join(&each, lang)),
    })
}

fn costs(s: &Scenario, lang: Lang) -> Option<String> {
    let c = &s.costs;
    let euros = |v: f64| number(v, 0, lang);
    let base = c.fte_per_year.first().copied().unwrap_or(0.0);
    let placeholder = !c.given;
    Some(match lang {
        Lang::De => format!(
            "Kosten (Preisstand {}): eine Vollzeitstelle {} € im Jahr{}, eine Überstunde {} €{}.",
            c.year,
            euros(base),
            if c.fte_per_year.iter().any(|v| *v != base) { " (je Team verschieden)" } else { "" },
            number(c.overtime_hour, 2, lang),
            if placeholder {
                "; Vorgabewerte aus den Kostensätzen des Bundes, durch eigene Zahlen zu ersetzen"
            } else {
                ""
            }
        ),
        Lang::En => format!(
            "Costs (price base {}): a full-time post €{} a year{}, an overtime hour €{}{}.",
            c.year,
            euros(base),
            if c.fte_per_year.iter().any(|v| *v != base) { " (differing by team)" } else { "" },
            number(c.overtime_hour, 2, lang),
            if placeholder {
                "; defaults from the federal cost rates, to be replaced with the office's own figures"
            } else {
                ""
            }
        ),
    })
}
