//! `amtsim completions SHELL` and `amtsim man`: generated from the command-line definition,
//! so they never disagree with `--help`.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    clap_complete::generate(shell, &mut Cli::command(), "amtsim", &mut std::io::stdout());
    Ok(())
}

/// The page of `amtsim` with its commands; each command's options are those of
/// `amtsim COMMAND --help`.
pub fn man() -> Result<()> {
    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout().lock())?;
    Ok(())
}
