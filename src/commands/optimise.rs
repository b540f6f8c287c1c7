//! `amtsim optimise`: the best mix of measures over a declared lever space that meets the
//! targets; optimise.json and optimise.csv.

use super::say;
use super::{load, out_dir, progress_bar, save_scenario, thread_pool, usage, Interrupted};
use crate::cli::OptimiseArgs;
use amtsim::decide::selection::Goal;
use amtsim::experiment::grid::{parse_param, Grid};
use amtsim::experiment::optimise::{
    optimise_streamed, read_section, Known, Objective, OptimiseSpec, Search, Streaming,
};
use amtsim::experiment::staffing::Target;
use amtsim::output::optimise_files::{
    optimise_csv, optimise_json, optimise_run_line, optimise_study_json, read_optimise_runs, sentence,
};
use amtsim::output::{prepare_out_dir, write_atomic};
use anyhow::{Context, Result};
use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::Path;

pub fn optimise(args: OptimiseArgs) -> Result<()> {
    let loaded = load(&args.scenario, &super::seed_overrides(args.run.seed))?;
    let file = loaded.file.display().to_string();
    let section = read_section(&loaded.document).map_err(|e| usage(format!("{file}: {e}")))?;
    let mut params = section.levers;
    for text in &args.levers {
        let p = parse_param(text).map_err(|e| usage(format!("--lever {e}")))?;
        // A lever replaces the section's levers that set any of its keys.
        params.retain(|q| !q.keys().any(|k| p.keys().any(|j| j == k)));
        params.push(p);
    }
    if params.is_empty() {
        return Err(usage(format!(
            "{file}: no levers: give --lever PATH=VALUES or [optimise] levers = [...] (docs/experiments.md)"
        )));
    }
    let levers = Grid::new(params).map_err(|e| usage(format!("levers: {e}")))?;
    let subjects = amtsim::stats::breakdown::subjects(&loaded.scenario);
    let resolve = |name: &str, what: &str| {
        amtsim::stats::breakdown::resolve(name, &subjects).map_err(|e| usage(format!("{what} {e}")))
    };
    let objective = match (&args.minimise, &args.maximise, section.objective) {
        (Some(f), None, _) => (Goal::Min, f.clone()),
        (None, Some(f), _) => (Goal::Max, f.clone()),
        (None, None, Some((verb, f))) => (if verb == "minimise" { Goal::Min } else { Goal::Max }, f),
        (None, None, None) => {
            return Err(usage(format!(
                "{file}: no objective: give --minimise FIGURE or --maximise FIGURE (e.g. --minimise cost_per_year)"
            )))
        }
        (Some(_), Some(_), _) => unreachable!("clap refuses both"),
    };
    let objective = Objective {
        figure: resolve(&objective.1, "objective")?,
        name: objective.1.trim().to_string(),
        goal: objective.0,
    };
    let front = match args.front.clone().or(section.front) {
        None => None,
        Some(name) => {
            let figure = resolve(&name, "--front")?;
            let goal = super::goal_of(figure, &format!("--front {name}"))?;
            Some(Objective { name: name.trim().to_string(), figure, goal })
        }
    };
    let mut texts = section.targets;
    texts.extend(args.targets.iter().cloned());
    let constraints = texts
        .iter()
        .map(|t| Target::parse(t, &subjects).map_err(|e| usage(format!("target {e}"))))
        .collect::<Result<Vec<_>>>()?;
    let first_stage = args.first_stage.or(section.first_stage).unwrap_or(3);
    let max_replications = args.max_replications.or(section.max_replications).unwrap_or(20);
    if first_stage < 2 || max_replications < first_stage {
        return Err(usage(format!(
            "first stage {first_stage}, at most {max_replications} replications: expected 2 <= first stage <= max replications (intervals need two)"
        )));
    }
    let indifference = args.indifference.or(section.indifference).unwrap_or(0.0);
    if !(indifference.is_finite() && indifference >= 0.0) {
        return Err(usage(format!("--indifference {indifference}: expected a number >= 0 in the objective's unit")));
    }
    let weeks = amtsim::experiment::warnings::counted_weeks(&loaded.scenario.simulation);
    let spec = OptimiseSpec {
        base: loaded.clone(),
        levers,
        objective,
        constraints,
        front,
        first_stage,
        max_replications,
        indifference,
        weeks,
        search: Search::default(),
    };
    let out = out_dir(&args.run.out, &args.scenario.file, "-optimise");
    let study = optimise_study_json(&loaded, &spec);
    let names = amtsim::stats::breakdown::extended_names(&subjects);
    let header = format!("point,replication,{}\n", names.join(","));
    let (known, _lock) = if args.resume {
        resume(&out, &study, &header, &spec)?
    } else {
        let lock = prepare_out_dir(&out, args.run.force).map_err(|e| usage(e.to_string()))?;
        write_atomic(&out.join("study.json"), (serde_json::to_string_pretty(&study)? + "\n").as_bytes())?;
        write_atomic(&out.join("runs.csv"), header.as_bytes())?;
        (Known::new(), lock)
    };
    amtsim::output::discard_manifest(&out)?;
    say!(
        "{} — {} {} over {} candidates{}, {}–{} replications each, seed {}",
        loaded.scenario.name,
        if spec.objective.goal == Goal::Min { "minimise" } else { "maximise" },
        spec.objective.name,
        spec.candidates(),
        if spec.constraints.is_empty() {
            String::new()
        } else {
            format!(" subject to {}", spec.constraints.iter().map(Target::describe).collect::<Vec<_>>().join(", "))
        },
        first_stage,
        max_replications,
        loaded.scenario.simulation.seed
    );
    let pool = thread_pool(args.run.threads)?;
    let at_most = spec.candidates().min(amtsim::experiment::optimise::MAX_CANDIDATES) * u64::from(max_replications);
    let progress = progress_bar(at_most, 0, "replications at most");
    let tick = || progress.inc(1);
    let stop = super::stop_on_ctrl_c()?;
    let runs_path = out.join("runs.csv");
    let file = OpenOptions::new().append(true).open(&runs_path).with_context(|| runs_path.display().to_string())?;
    let mut writer = BufWriter::new(file);
    let mut record = |rows: &[(u64, u32, Vec<f64>)]| -> Result<bool, String> {
        for (point, r, figures) in rows {
            writer.write_all(optimise_run_line(*point, *r, figures).as_bytes()).map_err(|e| e.to_string())?;
        }
        writer.flush().map_err(|e| e.to_string())?;
        Ok(!stop.load(std::sync::atomic::Ordering::SeqCst))
    };
    let chunk = (pool.current_num_threads() * 16).clamp(32, 1024);
    let mut streaming = Streaming { known: &known, chunk, record: &mut record };
    let result = pool.install(|| optimise_streamed(&spec, &mut streaming, &tick)).map_err(|e| usage(e.to_string()));
    progress.finish_and_clear();
    let Some(result) = result? else {
        return Err(Interrupted(format!(
            "interrupted: the replications so far are in {}; continue with the same command and --resume",
            runs_path.display()
        ))
        .into());
    };
    write_atomic(&out.join("optimise.json"), optimise_json(&loaded, &spec, &result).as_bytes())?;
    write_atomic(&out.join("optimise.csv"), optimise_csv(&spec, &result)?.as_bytes())?;
    save_scenario(&loaded, &out)?;
    let extras = super::charts_and_report(&out, &args.charts, None)?;
    super::seal(&out, "optimise", &loaded)?;
    let brute = spec.candidates() * u64::from(max_replications);
    say!(
        "{} replications in {} rounds ({:.0}% of the {brute} that {} replications of every candidate would take)",
        result.replications,
        result.rounds,
        100.0 * result.replications as f64 / brute as f64,
        max_replications
    );
    if !result.front.is_empty() {
        say!("front ({} against {}):", spec.objective.name, spec.front.as_ref().map_or("", |f| f.name.as_str()));
        for &i in &result.front {
            let c = &result.candidates[i];
            let f = spec.front.as_ref().map_or(f64::NAN, |f| c.estimates[f.figure].estimate.mean);
            say!("  {}: {} {}", spec.levers.describe(c.point), c.estimates[spec.objective.figure].estimate.mean, f);
        }
    }
    say!("answer: {}", sentence(&spec, &result));
    say!(
        "wrote study.json, runs.csv, optimise.json, optimise.csv, scenario.toml, {extras}, manifest.json to {}",
        out.display()
    );
    Ok(())
}

/// The replications an interrupted optimisation in `out` already simulated (its runs.csv,
/// cut after the last complete row); refuses a folder of another optimisation.
fn resume(
    out: &Path,
    study: &serde_json::Value,
    header: &str,
    spec: &OptimiseSpec,
) -> Result<(Known, amtsim::output::FolderLock)> {
    let what = "optimisation (scenario, overrides, levers, objective, targets, front, replications or seed differ)";
    let lock = super::resume_study(out, study, what)?;
    let runs_path = out.join("runs.csv");
    let text = std::fs::read_to_string(&runs_path).unwrap_or_default();
    let (known, complete) = if text.is_empty() {
        (Known::new(), 0)
    } else {
        read_optimise_runs(&text, header, spec).map_err(|e| usage(format!("{}: {e}", out.display())))?
    };
    if complete == 0 {
        write_atomic(&runs_path, header.as_bytes())?;
    } else {
        OpenOptions::new().write(true).open(&runs_path)?.set_len(complete as u64)?;
    }
    Ok((known, lock))
}
