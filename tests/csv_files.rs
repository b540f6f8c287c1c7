//! The CSV files are real CSV: a case type or team named with commas and quotes reads back,
//! cell for cell, with the csv crate (as pandas and R read RFC 4180), and every row has the
//! header's number of cells.

use std::path::Path;
use std::process::Command;

const CASE: &str = "Asyl, Duldung \"neu\"";
const TEAM: &str = "Team \"Süd\", Schalter";

/// Every record of `path` with the csv crate: the header and the rows.
fn read(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{}: {e}", path.display())).iter().map(str::to_string).collect())
        .collect();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), header.len(), "{}: row {i}", path.display());
    }
    (header, rows)
}

/// Runs the district office with its general case type and team renamed to `CASE` and
/// `TEAM`, with the appointment log and `extra` options; returns the result folder.
fn run_with_names(dir: &Path, extra: &[&str]) -> std::path::PathBuf {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml")).unwrap();
    let toml_string = |s: &str| format!("\"{}\"", s.replace('"', "\\\""));
    let text =
        source.replace("\"general_renewal\"", &toml_string(CASE)).replace("\"general_team\"", &toml_string(TEAM));
    let file = dir.join("names.toml");
    std::fs::write(&file, text).unwrap();
    let out = dir.join("run");
    let status = Command::new(env!("CARGO_BIN_EXE_amtsim"))
        .args(["-q", "run", file.to_str().unwrap(), "-o", out.to_str().unwrap(), "-r", "2", "--appointment-log"])
        .args(["--set", "simulation.days=80", "--set", "simulation.warmup_days=14"])
        .args(extra)
        .status()
        .unwrap();
    assert!(status.success());
    out
}

#[test]
fn names_with_commas_and_quotes_read_back_from_every_csv_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_with_names(dir.path(), &["--report"]);
    for name in ["daily.csv", "permits_daily.csv", "appointments.csv"] {
        read(&out.join(name));
    }
    let (header, rows) = read(&out.join("portal_daily.csv"));
    let column = header.iter().position(|h| h == "case_type").expect("a case_type column");
    assert!(rows.iter().any(|r| r[column] == CASE), "the case type's name reads back");
    let (header, rows) = read(&out.join("staff_daily.csv"));
    let column = header.iter().position(|h| h == "group").expect("a group column");
    assert!(rows.iter().any(|r| r[column] == TEAM), "the team's name reads back");
    let (header, rows) = read(&out.join("appointments.csv"));
    let column = header.iter().position(|h| h == "case_type").unwrap();
    assert!(rows.iter().any(|r| r[column] == CASE));
}

#[test]
fn a_name_with_a_line_break_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml")).unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, source.replace("\"general_team\"", "\"general\\nteam\"")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_amtsim")).args(["check", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr) + String::from_utf8_lossy(&out.stdout);
    assert!(err.contains("staff[0].name") && err.contains("without tabs or line breaks"), "{err}");
}

/// pandas reads every CSV file of a run with such names cell for cell as the csv crate does
/// (the reader analysts use; needs python3 with pandas, which `.ci/run` installs).
#[test]
fn pandas_reads_every_csv_file_cell_for_cell() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_with_names(dir.path(), &[]);
    let files =
        ["daily.csv", "portal_daily.csv", "staff_daily.csv", "permits_daily.csv", "appointments.csv", "runs.csv"];
    // Every cell as text, no missing-value guessing: what pandas parsed, cell for cell.
    let script = r#"
import json, sys
import pandas as pd
out = {}
for name in sys.argv[1:]:
    frame = pd.read_csv(name, dtype=str, keep_default_na=False)
    out[name] = [list(frame.columns)] + frame.values.tolist()
print(json.dumps(out))
"#;
    let result = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(files)
        .current_dir(&out)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}: install python3 with pandas (.ci/run does this)"));
    assert!(
        result.status.success(),
        "pandas could not read the files (python3 -m pip install pandas): {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let parsed: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    for name in files {
        let (header, rows) = read(&out.join(name));
        let by_pandas: Vec<Vec<String>> = parsed[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect())
            .collect();
        assert_eq!(by_pandas[0], header, "{name}: header");
        assert_eq!(by_pandas.len() - 1, rows.len(), "{name}: rows");
        for (i, (a, b)) in by_pandas[1..].iter().zip(&rows).enumerate() {
            assert_eq!(a, b, "{name}: row {i}");
        }
    }
    let runs_header = &parsed["runs.csv"][0];
    assert!(
        runs_header.as_array().unwrap().iter().any(|c| c.as_str().unwrap().contains(CASE)),
        "FIGURE[{CASE}] in runs.csv"
    );
}
