//! optimise.json and optimise.csv of `amtsim optimise`: the recommended mix with the
//! probability that it meets each target, the Pareto front, and every candidate evaluated.

use super::summary::finite;
use crate::decide::selection::Goal;
use crate::experiment::optimise::{probability_of_meeting, Candidate, Objective, Optimisation, OptimiseSpec, Standing};
use crate::experiment::FigureEstimate;
use crate::stats::breakdown::base_def;
use serde_json::{json, Map, Value};

fn estimate(e: &FigureEstimate) -> Value {
    json!({
        "mean": finite(e.estimate.mean),
        "ci95_low": e.estimate.ci95_low.and_then(finite),
        "ci95_high": e.estimate.ci95_high.and_then(finite),
    })
}

fn objective_json(o: &Objective) -> Value {
    json!({ "name": o.name, "unit": base_def(o.figure).unit, "goal": if o.goal == Goal::Min { "min" } else { "max" } })
}

fn settings(spec: &OptimiseSpec, point: u64) -> Value {
    let values = spec.levers.point(point);
    let map: Map<String, Value> =
        spec.levers.params.iter().zip(values).map(|(p, v)| (p.path.clone(), Value::String(v.text.clone()))).collect();
    Value::Object(map)
}

fn candidate_json(spec: &OptimiseSpec, c: &Candidate) -> Value {
    let targets: Vec<Value> = spec
        .constraints
        .iter()
        .map(|t| {
            let e = &c.estimates[t.figure];
            json!({
                "target": t.describe(),
                "mean": finite(e.estimate.mean),
                "ci95_low": e.estimate.ci95_low.and_then(finite),
                "ci95_high": e.estimate.ci95_high.and_then(finite),
                "probability_met": probability_of_meeting(t, e).and_then(finite),
            })
        })
        .collect();
    json!({
        "point": c.point,
        "settings": settings(spec, c.point),
        "replications": c.runs.len(),
        "standing": c.standing,
        "overload": c.overload,
        "objective": estimate(&c.estimates[spec.objective.figure]),
        "front_figure": spec.front.as_ref().map(|f| estimate(&c.estimates[f.figure])),
        "targets": targets,
    })
}

/// The answer in one English sentence.
pub fn sentence(spec: &OptimiseSpec, result: &Optimisation) -> String {
    let verb = if spec.objective.goal == Goal::Min { "lowest" } else { "highest" };
    match result.recommended {
        Some(i) => {
            let c = &result.candidates[i];
            let probabilities: Vec<String> = spec
                .constraints
                .iter()
                .map(|t| {
                    let p = probability_of_meeting(t, &c.estimates[t.figure]).unwrap_or(f64::NAN);
                    format!("{} with probability {:.3}", t.describe(), p)
                })
                .collect();
            let mean = c.estimates[spec.objective.figure].estimate.mean;
            let better = |x: f64| if spec.objective.goal == Goal::Min { x < mean } else { x > mean };
            let open = (result.candidates.iter())
                .filter(|o| o.standing == Standing::Open && better(o.estimates[spec.objective.figure].estimate.mean))
                .count();
            let open = match open {
                0 => String::new(),
                n => format!("; {n} candidate{} with a better {} stayed undecided at {} replications (raise max_replications to settle them)", if n == 1 { "" } else { "s" }, spec.objective.name, spec.max_replications),
            };
            let meeting = result.candidates.iter().filter(|o| o.standing == Standing::Meets).count();
            let objective = match (result.best, &spec.front) {
                (Some(b), Some(front)) if b != i => {
                    let (front_value, best_value) = (
                        c.estimates[front.figure].estimate.mean,
                        result.candidates[b].estimates[spec.objective.figure].estimate.mean,
                    );
                    format!(
                        "has a {} ({}) within the indifference zone ({}) of the {verb} ({}) and the best {} among those ({})",
                        spec.objective.name,
                        significant(mean),
                        significant(spec.indifference),
                        significant(best_value),
                        front.name,
                        significant(front_value)
                    )
                }
                _ => format!("gives the {verb} {} ({})", spec.objective.name, significant(mean)),
            };
            format!(
                "{} {objective} of the {meeting} candidates (of {}) that meet every target with 95% confidence{}{}{open}",
                spec.levers.describe(c.point),
                evaluated(spec, result),
                if probabilities.is_empty() { "" } else { ": it meets " },
                probabilities.join(", ")
            )
        }
        None if result.searched => format!(
            "none of the {} candidates a local search evaluated meets every target with 95% confidence and without overload (the space has {}; a mix far from those may still)",
            result.candidates.len(),
            spec.candidates()
        ),
        None => format!(
            "none of the {} candidates meets every target with 95% confidence and without overload: the levers' ranges cannot reach the targets (widen them, or relax a target)",
            result.candidates.len()
        ),
    }
}

/// "180", or "312 evaluated by a local search of 40,000".
fn evaluated(spec: &OptimiseSpec, result: &Optimisation) -> String {
    match result.searched {
        true => format!("{} evaluated by a local search of {}", result.candidates.len(), spec.candidates()),
        false => result.candidates.len().to_string(),
    }
}

/// Four significant digits, without an exponent for everyday sizes.
fn significant(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 12) as usize;
    format!("{x:.digits$}")
}

/// optimise.json. Byte-identical for the same scenario, seed and settings.
pub fn optimise_json(loaded: &crate::scenario::LoadedScenario, spec: &OptimiseSpec, result: &Optimisation) -> String {
    let brute = spec.candidates() * u64::from(spec.max_replications);
    let mut doc = settings_json(loaded, spec);
    doc.extend(
        json!({
            "candidates_count": spec.candidates(),
            "search": if result.searched { "local" } else { "enumeration" },
            "candidates_evaluated": result.candidates.len(),
            "replications": result.replications,
            "brute_force_replications": brute,
            "share_of_brute_force": result.replications as f64 / brute as f64,
            "rounds": result.rounds,
            "recommended": result.recommended.map(|i| candidate_json(spec, &result.candidates[i])),
            "front": result.front.iter().map(|&i| candidate_json(spec, &result.candidates[i])).collect::<Vec<_>>(),
            "sentence": sentence(spec, result),
        })
        .as_object()
        .cloned()
        .unwrap_or_default(),
    );
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The snake-case word an enum is written as in optimise.json.
fn word(value: impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// optimise.csv: one row per candidate (grid order): its settings, replications, standing,
/// the objective, the front figure and each target's figure with their intervals.
pub fn optimise_csv(spec: &OptimiseSpec, result: &Optimisation) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = vec!["point".into()];
    header.extend(spec.levers.params.iter().map(|p| p.path.clone()));
    header.extend(["replications", "standing", "overload", "recommended", "on_front"].map(String::from));
    let mut figures: Vec<(String, usize)> = vec![(spec.objective.name.clone(), spec.objective.figure)];
    figures.extend(spec.front.iter().map(|f| (f.name.clone(), f.figure)));
    figures.extend(spec.constraints.iter().map(|t| (t.name.clone(), t.figure)));
    let mut seen = std::collections::BTreeSet::new();
    figures.retain(|(name, _)| seen.insert(name.clone()));
    for (name, _) in &figures {
        header.extend([name.clone(), format!("{name}_ci95_low"), format!("{name}_ci95_high")]);
    }
    w.write_record(&header)?;
    let cell = |x: Option<f64>| x.filter(|v| v.is_finite()).map_or(String::new(), |v| v.to_string());
    for (i, c) in result.candidates.iter().enumerate() {
        let mut row = vec![c.point.to_string()];
        row.extend(spec.levers.point(c.point).iter().map(|v| v.text.clone()));
        row.extend([
            c.runs.len().to_string(),
            word(c.standing),
            word(c.overload),
            (result.recommended == Some(i)).to_string(),
            result.front.contains(&i).to_string(),
        ]);
        for (_, f) in &figures {
            let e = &c.estimates[*f].estimate;
            row.extend([cell(Some(e.mean)), cell(e.ci95_low), cell(e.ci95_high)]);
        }
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out"))
}

/// A mix of an optimisation's answer, to evaluate again (`select --front-of`,
/// `sensitivity --mix`): its grid point and each lever's value as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Mix {
    pub point: u64,
    pub settings: Vec<(String, String)>,
}

impl Mix {
    /// "mix 44" for tables and messages; the settings say what it is.
    pub fn name(&self) -> String {
        format!("mix {}", self.point)
    }

    pub fn describe(&self) -> String {
        let parts: Vec<String> = self.settings.iter().map(|(k, v)| format!("{k}={v}")).collect();
        parts.join(", ")
    }
}

/// The mixes of an optimise.json: the recommended one and the front, with the scenario file's
/// SHA-256 (a mix means something only on the scenario it was found on).
#[derive(Debug, Clone, PartialEq)]
pub struct Mixes {
    pub file_sha256: String,
    pub overrides: Vec<String>,
    pub recommended: Option<Mix>,
    pub front: Vec<Mix>,
}

/// Reads the mixes of an optimisation's result folder (or its optimise.json).
pub fn read_mixes(path: &std::path::Path) -> Result<Mixes, String> {
    let file = if path.is_dir() { path.join("optimise.json") } else { path.to_path_buf() };
    let at = file.display();
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{at}: {e}"))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{at}: not an optimise.json: {e}"))?;
    let mix = |v: &Value, key: &str| -> Result<Mix, String> {
        let bad = || format!("{at}: {key}: expected a candidate with point and settings");
        let point = v.get("point").and_then(Value::as_u64).ok_or_else(bad)?;
        let settings = v.get("settings").and_then(Value::as_object).ok_or_else(bad)?;
        let settings = settings
            .iter()
            .map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())).ok_or_else(bad))
            .collect::<Result<_, _>>()?;
        Ok(Mix { point, settings })
    };
    let scenario = doc.get("scenario").ok_or(format!("{at}: not an optimise.json (no scenario)"))?;
    let file_sha256 = scenario.get("file_sha256").and_then(Value::as_str).unwrap_or_default().to_string();
    let overrides = (scenario.get("overrides").and_then(Value::as_array).into_iter().flatten())
        .filter_map(|o| o.as_str().map(String::from))
        .collect();
    let recommended = match doc.get("recommended") {
        None | Some(Value::Null) => None,
        Some(v) => Some(mix(v, "recommended")?),
    };
    let front = (doc.get("front").and_then(Value::as_array).ok_or(format!("{at}: not an optimise.json (no front)"))?)
        .iter()
        .enumerate()
        .map(|(i, v)| mix(v, &format!("front[{i}]")))
        .collect::<Result<_, _>>()?;
    Ok(Mixes { file_sha256, overrides, recommended, front })
}

/// study.json of an optimisation: what it computes (scenario, levers, objective, targets,
/// front, replications), written before the first run; `--resume` checks against it.
pub fn optimise_study_json(loaded: &crate::scenario::LoadedScenario, spec: &OptimiseSpec) -> Value {
    let mut doc = settings_json(loaded, spec);
    doc.insert("command".into(), json!("optimise"));
    Value::Object(doc)
}

/// What an optimisation computes, the head of optimise.json and of study.json.
fn settings_json(loaded: &crate::scenario::LoadedScenario, spec: &OptimiseSpec) -> Map<String, Value> {
    let levers: Vec<Value> = (spec.levers.params.iter())
        .map(|p| json!({ "path": p.path, "values": p.values.iter().map(|v| v.text.clone()).collect::<Vec<_>>() }))
        .collect();
    let doc = json!({
        "amtsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": super::summary::scenario_record(loaded),
        "seed": loaded.scenario.simulation.seed,
        "levers": levers,
        "objective": objective_json(&spec.objective),
        "targets": spec.constraints.iter().map(|t| t.describe()).collect::<Vec<_>>(),
        "front_objective": spec.front.as_ref().map(objective_json),
        "first_stage": spec.first_stage,
        "max_replications": spec.max_replications,
        "indifference": spec.indifference,
    });
    doc.as_object().cloned().unwrap_or_default()
}

/// One replication's row of an optimisation's runs.csv: grid point, replication, every
/// figure (empty where undefined), as Rust prints them, which reads back to the same bits.
pub fn optimise_run_line(point: u64, replication: u32, figures: &[f64]) -> String {
    let mut line = format!("{point},{replication}");
    for x in figures {
        line.push(',');
        if !x.is_nan() {
            line.push_str(&x.to_string());
        }
    }
    line.push('\n');
    line
}

/// The replications a runs.csv holds complete (a torn last line is left out) and the length
/// of those complete lines in bytes; refuses a header of other figures and a row twice.
pub fn read_optimise_runs(
    text: &str,
    header: &str,
    spec: &OptimiseSpec,
) -> Result<(crate::experiment::optimise::Known, usize), String> {
    let mut known = crate::experiment::optimise::Known::new();
    let Some(rest) = text.strip_prefix(header) else {
        return Err("runs.csv: the header differs from this optimisation's".into());
    };
    let mut complete = header.len();
    let width = header.trim_end().split(',').count();
    for (k, line) in rest.split_inclusive('\n').enumerate() {
        if !line.ends_with('\n') {
            break;
        }
        let cells: Vec<&str> = line.trim_end().split(',').collect();
        let bad = |why: &str| format!("runs.csv: row {}: {why}; the file was changed by hand", k + 1);
        if cells.len() != width {
            return Err(bad("the wrong number of columns"));
        }
        let point: u64 = cells[0].parse().map_err(|_| bad("no grid point"))?;
        let replication: u32 = cells[1].parse().map_err(|_| bad("no replication"))?;
        if point >= spec.candidates() || replication >= spec.max_replications {
            return Err(bad("a run outside this optimisation"));
        }
        let figures = (cells[2..].iter())
            .map(|c| if c.is_empty() { Ok(f64::NAN) } else { c.parse::<f64>().map_err(|_| bad("not a number")) })
            .collect::<Result<Vec<_>, _>>()?;
        if known.insert((point, replication), figures).is_some() {
            return Err(bad("a run given twice"));
        }
        complete += line.len();
    }
    Ok((known, complete))
}
