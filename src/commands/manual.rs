//! `amtsim completions SHELL` and `amtsim man`: generated from the command-line definition,
//! so they never disagree with `--help`; `amtsim schema DOCUMENT`: built from the figure table.

use crate::cli::Cli;
use amtsim::output::schema::Document;
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

/// The JSON Schema of a result file, as shipped in docs/schemas/.
pub fn schema(document: Document) -> Result<()> {
    print!("{}", document.schema_text());
    Ok(())
}
