//! JSON Schemas (draft 2020-12) of the result documents: summary.json, compare.json,
//! sweep.json, staff.json, sensitivity.json, select.json, optimise.json and manifest.json. Built from the same tables the writers use
//! (`FIGURES`, `BY_SUBJECT`), so a figure's name, unit and meaning cannot drift from the
//! schema; `docs/schemas/` ships them and a test validates real outputs against them.

mod documents;
mod parts;

use serde_json::Value;

/// A result document that has a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Summary,
    Compare,
    Sweep,
    Staff,
    Sensitivity,
    Select,
    Optimise,
    Manifest,
}

impl Document {
    pub const ALL: [Document; 8] = [
        Document::Summary,
        Document::Compare,
        Document::Sweep,
        Document::Staff,
        Document::Sensitivity,
        Document::Select,
        Document::Optimise,
        Document::Manifest,
    ];

    /// The name on the command line (`amtsim schema NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Document::Summary => "summary",
            Document::Compare => "compare",
            Document::Sweep => "sweep",
            Document::Staff => "staff",
            Document::Sensitivity => "sensitivity",
            Document::Select => "select",
            Document::Optimise => "optimise",
            Document::Manifest => "manifest",
        }
    }

    /// The shipped schema's file name in `docs/schemas/`.
    pub fn schema_file(self) -> String {
        format!("{}.schema.json", self.name())
    }

    pub fn from_name(name: &str) -> Option<Document> {
        Document::ALL.into_iter().find(|d| d.name() == name)
    }

    pub fn schema(self) -> Value {
        match self {
            Document::Summary => documents::summary(),
            Document::Compare => documents::compare(),
            Document::Sweep => documents::sweep(),
            Document::Staff => documents::staff(),
            Document::Sensitivity => documents::sensitivity(),
            Document::Select => documents::select(),
            Document::Optimise => documents::optimise(),
            Document::Manifest => documents::manifest(),
        }
    }

    /// The schema as shipped: pretty-printed, one newline at the end.
    pub fn schema_text(self) -> String {
        serde_json::to_string_pretty(&self.schema()).unwrap_or_default() + "\n"
    }
}

/// What each unit string of the figures means. Every figure's unit must be here (tested).
pub const UNITS: &[(&str, &str)] = &[
    ("appointments", "a count of appointments"),
    ("applications", "a count of applications (cases in the back office)"),
    ("attempts", "a count of booking attempts"),
    ("calls", "a count of calls to the hotline (a caller who calls twice counts twice)"),
    ("certificates", "a count of certificates (Fiktionsbescheinigungen) issued"),
    ("clients", "a count of clients (people)"),
    ("clients/day", "clients per open day"),
    ("clock_h", "a clock time in hours after midnight (7.5 is 07:30; negative: the evening before, -2 is 22:00)"),
    ("day", "a day of the run, counted from its start date (day 0)"),
    ("days", "a duration in days (calendar days)"),
    ("decisions", "a count of decisions on applications"),
    ("e-mails", "a count of e-mails"),
    ("enquiries", "a count of enquiries (calls and e-mails)"),
    ("euros", "an amount of euros, at the price base of the scenario's costs.year"),
    ("euros/year", "euros a year, at the price base of the scenario's costs.year"),
    ("FTE", "full-time equivalents (a person on a full contract is 1)"),
    ("h", "hours of working time"),
    ("hours", "a duration in hours"),
    ("items/week", "waiting items (walk-in queue and undecided applications) per week"),
    ("min", "a duration in minutes"),
    ("person-days", "days summed over the persons concerned (two persons for three days are 6)"),
    ("persons", "a count of persons"),
    ("requests", "a count of requests"),
    ("share", "a fraction between 0 and 1 (0.25 is 25 %)"),
    ("slots", "a count of appointment slots"),
    ("visits", "a count of visits (a person who came twice counts twice)"),
];

/// The meaning of a unit string, if it is known.
pub fn unit_meaning(unit: &str) -> Option<&'static str> {
    UNITS.iter().find(|(u, _)| *u == unit).map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::FIGURES;

    #[test]
    fn every_figure_unit_is_explained() {
        for def in FIGURES {
            assert!(unit_meaning(def.unit).is_some(), "{}: unit {:?} is not in schema::UNITS", def.name, def.unit);
        }
    }

    #[test]
    fn every_document_has_a_name_and_a_schema() {
        for d in Document::ALL {
            assert_eq!(Document::from_name(d.name()), Some(d));
            let schema = d.schema();
            assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
            assert_eq!(schema["type"], "object");
        }
    }

    #[test]
    fn each_office_figure_carries_its_unit_as_a_constant() {
        let summary = Document::Summary.schema();
        let figures = &summary["properties"]["figures"]["properties"];
        for def in FIGURES {
            let figure = &figures[def.name];
            assert_eq!(figure["properties"]["unit"]["const"], def.unit, "{}", def.name);
            assert!(figure["description"].as_str().unwrap().contains(def.description), "{}", def.name);
        }
    }
}
