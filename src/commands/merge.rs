//! `amtsim merge`: the output folders of a sharded sweep (or sensitivity study) combined into
//! exactly the files the unsharded sweep (or study) writes.

use super::say;
use super::{charts_and_report, usage};
use crate::cli::MergeArgs;
use amtsim::experiment::shard::merge_run_rows;
use amtsim::output::{
    base_copy_name, prepare_out_dir, same_sweep, write_atomic, write_atomic_with, write_summary, Origin, SCENARIO_COPY,
};
use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

pub fn merge(args: MergeArgs) -> Result<()> {
    if args.dirs.first().is_some_and(|d| d.join("study.json").exists()) {
        return merge_study(&args);
    }
    let mut shards: Vec<(u64, PathBuf, Value)> = Vec::new();
    // A shard still being written (or resumed) would merge half its rows.
    let mut _reading = Vec::new();
    let mut origins = Vec::new();
    for dir in &args.dirs {
        _reading.push(amtsim::output::FolderLock::shared(dir).map_err(|e| usage(e.to_string()))?);
        let origin = super::verified(dir).map_err(|e| match e.downcast::<super::UsageError>() {
            Ok(e) => usage(format!("{e} (is the shard complete? resume it with --resume)")),
            Err(e) => e,
        })?;
        origins.push(origin);
        let path = dir.join("sweep.json");
        let text = std::fs::read_to_string(&path).map_err(|e| usage(format!("{}: {e}", path.display())))?;
        let manifest: Value = serde_json::from_str(&text).with_context(|| path.display().to_string())?;
        let index =
            manifest["shard"]["index"].as_u64().ok_or_else(|| usage(format!("{}: no shard", path.display())))?;
        shards.push((index, dir.clone(), manifest));
    }
    shards.sort_by_key(|(i, _, _)| *i);
    let first = shards[0].2.clone();
    let count = first["shard"]["count"].as_u64().unwrap_or(0);
    let indices: Vec<u64> = shards.iter().map(|(i, _, _)| *i).collect();
    if indices != (0..count).collect::<Vec<_>>() {
        return Err(usage(format!(
            "the sweep has {count} shards; give each shard's folder exactly once (got shards {indices:?})"
        )));
    }
    let unsharded = |m: &Value| {
        let mut m = m.clone();
        m["shard"] = json!({ "index": 0, "count": 1 });
        m["shard_points"] = m["points"].clone();
        let runs = m["points"].as_u64().unwrap_or(0) * m["replications"].as_u64().unwrap_or(0);
        m["runs"] = json!(runs);
        m
    };
    for (i, dir, m) in &shards {
        if !same_sweep(&unsharded(m), &unsharded(&first)) {
            return Err(usage(format!("{}: shard {i} is of another sweep than shard 0", dir.display())));
        }
    }
    let merged = unsharded(&first);
    let points = merged["points"].as_u64().unwrap_or(0);
    let replications = merged["replications"].as_u64().unwrap_or(0) as u32;
    let params = merged["params"].as_array().map_or(0, Vec::len);

    let _lock = prepare_out_dir(&args.out, args.force).map_err(|e| usage(e.to_string()))?;
    let runs_path = args.out.join("runs.csv");
    merge_rows(&shards, points, replications, &runs_path)?;
    write_atomic(&args.out.join("sweep.json"), (serde_json::to_string_pretty(&merged)? + "\n").as_bytes())?;
    let runs = BufReader::new(File::open(&runs_path)?);
    write_atomic_with(&args.out.join("summary.csv"), |w| write_summary(runs, params, w))?;
    super::sweep::write_sweep_warnings(&args.out, &merged)?;
    // Every shard holds the same scenario copies; take shard 0's.
    let shard0 = &shards[0].1;
    let copies = std::iter::once(SCENARIO_COPY.to_string()).chain((1..).map(base_copy_name));
    for name in copies.take_while(|n| shard0.join(n).exists()) {
        let bytes = std::fs::read(shard0.join(&name)).with_context(|| shard0.join(&name).display().to_string())?;
        write_atomic(&args.out.join(&name), &bytes)?;
    }
    let extras = charts_and_report(&args.out, &args.charts, None)?;
    let origin = Origin { command: "merge".into(), scenario_sha256: origins[0].scenario_sha256.clone() };
    amtsim::output::seal(&args.out, &origin)?;
    say!(
        "merged {count} shards: {points} grid points × {replications} replications; wrote sweep.json, runs.csv, summary.csv, warnings.json, {extras}, manifest.json to {}",
        args.out.display()
    );
    Ok(())
}

/// The shards of a sensitivity study (`sensitivity --shard i/N`) combined into exactly the
/// folder the unsharded study writes: the rows interleaved by design point, then the
/// analysis. The study is rebuilt from study.json and the scenario file it names (checked
/// by its SHA-256), so run merge where the shards were started.
fn merge_study(args: &MergeArgs) -> Result<()> {
    let mut _reading = Vec::new();
    let mut shards: Vec<(u64, PathBuf, Value)> = Vec::new();
    for dir in &args.dirs {
        _reading.push(amtsim::output::FolderLock::shared(dir).map_err(|e| usage(e.to_string()))?);
        super::verified(dir).map_err(|e| match e.downcast::<super::UsageError>() {
            Ok(e) => usage(format!("{e} (is the shard complete? resume it with --resume)")),
            Err(e) => e,
        })?;
        let path = dir.join("study.json");
        let text = std::fs::read_to_string(&path).map_err(|e| usage(format!("{}: {e}", path.display())))?;
        let study: Value = serde_json::from_str(&text).with_context(|| path.display().to_string())?;
        if study["command"] != "sensitivity" {
            return Err(usage(format!(
                "{}: not a sensitivity study's shard (an optimisation is not sharded)",
                dir.display()
            )));
        }
        let index = study["shard"]["index"].as_u64().ok_or_else(|| usage(format!("{}: no shard", path.display())))?;
        shards.push((index, dir.clone(), study));
    }
    shards.sort_by_key(|(i, _, _)| *i);
    let whole = |m: &Value| {
        let mut m = m.clone();
        m["shard"] = json!({ "index": 0, "count": 1 });
        m
    };
    let merged = whole(&shards[0].2);
    let count = shards[0].2["shard"]["count"].as_u64().unwrap_or(0);
    let indices: Vec<u64> = shards.iter().map(|(i, _, _)| *i).collect();
    if indices != (0..count).collect::<Vec<_>>() {
        return Err(usage(format!(
            "the study has {count} shards; give each shard's folder exactly once (got shards {indices:?})"
        )));
    }
    if let Some((i, dir, _)) = shards.iter().find(|(_, _, m)| whole(m) != merged) {
        return Err(usage(format!("{}: shard {i} is of another study than shard 0", dir.display())));
    }
    let (spec, design) = rebuild_study(&merged)?;
    let points = design.points().len() as u64;

    let _lock = prepare_out_dir(&args.out, args.force).map_err(|e| usage(e.to_string()))?;
    merge_rows(&shards, points, spec.replications, &args.out.join("runs.csv"))?;
    write_atomic(&args.out.join("study.json"), (serde_json::to_string_pretty(&merged)? + "\n").as_bytes())?;
    super::save_scenario(&spec.base, &args.out)?;
    say!("merged {count} shards: {points} design points × {} replications", spec.replications);
    super::sensitivity::finish(&args.out, &spec, &design, &args.charts)
}

/// The study a study.json describes: its scenario file (as recorded, checked by SHA-256)
/// with the recorded overrides, and its complete `[sensitivity]` section.
fn rebuild_study(
    study: &Value,
) -> Result<(amtsim::experiment::sensitivity::SensitivitySpec, amtsim::experiment::sensitivity::Design)> {
    use amtsim::experiment::sensitivity::{read_section, spec_from_section, Design};
    let record = &study["scenario"];
    let file = PathBuf::from(record["file"].as_str().unwrap_or_default());
    let overrides = (record["overrides"].as_array().into_iter().flatten())
        .map(|o| amtsim::scenario::parse_override(o.as_str().unwrap_or_default()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| usage(format!("study.json: scenario.overrides: {e}")))?;
    let loaded = amtsim::scenario::load_file(&file, &overrides).map_err(|e| {
        usage(format!(
            "{e} (merge reads the scenario the shards name, {}: run it where they were started)",
            file.display()
        ))
    })?;
    if Some(loaded.file_sha256.as_str()) != record["file_sha256"].as_str() {
        return Err(usage(format!(
            "{}: the file changed since the shards ran (its SHA-256 differs from study.json's)",
            file.display()
        )));
    }
    let section: toml::Table = serde_json::from_value(study["study"].clone()).context("study.json: study")?;
    let mut document = toml::Table::new();
    document.insert("sensitivity".into(), toml::Value::Table(section));
    // Relative inputs multiply the scenario's own values: read them against its document.
    for (key, value) in &loaded.document {
        document.entry(key.clone()).or_insert_with(|| value.clone());
    }
    let section = read_section(&document).map_err(|e| usage(format!("study.json: {e}")))?;
    let spec = spec_from_section(loaded, &section).map_err(usage)?;
    let design = Design::new(spec.method, spec.inputs.len(), spec.base.scenario.simulation.seed);
    if study["points"].as_u64() != Some(design.points().len() as u64) {
        return Err(usage("study.json: the design's size differs from the study's; was it made by another version?"));
    }
    Ok((spec, design))
}

/// The shards' runs.csv interleaved by point into `path` (checked row by row).
fn merge_rows(shards: &[(u64, PathBuf, Value)], points: u64, replications: u32, path: &std::path::Path) -> Result<()> {
    let readers = shards
        .iter()
        .map(|(_, dir, _)| {
            let path = dir.join("runs.csv");
            File::open(&path).map(BufReader::new).with_context(|| path.display().to_string())
        })
        .collect::<Result<Vec<_>>>()?;
    let mut failure = None;
    write_atomic_with(path, |w| {
        merge_run_rows(readers, points, replications, w).map_err(|e| {
            failure = Some(e.to_string());
            std::io::Error::other(e.to_string())
        })
    })
    .map_err(|e| match failure.take() {
        Some(message) => usage(format!("{message} (is every shard complete? resume it with --resume)")),
        None => anyhow::Error::new(e),
    })?;
    Ok(())
}
