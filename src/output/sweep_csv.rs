//! The sweep's files: runs.csv (one row per grid point and replication), summary.csv (one
//! row per grid point and figure, with 95% intervals) and sweep.json (what was swept).
//!
//! Numbers are written in Rust's shortest round-trip notation, so summary.csv computed from
//! runs.csv is exactly what the in-memory values would give, and a merged set of shards
//! gives byte for byte the files of the unsharded sweep.

use crate::experiment::grid::Grid;
use crate::experiment::sweep::{RunRow, SweepSpec};
use crate::stats::{OnlineStats, FIGURES};
use serde_json::{json, Value};
use std::io::{BufRead, Write};

/// A CSV cell as the csv crate writes it (RFC 4180): quoted when it holds a comma, a quote or
/// a line break, quotes doubled.
pub fn csv_field(text: &str) -> String {
    let mut cell = String::new();
    push_csv_field(&mut cell, text);
    cell
}

/// Appends `text` as a CSV cell (see [`csv_field`]).
pub fn push_csv_field(out: &mut String, text: &str) {
    // Numbers and plain names, nearly every cell, need no quoting: no writer for them.
    if !text.contains([',', '"', '\n', '\r']) {
        out.push_str(text);
        return;
    }
    // A record of one field (the quotes close at its end), without its line break.
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let _ = writer.write_record([text]);
    let bytes = writer.into_inner().unwrap_or_default();
    out.push_str(String::from_utf8(bytes).unwrap_or_default().trim_end_matches('\n'));
}

/// Splits one CSV line (without its line break) into cells, undoing `csv_field`.
pub fn split_csv_line(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

fn number(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

/// The header of runs.csv: point, replication, one column per swept key path, one per figure
/// (`figures`: the office's, then `FIGURE[NAME]` per case type and team).
pub fn runs_header(grid: &Grid, figures: &[String]) -> String {
    let mut cells = vec!["point".to_string(), "replication".to_string()];
    cells.extend(grid.params.iter().map(|p| csv_field(&p.path)));
    cells.extend(figures.iter().map(|f| csv_field(f)));
    cells.join(",") + "\n"
}

/// One row of runs.csv; undefined figures are empty cells.
pub fn run_line(grid: &Grid, row: &RunRow) -> String {
    let mut cells = vec![row.point.to_string(), row.replication.to_string()];
    cells.extend(grid.point(row.point).iter().map(|v| csv_field(&v.text)));
    cells.extend(row.figures.iter().map(|&x| number(x)));
    cells.join(",") + "\n"
}

/// Columns of summary.csv after the swept key paths.
pub const SUMMARY_COLUMNS: &[&str] = &["figure", "unit", "replications", "mean", "ci95_low", "ci95_high"];

/// Writes summary.csv from runs.csv, one point at a time (rows of a point are contiguous), so
/// memory does not grow with the sweep. `params` is the number of swept keys.
pub fn write_summary(runs: impl BufRead, params: usize, out: &mut impl Write) -> std::io::Result<()> {
    let mut lines = runs.lines();
    let header = split_csv_line(&lines.next().transpose()?.unwrap_or_default());
    let first_figure = 2 + params;
    let mut head: Vec<String> = vec!["point".into()];
    head.extend(header.iter().skip(2).take(params).map(|p| csv_field(p)));
    head.extend(SUMMARY_COLUMNS.iter().map(|c| c.to_string()));
    out.write_all((head.join(",") + "\n").as_bytes())?;
    let figures: Vec<String> = header.iter().skip(first_figure).cloned().collect();
    let mut current: Option<(String, Vec<String>)> = None;
    let mut stats = vec![OnlineStats::new(); figures.len()];
    for line in lines {
        let cells = split_csv_line(&line?);
        let point = cells.first().cloned().unwrap_or_default();
        if current.as_ref().is_some_and(|(p, _)| *p != point) {
            if let Some((p, settings)) = current.take() {
                write_point(out, &p, &settings, &figures, &stats)?;
            }
            stats = vec![OnlineStats::new(); figures.len()];
        }
        if current.is_none() {
            current = Some((point, cells.iter().skip(2).take(params).cloned().collect()));
        }
        for (s, cell) in stats.iter_mut().zip(cells.iter().skip(first_figure)) {
            if let Ok(x) = cell.parse::<f64>() {
                s.push(x);
            }
        }
    }
    if let Some((p, settings)) = current {
        write_point(out, &p, &settings, &figures, &stats)?;
    }
    Ok(())
}

/// One point's rows: every office figure, and a case type's or team's (`FIGURE[NAME]`) where
/// some replication defined it.
fn write_point(
    out: &mut impl Write,
    point: &str,
    settings: &[String],
    figures: &[String],
    stats: &[OnlineStats],
) -> std::io::Result<()> {
    let prefix: Vec<String> = std::iter::once(point.to_string()).chain(settings.iter().map(|s| csv_field(s))).collect();
    let prefix = prefix.join(",");
    for (name, s) in figures.iter().zip(stats) {
        let (base, subject) = crate::stats::breakdown::split_name(name);
        if subject.is_some() && s.count() == 0 {
            continue;
        }
        let def = crate::stats::figure_index(base).map(|i| &FIGURES[i]);
        let (lo, hi) = def.map_or((f64::NEG_INFINITY, f64::INFINITY), crate::stats::domain);
        let ci = s.confidence_interval(0.95).map(|(a, b)| (a.clamp(lo, hi), b.clamp(lo, hi)));
        writeln!(
            out,
            "{prefix},{},{},{},{},{},{}",
            csv_field(name),
            csv_field(def.map_or("", |d| d.unit)),
            s.count(),
            number(s.mean()),
            ci.map_or(String::new(), |(lo, _)| number(lo)),
            ci.map_or(String::new(), |(_, hi)| number(hi)),
        )?;
    }
    Ok(())
}

/// warnings.json of a sweep: each grid point's warnings (`warnings::result_warnings`, the
/// rules of `run`), from summary.csv and the manifest (sweep.json), so that a merged sweep
/// gets the same file. Only points with warnings are listed.
pub fn sweep_warnings(manifest: &Value, summary_csv: &str) -> Value {
    let params: Vec<String> = manifest["params"]
        .as_array()
        .map(|ps| ps.iter().map(|p| p["path"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default();
    let base = |key: &str| manifest[key].as_u64().unwrap_or(0);
    let mut points: Vec<(String, Vec<String>, Vec<crate::experiment::FigureEstimate>, usize)> = Vec::new();
    for line in summary_csv.lines().skip(1) {
        let cells = split_csv_line(line);
        let [figure, _unit, reps, mean, low, high] = [0, 1, 2, 3, 4, 5].map(|k| cells.get(1 + params.len() + k));
        let (Some(point), Some(index)) = (cells.first(), figure.and_then(|f| crate::stats::figure_index(f))) else {
            continue;
        };
        if points.last().is_none_or(|(p, ..)| p != point) {
            let blank = crate::experiment::FigureEstimate {
                estimate: crate::stats::Estimate { mean: f64::NAN, ci95_low: None, ci95_high: None },
                replications: 0,
            };
            let settings = cells[1..=params.len()].to_vec();
            points.push((point.clone(), settings, vec![blank; FIGURES.len()], 0));
        }
        let number = |c: Option<&String>| c.and_then(|c| c.parse::<f64>().ok());
        let (_, _, estimates, most) = points.last_mut().expect("a point");
        let replications = number(reps).unwrap_or(0.0) as usize;
        *most = (*most).max(replications);
        estimates[index] = crate::experiment::FigureEstimate {
            estimate: crate::stats::Estimate {
                mean: number(mean).unwrap_or(f64::NAN),
                ci95_low: number(low),
                ci95_high: number(high),
            },
            replications,
        };
    }
    let mut out = Vec::new();
    for (point, settings, estimates, replications) in points {
        let setting = |key: &str| params.iter().position(|p| p == key).and_then(|i| settings[i].parse::<u64>().ok());
        let days = setting("simulation.days").unwrap_or(base("days"));
        let warmup = setting("simulation.warmup_days").unwrap_or(base("warmup_days"));
        let weeks = days.saturating_sub(warmup) as f64 / 7.0;
        let warnings = crate::experiment::warnings::result_warnings(&estimates, replications, weeks);
        if !warnings.is_empty() {
            let settings: serde_json::Map<String, Value> =
                params.iter().cloned().zip(settings.into_iter().map(Value::String)).collect();
            out.push(json!({
                "point": point.parse::<u64>().ok(),
                "settings": settings,
                "warnings": super::summary::warnings_json(&warnings),
            }));
        }
    }
    json!({ "points": out })
}

/// sweep.json: what was swept, enough to resume or merge it. Holds nothing that depends on
/// the machine or the clock.
pub fn sweep_manifest(spec: &SweepSpec) -> Value {
    let base = &spec.base;
    let params: Vec<Value> = spec
        .grid
        .params
        .iter()
        .map(|p| json!({ "path": p.path, "values": p.values.iter().map(|v| v.text.clone()).collect::<Vec<_>>() }))
        .collect();
    json!({
        "amtsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": super::summary::scenario_record(base),
        "seed": base.scenario.simulation.seed,
        "replications": spec.replications,
        "days": base.scenario.simulation.days,
        "warmup_days": base.scenario.simulation.warmup_days,
        "params": params,
        "points": spec.grid.points(),
        "shard": { "index": spec.shard.index, "count": spec.shard.count },
        "shard_points": spec.shard_points(),
        "runs": spec.shard_runs(),
    })
}

/// The parts of two manifests that must agree for a resume (the file may be named another
/// way, and the targets, which change no row, may differ; everything else is the sweep's
/// identity).
pub fn same_sweep(a: &Value, b: &Value) -> bool {
    let identity = |v: &Value| {
        let mut v = v.clone();
        if let Some(s) = v.get_mut("scenario").and_then(Value::as_object_mut) {
            s.remove("file");
        }
        if let Some(m) = v.as_object_mut() {
            m.remove("targets");
        }
        v
    };
    identity(a) == identity(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_round_trip() {
        let cells = ["a", "b,c", "say \"hi\"", ""];
        let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        assert_eq!(split_csv_line(&line.join(",")), cells);
    }

    #[test]
    fn summary_groups_rows_by_point() {
        let mut runs = "point,replication,x".to_string();
        for f in FIGURES {
            runs.push(',');
            runs.push_str(f.name);
        }
        runs.push('\n');
        let blanks = ",".repeat(FIGURES.len() - 1);
        for (p, r, v) in [(0, 0, 1.0), (0, 1, 3.0), (1, 0, 5.0)] {
            runs.push_str(&format!("{p},{r},\"a,b\",{v}{blanks}\n"));
        }
        let mut out = Vec::new();
        write_summary(runs.as_bytes(), 1, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "point,x,figure,unit,replications,mean,ci95_low,ci95_high");
        assert_eq!(lines.len(), 1 + 2 * FIGURES.len());
        assert!(lines[1].starts_with(&format!("0,\"a,b\",{},clients,2,2,", FIGURES[0].name)), "{}", lines[1]);
        assert!(lines[1 + FIGURES.len()].starts_with("1,\"a,b\","), "{}", lines[1 + FIGURES.len()]);
        assert!(lines[2].contains(",0,,,"), "{}", lines[2]);
    }
}
