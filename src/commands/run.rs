//! `amtsim run`: simulate the scenario's replications (or until precise enough) and write
//! summary.json and the per-day files.

use super::{
    charts_and_report, load, out_dir, precision_line, precision_target, progress_bar, replications, save_scenario,
    seal, thread_pool, usage,
};
use super::{say, say_part};
use crate::cli::RunArgs;
use amtsim::experiment::footprint;
use amtsim::experiment::personnel::team_time;
use amtsim::experiment::precision::replicate_until_precise;
use amtsim::experiment::warnings::run_warnings;
use amtsim::experiment::{run_range_observed, summarise};
use amtsim::model::{simulate_logged, Plan, ReplicationResult};
use amtsim::output::{
    appointments_csv, daily_csv, permits_daily_csv, portal_daily_csv, prepare_out_dir, runs_csv, staff_daily_csv,
    summary_json, summary_table, team_table, write_atomic, RunFigures, RunRecord,
};
use amtsim::report::series::run_bands;
use amtsim::report::DailyAtHand;
use anyhow::Result;
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

pub fn run(args: RunArgs) -> Result<()> {
    let loaded = load(&args.scenario, &[])?;
    let mut scenario = loaded.scenario.clone();
    let initial = replications(args.run.replications, scenario.simulation.replications)?;
    if let Some(seed) = args.run.seed {
        scenario.simulation.seed = seed;
    }
    let target = precision_target(&args.precision, &loaded.scenario)?;
    let out = out_dir(&args.run.out, &args.scenario.file, "");

    let seed = scenario.simulation.seed;
    let plan = Plan::new(scenario);
    let most = target.as_ref().map_or(initial, |t| t.max_replications.max(initial));
    let remedy = "give fewer replications (-r, --max-replications), or use `amtsim sweep`, which keeps no daily rows";
    footprint::check(footprint::run_bytes(&plan, most), &format!("{most} replications with their daily rows"), remedy)
        .map_err(usage)?;
    let _lock = prepare_out_dir(&out, args.run.force).map_err(|e| usage(e.to_string()))?;
    let pool = thread_pool(args.run.threads)?;
    let started = Instant::now();
    let progress = progress_bar(u64::from(initial), 0, "replications");
    let tick = || progress.inc(1);
    let mut results: Vec<ReplicationResult> = Vec::new();
    let precision = pool.install(|| match &target {
        Some(target) => Some(replicate_until_precise(initial, target, |range| {
            progress.set_length(u64::from(range.end));
            results.extend(run_range_observed(&plan, range, &tick));
            vec![results.iter().map(|r| r.figures[target.figure]).filter(|x| x.is_finite()).collect()]
        })),
        None => {
            results = run_range_observed(&plan, 0..initial, &tick);
            None
        }
    });
    let wall = started.elapsed();
    progress.finish_and_clear();
    if let Some(error) = (precision.as_ref().zip(target.as_ref())).and_then(|(r, t)| r.never_defined_error(t)) {
        return Err(usage(format!("{error}; nothing was written")));
    }
    if let Some(reason) = results.iter().find_map(|r| r.aborted.as_ref()) {
        anyhow::bail!("{reason}; nothing was written");
    }
    let replications = results.len() as u32;
    let estimates = summarise(&results);

    let record = RunRecord { loaded: &loaded, seed, replications };
    let teams = team_time(&plan, &results);
    let mut warnings = run_warnings(&plan, &results);
    if let (Some(report), Some(target)) = (&precision, &target) {
        warnings.extend(amtsim::experiment::warnings::precision_not_reached(report, target));
    }
    let conservation: Vec<_> = results.iter().map(|r| (r.replication, r.conservation)).collect();
    let summary = summary_json(&record, &estimates, &teams, &warnings, &conservation);
    write_atomic(&out.join("summary.json"), summary.as_bytes())?;
    // The per-day files and the charts' bands are made side by side: on a short run they
    // would otherwise take as long as the simulation.
    type DailyFile = fn(&[ReplicationResult], &Plan) -> String;
    let daily_files: [(&str, DailyFile); 4] = [
        ("daily.csv", daily_csv),
        ("portal_daily.csv", portal_daily_csv),
        ("staff_daily.csv", staff_daily_csv),
        ("permits_daily.csv", permits_daily_csv),
    ];
    let warmup_days = plan.scenario.simulation.warmup_days as usize;
    let (texts, bands) = pool.install(|| {
        rayon::join(
            || daily_files.par_iter().map(|(name, text)| (*name, text(&results, &plan))).collect::<Vec<_>>(),
            || run_bands(&results, &plan.calendar, warmup_days),
        )
    });
    for (name, text) in texts {
        write_atomic(&out.join(name), text.as_bytes())?;
    }
    let names = amtsim::stats::breakdown::extended_names(&amtsim::stats::breakdown::subjects(&plan.scenario));
    let rows = results.iter().map(|r| RunFigures { arm: None, replication: r.replication, figures: &r.figures });
    write_atomic(&out.join("runs.csv"), runs_csv(&names, rows).as_bytes())?;
    let log_file = if args.appointment_log { write_appointment_log(&plan, &results, &out)? } else { "" };
    save_scenario(&loaded, &out)?;
    let extras = charts_and_report(&out, &args.charts, Some(DailyAtHand::Run(&bands)))?;
    seal(&out, "run", &loaded)?;

    say!("{} — {} replications, seed {}\n", plan.scenario.name, replications, seed);
    say_part!("{}", summary_table(&estimates));
    say!("\n{}", team_table(&teams).trim_end());
    say!("(positions, filled and the first \"at work\" in FTE, the rest in hours a year; counter: serving; formula: the staffing formula's FTE for the work done, docs/output.md)");
    if let (Some(report), Some(target)) = (precision, &target) {
        say!("\n{}", precision_line(&report, target, ""));
    }
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    say!(
        "\nwrote summary.json, daily.csv, portal_daily.csv, staff_daily.csv, permits_daily.csv, runs.csv, {log_file}scenario.toml, {extras}, manifest.json to {}",
        out.display()
    );
    if args.timing {
        let events: u64 = results.iter().map(|r| r.events).sum();
        let threads = pool.current_num_threads();
        let per_rep = wall.as_secs_f64() * threads as f64 / f64::from(replications);
        say!(
            "timing: {:.3} s wall on {} threads, {:.2} ms per replication (core time), {:.2} million events/s per core, peak memory {}",
            wall.as_secs_f64(),
            threads,
            per_rep * 1e3,
            events as f64 / (wall.as_secs_f64() * threads as f64) / 1e6,
            amtsim::memory::peak_resident_text()
        );
    }
    Ok(())
}

/// An office has one history: the log is that of replication 0, simulated again with the log
/// switched on (it must give the same figures, or the log would have changed the run).
fn write_appointment_log(plan: &Plan, results: &[ReplicationResult], out: &Path) -> Result<&'static str> {
    let (again, log) = simulate_logged(plan, 0);
    let same = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
    if results.first().is_some_and(|first| !same(&first.figures, &again.figures) || first.events != again.events) {
        anyhow::bail!("internal error: recording the appointment log changed replication 0; nothing more was written");
    }
    write_atomic(&out.join("appointments.csv"), appointments_csv(&log, plan).as_bytes())?;
    Ok("appointments.csv, ")
}
