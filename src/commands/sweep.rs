//! `amtsim sweep`: every grid point × replication on rayon, streamed to runs.csv chunk by
//! chunk (complete lines, flushed), then summary.csv. Ctrl-C stops after the current chunk;
//! `--resume` continues after the last complete row.

use super::say;
use super::{
    charts_and_report, load, out_dir, progress_bar, replications, save_scenario, seed_override, thread_pool, usage,
    Interrupted,
};
use crate::cli::SweepArgs;
use amtsim::experiment::grid::{parse_param, read_sweep_section, Grid, Param};
use amtsim::experiment::shard::{ResumeError, Shard};
use amtsim::experiment::sweep::{run_sweep, SweepEnd, SweepError, SweepSpec};
use amtsim::output::{
    prepare_out_dir, run_line, runs_header, same_sweep, sweep_manifest, write_atomic, write_atomic_with, write_summary,
};
use anyhow::{Context, Result};
use std::fs::{File, OpenOptions};
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

pub fn sweep(args: SweepArgs) -> Result<()> {
    let spec = sweep_spec(&args)?;
    spec.check_values().map_err(|e| usage(e.to_string()))?;
    let suffix = if spec.shard.is_whole() {
        "-sweep".to_string()
    } else {
        format!("-sweep-shard-{}-of-{}", spec.shard.index, spec.shard.count)
    };
    let out = out_dir(&args.run.out, &args.scenario.file, &suffix);
    let runs_path = out.join("runs.csv");
    let figures = amtsim::stats::breakdown::extended_names(&amtsim::stats::breakdown::subjects(&spec.base.scenario));
    let header = runs_header(&spec.grid, &figures);
    let mut manifest = sweep_manifest(&spec);
    manifest["targets"] = serde_json::json!(sweep_targets(&args, &spec)?);
    if args.dry_run {
        return dry_run(&args, &spec);
    }
    let (first, _lock) = if args.resume {
        // Two resumes of one folder (a requeued job while the old one still runs) would
        // append the same rows twice: the second is refused before it reads anything.
        let lock = if out.is_dir() {
            Some(amtsim::output::FolderLock::exclusive(&out).map_err(|e| usage(e.to_string()))?)
        } else {
            None
        };
        let done = resume_point(&out, &manifest, &spec, &header)?;
        // The folder changes again: until the sweep is complete it holds no finished run.
        amtsim::output::discard_manifest(&out)?;
        // The targets may have changed: the folder records those of the last invocation.
        write_atomic(&out.join("sweep.json"), pretty(&manifest).as_bytes())?;
        (done, lock)
    } else {
        let lock = prepare_out_dir(&out, args.run.force).map_err(|e| usage(e.to_string()))?;
        write_atomic(&out.join("sweep.json"), pretty(&manifest).as_bytes())?;
        write_atomic(&runs_path, header.as_bytes())?;
        (0, Some(lock))
    };
    save_scenario(&spec.base, &out)?;

    let total = spec.shard_runs();
    let stop = super::stop_on_ctrl_c()?;
    let file = OpenOptions::new().append(true).open(&runs_path).with_context(|| runs_path.display().to_string())?;
    let mut writer = BufWriter::new(file);
    let pool = thread_pool(args.run.threads)?;
    let chunk = (pool.current_num_threads() * 32).clamp(64, 4096);
    say!(
        "{} — {} grid points{}, {} replications each: {} runs{}",
        spec.base.scenario.name,
        spec.grid.points(),
        if spec.shard.is_whole() {
            String::new()
        } else {
            format!(" (shard {}/{}: {} points)", spec.shard.index, spec.shard.count, spec.shard_points())
        },
        spec.replications,
        total,
        if first > 0 { format!(", resuming after {first}") } else { String::new() }
    );
    // Drawn after the lines above, so that no stale "0/N" line stays behind them.
    let progress = progress_bar(total, first, "runs");
    let started = Instant::now();
    let end = pool.install(|| {
        run_sweep(&spec, first, chunk, &stop, |rows| {
            for row in rows {
                writer.write_all(run_line(&spec.grid, row).as_bytes())?;
            }
            writer.flush()?;
            progress.inc(rows.len() as u64);
            Ok(())
        })
    });
    progress.finish_and_clear();
    let end = end.map_err(|e| match e {
        SweepError::Point { .. } => usage(e.to_string()),
        other => anyhow::Error::new(other),
    })?;
    if let SweepEnd::Stopped { done } = end {
        return Err(Interrupted(format!(
            "interrupted: {done} of {total} runs written to {}; continue with the same command and --resume",
            runs_path.display()
        ))
        .into());
    }
    let wall = started.elapsed().as_secs_f64();
    let runs = BufReader::new(File::open(&runs_path)?);
    write_atomic_with(&out.join("summary.csv"), |w| write_summary(runs, spec.grid.params.len(), w))
        .with_context(|| out.join("summary.csv").display().to_string())?;
    let points_warned = write_sweep_warnings(&out, &manifest)?;
    if points_warned > 0 {
        eprintln!("warning: {points_warned} grid point(s) have warnings (overload, booked-out portal, few replications): see warnings.json");
    }
    // A shard's summary covers only its points: charts and report come after `merge`.
    let extras = if spec.shard.is_whole() {
        format!(", {}", charts_and_report(&out, &args.charts, None)?)
    } else {
        String::new()
    };
    super::seal(&out, "sweep", &spec.base)?;
    say!(
        "{} runs in {wall:.1} s on {} threads; wrote sweep.json, runs.csv, summary.csv, warnings.json, scenario.toml{extras}, manifest.json to {}",
        total - first,
        pool.current_num_threads(),
        out.display()
    );
    if args.timing && total > first {
        let threads = pool.current_num_threads();
        say!(
            "timing: {wall:.3} s wall on {threads} threads, {:.2} ms per run (core time), peak memory {}",
            wall * threads as f64 / (total - first) as f64 * 1e3,
            amtsim::memory::peak_resident_text()
        );
    }
    Ok(())
}

/// `--dry-run`: every grid point checked, the sweep's size said, nothing simulated or written.
fn dry_run(args: &SweepArgs, spec: &SweepSpec) -> Result<()> {
    thread_pool(args.run.threads)?.install(|| spec.check_every_point()).map_err(|e| usage(e.to_string()))?;
    let points = spec.grid.points();
    say!(
        "dry run: {} — {points} grid points × {} replications = {} runs; every point is a valid scenario{}; nothing was simulated or written",
        spec.base.scenario.name,
        spec.replications,
        points * u64::from(spec.replications),
        if spec.shard.is_whole() {
            String::new()
        } else {
            format!(" (shard {}/{}: {} points, {} runs)", spec.shard.index, spec.shard.count, spec.shard_points(), spec.shard_runs())
        }
    );
    Ok(())
}

/// Writes warnings.json from summary.csv and the manifest; returns how many points have
/// warnings.
pub fn write_sweep_warnings(out: &std::path::Path, manifest: &serde_json::Value) -> Result<usize> {
    let summary = std::fs::read_to_string(out.join("summary.csv"))
        .with_context(|| out.join("summary.csv").display().to_string())?;
    let warnings = amtsim::output::sweep_warnings(manifest, &summary);
    let count = warnings["points"].as_array().map_or(0, Vec::len);
    write_atomic(&out.join("warnings.json"), (serde_json::to_string_pretty(&warnings)? + "\n").as_bytes())?;
    Ok(count)
}

/// The targets to check every point against: the scenario's `[sweep] targets`, then
/// `--target`, each checked against the scenario (a figure that counts completed cases only
/// is refused, as for `amtsim staff`).
fn sweep_targets(args: &SweepArgs, spec: &SweepSpec) -> Result<Vec<String>> {
    let section =
        read_sweep_section(&spec.base.document).map_err(|e| usage(format!("{}: {e}", args.scenario.file.display())))?;
    let subjects = amtsim::stats::breakdown::subjects(&spec.base.scenario);
    let mut targets = Vec::new();
    for (i, text) in section.targets.iter().enumerate() {
        amtsim::experiment::staffing::Target::parse(text, &subjects)
            .map_err(|e| usage(format!("{}: sweep.targets[{i}] = {e}", args.scenario.file.display())))?;
        targets.push(text.trim().to_string());
    }
    for text in &args.targets {
        amtsim::experiment::staffing::Target::parse(text, &subjects).map_err(|e| usage(format!("--target {e}")))?;
        targets.push(text.trim().to_string());
    }
    Ok(targets)
}

/// The sweep to run: the scenario's `[sweep]` params, then `--param` (replacing a file param
/// of the same key).
fn sweep_spec(args: &SweepArgs) -> Result<SweepSpec> {
    let base = load(&args.scenario, &seed_override(&args.run))?;
    let section =
        read_sweep_section(&base.document).map_err(|e| usage(format!("{}: {e}", args.scenario.file.display())))?;
    let mut params: Vec<Param> = section.params;
    for text in &args.params {
        let param = parse_param(text).map_err(|e| usage(format!("--param {e}")))?;
        // A parameter replaces, in place, the section's that set any of its keys.
        let shares = |p: &Param| p.keys().any(|k| param.keys().any(|j| j == k));
        let at = params.iter().position(shares);
        params.retain(|p| !shares(p));
        match at {
            Some(at) => params.insert(at, param),
            None => params.push(param),
        }
    }
    if params.is_empty() {
        return Err(usage("nothing to sweep: give --param PATH=VALUES or a [sweep] section with params"));
    }
    let grid = Grid::new(params).map_err(usage)?;
    let default = section.replications.unwrap_or(base.scenario.simulation.replications);
    let replications = replications(args.run.replications, default)?;
    let shard = match &args.shard {
        Some(text) => Shard::parse(text).map_err(|e| usage(format!("--shard {e}")))?,
        None => Shard::ALL,
    };
    Ok(SweepSpec { base, grid, replications, shard })
}

/// Checks that the folder holds the same sweep, trims a cut last line, checks the rows, and
/// returns how many runs are done.
fn resume_point(out: &Path, manifest: &serde_json::Value, spec: &SweepSpec, header: &str) -> Result<u64> {
    let manifest_path = out.join("sweep.json");
    let existing = std::fs::read_to_string(&manifest_path)
        .map_err(|e| usage(format!("{}: nothing to resume ({e}); run without --resume", manifest_path.display())))?;
    let existing: serde_json::Value = serde_json::from_str(&existing).context("reading sweep.json")?;
    if !same_sweep(&existing, manifest) {
        return Err(usage(format!(
            "{}: the folder holds another sweep (scenario, overrides, params, replications, seed or shard differ); \
             resume with the same arguments or choose another --out",
            out.display()
        )));
    }
    let runs_path = out.join("runs.csv");
    if !runs_path.exists() {
        write_atomic(&runs_path, header.as_bytes())?;
        return Ok(0);
    }
    let runs = spec.shard_runs();
    amtsim::experiment::shard::complete_rows(&runs_path, header, runs, |k| spec.run_at(k)).map_err(|e| match e {
        ResumeError::Header { path } => usage(format!("{path}: the header differs from this sweep's")),
        ResumeError::Io(e) => anyhow::Error::new(e),
        other => usage(other.to_string()),
    })
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}
