//! The sweeps documented for clusters are valid as written: the `--param` options of the
//! Slurm and Kubernetes examples (in contrib/ and docs/experiments.md) pass `--dry-run`,
//! which builds every grid point's scenario. The documented Slurm example once set
//! `staff[1].head_count` on a team defined by positions, and failed in every array task.

use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The words after `marker` up to the end of the (shell-continued) command, quotes removed.
fn sweep_options(file: &str, marker: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{ROOT}/{file}")).unwrap();
    let start = text.find(marker).unwrap_or_else(|| panic!("{file}: no {marker:?}")) + marker.len();
    let mut command = String::new();
    for line in text[start..].lines() {
        let line = line.trim_start_matches(['#', ' ']);
        command.push_str(line.trim_end_matches('\\'));
        command.push(' ');
        if !line.trim_end().ends_with('\\') {
            break;
        }
    }
    let command = command.trim().trim_end_matches([')', '"']);
    command.split_whitespace().map(|w| w.trim_matches(['\'', '"']).to_string()).collect()
}

fn dry_run(options: &[String], what: &str) {
    let scenario = format!("{ROOT}/scenarios/district-office.toml");
    assert!(options.iter().any(|o| o == "--param"), "{what}: no --param found in {options:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_amtsim"))
        .args(["sweep", &scenario])
        .args(options)
        .arg("--dry-run")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{what}: {options:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("every point is a valid scenario"), "{what}: {stdout}");
}

#[test]
fn the_documented_cluster_sweeps_pass_the_dry_run() {
    let examples = [
        ("contrib/slurm/sweep-array.sh", "results/clerks"),
        ("docs/experiments.md", "results/clerks"),
        ("contrib/slurm/end-to-end.sh", "sweep_args=("),
        ("contrib/k8s/sweep-indexed-job.yaml", "- name: SWEEP_ARGS\n              value: \""),
    ];
    for (file, marker) in examples {
        dry_run(&sweep_options(file, marker), file);
    }
}

#[test]
fn a_dry_run_names_the_first_invalid_point_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let scenario = format!("{ROOT}/scenarios/district-office.toml");
    let done = Command::new(env!("CARGO_BIN_EXE_amtsim"))
        .args(["sweep", &scenario, "--param", "staff[1].head_count=3:8:1", "--dry-run", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(
        stderr.contains("grid point 0 (staff[1].head_count=3)") && stderr.contains("give either head_count"),
        "{stderr}"
    );
    assert!(!out.exists());
}
