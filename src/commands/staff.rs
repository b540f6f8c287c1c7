//! `amtsim staff`: the smallest head count of a group that meets a target with 95%
//! confidence; staff.json and staff.csv hold the evaluated curve.

use super::say;
use super::{
    charts_and_report, load, out_dir, progress_bar, replications, save_scenario, seed_override, thread_pool, usage,
};
use crate::cli::StaffArgs;
use amtsim::experiment::staffing::{
    default_group, group_by_name, lever_path, max_evaluations, search_observed, StaffingSearch, Target,
};
use amtsim::output::{evaluation_line, num, prepare_out_dir, staff_csv, staff_json, write_atomic, StaffRecord};
use anyhow::Result;

pub fn staff(args: StaffArgs) -> Result<()> {
    let loaded = load(&args.scenario, &seed_override(&args.run))?;
    let s = &loaded.scenario;
    let subjects = amtsim::stats::breakdown::subjects(s);
    let target = Target::parse(&args.target, &subjects).map_err(|e| usage(format!("--target {e}")))?;
    let group = match &args.group {
        Some(name) => group_by_name(s, name).map_err(|e| usage(format!("--group {e}")))?,
        None => {
            default_group(s).ok_or_else(|| usage("no staff group does appointments work; name one with --group"))?
        }
    };
    lever_path(&loaded, group).map_err(|e| usage(format!("--group {e}")))?;
    let current = s.staff[group].filled_fte.round() as u32;
    let max = args.max.unwrap_or(current * 2 + 10);
    if max < args.min {
        return Err(usage(format!("--max {max} is below --min {}", args.min)));
    }
    let settings = StaffingSearch {
        group,
        min: args.min,
        max,
        replications: replications(args.run.replications, s.simulation.replications)?,
        target: target.clone(),
    };
    if settings.replications < 2 {
        return Err(usage("the search needs confidence intervals: --replications must be at least 2"));
    }
    let out = out_dir(&args.run.out, &args.scenario.file, "-staff");
    let _lock = prepare_out_dir(&out, args.run.force).map_err(|e| usage(e.to_string()))?;
    say!(
        "{} — smallest head count of {} in [{}, {}] with {} (95% confidence), {} replications, seed {}",
        s.name,
        s.staff[group].name,
        settings.min,
        settings.max,
        target.describe(),
        settings.replications,
        s.simulation.seed
    );
    let pool = thread_pool(args.run.threads)?;
    // The search may end before its last possible step: the bar counts to the most it can take.
    let most = u64::from(max_evaluations(&settings)) * u64::from(settings.replications);
    let progress = progress_bar(most, 0, "replications at most");
    let tick = || progress.inc(1);
    let show = |e: &amtsim::experiment::staffing::Evaluation| progress.suspend(|| say!("  {}", evaluation_line(e)));
    let result = pool.install(|| search_observed(&loaded, &settings, show, &tick)).map_err(|e| usage(e.to_string()));
    progress.finish_and_clear();
    let result = result?;
    let record = StaffRecord { loaded: &loaded, search: &settings, result: &result };
    write_atomic(&out.join("staff.json"), staff_json(&record).as_bytes())?;
    write_atomic(&out.join("staff.csv"), staff_csv(&record).as_bytes())?;
    save_scenario(&loaded, &out)?;
    let extras = charts_and_report(&out, &args.charts, None)?;
    super::seal(&out, "staff", &loaded)?;
    if !result.is_monotone(&target) {
        say!(
            "note: the figure does not improve steadily with the head count; read every point above, not only the answer"
        );
    }
    match result.answer {
        Some(n) => {
            let cost = result.curve.iter().find(|e| e.head_count == n).map(|e| e.cost_per_year.mean);
            let current_cost = result.curve.iter().find(|e| e.head_count == current).map(|e| e.cost_per_year.mean);
            let cost = match (cost, current_cost) {
                (Some(c), Some(now)) if c == now => format!("; the office costs {} euros a year, as now", num(c)),
                (Some(c), Some(now)) => {
                    format!("; the office then costs {} euros a year ({} more than now)", num(c), num(c - now))
                }
                (Some(c), None) => format!("; the office then costs {} euros a year", num(c)),
                _ => String::new(),
            };
            say!("answer: {} needs a head count of {n} (now {current}){cost}", s.staff[group].name)
        }
        None => say!(
            "answer: none; even {} clerks do not meet {} — raise --max or check the target",
            settings.max,
            target.describe()
        ),
    }
    say!("wrote staff.json, staff.csv, scenario.toml, {extras}, manifest.json to {}", out.display());
    Ok(())
}
