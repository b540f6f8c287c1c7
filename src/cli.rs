//! Command-line types (clap). Nothing below `main` sees these.

use amtsim::output::schema::Document;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "amtsim",
    version = amtsim::VERSION_TEXT,
    about = "Discrete-event simulator of a public office's capacity and backlog"
)]
pub struct Cli {
    /// Print only warnings and errors (no tables, no progress); data asked for on standard
    /// output (fit's fragment, completions, the man page) is still printed.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write summary.json and daily.csv.
    Run(RunArgs),
    /// Validate a scenario and list every problem.
    Check(CheckArgs),
    /// Write a commented starter scenario.
    Init(InitArgs),
    /// Compare policies with the baseline on common random numbers; write compare.json/csv.
    Compare(CompareArgs),
    /// Run every point of a parameter grid; stream runs.csv, then write summary.csv.
    Sweep(SweepArgs),
    /// Find the smallest head count of a staff group that meets a target.
    Staff(StaffArgs),
    /// The best mix of measures over a lever space that meets the targets, and the Pareto front.
    Optimise(OptimiseArgs),
    /// The best of the status quo and the policies on one figure, with a guaranteed probability.
    Select(SelectArgs),
    /// Which uncertain inputs the figures depend on: Morris screening or Sobol indices.
    Sensitivity(SensitivityArgs),
    /// Combine the output folders of a sharded sweep or sensitivity study into the unsharded files.
    Merge(MergeArgs),
    /// Write a self-contained HTML report of a result folder (DIR/report.html).
    Report(ReportArgs),
    /// Re-draw the charts of a result folder into DIR/charts/ without re-running.
    Plot(PlotArgs),
    /// Estimate scenario parameters from an appointment log; print a scenario fragment.
    Fit(FitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `amtsim man > amtsim.1`.
    Man,
    /// Print the JSON Schema of a result file (summary, compare, sweep, staff, manifest).
    Schema(SchemaArgs),
    /// Serve a local web page: choose an office, change it by name, compare with the status quo.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Scenario files or folders of them to offer (default: the bundled scenarios).
    #[arg(value_name = "SCENARIO_OR_DIR")]
    pub scenarios: Vec<PathBuf>,
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on; any other than the loopback address needs an access token.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The access token requests must carry (default: a random one when not on loopback).
    #[arg(long)]
    pub token: Option<String>,
    /// Folder for the session's runs (default: results/serve); each session gets a new subfolder.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Runs computed at once; the others wait in a queue.
    #[arg(long, default_value_t = 1)]
    pub workers: usize,
    /// Runs that may wait at once.
    #[arg(long, default_value_t = 8)]
    pub max_queued: usize,
    /// The largest upload (scenario file or edited text), in KB.
    #[arg(long, default_value_t = 512)]
    pub max_upload_kb: usize,
    /// The most replications a run from the page may have.
    #[arg(long, default_value_t = 200)]
    pub max_replications: u32,
    /// The largest run: days × replications × arms × (holders + 1,000).
    #[arg(long, default_value_t = 4e9)]
    pub max_run_size: f64,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The result file: summary (summary.json), compare, sweep, staff or manifest.
    #[arg(value_parser = document_parser())]
    pub document: Document,
}

/// The names of the result files that have a JSON Schema, from the library's own list.
fn document_parser() -> impl clap::builder::TypedValueParser<Value = Document> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Document::ALL.map(Document::name))
        .map(|name| Document::from_name(&name).expect("one of the possible values"))
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell, e.g. bash: `amtsim completions bash > /etc/bash_completion.d/amtsim`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Language of charts and reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// German (the bundled scenarios are German offices).
    #[default]
    De,
    /// English.
    En,
}

/// Charts and report written after the results.
#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Also write report.html, a self-contained HTML report for a committee.
    #[arg(long)]
    pub report: bool,
    /// Language of the charts and the report.
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
    /// Write every chart as PNG too (SVG is always written).
    #[arg(long)]
    pub png: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A result folder of amtsim run, compare, sweep or staff.
    pub dir: PathBuf,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
    /// Where to write the report (default: DIR/report.html, which is written anew). An
    /// existing FILE is replaced only with --force, and never when it is not a regular file.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Replace an existing report file given with -o.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct PlotArgs {
    /// A result folder of amtsim run, compare, sweep or staff.
    pub dir: PathBuf,
    /// Language of the charts.
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
    /// Write every chart as PNG too (SVG is always written).
    #[arg(long)]
    pub png: bool,
}

/// The character encodings `fit` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EncodingArg {
    Auto,
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "windows-1252")]
    Windows1252,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    /// The appointment log: CSV with a header row, `,` or `;` between cells.
    pub log: PathBuf,
    /// Write the scenario fragment to FILE instead of standard output.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Overwrite FILE given with -o.
    #[arg(long)]
    pub force: bool,
    /// The log's character encoding: auto reads UTF-8, or Windows-1252 when the file is not
    /// valid UTF-8 (Excel's and German office software's CSV export).
    #[arg(long, value_enum, default_value = "auto")]
    pub encoding: EncodingArg,
    /// Column of the booking time.
    #[arg(long, default_value = "booking_time")]
    pub booking_col: String,
    /// Column of the appointment (slot) time.
    #[arg(long, default_value = "appointment_time")]
    pub appointment_col: String,
    /// Column of the case type.
    #[arg(long, default_value = "case_type")]
    pub case_col: String,
    /// Column of the status.
    #[arg(long, default_value = "status")]
    pub status_col: String,
    /// Column of the service start (optional; required when given).
    #[arg(long)]
    pub start_col: Option<String>,
    /// Column of the service end (optional; required when given).
    #[arg(long)]
    pub end_col: Option<String>,
    /// A status word of the file: STATUS=WORD, e.g. no_show="Nicht erschienen" (repeatable).
    #[arg(long = "status", value_name = "STATUS=WORD")]
    pub status: Vec<String>,
    /// Confidence level of every interval.
    #[arg(long, default_value_t = 0.95)]
    pub confidence: f64,
}

/// Options shared by commands that read a scenario.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// Override a scenario key, e.g. --set simulation.days=90 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub run: ExperimentArgs,
    /// Print wall time per replication, simulated events per second and the peak memory of the process.
    #[arg(long)]
    pub timing: bool,
    /// Also write appointments.csv: every booking of replication 0, as booking software exports it.
    #[arg(long)]
    pub appointment_log: bool,
    #[command(flatten)]
    pub precision: PrecisionArgs,
    #[command(flatten)]
    pub charts: ChartArgs,
}

/// Replications that stop when precise enough.
#[derive(Debug, Args)]
pub struct PrecisionArgs {
    /// Add replications until the relative 95% CI half-width of FIGURE is below REL,
    /// e.g. --precision walkin_wait_mean_min=0.05.
    #[arg(long, value_name = "FIGURE=REL")]
    pub precision: Option<String>,
    /// The most replications --precision may run.
    #[arg(long, default_value_t = 1000, requires = "precision")]
    pub max_replications: u32,
}

/// Replications, seed, output folder and threads of the experiment commands.
#[derive(Debug, Args)]
pub struct ExperimentArgs {
    /// Replications (default: simulation.replications).
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Master seed (default: simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output directory (default: results/<scenario file name>, plus -<command> for experiments).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Overwrite result files in a non-empty output directory.
    #[arg(long)]
    pub force: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// A policy of the scenario's [policies.NAME] tables (repeatable; default: all).
    #[arg(long = "policy", value_name = "NAME")]
    pub policies: Vec<String>,
    #[command(flatten)]
    pub run: ExperimentArgs,
    #[command(flatten)]
    pub precision: PrecisionArgs,
    #[command(flatten)]
    pub charts: ChartArgs,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// A swept key and its values: a list 3,6,12 or a range START:END:STEP such as 10:30:2
    /// (repeatable: several form a grid; added to the scenario's [sweep] params).
    #[arg(long = "param", value_name = "PATH=VALUES")]
    pub params: Vec<String>,
    /// Run only grid points whose index is i modulo N (for job arrays), e.g. --shard 0/4.
    #[arg(long, value_name = "i/N")]
    pub shard: Option<String>,
    /// A target, "FIGURE <= VALUE" or "FIGURE >= VALUE": the report says which settings
    /// meet it with 95% confidence (repeatable; added to the scenario's [sweep] targets).
    #[arg(long = "target", value_name = "TARGET")]
    pub targets: Vec<String>,
    /// Continue a stopped sweep in its output directory, after its last complete row.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    /// Check every grid point's scenario and the targets, print the size of the sweep, and
    /// stop without simulating or writing anything (before submitting to a cluster).
    #[arg(long, conflicts_with = "resume")]
    pub dry_run: bool,
    #[command(flatten)]
    pub run: ExperimentArgs,
    /// Print wall time per run and the peak memory of the process (figures only: the
    /// memory a sweep needs, whatever the horizon).
    #[arg(long)]
    pub timing: bool,
    #[command(flatten)]
    pub charts: ChartArgs,
}

#[derive(Debug, Args)]
pub struct StaffArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// The target, "FIGURE <= VALUE" or "FIGURE >= VALUE", met with 95% confidence.
    #[arg(long)]
    pub target: String,
    /// The staff group whose head count is searched (default: the first with appointments work).
    #[arg(long)]
    pub group: Option<String>,
    /// Smallest head count tried.
    #[arg(long, default_value_t = 1)]
    pub min: u32,
    /// Largest head count tried (default: twice the current head count plus 10).
    #[arg(long)]
    pub max: Option<u32>,
    #[command(flatten)]
    pub run: ExperimentArgs,
    #[command(flatten)]
    pub charts: ChartArgs,
}

/// Seed, output folder and threads of the commands that decide their own replications.
#[derive(Debug, Args)]
pub struct DecisionArgs {
    /// Master seed (default: simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output directory (default: results/<scenario file name>-<command>).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Overwrite result files in a non-empty output directory.
    #[arg(long)]
    pub force: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct OptimiseArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// A lever and its allowed values, as for sweep: PATH=3,6,12 or PATH=START:END:STEP
    /// (repeatable; added to the scenario's [optimise] levers).
    #[arg(long = "lever", value_name = "PATH=VALUES")]
    pub levers: Vec<String>,
    /// The figure to minimise, e.g. cost_per_year.
    #[arg(long, conflicts_with = "maximise")]
    pub minimise: Option<String>,
    /// The figure to maximise.
    #[arg(long)]
    pub maximise: Option<String>,
    /// A target "FIGURE <= VALUE" or "FIGURE >= VALUE" every answer must meet with 95%
    /// confidence (repeatable; added to the scenario's [optimise] targets).
    #[arg(long = "target", value_name = "TARGET")]
    pub targets: Vec<String>,
    /// A second objective: the Pareto front of the objective and this figure among the
    /// candidates that meet the targets.
    #[arg(long)]
    pub front: Option<String>,
    /// Replications of every candidate first (default 3).
    #[arg(long)]
    pub first_stage: Option<u32>,
    /// The most replications a candidate gets (default 20).
    #[arg(long)]
    pub max_replications: Option<u32>,
    /// Differences in the objective smaller than this do not matter, in its unit (default 0):
    /// a candidate stops competing once it cannot beat the best by more.
    #[arg(long)]
    pub indifference: Option<f64>,
    /// Continue an interrupted optimisation in its output folder: the replications in its
    /// runs.csv are taken, not simulated again (the answer is the uninterrupted one).
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    #[command(flatten)]
    pub run: DecisionArgs,
    #[command(flatten)]
    pub charts: ChartArgs,
}

#[derive(Debug, Args)]
pub struct SelectArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// The figure to select on, FIGURE or FIGURE[NAME]; its better direction decides.
    #[arg(long)]
    pub figure: String,
    /// The smallest difference worth detecting, in the figure's unit (the indifference zone).
    #[arg(long)]
    pub indifference: f64,
    /// The probability of correct selection to guarantee.
    #[arg(long, default_value_t = 0.95)]
    pub pcs: f64,
    /// A policy of the scenario's [policies.NAME] tables (repeatable; default: all); the
    /// status quo is always a candidate.
    #[arg(long = "policy", value_name = "NAME")]
    pub policies: Vec<String>,
    /// The candidates are the mixes on the Pareto front of an optimisation (its result
    /// folder or optimise.json) instead of the status quo and the policies.
    #[arg(long, value_name = "DIR", conflicts_with = "policies")]
    pub front_of: Option<PathBuf>,
    /// Replications of every candidate before the first elimination.
    #[arg(long, default_value_t = 10)]
    pub first_stage: u32,
    /// The most replications a candidate gets; the selection may end undecided there.
    #[arg(long, default_value_t = 1000)]
    pub max_replications: u32,
    #[command(flatten)]
    pub run: DecisionArgs,
    #[command(flatten)]
    pub charts: ChartArgs,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// An uncertain input: PATH=LOW:HIGH, or PATH=xLOW:HIGH for a factor on the scenario's
    /// value (repeatable; added to the scenario's [sensitivity] inputs).
    #[arg(long = "input", value_name = "PATH=LOW:HIGH")]
    pub inputs: Vec<String>,
    /// Study the recommended mix of an optimisation (its result folder or optimise.json)
    /// instead of the scenario as written: with --target, how often it still meets them.
    #[arg(long, value_name = "DIR")]
    pub mix: Option<PathBuf>,
    /// A figure to study, FIGURE or FIGURE[NAME] (repeatable; default: [sensitivity] figures,
    /// else the portal's next free day, people sent home, the backlog and person-days
    /// without a valid document).
    #[arg(long = "figure", value_name = "FIGURE")]
    pub figures: Vec<String>,
    /// A target "FIGURE <= VALUE" or "FIGURE >= VALUE": the share of design points at which
    /// it is met (re-checking a recommendation under the uncertain inputs; repeatable).
    #[arg(long = "target", value_name = "TARGET")]
    pub targets: Vec<String>,
    /// morris (screening, r·(k+1) design points) or sobol (indices, N·(k+2) design points).
    #[arg(long, value_parser = ["morris", "sobol"])]
    pub method: Option<String>,
    /// Morris: trajectories (default 20).
    #[arg(long)]
    pub trajectories: Option<usize>,
    /// Morris: grid levels per input, even (default 4).
    #[arg(long)]
    pub levels: Option<u32>,
    /// Sobol: base samples N (default 64).
    #[arg(long)]
    pub base_samples: Option<usize>,
    /// Run only design points whose index is i modulo N (for job arrays), e.g. --shard 0/4;
    /// `amtsim merge` combines the shards' folders into the unsharded study.
    #[arg(long, value_name = "i/N")]
    pub shard: Option<String>,
    /// Continue an interrupted study in its output folder: the runs in runs.csv are kept.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    #[command(flatten)]
    pub run: ExperimentArgs,
    #[command(flatten)]
    pub charts: ChartArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Where to write the merged files (a sweep: sweep.json, runs.csv, summary.csv; a
    /// sensitivity study: study.json, runs.csv, sensitivity.json, sensitivity.csv).
    pub out: PathBuf,
    /// The shards' output directories (any order; every shard exactly once).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Overwrite result files in a non-empty output directory.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub charts: ChartArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the scenario.
    #[arg(default_value = "scenario.toml")]
    pub file: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}
