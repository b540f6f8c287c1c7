//! Inputs the fuzzer found troublesome, replayed on every test run: each must give a result
//! or a clean error, never a panic.

use amtsim::experiment::smoke::smoke_run;

#[test]
fn every_saved_fuzz_input_runs_or_fails_cleanly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            let _ = smoke_run(&text);
            n += 1;
        }
    }
    assert!(n > 0, "no saved inputs");
}

#[test]
fn the_bundled_scenarios_survive_the_smoke_run() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            // The smoke run reads text, not files: a scenario that extends another needs its
            // base beside it, which the fuzz target does not have.
            if text.lines().any(|l| l.starts_with("extend")) {
                continue;
            }
            assert!(smoke_run(&text).is_ok(), "{}", path.display());
        }
    }
}
