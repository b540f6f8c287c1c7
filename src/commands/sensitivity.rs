//! `amtsim sensitivity`: which uncertain inputs the figures depend on (Morris screening or
//! Sobol indices); sensitivity.json, sensitivity.csv and runs.csv.

use super::say;
use super::{
    charts_and_report, load, out_dir, progress_bar, replications, save_scenario, seed_override, thread_pool, usage,
};
use crate::cli::SensitivityArgs;
use amtsim::experiment::sensitivity::{
    analyse, read_input, read_section, run_design, Design, Method, SensitivitySpec, DEFAULT_FIGURES,
};
use amtsim::output::sensitivity_files::{
    sensitivity_csv, sensitivity_json, sensitivity_runs_csv, SensitivityRecord, LEVEL, RESAMPLES,
};
use amtsim::output::{prepare_out_dir, write_atomic};
use anyhow::Result;

/// The most design points × replications a study may have (a typo in base_samples should not
/// start a week of computing).
const MAX_RUNS: u64 = 10_000_000;

pub fn sensitivity(args: SensitivityArgs) -> Result<()> {
    let spec = spec(&args)?;
    let design = Design::new(spec.method, spec.inputs.len(), spec.base.scenario.simulation.seed);
    let points = design.points().len() as u64;
    let runs = points * u64::from(spec.replications);
    if runs > MAX_RUNS {
        return Err(usage(format!("{points} design points × {} replications: more than {MAX_RUNS} runs; lower trajectories, base_samples or --replications", spec.replications)));
    }
    spec.check_ranges().map_err(|e| usage(e.to_string()))?;
    let out = out_dir(&args.run.out, &args.scenario.file, "-sensitivity");
    let _lock = prepare_out_dir(&out, args.run.force).map_err(|e| usage(e.to_string()))?;
    say!(
        "{} — {} of {} figure{} over {} inputs: {points} design points × {} replications = {runs} runs, seed {}",
        spec.base.scenario.name,
        match spec.method {
            Method::Morris { trajectories, levels } =>
                format!("Morris screening ({trajectories} trajectories, {levels} levels)"),
            Method::Sobol { base_samples } => format!("Sobol indices ({base_samples} base samples)"),
        },
        spec.figures.len(),
        if spec.figures.len() == 1 { "" } else { "s" },
        spec.inputs.len(),
        spec.replications,
        spec.base.scenario.simulation.seed
    );
    let pool = thread_pool(args.run.threads)?;
    let progress = progress_bar(runs, 0, "runs");
    let tick = || progress.inc(1);
    let outputs = pool.install(|| run_design(&spec, &design, &tick)).map_err(|e| usage(e.to_string()));
    progress.finish_and_clear();
    let outputs = outputs?;
    let indices = analyse(&spec, &design, &outputs, LEVEL, RESAMPLES, spec.base.scenario.simulation.seed);
    let record = SensitivityRecord { spec: &spec, design: &design, outputs: &outputs, indices: &indices };
    write_atomic(&out.join("sensitivity.json"), sensitivity_json(&record).as_bytes())?;
    write_atomic(&out.join("sensitivity.csv"), sensitivity_csv(&record)?.as_bytes())?;
    write_atomic(&out.join("runs.csv"), sensitivity_runs_csv(&record)?.as_bytes())?;
    save_scenario(&spec.base, &out)?;
    let extras = charts_and_report(&out, &args.charts, None)?;
    super::seal(&out, "sensitivity", &spec.base)?;
    for (f, result) in indices.iter().enumerate() {
        say!("{}", amtsim::output::sensitivity_files::sentence(&spec, f, result));
    }
    if let Some(line) = amtsim::output::sensitivity_files::targets_sentence(&record) {
        say!("{line}");
    }
    say!(
        "wrote sensitivity.json, sensitivity.csv, runs.csv, scenario.toml, {extras}, manifest.json to {}",
        out.display()
    );
    Ok(())
}

/// The study from the scenario's `[sensitivity]` section and the options (which add inputs
/// and figures and replace the section's settings).
fn spec(args: &SensitivityArgs) -> Result<SensitivitySpec> {
    let mut base = load(&args.scenario, &seed_override(&args.run))?;
    if let Some(result) = &args.mix {
        let mixes = super::optimised_mixes(&base, result)?;
        let Some(mix) = mixes.recommended else {
            return Err(usage(format!(
                "--mix {}: the optimisation recommends no mix (none met the targets)",
                result.display()
            )));
        };
        say!("the recommended mix of {}: {}", result.display(), mix.describe());
        base = super::mix_scenario(&base, &mix)?;
    }
    let file = base.file.display().to_string();
    let section = read_section(&base.document).map_err(|e| usage(format!("{file}: {e}")))?;
    let mut inputs = section.inputs;
    for text in &args.inputs {
        let input = read_input(&toml::Value::String(text.clone()), &base.document)
            .map_err(|e| usage(format!("--input {e}")))?;
        inputs.retain(|i| i.path != input.path);
        inputs.push(input);
    }
    if inputs.is_empty() {
        return Err(usage(format!(
            "{file}: no uncertain inputs: give --input PATH=LOW:HIGH or [sensitivity] inputs = [...] (docs/experiments.md)"
        )));
    }
    for (i, input) in inputs.iter().enumerate() {
        if inputs[..i].iter().any(|j| j.path == input.path) {
            return Err(usage(format!("{file}: sensitivity.inputs: {} given twice", input.path)));
        }
    }
    let names: Vec<String> = if !args.figures.is_empty() {
        args.figures.clone()
    } else if !section.figures.is_empty() {
        section.figures
    } else {
        DEFAULT_FIGURES.iter().map(|s| s.to_string()).collect()
    };
    let subjects = amtsim::stats::breakdown::subjects(&base.scenario);
    let figures = names
        .iter()
        .map(|n| amtsim::stats::breakdown::resolve(n, &subjects).map(|i| (n.trim().to_string(), i)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| usage(format!("figure {e}")))?;
    let mut target_texts = section.targets;
    target_texts.extend(args.targets.iter().cloned());
    let targets = target_texts
        .iter()
        .map(|t| amtsim::experiment::staffing::Target::parse(t, &subjects).map_err(|e| usage(format!("target {e}"))))
        .collect::<Result<Vec<_>>>()?;
    let method_name = args.method.clone().or(section.method).unwrap_or_else(|| "morris".into());
    let method = match method_name.as_str() {
        "morris" => {
            let trajectories = args.trajectories.or(section.trajectories).unwrap_or(20);
            let levels = args.levels.or(section.levels).unwrap_or(4);
            amtsim::decide::morris::check(levels, trajectories).map_err(|e| usage(format!("morris: {e}")))?;
            Method::Morris { trajectories, levels }
        }
        "sobol" => {
            let base_samples = args.base_samples.or(section.base_samples).unwrap_or(64);
            if base_samples < 8 {
                return Err(usage(format!("base_samples = {base_samples}: expected at least 8 (64 to 1024 is usual)")));
            }
            Method::Sobol { base_samples }
        }
        other => return Err(usage(format!("--method {other}: expected morris or sobol"))),
    };
    let default_reps = section.replications.unwrap_or(base.scenario.simulation.replications);
    let replications = replications(args.run.replications, default_reps)?;
    Ok(SensitivitySpec { base, inputs, figures, targets, method, replications })
}
