//! One writer per result folder: a second command writing into a folder that another is
//! writing is refused at once, and the first one's result is intact.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn scenario(name: &str) -> String {
    format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"))
}

fn start(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
}

fn amtsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().unwrap()
}

/// Waits until the first writer holds the folder (its lock file exists). The first writers
/// below run for several seconds (dozens of replications of a large office), so that the
/// second command surely meets them still at work, also on a loaded CI machine.
fn wait_for_lock(dir: &Path) {
    let since = Instant::now();
    while !dir.join(".amtsim.lock").exists() {
        assert!(since.elapsed() < Duration::from_secs(30), "the first writer never started");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn refused(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("another amtsim command is writing into this folder"), "{err}");
}

#[test]
fn a_second_run_into_the_same_folder_is_refused_and_the_first_is_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let out_s = out.to_str().unwrap();
    let file = scenario("duesseldorf-2025");
    let mut first = start(&["run", &file, "-r", "80", "-o", out_s]);
    wait_for_lock(&out);
    // Even with --force, and also a report or a plot into the folder meanwhile.
    refused(&amtsim(&["run", &file, "-r", "2", "-o", out_s, "--force"]));
    refused(&amtsim(&["report", out_s]));
    refused(&amtsim(&["plot", out_s]));
    let status = first.wait().unwrap();
    assert!(status.success());
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["replications"], 80, "the first run's result");
    // Once it has finished, the folder is free again.
    let o = amtsim(&["report", out_s]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_second_resume_of_a_sweep_is_refused_and_the_rows_stay_unique() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let out_s = out.to_str().unwrap();
    let file = scenario("duesseldorf-2025");
    let args = ["sweep", file.as_str(), "--param", "staff[0].filled_fte=42,48", "-r", "24", "-o", out_s];
    let mut first = start(&args);
    wait_for_lock(&out);
    refused(&amtsim(&[&args[..], &["--resume"]].concat()));
    assert!(first.wait().unwrap().success());
    let runs = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    let mut keys: Vec<(String, String)> = runs
        .lines()
        .skip(1)
        .map(|l| {
            let mut cells = l.split(',');
            (cells.next().unwrap().to_string(), cells.next().unwrap().to_string())
        })
        .collect();
    assert_eq!(keys.len(), 48, "2 points x 24 replications");
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 48, "each (point, replication) once");
}

#[test]
fn a_merge_of_a_shard_still_being_written_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shard");
    let out_s = out.to_str().unwrap();
    let file = scenario("duesseldorf-2025");
    let mut writer = start(&["sweep", &file, "--param", "staff[0].filled_fte=42,48", "-r", "24", "-o", out_s]);
    wait_for_lock(&out);
    let merged = dir.path().join("merged");
    let o = amtsim(&["merge", merged.to_str().unwrap(), out_s]);
    assert!(writer.wait().unwrap().success());
    refused(&o);
    assert!(!merged.join("runs.csv").exists(), "nothing merged");
}

/// The scenario copy in the result folder is the text that was simulated: a file edited
/// while the run works does not change it, and a scenario given through a pipe is copied too.
#[test]
fn the_scenario_copy_is_the_text_read_at_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(scenario("duesseldorf-2025")).unwrap();
    let base = std::fs::read_to_string(scenario("district-office")).unwrap();
    let file = dir.path().join("edited.toml");
    std::fs::write(&file, &original).unwrap();
    std::fs::write(dir.path().join("district-office.toml"), &base).unwrap();
    let out = dir.path().join("run");
    let out_s = out.to_str().unwrap();
    let mut run = start(&["run", file.to_str().unwrap(), "-r", "60", "-o", out_s]);
    wait_for_lock(&out);
    std::fs::write(&file, original.replace("Düsseldorf", "Edited")).unwrap();
    assert!(run.wait().unwrap().success());
    assert_eq!(std::fs::read_to_string(out.join("scenario.toml")).unwrap(), original, "the text simulated");

    // Through a pipe: read once, copied as read.
    let piped = dir.path().join("piped");
    let mut child = Command::new(env!("CARGO_BIN_EXE_amtsim"))
        .args(["run", "/dev/stdin", "-r", "2", "--set", "simulation.days=80", "-o", piped.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let text = base.replace("name = \"District office (RKN-sized), all mechanisms\"", "name = \"piped\"");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(std::fs::read_to_string(piped.join("scenario.toml")).unwrap(), text);
}
