//! `amtsim check`: validate a scenario, every policy's resulting scenario, and the sweep
//! section; list every problem.

use super::say;
use super::{load, usage};
use crate::cli::CheckArgs;
use amtsim::experiment::grid::{read_sweep_section, Grid};
use amtsim::experiment::shard::Shard;
use amtsim::experiment::sweep::SweepSpec;
use amtsim::scenario::apply_policy;
use anyhow::Result;

pub fn check(args: CheckArgs) -> Result<()> {
    let loaded = load(&args.scenario, &[])?;
    let s = &loaded.scenario;
    say!(
        "{}: ok ({}: {} days from {}, {} case types, {} staff groups)",
        args.scenario.file.display(),
        s.name,
        s.simulation.days,
        s.simulation.start_date,
        s.case_types.len(),
        s.staff.len()
    );
    let mut failures = Vec::new();
    for policy in &loaded.policies {
        match apply_policy(&loaded, policy) {
            Ok(_) => {
                let n = policy.overrides.len();
                say!("policy {}: ok ({n} change{})", policy.name, if n == 1 { "" } else { "s" });
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    match read_sweep_section(&loaded.document).and_then(|section| Grid::new(section.params)) {
        Ok(grid) if !grid.params.is_empty() => {
            let points = grid.points();
            let spec = SweepSpec { base: loaded.clone(), grid, replications: 1, shard: Shard::ALL };
            match spec.check_values() {
                Ok(()) => say!("sweep: ok ({points} grid points)"),
                Err(e) => failures.push(format!("{}: sweep: {e}", args.scenario.file.display())),
            }
        }
        Ok(_) => {}
        Err(e) => failures.push(format!("{}: {e}", args.scenario.file.display())),
    }
    for line in amtsim::scenario::missing_labels(s, &loaded.policies) {
        say!("note: {line}");
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(usage(failures.join("\n")))
    }
}
