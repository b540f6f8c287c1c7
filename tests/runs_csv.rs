//! runs.csv of `run` and `compare`: one row per replication (and arm) with every figure, read
//! back with the csv crate; the mean of each column is the mean summary.json or compare.json
//! reports, so an analyst's own statistics start from the same numbers.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml");

fn amtsim(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Per arm ("" for run): per column, the values in row order (None: undefined, empty cell).
fn read_runs(path: &Path) -> HashMap<String, HashMap<String, Vec<Option<f64>>>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    let mut arms: HashMap<String, HashMap<String, Vec<Option<f64>>>> = HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record.len(), header.len());
        let arm = if &header[0] == "arm" { record[0].to_string() } else { String::new() };
        let columns = arms.entry(arm).or_default();
        for (name, cell) in header.iter().zip(record.iter()) {
            if name != "arm" {
                assert!(cell.is_empty() || cell.parse::<f64>().is_ok(), "{name}: {cell:?}");
                columns.entry(name.to_string()).or_default().push(cell.parse::<f64>().ok());
            }
        }
    }
    arms
}

fn mean<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    let values: Vec<f64> = values.into_iter().copied().collect();
    values.iter().sum::<f64>() / values.len() as f64
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn runs_csv_of_run_and_compare_gives_the_reported_means() {
    let dir = tempfile::tempdir().unwrap();
    let short = ["-r", "4", "--set", "simulation.days=90", "--set", "simulation.warmup_days=14"];
    let run = dir.path().join("run");
    amtsim(&[&["run", FILE, "-o", run.to_str().unwrap()][..], &short].concat());
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).unwrap()).unwrap();
    let arms = read_runs(&run.join("runs.csv"));
    let columns = &arms[""];
    assert_eq!(columns["replication"], [Some(0.0), Some(1.0), Some(2.0), Some(3.0)]);
    let mut checked = 0;
    for (name, figure) in summary["figures"].as_object().unwrap() {
        let Some(reported) = figure["mean"].as_f64() else { continue };
        let values: Vec<f64> = columns
            .get(name)
            .unwrap_or_else(|| panic!("runs.csv has no column {name}"))
            .iter()
            .flatten()
            .copied()
            .collect();
        assert_eq!(values.len() as u64, figure["replications"].as_u64().unwrap(), "{name}");
        assert!(close(mean(&values), reported), "{name}: {} vs {reported}", mean(&values));
        checked += 1;
    }
    assert!(checked > 50, "{checked} figures checked");

    let compare = dir.path().join("compare");
    amtsim(&[&["compare", FILE, "-o", compare.to_str().unwrap()][..], &short].concat());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(compare.join("compare.json")).unwrap()).unwrap();
    let arms = read_runs(&compare.join("runs.csv"));
    let policies = json["policies"].as_object().unwrap();
    assert_eq!(arms.len(), policies.len() + 1, "the baseline and every policy");
    for (policy, body) in policies {
        for (name, figure) in body["figures"].as_object().unwrap() {
            // compare.json pairs the arms: its means are over replications where both are defined.
            let pairs: Vec<(f64, f64)> = (arms["baseline"][name].iter().zip(&arms[policy.as_str()][name]))
                .filter_map(|(b, p)| b.zip(*p))
                .collect();
            assert_eq!(pairs.len() as u64, figure["replications"].as_u64().unwrap(), "{policy} {name}");
            let sides: [(&str, Vec<f64>); 2] =
                [("baseline", pairs.iter().map(|p| p.0).collect()), ("policy", pairs.iter().map(|p| p.1).collect())];
            for (side, values) in sides {
                let Some(reported) = figure[side]["mean"].as_f64() else { continue };
                let found = mean(&values);
                assert!(close(found, reported), "{policy} {side} {name}: {found} vs {reported}");
            }
        }
    }
}
