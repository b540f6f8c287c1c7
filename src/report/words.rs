//! The scenario in plain words, generated from the validated scenario: the period, opening
//! hours, demand, staff, portal, emergency desk and provisional certificates, in a few
//! sentences a council member can read without the TOML file.

use super::format::{long_date, number, percent_sign, quoted};
use super::texts::tr;
use super::Lang;
use crate::calendar::Window;
use crate::scenario::{ArrivalDays, ArrivalProcess, Scenario};

/// The paragraphs describing `s`, run with `replications` replications.
/// A case type's or team's name as people read it: its label in `lang`, else the identifier.
fn shown<'a>(name: &'a str, label: &'a crate::scenario::text::Text, lang: Lang) -> &'a str {
    label.get(lang.code()).unwrap_or(name)
}

pub fn scenario_paragraphs(s: &Scenario, replications: u64, lang: Lang) -> Vec<String> {
    let plans = super::plan_words::plans(s, lang);
    [period(s, replications, lang), opening(s, lang), demand(s, lang), staff(s, lang), services(s, lang), plans]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect()
}

fn n(v: f64, lang: Lang) -> String {
    let decimals = if (v - v.round()).abs() < 0.05 { 0 } else { 1 };
    number(v, decimals, lang)
}

fn period(s: &Scenario, replications: u64, lang: Lang) -> String {
    let sim = &s.simulation;
    let start = long_date(&sim.start_date.to_string(), lang);
    let weekday = weekday_name(sim.start_date.format("%u").to_string().parse().unwrap_or(1) - 1, lang);
    let mut text = match lang {
        Lang::De => format!("Simuliert werden {} Tage ab {weekday}, {start}", sim.days),
        Lang::En => format!("The simulation covers {} days from {weekday}, {start}", sim.days),
    };
    if sim.warmup_days > 0 {
        text.push_str(&match lang {
            Lang::De => {
                format!("; die ersten {} Tage dienen als Einschwingzeit und zählen nicht mit.", sim.warmup_days)
            }
            Lang::En => format!("; the first {} days are a warm-up and are not counted.", sim.warmup_days),
        });
    } else {
        text.push('.');
    }
    text.push_str(&match lang {
        Lang::De => format!(" Der Zeitraum wird {replications}-mal mit verschiedenen Zufallszahlen durchgerechnet."),
        Lang::En => format!(" The period is simulated {replications} times with different random numbers."),
    });
    text
}

fn weekday_name(i: u32, lang: Lang) -> &'static str {
    const DE: [&str; 7] = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
    const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let i = (i as usize).min(6);
    if lang == Lang::De {
        DE[i]
    } else {
        EN[i]
    }
}

fn short_weekday(i: usize, lang: Lang) -> &'static str {
    const DE: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    if lang == Lang::De {
        DE[i]
    } else {
        EN[i]
    }
}

/// Windows as "08:00–12:00 und 13:30–15:30".
fn windows(ws: &[Window], lang: Lang) -> String {
    let parts: Vec<String> = ws.iter().map(|w| w.to_string().replace('-', "\u{2013}")).collect();
    parts.join(tr(lang, " und ", " and "))
}

fn opening(s: &Scenario, lang: Lang) -> String {
    // Consecutive weekdays with the same hours form one group: "Mo–Do 08:00–12:00".
    let hours = &s.calendar.opening_hours;
    let mut groups: Vec<String> = Vec::new();
    let mut d = 0;
    while d < 7 {
        if hours[d].is_empty() {
            d += 1;
            continue;
        }
        let mut e = d;
        while e + 1 < 7 && hours[e + 1] == hours[d] {
            e += 1;
        }
        let days = if e > d {
            format!("{}\u{2013}{}", short_weekday(d, lang), short_weekday(e, lang))
        } else {
            short_weekday(d, lang).to_string()
        };
        groups.push(format!("{days} {}", windows(&hours[d], lang)));
        d = e + 1;
    }
    if groups.is_empty() {
        return String::new();
    }
    let mut text = match lang {
        Lang::De => format!("Geöffnet ist die Behörde {} Uhr", groups.join(", ")),
        Lang::En => format!("The office opens {}", groups.join(", ")),
    };
    if let Some(sat) = &s.calendar.saturday_openings {
        let every = match (sat.every_weeks, lang) {
            (0, Lang::De) => format!("an {} Samstagen", sat.dates.len()),
            (0, Lang::En) => format!("on {} Saturdays", sat.dates.len()),
            (1, Lang::De) => "jeden Samstag".to_string(),
            (1, Lang::En) => "every Saturday".to_string(),
            (k, Lang::De) => format!("jeden {k}. Samstag"),
            (k, Lang::En) => format!("every {k} weeks on Saturday"),
        };
        text.push_str(&match lang {
            Lang::De => format!(", zusätzlich {every} {} Uhr", windows(&sat.hours, lang)),
            Lang::En => format!(", and {every} {}", windows(&sat.hours, lang)),
        });
    }
    let closed = s.calendar.closed_dates.len();
    text.push_str(&match (s.calendar.holidays, lang) {
        (Some(state), Lang::De) => format!("; an den Feiertagen in {} bleibt sie geschlossen", state.name()),
        (Some(state), Lang::En) => format!("; it is closed on the public holidays of {}", state.name()),
        (None, _) => String::new(),
    });
    if closed > 0 {
        text.push_str(&match lang {
            Lang::De => format!(", dazu an {closed} weiteren Tagen"),
            Lang::En => format!(" and on {closed} further days"),
        });
    }
    text.push('.');
    text
}

fn demand(s: &Scenario, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let holders: Vec<(u32, &str)> = s
        .case_types
        .iter()
        .filter_map(|c| c.holders.as_ref().map(|h| (h.count, shown(&c.name, &c.label, lang))))
        .collect();
    if !holders.is_empty() {
        let total: u32 = holders.iter().map(|h| h.0).sum();
        let count = |v: u32| number(f64::from(v), 0, lang);
        let split = if holders.len() > 1 {
            let each: Vec<String> =
                holders.iter().map(|(n, name)| format!("{} {}", count(*n), quoted(name, lang))).collect();
            format!(" ({})", each.join(", "))
        } else {
            format!(" ({})", quoted(holders[0].1, lang))
        };
        parts.push(match lang {
            Lang::De => format!(
                "{} Inhaberinnen und Inhaber befristeter Papiere, die diese regelmäßig verlängern{split}",
                count(total)
            ),
            Lang::En => format!("{} holders of time-limited papers who renew them regularly{split}", count(total)),
        });
    }
    for c in &s.case_types {
        if c.arrivals.any() {
            let window_min: i32 = c.arrivals.windows.iter().map(|w| w.len_min()).sum();
            let per_day = match c.arrivals.process {
                ArrivalProcess::Poisson { per_min } => per_min * f64::from(window_min),
                ArrivalProcess::FixedDaily { count } => f64::from(count),
            };
            let when = match (c.arrivals.days, lang) {
                (ArrivalDays::All, Lang::De) => "pro Tag",
                (ArrivalDays::All, Lang::En) => "a day",
                (ArrivalDays::Weekdays, Lang::De) => "pro Werktag",
                (ArrivalDays::Weekdays, Lang::En) => "per weekday",
                (ArrivalDays::OpenDays, Lang::De) => "pro Öffnungstag",
                (ArrivalDays::OpenDays, Lang::En) => "per open day",
            };
            parts.push(match lang {
                Lang::De => {
                    format!(
                        "im Mittel {} neue Anliegen „{}“ {when}{}",
                        n(per_day, lang),
                        shown(&c.name, &c.label, lang),
                        modulation(c, lang)
                    )
                }
                Lang::En => {
                    format!(
                        "on average {} new “{}” cases {when}{}",
                        n(per_day, lang),
                        shown(&c.name, &c.label, lang),
                        modulation(c, lang)
                    )
                }
            });
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    let portal = s.case_types.iter().any(|c| c.portal_share > 0.0);
    let mut text = match lang {
        Lang::De => format!("Zur Behörde kommen {}.", join(&parts, lang)),
        Lang::En => format!("The office serves {}.", join(&parts, lang)),
    };
    if portal {
        text.push_str(tr(
            lang,
            " Wer einen Termin braucht, bucht ihn im Online-Portal; dringende Fälle ohne Termin gehen zum Notfallschalter.",
            " People who need an appointment book it in the online portal; urgent cases without one go to the emergency desk.",
        ));
    }
    text
}

/// How demand changes over the run: a yearly trend and seasonal month factors, if any.
fn modulation(c: &crate::scenario::CaseType, lang: Lang) -> String {
    let Some(a) = &c.arrivals.modulation else { return String::new() };
    let mut parts = Vec::new();
    if a.trend_per_year != 0.0 {
        let pct = format!("{:+}", (a.trend_per_year * 100.0).round());
        parts.push(match lang {
            Lang::De => format!("mit einem Trend von {pct} % pro Jahr"),
            Lang::En => format!("with a trend of {pct} % a year"),
        });
    }
    if a.month_factors.iter().any(|&f| f != 1.0) {
        parts.push(tr(lang, "je nach Monat schwankend", "varying by month").to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// "a, b und c".
pub(super) fn join(parts: &[String], lang: Lang) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{}{last}", rest.join(", "), tr(lang, " und ", " and ")),
    }
}

fn staff(s: &Scenario, lang: Lang) -> String {
    let positions: f64 = s.staff.iter().map(|g| g.positions_fte).sum();
    let filled: f64 = s.staff.iter().map(|g| g.filled_fte).sum();
    let groups: Vec<String> = s
        .staff
        .iter()
        .map(|g| {
            let mut work = Vec::new();
            if g.work.appointments {
                work.push(tr(lang, "Termine", "appointments"));
            }
            if g.work.walkin {
                work.push(tr(lang, "Notfallschalter", "emergency desk"));
            }
            if g.work.back_office {
                work.push(tr(lang, "Antragsbearbeitung", "deciding applications"));
            }
            let one = (g.positions_fte - 1.0).abs() < 1e-9;
            let positions = match (lang, one) {
                (Lang::De, true) => "1 Stelle".to_string(),
                (Lang::En, true) => "1 position".to_string(),
                (Lang::De, false) => format!("{} Stellen", n(g.positions_fte, lang)),
                (Lang::En, false) => format!("{} positions", n(g.positions_fte, lang)),
            };
            let fill = if g.filled_fte < g.positions_fte {
                format!("{positions}, {} {}", n(g.filled_fte, lang), tr(lang, "besetzt", "filled"))
            } else {
                positions
            };
            format!("{} ({fill}; {})", shown(&g.name, &g.label, lang), work.join(", "))
        })
        .collect();
    let mut text = match lang {
        Lang::De => format!(
            "Es {} mit zusammen {} Planstellen (Vollzeitäquivalente), davon {} besetzt: {}.",
            if s.staff.len() == 1 {
                "arbeitet 1 Team".to_string()
            } else {
                format!("arbeiten {} Teams", s.staff.len())
            },
            n(positions, lang),
            n(filled, lang),
            groups.join("; ")
        ),
        Lang::En => format!(
            "{} here with {} positions (full-time equivalents) in all, {} of them filled: {}.",
            if s.staff.len() == 1 { "1 team works".to_string() } else { format!("{} teams work", s.staff.len()) },
            n(positions, lang),
            n(filled, lang),
            groups.join("; ")
        ),
    };
    let sick: Vec<f64> = s.staff.iter().filter_map(|g| g.sick_leave.as_ref().map(|l| l.absence_share)).collect();
    let quits = s.staff.iter().map(|g| g.quit_rate_per_year).fold(0.0, f64::max);
    if let Some(share) = sick.iter().copied().reduce(f64::max) {
        let pct = format!("{}{}", n(share * 100.0, lang), percent_sign(lang));
        text.push_str(&match lang {
            Lang::De => format!(" Krankheit kostet bis zu {pct} der Arbeitstage"),
            Lang::En => format!(" Sick leave costs up to {pct} of working days"),
        });
        if quits > 0.0 {
            let q = format!("{}{}", n(quits * 100.0, lang), percent_sign(lang));
            text.push_str(&match lang {
                Lang::De => format!("; bis zu {q} der Beschäftigten kündigen im Jahr, und ihre Stellen bleiben bis zur Nachbesetzung frei"),
                Lang::En => format!("; up to {q} of staff quit each year, and their desks stay empty until a replacement starts"),
            });
        }
        text.push('.');
    }
    text
}

/// A sentence per booking tool in use: whose appointments, how far ahead, how many missed.
fn tools(s: &Scenario, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for (t, tool) in s.booking_tools.iter().enumerate() {
        let cases: Vec<String> = (s.case_types.iter())
            .filter(|c| c.portal_share > 0.0 && c.booking_tool == Some(t))
            .map(|c| quoted(shown(&c.name, &c.label, lang), lang))
            .collect();
        if cases.is_empty() {
            continue;
        }
        let (name, cases) = (shown(&tool.name, &tool.label, lang), join(&cases, lang));
        let (days, p) = (tool.portal.horizon_days, &tool.portal);
        let no_show = format!("{}{}", n(p.no_show_prob * 100.0, lang), percent_sign(lang));
        out.push(match lang {
            Lang::De => format!("Termine für {cases} werden über ein eigenes Buchungswerkzeug ({name}) vergeben, bis zu {days} Tage im Voraus; {no_show} davon werden nicht wahrgenommen."),
            Lang::En => format!("Appointments for {cases} are booked through a tool of their own ({name}), up to {days} days ahead; {no_show} of them are missed."),
        });
    }
    out
}

fn services(s: &Scenario, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if s.case_types.iter().any(|c| c.portal_share > 0.0 && c.booking_tool.is_none()) {
        let no_show = format!("{}{}", n(s.portal.no_show_prob * 100.0, lang), percent_sign(lang));
        parts.push(match lang {
            Lang::De => format!("Das Portal vergibt Termine bis zu {} Tage im Voraus; {no_show} der gebuchten Termine werden nicht wahrgenommen.", s.portal.horizon_days),
            Lang::En => format!("The portal offers slots up to {} days ahead; {no_show} of booked appointments are missed.", s.portal.horizon_days),
        });
    }
    parts.extend(tools(s, lang));
    if s.staff.iter().any(|g| g.work.walkin) {
        let hours = s.walkin.hours.as_ref().map(|h| windows(h, lang));
        let tickets = s.walkin.tickets_per_day;
        parts.push(match (lang, hours, tickets) {
            (Lang::De, Some(h), Some(t)) => {
                format!("Der Notfallschalter ist {h} Uhr geöffnet und gibt höchstens {t} Wartemarken pro Tag aus.")
            }
            (Lang::De, Some(h), None) => format!("Der Notfallschalter ist {h} Uhr geöffnet."),
            (Lang::De, None, Some(t)) => format!("Der Notfallschalter gibt höchstens {t} Wartemarken pro Tag aus."),
            (Lang::En, Some(h), Some(t)) => {
                format!("The emergency desk is open {h} and hands out at most {t} tickets a day.")
            }
            (Lang::En, Some(h), None) => format!("The emergency desk is open {h}."),
            (Lang::En, None, Some(t)) => format!("The emergency desk hands out at most {t} tickets a day."),
            (_, None, None) => String::new(),
        });
    }
    if s.permits.fb_case.is_some() {
        let months = s.permits.fb_validity_days / (365.25 / 12.0);
        parts.push(match lang {
            Lang::De => format!("Wer auf die Entscheidung über einen Verlängerungsantrag wartet, erhält eine Fiktionsbescheinigung; sie gilt {} Monate und muss danach am Schalter verlängert werden.", n(months, lang)),
            Lang::En => format!("People waiting for a decision on a renewal get a provisional certificate (Fiktionsbescheinigung); it is valid for {} months and must then be renewed at the counter.", n(months, lang)),
        });
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{load_file, RateModulation};
    use std::path::Path;

    #[test]
    fn the_district_office_in_words() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml"));
        let s = load_file(path, &[]).unwrap().scenario;
        let de = scenario_paragraphs(&s, 20, Lang::De).join("\n");
        assert!(de.contains("Simuliert werden 364 Tage ab Montag, 6. Januar 2025"), "{de}");
        assert!(
            de.contains("Mo\u{2013}Do 08:00\u{2013}12:00 und 13:30\u{2013}15:30, Fr 08:00\u{2013}12:00 Uhr"),
            "{de}"
        );
        assert!(de.contains("Nordrhein-Westfalen"), "{de}");
        assert!(de.contains("24.000 Inhaberinnen und Inhaber befristeter Papiere, die diese regelmäßig verlängern (20.000 „Verlängerung (allgemeines Ausländerrecht)“, 4000 „Papiere nach Asylrecht“)"), "{de}");
        assert!(de.contains("Team allgemeines Ausländerrecht (14 Stellen, 11 besetzt"), "{de}");
        assert!(de.contains("davon 18 besetzt"), "{de}");
        assert!(de.contains("gilt 3 Monate"), "{de}");
        let en = scenario_paragraphs(&s, 20, Lang::En).join("\n");
        assert!(en.contains("364 days from Monday, 6 January 2025"), "{en}");
        assert!(en.contains("at most 12 tickets a day"), "{en}");
    }

    #[test]
    fn a_booking_tool_of_its_own_is_named() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/rkn-2023.toml"));
        let s = load_file(path, &[]).unwrap().scenario;
        let de = scenario_paragraphs(&s, 20, Lang::De).join("\n");
        assert!(de.contains("Das Portal vergibt Termine bis zu 42 Tage im Voraus; 9"), "{de}");
        assert!(de.contains("Termine für „Ukraine (eigenes Buchungswerkzeug)“ werden über ein eigenes Buchungswerkzeug (Buchungswerkzeug Ukraine) vergeben, bis zu 42 Tage im Voraus; 0"), "{de}");
        let en = scenario_paragraphs(&s, 20, Lang::En).join("\n");
        assert!(en.contains("Appointments for “Ukraine (separate booking tool)” are booked through a tool of their own (Ukraine booking tool)"), "{en}");
    }

    #[test]
    fn a_trend_and_seasons_are_named() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fit-example.toml"));
        let s = load_file(path, &[]).unwrap().scenario;
        let de = scenario_paragraphs(&s, 20, Lang::De).join("\n");
        assert!(de.contains("„Aufenthaltserlaubnis“ pro Tag (mit einem Trend von +30 % pro Jahr)"), "{de}");
        assert!(de.contains("„Niederlassungserlaubnis“ pro Tag und"), "{de}");
        assert!(de.contains("Es arbeitet 1 Team mit zusammen 3 Planstellen"), "{de}");
        let mut seasonal = s.clone();
        seasonal.case_types[1].arrivals.modulation = Some(RateModulation {
            trend_per_year: 0.0,
            month_factors: [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0],
        });
        let en = scenario_paragraphs(&seasonal, 20, Lang::En).join("\n");
        assert!(en.contains("“Settlement permit” cases a day (varying by month)"), "{en}");
    }
}
