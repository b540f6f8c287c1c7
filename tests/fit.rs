//! `amtsim fit`: fitting a log amtsim generated recovers the parameters that generated it;
//! data problems are warned about; column and status mapping; bad input.

mod common;

use amtsim::fit::{fit, fragment, FitOptions, Interval, Trend};
use amtsim::model::simulate_logged;
use amtsim::output::appointments_csv;
use amtsim::scenario::{load_file, load_str};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The log of the example scenario, generated afresh (replication 0, the scenario's seed).
fn example_log() -> String {
    let loaded = load_file(&root().join("scenarios/fit-example.toml"), &[]).unwrap_or_else(|e| panic!("{e}"));
    let plan = amtsim::model::Plan::new(loaded.scenario);
    let (_, log) = simulate_logged(&plan, 0);
    appointments_csv(&log, &plan)
}

fn amtsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().expect("runs")
}

fn assert_in(what: &str, truth: f64, i: Option<&Interval>) {
    let i = i.unwrap_or_else(|| panic!("{what}: not estimated"));
    println!("{what}: true {truth}, fitted {:.4} [{:.4}, {:.4}], n = {}", i.value, i.low, i.high, i.n);
    assert!(i.contains(truth), "{what}: true {truth} outside the 99% CI {i:?}");
}

#[test]
fn the_shipped_example_log_is_what_the_example_scenario_generates() {
    let shipped = std::fs::read_to_string(root().join("scenarios/fit-example/appointments.csv")).unwrap();
    assert!(shipped == example_log(), "regenerate it with the command in scenarios/fit-example.toml");
}

#[test]
fn fitting_the_example_log_recovers_every_generating_parameter() {
    let options = FitOptions { level: 0.99, ..FitOptions::default() };
    let fitted = fit(&example_log(), "example", &options).unwrap();
    assert_eq!(fitted.period.weeks, 52);
    // The values of scenarios/fit-example.toml.
    let truth = [
        ("residence_permit", 40.0, 25.0, 0.5),
        ("settlement_permit", 15.0, 40.0, 0.4),
        ("card_pickup", 25.0, 8.0, 0.3),
    ];
    for (name, per_week, mean_min, cv) in truth {
        let case = fitted.cases.iter().find(|c| c.name == name).unwrap();
        assert_in(&format!("{name} per_week"), per_week, Some(&case.demand.per_week));
        let service = case.service.expect("service times");
        assert_in(&format!("{name} service mean_min"), mean_min, Some(&service.mean_min));
        assert_in(&format!("{name} service cv"), cv, Some(&service.cv));
        match (&case.demand.trend, name) {
            (Trend::Written(t), "residence_permit") => assert_in("residence_permit trend_per_year", 0.3, Some(t)),
            (Trend::NotSignificant(t), _) => assert!(t.contains(0.0)),
            (other, _) => panic!("{name}: unexpected trend finding {other:?}"),
        }
    }
    assert_in("no_show_prob", 0.09, fitted.outcomes.no_show.as_ref());
    assert_in("cancel_prob", 0.06, fitted.outcomes.cancel.as_ref());
}

/// A minimal scenario around a fitted fragment.
fn with_fragment(fragment: &str) -> String {
    let calendar = common::open_weekdays("[\"08:00-16:00\"]");
    format!(
        "[simulation]\nstart_date = \"2025-01-06\"\ndays = 14\n{calendar}\n[[staff]]\nname = \"clerks\"\nhead_count = 3\nwork = \"appointments\"\n{fragment}"
    )
}

#[test]
fn the_fragment_is_valid_scenario_text() {
    let fitted = fit(&example_log(), "example", &FitOptions::default()).unwrap();
    let text = fragment(&fitted);
    let loaded = load_str(&with_fragment(&text), "fitted.toml", &[]).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let s = &loaded.scenario;
    assert_eq!(s.case_types.len(), 3);
    assert!(s.case_types[0].arrivals.modulation.is_some(), "the trend of the residence permits is written");
    assert!(s.case_types[1].arrivals.modulation.is_none());
    assert!((s.portal.no_show_prob - fitted.outcomes.no_show.unwrap().value).abs() < 1e-4);
    // And through the command line: -o writes it, refuses to overwrite, amtsim check accepts it.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.csv");
    std::fs::write(&log, example_log()).unwrap();
    let out = dir.path().join("fragment.toml");
    let (log, out_s) = (log.to_str().unwrap(), out.to_str().unwrap());
    let o = amtsim(&["fit", log, "-o", out_s]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("residence_permit"));
    let o = amtsim(&["fit", log, "-o", out_s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    let scenario = dir.path().join("fitted.toml");
    std::fs::write(&scenario, with_fragment(&std::fs::read_to_string(&out).unwrap())).unwrap();
    let o = amtsim(&["check", scenario.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A small log: `days` weekdays from Monday 2025-03-03 with `per_day` appointments, every
/// fifth a no-show; `edit` changes rows.
fn small_log(days: u32, per_day: u32, edit: impl Fn(u32, u32, String) -> String) -> String {
    let mut out = String::from("booking_time,appointment_time,case_type,status,service_start,service_end\n");
    let start = chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    let mut day = start;
    for d in 0..days {
        while matches!(chrono::Datelike::weekday(&day), chrono::Weekday::Sat | chrono::Weekday::Sun) {
            day = day.succ_opt().unwrap();
        }
        let booked = day - chrono::Days::new(3);
        for i in 0..per_day {
            let (h, m) = (8 + i / 4, (i % 4) * 15);
            let row = if (d * per_day + i).is_multiple_of(5) {
                format!("{booked} 10:{:02},{day} {h:02}:{m:02},general,no_show,,\n", i % 60)
            } else {
                format!(
                    "{booked} 10:{:02},{day} {h:02}:{m:02},general,attended,{day} {h:02}:{m:02},{day} {h:02}:{:02}\n",
                    i % 60,
                    m + 12
                )
            };
            out.push_str(&edit(d, i, row));
        }
        day = day.succ_opt().unwrap();
    }
    out
}

#[test]
fn a_day_of_only_no_shows_is_reported() {
    let log = small_log(40, 16, |d, _, row| if d == 17 { row.replace("attended", "no_show") } else { row });
    let fitted = fit(&log, "log.csv", &FitOptions::default()).unwrap();
    let flagged: Vec<&String> =
        fitted.warnings.iter().filter(|w| w.contains("attendance was probably not recorded")).collect();
    assert_eq!(flagged.len(), 1, "{:?}", fitted.warnings);
    assert!(flagged[0].starts_with("2025-03-26: 16 of 16"), "{}", flagged[0]);
    assert!(fitted.warnings.iter().any(|w| w.contains("no-show rows have service times")));
    // Without the bad day nothing is flagged.
    let clean = fit(&small_log(40, 16, |_, _, row| row), "log.csv", &FitOptions::default()).unwrap();
    assert!(!clean.warnings.iter().any(|w| w.contains("not recorded")), "{:?}", clean.warnings);
}

#[test]
fn unreadable_rows_are_counted_with_their_lines() {
    let log = small_log(10, 8, |d, i, row| match (d, i) {
        (0, 1) => row.replace("2025-", "25-"),
        (2, 3) => "garbage\n".to_string(),
        (4, 0) => row.replace(",general,", ",,"),
        _ => row,
    });
    let fitted = fit(&log, "log.csv", &FitOptions::default()).unwrap();
    let w = fitted.warnings.iter().find(|w| w.contains("could not be read")).expect("a warning");
    assert!(w.starts_with("3 of 80 rows could not be read"), "{w}");
    assert!(w.contains("lines 3, 21, 34"), "{w}");
    assert_eq!(fitted.rows_read, 77);
}

#[test]
fn a_german_semicolon_export_is_read_with_mapped_columns_and_words() {
    let english = small_log(10, 8, |_, _, row| row);
    let german: String = english
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                return "Gebucht am;Termin;Anliegen;Status;Beginn;Ende\n".to_string();
            }
            let to_german = |t: &str| {
                chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M")
                    .map_or(String::new(), |d| d.format("%d.%m.%Y %H:%M").to_string())
            };
            let c: Vec<&str> = line.split(',').collect();
            let status = if c[3] == "attended" { "Erledigt" } else { "Nicht erschienen" };
            format!(
                "{};{};{};{status};{};{}\n",
                to_german(c[0]),
                to_german(c[1]),
                c[2],
                to_german(c[4]),
                to_german(c[5])
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let (en, de) = (dir.path().join("en.csv"), dir.path().join("de.csv"));
    std::fs::write(&en, &english).unwrap();
    std::fs::write(&de, &german).unwrap();
    let mapped = [
        "--booking-col",
        "Gebucht am",
        "--appointment-col",
        "Termin",
        "--case-col",
        "Anliegen",
        "--status-col",
        "Status",
        "--start-col",
        "Beginn",
        "--end-col",
        "Ende",
        "--status",
        "attended=Erledigt",
    ];
    let o_de = amtsim(&[&["fit", de.to_str().unwrap()][..], &mapped[..]].concat());
    let o_en = amtsim(&["fit", en.to_str().unwrap()]);
    assert!(o_de.status.success(), "{}", String::from_utf8_lossy(&o_de.stderr));
    let strip = |o: &Output| String::from_utf8_lossy(&o.stdout).lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(strip(&o_de), strip(&o_en), "the German file gives the same fragment as the English one");
    assert!(strip(&o_de).contains("mean_min = 12.00"));
}

fn fit_error(log: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.csv");
    std::fs::write(&path, log).unwrap();
    let o = amtsim(&[&["fit", path.to_str().unwrap()][..], extra].concat());
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty());
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn bad_input_names_file_line_column_and_value() {
    let log = small_log(5, 4, |d, i, row| if (d, i) == (1, 2) { row.replace("attended", "verschoben") } else { row });
    let e = fit_error(&log, &[]);
    assert!(e.contains("office.csv, line 8, column status: \"verschoben\": unknown status word"), "{e}");
    assert!(e.contains("--status"), "{e}");
    let e = fit_error(&small_log(5, 4, |_, _, r| r), &["--case-col", "Anliegen"]);
    assert!(e.contains("office.csv, line 1, column Anliegen") && e.contains("no column \"Anliegen\""), "{e}");
    let e = fit_error(&small_log(5, 4, |_, _, r| r), &["--start-col", "Beginn"]);
    assert!(e.contains("--start-col"), "{e}");
    let e = fit_error(&small_log(5, 4, |_, _, r| r), &["--status", "came=ja"]);
    assert!(e.contains("--status came=ja") && e.contains("attended"), "{e}");
    let e = fit_error("", &[]);
    assert!(e.contains("office.csv") && e.contains("empty"), "{e}");
    let e = fit_error("booking_time,appointment_time,case_type,status\n", &[]);
    assert!(e.contains("no readable rows"), "{e}");
    assert!(!Path::new("office.csv").exists());
}

#[test]
fn a_windows_1252_export_with_umlauts_gives_the_same_fit_as_its_utf8_twin() {
    // Case types with umlauts, one comment cell over two lines (quoted), as Excel writes them.
    let log = small_log(10, 8, |d, i, row| {
        let row = row.replace("general", if i % 2 == 0 { "Verlängerung" } else { "Aufenthaltsgesetz §81" });
        if (d, i) == (3, 2) {
            row.trim_end().to_string() + ",\"Rückruf erbeten,\nzweite Zeile\"\n"
        } else {
            row
        }
    })
    .replacen("service_end\n", "service_end,Bemerkung\n", 1);
    let (ansi, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&log);
    assert!(!unmappable && std::str::from_utf8(&ansi).is_err(), "the twin is not UTF-8");
    let dir = tempfile::tempdir().unwrap();
    let (utf8, cp1252) = (dir.path().join("utf8.csv"), dir.path().join("ansi.csv"));
    std::fs::write(&utf8, &log).unwrap();
    std::fs::write(&cp1252, &*ansi).unwrap();
    let o_utf8 = amtsim(&["fit", utf8.to_str().unwrap()]);
    let o_ansi = amtsim(&["fit", cp1252.to_str().unwrap()]);
    assert!(o_ansi.status.success(), "{}", String::from_utf8_lossy(&o_ansi.stderr));
    let fragment = |o: &Output| String::from_utf8_lossy(&o.stdout).lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(fragment(&o_ansi), fragment(&o_utf8));
    assert!(fragment(&o_ansi).contains("Verlängerung") && fragment(&o_ansi).contains("Aufenthaltsgesetz §81"));
    assert!(!fragment(&o_ansi).contains('\u{fffd}'));
    assert!(String::from_utf8_lossy(&o_ansi.stderr).contains("as Windows-1252 (not valid UTF-8)"));
    assert!(String::from_utf8_lossy(&o_utf8.stderr).contains("as UTF-8"));
    // Every row is read, the one with the two-line comment included.
    let summary = String::from_utf8_lossy(&o_utf8.stderr).to_string();
    assert!(!summary.contains("could not be read"), "{summary}");
    let fitted = fit(&log, "log.csv", &FitOptions::default()).unwrap();
    assert_eq!(fitted.rows_read, 80);
    // Insisting on UTF-8 names the first bad byte and its line.
    let o = amtsim(&["fit", cp1252.to_str().unwrap(), "--encoding", "utf-8"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not valid UTF-8 (byte"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
