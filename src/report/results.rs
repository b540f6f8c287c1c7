//! The result files of a folder, read back: which command wrote them, and its records
//! (summary.json, compare.json, sweep.json with summary.csv, staff.json).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::csv_table::CsvTable;
use super::error::{read_text, ReportError};

/// Where the results came from and how to repeat them.
#[derive(Debug, Clone, Deserialize)]
pub struct ScenarioRecord {
    pub name: String,
    pub file: String,
    pub file_sha256: String,
    #[serde(default)]
    pub overrides: Vec<String>,
}

/// A mean with its 95% confidence interval (None: undefined).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
pub struct Est {
    pub mean: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
}

/// summary.json of `amtsim run`.
#[derive(Debug, Clone, Deserialize)]
pub struct RunSummary {
    pub amtsim_version: String,
    pub scenario: ScenarioRecord,
    pub seed: u64,
    pub replications: u64,
    pub start_date: String,
    pub days: u64,
    pub warmup_days: u64,
    /// Every figure by name, in file order.
    pub figures: serde_json::Map<String, serde_json::Value>,
    /// `FIGURE[NAME]` per case type and team (absent in files of older versions).
    #[serde(default)]
    pub figures_by_subject: serde_json::Map<String, serde_json::Value>,
    /// Each team's year (absent in files of older versions).
    #[serde(default)]
    pub teams: Vec<TeamRecord>,
    /// What the reader must know about these results (absent in files of older versions).
    #[serde(default)]
    pub warnings: Vec<WarningRecord>,
}

/// One warning of summary.json.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct WarningRecord {
    pub code: String,
    pub message: String,
    pub remedy: String,
    #[serde(default)]
    pub message_de: String,
    #[serde(default)]
    pub remedy_de: String,
    #[serde(default)]
    pub figures: Vec<String>,
}

/// One team of summary.json's `teams`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TeamRecord {
    pub name: String,
    pub positions_fte: Option<f64>,
    pub employed_fte: Option<f64>,
    pub contract_hours: Option<f64>,
    pub worked_hours: Option<f64>,
    pub service_hours: Option<f64>,
    pub counter_idle_hours: Option<f64>,
    pub backoffice_hours: Option<f64>,
    pub overtime_hours: Option<f64>,
    #[serde(default)]
    pub formula: FormulaRecord,
}

/// The staffing formula's part of a team record.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FormulaRecord {
    pub need_fte: Option<f64>,
}

/// One figure of summary.json.
#[derive(Debug, Clone, Deserialize)]
pub struct SummaryFigure {
    #[serde(flatten)]
    pub est: Est,
    pub unit: String,
    pub replications: u64,
}

impl RunSummary {
    /// The figure `name`, if the file has it.
    pub fn figure(&self, name: &str) -> Option<SummaryFigure> {
        self.figures.get(name).and_then(|v| serde_json::from_value(v.clone()).ok())
    }
}

/// compare.json of `amtsim compare`.
#[derive(Debug, Clone, Deserialize)]
pub struct CompareResult {
    pub amtsim_version: String,
    pub scenario: ScenarioRecord,
    pub seed: u64,
    pub replications: u64,
    /// Policies in the order run.
    pub policies: serde_json::Map<String, serde_json::Value>,
    /// Each arm's teams by arm name (absent in files of older versions).
    #[serde(default)]
    pub teams: serde_json::Map<String, serde_json::Value>,
    /// Each arm's warnings by arm name (absent in files of older versions).
    #[serde(default)]
    pub warnings: serde_json::Map<String, serde_json::Value>,
}

impl CompareResult {
    /// Every arm's warnings (baseline first; an arm without any has an empty list).
    pub fn arm_warnings(&self) -> Vec<(String, Vec<WarningRecord>)> {
        let parse = |v: &serde_json::Value| serde_json::from_value::<Vec<WarningRecord>>(v.clone()).unwrap_or_default();
        self.warnings.iter().map(|(arm, v)| (arm.clone(), parse(v))).collect()
    }

    /// Whether the office is overloaded in `arm` (its warnings say so).
    pub fn overloaded(&self, arm: &str) -> bool {
        self.warnings.get(arm).and_then(|w| w.as_array()).is_some_and(|w| w.iter().any(|x| x["code"] == "overload"))
    }
}

/// One policy of compare.json.
#[derive(Debug, Clone, Deserialize)]
pub struct PolicyResult {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub changes: Vec<String>,
    pub figures: serde_json::Map<String, serde_json::Value>,
}

/// One figure of one policy: baseline, policy and their paired difference.
#[derive(Debug, Clone, Deserialize)]
pub struct PairedResult {
    pub unit: String,
    pub better: Option<String>,
    pub replications: u64,
    pub baseline: Est,
    pub policy: Est,
    pub diff: Est,
    pub diff_ci_contains_zero: Option<bool>,
    pub p_better: Option<f64>,
}

impl CompareResult {
    /// The policies with their names, in the order run.
    pub fn policy_list(&self) -> Vec<(String, PolicyResult)> {
        self.policies
            .iter()
            .filter_map(|(name, v)| serde_json::from_value(v.clone()).ok().map(|p| (name.clone(), p)))
            .collect()
    }
}

impl PolicyResult {
    /// The figure `name` of this policy.
    pub fn figure(&self, name: &str) -> Option<PairedResult> {
        self.figures.get(name).and_then(|v| serde_json::from_value(v.clone()).ok())
    }
}

/// sweep.json of `amtsim sweep` (or `merge`).
#[derive(Debug, Clone, Deserialize)]
pub struct SweepManifest {
    pub amtsim_version: String,
    pub scenario: ScenarioRecord,
    pub seed: u64,
    pub replications: u64,
    pub params: Vec<SweptParam>,
    pub points: u64,
    /// The points with warnings (warnings.json; empty when absent), each with its settings
    /// in words ("path = value, ...").
    #[serde(skip)]
    pub warnings: Vec<(String, Vec<WarningRecord>)>,
    /// The points at which the office is overloaded (from warnings.json).
    #[serde(skip)]
    pub overloaded: Vec<usize>,
    /// The targets every point is checked against, "FIGURE <= VALUE" (absent in files of
    /// older versions).
    #[serde(default)]
    pub targets: Vec<String>,
}

/// One point of a sweep's warnings.json.
#[derive(Debug, Clone, Deserialize)]
struct PointWarnings {
    point: Option<u64>,
    #[serde(default)]
    settings: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    warnings: Vec<WarningRecord>,
}

/// warnings.json of a sweep.
#[derive(Debug, Clone, Default, Deserialize)]
struct SweepWarnings {
    #[serde(default)]
    points: Vec<PointWarnings>,
}

/// A swept key and its values as written.
#[derive(Debug, Clone, Deserialize)]
pub struct SweptParam {
    pub path: String,
    pub values: Vec<String>,
}

/// One row of a sweep's summary.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    pub point: usize,
    /// The value of each swept key, as written.
    pub values: Vec<String>,
    pub figure: String,
    pub est: Est,
}

/// optimise.json of `amtsim optimise`.
#[derive(Debug, Clone, Deserialize)]
pub struct OptimiseResult {
    pub amtsim_version: String,
    pub scenario: ScenarioRecord,
    pub seed: u64,
    pub levers: Vec<LeverRecord>,
    pub objective: ObjectiveRecord,
    pub targets: Vec<String>,
    pub front_objective: Option<ObjectiveRecord>,
    pub first_stage: u64,
    pub max_replications: u64,
    /// Objective differences that do not matter; near-ties go to the front figure.
    #[serde(default)]
    pub indifference: f64,
    pub candidates_count: u64,
    /// "enumeration" or "local"; the candidates a local search evaluated.
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub candidates_evaluated: u64,
    pub replications: u64,
    pub brute_force_replications: u64,
    pub recommended: Option<CandidateRecord>,
    pub front: Vec<CandidateRecord>,
}

/// A lever and its values, as written.
#[derive(Debug, Clone, Deserialize)]
pub struct LeverRecord {
    pub path: String,
    pub values: Vec<String>,
}

/// An objective of an optimisation.
#[derive(Debug, Clone, Deserialize)]
pub struct ObjectiveRecord {
    pub name: String,
    pub unit: String,
    pub goal: String,
}

/// One candidate mix of an optimisation.
#[derive(Debug, Clone, Deserialize)]
pub struct CandidateRecord {
    pub settings: serde_json::Map<String, serde_json::Value>,
    pub replications: u64,
    pub objective: Est,
    pub front_figure: Option<Est>,
    pub targets: Vec<TargetAtCandidate>,
}

/// One target at a candidate.
#[derive(Debug, Clone, Deserialize)]
pub struct TargetAtCandidate {
    pub target: String,
    pub mean: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub probability_met: Option<f64>,
}

/// select.json of `amtsim select`.
#[derive(Debug, Clone, Deserialize)]
pub struct SelectResult {
    pub amtsim_version: String,
    pub scenario: ScenarioRecord,
    pub seed: u64,
    pub figure: ObjectiveRecord,
    pub indifference: f64,
    pub pcs: f64,
    pub first_stage: u64,
    pub max_replications: u64,
    pub replications_used: u64,
    pub candidates: Vec<SelectCandidate>,
}

/// One candidate of a selection.
#[derive(Debug, Clone, Deserialize)]
pub struct SelectCandidate {
    pub name: String,
    pub replications: u64,
    pub mean: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub eliminated_after: Option<u64>,
    pub chosen: bool,
}

/// sensitivity.json of `amtsim sensitivity`.
#[derive(Debug, Clone, Deserialize)]
pub struct SensitivityResult {
    pub amtsim_version: String,
    pub scenario: ScenarioRecord,
    pub seed: u64,
    pub method: SensitivityMethod,
    pub replications: u64,
    pub design_points: u64,
    pub inputs: Vec<UncertainInputRecord>,
    pub figures: Vec<SensitivityFigure>,
}

/// How the inputs were explored.
#[derive(Debug, Clone, Deserialize)]
pub struct SensitivityMethod {
    pub name: String,
    pub trajectories: Option<u64>,
    pub levels: Option<u64>,
    pub base_samples: Option<u64>,
}

/// One uncertain input and its range.
#[derive(Debug, Clone, Deserialize)]
pub struct UncertainInputRecord {
    pub path: String,
    pub low: f64,
    pub high: f64,
    pub relative: bool,
}

/// One figure's indices per input (Morris: mu_star…, Sobol: first_order, total…).
#[derive(Debug, Clone, Deserialize)]
pub struct SensitivityFigure {
    pub name: String,
    pub unit: String,
    pub undefined_points: u64,
    pub inputs: Vec<InputIndices>,
    /// The inputs' paths, most important first.
    pub ranking: Vec<String>,
    pub sentence: String,
}

/// The indices of one input for one figure; the method's fields only.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InputIndices {
    pub input: String,
    pub mu_star: Option<f64>,
    pub mu_star_ci95_low: Option<f64>,
    pub mu_star_ci95_high: Option<f64>,
    pub mu: Option<f64>,
    pub sigma: Option<f64>,
    pub first_order: Option<f64>,
    pub first_order_ci95_low: Option<f64>,
    pub first_order_ci95_high: Option<f64>,
    pub total: Option<f64>,
    pub total_ci95_low: Option<f64>,
    pub total_ci95_high: Option<f64>,
}

impl InputIndices {
    /// The method's main measure (μ* or the total index) with its interval.
    pub fn main(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        match self.mu_star {
            Some(m) => (Some(m), self.mu_star_ci95_low, self.mu_star_ci95_high),
            None => (self.total, self.total_ci95_low, self.total_ci95_high),
        }
    }
}

/// staff.json of `amtsim staff`.
#[derive(Debug, Clone, Deserialize)]
pub struct StaffResult {
    pub amtsim_version: String,
    pub scenario: ScenarioRecord,
    pub seed: u64,
    pub replications: u64,
    pub group: String,
    pub target: StaffTarget,
    pub answer: Option<u64>,
    pub curve: Vec<StaffPoint>,
    /// The search's own warnings (absent in files of older versions).
    #[serde(default)]
    pub warnings: Vec<WarningRecord>,
}

/// The target of a staffing search.
#[derive(Debug, Clone, Deserialize)]
pub struct StaffTarget {
    pub text: String,
    pub figure: String,
    pub unit: String,
    pub value: f64,
}

impl StaffTarget {
    /// Whether the figure must stay at or below the value (else at or above it).
    pub fn at_most(&self) -> bool {
        self.text.contains("<=")
    }
}

/// One evaluated head count.
#[derive(Debug, Clone, Deserialize)]
pub struct StaffPoint {
    pub head_count: u64,
    #[serde(flatten)]
    pub est: Est,
    pub meets_target: bool,
    /// The waiting work grows at this head count (absent in files of older versions).
    #[serde(default)]
    pub overloaded: bool,
    /// What the reader must know about this head count (absent in files of older versions).
    #[serde(default)]
    pub warnings: Vec<WarningRecord>,
}

/// The results found in a folder.
#[derive(Debug, Clone)]
pub enum Results {
    Run(RunSummary),
    Compare(CompareResult),
    Sweep(SweepManifest, Vec<SweepRow>),
    Staff(StaffResult),
    Sensitivity(SensitivityResult),
    Optimise(Box<OptimiseResult>),
    Select(SelectResult),
}

impl Results {
    /// Reads the results of `dir`: compare, staff and sweep files first (their folders hold
    /// no summary.json), else a run's summary.json.
    pub fn read(dir: &Path) -> Result<Results, ReportError> {
        let file = |name: &str| dir.join(name);
        if file("compare.json").exists() {
            return Ok(Results::Compare(read_json(&file("compare.json"))?));
        }
        if file("optimise.json").exists() {
            return Ok(Results::Optimise(read_json(&file("optimise.json"))?));
        }
        if file("select.json").exists() {
            return Ok(Results::Select(read_json(&file("select.json"))?));
        }
        if file("sensitivity.json").exists() {
            return Ok(Results::Sensitivity(read_json(&file("sensitivity.json"))?));
        }
        if file("staff.json").exists() {
            return Ok(Results::Staff(read_json(&file("staff.json"))?));
        }
        if file("sweep.json").exists() && file("summary.csv").exists() {
            let mut manifest: SweepManifest = read_json(&file("sweep.json"))?;
            if file("warnings.json").exists() {
                let found: SweepWarnings = read_json(&file("warnings.json"))?;
                manifest.overloaded = (found.points.iter())
                    .filter(|p| p.warnings.iter().any(|w| w.code == "overload"))
                    .filter_map(|p| p.point.map(|n| n as usize))
                    .collect();
                manifest.warnings = (found.points.into_iter())
                    .map(|p| {
                        let settings: Vec<String> = (p.settings.iter())
                            .map(|(k, v)| format!("{k} = {}", v.as_str().map_or(v.to_string(), str::to_string)))
                            .collect();
                        (format!("{} ({})", p.point.unwrap_or(0), settings.join(", ")), p.warnings)
                    })
                    .collect();
            }
            let rows = read_sweep_summary(&file("summary.csv"), manifest.params.len())?;
            return Ok(Results::Sweep(manifest, rows));
        }
        if file("summary.json").exists() {
            return Ok(Results::Run(read_json(&file("summary.json"))?));
        }
        Err(ReportError::NoResults { dir: dir.to_path_buf() })
    }

    /// The scenario record, seed, replications and amtsim version of any kind of results.
    pub fn record(&self) -> (&ScenarioRecord, u64, u64, &str) {
        match self {
            Results::Run(r) => (&r.scenario, r.seed, r.replications, &r.amtsim_version),
            Results::Compare(c) => (&c.scenario, c.seed, c.replications, &c.amtsim_version),
            Results::Sweep(s, _) => (&s.scenario, s.seed, s.replications, &s.amtsim_version),
            Results::Staff(s) => (&s.scenario, s.seed, s.replications, &s.amtsim_version),
            Results::Sensitivity(s) => (&s.scenario, s.seed, s.replications, &s.amtsim_version),
            Results::Optimise(o) => (&o.scenario, o.seed, o.max_replications, &o.amtsim_version),
            // The most any candidate got (eliminated ones got fewer).
            Results::Select(s) => {
                let most = s.candidates.iter().map(|c| c.replications).max().unwrap_or(0);
                (&s.scenario, s.seed, most, &s.amtsim_version)
            }
        }
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &PathBuf) -> Result<T, ReportError> {
    serde_json::from_str(&read_text(path)?).map_err(|e| ReportError::format(path, e.to_string()))
}

/// summary.csv of a sweep: `params` columns of swept values after `point`.
fn read_sweep_summary(path: &Path, params: usize) -> Result<Vec<SweepRow>, ReportError> {
    let t = CsvTable::read(path)?;
    let point = t.column("point")?;
    let [figure, mean, low, high] = ["figure", "mean", "ci95_low", "ci95_high"].map(|c| t.column(c));
    let (figure, mean, low, high) = (figure?, mean?, low?, high?);
    let finite = |x: f64| x.is_finite().then_some(x);
    t.rows
        .iter()
        .map(|row| {
            Ok(SweepRow {
                point: t.index(row, point)?,
                values: row[point + 1..point + 1 + params].to_vec(),
                figure: row[figure].clone(),
                est: Est {
                    mean: finite(CsvTable::number(row, mean)),
                    ci95_low: finite(CsvTable::number(row, low)),
                    ci95_high: finite(CsvTable::number(row, high)),
                },
            })
        })
        .collect()
}
