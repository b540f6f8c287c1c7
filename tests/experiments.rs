//! The experiment layer through the library: common random numbers in comparisons, the
//! staffing search, sweeps that stop and resume, policies and `extend`.

use amtsim::experiment::compare::compare;
use amtsim::experiment::grid::{parse_param, Grid};
use amtsim::experiment::shard::Shard;
use amtsim::experiment::staffing::{search, StaffingSearch, Target};
use amtsim::experiment::sweep::{run_sweep, RunRow, SweepEnd, SweepSpec};
use amtsim::experiment::{run_figures, summarise_figures};
use amtsim::model::Plan;
use amtsim::scenario::{
    apply_policy, load_file, load_str, parse_override, with_overrides, LoadedScenario, ScenarioError,
};
use amtsim::stats::{figure_index, FIGURES};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// A test fixture: the core office with the `reminders` and `more_clerks` policies.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn bundled(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// The bundled district office, shortened so tests stay fast.
fn district(days: u32) -> LoadedScenario {
    let overrides = [parse_override(&format!("simulation.days={days}")).unwrap()];
    load_file(&fixture("policy-office.toml"), &overrides).unwrap_or_else(|e| panic!("{e}"))
}

fn policy_plan(loaded: &LoadedScenario, name: &str) -> Plan {
    let policy = loaded.policies.iter().find(|p| p.name == name).unwrap();
    Plan::new(apply_policy(loaded, policy).unwrap_or_else(|e| panic!("{e}")).scenario)
}

#[test]
fn a_policy_that_changes_nothing_differs_by_exactly_zero_on_every_figure() {
    // The baseline's own no-show probability, written as a policy.
    let text = std::fs::read_to_string(fixture("policy-office.toml")).unwrap()
        + "\n[policies.same]\n\"portal.no_show_prob\" = 0.09\n";
    let loaded = with_overrides(
        &load_str(&text, fixture("policy-office.toml").to_str().unwrap(), &[]).unwrap(),
        &[parse_override("simulation.days=60").unwrap()],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let baseline = Plan::new(loaded.scenario.clone());
    let same = policy_plan(&loaded, "same");
    let result = compare(&baseline, &[&same], 6, None);
    let mut defined = 0;
    for (def, f) in FIGURES.iter().zip(&result.policies[0]) {
        if f.pairs == 0 {
            continue;
        }
        defined += 1;
        assert_eq!(f.pairs, 6, "{}", def.name);
        assert_eq!((f.diff.mean, f.diff.ci95_low, f.diff.ci95_high), (0.0, Some(0.0), Some(0.0)), "{}", def.name);
        assert_eq!(f.baseline, f.policy, "{}", def.name);
        assert_eq!(f.diff_contains_zero(), Some(true));
    }
    assert!(defined > 20, "only {defined} figures defined");
}

#[test]
fn pairing_narrows_the_interval_of_a_real_policy() {
    let loaded = district(60);
    let baseline = Plan::new(loaded.scenario.clone());
    let reminders = policy_plan(&loaded, "reminders");
    let result = compare(&baseline, &[&reminders], 8, None);
    let i = figure_index("no_shows").unwrap();
    let f = &result.policies[0][i];
    // Reminders cut no-shows in every replication; the paired interval excludes zero.
    assert_eq!(f.p_better, Some(1.0));
    assert_eq!(f.diff_contains_zero(), Some(false));
    assert!(f.variance_reduction.unwrap() > 2.0, "{f:?}");
    // Arrivals are untouched by the policy: exactly equal, replication by replication.
    let a = &result.policies[0][figure_index("arrivals_per_day").unwrap()];
    assert_eq!(a.diff.mean, 0.0);
}

#[test]
fn the_staffing_search_returns_n_meeting_the_target_and_n_minus_one_not() {
    let loaded = district(70);
    let group = loaded.scenario.staff.iter().position(|g| g.name == "general_team").unwrap();
    let target = Target::parse("portal_next_free_days_mean <= 5", &[]).unwrap();
    let settings = StaffingSearch { group, min: 1, max: 12, replications: 5, target: target.clone() };
    let result = search(&loaded, &settings, |_| {}).unwrap_or_else(|e| panic!("{e}"));
    let n = result.answer.expect("12 clerks meet the target");
    assert!(n > 1, "the search must have something to find");
    let at = |k: u32| result.curve.iter().find(|e| e.head_count == k).cloned();
    assert!(at(n).unwrap().meets);
    assert!(!at(n - 1).expect("N-1 evaluated").meets);
    // An independent evaluation on the same seeds agrees.
    let evaluate = |k: u32| {
        let ov = parse_override(&format!("staff[{group}].head_count={k}")).unwrap();
        let plan = Plan::new(with_overrides(&loaded, &[ov]).unwrap().scenario);
        let figures = run_figures(&plan, 0..5);
        let refs: Vec<&[f64]> = figures.iter().map(Vec::as_slice).collect();
        summarise_figures(&refs)[target.figure]
    };
    assert!(target.met_by(&evaluate(n)));
    assert!(!target.met_by(&evaluate(n - 1)));
    assert_eq!(evaluate(n), at(n).unwrap().estimate);
}

fn small_sweep(shard: Shard) -> SweepSpec {
    let grid = Grid::new(vec![
        parse_param("staff[1].head_count=3:4:1").unwrap(),
        parse_param("portal.reminder_factor=0.5:1:0.25").unwrap(),
    ])
    .unwrap();
    SweepSpec { base: district(40), grid, replications: 3, shard }
}

/// Rows as exact bit patterns (NaN, an undefined figure, equals itself here).
fn bits(rows: &[RunRow]) -> Vec<(u64, u32, Vec<u64>)> {
    rows.iter().map(|r| (r.point, r.replication, r.figures.iter().map(|x| x.to_bits()).collect())).collect()
}

fn collect(spec: &SweepSpec, first: u64, chunk: usize, stop_after: Option<usize>) -> (Vec<RunRow>, SweepEnd) {
    let stop = AtomicBool::new(false);
    let mut rows = Vec::new();
    let mut chunks = 0;
    let end = run_sweep(spec, first, chunk, &stop, |chunk_rows| {
        rows.extend_from_slice(chunk_rows);
        chunks += 1;
        if Some(chunks) == stop_after {
            stop.store(true, Ordering::SeqCst);
        }
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    (rows, end)
}

#[test]
fn a_stopped_sweep_resumes_without_lost_or_repeated_rows() {
    let spec = small_sweep(Shard::ALL);
    assert_eq!(spec.shard_runs(), 18);
    let (all, end) = collect(&spec, 0, 4, None);
    assert_eq!(end, SweepEnd::Complete);
    assert_eq!(all.len(), 18);
    let (head, end) = collect(&spec, 0, 4, Some(2));
    assert_eq!(end, SweepEnd::Stopped { done: 8 });
    let (tail, _) = collect(&spec, 8, 5, None);
    assert!(bits(&[head, tail].concat()) == bits(&all), "resumed rows differ");
    // Every point sees the same replication seeds: the arrivals match across the grid.
    let i = figure_index("arrivals_per_day").unwrap();
    assert!(all.iter().all(|r| r.figures[i] == all[r.replication as usize].figures[i]));
}

#[test]
fn shards_together_hold_exactly_the_rows_of_the_whole_sweep() {
    let (all, _) = collect(&small_sweep(Shard::ALL), 0, 7, None);
    let mut pieces: Vec<RunRow> =
        (0..4).flat_map(|i| collect(&small_sweep(Shard { index: i, count: 4 }), 0, 3, None).0).collect();
    pieces.sort_by_key(|r| (r.point, r.replication));
    assert!(bits(&pieces) == bits(&all), "sharded rows differ");
}

#[test]
fn a_bad_grid_value_names_the_point_and_key() {
    let mut spec = small_sweep(Shard::ALL);
    spec.grid = Grid::new(vec![parse_param("portal.reminder_factor=1,7").unwrap()]).unwrap();
    let e = spec.check_values().unwrap_err().to_string();
    assert!(e.contains("portal.reminder_factor=7") && e.contains("portal.reminder_factor = 7"), "{e}");
}

fn scenario_with_policy(policy: &str) -> Result<LoadedScenario, ScenarioError> {
    let text = std::fs::read_to_string(fixture("policy-office.toml")).unwrap() + policy;
    let loaded = load_str(&text, "office.toml", &[])?;
    for p in &loaded.policies {
        apply_policy(&loaded, p)?;
    }
    Ok(loaded)
}

#[test]
fn policy_problems_name_the_policy_and_the_key() {
    let cases = [
        ("[policies.typo]\n\"portal.reminder_factr\" = 0.5\n", "portal.reminder_factr"),
        ("[policies.typo]\n\"staff[9].head_count\" = 3\n", "staff[9].head_count"),
        ("[policies.typo]\n\"portal.reminder_factor\" = 7\n", "portal.reminder_factor = 7"),
        ("[policies.typo]\n\"simulation.seed\" = 3\n", "simulation.seed"),
        ("[policies.typo]\ndescription = \"nothing\"\n", "changes nothing"),
    ];
    for (policy, key) in cases {
        let e = scenario_with_policy(policy).unwrap_err().to_string();
        assert!(e.contains("typo") && e.contains(key), "{policy}: {e}");
    }
    assert_eq!(scenario_with_policy("").unwrap().policies.len(), 2);
}

#[test]
fn extend_merges_tables_replaces_arrays_and_refuses_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(fixture("policy-office.toml")).unwrap();
    std::fs::create_dir(dir.path().join("base")).unwrap();
    std::fs::write(dir.path().join("base/office.toml"), &base).unwrap();
    let child = dir.path().join("child.toml");
    std::fs::write(
        &child,
        "extend = \"base/office.toml\"\nname = \"child\"\n[portal]\nhorizon_days = 28\n[calendar]\nclosed_dates = []\n",
    )
    .unwrap();
    let loaded = load_file(&child, &[]).unwrap_or_else(|e| panic!("{e}"));
    let parent = load_file(&dir.path().join("base/office.toml"), &[]).unwrap();
    assert_eq!(loaded.scenario.name, "child");
    assert_eq!(loaded.scenario.portal.horizon_days, 28);
    assert_eq!(loaded.scenario.portal.no_show_prob, parent.scenario.portal.no_show_prob);
    assert!(loaded.scenario.calendar.closed_dates.is_empty());
    assert_eq!(loaded.policies, parent.policies);
    assert!(!loaded.document.contains_key("extend"));
    // The fingerprint covers the base: changing it changes the child's hash.
    std::fs::write(dir.path().join("base/office.toml"), base.replace("seed = 2025", "seed = 2026")).unwrap();
    assert_ne!(load_file(&child, &[]).unwrap().file_sha256, loaded.file_sha256);
    // A cycle is named.
    std::fs::write(dir.path().join("a.toml"), "extend = \"b.toml\"\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "extend = \"a.toml\"\n").unwrap();
    let e = load_file(&dir.path().join("a.toml"), &[]).unwrap_err().to_string();
    assert!(e.contains("cycle") && e.contains("a.toml"), "{e}");
    let e = load_file(&dir.path().join("b.toml").with_file_name("missing-base.toml"), &[]).unwrap_err();
    assert!(matches!(e, ScenarioError::Read { .. }));
}

#[test]
fn the_bundled_saturday_scenario_extends_the_district_office() {
    let sat = load_file(&bundled("district-office-saturdays.toml"), &[]).unwrap_or_else(|e| panic!("{e}"));
    let base = load_file(&bundled("district-office.toml"), &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sat.scenario.case_types.len(), base.scenario.case_types.len());
    assert_eq!(sat.policies.len(), base.policies.len());
    assert!(base.policies.len() >= 6);
    let sat_plan = Plan::new(sat.scenario);
    let base_plan = Plan::new(base.scenario);
    let open = |p: &Plan| p.calendar.days[..364].iter().filter(|d| d.is_open()).count();
    // Every second Saturday of the run: 26, less those on a holiday (1 November 2025).
    let extra = open(&sat_plan) - open(&base_plan);
    assert_eq!(extra, 25);
}

#[test]
fn the_staffing_search_varies_filled_positions_of_a_group_given_by_fte() {
    let loaded = load_file(&bundled("district-office.toml"), &[]).unwrap_or_else(|e| panic!("{e}"));
    let paths = amtsim::experiment::staffing::lever_path(&loaded, 0).unwrap();
    assert_eq!(paths, vec!["staff[0].positions_fte", "staff[0].filled_fte"]);
    let paths = amtsim::experiment::staffing::lever_path(&loaded, 2).unwrap();
    assert_eq!(paths, vec!["staff[2].head_count"]);
}
