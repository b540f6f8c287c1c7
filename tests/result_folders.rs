//! A result folder holds one finished run: `--force` replaces the earlier run's files (and
//! only those), a manifest lists every file with its size and SHA-256, and `report`, `plot`
//! and `merge` refuse a folder that was cut short, edited or mixed afterwards, naming the
//! file. Temporary files of a killed writer do not survive the next start.

use std::path::Path;
use std::process::{Command, Output};

fn amtsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().expect("runs")
}

fn ok(args: &[&str]) -> Output {
    let out = amtsim(args);
    assert!(out.status.success(), "amtsim {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// Refused as the user's mistake (exit code 2), with `needle` in the message.
fn refused(args: &[&str], needle: &str) {
    let out = amtsim(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "amtsim {args:?}: {stderr}");
    assert!(stderr.contains(needle), "amtsim {args:?}: {needle:?} not in {stderr}");
}

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml");
const SHORT: [&str; 6] = ["-r", "2", "--set", "simulation.days=80", "--set", "simulation.warmup_days=14"];

/// Every file under `dir`, relative, sorted (the lock file left out).
fn files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), found);
            } else if name != ".amtsim.lock" {
                found.push(name);
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, "", &mut found);
    found.sort();
    found
}

fn manifest_paths(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(manifest["amtsim_version"].as_str().unwrap().starts_with(env!("CARGO_PKG_VERSION")));
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
    manifest["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
}

#[test]
fn force_leaves_only_the_new_runs_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let o = out.to_str().unwrap();
    ok(&[&["run", FILE, "-o", o, "--report", "--png", "--appointment-log"][..], &SHORT].concat());
    let first = files(&out);
    assert!(first.contains(&"report.html".into()) && first.contains(&"appointments.csv".into()));
    assert!(first.iter().any(|f| f.ends_with(".png")));
    // The analyst's own files, also of the kinds amtsim writes (`--out . --force` in a
    // project folder must not delete the project).
    std::fs::write(out.join("notes.txt"), "the analyst's own notes").unwrap();
    std::fs::write(out.join("data.csv"), "a,b\n").unwrap();
    std::fs::write(out.join("Cargo.toml"), "[package]\n").unwrap();

    ok(&[&["run", FILE, "-o", o, "--force"][..], &SHORT].concat());
    ok(&[&["run", FILE, "-o", o, "--force"][..], &SHORT].concat());
    let second = files(&out);
    for gone in ["report.html", "appointments.csv"] {
        assert!(!second.contains(&gone.into()), "{gone} of the earlier run is still there: {second:?}");
    }
    assert!(!second.iter().any(|f| f.ends_with(".png")), "{second:?}");
    for own in ["notes.txt", "data.csv", "Cargo.toml"] {
        assert!(second.contains(&own.into()), "{own}: files amtsim did not write stay");
    }
    // The manifest lists exactly the new run's files.
    let mut listed = manifest_paths(&out);
    listed.extend(["manifest.json", "notes.txt", "data.csv", "Cargo.toml"].map(String::from));
    listed.sort();
    assert_eq!(listed, second);
    // `report` into the folder adds report.html to the manifest.
    ok(&["report", o]);
    assert!(manifest_paths(&out).contains(&"report.html".into()));
    ok(&["plot", o]);
}

#[test]
fn a_cut_edited_or_mixed_folder_is_refused_with_the_files_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let o = out.to_str().unwrap();
    ok(&[&["run", FILE, "-o", o][..], &SHORT].concat());
    let daily = out.join("daily.csv");
    let whole = std::fs::read(&daily).unwrap();
    // Cut in the middle of the last line.
    std::fs::write(&daily, &whole[..whole.len() - 7]).unwrap();
    refused(&["report", o], "daily.csv: ");
    refused(&["plot", o], "daily.csv: ");
    // The same length, one digit changed.
    let mut edited = whole.clone();
    let at = edited.iter().rposition(u8::is_ascii_digit).unwrap();
    edited[at] = if edited[at] == b'1' { b'2' } else { b'1' };
    std::fs::write(&daily, &edited).unwrap();
    refused(&["report", o], "SHA-256");
    std::fs::write(&daily, &whole).unwrap();
    ok(&["report", o]);
    // A file of another run put beside the results.
    std::fs::write(out.join("compare.json"), "{}").unwrap();
    refused(&["report", o], "compare.json: not listed in manifest.json");
    std::fs::remove_file(out.join("compare.json")).unwrap();
    // No manifest: the run never finished.
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    refused(&["report", o], "no manifest.json");
}

#[test]
fn merge_refuses_an_edited_or_unfinished_shard() {
    let dir = tempfile::tempdir().unwrap();
    let shard = |i: usize| dir.path().join(format!("s{i}")).display().to_string();
    for i in 0..2 {
        let spec = format!("{i}/2");
        let o = shard(i);
        let args = ["sweep", FILE, "-o", &o, "--shard", &spec, "--param", "staff[2].head_count=1:2:1"];
        ok(&[&args[..], &SHORT].concat());
    }
    let runs = Path::new(&shard(1)).join("runs.csv");
    let text = std::fs::read_to_string(&runs).unwrap();
    std::fs::write(&runs, &text[..text.len() - 3]).unwrap();
    let merged = dir.path().join("merged").display().to_string();
    refused(&["merge", &merged, &shard(0), &shard(1)], "runs.csv: ");
    std::fs::write(&runs, &text).unwrap();
    std::fs::remove_file(Path::new(&shard(1)).join("manifest.json")).unwrap();
    refused(&["merge", &merged, &shard(0), &shard(1)], "is the shard complete?");
    assert!(!Path::new(&merged).exists(), "nothing merged");
}

#[test]
fn a_killed_writers_temporary_files_are_gone_after_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    std::fs::create_dir(&out).unwrap();
    // What a killed run leaves: its lock file and a half-written temporary file.
    std::fs::write(out.join(".amtsim.lock"), "").unwrap();
    std::fs::write(out.join(".daily.csv.tmp-4711"), "date,day\n2025-01-0").unwrap();
    ok(&[&["run", FILE, "-o", out.to_str().unwrap()][..], &SHORT].concat());
    assert!(!files(&out).iter().any(|f| f.contains(".tmp-")), "{:?}", files(&out));
}
