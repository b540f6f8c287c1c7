//! Command-line types (clap). Nothing below `main` sees these.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "amtsim", version, about = "Discrete-event simulator of a public office's capacity and backlog")]
pub struct Cli {
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
    /// Number of replications (default: simulation.replications).
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Master seed (default: simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output directory (default: results/<scenario file name>).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Overwrite result files in a non-empty output directory.
    #[arg(long)]
    pub force: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print wall time per replication and simulated events per second.
    #[arg(long)]
    pub timing: bool,
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
