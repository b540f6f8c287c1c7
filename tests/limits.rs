//! Inputs far beyond any real scenario end with an error that names the limit, never with a
//! stack overflow or a run that takes minutes: deep key paths, deeply nested TOML values,
//! long `extend` chains, thousands of policies.

use std::process::{Command, Output};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml");

fn amtsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().expect("runs")
}

fn refused(args: &[&str], needle: &str) {
    let out = amtsim(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(needle), "{needle:?} not in {stderr}");
}

#[test]
fn a_key_path_of_60000_parts_is_an_error() {
    let path = vec!["a"; 60_000].join(".");
    refused(&["check", FILE, "--set", &format!("{path}=1")], "has more than 32 parts");
    // (A command-line argument holds at most 128 KiB.)
    let indexed = format!("staff{}=1", "[0]".repeat(40_000));
    refused(&["check", FILE, "--set", &indexed], "has more than 32 parts");
    // The same as a policy's key in a scenario file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep-policy.toml");
    let text = std::fs::read_to_string(FILE).unwrap();
    std::fs::write(&file, format!("{text}\n[policies.deep]\n\"{path}\" = 1\n")).unwrap();
    refused(&["check", file.to_str().unwrap()], "has more than 32 parts");
}

#[test]
fn a_deeply_nested_value_in_a_scenario_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.toml");
    let depth = 60_000;
    std::fs::write(&file, format!("x = {}1{}\n", "[".repeat(depth), "]".repeat(depth))).unwrap();
    let out = amtsim(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let table = format!("{}1{}", "{ a = ".repeat(depth), " }".repeat(depth));
    std::fs::write(&file, format!("x = {table}\n")).unwrap();
    let out = amtsim(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_chain_of_forty_extends_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(FILE, dir.path().join("f0.toml")).unwrap();
    for i in 1..=40 {
        std::fs::write(dir.path().join(format!("f{i}.toml")), format!("extend = \"f{}.toml\"\n", i - 1)).unwrap();
    }
    let last = dir.path().join("f40.toml");
    refused(&["check", last.to_str().unwrap()], "more than 16 files in one chain of extend");
    // A chain of ten is fine.
    amtsim(&["check", dir.path().join("f10.toml").to_str().unwrap()]).status.success().then_some(()).unwrap();
}

#[test]
fn ten_thousand_policies_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.toml");
    let text = std::fs::read_to_string(FILE).unwrap();
    let mut scenario = text.split("\n[policies").next().unwrap().to_string();
    for i in 0..10_000 {
        scenario.push_str(&format!("\n[policies.p{i}]\n\"portal.horizon_days\" = {}\n", 20 + i % 60));
    }
    std::fs::write(&file, scenario).unwrap();
    let out = amtsim(&["check", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().filter(|l| l.starts_with("policy p") && l.ends_with(": ok (1 change)")).count(), 10_000);
}

#[test]
fn devices_folders_and_oversized_files_are_refused_before_reading() {
    refused(&["check", "/dev/zero"], "is a device or socket, not a file");
    let dir = tempfile::tempdir().unwrap();
    refused(&["check", dir.path().to_str().unwrap()], "is a folder, not a file");
    let big = dir.path().join("big.toml");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(17 << 20).unwrap(); // sparse: nothing to write
    refused(&["check", big.to_str().unwrap()], "above the limit of 16777216 bytes");
    refused(&["fit", "/dev/zero"], "is a device or socket, not a file");
}
