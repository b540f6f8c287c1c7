//! `amtsim init`: write the bundled district office as a commented starter scenario.

use super::say;
use super::usage;
use crate::cli::InitArgs;
use amtsim::output::write_atomic;
use anyhow::Result;

/// The starter scenario written by `amtsim init`.
const STARTER: &str = include_str!("../../scenarios/district-office.toml");

pub fn init(args: InitArgs) -> Result<()> {
    if args.file.exists() && !args.force {
        return Err(usage(format!("{}: already exists; add --force to overwrite it", args.file.display())));
    }
    write_atomic(&args.file, STARTER.as_bytes())?;
    say!("wrote {}; run it with: amtsim run {}", args.file.display(), args.file.display());
    Ok(())
}
