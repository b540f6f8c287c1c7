//! amtsim: parse the command line, load the scenario, run, write results.
//! Exit codes: 0 success, 1 runtime failure, 2 invalid scenario or usage.

mod cli;

use amtsim::experiment::{run_replications, summarise};
use amtsim::model::Plan;
use amtsim::output::{
    daily_csv, permits_daily_csv, portal_daily_csv, prepare_out_dir, staff_daily_csv, summary_json, summary_table,
    write_atomic, RunRecord,
};
use amtsim::scenario::{load_file, parse_override, LoadedScenario, Override};
use anyhow::{Context, Result};
use clap::Parser;
use cli::{CheckArgs, Cli, Command, InitArgs, RunArgs, ScenarioArgs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// The starter scenario written by `amtsim init`.
const STARTER: &str = include_str!("../scenarios/district-office.toml");

/// A problem with the user's input, as opposed to a failure while running.
#[derive(Debug)]
struct UsageError(String);
impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Check(args) => check(args),
        Command::Init(args) => init(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<UsageError>() => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn load(args: &ScenarioArgs) -> Result<LoadedScenario> {
    let overrides: Vec<Override> = args
        .set
        .iter()
        .map(|s| parse_override(s))
        .collect::<Result<_, _>>()
        .map_err(|e| UsageError(format!("--set {e}")))?;
    load_file(&args.file, &overrides).map_err(|e| UsageError(e.to_string()).into())
}

fn check(args: CheckArgs) -> Result<()> {
    let loaded = load(&args.scenario)?;
    let s = &loaded.scenario;
    println!(
        "{}: ok ({}: {} days from {}, {} case types, {} staff groups)",
        args.scenario.file.display(),
        s.name,
        s.simulation.days,
        s.simulation.start_date,
        s.case_types.len(),
        s.staff.len()
    );
    Ok(())
}

fn init(args: InitArgs) -> Result<()> {
    if args.file.exists() && !args.force {
        return Err(UsageError(format!("{}: already exists; add --force to overwrite it", args.file.display())).into());
    }
    write_atomic(&args.file, STARTER.as_bytes())?;
    println!("wrote {}; run it with: amtsim run {}", args.file.display(), args.file.display());
    Ok(())
}

fn run(args: RunArgs) -> Result<()> {
    let loaded = load(&args.scenario)?;
    let mut scenario = loaded.scenario.clone();
    if let Some(r) = args.replications {
        if r == 0 {
            return Err(UsageError("--replications must be at least 1".into()).into());
        }
        scenario.simulation.replications = r;
    }
    if let Some(seed) = args.seed {
        scenario.simulation.seed = seed;
    }
    let out = args.out.clone().unwrap_or_else(|| {
        let stem =
            args.scenario.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "run".into());
        PathBuf::from("results").join(stem)
    });
    prepare_out_dir(&out, args.force).map_err(|e| UsageError(e.to_string()))?;

    let (seed, replications) = (scenario.simulation.seed, scenario.simulation.replications);
    let plan = Plan::new(scenario);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let started = Instant::now();
    let results = pool.install(|| run_replications(&plan, replications));
    let wall = started.elapsed();
    let estimates = summarise(&results);

    let record = RunRecord { loaded: &loaded, seed, replications };
    write_atomic(&out.join("summary.json"), summary_json(&record, &estimates).as_bytes())?;
    write_atomic(&out.join("daily.csv"), daily_csv(&results, &plan).as_bytes())?;
    write_atomic(&out.join("portal_daily.csv"), portal_daily_csv(&results, &plan).as_bytes())?;
    write_atomic(&out.join("staff_daily.csv"), staff_daily_csv(&results, &plan).as_bytes())?;
    write_atomic(&out.join("permits_daily.csv"), permits_daily_csv(&results, &plan).as_bytes())?;

    println!("{} — {} replications, seed {}\n", plan.scenario.name, replications, seed);
    print!("{}", summary_table(&estimates));
    println!(
        "\nwrote summary.json, daily.csv, portal_daily.csv, staff_daily.csv and permits_daily.csv to {}",
        out.display()
    );
    if args.timing {
        let events: u64 = results.iter().map(|r| r.events).sum();
        let threads = pool.current_num_threads();
        let per_rep = wall.as_secs_f64() * threads as f64 / replications as f64;
        println!(
            "timing: {:.3} s wall on {} threads, {:.2} ms per replication (core time), {:.2} million events/s per core",
            wall.as_secs_f64(),
            threads,
            per_rep * 1e3,
            events as f64 / (wall.as_secs_f64() * threads as f64) / 1e6
        );
    }
    Ok(())
}
