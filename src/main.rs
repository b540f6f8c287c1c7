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
    quiet_on_closed_pipe();
    amtsim::memory::keep_freed_memory();
    let cli = Cli::parse();
    commands::set_quiet(cli.quiet);
    let result = match cli.command {
        Command::Run(args) => commands::run::run(args),
        Command::Check(args) => commands::check::check(args),
        Command::Init(args) => commands::init::init(args),
        Command::Compare(args) => commands::compare::compare(args),
        Command::Sweep(args) => commands::sweep::sweep(args),
        Command::Staff(args) => commands::staff::staff(args),
        Command::Optimise(args) => commands::optimise::optimise(args),
        Command::Select(args) => commands::select::select(args),
        Command::Sensitivity(args) => commands::sensitivity::sensitivity(args),
        Command::Merge(args) => commands::merge::merge(args),
        Command::Report(args) => commands::report::report(args),
        Command::Plot(args) => commands::plot::plot(args),
        Command::Fit(args) => commands::fit::fit(args),
        Command::Completions(args) => commands::manual::completions(args.shell),
        Command::Man => commands::manual::man(),
        Command::Schema(args) => commands::manual::schema(args.document),
        Command::Serve(args) => commands::serve::serve(args),
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

/// `amtsim sweep … | head -n 1`: a reader that stops early ends amtsim quietly, as it ends
/// `grep` or `cat`, instead of a panic in the next `println!` (Rust ignores SIGPIPE and turns
/// the broken pipe into an error there). Files already written stay; a sweep can be resumed.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first in main, before any other thread exists; restoring the default
    // action of one signal has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
