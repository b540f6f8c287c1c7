//! `amtsim compare`: the baseline and each policy on the same replications; paired
//! differences with 95% intervals; compare.json and compare.csv.

use super::say;
use super::{
    charts_and_report, load, out_dir, precision_line, precision_target, progress_bar, replications, save_scenario,
    seal, seed_override, thread_pool, usage,
};
use crate::cli::CompareArgs;
use amtsim::experiment::compare::compare_keeping;
use amtsim::experiment::footprint;
use amtsim::experiment::personnel::team_time_of;
use amtsim::model::Plan;
use amtsim::output::{
    compare_csv, compare_json, compare_table, prepare_out_dir, runs_csv, write_atomic, CompareRecord, RunFigures,
};
use amtsim::report::series::{compare_daily_csv, DailyBands, DailySeries, ReplicationSeries, BASELINE};
use amtsim::report::DailyAtHand;
use amtsim::scenario::Policy;
use anyhow::Result;

pub fn compare(args: CompareArgs) -> Result<()> {
    let loaded = load(&args.scenario, &seed_override(&args.run))?;
    let (policies, variants): (Vec<&Policy>, Vec<_>) =
        super::chosen_policies(&loaded, &args.policies, &args.scenario.file)?.into_iter().unzip();
    let reps = replications(args.run.replications, loaded.scenario.simulation.replications)?;
    let target = precision_target(&args.precision, &loaded.scenario)?;
    let out = out_dir(&args.run.out, &args.scenario.file, "-compare");
    let baseline = Plan::new(loaded.scenario.clone());
    let plans: Vec<Plan> = variants.into_iter().map(|v| Plan::new(v.scenario)).collect();
    let most = target.as_ref().map_or(reps, |t| t.max_replications.max(reps));
    let needed = footprint::compare_bytes(&baseline, most, plans.len() + 1, DailySeries::ALL.len());
    let remedy = "give fewer replications (-r, --max-replications) or fewer policies (--policy)";
    footprint::check(needed, &format!("{} arms × {most} replications with their daily bands", plans.len() + 1), remedy)
        .map_err(usage)?;
    let _lock = prepare_out_dir(&out, args.run.force).map_err(|e| usage(e.to_string()))?;
    let plan_refs: Vec<&Plan> = plans.iter().collect();
    let pool = thread_pool(args.run.threads)?;
    let arms: Vec<&Plan> = std::iter::once(&baseline).chain(plans.iter()).collect();
    let progress = progress_bar(u64::from(reps) * arms.len() as u64, 0, "replications");
    let keep = |arm: usize, r: &amtsim::model::ReplicationResult| {
        progress.inc(1);
        (ReplicationSeries::from_result(r, &arms[arm].calendar), r.staff.groups.clone(), r.figures.clone())
    };
    let (comparison, kept) = pool.install(|| compare_keeping(&baseline, &plan_refs, reps, target.as_ref(), keep));
    progress.finish_and_clear();
    if let Some(error) =
        (comparison.precision.as_ref().zip(target.as_ref())).and_then(|(r, t)| r.never_defined_error(t))
    {
        return Err(usage(format!("{error}; nothing was written")));
    }
    let teams = arms
        .iter()
        .zip(&kept)
        .map(|(plan, reps)| team_time_of(plan, &reps.iter().map(|(_, groups, _)| &groups[..]).collect::<Vec<_>>()))
        .collect();
    let arm_names: Vec<String> =
        std::iter::once(BASELINE.to_string()).chain(policies.iter().map(|p| p.name.clone())).collect();
    let figure_names = amtsim::stats::breakdown::extended_names(&amtsim::stats::breakdown::subjects(&loaded.scenario));
    let rows = arm_names.iter().zip(&kept).flat_map(|(arm, reps)| {
        reps.iter().enumerate().map(move |(r, (_, _, figures))| RunFigures {
            arm: Some(arm),
            replication: r as u32,
            figures,
        })
    });
    let runs = runs_csv(&figure_names, rows);
    let kept: Vec<Vec<ReplicationSeries>> =
        kept.into_iter().map(|reps| reps.into_iter().map(|(series, _, _)| series).collect()).collect();

    let record = CompareRecord {
        loaded: &loaded,
        seed: loaded.scenario.simulation.seed,
        policies,
        comparison: &comparison,
        teams,
    };
    write_atomic(&out.join("compare.json"), compare_json(&record).as_bytes())?;
    write_atomic(&out.join("compare.csv"), compare_csv(&record).as_bytes())?;
    write_atomic(&out.join("runs.csv"), runs.as_bytes())?;
    let names = std::iter::once(BASELINE.to_string()).chain(record.policies.iter().map(|p| p.name.clone()));
    let daily: Vec<(String, DailyBands)> =
        names.zip(&kept).map(|(name, reps)| (name, bands(&baseline, reps))).collect();
    write_atomic(&out.join("compare_daily.csv"), compare_daily_csv(&daily).as_bytes())?;
    save_scenario(&loaded, &out)?;
    let extras = charts_and_report(&out, &args.charts, Some(DailyAtHand::Compare(&daily)))?;
    seal(&out, "compare", &loaded)?;

    say!(
        "{} — baseline and {} polic{} on the same {} replications, seed {}\n",
        loaded.scenario.name,
        record.policies.len(),
        if record.policies.len() == 1 { "y" } else { "ies" },
        comparison.replications,
        record.seed
    );
    for (policy, figures) in record.policies.iter().zip(&comparison.policies) {
        let sim = &loaded.scenario.simulation;
        let counted_days = f64::from(sim.days.saturating_sub(sim.warmup_days));
        say!("{}", compare_table(policy, figures, counted_days));
    }
    let arm_names = std::iter::once(BASELINE.to_string()).chain(record.policies.iter().map(|p| p.name.clone()));
    for (arm, warnings) in arm_names.zip(&comparison.warnings) {
        for w in warnings {
            eprintln!("warning ({arm}): {w}");
        }
    }
    if let (Some(report), Some(target)) = (comparison.precision, &target) {
        say!("{}\n", precision_line(&report, target, " in every arm"));
    }
    say!(
        "wrote compare.json, compare.csv, compare_daily.csv, runs.csv, scenario.toml, {extras}, manifest.json to {}",
        out.display()
    );
    Ok(())
}

/// The daily bands of one arm: the run's days (the calendar also covers the booking horizon
/// beyond them), their dates and warm-up flags.
fn bands(plan: &Plan, reps: &[ReplicationSeries]) -> DailyBands {
    let sim = &plan.scenario.simulation;
    let days = sim.days as usize;
    let dates = plan.calendar.days.iter().take(days).map(|d| d.date.to_string()).collect();
    let warmup = (0..days).map(|d| d < sim.warmup_days as usize).collect();
    DailyBands::from_replications(dates, warmup, reps)
}
