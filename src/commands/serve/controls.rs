//! The page's controls for one office, by name: each a scenario key path (`--set` notation),
//! its current value, unit, allowed range and label. The page sends back `PATH=VALUE` lines,
//! which are checked as `amtsim check --set` checks them, so the messages are the same.

use amtsim::report::param_labels::param_label;
use amtsim::report::Lang;
use amtsim::scenario::{LoadedScenario, Scenario};
use chrono::Datelike;
use serde::Serialize;
use serde_json::{json, Value};
use toml::Table;

#[derive(Debug, Serialize)]
pub struct Control {
    /// The section the page shows it in, and the section's heading.
    pub section: String,
    pub heading: [String; 2],
    pub path: String,
    /// German and English label.
    pub label: [String; 2],
    pub unit: &'static str,
    /// `number`, `bool`, `hours` (windows "08:00-12:00, 13:30-15:30"), `choice`, `shares`
    /// (a share per team: `[{ group, share }]`) or `fixed` (sent as it is with its section).
    pub kind: &'static str,
    pub value: Value,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub step: Option<f64>,
    pub choices: Vec<&'static str>,
}

struct Builder {
    controls: Vec<Control>,
    section: String,
    heading: [String; 2],
}

impl Builder {
    fn section(&mut self, id: &str, de: &str, en: &str) {
        self.section = id.to_string();
        self.heading = [de.to_string(), en.to_string()];
    }

    #[allow(clippy::too_many_arguments)]
    fn number(
        &mut self,
        path: String,
        label: [String; 2],
        unit: &'static str,
        value: f64,
        range: (f64, f64),
        step: f64,
    ) {
        self.push(path, label, unit, "number", json!(value), Some(range), Some(step), Vec::new());
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        path: String,
        label: [String; 2],
        unit: &'static str,
        kind: &'static str,
        value: Value,
        range: Option<(f64, f64)>,
        step: Option<f64>,
        choices: Vec<&'static str>,
    ) {
        self.controls.push(Control {
            section: self.section.clone(),
            heading: self.heading.clone(),
            path,
            label,
            unit,
            kind,
            value,
            min: range.map(|r| r.0),
            max: range.map(|r| r.1),
            step,
            choices,
        });
    }
}

/// The key's label in both languages (the key itself when the report has none).
fn labelled(path: &str) -> [String; 2] {
    [Lang::De, Lang::En].map(|lang| param_label(path, lang).map_or_else(|| path.to_string(), str::to_string))
}

fn named(de: &str, en: &str) -> [String; 2] {
    [de.to_string(), en.to_string()]
}

fn windows_text(value: Option<&toml::Value>) -> String {
    let items = value.and_then(toml::Value::as_array).map(|a| a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>());
    items.unwrap_or_default().join(", ")
}

/// The controls of an office.
pub fn controls(loaded: &LoadedScenario) -> Vec<Control> {
    let s = &loaded.scenario;
    let doc = &loaded.document;
    let mut b = Builder { controls: Vec::new(), section: String::new(), heading: Default::default() };
    teams(&mut b, s, doc);
    hours(&mut b, s, doc);
    saturdays(&mut b, s, doc);
    portal(&mut b, s, doc);
    if s.staff.iter().any(|g| g.work.walkin) {
        b.section("walkin", "Notfallschalter", "Emergency desk");
        let tickets = s.walkin.tickets_per_day.map_or(0.0, f64::from);
        b.number(
            "walkin.tickets_per_day".into(),
            labelled("walkin.tickets_per_day"),
            "tickets/day",
            tickets,
            (0.0, 100_000.0),
            1.0,
        );
        let hours = windows_text(doc.get("walkin").and_then(|w| w.get("hours")));
        b.push("walkin.hours".into(), labelled("walkin.hours"), "clock", "hours", json!(hours), None, None, Vec::new());
    }
    if s.permits.fb_case.is_some() || s.case_types.iter().any(|c| c.back_office.is_some()) {
        b.section("permits", "Papiere und Anträge", "Papers and applications");
        if s.permits.fb_case.is_some() {
            let months = s.permits.fb_validity_days / (365.25 / 12.0);
            let path = "permits.fb_validity_months";
            b.number(path.into(), labelled(path), "months", (months * 100.0).round() / 100.0, (0.1, 60.0), 1.0);
        }
        for (i, case) in s.case_types.iter().enumerate() {
            if let Some(office) = &case.back_office {
                let name = shown(&case.name, &case.label);
                let label = [format!("Online-Anteil: {}", name[0]), format!("Digital share: {}", name[1])];
                b.number(
                    format!("case_types[{i}].back_office.digital_share"),
                    label,
                    "share",
                    office.digital_share,
                    (0.0, 1.0),
                    0.05,
                );
            }
        }
    }
    if let Some(phone) = &s.enquiries.phone {
        b.section("enquiries", "Telefon", "Phone");
        let hours = phone.calling_hours.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(", ");
        let label = named("Telefonzeiten (Hotline)", "Hotline hours");
        b.push("enquiries.phone.hours".into(), label, "clock", "hours", json!(hours), None, None, Vec::new());
    }
    b.controls
}

fn shown(name: &str, label: &amtsim::scenario::text::Text) -> [String; 2] {
    ["de", "en"].map(|lang| label.get(lang).unwrap_or(name).to_string())
}

fn teams(b: &mut Builder, s: &Scenario, doc: &Table) {
    let tables = doc.get("staff").and_then(toml::Value::as_array).cloned().unwrap_or_default();
    for (i, g) in s.staff.iter().enumerate() {
        let name = shown(&g.name, &g.label);
        b.section(&format!("team:{}", g.name), &format!("Team: {}", name[0]), &format!("Team: {}", name[1]));
        let table = tables.get(i).and_then(toml::Value::as_table);
        if table.is_some_and(|t| t.contains_key("head_count")) {
            let path = format!("staff[{i}].head_count");
            b.number(path.clone(), labelled(&path), "people", g.positions_fte, (0.0, 100_000.0), 1.0);
        } else {
            let path = format!("staff[{i}].positions_fte");
            b.number(path.clone(), labelled(&path), "FTE", g.positions_fte, (0.0, 100_000.0), 0.5);
            let path = format!("staff[{i}].filled_fte");
            b.number(path.clone(), labelled(&path), "FTE", g.filled_fte, (0.0, g.positions_fte.max(g.filled_fte)), 0.5);
        }
        let path = format!("staff[{i}].part_time_share");
        b.number(path.clone(), labelled(&path), "share", g.part_time_share, (0.0, 1.0), 0.05);
        if let Some(sick) = &g.sick_leave {
            let path = format!("staff[{i}].sick_leave.absence_share");
            let label = named("Krankenstand (Anteil der Arbeitstage)", "Sick leave (share of working days)");
            b.number(path, label, "share", sick.absence_share, (0.0, 0.5), 0.01);
        }
    }
}

const WEEKDAYS: [(&str, &str, &str); 7] = [
    ("monday", "Montag", "Monday"),
    ("tuesday", "Dienstag", "Tuesday"),
    ("wednesday", "Mittwoch", "Wednesday"),
    ("thursday", "Donnerstag", "Thursday"),
    ("friday", "Freitag", "Friday"),
    ("saturday", "Samstag", "Saturday"),
    ("sunday", "Sonntag", "Sunday"),
];

fn hours(b: &mut Builder, s: &Scenario, doc: &Table) {
    b.section("hours", "Öffnungszeiten", "Opening hours");
    let week = doc.get("calendar").and_then(|c| c.get("opening_hours"));
    for (i, (key, de, en)) in WEEKDAYS.iter().enumerate() {
        let text = windows_text(week.and_then(|w| w.get(*key)));
        if i >= 5 && text.is_empty() && s.calendar.opening_hours[i].is_empty() {
            continue;
        }
        let label = named(&format!("Öffnungszeiten {de}"), &format!("Opening hours {en}"));
        b.push(format!("calendar.opening_hours.{key}"), label, "clock", "hours", json!(text), None, None, Vec::new());
    }
}

fn saturdays(b: &mut Builder, s: &Scenario, doc: &Table) {
    b.section("saturdays", "Samstagsöffnungen", "Saturday openings");
    let given = doc.get("calendar").and_then(|c| c.get("saturday_openings")).and_then(toml::Value::as_table);
    let get = |key: &str| given.and_then(|t| t.get(key));
    let every = get("every_weeks").and_then(toml::Value::as_integer).unwrap_or(0) as f64;
    let label = named("Samstags geöffnet alle … Wochen (0: nie)", "Open on Saturdays every … weeks (0: never)");
    b.number("calendar.saturday_openings.every_weeks".into(), label, "weeks", every, (0.0, 52.0), 1.0);
    // The first Saturday on or after the start (a new opening needs one).
    let start = s.simulation.start_date;
    let first = start + chrono::Days::new(u64::from((12 - start.weekday().num_days_from_monday()) % 7));
    let first = get("first").map_or_else(|| first.to_string(), |v| v.to_string().trim_matches('"').to_string());
    b.push(
        "calendar.saturday_openings.first".into(),
        named("Erster Samstag", "First Saturday"),
        "date",
        "fixed",
        json!(first),
        None,
        None,
        Vec::new(),
    );
    let hours = match windows_text(get("hours")) {
        h if h.is_empty() => "09:00-13:00".to_string(),
        h => h,
    };
    b.push(
        "calendar.saturday_openings.hours".into(),
        labelled("saturday_openings.hours"),
        "clock",
        "hours",
        json!(hours),
        None,
        None,
        Vec::new(),
    );
    let compensation = get("compensation").and_then(toml::Value::as_str).unwrap_or("time_off");
    let label = named("Ausgleich (Freizeit oder bezahlt)", "Compensation (time off or paid)");
    b.push(
        "calendar.saturday_openings.compensation".into(),
        label,
        "",
        "choice",
        json!(compensation),
        None,
        None,
        vec!["time_off", "paid"],
    );
    let rostered: Vec<Value> = match get("staff").and_then(toml::Value::as_array) {
        Some(items) => items
            .iter()
            .filter_map(|t| {
                let group = t.get("group")?.as_str()?;
                let share = t.get("share").and_then(toml::Value::as_float);
                let label = s
                    .staff
                    .iter()
                    .find(|g| g.name == group)
                    .map_or([group.to_string(), group.to_string()], |g| shown(&g.name, &g.label));
                Some(json!({ "group": group, "share": share.unwrap_or(0.25), "label": label }))
            })
            .collect(),
        None => s
            .staff
            .iter()
            .filter(|g| g.work.appointments || g.work.walkin)
            .map(|g| json!({ "group": g.name, "share": 0.0, "label": shown(&g.name, &g.label) }))
            .collect(),
    };
    let label = named("Wer arbeitet samstags (Anteil je Team)", "Who works on Saturdays (share per team)");
    b.push(
        "calendar.saturday_openings.staff".into(),
        label,
        "share",
        "shares",
        json!(rostered),
        Some((0.0, 1.0)),
        Some(0.05),
        Vec::new(),
    );
}

fn portal(b: &mut Builder, s: &Scenario, doc: &Table) {
    if !s.case_types.iter().any(|c| c.portal_share > 0.0) {
        return;
    }
    b.section("portal", "Terminportal", "Booking portal");
    let p = &s.portal;
    b.number(
        "portal.horizon_days".into(),
        labelled("portal.horizon_days"),
        "days",
        f64::from(p.horizon_days),
        (0.0, 3650.0),
        1.0,
    );
    if doc.get("portal").and_then(|t| t.get("confirmation")).is_some() {
        let path = "portal.confirmation.required";
        b.push(path.into(), labelled(path), "", "bool", json!(p.confirmation.is_some()), None, None, Vec::new());
    }
    b.number(
        "portal.reminder_factor".into(),
        labelled("portal.reminder_factor"),
        "factor",
        p.reminder_factor,
        (0.0, 2.0),
        0.05,
    );
    b.number("portal.overbooking".into(), labelled("portal.overbooking"), "share", p.overbooking, (0.0, 1.0), 0.01);
}
