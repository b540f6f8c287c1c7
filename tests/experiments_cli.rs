//! The experiment commands end to end: sweeps identical on 1 and 2 threads, sharded and
//! merged, and resumed after a cut; compare, staff and check output and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn amtsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().expect("runs")
}

fn scenario() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policy-office.toml").display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(args: &[&str]) -> String {
    let o = amtsim(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A small sweep: 2 head counts × 3 reminder factors × 3 replications of 40 days.
fn sweep(out: &Path, extra: &[&str]) -> Output {
    let file = scenario();
    let out = out.to_str().unwrap();
    let mut args = vec![
        "sweep",
        file.as_str(),
        "--param",
        "staff[1].head_count=3:4:1",
        "--param",
        "portal.reminder_factor=0.5,0.75,1",
        "-r",
        "3",
        "--set",
        "simulation.days=40",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    amtsim(&args)
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
}

#[test]
fn a_sweep_is_identical_on_one_and_two_threads_and_sharded_then_merged() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    for (name, threads) in [("t1", "1"), ("t2", "2")] {
        let o = sweep(&d(name), &["--threads", threads]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for f in ["runs.csv", "summary.csv", "sweep.json"] {
        assert_eq!(read(&d("t1"), f), read(&d("t2"), f), "{f} differs between 1 and 2 threads");
    }
    let runs = String::from_utf8(read(&d("t1"), "runs.csv")).unwrap();
    assert_eq!(runs.lines().count(), 1 + 6 * 3);
    assert!(runs.starts_with("point,replication,staff[1].head_count,portal.reminder_factor,walkin_arrivals,"));
    let summary = String::from_utf8(read(&d("t1"), "summary.csv")).unwrap();
    assert!(summary.starts_with(
        "point,staff[1].head_count,portal.reminder_factor,figure,unit,replications,mean,ci95_low,ci95_high\n"
    ));

    let shards: Vec<PathBuf> = (0..4).map(|i| d(&format!("shard{i}"))).collect();
    for (i, s) in shards.iter().enumerate() {
        let o = sweep(s, &["--shard", &format!("{i}/4"), "--threads", "1"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let merged = d("merged");
    let mut args = vec!["merge".to_string(), merged.display().to_string()];
    args.extend(shards.iter().rev().map(|s| s.display().to_string()));
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    for f in ["runs.csv", "summary.csv", "sweep.json", "warnings.json"] {
        assert_eq!(read(&merged, f), read(&d("t1"), f), "merged {f} differs from the unsharded sweep");
    }
    // Every point of three replications carries the warning about few replications.
    let warnings: serde_json::Value = serde_json::from_slice(&read(&merged, "warnings.json")).unwrap();
    let points = warnings["points"].as_array().unwrap();
    assert_eq!(points.len(), 6, "{warnings}");
    assert!(points.iter().all(|p| p["warnings"][0]["code"] == "few_replications" && p["settings"].is_object()));
    // A missing shard is refused with exit code 2.
    let o = amtsim(&["merge", d("m2").to_str().unwrap(), shards[0].to_str().unwrap(), shards[1].to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("4 shards"), "{}", stderr(&o));
}

#[test]
fn resume_after_a_cut_csv_gives_exactly_the_rows_of_an_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    let (full, cut) = (dir.path().join("full"), dir.path().join("cut"));
    assert!(sweep(&full, &[]).status.success());
    let whole = read(&full, "runs.csv");
    // Stop as if killed mid-write: seven complete rows and half of the eighth.
    let lines: Vec<&[u8]> = whole.split_inclusive(|&b| b == b'\n').collect();
    let mut partial: Vec<u8> = lines[..8].concat();
    partial.extend_from_slice(&lines[8][..lines[8].len() / 2]);
    std::fs::create_dir(&cut).unwrap();
    std::fs::write(cut.join("runs.csv"), &partial).unwrap();
    std::fs::write(cut.join("sweep.json"), read(&full, "sweep.json")).unwrap();
    let o = sweep(&cut, &["--resume"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("resuming after 7"));
    assert_eq!(read(&cut, "runs.csv"), whole);
    assert_eq!(read(&cut, "summary.csv"), read(&full, "summary.csv"));
    // Resuming a finished sweep adds nothing; resuming with other settings is refused.
    assert!(sweep(&cut, &["--resume"]).status.success());
    assert_eq!(read(&cut, "runs.csv"), whole);
    let o = sweep(&cut, &["--resume", "--seed", "7"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("another sweep"), "{}", stderr(&o));
    // Without --resume or --force a used folder is refused.
    assert_eq!(sweep(&cut, &[]).status.code(), Some(2));
}

#[test]
fn compare_writes_paired_differences_for_every_policy() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let file = scenario();
    let stdout = ok(&["compare", &file, "-r", "4", "--set", "simulation.days=40", "--out", out.to_str().unwrap()]);
    assert!(stdout.contains("policy reminders") && stdout.contains("policy more_clerks"), "{stdout}");
    let json: serde_json::Value = serde_json::from_slice(&read(&out, "compare.json")).unwrap();
    assert_eq!(json["replications"], 4);
    let f = &json["policies"]["reminders"]["figures"]["no_shows"];
    for part in ["baseline", "policy", "diff"] {
        for key in ["mean", "ci95_low", "ci95_high"] {
            assert!(f[part][key].is_number(), "{part}.{key}: {f}");
        }
    }
    assert!(f["diff"]["mean"].as_f64().unwrap() < 0.0);
    assert!(f["p_better"].is_number() && f["variance_reduction"].is_number());
    let csv = String::from_utf8(read(&out, "compare.csv")).unwrap();
    // Every office figure, and each case type's and team's (FIGURE[NAME]) where defined:
    // the same rows as compare.json.
    let figures = amtsim::stats::FIGURES.len();
    let in_json: usize =
        json["policies"].as_object().unwrap().values().map(|p| p["figures"].as_object().unwrap().len()).sum();
    assert!(in_json > 2 * figures, "{in_json}");
    assert_eq!(csv.lines().count(), 1 + in_json);
    let subject = &json["policies"]["reminders"]["figures"]["no_shows[general_law]"];
    assert!(subject["policy"]["mean"].is_number(), "{subject}");
    // Each arm carries its warnings: four replications are too few for every arm.
    for arm in ["baseline", "reminders", "more_clerks"] {
        let warnings = json["warnings"][arm].as_array().unwrap_or_else(|| panic!("{arm}: {}", json["warnings"]));
        assert!(warnings.iter().any(|w| w["code"] == "few_replications"), "{arm}: {warnings:?}");
    }
    assert_eq!(csv.lines().next().unwrap(), amtsim::output::COMPARE_COLUMNS.join(","));
    // One policy by name; an unknown one is a usage error naming the known ones.
    let one = dir.path().join("one");
    ok(&[
        "compare",
        &file,
        "--policy",
        "reminders",
        "-r",
        "2",
        "--set",
        "simulation.days=30",
        "--out",
        one.to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&read(&one, "compare.json")).unwrap();
    assert_eq!(json["policies"].as_object().unwrap().len(), 1);
    // With --precision the replications grow until every arm is precise enough.
    let prec = dir.path().join("prec");
    let args = [
        "compare",
        &file,
        "--policy",
        "reminders",
        "-r",
        "3",
        "--set",
        "simulation.days=30",
        "--precision",
        "appointments_served=0.01",
        "--max-replications",
        "40",
        "--out",
        prec.to_str().unwrap(),
    ];
    ok(&args);
    let json: serde_json::Value = serde_json::from_slice(&read(&prec, "compare.json")).unwrap();
    assert_eq!(json["precision"]["reached"], true, "{}", json["precision"]);
    assert!(json["replications"].as_u64().unwrap() > 3);
    assert_eq!(json["replications"], json["precision"]["replications"]);
    let o = amtsim(&["compare", &file, "--policy", "nope", "--out", dir.path().join("x").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("reminders, more_clerks") || stderr(&o).contains("more_clerks, reminders"));
}

#[test]
fn precision_adds_replications_until_the_interval_is_narrow_enough() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p");
    let file = scenario();
    let stdout = ok(&[
        "run",
        &file,
        "-r",
        "3",
        "--set",
        "simulation.days=40",
        "--precision",
        "appointments_served=0.01",
        "--max-replications",
        "60",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(stdout.contains("precision: appointments_served") && stdout.contains("reached"), "{stdout}");
    let summary: serde_json::Value = serde_json::from_slice(&read(&out, "summary.json")).unwrap();
    let n = summary["replications"].as_u64().unwrap();
    assert!(n > 3 && n <= 60, "{n}");
    let f = &summary["figures"]["appointments_served"];
    let half = (f["ci95_high"].as_f64().unwrap() - f["ci95_low"].as_f64().unwrap()) / 2.0;
    assert!(half / f["mean"].as_f64().unwrap() <= 0.01, "{f}");
    let o = amtsim(&[
        "run",
        &file,
        "--precision",
        "appointments_servd=0.01",
        "--out",
        dir.path().join("q").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    // A case type's figure can be the target; one not reached leaves a warning in the file.
    let short = dir.path().join("r");
    let stdout = ok(&[
        "run",
        &file,
        "-r",
        "3",
        "--set",
        "simulation.days=40",
        "--precision",
        "appointments_served[general_law]=0.0001",
        "--max-replications",
        "4",
        "--out",
        short.to_str().unwrap(),
    ]);
    assert!(stdout.contains("precision: appointments_served[general_law]"), "{stdout}");
    let summary: serde_json::Value = serde_json::from_slice(&read(&short, "summary.json")).unwrap();
    let codes: Vec<&str> =
        summary["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"precision_not_reached"), "{codes:?}");
    // An unknown case type or team is named with the ones there are.
    let o = amtsim(&[
        "run",
        &file,
        "--precision",
        "appointments_served[nobody]=0.01",
        "--out",
        dir.path().join("u").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("general_law") && stderr(&o).contains("general_team"), "{}", stderr(&o));
}

#[test]
fn a_staffing_target_no_head_count_reaches_is_a_warning_in_staff_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let file = scenario();
    let stdout = ok(&[
        "staff",
        &file,
        "--target",
        "no_shows[general_law] <= 0",
        "--group",
        "general_team",
        "--max",
        "3",
        "-r",
        "2",
        "--set",
        "simulation.days=30",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(stdout.contains("answer: none"), "{stdout}");
    let json: serde_json::Value = serde_json::from_slice(&read(&out, "staff.json")).unwrap();
    assert_eq!(json["target"]["figure"], "no_shows[general_law]");
    assert_eq!(json["warnings"][0]["code"], "target_not_reachable", "{}", json["warnings"]);
}

#[test]
fn staff_reports_the_answer_and_the_curve() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let file = scenario();
    let stdout = ok(&[
        "staff",
        &file,
        "--target",
        "portal_next_free_days_mean <= 5",
        "--group",
        "general_team",
        "--max",
        "8",
        "-r",
        "4",
        "--set",
        "simulation.days=60",
        "--out",
        out.to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&read(&out, "staff.json")).unwrap();
    let n = json["answer"].as_u64().expect("an answer");
    assert!(stdout.contains(&format!("needs a head count of {n}")), "{stdout}");
    let curve = json["curve"].as_array().unwrap();
    let at = |k: u64| curve.iter().find(|e| e["head_count"] == k).unwrap_or_else(|| panic!("{k} not evaluated"));
    assert_eq!(at(n)["meets_target"], true);
    assert!(at(n)["ci95_high"].as_f64().unwrap() <= 5.0);
    assert_eq!(at(n - 1)["meets_target"], false);
    let csv = String::from_utf8(read(&out, "staff.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + curve.len());
    let o = amtsim(&[
        "staff",
        &file,
        "--target",
        "portal_next_free_days_mean < 5",
        "--out",
        dir.path().join("t").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    // A target over completed cases only is refused, naming the robust figure.
    let o = amtsim(&[
        "staff",
        &file,
        "--target",
        "decision_lead_time_mean_days <= 14",
        "--out",
        dir.path().join("u").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("counts completed cases only") && e.contains("decision_within_8w_share"), "{e}");
    // A sweep checks its targets by the same rules, before the first run.
    let o = amtsim(&[
        "sweep",
        &file,
        "--param",
        "staff[0].head_count=2,3",
        "--target",
        "walkin_wait_mean_min <= 30",
        "--out",
        dir.path().join("v").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("--target") && e.contains("counts completed cases only"), "{e}");
    assert!(!dir.path().join("v").exists(), "nothing written");
}

#[test]
fn check_validates_every_policy_and_names_the_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = ok(&["check", &scenario()]);
    assert!(stdout.contains("policy reminders: ok") && stdout.contains("policy more_clerks: ok"), "{stdout}");
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(scenario()).unwrap() + "\n[policies.broken]\n\"portal.horizon_dayz\" = 3\n";
    std::fs::write(&bad, text).unwrap();
    let o = amtsim(&["check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("policy \"broken\"") && e.contains("portal.horizon_dayz") && e.contains("bad.toml"), "{e}");
    let sat = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/district-office-saturdays.toml");
    ok(&["check", sat.to_str().unwrap()]);
}

#[test]
fn a_sweep_section_in_the_file_is_swept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("swept.toml");
    let text = std::fs::read_to_string(scenario()).unwrap()
        + "\n[sweep]\nreplications = 2\nparams = [\"portal.horizon_days=28,56\", { path = \"staff[0].head_count\", values = [2, 3] }]\n";
    std::fs::write(&file, text).unwrap();
    assert!(ok(&["check", file.to_str().unwrap()]).contains("sweep: ok (4 grid points)"));
    let out = dir.path().join("o");
    ok(&["sweep", file.to_str().unwrap(), "--set", "simulation.days=30", "--out", out.to_str().unwrap()]);
    let runs = String::from_utf8(read(&out, "runs.csv")).unwrap();
    assert_eq!(runs.lines().count(), 1 + 4 * 2);
    assert!(runs.lines().nth(8).unwrap().starts_with("3,1,56,3,"), "{runs}");
}

#[test]
fn every_bundled_scenario_runs_and_compares() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let tmp = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for (i, file) in files.iter().enumerate() {
        let file = file.to_str().unwrap();
        // A short run keeps this a test of the commands, not of the figures.
        let short = ["-r", "2", "--set", "simulation.days=21", "--set", "simulation.warmup_days=0"];
        for command in ["run", "compare"] {
            let out = tmp.path().join(format!("{i}-{command}"));
            let mut args = vec![command, file, "-o", out.to_str().unwrap()];
            args.extend(short);
            ok(&args);
            assert!(out.join(if command == "run" { "summary.json" } else { "compare.json" }).exists(), "{file}");
        }
    }
    assert!(files.len() >= 9);
}

#[test]
fn staff_never_answers_with_an_overloaded_head_count() {
    // The portal target is met even by one general-law clerk, whose backlog grows without
    // bound: that head count must not be the answer.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/district-office.toml").display().to_string();
    let stdout = ok(&[
        "staff",
        &file,
        "--target",
        "portal_next_free_days_mean <= 60",
        "--group",
        "general_team",
        "--max",
        "16",
        "-r",
        "4",
        "--set",
        "simulation.days=200",
        "--out",
        out.to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&read(&out, "staff.json")).unwrap();
    let curve = json["curve"].as_array().unwrap();
    let one = curve.iter().find(|e| e["head_count"] == 1).expect("the minimum is evaluated");
    assert_eq!((one["overloaded"].clone(), one["meets_target"].clone()), (true.into(), false.into()), "{stdout}");
    assert!(one["ci95_high"].as_f64().unwrap() <= 60.0, "the figure alone would meet the target");
    let n = json["answer"].as_u64().expect("an answer");
    let at_n = curve.iter().find(|e| e["head_count"] == n).unwrap();
    assert_eq!(at_n["overloaded"], false);
    assert!(stdout.contains("overloaded (waiting work grows)"), "{stdout}");
    // Each candidate carries its warnings: the overloaded one its overload (with four
    // replications, every one the warning about few replications).
    let codes = |e: &serde_json::Value| -> Vec<String> {
        e["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap().to_string()).collect()
    };
    assert!(codes(one).contains(&"overload".to_string()), "{one}");
    assert!(!codes(at_n).contains(&"overload".to_string()), "{at_n}");
    assert!(curve.iter().all(|e| codes(e).contains(&"few_replications".to_string())));
    let csv = String::from_utf8(read(&out, "staff.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("1,") && l.contains(",few_replications overload,")), "{csv}");
}

/// `amtsim sweep … | head -n 1`: the reader closes the pipe after one line; amtsim ends
/// quietly (by the pipe's signal, as `cat` would), without a panic.
#[test]
fn a_closed_pipe_ends_a_sweep_without_a_panic() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let file = format!("{}/scenarios/district-office.toml", env!("CARGO_MANIFEST_DIR"));
    let out = dir.path().join("s");
    let mut child = Command::new(env!("CARGO_BIN_EXE_amtsim"))
        .args(["sweep", &file, "--param", "staff[0].filled_fte=10,11,12", "-r", "2"])
        .args(["--set", "simulation.days=80", "-o", out.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is gone: the next line amtsim prints meets a closed pipe.
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(output.status.code(), Some(101), "{err}");
    assert!(first.contains("grid points"), "{first}");
}

#[test]
fn replications_out_of_range_and_a_precision_figure_never_defined_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = format!("{}/scenarios/district-office.toml", env!("CARGO_MANIFEST_DIR"));
    let o = amtsim(&["run", &file, "-r", "50000000", "-o", dir.path().join("r").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--replications 50000000: expected 1 to 1000000"), "{}", stderr(&o));
    // A walk-in-only office has no portal: its next free slot is never defined, and more
    // replications cannot change that.
    let mmc = format!("{}/scenarios/reference-mmc.toml", env!("CARGO_MANIFEST_DIR"));
    let out = dir.path().join("p");
    let o = amtsim(&[
        "run",
        &mmc,
        "--precision",
        "portal_next_free_days_mean=0.05",
        "-r",
        "3",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("defined in none of the first 3 replications"), "{e}");
    assert!(!out.join("summary.json").exists(), "nothing written");
}
