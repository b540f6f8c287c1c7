//! Scenario files: every bundled scenario is valid, and each class of mistake is reported
//! with its key path, value and what is allowed.

use amtsim::scenario::{load_file, load_str, parse_override, Problem, ScenarioError};
use std::path::Path;

const BASE: &str = r#"
[simulation]
start_date = "2025-01-06"
days = 30
[calendar]
holidays = "NW"
[calendar.opening_hours]
monday = ["08:00-12:00"]
[[case_types]]
name = "renewal"
arrivals = { process = "poisson", per_week = 50 }
channels = { portal = 0.8, walkin = 0.2 }
service_time = { dist = "lognormal", mean_min = 20, cv = 0.5 }
[[staff]]
name = "clerks"
head_count = 2
work = "appointments"
[[staff]]
name = "desk"
head_count = 1
work = "walkin"
"#;

fn problems(text: &str) -> Vec<Problem> {
    match load_str(text, "bad.toml", &[]) {
        Err(ScenarioError::Invalid { file, problems }) => {
            assert_eq!(file, "bad.toml");
            problems
        }
        Err(e) => panic!("expected validation problems, got {e}"),
        Ok(_) => panic!("expected validation problems, the scenario was accepted"),
    }
}

fn one_problem(text: &str) -> Problem {
    let mut p = problems(text);
    assert_eq!(p.len(), 1, "{p:#?}");
    p.remove(0)
}

#[test]
fn the_base_scenario_is_valid() {
    load_str(BASE, "base.toml", &[]).unwrap();
}

#[test]
fn every_bundled_scenario_is_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            load_file(&path, &[]).unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    assert!(n >= 1);
}

#[test]
fn syntax_errors_give_line_and_column() {
    let text = BASE.replace("days = 30", "days = ");
    match load_str(&text, "bad.toml", &[]) {
        Err(e @ ScenarioError::Syntax { .. }) => {
            let msg = e.to_string();
            assert!(msg.starts_with("bad.toml:4:"), "{msg}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion() {
    let p = one_problem(&BASE.replace("days = 30", "days = 30\ndayz = 3"));
    assert_eq!(p.path, "simulation.dayz");
    assert!(p.message.contains("did you mean \"days\""), "{}", p.message);
    let p = one_problem(&BASE.replace("head_count = 2", "head_count = 2\nheadcount = 2"));
    assert_eq!(p.path, "staff[0].headcount");
    assert!(p.message.contains("did you mean \"head_count\""), "{}", p.message);
}

#[test]
fn wrong_types_name_the_key_and_value() {
    let p = one_problem(&BASE.replace("days = 30", "days = \"thirty\""));
    assert_eq!(p.path, "simulation.days");
    assert_eq!(p.value.as_deref(), Some("\"thirty\""));
    assert!(p.message.contains("whole number"), "{}", p.message);
}

#[test]
fn out_of_range_values_say_what_is_allowed() {
    let p = one_problem(&BASE.replace("cv = 0.5", "cv = -0.5"));
    assert_eq!(p.path, "case_types[0].service_time.cv");
    assert_eq!(p.value.as_deref(), Some("-0.5"));
    assert!(p.message.contains("expected"), "{}", p.message);
    let p = one_problem(
        &BASE.replace("[[staff]]\nname = \"clerks\"", "[portal]\nno_show_prob = 1.5\n[[staff]]\nname = \"clerks\""),
    );
    assert_eq!(p.path, "portal.no_show_prob");
}

#[test]
fn inconsistent_values_are_reported() {
    let p = one_problem(&BASE.replace("monday = [\"08:00-12:00\"]", "monday = [\"12:00-08:00\"]"));
    assert_eq!(p.path, "calendar.opening_hours.monday[0]");
    assert!(p.message.contains("end after it starts") && p.value.as_deref() == Some("\"12:00-08:00\""), "{p:?}");

    let p = one_problem(&BASE.replace("monday = [\"08:00-12:00\"]", "monday = [\"08:00-12:00\", \"11:00-13:00\"]"));
    assert_eq!(p.path, "calendar.opening_hours.monday");
    assert!(p.message.contains("overlap"), "{}", p.message);

    let p = one_problem(&BASE.replace("walkin = 0.2", "walkin = 0.3"));
    assert_eq!(p.path, "case_types[0].channels");
    assert!(p.message.contains("sum to 1"), "{}", p.message);

    let p = one_problem(&BASE.replace("days = 30", "days = 30\nwarmup_days = 30"));
    assert_eq!(p.path, "simulation.warmup_days");

    // Slots of 1 and 300 minutes share 1-minute cells: 300 cells, more than a booking holds.
    let short = "[[case_types]]\nname = \"short\"\narrivals = { process = \"poisson\", per_week = 5 }\nchannels = { portal = 1.0 }\nservice_time = { dist = \"exponential\", mean_min = 1 }\nslot_min = 1\n";
    let text = BASE
        .replace("monday = [\"08:00-12:00\"]", "monday = [\"07:00-13:00\"]")
        .replace("cv = 0.5 }", "cv = 0.5 }\nslot_min = 300")
        .replace("[[staff]]\nname = \"clerks\"", &format!("{short}[[staff]]\nname = \"clerks\""));
    let p = one_problem(&text);
    assert_eq!(p.path, "case_types[0].slot_min");
    assert!(p.message.contains("300 of them") && p.message.contains("at most 255"), "{}", p.message);

    let p = one_problem(&BASE.replace("work = \"walkin\"", "work = \"appointments\""));
    assert_eq!(p.path, "case_types[0].channels.walkin");
    assert!(p.message.contains("no [[staff]] group"), "{}", p.message);
}

#[test]
fn all_problems_are_listed_at_once() {
    let text = BASE
        .replace("days = 30", "days = 0")
        .replace("cv = 0.5", "cv = \"high\"")
        .replace("holidays = \"NW\"", "holidays = \"XX\"");
    let paths: Vec<String> = problems(&text).into_iter().map(|p| p.path).collect();
    assert_eq!(paths, vec!["simulation.days", "calendar.holidays", "case_types[0].service_time.cv"]);
}

#[test]
fn overrides_go_through_the_same_validation() {
    let ok = load_str(BASE, "base.toml", &[parse_override("simulation.days=90").unwrap()]).unwrap();
    assert_eq!(ok.scenario.simulation.days, 90);
    assert_eq!(ok.overrides, vec!["simulation.days=90"]);
    match load_str(BASE, "base.toml", &[parse_override("portal.no_show_prob=2").unwrap()]) {
        Err(ScenarioError::Invalid { problems, .. }) => assert_eq!(problems[0].path, "portal.no_show_prob"),
        other => panic!("{other:?}"),
    }
    match load_str(BASE, "base.toml", &[parse_override("simulation.dayz=3").unwrap()]) {
        Err(ScenarioError::Invalid { problems, .. }) => assert!(problems[0].message.contains("did you mean")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn problems_give_the_line_where_the_key_stands() {
    let text = BASE.replace("cv = 0.5", "cv = -0.5").replace("days = 30", "days = 30\ndayz = 3");
    let problems = problems(&text);
    let at = |path: &str| problems.iter().find(|p| p.path == path).and_then(|p| p.line);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    assert_eq!(at("case_types[0].service_time.cv"), line_of("cv = -0.5"));
    assert_eq!(at("simulation.dayz"), line_of("dayz"));
    assert!(problems.iter().all(|p| p.to_string().starts_with("line ")));
}

#[test]
fn empty_lists_and_duplicate_team_names_are_errors() {
    // No case types at all: the office has nothing to do.
    let text = format!("case_types = []\n{}", BASE.replace("[[case_types]]\nname = \"renewal\"\narrivals = { process = \"poisson\", per_week = 50 }\nchannels = { portal = 0.8, walkin = 0.2 }\nservice_time = { dist = \"lognormal\", mean_min = 20, cv = 0.5 }\n", ""));
    let found = problems(&text);
    let p = found.iter().find(|p| p.path == "case_types").unwrap_or_else(|| panic!("{found:#?}"));
    assert!(p.message.starts_with("empty; expected at least one [[case_types]]"), "{}", p.message);

    let p = one_problem(&BASE.replace("name = \"desk\"", "name = \"clerks\""));
    assert_eq!(p.path, "staff[1].name");
    assert!(p.message.contains("duplicate staff group name"), "{}", p.message);

    let p = one_problem(&format!("{BASE}[walkin]\nhours = []\n"));
    assert_eq!(p.path, "walkin.hours");
    assert!(p.message.starts_with("empty; expected at least one window"), "{}", p.message);
}
