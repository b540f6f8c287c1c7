//! `amtsim merge`: the output folders of a sharded sweep combined into exactly the files the
//! unsharded sweep writes.

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
    let readers = shards
        .iter()
        .map(|(_, dir, _)| {
            let path = dir.join("runs.csv");
            File::open(&path).map(BufReader::new).with_context(|| path.display().to_string())
        })
        .collect::<Result<Vec<_>>>()?;
    let runs_path = args.out.join("runs.csv");
    let mut failure = None;
    write_atomic_with(&runs_path, |w| {
        merge_run_rows(readers, points, replications, w).map_err(|e| {
            let message = e.to_string();
            failure = Some(message.clone());
            std::io::Error::other(message)
        })
    })
    .map_err(|e| match failure.take() {
        Some(message) => usage(format!("{message} (is every shard complete? resume it with --resume)")),
        None => anyhow::Error::new(e),
    })?;
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
