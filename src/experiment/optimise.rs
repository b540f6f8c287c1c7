//! The cheapest mix of measures that meets the targets: every combination of the levers'
//! values (a grid, as for `sweep`) is a candidate; replications go where they decide the
//! answer (racing), not evenly.
//!
//! Every candidate first gets `first_stage` replications on common random numbers. Then, round
//! by round, a candidate gets more (half as many again as it has, at most `max_replications`)
//! only while it could still be the answer: its objective's interval reaches below the upper
//! end of the best feasible candidate's by more than the indifference zone (`indifference`,
//! 0 by default), and it is not known to fail a target (before any candidate is known to
//! meet every target: while its standing is open). The best feasible candidate gets more
//! while any other does. A candidate that surely fails a target (its whole interval on the
//! wrong side) or whose office is overloaded gets no more. "Not overloaded" is a target like
//! the others: it must be established (`Overload::Stable`), not merely not disproved, or a
//! candidate with few replications would look stable where one with many looks overloaded.
//! The rounds depend on the results only, never on the threads, so the answer is the same on
//! any machine.
//!
//! A space of at most `MAX_CANDIDATES` is enumerated. A larger one is searched locally
//! (`Search`): racing over a random sample of starting mixes, then over the grid neighbours
//! (each lever one step up or down) of the best mix that meets the targets and of the front,
//! round after round until no neighbour is new; at most `MAX_CANDIDATES` mixes are evaluated.
//! A local search can miss a better mix far from every starting point: the answer says how
//! many mixes it evaluated.

use super::grid::Grid;
use super::staffing::{overload, Bound, Overload, Target};
use super::{summarise_figures, FigureEstimate};
use crate::decide::selection::Goal;
use crate::model::{simulate_summary, Plan};
use crate::scenario::{LoadedScenario, ScenarioError};
use rayon::prelude::*;

/// The most candidates an optimisation enumerates.
pub const MAX_CANDIDATES: u64 = 2000;

/// A figure to minimise or maximise.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// The name as given (`FIGURE` or `FIGURE[NAME]`) and its extended index.
    pub name: String,
    pub figure: usize,
    pub goal: Goal,
}

/// What an optimisation runs.
#[derive(Debug, Clone)]
pub struct OptimiseSpec {
    pub base: LoadedScenario,
    /// The levers: each a scenario key and its allowed values.
    pub levers: Grid,
    pub objective: Objective,
    pub constraints: Vec<Target>,
    /// A second objective: the Pareto front of the two over the candidates that meet the
    /// targets (e.g. cost against person-days without a valid document).
    pub front: Option<Objective>,
    pub first_stage: u32,
    pub max_replications: u32,
    /// Differences in the objective smaller than this do not matter (in its unit; 0: every
    /// difference does): a candidate stops competing with the best once it cannot beat it by
    /// more.
    pub indifference: f64,
    /// Counted weeks of the run (for the overload rule).
    pub weeks: f64,
    pub search: Search,
}

/// When and how a lever space too large to enumerate is searched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Search {
    /// Spaces of at most this many candidates are enumerated.
    pub enumerate_up_to: u64,
    /// Random starting mixes of a local search.
    pub start: usize,
}

impl Default for Search {
    fn default() -> Search {
        Search { enumerate_up_to: MAX_CANDIDATES, start: 100 }
    }
}

/// The design stream's purpose for the starting mixes (apart from sensitivity designs).
const START_PURPOSE: u64 = 0x0b7_5ea7c4;

/// Where a candidate stands against the targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Every target met with 95 % confidence, and the office stable (`Overload::Stable`).
    Meets,
    /// Some target surely missed (its whole interval on the wrong side), or overloaded.
    Fails,
    /// Not yet known.
    Open,
}

/// One candidate: a grid point, its replications (all figures) and where it stands.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub point: u64,
    pub runs: Vec<Vec<f64>>,
    pub estimates: Vec<FigureEstimate>,
    pub overload: Overload,
    pub standing: Standing,
}

/// Why an optimisation could not run.
#[derive(Debug, thiserror::Error)]
pub enum OptimiseError {
    #[error("candidate {point} ({settings}): {source}")]
    Candidate { point: u64, settings: String, source: ScenarioError },
    #[error("candidate {point} ({settings}), replication {replication}: {why}")]
    Aborted { point: u64, settings: String, replication: u32, why: String },
    #[error("writing the replications: {why}")]
    Record { why: String },
}

/// The finished optimisation.
#[derive(Debug, Clone)]
pub struct Optimisation {
    pub candidates: Vec<Candidate>,
    /// The index (into `candidates`) of the recommended mix: the best objective among those
    /// that meet every target, near-ties (within the indifference zone) decided by the front
    /// figure (None: no candidate meets every target).
    pub recommended: Option<usize>,
    /// The candidate with the best objective among those that meet every target (the
    /// recommended one unless a near-tie went to the front figure).
    pub best: Option<usize>,
    /// The candidates on the Pareto front (objective, front figure) among those that meet
    /// every target, by their means, ordered by the objective.
    pub front: Vec<usize>,
    /// Replications simulated in all, and rounds of adding them.
    pub replications: u64,
    pub rounds: u32,
    /// Whether the space was searched locally (not enumerated).
    pub searched: bool,
}

impl OptimiseSpec {
    pub fn candidates(&self) -> u64 {
        self.levers.points()
    }

    /// The validated scenario of grid point `point`.
    pub fn scenario_at(&self, point: u64) -> Result<LoadedScenario, OptimiseError> {
        self.levers.scenario_at(&self.base, point).map_err(|source| OptimiseError::Candidate {
            point,
            settings: self.levers.describe(point),
            source,
        })
    }

    /// A lower-is-better value of an objective's mean and interval.
    fn oriented(&self, o: &Objective, e: &FigureEstimate) -> (f64, f64, f64) {
        let est = e.estimate;
        let (lo, hi) = (est.ci95_low.unwrap_or(f64::NEG_INFINITY), est.ci95_high.unwrap_or(f64::INFINITY));
        match o.goal {
            Goal::Min => (est.mean, lo, hi),
            Goal::Max => (-est.mean, -hi, -lo),
        }
    }

    fn standing(&self, estimates: &[FigureEstimate], load: Overload) -> Standing {
        if load == Overload::Overloaded {
            return Standing::Fails;
        }
        let mut open = load == Overload::Open;
        for t in &self.constraints {
            let e = &estimates[t.figure];
            let fails = match t.bound {
                Bound::AtMost => e.estimate.ci95_low.is_some_and(|lo| lo > t.value),
                Bound::AtLeast => e.estimate.ci95_high.is_some_and(|hi| hi < t.value),
            };
            if fails || !e.estimate.mean.is_finite() {
                return Standing::Fails;
            }
            open |= !t.met_by(e);
        }
        if open {
            Standing::Open
        } else {
            Standing::Meets
        }
    }

    /// The best candidate that meets every target (lowest oriented objective mean; the
    /// lower grid point on a tie).
    fn best(&self, cands: &[Candidate]) -> Option<usize> {
        (0..cands.len())
            .filter(|&i| cands[i].standing == Standing::Meets)
            .filter(|&i| cands[i].estimates[self.objective.figure].estimate.mean.is_finite())
            .min_by(|&a, &b| {
                let oa = self.oriented(&self.objective, &cands[a].estimates[self.objective.figure]).0;
                let ob = self.oriented(&self.objective, &cands[b].estimates[self.objective.figure]).0;
                oa.total_cmp(&ob).then(a.cmp(&b))
            })
    }

    /// The recommended mix: the best candidate that meets every target, or, with a front
    /// figure, the one best on it among those whose objective is within the indifference
    /// zone of the best's (a difference the committee declared not to matter should not
    /// decide against a mix that does much more good).
    fn recommend(&self, cands: &[Candidate]) -> Option<usize> {
        let best = self.best(cands)?;
        let (Some(front), true) = (&self.front, self.indifference > 0.0) else {
            return Some(best);
        };
        let objective = |i: usize| self.oriented(&self.objective, &cands[i].estimates[self.objective.figure]).0;
        let second = |i: usize| self.oriented(front, &cands[i].estimates[front.figure]).0;
        (0..cands.len())
            .filter(|&i| cands[i].standing == Standing::Meets && objective(i) <= objective(best) + self.indifference)
            .filter(|&i| second(i).is_finite())
            .min_by(|&a, &b| {
                second(a).total_cmp(&second(b)).then(objective(a).total_cmp(&objective(b))).then(a.cmp(&b))
            })
            .or(Some(best))
    }

    /// The candidates that get more replications in the next round.
    fn matter(&self, cands: &[Candidate]) -> Vec<usize> {
        let best = self.best(cands);
        let objective = |i: usize| self.oriented(&self.objective, &cands[i].estimates[self.objective.figure]);
        let mut out: Vec<usize> = (0..cands.len())
            .filter(|&i| cands[i].runs.len() < self.max_replications as usize)
            .filter(|&i| cands[i].standing != Standing::Fails && Some(i) != best)
            .filter(|&i| match best {
                // Could it still beat the best known answer?
                Some(b) => objective(i).1 < objective(b).2 - self.indifference,
                None => cands[i].standing == Standing::Open,
            })
            .collect();
        if let Some(b) = best {
            if !out.is_empty() && cands[b].runs.len() < self.max_replications as usize {
                out.push(b);
                out.sort_unstable();
            }
        }
        out
    }
}

/// Replications already simulated, by (grid point, replication): a resumed optimisation
/// takes them from its runs.csv instead of simulating them again.
pub type Known = std::collections::HashMap<(u64, u32), Vec<f64>>;

/// A simulated replication: grid point, replication, every figure.
pub type Run = (u64, u32, Vec<f64>);

/// Where new replications go (a file, say); false stops the search.
pub type Record<'a> = dyn FnMut(&[Run]) -> Result<bool, String> + Send + 'a;

/// How the rounds' new replications leave the optimiser: `record` gets each chunk's rows
/// (grid point, replication, all figures) in a fixed order, and may stop the search (then
/// `optimise` returns None).
pub struct Streaming<'a> {
    pub known: &'a Known,
    /// Runs simulated between two calls of `record`.
    pub chunk: usize,
    pub record: &'a mut Record<'a>,
}

/// Runs the optimisation; `done` is called after each replication.
pub fn optimise(spec: &OptimiseSpec, done: &(dyn Fn() + Sync)) -> Result<Optimisation, OptimiseError> {
    let known = Known::new();
    let mut record = |_: &[Run]| Ok(true);
    let mut streaming = Streaming { known: &known, chunk: usize::MAX, record: &mut record };
    Ok(optimise_streamed(spec, &mut streaming, done)?.expect("never stopped"))
}

/// [`optimise`] with the replications of `streaming.known` taken as simulated and the new ones
/// handed to `streaming.record` chunk by chunk; None when `record` stopped it. The rounds
/// depend on the results only, so a resumed optimisation is the uninterrupted one.
pub fn optimise_streamed(
    spec: &OptimiseSpec,
    streaming: &mut Streaming,
    done: &(dyn Fn() + Sync),
) -> Result<Option<Optimisation>, OptimiseError> {
    let searched = spec.candidates() > spec.search.enumerate_up_to;
    let first: Vec<u64> = if searched { start_points(spec) } else { (0..spec.candidates()).collect() };
    let (mut cands, mut plans) = (Vec::new(), Vec::new());
    let mut wanted = add_candidates(spec, &mut cands, &mut plans, &first)?;
    let mut replications = 0u64;
    let mut rounds = 0u32;
    loop {
        while !wanted.is_empty() {
            rounds += 1;
            let Some(added) = round(spec, streaming, &mut cands, &plans, &wanted, done)? else {
                return Ok(None);
            };
            replications += added;
            wanted = spec.matter(&cands);
        }
        let next = if searched { neighbours(spec, &cands) } else { Vec::new() };
        if next.is_empty() {
            break;
        }
        wanted = add_candidates(spec, &mut cands, &mut plans, &next)?;
    }
    let (recommended, best) = (spec.recommend(&cands), spec.best(&cands));
    let front = spec.front.as_ref().map_or_else(Vec::new, |f| pareto_front(spec, &cands, f));
    Ok(Some(Optimisation { candidates: cands, recommended, best, front, replications, rounds, searched }))
}

/// Adds the grid points as candidates with their validated plans; their indices.
fn add_candidates(
    spec: &OptimiseSpec,
    cands: &mut Vec<Candidate>,
    plans: &mut Vec<Plan>,
    points: &[u64],
) -> Result<Vec<usize>, OptimiseError> {
    let new: Vec<Plan> = points
        .par_iter()
        .map(|&p| spec.scenario_at(p).map(|loaded| Plan::new(loaded.scenario)))
        .collect::<Result<_, _>>()?;
    let from = cands.len();
    plans.extend(new);
    cands.extend(points.iter().map(|&point| Candidate {
        point,
        runs: Vec::new(),
        estimates: Vec::new(),
        overload: Overload::Open,
        standing: Standing::Open,
    }));
    Ok((from..cands.len()).collect())
}

/// One round: the wanted candidates' next replications (taken from `streaming.known` where
/// simulated before), then their estimates and standing. None when `record` stopped it;
/// else the replications added.
fn round(
    spec: &OptimiseSpec,
    streaming: &mut Streaming,
    cands: &mut [Candidate],
    plans: &[Plan],
    wanted: &[usize],
    done: &(dyn Fn() + Sync),
) -> Result<Option<u64>, OptimiseError> {
    let runs: Vec<(usize, u32)> = wanted
        .iter()
        .flat_map(|&i| {
            let have = cands[i].runs.len() as u32;
            let more = if have == 0 { spec.first_stage } else { (have / 2).max(1) };
            (have..(have + more).min(spec.max_replications)).map(move |r| (i, r))
        })
        .collect();
    let missing: Vec<(usize, u32)> =
        runs.iter().copied().filter(|&(i, r)| !streaming.known.contains_key(&(cands[i].point, r))).collect();
    let mut simulated = std::collections::HashMap::new();
    for part in missing.chunks(streaming.chunk.max(1)) {
        let rows: Vec<Run> = part
            .par_iter()
            .map(|&(i, r)| {
                let point = cands[i].point;
                let result = simulate_summary(&plans[i], r);
                done();
                match result.aborted {
                    Some(why) => Err(OptimiseError::Aborted {
                        point,
                        settings: spec.levers.describe(point),
                        replication: r,
                        why,
                    }),
                    None => Ok((point, r, result.figures)),
                }
            })
            .collect::<Result<_, _>>()?;
        let go_on = (streaming.record)(&rows).map_err(|why| OptimiseError::Record { why })?;
        simulated.extend(rows.into_iter().map(|(p, r, row)| ((p, r), row)));
        if !go_on {
            return Ok(None);
        }
    }
    for &(i, r) in &runs {
        let key = (cands[i].point, r);
        let row = simulated.remove(&key).or_else(|| streaming.known.get(&key).cloned()).expect("every run known");
        cands[i].runs.push(row);
    }
    for &i in wanted {
        let c = &mut cands[i];
        let rows: Vec<&[f64]> = c.runs.iter().map(Vec::as_slice).collect();
        c.estimates = summarise_figures(&rows);
        c.overload = overload(&c.estimates, spec.weeks);
        c.standing = spec.standing(&c.estimates, c.overload);
    }
    Ok(Some(runs.len() as u64))
}

/// The starting mixes of a local search: `search.start` distinct grid points drawn at random
/// from the seed's design stream, in grid order.
fn start_points(spec: &OptimiseSpec) -> Vec<u64> {
    use rand::Rng;
    let mut rng = crate::decide::design::design_rng(spec.base.scenario.simulation.seed, START_PURPOSE);
    let total = spec.candidates();
    let mut chosen = std::collections::BTreeSet::new();
    while (chosen.len() as u64) < total.min(spec.search.start as u64) {
        chosen.insert(rng.random_range(0..total));
    }
    chosen.into_iter().collect()
}

/// The grid neighbours (one lever one step up or down) of the mixes a local search goes on
/// from, not yet evaluated, in grid order, up to `MAX_CANDIDATES` evaluated in all. It goes on
/// from the best mix that meets every target and the front; while none meets them, from the
/// five mixes (not overloaded) most likely to meet their least likely target.
fn neighbours(spec: &OptimiseSpec, cands: &[Candidate]) -> Vec<u64> {
    let mut anchors: Vec<usize> = spec.best(cands).into_iter().collect();
    if let Some(f) = &spec.front {
        anchors.extend(pareto_front(spec, cands, f));
    }
    if anchors.is_empty() {
        let likeliest = |c: &Candidate| {
            (spec.constraints.iter())
                .map(|t| probability_of_meeting(t, &c.estimates[t.figure]).unwrap_or(0.0))
                .fold(1.0, f64::min)
        };
        let mut open: Vec<usize> = (0..cands.len()).filter(|&i| cands[i].overload != Overload::Overloaded).collect();
        open.sort_by(|&a, &b| likeliest(&cands[b]).total_cmp(&likeliest(&cands[a])).then(a.cmp(&b)));
        anchors.extend(open.into_iter().take(5));
    }
    let sizes: Vec<u64> = spec.levers.params.iter().map(|p| p.values.len() as u64).collect();
    let seen: std::collections::HashSet<u64> = cands.iter().map(|c| c.point).collect();
    let mut next = std::collections::BTreeSet::new();
    for &a in &anchors {
        let mut stride = 1u64;
        for &size in sizes.iter().rev() {
            let index = (cands[a].point / stride) % size;
            if index > 0 {
                next.insert(cands[a].point - stride);
            }
            if index + 1 < size {
                next.insert(cands[a].point + stride);
            }
            stride *= size;
        }
    }
    let room = (MAX_CANDIDATES as usize).saturating_sub(cands.len());
    next.into_iter().filter(|p| !seen.contains(p)).take(room).collect()
}

/// The candidates that meet every target and that no other such candidate beats in both the
/// objective and `second` (by their means), ordered by the objective.
fn pareto_front(spec: &OptimiseSpec, cands: &[Candidate], second: &Objective) -> Vec<usize> {
    let meets: Vec<usize> = (0..cands.len()).filter(|&i| cands[i].standing == Standing::Meets).collect();
    let value = |i: usize, o: &Objective| spec.oriented(o, &cands[i].estimates[o.figure]).0;
    let mut front: Vec<usize> = meets
        .iter()
        .copied()
        .filter(|&i| {
            let (a, b) = (value(i, &spec.objective), value(i, second));
            a.is_finite()
                && b.is_finite()
                && !meets.iter().any(|&j| {
                    let (c, d) = (value(j, &spec.objective), value(j, second));
                    j != i && c <= a && d <= b && (c < a || d < b)
                })
        })
        .collect();
    front.sort_by(|&x, &y| value(x, &spec.objective).total_cmp(&value(y, &spec.objective)).then(x.cmp(&y)));
    front
}

/// The probability that the true mean lies on the target's side, given the replications
/// (Student's t around the mean; 1 or 0 without spread).
pub fn probability_of_meeting(t: &Target, e: &FigureEstimate) -> Option<f64> {
    let n = e.replications as f64;
    let (mean, low) = (e.estimate.mean, e.estimate.ci95_low?);
    let t95 = crate::stats::estimate::student_t_quantile(0.975, n - 1.0);
    let se = (mean - low) / t95;
    let margin = match t.bound {
        Bound::AtMost => t.value - mean,
        Bound::AtLeast => mean - t.value,
    };
    if se <= 0.0 {
        return Some(if margin >= 0.0 { 1.0 } else { 0.0 });
    }
    Some(crate::stats::estimate::student_t_cdf(margin / se, n - 1.0))
}

/// The `[optimise]` section of a scenario, as written (the command line adds to it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptimiseSection {
    pub levers: Vec<super::grid::Param>,
    /// ("minimise" or "maximise", figure name).
    pub objective: Option<(String, String)>,
    pub targets: Vec<String>,
    pub front: Option<String>,
    pub first_stage: Option<u32>,
    pub max_replications: Option<u32>,
    pub indifference: Option<f64>,
}

/// Reads `[optimise]`; every problem names its key.
pub fn read_section(document: &toml::Table) -> Result<OptimiseSection, String> {
    use toml::Value;
    let Some(section) = document.get("optimise") else {
        return Ok(OptimiseSection::default());
    };
    let Value::Table(section) = section else {
        return Err("optimise: expected a table with levers = [...]".into());
    };
    let mut out = OptimiseSection::default();
    let count = |key: &str, v: &Value| match v {
        Value::Integer(n) if (1..=1_000_000).contains(n) => Ok(*n as u32),
        other => Err(format!("optimise.{key} = {other}: expected an integer from 1 to 1000000")),
    };
    for (key, value) in section {
        match key.as_str() {
            "levers" => {
                let items = value.as_array().ok_or(format!("optimise.levers = {value}: expected an array"))?;
                for (i, item) in items.iter().enumerate() {
                    out.levers
                        .push(super::grid::read_section_param(item).map_err(|e| format!("optimise.levers[{i}]: {e}"))?);
                }
            }
            "minimise" | "maximise" => {
                let name = value.as_str().ok_or(format!("optimise.{key} = {value}: expected a figure name"))?;
                if out.objective.is_some() {
                    return Err("optimise: give either minimise or maximise, not both".into());
                }
                out.objective = Some((key.clone(), name.to_string()));
            }
            "targets" => {
                let items = value.as_array().ok_or(format!("optimise.targets = {value}: expected an array of strings"))?;
                for (i, item) in items.iter().enumerate() {
                    let text = item.as_str().ok_or(format!(
                        "optimise.targets[{i}] = {item}: expected a string \"FIGURE <= VALUE\" or \"FIGURE >= VALUE\""
                    ))?;
                    out.targets.push(text.to_string());
                }
            }
            "front" => {
                out.front =
                    Some(value.as_str().ok_or(format!("optimise.front = {value}: expected a figure name"))?.to_string())
            }
            "first_stage" => out.first_stage = Some(count(key, value)?),
            "max_replications" => out.max_replications = Some(count(key, value)?),
            "indifference" => {
                let d = value.as_float().or_else(|| value.as_integer().map(|n| n as f64));
                match d {
                    Some(d) if d.is_finite() && d >= 0.0 => out.indifference = Some(d),
                    _ => return Err(format!("optimise.indifference = {value}: expected a number >= 0 in the objective's unit")),
                }
            }
            other => {
                return Err(format!(
                    "optimise.{other}: unknown key; expected levers, minimise or maximise, targets, front, first_stage, max_replications or indifference"
                ))
            }
        }
    }
    Ok(out)
}
