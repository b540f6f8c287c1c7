//! Which uncertain assumptions a figure depends on: a Morris screening or Sobol indices over
//! declared input ranges, each design point simulated on the same replications (common
//! random numbers, so two points differ by their inputs and not by chance).
//!
//! The statistics live in `decide`; this module turns design points (in the unit cube) into
//! scenario variants, runs them, and hands back each figure's mean per point.

use super::shard::Shard;
use crate::decide::design::design_rng;
use crate::decide::{morris, sobol};
use crate::model::{simulate_summary, Plan};
use crate::scenario::{lookup, with_overrides, LoadedScenario, Override, ScenarioError};
use rayon::prelude::*;
use toml::{Table, Value};

/// One uncertain input: a scenario key and the range it may lie in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UncertainInput {
    pub path: String,
    pub low: f64,
    pub high: f64,
    /// The range is a factor on the scenario's own value of the key.
    pub relative: bool,
    /// Integer values only (a head count, days): the range's integers, equally likely.
    pub integer: bool,
    /// The value in the scenario (what `relative` multiplies); None where the key is not set.
    pub base: Option<f64>,
}

impl UncertainInput {
    /// The key's value at `u` in [0, 1] of the range: an absolute integer input takes each
    /// integer of its range with equal probability; a relative integer input is the
    /// scenario's value times the factor, rounded.
    pub fn value_at(&self, u: f64) -> Value {
        let x = if self.integer && !self.relative {
            (self.low + (u * (self.high - self.low + 1.0)).floor()).min(self.high)
        } else {
            self.low + u * (self.high - self.low)
        };
        let v = if self.relative { x * self.base.unwrap_or(1.0) } else { x };
        if self.integer {
            Value::Integer(v.round() as i64)
        } else {
            Value::Float(v)
        }
    }
}

/// How the inputs are explored.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum Method {
    Morris { trajectories: usize, levels: u32 },
    Sobol { base_samples: usize },
}

/// The design points of a study: unit-cube coordinates, and what the estimators need.
#[derive(Debug, Clone)]
pub enum Design {
    Morris(morris::MorrisDesign),
    Sobol(sobol::SobolDesign),
}

impl Design {
    pub fn new(method: Method, inputs: usize, seed: u64) -> Design {
        let mut rng = design_rng(seed, 0);
        match method {
            Method::Morris { trajectories, levels } => {
                Design::Morris(morris::design(inputs, levels, trajectories, &mut rng))
            }
            Method::Sobol { base_samples } => Design::Sobol(sobol::design(inputs, base_samples, &mut rng)),
        }
    }

    pub fn points(&self) -> &[Vec<f64>] {
        match self {
            Design::Morris(d) => &d.points,
            Design::Sobol(d) => &d.points,
        }
    }
}

/// A study: the scenario, the inputs, the figures (extended indices) and the method.
#[derive(Debug, Clone)]
pub struct SensitivitySpec {
    pub base: LoadedScenario,
    pub inputs: Vec<UncertainInput>,
    /// Names as given (`FIGURE` or `FIGURE[NAME]`) and their extended indices.
    pub figures: Vec<(String, usize)>,
    /// Targets whose share of design points met is counted: how often a recommendation
    /// still meets them when the assumptions vary.
    pub targets: Vec<super::staffing::Target>,
    pub method: Method,
    pub replications: u32,
}

/// Why a design point could not be run.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    #[error("design point {point} ({settings}): {source}")]
    Point { point: usize, settings: String, source: ScenarioError },
    #[error("design point {point} ({settings}), replication {replication}: {why}")]
    Aborted { point: usize, settings: String, replication: u32, why: String },
}

impl SensitivitySpec {
    pub fn overrides(&self, unit: &[f64]) -> Vec<Override> {
        self.inputs.iter().zip(unit).map(|(i, &u)| Override { path: i.path.clone(), value: i.value_at(u) }).collect()
    }

    pub fn describe(&self, unit: &[f64]) -> String {
        let parts: Vec<String> = self.overrides(unit).iter().map(|o| format!("{}={}", o.path, o.value)).collect();
        parts.join(", ")
    }

    /// The validated scenario of a design point.
    pub fn scenario_at(&self, point: usize, unit: &[f64]) -> Result<LoadedScenario, StudyError> {
        with_overrides(&self.base, &self.overrides(unit)).map_err(|source| StudyError::Point {
            point,
            settings: self.describe(unit),
            source,
        })
    }

    /// The figures each run keeps: the studied ones, then the targets' (`Outputs` columns).
    pub fn collected(&self) -> impl Iterator<Item = usize> + '_ {
        self.figures.iter().map(|f| f.1).chain(self.targets.iter().map(|t| t.figure))
    }

    /// Per target, the design points at which its figure's mean (over the point's
    /// replications) lies on the target's side; and the points at which every target does.
    pub fn targets_met(&self, outputs: &Outputs) -> (Vec<usize>, usize) {
        let columns = self.figures.len();
        let met: Vec<Vec<bool>> = (0..self.targets.len())
            .map(|t| {
                let target = &self.targets[t];
                point_means(outputs, columns + t)
                    .iter()
                    .map(|&m| match target.bound {
                        super::staffing::Bound::AtMost => m <= target.value,
                        super::staffing::Bound::AtLeast => m >= target.value,
                    })
                    .collect()
            })
            .collect();
        let each = met.iter().map(|points| points.iter().filter(|&&m| m).count()).collect();
        let all = (0..outputs.len()).filter(|&p| met.iter().all(|points| points[p])).count();
        (each, all)
    }

    /// Validates each input at both ends of its range (the others at their middle), so a
    /// range the scenario refuses shows before the first run.
    pub fn check_ranges(&self) -> Result<(), StudyError> {
        let k = self.inputs.len();
        let probes: Vec<Vec<f64>> = (0..k)
            .flat_map(|i| {
                [0.0, 1.0].map(|end| {
                    let mut u = vec![0.5; k];
                    u[i] = end;
                    u
                })
            })
            .collect();
        probes.par_iter().enumerate().try_for_each(|(p, u)| self.scenario_at(p, u).map(drop))
    }
}

/// Per design point and replication, the chosen figures ([point][replication][figure]).
pub type Outputs = Vec<Vec<Vec<f64>>>;

/// Runs every design point's replications (points in parallel, in order), calling `done`
/// after each replication.
pub fn run_design(spec: &SensitivitySpec, design: &Design, done: &(dyn Fn() + Sync)) -> Result<Outputs, StudyError> {
    let plans = plans(spec, design, &Shard::ALL)?;
    let runs = shard_runs(spec, design, &Shard::ALL);
    let rows = run_runs(spec, design, &plans, &runs, done)?;
    let mut out: Outputs = vec![Vec::with_capacity(spec.replications as usize); design.points().len()];
    for (&(p, _), row) in runs.iter().zip(rows) {
        out[p].push(row);
    }
    Ok(out)
}

/// The plans of a shard's design points (the others None), validated.
pub fn plans(spec: &SensitivitySpec, design: &Design, shard: &Shard) -> Result<Vec<Option<Plan>>, StudyError> {
    let points = design.points();
    points
        .par_iter()
        .enumerate()
        .map(|(p, u)| match p as u64 % shard.count == shard.index {
            true => spec.scenario_at(p, u).map(|loaded| Some(Plan::new(loaded.scenario))),
            false => Ok(None),
        })
        .collect()
}

/// A shard's runs (design point, replication) in the order runs.csv holds them: its points
/// (index i modulo N) in order, each with all its replications.
pub fn shard_runs(spec: &SensitivitySpec, design: &Design, shard: &Shard) -> Vec<(usize, u32)> {
    let points = design.points().len() as u64;
    (0..shard.points_of(points))
        .map(|k| shard.point(k) as usize)
        .flat_map(|p| (0..spec.replications).map(move |r| (p, r)))
        .collect()
}

/// Runs the given (design point, replication) pairs in parallel; the collected figures of
/// each, in the order given. `plans` holds every given point's plan.
pub fn run_runs(
    spec: &SensitivitySpec,
    design: &Design,
    plans: &[Option<Plan>],
    runs: &[(usize, u32)],
    done: &(dyn Fn() + Sync),
) -> Result<Vec<Vec<f64>>, StudyError> {
    runs.par_iter()
        .map(|&(p, r)| {
            let plan = plans[p].as_ref().expect("a plan for every point run");
            let result = simulate_summary(plan, r);
            done();
            if let Some(why) = result.aborted {
                let settings = spec.describe(&design.points()[p]);
                return Err(StudyError::Aborted { point: p, settings, replication: r, why });
            }
            Ok(spec.collected().map(|f| result.figures[f]).collect())
        })
        .collect()
}

/// Each point's mean of figure `f` over its replications.
pub fn point_means(outputs: &Outputs, f: usize) -> Vec<f64> {
    outputs.iter().map(|reps| reps.iter().map(|row| row[f]).sum::<f64>() / reps.len() as f64).collect()
}

/// Reads one input from `{ path, low, high, relative }` or `"PATH=LOW:HIGH"` (the range then
/// absolute; `PATH=xLOW:HIGH` for a factor).
pub fn read_input(item: &Value, document: &Table) -> Result<UncertainInput, String> {
    let (path, low, high, relative, integer) = match item {
        Value::String(text) => {
            let (path, low, high, relative, integer) = parse_input_text(text)?;
            // A factor on a key written as a whole number keeps it whole (rounded).
            let integer = integer || relative && matches!(lookup(document, &path), Some(Value::Integer(_)));
            (path, low, high, relative, integer)
        }
        Value::Table(t) => {
            if let Some(extra) =
                t.keys().find(|k| !["path", "low", "high", "relative", "integer"].contains(&k.as_str()))
            {
                return Err(format!("{extra}: unknown key; expected path, low, high, relative and integer"));
            }
            let path = t.get("path").and_then(Value::as_str).ok_or("expected path = \"key.path\"")?;
            let number = |key: &str| match t.get(key) {
                Some(Value::Integer(n)) => Ok((*n as f64, true)),
                Some(Value::Float(x)) => Ok((*x, false)),
                other => {
                    Err(format!("{key} = {}: expected a number", other.map_or("missing".into(), |v| v.to_string())))
                }
            };
            let (low, low_int) = number("low")?;
            let (high, high_int) = number("high")?;
            let relative = match t.get("relative") {
                None => false,
                Some(Value::Boolean(b)) => *b,
                Some(v) => return Err(format!("relative = {v}: expected true or false")),
            };
            let integer = match t.get("integer") {
                None if relative => matches!(lookup(document, path), Some(Value::Integer(_))),
                None => low_int && high_int,
                Some(Value::Boolean(b)) => *b,
                Some(v) => return Err(format!("integer = {v}: expected true or false")),
            };
            (path.to_string(), low, high, relative, integer)
        }
        other => Err(format!("{other}: expected \"PATH=LOW:HIGH\" or {{ path = ..., low = ..., high = ... }}"))?,
    };
    crate::scenario::parse_override(&format!("{path}=0"))?;
    if !(low.is_finite() && high.is_finite() && low < high) {
        return Err(format!("{path}: range {low} … {high}: expected finite numbers with low < high"));
    }
    let set = lookup(document, &path);
    let base = set.and_then(|v| v.as_float().or_else(|| v.as_integer().map(|n| n as f64)));
    if let (Some(v), None) = (set, base) {
        return Err(format!("{path} = {v}: not a number; only numeric keys can be uncertain inputs"));
    }
    if relative && base.is_none() {
        return Err(format!("{path}: relative = true needs the key set in the scenario (its value is multiplied)"));
    }
    if integer && !relative && (low.fract() != 0.0 || high.fract() != 0.0) {
        return Err(format!("{path}: integer = true needs whole numbers at both ends, got {low} … {high}"));
    }
    Ok(UncertainInput { path, low, high, relative, integer, base })
}

/// `PATH=LOW:HIGH` (absolute; integers if both ends are written as integers) or
/// `PATH=xLOW:HIGH` (a factor on the scenario's value).
fn parse_input_text(text: &str) -> Result<(String, f64, f64, bool, bool), String> {
    let bad = || {
        format!("\"{text}\": expected PATH=LOW:HIGH (e.g. portal.no_show_prob=0.10:0.17) or PATH=xLOW:HIGH for a factor on the scenario's value (e.g. case_types[0].arrivals.per_week=x0.9:1.1)")
    };
    let (path, range) = text.split_once('=').ok_or_else(bad)?;
    let (relative, range) = match range.trim().strip_prefix('x') {
        Some(rest) => (true, rest),
        None => (false, range.trim()),
    };
    let (low, high) = range.split_once(':').ok_or_else(bad)?;
    let integer = !relative && [low, high].iter().all(|s| s.trim().parse::<i64>().is_ok());
    let low: f64 = low.trim().parse().map_err(|_| bad())?;
    let high: f64 = high.trim().parse().map_err(|_| bad())?;
    Ok((path.trim().to_string(), low, high, relative, integer))
}

/// The indices of one figure.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum FigureIndices {
    Morris(Vec<morris::Effects>),
    Sobol(sobol::SobolIndices),
}

/// The indices of every figure (None where some design point leaves the figure undefined:
/// then the count of such points).
pub fn analyse(
    spec: &SensitivitySpec,
    design: &Design,
    outputs: &Outputs,
    level: f64,
    resamples: usize,
    seed: u64,
) -> Vec<Result<FigureIndices, usize>> {
    (0..spec.figures.len())
        .map(|f| {
            let y = point_means(outputs, f);
            let undefined = y.iter().filter(|v| !v.is_finite()).count();
            if undefined > 0 {
                return Err(undefined);
            }
            // Each figure's bootstrap has its own stream: a figure added at the end changes no other's.
            let mut rng = design_rng(seed, 1 + f as u64);
            Ok(match design {
                Design::Morris(d) => FigureIndices::Morris(morris::effects(d, &y, level, resamples, &mut rng)),
                Design::Sobol(d) => FigureIndices::Sobol(sobol::indices(d, &y, level, resamples, &mut rng)),
            })
        })
        .collect()
}

/// Figures studied when none are named: the portal, the counter, the back office and the
/// harm to people.
pub const DEFAULT_FIGURES: [&str; 4] =
    ["portal_next_free_days_mean", "walkin_sent_home", "backlog_end", "expired_person_days"];

/// The `[sensitivity]` section of a scenario, as written (the command line adds to it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SensitivitySection {
    pub method: Option<String>,
    pub replications: Option<u32>,
    pub trajectories: Option<usize>,
    pub levels: Option<u32>,
    pub base_samples: Option<usize>,
    pub figures: Vec<String>,
    pub inputs: Vec<UncertainInput>,
    pub targets: Vec<String>,
}

impl SensitivitySection {
    /// Every setting explicit: Morris with 20 trajectories on 4 levels (Sobol: 64 base
    /// samples), the scenario's replications, `DEFAULT_FIGURES`; the other method's settings
    /// dropped.
    pub fn completed(mut self, scenario_replications: u32) -> SensitivitySection {
        if self.figures.is_empty() {
            self.figures = DEFAULT_FIGURES.iter().map(|s| s.to_string()).collect();
        }
        let method = self.method.get_or_insert_with(|| "morris".into());
        if method == "morris" {
            self.trajectories = Some(self.trajectories.unwrap_or(20));
            self.levels = Some(self.levels.unwrap_or(4));
            self.base_samples = None;
        } else {
            self.base_samples = Some(self.base_samples.unwrap_or(64));
            (self.trajectories, self.levels) = (None, None);
        }
        self.replications = Some(self.replications.unwrap_or(scenario_replications));
        self
    }

    /// The study as a complete `[sensitivity]` table (every setting explicit, inputs in table
    /// form): what study.json keeps, so that `merge` rebuilds exactly this study.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new();
        let mut put = |key: &str, v: Option<Value>| {
            if let Some(v) = v {
                t.insert(key.into(), v);
            }
        };
        put("method", self.method.clone().map(Value::String));
        put("replications", self.replications.map(|n| Value::Integer(i64::from(n))));
        put("trajectories", self.trajectories.map(|n| Value::Integer(n as i64)));
        put("levels", self.levels.map(|n| Value::Integer(i64::from(n))));
        put("base_samples", self.base_samples.map(|n| Value::Integer(n as i64)));
        let texts = |items: &[String]| Value::Array(items.iter().cloned().map(Value::String).collect());
        put("figures", Some(texts(&self.figures)));
        put("targets", Some(texts(&self.targets)));
        let inputs = self.inputs.iter().map(|i| {
            let mut t = Table::new();
            t.insert("path".into(), Value::String(i.path.clone()));
            t.insert("low".into(), Value::Float(i.low));
            t.insert("high".into(), Value::Float(i.high));
            t.insert("relative".into(), Value::Boolean(i.relative));
            t.insert("integer".into(), Value::Boolean(i.integer));
            Value::Table(t)
        });
        put("inputs", Some(Value::Array(inputs.collect())));
        t
    }
}

/// The study a section describes (completed with `SensitivitySection::completed`): figures
/// and targets resolved against the scenario, the method's settings checked.
pub fn spec_from_section(base: LoadedScenario, section: &SensitivitySection) -> Result<SensitivitySpec, String> {
    let section = &section.clone().completed(base.scenario.simulation.replications);
    let file = base.file.display().to_string();
    if section.inputs.is_empty() {
        return Err(format!(
            "{file}: no uncertain inputs: give --input PATH=LOW:HIGH or [sensitivity] inputs = [...] (docs/experiments.md)"
        ));
    }
    for (i, input) in section.inputs.iter().enumerate() {
        if section.inputs[..i].iter().any(|j| j.path == input.path) {
            return Err(format!("{file}: sensitivity.inputs: {} given twice", input.path));
        }
    }
    let subjects = crate::stats::breakdown::subjects(&base.scenario);
    let figures = section
        .figures
        .iter()
        .map(|n| crate::stats::breakdown::resolve(n, &subjects).map(|i| (n.trim().to_string(), i)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("figure {e}"))?;
    let targets = (section.targets.iter())
        .map(|t| super::staffing::Target::parse(t, &subjects).map_err(|e| format!("target {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let method = match (section.method.as_deref(), section.trajectories, section.levels, section.base_samples) {
        (Some("morris"), Some(trajectories), Some(levels), _) => {
            morris::check(levels, trajectories).map_err(|e| format!("morris: {e}"))?;
            Method::Morris { trajectories, levels }
        }
        (Some("sobol"), _, _, Some(base_samples)) => {
            if base_samples < 8 {
                return Err(format!("base_samples = {base_samples}: expected at least 8 (64 to 1024 is usual)"));
            }
            Method::Sobol { base_samples }
        }
        (other, ..) => return Err(format!("--method {}: expected morris or sobol", other.unwrap_or_default())),
    };
    let replications = section.replications.unwrap_or(base.scenario.simulation.replications);
    let inputs = section.inputs.clone();
    Ok(SensitivitySpec { base, inputs, figures, targets, method, replications })
}

/// Reads `[sensitivity]`; every problem names its key.
pub fn read_section(document: &Table) -> Result<SensitivitySection, String> {
    let Some(section) = document.get("sensitivity") else {
        return Ok(SensitivitySection::default());
    };
    let Value::Table(section) = section else {
        return Err("sensitivity: expected a table with inputs = [...]".into());
    };
    let count = |key: &str, v: &Value, max: i64| match v {
        Value::Integer(n) if (1..=max).contains(n) => Ok(*n),
        other => Err(format!("sensitivity.{key} = {other}: expected an integer from 1 to {max}")),
    };
    let mut out = SensitivitySection::default();
    for (key, value) in section {
        match key.as_str() {
            "method" => match value.as_str() {
                Some(m @ ("morris" | "sobol")) => out.method = Some(m.to_string()),
                _ => return Err(format!("sensitivity.method = {value}: expected \"morris\" or \"sobol\"")),
            },
            "replications" => out.replications = Some(count(key, value, 1_000_000)? as u32),
            "trajectories" => out.trajectories = Some(count(key, value, 100_000)? as usize),
            "levels" => out.levels = Some(count(key, value, 100)? as u32),
            "base_samples" => out.base_samples = Some(count(key, value, 1_000_000)? as usize),
            "figures" => {
                let items = value.as_array().ok_or(format!("sensitivity.figures = {value}: expected an array of figure names"))?;
                for (i, item) in items.iter().enumerate() {
                    let name = item.as_str().ok_or(format!("sensitivity.figures[{i}] = {item}: expected a figure name"))?;
                    out.figures.push(name.to_string());
                }
            }
            "targets" => {
                let items =
                    value.as_array().ok_or(format!("sensitivity.targets = {value}: expected an array of strings"))?;
                for (i, item) in items.iter().enumerate() {
                    let text = item.as_str().ok_or(format!(
                        "sensitivity.targets[{i}] = {item}: expected a string \"FIGURE <= VALUE\" or \"FIGURE >= VALUE\""
                    ))?;
                    out.targets.push(text.to_string());
                }
            }
            "inputs" => {
                let items = value.as_array().ok_or(format!("sensitivity.inputs = {value}: expected an array"))?;
                for (i, item) in items.iter().enumerate() {
                    out.inputs.push(read_input(item, document).map_err(|e| format!("sensitivity.inputs[{i}]: {e}"))?);
                }
            }
            other => {
                return Err(format!(
                    "sensitivity.{other}: unknown key; expected method, inputs, figures, targets, replications, trajectories, levels or base_samples"
                ))
            }
        }
    }
    Ok(out)
}
