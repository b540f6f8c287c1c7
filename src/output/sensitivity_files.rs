//! sensitivity.json, sensitivity.csv and runs.csv of `amtsim sensitivity`: the indices per
//! figure and input with their intervals, a sentence per figure, and every evaluation.

use super::summary::finite;
use crate::experiment::sensitivity::{Design, FigureIndices, Method, Outputs, SensitivitySpec};
use crate::experiment::shard::Shard;
use crate::stats::breakdown::base_def;
use serde_json::{json, Value};

/// Confidence level of the indices' intervals.
pub const LEVEL: f64 = 0.95;
/// Bootstrap resamples behind each interval.
pub const RESAMPLES: usize = 1000;

/// A finished study, for the record.
pub struct SensitivityRecord<'a> {
    pub spec: &'a SensitivitySpec,
    pub design: &'a Design,
    pub outputs: &'a Outputs,
    pub indices: &'a [Result<FigureIndices, usize>],
}

/// How much each input matters for one figure, in the method's main measure (μ* or the
/// total index), with its interval; largest first.
pub fn ranking(indices: &FigureIndices) -> Vec<(usize, f64, f64, f64)> {
    let mut rows: Vec<(usize, f64, f64, f64)> = match indices {
        FigureIndices::Morris(e) => {
            e.iter().enumerate().map(|(i, e)| (i, e.mu_star, e.mu_star_low, e.mu_star_high)).collect()
        }
        FigureIndices::Sobol(s) => s.total.iter().enumerate().map(|(i, t)| (i, t.value, t.low, t.high)).collect(),
    };
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    rows
}

/// "backlog_end depends mostly on X (…), then on Y (…); Z matters least." in English.
pub fn sentence(spec: &SensitivitySpec, figure: usize, indices: &Result<FigureIndices, usize>) -> String {
    let name = &spec.figures[figure].0;
    let indices = match indices {
        Ok(i) => i,
        Err(points) => {
            return format!("{name} is undefined at {points} design points (e.g. no case of its kind): no indices")
        }
    };
    let unit = base_def(spec.figures[figure].1).unit;
    let rank = ranking(indices);
    let path = |i: usize| spec.inputs[i].path.as_str();
    let (first, rest) = rank.split_first().expect("at least one input");
    if first.1.is_nan() || first.1 <= 0.0 {
        return format!("{name} does not change with any of the inputs over their ranges");
    }
    let measure = |r: &(usize, f64, f64, f64)| match indices {
        FigureIndices::Morris(_) => format!("{} {unit} over its range, 95% CI {}–{}", g(r.1), g(r.2), g(r.3)),
        FigureIndices::Sobol(_) => {
            format!("{}% of the variance, 95% CI {}–{}%", pct(r.1), pct(r.2.max(0.0)), pct(r.3.min(1.0)))
        }
    };
    let mut text = format!("{name} depends mostly on {} ({})", path(first.0), measure(first));
    if let Some(second) = rest.first() {
        let apart = first.2 > second.3;
        text.push_str(&format!(", then on {} ({})", path(second.0), measure(second)));
        if !apart {
            text.push_str("; the intervals of the first two overlap, so their order may be chance");
        }
    }
    let minor: Vec<&str> = rest.iter().skip(1).filter(|r| r.1 < 0.1 * first.1).map(|r| path(r.0)).collect();
    if !minor.is_empty() {
        text.push_str(&format!(
            "; {} matter{} less than a tenth as much",
            minor.join(", "),
            if minor.len() == 1 { "s" } else { "" }
        ));
    }
    text
}

/// "Every target is met at 44 of 60 design points (73%): …" (None without targets).
pub fn targets_sentence(record: &SensitivityRecord) -> Option<String> {
    let spec = record.spec;
    if spec.targets.is_empty() {
        return None;
    }
    let (each, all) = spec.targets_met(record.outputs);
    let n = record.outputs.len();
    let pct = |k: usize| 100.0 * k as f64 / n as f64;
    let per: Vec<String> =
        (spec.targets.iter().zip(&each)).map(|(t, &k)| format!("{} at {k} ({:.0}%)", t.describe(), pct(k))).collect();
    Some(format!(
        "every target is met at {all} of {n} design points ({:.0}%, by each point's mean): {}",
        pct(all),
        per.join(", ")
    ))
}

fn g(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}", x * 100.0)
}

fn method_json(method: Method) -> Value {
    match method {
        Method::Morris { trajectories, levels } => {
            json!({ "name": "morris", "trajectories": trajectories, "levels": levels })
        }
        Method::Sobol { base_samples } => json!({ "name": "sobol", "base_samples": base_samples }),
    }
}

/// sensitivity.json. Byte-identical for the same scenario, seed, design and replications.
pub fn sensitivity_json(record: &SensitivityRecord) -> String {
    let spec = record.spec;
    let inputs: Vec<Value> = spec
        .inputs
        .iter()
        .map(|i| {
            json!({ "path": i.path, "low": i.low, "high": i.high, "relative": i.relative, "integer": i.integer, "scenario_value": i.base })
        })
        .collect();
    let figures: Vec<Value> = spec
        .figures
        .iter()
        .enumerate()
        .map(|(f, (name, index))| {
            let result = &record.indices[f];
            let per_input: Vec<Value> = match result {
                Err(_) => Vec::new(),
                Ok(FigureIndices::Morris(e)) => e
                    .iter()
                    .zip(&spec.inputs)
                    .map(|(e, i)| {
                        json!({ "input": i.path, "mu_star": finite(e.mu_star), "mu_star_ci95_low": finite(e.mu_star_low), "mu_star_ci95_high": finite(e.mu_star_high), "mu": finite(e.mu), "sigma": finite(e.sigma) })
                    })
                    .collect(),
                Ok(FigureIndices::Sobol(s)) => s
                    .first_order
                    .iter()
                    .zip(&s.total)
                    .zip(&spec.inputs)
                    .map(|((f1, t), i)| {
                        json!({ "input": i.path, "first_order": finite(f1.value), "first_order_ci95_low": finite(f1.low), "first_order_ci95_high": finite(f1.high), "total": finite(t.value), "total_ci95_low": finite(t.low), "total_ci95_high": finite(t.high) })
                    })
                    .collect(),
            };
            let order: Vec<&str> = match result {
                Ok(i) => ranking(i).iter().map(|r| spec.inputs[r.0].path.as_str()).collect(),
                Err(_) => Vec::new(),
            };
            json!({
                "name": name,
                "unit": base_def(*index).unit,
                "undefined_points": result.as_ref().err().copied().unwrap_or(0),
                "inputs": per_input,
                "ranking": order,
                "sentence": sentence(spec, f, result),
            })
        })
        .collect();
    let s = &spec.base.scenario;
    let doc = json!({
        "amtsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": super::summary::scenario_record(&spec.base),
        "seed": s.simulation.seed,
        "method": method_json(spec.method),
        "replications": spec.replications,
        "design_points": record.design.points().len(),
        "runs": record.design.points().len() as u64 * u64::from(spec.replications),
        "level": LEVEL,
        "bootstrap_resamples": RESAMPLES,
        "inputs": inputs,
        "figures": figures,
        "targets": targets_json(record),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn targets_json(record: &SensitivityRecord) -> Value {
    let spec = record.spec;
    let (each, all) = spec.targets_met(record.outputs);
    let n = record.outputs.len();
    json!({
        "design_points": n,
        "all_met_points": all,
        "all_met_share": if n == 0 { 0.0 } else { all as f64 / n as f64 },
        "each": spec.targets.iter().zip(&each).map(|(t, &k)| json!({
            "target": t.describe(),
            "met_points": k,
            "met_share": if n == 0 { 0.0 } else { k as f64 / n as f64 },
        })).collect::<Vec<_>>(),
        "sentence": targets_sentence(record),
    })
}

/// Columns of sensitivity.csv.
pub const SENSITIVITY_COLUMNS: [&str; 7] = ["figure", "unit", "input", "measure", "value", "ci95_low", "ci95_high"];

/// sensitivity.csv: one row per figure, input and measure (mu_star, mu, sigma for Morris;
/// first_order, total for Sobol); figures in the order given, inputs as declared.
pub fn sensitivity_csv(record: &SensitivityRecord) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SENSITIVITY_COLUMNS)?;
    let spec = record.spec;
    let cell = |x: f64| if x.is_finite() { x.to_string() } else { String::new() };
    for (f, (name, index)) in spec.figures.iter().enumerate() {
        let unit = base_def(*index).unit;
        let Ok(indices) = &record.indices[f] else { continue };
        for (i, input) in spec.inputs.iter().enumerate() {
            let rows: Vec<(&str, f64, f64, f64)> = match indices {
                FigureIndices::Morris(e) => {
                    let e = &e[i];
                    vec![
                        ("mu_star", e.mu_star, e.mu_star_low, e.mu_star_high),
                        ("mu", e.mu, f64::NAN, f64::NAN),
                        ("sigma", e.sigma, f64::NAN, f64::NAN),
                    ]
                }
                FigureIndices::Sobol(s) => vec![
                    ("first_order", s.first_order[i].value, s.first_order[i].low, s.first_order[i].high),
                    ("total", s.total[i].value, s.total[i].low, s.total[i].high),
                ],
            };
            for (measure, v, lo, hi) in rows {
                w.write_record([name.as_str(), unit, &input.path, measure, &cell(v), &cell(lo), &cell(hi)])?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out"))
}

/// The figure columns of runs.csv: the studied figures, then each target's figure not
/// already among them, with the column of `Outputs` each comes from.
fn figure_columns(spec: &SensitivitySpec) -> Vec<(String, usize)> {
    let mut columns: Vec<(String, usize)> = spec.figures.iter().enumerate().map(|(c, f)| (f.0.clone(), c)).collect();
    for (t, target) in spec.targets.iter().enumerate() {
        if !columns.iter().any(|(name, _)| *name == target.name) {
            columns.push((target.name.clone(), spec.figures.len() + t));
        }
    }
    columns
}

/// runs.csv's header: point, replication, each input's path, each figure column.
pub fn runs_header(spec: &SensitivitySpec) -> Vec<String> {
    let mut header = vec!["point".to_string(), "replication".to_string()];
    header.extend(spec.inputs.iter().map(|i| i.path.clone()));
    header.extend(figure_columns(spec).into_iter().map(|c| c.0));
    header
}

/// One run's row of runs.csv: the design point, the replication, the inputs' values there and
/// the figures (empty where undefined). `row` holds the collected figures (`Outputs`).
pub fn run_cells(spec: &SensitivitySpec, point: usize, replication: u32, unit: &[f64], row: &[f64]) -> Vec<String> {
    let mut cells = vec![point.to_string(), replication.to_string()];
    cells.extend(spec.overrides(unit).iter().map(|o| o.value.to_string()));
    cells.extend(
        figure_columns(spec).iter().map(|&(_, c)| if row[c].is_finite() { row[c].to_string() } else { String::new() }),
    );
    cells
}

/// The outputs of a complete runs.csv (every design point's replications, in order), read
/// back exactly: Rust prints each figure so that it parses to the same bits.
pub fn read_runs(spec: &SensitivitySpec, design: &Design, text: &str) -> Result<Outputs, String> {
    let columns = figure_columns(spec);
    let first = 2 + spec.inputs.len();
    // For each collected figure, its column in the file.
    let names: Vec<&str> =
        spec.figures.iter().map(|f| f.0.as_str()).chain(spec.targets.iter().map(|t| t.name.as_str())).collect();
    let at: Vec<usize> = names.iter().map(|n| first + columns.iter().position(|c| c.0 == *n).unwrap_or(0)).collect();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    if reader.headers().map_err(|e| e.to_string())?.iter().ne(runs_header(spec).iter().map(String::as_str)) {
        return Err("runs.csv: the header differs from this study's".into());
    }
    let points = design.points().len();
    let mut out: Outputs = vec![Vec::with_capacity(spec.replications as usize); points];
    for (k, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("runs.csv: {e}"))?;
        let (p, r) = (k / spec.replications as usize, k % spec.replications as usize);
        if p >= points || record.get(0) != Some(p.to_string().as_str()) || record.get(1) != Some(r.to_string().as_str())
        {
            return Err(format!("runs.csv: row {} is not point {p}, replication {r}", k + 1));
        }
        let value = |c: usize| match record.get(c) {
            Some("") => Ok(f64::NAN),
            Some(v) => v.parse::<f64>().map_err(|e| format!("runs.csv: row {}: {v}: {e}", k + 1)),
            None => Err(format!("runs.csv: row {} is short", k + 1)),
        };
        out[p].push(at.iter().map(|&c| value(c)).collect::<Result<_, _>>()?);
    }
    if out.iter().any(|reps| reps.len() != spec.replications as usize) {
        return Err(format!(
            "runs.csv: incomplete: expected {points} design points × {} replications",
            spec.replications
        ));
    }
    Ok(out)
}

/// study.json: what a sensitivity folder computes (the scenario, the complete study, the
/// design's size and the shard), written before the first run; `--resume` and `merge`
/// check against it.
pub fn study_json(spec: &SensitivitySpec, study: &toml::Table, points: usize, shard: &Shard) -> serde_json::Value {
    serde_json::json!({
        "amtsim_version": env!("CARGO_PKG_VERSION"),
        "command": "sensitivity",
        "scenario": super::summary::scenario_record(&spec.base),
        "seed": spec.base.scenario.simulation.seed,
        "study": study,
        "points": points,
        "replications": spec.replications,
        "shard": { "index": shard.index, "count": shard.count },
    })
}
