//! The commands' bodies: read the options, load the scenario, run the experiment, write the
//! files, print. Each file is one command; this one holds what they share.

pub mod check;
pub mod compare;
pub mod fit;
pub mod init;
pub mod manual;
pub mod merge;
pub mod optimise;
pub mod plot;
pub mod report;
pub mod run;
pub mod select;
pub mod sensitivity;
pub mod serve;
pub mod staff;
pub mod sweep;

use crate::cli::{ChartArgs, ExperimentArgs, LangArg, PrecisionArgs, ScenarioArgs};
use amtsim::experiment::precision::{parse_precision, PrecisionReport, PrecisionTarget};
use amtsim::output::{write_scenario_copies, ManifestError, Origin, MANIFEST_FILE};
use amtsim::report::{plot as draw_charts, write_report, DailyAtHand, Lang};
use amtsim::scenario::{load_file, parse_override, LoadedScenario, Override};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--quiet`: the commands print only warnings and errors.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// `println!` unless `--quiet`.
macro_rules! say {
    ($($t:tt)*) => { if !$crate::commands::quiet() { println!($($t)*) } };
}
/// `print!` unless `--quiet`.
macro_rules! say_part {
    ($($t:tt)*) => { if !$crate::commands::quiet() { print!($($t)*) } };
}
pub(crate) use {say, say_part};

/// A problem with the user's input, as opposed to a failure while running (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);
impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for UsageError {}

/// A sweep stopped by Ctrl-C after writing its finished rows (exit code 130).
#[derive(Debug)]
pub struct Interrupted(pub String);
impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Interrupted {}

/// Shorthand for a usage error.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// Loads the scenario with its `--set` overrides and then `extra` (e.g. `--seed`).
pub fn load(args: &ScenarioArgs, extra: &[Override]) -> Result<LoadedScenario> {
    let mut overrides: Vec<Override> = args
        .set
        .iter()
        .map(|s| parse_override(s))
        .collect::<Result<_, _>>()
        .map_err(|e| usage(format!("--set {e}")))?;
    overrides.extend_from_slice(extra);
    load_file(&args.file, &overrides).map_err(|e| usage(e.to_string()))
}

/// The way a figure is better (min or max), for a selection or an objective; `what` names the
/// option in the message for a figure without a better direction.
pub fn goal_of(figure: usize, what: &str) -> Result<amtsim::decide::selection::Goal> {
    use amtsim::decide::selection::Goal;
    use amtsim::stats::figures::Better;
    match amtsim::stats::breakdown::base_def(figure).better {
        Better::Lower => Ok(Goal::Min),
        Better::Higher => Ok(Goal::Max),
        Better::Neither => {
            Err(usage(format!("{what}: has no better direction; choose a figure that is better lower or higher")))
        }
    }
}

/// The policies named with `--policy` (all of the scenario's without), each with its
/// validated variant; a scenario without policies is a usage error.
pub fn chosen_policies<'a>(
    loaded: &'a LoadedScenario,
    names: &[String],
    file: &Path,
) -> Result<Vec<(&'a amtsim::scenario::Policy, LoadedScenario)>> {
    use amtsim::scenario::{apply_policy, find_policy};
    let policies: Vec<&amtsim::scenario::Policy> = if names.is_empty() {
        loaded.policies.iter().collect()
    } else {
        names.iter().map(|name| find_policy(loaded, name).map_err(usage)).collect::<Result<_>>()?
    };
    if policies.is_empty() {
        return Err(usage(format!(
            "{}: the scenario defines no policies; add [policies.NAME] tables (see docs/experiments.md)",
            file.display()
        )));
    }
    policies.into_iter().map(|p| apply_policy(loaded, p).map(|v| (p, v)).map_err(|e| usage(e.to_string()))).collect()
}

/// The mixes of an optimisation's result (`--front-of`, `--mix`), refused when they were
/// found on another version of the scenario file.
pub fn optimised_mixes(loaded: &LoadedScenario, result: &Path) -> Result<amtsim::output::optimise_files::Mixes> {
    let mixes = amtsim::output::optimise_files::read_mixes(result).map_err(usage)?;
    if mixes.file_sha256 != loaded.file_sha256 {
        return Err(usage(format!(
            "{}: its mixes were found on another version of {} (SHA-256 {} there, {} now); run amtsim optimise again",
            result.display(),
            loaded.file.display(),
            mixes.file_sha256,
            loaded.file_sha256
        )));
    }
    // The mixes were found with the optimisation's --set changes: they mean the same only
    // with them (a different seed is fine: that is a re-check on other random numbers).
    let changes =
        |o: &[String]| -> Vec<String> { o.iter().filter(|o| !o.starts_with("simulation.seed=")).cloned().collect() };
    if changes(&mixes.overrides) != changes(&loaded.overrides) {
        return Err(usage(format!(
            "{}: the optimisation ran with --set {}, this command with --set {}: give the same changes",
            result.display(),
            shown(&changes(&mixes.overrides)),
            shown(&changes(&loaded.overrides))
        )));
    }
    Ok(mixes)
}

/// Overrides for a message ("none" when there are none).
fn shown(overrides: &[String]) -> String {
    if overrides.is_empty() {
        "none".into()
    } else {
        overrides.join(" --set ")
    }
}

/// The scenario of one mix: the levers at the mix's values on top of `loaded`.
pub fn mix_scenario(loaded: &LoadedScenario, mix: &amtsim::output::optimise_files::Mix) -> Result<LoadedScenario> {
    let grid = amtsim::experiment::grid::mix_grid(&mix.settings).map_err(|e| usage(format!("{}: {e}", mix.name())))?;
    grid.scenario_at(loaded, 0).map_err(|e| usage(format!("{}: {e}", mix.name())))
}

/// The folder of an interrupted study to continue (`--resume`), locked: refused when it does
/// not exist or its study.json is not `study` (`what` names the kind in the message).
pub fn resume_study(out: &Path, study: &serde_json::Value, what: &str) -> Result<amtsim::output::FolderLock> {
    if !out.is_dir() {
        return Err(usage(format!("{}: nothing to resume (no such folder); run without --resume", out.display())));
    }
    let lock = amtsim::output::FolderLock::exclusive(out).map_err(|e| usage(e.to_string()))?;
    let path = out.join("study.json");
    let existing = std::fs::read_to_string(&path)
        .map_err(|e| usage(format!("{}: nothing to resume ({e}); run without --resume", path.display())))?;
    if serde_json::from_str::<serde_json::Value>(&existing).ok().as_ref() != Some(study) {
        return Err(usage(format!(
            "{}: the folder holds another {what}; resume with the same arguments or choose another --out",
            out.display()
        )));
    }
    Ok(lock)
}

/// A flag that Ctrl-C raises (a second Ctrl-C ends the process at once): streamed commands
/// stop between chunks, leaving files `--resume` continues.
pub fn stop_on_ctrl_c() -> Result<std::sync::Arc<std::sync::atomic::AtomicBool>> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&stop);
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    })
    .context("installing the Ctrl-C handler")?;
    Ok(stop)
}

/// `--seed` as an override, so policies and grid points inherit it.
pub fn seed_override(run: &ExperimentArgs) -> Vec<Override> {
    seed_overrides(run.seed)
}

/// A seed as an override (none without one).
pub fn seed_overrides(seed: Option<u64>) -> Vec<Override> {
    seed.map(|s| Override {
        path: "simulation.seed".into(),
        value: toml::Value::Integer(s.min(i64::MAX as u64) as i64),
    })
    .into_iter()
    .collect()
}

/// `--replications`, or the given default; at least 1.
/// The largest number of replications, as `simulation.replications` allows (a sweep's are per
/// point).
pub const MAX_REPLICATIONS: u32 = 1_000_000;

pub fn replications(given: Option<u32>, default: u32) -> Result<u32> {
    match given {
        Some(r) if !(1..=MAX_REPLICATIONS).contains(&r) => {
            Err(usage(format!("--replications {r}: expected 1 to {MAX_REPLICATIONS}, as simulation.replications")))
        }
        Some(r) => Ok(r),
        None => Ok(default),
    }
}

/// `--out`, or results/<scenario file name><suffix>.
pub fn out_dir(out: &Option<PathBuf>, file: &Path, suffix: &str) -> PathBuf {
    out.clone().unwrap_or_else(|| {
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "run".into());
        PathBuf::from("results").join(format!("{stem}{suffix}"))
    })
}

/// A rayon pool of `threads` workers (0 or none: one per core).
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new().num_threads(threads.unwrap_or(0)).build().context("starting worker threads")
}

/// `--precision FIG=REL` with `--max-replications`; FIG may name a case type's or team's
/// figure of `scenario` (`FIGURE[NAME]`).
pub fn precision_target(
    args: &PrecisionArgs,
    scenario: &amtsim::scenario::Scenario,
) -> Result<Option<PrecisionTarget>> {
    let subjects = amtsim::stats::breakdown::subjects(scenario);
    match &args.precision {
        None => Ok(None),
        Some(text) => parse_precision(text, args.max_replications, &subjects)
            .map(Some)
            .map_err(|e| usage(format!("--precision {e}"))),
    }
}

/// The line that says whether `--precision` was reached; `scope` narrows the claim (" in
/// every arm" for comparisons).
pub fn precision_line(report: &PrecisionReport, target: &PrecisionTarget, scope: &str) -> String {
    let width = report.rel_half_width.map_or("undefined".into(), |w| format!("±{:.2}%", w * 100.0));
    let verdict = if report.reached { "reached" } else { "NOT reached: raise --max-replications" };
    format!(
        "precision: {} within {width} of its mean{scope} after {} replications (target ±{:.2}%: {verdict})",
        target.name,
        report.replications,
        target.rel_half_width * 100.0
    )
}

/// The report language of `--lang`.
pub fn lang(arg: LangArg) -> Lang {
    match arg {
        LangArg::De => Lang::De,
        LangArg::En => Lang::En,
    }
}

/// Copies the scenario file (and the files it extends) into the output folder, for the
/// report's assumptions table and the record.
pub fn save_scenario(loaded: &amtsim::scenario::LoadedScenario, out: &Path) -> Result<()> {
    write_scenario_copies(&loaded.texts, out)
        .with_context(|| format!("copying {} to {}", loaded.file.display(), out.display()))?;
    Ok(())
}

/// A progress bar with ETA on standard error when it is a terminal (and not `--quiet`);
/// hidden otherwise, so logs and pipes get no control characters.
pub fn progress_bar(total: u64, done: u64, unit: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if std::env::var_os(PROGRESS_LINES).is_some_and(|v| v == "lines") {
        return progress_lines(total, done);
    }
    if quiet() || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    let template = format!("{{bar:40}} {{pos}}/{{len}} {unit}  {{elapsed_precise}} elapsed, ETA {{eta_precise}}");
    let style =
        indicatif::ProgressStyle::with_template(&template).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_position(done);
    bar.reset_eta();
    bar
}

/// With `AMTSIM_PROGRESS=lines` the progress goes to standard error as "done/total" lines
/// (what `amtsim serve` reads from the runs it starts), whatever standard error is.
const PROGRESS_LINES: &str = "AMTSIM_PROGRESS";

fn progress_lines(total: u64, done: u64) -> indicatif::ProgressBar {
    let target = indicatif::ProgressDrawTarget::term_like_with_hz(Box::new(LineTerm), 4);
    let bar = indicatif::ProgressBar::with_draw_target(Some(total), target);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{pos}/{len}") {
        bar.set_style(style);
    }
    bar.set_position(done);
    bar
}

/// A "terminal" that writes each drawn line on a line of its own.
#[derive(Debug)]
struct LineTerm;

impl indicatif::TermLike for LineTerm {
    fn width(&self) -> u16 {
        80
    }
    fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn write_line(&self, line: &str) -> std::io::Result<()> {
        eprintln!("{line}");
        Ok(())
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        if !s.trim().is_empty() {
            eprintln!("{s}");
        }
        Ok(())
    }
    fn clear_line(&self) -> std::io::Result<()> {
        Ok(())
    }
    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes the folder's manifest.json, last: the folder then holds one finished run.
pub fn seal(out: &Path, command: &str, loaded: &LoadedScenario) -> Result<()> {
    let origin = Origin { command: command.into(), scenario_sha256: loaded.file_sha256.clone() };
    amtsim::output::seal(out, &origin).with_context(|| format!("writing {}", out.join(MANIFEST_FILE).display()))
}

/// Refuses a result folder whose files are not those its manifest lists (a usage error: the
/// remedy is to run again); returns what the manifest says of the run.
pub fn verified(dir: &Path) -> Result<Origin> {
    amtsim::output::verify(dir).map_err(|e| match e {
        ManifestError::Io { .. } => anyhow::Error::new(e),
        other => usage(other.to_string()),
    })
}

/// Draws the charts into `out/charts/` and, with `--report`, writes `out/report.html`;
/// returns what was written, for the closing line. `at_hand`: the daily bands of the files
/// just written, so they need not be read back.
pub fn charts_and_report(out: &Path, args: &ChartArgs, at_hand: Option<DailyAtHand>) -> Result<String> {
    let lang = lang(args.lang);
    let files = draw_charts(out, lang, args.png, at_hand).context("drawing the charts")?;
    let formats = if args.png { "SVG and PNG" } else { "SVG" };
    let mut wrote = format!("{} charts ({formats}) in charts/", files.len() / if args.png { 2 } else { 1 });
    if args.report {
        write_report(out, lang, None, at_hand).context("writing the report")?;
        wrote.push_str(" and report.html");
    }
    Ok(wrote)
}
