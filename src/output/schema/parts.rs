//! Building blocks shared by the result schemas: numbers that may be undefined, the
//! scenario record, warnings, teams and the figure maps.

use super::unit_meaning;
use crate::stats::breakdown::BY_SUBJECT;
use crate::stats::figures::{Better, FigureDef};
use crate::stats::FIGURES;
use serde_json::{json, Map, Value};

/// An object with exactly these properties, all required.
pub fn object(description: &str, properties: Value) -> Value {
    let required: Vec<String> = properties.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    json!({
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// A number that is null where it is undefined (no case to average over, one replication).
pub fn number_or_null(description: &str) -> Value {
    json!({ "type": ["number", "null"], "description": description })
}

pub fn number(description: &str) -> Value {
    json!({ "type": "number", "description": description })
}

pub fn count(description: &str) -> Value {
    json!({ "type": "integer", "minimum": 0, "description": description })
}

pub fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

pub fn texts(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

pub fn sha256(description: &str) -> Value {
    json!({ "type": "string", "pattern": "^[0-9a-f]{64}$", "description": description })
}

/// "the amtsim version that wrote the file".
pub fn version() -> Value {
    text("version of amtsim that wrote the file")
}

/// A reference to a shared definition of the document's `$defs`.
pub fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{name}") })
}

/// A reference with a description and further constraints beside it.
pub fn refined(name: &str, description: &str, properties: Value) -> Value {
    let mut out = json!({ "$ref": format!("#/$defs/{name}"), "description": description });
    if properties.as_object().is_some_and(|p| !p.is_empty()) {
        out["properties"] = properties;
    }
    out
}

/// Which scenario a result comes from (`summary::scenario_record`).
pub fn scenario_record() -> Value {
    object(
        "the scenario the result comes from: enough to repeat it bit for bit",
        json!({
            "name": text("the scenario's name"),
            "file": text("the scenario file as given on the command line"),
            "file_sha256": sha256("SHA-256 of the scenario file's bytes"),
            "overrides": texts("the --set overrides applied, as PATH=VALUE, in order"),
        }),
    )
}

/// One warning (`summary::warnings_json`).
pub fn warning() -> Value {
    object(
        "a warning about the run: code, message and remedy in English and German, and the figures it concerns",
        json!({
            "code": text("a stable code (overload, booked_out, few_replications, ...; see docs/output.md)"),
            "message": text("what is wrong, in English"),
            "remedy": text("what to do, in English"),
            "message_de": text("what is wrong, in German"),
            "remedy_de": text("what to do, in German"),
            "figures": texts("names of the key figures the warning concerns"),
        }),
    )
}

pub fn warnings(description: &str) -> Value {
    json!({ "type": "array", "items": reference("warning"), "description": description })
}

fn hours(description: &str) -> Value {
    number_or_null(&format!("{description}. Unit: h (hours of working time per 365 counted days)"))
}

fn fte(description: &str) -> Value {
    number_or_null(&format!("{description}. Unit: FTE (full-time equivalents)"))
}

/// A staff group's year (`summary::team_json`), means over replications.
pub fn team() -> Value {
    object(
        "a staff group's year: where its working time went (means over replications, per 365 counted days)",
        json!({
            "name": text("the staff group's name"),
            "positions_fte": fte("positions on paper"),
            "employed_fte": fte("filled positions, mean over days"),
            "contract_fte": fte("the FTE the contract hours make on the group's working days (equals employed_fte)"),
            "at_work_fte": fte("the FTE the hours at work make (after absences)"),
            "contract_hours": hours("contract working time"),
            "worked_hours": hours("hours at work"),
            "absent_hours": hours("contract hours not worked: closed days, vacation, training, sickness"),
            "counter_hours": hours("hours at the counter by the roster"),
            "service_hours": hours("counter hours spent serving clients"),
            "counter_idle_hours": hours("counter hours held for nobody"),
            "idle_to_backoffice_hours": hours("idle counter hours that went to the back office"),
            "backoffice_hours": hours("back-office hours available"),
            "backoffice_used_hours": hours("back-office hours used"),
            "overtime_hours": hours("overtime worked"),
            "formula": object(
                "the personnel office's number (analytic staffing formula)",
                json!({
                    "workload_hours": hours("the year's work: cases times minutes per case"),
                    "net_hours_per_fte": hours("net working hours of one FTE in a year"),
                    "need_fte": fte("workload_hours / net_hours_per_fte"),
                }),
            ),
        }),
    )
}

pub fn teams(description: &str) -> Value {
    json!({ "type": "array", "items": reference("team"), "description": description })
}

/// "lower", "higher" or null.
pub fn better_name(b: Better) -> Value {
    match b {
        Better::Lower => json!("lower"),
        Better::Higher => json!("higher"),
        Better::Neither => Value::Null,
    }
}

/// A figure's description with its unit spelt out.
pub fn figure_description(def: &FigureDef) -> String {
    let meaning = unit_meaning(def.unit).unwrap_or("see docs/output.md");
    format!("{}. Unit: {} ({meaning})", def.description, def.unit)
}

/// The office's figures as an object with one property per figure (all required, no others),
/// and the figures per case type and team as `FIGURE[NAME]` (any subset, each `FIGURE` one of
/// `BY_SUBJECT`). `entry` builds a figure's value schema from its definition.
pub fn office_figures(description: &str, entry: impl Fn(&FigureDef) -> Value) -> Value {
    let properties: Map<String, Value> = FIGURES.iter().map(|def| (def.name.to_string(), entry(def))).collect();
    object(description, Value::Object(properties))
}

pub fn subject_figures(description: &str, entry: impl Fn(&FigureDef) -> Value) -> Value {
    json!({
        "type": "object",
        "description": description,
        "patternProperties": subject_patterns(entry),
        "additionalProperties": false,
    })
}

/// `^FIGURE\[` → that figure's entry, for every figure defined per case type and team.
pub fn subject_patterns(entry: impl Fn(&FigureDef) -> Value) -> Map<String, Value> {
    BY_SUBJECT
        .iter()
        .filter_map(|name| FIGURES.iter().find(|d| d.name == *name))
        .map(|def| (format!("^{}\\[.+\\]$", def.name), entry(def)))
        .collect()
}

/// The object shared by every figure estimate: mean and 95 % interval.
pub fn estimate(description: &str) -> Value {
    object(
        description,
        json!({
            "mean": number_or_null("mean over the replications (null: undefined in every replication)"),
            "ci95_low": number_or_null("lower end of the 95 % confidence interval (null: fewer than two replications define it)"),
            "ci95_high": number_or_null("upper end of the 95 % confidence interval"),
        }),
    )
}

/// Adds properties to an `object` schema (and makes them required).
pub fn with(mut schema: Value, more: Value) -> Value {
    if let (Some(props), Some(more)) = (schema["properties"].as_object_mut(), more.as_object()) {
        for (k, v) in more {
            props.insert(k.clone(), v.clone());
        }
    }
    let keys: Vec<String> = schema["properties"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    schema["required"] = json!(keys);
    schema
}
