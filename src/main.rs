//! amtsim: parse the command line, hand it to the command, map the outcome to an exit code.
//! Exit codes: 0 success, 1 runtime failure, 2 invalid scenario or usage, 130 a sweep
//! interrupted by Ctrl-C (its finished rows are kept; continue with --resume).

mod cli;
mod commands;

use clap::Parser;
use cli::{Cli, Command};
use commands::{Interrupted, UsageError};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: amtsim::memory::HugePageAlloc = amtsim::memory::HugePageAlloc;

fn main() -> ExitCode {
    amtsim::memory::keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => commands::run::run(args),
        Command::Check(args) => commands::check::check(args),
        Command::Init(args) => commands::init::init(args),
        Command::Compare(args) => commands::compare::compare(args),
        Command::Sweep(args) => commands::sweep::sweep(args),
        Command::Staff(args) => commands::staff::staff(args),
        Command::Merge(args) => commands::merge::merge(args),
        Command::Report(args) => commands::report::report(args),
        Command::Plot(args) => commands::plot::plot(args),
        Command::Fit(args) => commands::fit::fit(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<UsageError>() => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) if e.is::<Interrupted>() => {
            eprintln!("{e}");
            ExitCode::from(130)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
