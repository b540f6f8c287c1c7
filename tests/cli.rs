//! The command line: exit codes, messages, output files, and bit-identical results for any
//! number of threads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn amtsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().expect("runs")
}

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core-office.toml")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn same_seed_gives_byte_identical_results_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str| {
        let out = dir.path().join(format!("t{threads}"));
        let o = amtsim(&[
            "run",
            scenario().to_str().unwrap(),
            "--replications",
            "4",
            "--set",
            "simulation.days=60",
            "--threads",
            threads,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        (std::fs::read(out.join("summary.json")).unwrap(), std::fs::read(out.join("daily.csv")).unwrap())
    };
    let (s1, d1) = run("1");
    let (s2, d2) = run("2");
    assert_eq!(s1, s2, "summary.json differs between 1 and 2 threads");
    assert_eq!(d1, d2, "daily.csv differs between 1 and 2 threads");
    let summary: serde_json::Value = serde_json::from_slice(&s1).unwrap();
    for name in [
        "walkin_wait_mean_min",
        "walkin_wait_prob",
        "walkin_queue_len_mean",
        "walkin_served",
        "walkin_sent_home",
        "appointments_served",
        "no_shows",
    ] {
        let f = &summary["figures"][name];
        assert!(
            f["mean"].is_number() && f["ci95_low"].is_number() && f["ci95_high"].is_number() && f["unit"].is_string(),
            "{name}: {f}"
        );
    }
    assert_eq!(summary["replications"], 4);
    assert_eq!(summary["scenario"]["file_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(summary["scenario"]["overrides"][0], "simulation.days=60");
    // 4 replications x 60 days + header.
    assert_eq!(String::from_utf8(d1).unwrap().lines().count(), 241);
}

#[test]
fn refuses_to_overwrite_results_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let file = scenario();
    let args = ["run", file.to_str().unwrap(), "-r", "2", "--set", "simulation.days=35", "--out", out];
    assert!(amtsim(&args).status.success());
    let before = std::fs::read(dir.path().join("summary.json")).unwrap();
    let again = amtsim(&args);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(std::fs::read(dir.path().join("summary.json")).unwrap(), before);
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(amtsim(&forced).status.success());
}

#[test]
fn invalid_scenarios_exit_with_2_and_name_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(scenario()).unwrap().replace("no_show_prob = 0.09", "no_show_prob = 9");
    std::fs::write(&bad, text).unwrap();
    let out = dir.path().join("o");
    for args in
        [vec!["check", bad.to_str().unwrap()], vec!["run", bad.to_str().unwrap(), "--out", out.to_str().unwrap()]]
    {
        let o = amtsim(&args);
        let cmd = args[0];
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let e = stderr(&o);
        assert!(e.contains("bad.toml") && e.contains("portal.no_show_prob = 9") && e.contains("from 0 to 1"), "{e}");
    }
    let o = amtsim(&["check", dir.path().join("missing.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.toml"));
    let o = amtsim(&["check", scenario().to_str().unwrap(), "--set", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("PATH=VALUE"));
}

#[test]
fn check_accepts_the_bundled_scenario() {
    let o = amtsim(&["check", scenario().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains(": ok"));
}

#[test]
fn init_writes_a_valid_starter_and_does_not_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    assert!(amtsim(&["init", file.to_str().unwrap()]).status.success());
    assert!(amtsim(&["check", file.to_str().unwrap()]).status.success());
    let again = amtsim(&["init", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(amtsim(&["init", file.to_str().unwrap(), "--force"]).status.success());
}

#[test]
fn timing_reports_time_per_replication_events_and_peak_memory() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario();
    let common = ["--set", "simulation.days=30", "-r", "2", "--threads", "1", "--timing"];
    let run_out = dir.path().join("run");
    let o = amtsim(&[&["run", file.to_str().unwrap(), "--out", run_out.to_str().unwrap()], &common[..]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let run_line = stdout.lines().find(|l| l.starts_with("timing: ")).expect("a timing line");
    assert!(run_line.contains("ms per replication") && run_line.contains("million events/s"), "{run_line}");
    let sweep_out = dir.path().join("sweep");
    let sweep =
        ["sweep", file.to_str().unwrap(), "--param", "simulation.seed=1,2", "--out", sweep_out.to_str().unwrap()];
    let o = amtsim(&[&sweep[..], &common[..]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let sweep_line = stdout.lines().find(|l| l.starts_with("timing: ")).expect("a timing line");
    assert!(sweep_line.contains("ms per run"), "{sweep_line}");
    if cfg!(target_os = "linux") {
        // The process's peak, a few megabytes for this small office (the binary alone is more than one).
        for line in [run_line, sweep_line] {
            let mb: f64 = line.rsplit("peak memory ").next().unwrap().trim_end_matches(" MB").parse().unwrap();
            assert!((1.0..1000.0).contains(&mb), "{line}");
        }
    }
}

/// `amtsim --version` names the commit it was built from (a result can be traced to its
/// source), or says that it was built outside a git checkout.
#[test]
fn the_version_names_the_commit() {
    let out = amtsim(&["--version"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let inner = text.split('(').nth(1).and_then(|t| t.split(')').next()).unwrap_or("");
    let commit = inner.split(',').next().unwrap_or("");
    let hex = commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit());
    assert!(text.starts_with(&format!("amtsim {} (", env!("CARGO_PKG_VERSION"))), "{text}");
    assert!(hex || commit == "unknown commit", "{text}");
}

#[test]
fn quiet_prints_nothing_but_keeps_the_results_and_the_data_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q");
    let s = scenario();
    let o = amtsim(&[
        "run",
        s.to_str().unwrap(),
        "-q",
        "-o",
        out.to_str().unwrap(),
        "-r",
        "2",
        "--set",
        "simulation.days=60",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(out.join("summary.json").exists() && out.join("manifest.json").exists());
    let o = amtsim(&["--quiet", "check", s.to_str().unwrap()]);
    assert!(o.status.success() && o.stdout.is_empty());
    // Errors are still said.
    let o = amtsim(&["-q", "check", "no-such-file.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-file.toml"));
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = amtsim(&["completions", shell]);
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success() && text.contains("amtsim"), "{shell}");
        for command in ["run", "compare", "sweep", "staff", "merge", "report", "plot", "fit"] {
            assert!(text.contains(command), "{shell}: no {command}");
        }
    }
    let o = amtsim(&["man"]);
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && page.contains(".TH amtsim 1"));
    assert!(page.contains(env!("CARGO_PKG_VERSION")) && page.contains("\\-\\-quiet"));
}
