//! `amtsim select`: the best of the status quo and the scenario's policies on one figure,
//! with a guaranteed probability of correct selection; select.json and select.csv.

use super::say;
use super::{load, out_dir, progress_bar, save_scenario, thread_pool, usage};
use crate::cli::SelectArgs;
use amtsim::decide::selection::{Goal, SelectionRule};
use amtsim::experiment::selection::{select as run_selection, SelectionSpec};
use amtsim::model::Plan;
use amtsim::output::select_files::{select_csv, select_json, sentence, SelectRecord};
use amtsim::output::{prepare_out_dir, write_atomic};
use amtsim::scenario::LoadedScenario;
use anyhow::Result;

pub fn select(args: SelectArgs) -> Result<()> {
    let loaded = load(&args.scenario, &super::seed_overrides(args.run.seed))?;
    let subjects = amtsim::stats::breakdown::subjects(&loaded.scenario);
    let index =
        amtsim::stats::breakdown::resolve(&args.figure, &subjects).map_err(|e| usage(format!("--figure {e}")))?;
    let def = amtsim::stats::breakdown::base_def(index);
    if let Some(instead) = amtsim::stats::completed_only(def.name) {
        return Err(usage(format!(
            "--figure {}: counts completed cases only, so a candidate that serves fewer looks better; select on {instead}",
            args.figure
        )));
    }
    let goal = super::goal_of(index, &format!("--figure {}", args.figure))?;
    let (names, variants) = candidates(&loaded, &args)?;
    let rule = SelectionRule { delta: args.indifference, pcs: args.pcs, first_stage: args.first_stage, goal };
    amtsim::decide::selection::check_rule(&rule, names.len()).map_err(usage)?;
    if args.max_replications < args.first_stage {
        return Err(usage(format!(
            "--max-replications {} is below --first-stage {}",
            args.max_replications, args.first_stage
        )));
    }
    let plans: Vec<Plan> = variants.into_iter().map(|v| Plan::new(v.scenario)).collect();
    let spec = SelectionSpec {
        candidates: names.into_iter().zip(plans.iter()).collect(),
        figure: (args.figure.trim().to_string(), index),
        rule,
        max_replications: args.max_replications,
    };
    let out = out_dir(&args.run.out, &args.scenario.file, "-select");
    let _lock = prepare_out_dir(&out, args.run.force).map_err(|e| usage(e.to_string()))?;
    say!(
        "{} — the best of {} candidates on {} ({} is better), indifference zone {} {}, probability of correct selection {}, seed {}",
        loaded.scenario.name,
        spec.candidates.len(),
        spec.figure.0,
        if goal == Goal::Min { "lower" } else { "higher" },
        rule.delta,
        def.unit,
        rule.pcs,
        loaded.scenario.simulation.seed
    );
    let pool = thread_pool(args.run.threads)?;
    let most = u64::from(args.max_replications) * spec.candidates.len() as u64;
    let progress = progress_bar(most, 0, "replications at most");
    let tick = || progress.inc(1);
    let outcome = pool.install(|| run_selection(&spec, &tick)).map_err(usage);
    progress.finish_and_clear();
    let outcome = outcome?;
    let record = SelectRecord { loaded: &loaded, spec: &spec, outcome: &outcome };
    write_atomic(&out.join("select.json"), select_json(&record).as_bytes())?;
    write_atomic(&out.join("select.csv"), select_csv(&record)?.as_bytes())?;
    save_scenario(&loaded, &out)?;
    let extras = super::charts_and_report(&out, &args.charts, None)?;
    super::seal(&out, "select", &loaded)?;
    for (i, (name, _)) in spec.candidates.iter().enumerate() {
        let (n, est) = outcome.estimate(i);
        let fate = match outcome.procedure.eliminated_at()[i] {
            Some(s) => format!("eliminated after {s} replications"),
            None if outcome.procedure.chosen() == Some(i) => "chosen".to_string(),
            None => "still in".to_string(),
        };
        say!("  {name:<24} mean {:>14.4} over {n:>4} replications  {fate}", est.mean);
    }
    say!("answer: {}", sentence(&record));
    say!("wrote select.json, select.csv, scenario.toml, {extras}, manifest.json to {}", out.display());
    Ok(())
}

/// The candidates' names and scenarios: the status quo and the policies, or the mixes on an
/// optimisation's front (`--front-of`).
fn candidates(loaded: &LoadedScenario, args: &SelectArgs) -> Result<(Vec<String>, Vec<LoadedScenario>)> {
    let Some(result) = &args.front_of else {
        let chosen = super::chosen_policies(loaded, &args.policies, &args.scenario.file)?;
        let names = std::iter::once("baseline".to_string()).chain(chosen.iter().map(|(p, _)| p.name.clone())).collect();
        let variants = std::iter::once(loaded.clone()).chain(chosen.into_iter().map(|(_, v)| v)).collect();
        return Ok((names, variants));
    };
    let front = super::optimised_mixes(loaded, result)?.front;
    if front.len() < 2 {
        return Err(usage(format!(
            "--front-of {}: the front has {} mix{}: nothing to select between",
            result.display(),
            front.len(),
            if front.len() == 1 { "" } else { "es" }
        )));
    }
    let names = front.iter().map(|m| format!("{} ({})", m.name(), m.describe())).collect();
    let variants = front.iter().map(|m| super::mix_scenario(loaded, m)).collect::<Result<_>>()?;
    Ok((names, variants))
}
