//! `amtsim sensitivity`: which uncertain inputs the figures depend on (Morris screening or
//! Sobol indices); study.json, runs.csv (streamed: resumable, shardable), then
//! sensitivity.json and sensitivity.csv.

use super::say;
use super::{
    charts_and_report, load, out_dir, progress_bar, replications, save_scenario, seed_override, thread_pool, usage,
    Interrupted,
};
use crate::cli::{ChartArgs, SensitivityArgs};
use amtsim::experiment::sensitivity::{
    analyse, plans, read_input, read_section, run_runs, shard_runs, spec_from_section, Design, Method,
    SensitivitySection, SensitivitySpec,
};
use amtsim::experiment::shard::{complete_rows, ResumeError, Shard};
use amtsim::output::sensitivity_files::{
    read_runs, run_cells, runs_header, sensitivity_csv, sensitivity_json, study_json, SensitivityRecord, LEVEL,
    RESAMPLES,
};
use amtsim::output::{prepare_out_dir, write_atomic};
use amtsim::scenario::LoadedScenario;
use anyhow::{Context, Result};
use std::path::Path;
use std::sync::atomic::Ordering;

/// The most design points × replications a study may have (a typo in base_samples should not
/// start a week of computing).
const MAX_RUNS: u64 = 10_000_000;

pub fn sensitivity(args: SensitivityArgs) -> Result<()> {
    let (base, section) = study(&args)?;
    let study = section.to_table();
    let spec = spec_from_section(base, &section).map_err(usage)?;
    let design = Design::new(spec.method, spec.inputs.len(), spec.base.scenario.simulation.seed);
    let points = design.points().len() as u64;
    let all_runs = points * u64::from(spec.replications);
    if all_runs > MAX_RUNS {
        return Err(usage(format!("{points} design points × {} replications: more than {MAX_RUNS} runs; lower trajectories, base_samples or --replications", spec.replications)));
    }
    spec.check_ranges().map_err(|e| usage(e.to_string()))?;
    let shard = match &args.shard {
        Some(text) => Shard::parse(text).map_err(|e| usage(format!("--shard {e}")))?,
        None => Shard::ALL,
    };
    let suffix = match shard.is_whole() {
        true => "-sensitivity".to_string(),
        false => format!("-sensitivity-shard-{}-of-{}", shard.index, shard.count),
    };
    let out = out_dir(&args.run.out, &args.scenario.file, &suffix);
    let manifest = study_json(&spec, &study, design.points().len(), &shard);
    let runs = shard_runs(&spec, &design, &shard);
    let header = csv_line(&runs_header(&spec))?;
    let (first, _lock) = if args.resume {
        let what = "study (scenario, overrides, inputs, figures, targets, method, replications, seed or shard differ)";
        let lock = super::resume_study(&out, &manifest, what)?;
        (resume_point(&out, &header, &runs)?, lock)
    } else {
        let lock = prepare_out_dir(&out, args.run.force).map_err(|e| usage(e.to_string()))?;
        write_atomic(&out.join("study.json"), pretty(&manifest).as_bytes())?;
        write_atomic(&out.join("runs.csv"), header.as_bytes())?;
        (0, lock)
    };
    amtsim::output::discard_manifest(&out)?;
    save_scenario(&spec.base, &out)?;
    say!(
        "{} — {} of {} figure{} over {} inputs: {points} design points × {} replications = {all_runs} runs{}{}, seed {}",
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
        if shard.is_whole() { String::new() } else { format!(" (shard {}/{}: {} runs)", shard.index, shard.count, runs.len()) },
        if first > 0 { format!(", resuming after {first}") } else { String::new() },
        spec.base.scenario.simulation.seed
    );
    stream_runs(&args, &spec, &design, &shard, &runs[first as usize..], &out)?;
    if !shard.is_whole() {
        super::seal(&out, "sensitivity", &spec.base)?;
        say!(
            "wrote study.json, runs.csv, scenario.toml, manifest.json to {}; combine the {} shards with amtsim merge OUT DIR…",
            out.display(),
            shard.count
        );
        return Ok(());
    }
    finish(&out, &spec, &design, &args.charts)
}

/// Runs `runs` in chunks, appending each chunk's rows to runs.csv; Ctrl-C stops between
/// chunks, leaving a file `--resume` continues.
fn stream_runs(
    args: &SensitivityArgs,
    spec: &SensitivitySpec,
    design: &Design,
    shard: &Shard,
    runs: &[(usize, u32)],
    out: &Path,
) -> Result<()> {
    let pool = thread_pool(args.run.threads)?;
    let plans = pool.install(|| plans(spec, design, shard)).map_err(|e| usage(e.to_string()))?;
    let stop = super::stop_on_ctrl_c()?;
    let path = out.join("runs.csv");
    let file = std::fs::OpenOptions::new().append(true).open(&path).with_context(|| path.display().to_string())?;
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(std::io::BufWriter::new(file));
    let progress = progress_bar(runs.len() as u64, 0, "runs");
    let tick = || progress.inc(1);
    let chunk = (pool.current_num_threads() * 16).clamp(32, 1024);
    for (done, part) in runs.chunks(chunk).enumerate() {
        if stop.load(Ordering::SeqCst) {
            progress.finish_and_clear();
            return Err(Interrupted(format!(
                "interrupted: {} of {} runs written to {}; continue with the same command and --resume",
                done * chunk,
                runs.len(),
                path.display()
            ))
            .into());
        }
        let rows = pool.install(|| run_runs(spec, design, &plans, part, &tick)).map_err(|e| usage(e.to_string()));
        let rows = rows.inspect_err(|_| progress.finish_and_clear())?;
        for (&(p, r), row) in part.iter().zip(rows) {
            writer.write_record(run_cells(spec, p, r, &design.points()[p], &row))?;
        }
        writer.flush()?;
    }
    progress.finish_and_clear();
    Ok(())
}

/// The analysis of a complete study from its runs.csv: sensitivity.json, sensitivity.csv,
/// charts and report, the manifest; the answer on the console.
pub fn finish(out: &Path, spec: &SensitivitySpec, design: &Design, charts: &ChartArgs) -> Result<()> {
    let path = out.join("runs.csv");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let outputs = read_runs(spec, design, &text).map_err(|e| usage(format!("{}: {e}", out.display())))?;
    let indices = analyse(spec, design, &outputs, LEVEL, RESAMPLES, spec.base.scenario.simulation.seed);
    let record = SensitivityRecord { spec, design, outputs: &outputs, indices: &indices };
    write_atomic(&out.join("sensitivity.json"), sensitivity_json(&record).as_bytes())?;
    write_atomic(&out.join("sensitivity.csv"), sensitivity_csv(&record)?.as_bytes())?;
    let extras = charts_and_report(out, charts, None)?;
    super::seal(out, "sensitivity", &spec.base)?;
    for (f, result) in indices.iter().enumerate() {
        say!("{}", amtsim::output::sensitivity_files::sentence(spec, f, result));
    }
    if let Some(line) = amtsim::output::sensitivity_files::targets_sentence(&record) {
        say!("{line}");
    }
    say!(
        "wrote study.json, runs.csv, sensitivity.json, sensitivity.csv, scenario.toml, {extras}, manifest.json to {}",
        out.display()
    );
    Ok(())
}

/// How many of `runs` the folder's runs.csv already holds (a torn last row cut off).
fn resume_point(out: &Path, header: &str, runs: &[(usize, u32)]) -> Result<u64> {
    let at = |k: u64| runs.get(k as usize).map_or((u64::MAX, 0), |&(p, r)| (p as u64, r));
    complete_rows(&out.join("runs.csv"), header, runs.len() as u64, at).map_err(|e| match e {
        ResumeError::Io(e) => anyhow::Error::new(e),
        other => usage(other.to_string()),
    })
}

/// A CSV record as the csv crate writes it (header and rows must match byte for byte).
fn csv_line(cells: &[String]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(cells)?;
    Ok(String::from_utf8(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?)
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// The scenario studied (the recommended mix of an optimisation with `--mix`) and the study:
/// the scenario's `[sensitivity]` section with the options on top, every setting explicit.
fn study(args: &SensitivityArgs) -> Result<(LoadedScenario, SensitivitySection)> {
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
    let mut section = read_section(&base.document).map_err(|e| usage(format!("{file}: {e}")))?;
    for text in &args.inputs {
        let input = read_input(&toml::Value::String(text.clone()), &base.document)
            .map_err(|e| usage(format!("--input {e}")))?;
        section.inputs.retain(|i| i.path != input.path);
        section.inputs.push(input);
    }
    if !args.figures.is_empty() {
        section.figures = args.figures.clone();
    }
    section.targets.extend(args.targets.iter().cloned());
    section.method = args.method.clone().or(section.method);
    section.trajectories = args.trajectories.or(section.trajectories);
    section.levels = args.levels.or(section.levels);
    section.base_samples = args.base_samples.or(section.base_samples);
    let default_reps = section.replications.unwrap_or(base.scenario.simulation.replications);
    section.replications = Some(replications(args.run.replications, default_reps)?);
    let section = section.completed(base.scenario.simulation.replications);
    Ok((base, section))
}
