//! The staffing search: the smallest head count of a group that meets a target with 95%
//! confidence.
//!
//! "FIGURE <= VALUE" is met when the upper bound of the figure's 95% interval is at most
//! VALUE; "FIGURE >= VALUE" when the lower bound is at least VALUE. Every candidate runs the
//! same replications (the same seeds: common random numbers), so the curve over head counts
//! is smooth and two neighbours differ by the staffing, not by chance. The search bisects
//! between a failing and a meeting head count; when it ends, the answer N meets the target
//! and N − 1 was evaluated and does not.

use super::{run_figures_observed, summarise_figures, FigureEstimate};
use crate::model::Plan;
use crate::scenario::{with_overrides, LoadedScenario, Override, Scenario, ScenarioError};
use crate::stats::{completed_only, figure_index, Subject};
use std::collections::BTreeMap;

/// Which side of the value the figure must be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    AtMost,
    AtLeast,
}

/// "FIGURE <= VALUE" or "FIGURE >= VALUE"; FIGURE may be `FIGURE[NAME]`, a case type's or
/// team's (`stats::breakdown`).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Index into a replication's figures (the office's, then each subject's).
    pub figure: usize,
    /// The figure's name as given (`FIGURE` or `FIGURE[NAME]`).
    pub name: String,
    pub bound: Bound,
    pub value: f64,
}

impl Target {
    /// Parses the target text against the scenario's case types and teams; the message lists
    /// what exists when the name is unknown.
    pub fn parse(text: &str, subjects: &[Subject]) -> Result<Target, String> {
        let (at, bound, len) = match (text.find("<="), text.find(">=")) {
            (Some(i), None) => (i, Bound::AtMost, 2),
            (None, Some(i)) => (i, Bound::AtLeast, 2),
            _ => return Err(format!("\"{text}\": expected \"FIGURE <= VALUE\" or \"FIGURE >= VALUE\"")),
        };
        let name = text[..at].trim();
        let figure = crate::stats::breakdown::resolve(name, subjects)?;
        let (base, _) = crate::stats::breakdown::split_name(name);
        if let Some(instead) = completed_only(base) {
            return Err(format!(
                "\"{name}\" counts completed cases only: an office that decides or serves fewer looks better by it, so it cannot be a staffing target; use {instead}"
            ));
        }
        let raw = text[at + len..].trim();
        let value: f64 =
            raw.parse().ok().filter(|v: &f64| v.is_finite()).ok_or_else(|| format!("\"{raw}\": expected a number"))?;
        Ok(Target { figure, name: name.split_whitespace().collect(), bound, value })
    }

    /// Whether an estimate meets the target with 95% confidence (never without an interval).
    pub fn met_by(&self, e: &FigureEstimate) -> bool {
        match self.bound {
            Bound::AtMost => e.estimate.ci95_high.is_some_and(|hi| hi <= self.value),
            Bound::AtLeast => e.estimate.ci95_low.is_some_and(|lo| lo >= self.value),
        }
    }

    pub fn describe(&self) -> String {
        let op = if self.bound == Bound::AtMost { "<=" } else { ">=" };
        format!("{} {op} {}", self.name, self.value)
    }
}

/// One head count evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub head_count: u32,
    pub estimate: FigureEstimate,
    /// The target is met, and the office is not overloaded.
    pub meets: bool,
    /// The work waiting grows without bound at this head count (then it never meets).
    pub overloaded: bool,
    /// What the reader must know about this head count's results (`warnings::result_warnings`).
    pub warnings: Vec<super::warnings::Warning>,
    /// What the office costs a year at this head count (`cost_per_year`).
    pub cost_per_year: crate::stats::Estimate,
}

/// An office whose waiting work (walk-in queue and undecided applications) grows without
/// bound: the 95% interval of its growth per week lies above 0, and the growth is material,
/// more than 1% of the office's work of a week (decisions, walk-in and booked services), so
/// that a slight drift from the seasons over one year does not count. `weeks` is the length
/// of the counted run. Its figures describe a run length, not a state of the office.
pub fn overloaded(estimates: &[FigureEstimate], weeks: f64) -> bool {
    overload(estimates, weeks) == Overload::Overloaded
}

/// What the replications tell about an office's load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Overload {
    /// The waiting work surely grows, and materially (`overloaded`).
    Overloaded,
    /// Its growth is surely immaterial: the interval's upper end at most 1% of a week's work.
    Stable,
    /// Neither is established at these replications. A few replications of a near-critical
    /// office (some replications pile up work, others do not) give a wide interval: such an
    /// office is not thereby "not overloaded".
    Open,
}

/// Whether the office is overloaded, stable, or not yet known to be either (`overloaded`).
pub fn overload(estimates: &[FigureEstimate], weeks: f64) -> Overload {
    let mean = |name: &str| figure_index(name).map_or(0.0, |i| estimates[i].estimate.mean).max(0.0);
    let Some(growth) = figure_index("waiting_work_growth_per_week").map(|i| estimates[i].estimate) else {
        return Overload::Stable;
    };
    let material = 0.01 * (mean("decisions") + mean("walkin_served") + mean("appointments_served")) / weeks.max(1.0);
    if growth.ci95_low.is_some_and(|low| low > 0.0) && growth.mean > material {
        Overload::Overloaded
    } else if growth.ci95_high.is_some_and(|high| high <= material) {
        Overload::Stable
    } else {
        Overload::Open
    }
}

/// The answer and the evaluated curve (sorted by head count).
#[derive(Debug, Clone, PartialEq)]
pub struct StaffingResult {
    /// The smallest head count in [min, max] found to meet the target; None when even max
    /// does not.
    pub answer: Option<u32>,
    pub curve: Vec<Evaluation>,
}

impl StaffingResult {
    /// Whether the evaluated curve moves the target's way as the head count grows (each
    /// head count's mean no worse than the one before); a curve that does not is a reason to
    /// look at every point, not only the answer.
    pub fn is_monotone(&self, target: &Target) -> bool {
        self.curve.windows(2).all(|w| {
            let (a, b) = (w[0].estimate.estimate.mean, w[1].estimate.estimate.mean);
            !a.is_finite()
                || !b.is_finite()
                || match target.bound {
                    Bound::AtMost => b <= a + 1e-9 * a.abs().max(1.0),
                    Bound::AtLeast => b >= a - 1e-9 * a.abs().max(1.0),
                }
        })
    }
}

/// The search's settings.
#[derive(Debug, Clone)]
pub struct StaffingSearch {
    pub group: usize,
    pub min: u32,
    pub max: u32,
    pub replications: u32,
    pub target: Target,
}

/// The group searched by default: the first with appointments work.
pub fn default_group(scenario: &Scenario) -> Option<usize> {
    scenario.staff.iter().position(|g| g.work.appointments)
}

/// The group's index by name, listing the names when it is unknown.
pub fn group_by_name(scenario: &Scenario, name: &str) -> Result<usize, String> {
    scenario.staff.iter().position(|g| g.name == name).ok_or_else(|| {
        let names: Vec<&str> = scenario.staff.iter().map(|g| g.name.as_str()).collect();
        format!("no staff group \"{name}\"; the groups are: {}", names.join(", "))
    })
}

/// The keys the search sets to the candidate number: `head_count`, or for a group given by
/// positions, `positions_fte` and `filled_fte` together (that many FTE, all positions filled).
pub fn lever_path(loaded: &LoadedScenario, group: usize) -> Result<Vec<String>, String> {
    let table = loaded.document.get("staff").and_then(|s| s.as_array()).and_then(|a| a.get(group));
    match table {
        Some(t) if t.get("head_count").is_some() => Ok(vec![format!("staff[{group}].head_count")]),
        Some(t) if t.get("positions_fte").is_some() => {
            Ok(vec![format!("staff[{group}].positions_fte"), format!("staff[{group}].filled_fte")])
        }
        _ => Err(format!("staff[{group}] has neither head_count nor positions_fte")),
    }
}

/// At most how many head counts the search evaluates: both ends, then a bisection.
pub fn max_evaluations(settings: &StaffingSearch) -> u32 {
    match settings.max.saturating_sub(settings.min) {
        0 => 1,
        1 => 2,
        // Each bisection step halves the gap: ceil(log2(span)) steps.
        span => 2 + (u32::BITS - (span - 1).leading_zeros()),
    }
}

/// Runs the search. `on_eval` sees each evaluation as it finishes (for progress output).
pub fn search(
    loaded: &LoadedScenario,
    settings: &StaffingSearch,
    on_eval: impl FnMut(&Evaluation),
) -> Result<StaffingResult, ScenarioError> {
    search_observed(loaded, settings, on_eval, &|| {})
}

/// As `search`; `replication_done` is called as each replication finishes (for a progress bar).
pub fn search_observed(
    loaded: &LoadedScenario,
    settings: &StaffingSearch,
    mut on_eval: impl FnMut(&Evaluation),
    replication_done: &(dyn Fn() + Sync),
) -> Result<StaffingResult, ScenarioError> {
    let paths = lever_path(loaded, settings.group).map_err(|message| ScenarioError::Override {
        file: loaded.file.display().to_string(),
        text: "--group".into(),
        message,
    })?;
    let mut curve: BTreeMap<u32, Evaluation> = BTreeMap::new();
    let mut evaluate = |n: u32| -> Result<bool, ScenarioError> {
        if let Some(e) = curve.get(&n) {
            return Ok(e.meets);
        }
        let overrides: Vec<Override> = paths
            .iter()
            .map(|path| {
                let value = if path.ends_with("_fte") {
                    toml::Value::Float(f64::from(n))
                } else {
                    toml::Value::Integer(i64::from(n))
                };
                Override { path: path.clone(), value }
            })
            .collect();
        let plan = Plan::new(with_overrides(loaded, &overrides)?.scenario);
        let figures = run_figures_observed(&plan, 0..settings.replications, replication_done);
        let refs: Vec<&[f64]> = figures.iter().map(Vec::as_slice).collect();
        let estimates = summarise_figures(&refs);
        let estimate = estimates[settings.target.figure];
        let sim = &plan.scenario.simulation;
        let weeks = super::warnings::counted_weeks(sim);
        let overloaded = overloaded(&estimates, weeks);
        let warnings = super::warnings::result_warnings(&estimates, figures.len(), weeks);
        let meets = settings.target.met_by(&estimate) && !overloaded;
        let cost_per_year = figure_index("cost_per_year")
            .map_or(crate::stats::Estimate { mean: f64::NAN, ci95_low: None, ci95_high: None }, |i| {
                estimates[i].estimate
            });
        let e = Evaluation { head_count: n, estimate, meets, overloaded, warnings, cost_per_year };
        on_eval(&e);
        curve.insert(n, e);
        Ok(meets)
    };
    let (mut lo, mut hi) = (settings.min, settings.max.max(settings.min));
    let answer = if evaluate(lo)? {
        Some(lo)
    } else if !evaluate(hi)? {
        None
    } else {
        // Invariant: lo fails, hi meets.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if evaluate(mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    };
    Ok(StaffingResult { answer, curve: curve.into_values().collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_evaluates_at_most_both_ends_and_a_bisection() {
        let settings = |min, max| StaffingSearch {
            group: 0,
            min,
            max,
            replications: 2,
            target: Target::parse("backlog_end <= 1", &[]).unwrap(),
        };
        // 1..=1: one; 1..=2: both ends; 1..=3: one in the middle; 1..=21: 2 + ceil(log2 20) = 7.
        let counts: Vec<u32> = [(1, 1), (1, 2), (1, 3), (1, 5), (1, 21), (4, 36)]
            .iter()
            .map(|&(min, max)| max_evaluations(&settings(min, max)))
            .collect();
        assert_eq!(counts, vec![1, 2, 3, 4, 7, 7]);
    }

    #[test]
    fn parses_targets() {
        let t = Target::parse("portal_next_free_days_mean <= 14", &[]).unwrap();
        assert_eq!(
            (crate::stats::FIGURES[t.figure].name, t.bound, t.value),
            ("portal_next_free_days_mean", Bound::AtMost, 14.0)
        );
        // A team's figure resolves against the scenario's subjects.
        let team = crate::stats::Subject {
            name: "general_team".into(),
            kind: crate::stats::SubjectKind::Team,
            cases: vec![0],
            group: Some(0),
        };
        let t = Target::parse("portal_next_free_days_mean[general_team] <= 14", &[team]).unwrap();
        assert_eq!(t.name, "portal_next_free_days_mean[general_team]");
        assert!(t.figure > crate::stats::FIGURES.len());
        assert!(Target::parse("lapsed_person_days <= 3", &[]).unwrap_err().contains("expired_person_days"));
        let t = Target::parse("walkin_served>=2.5e3", &[]).unwrap();
        assert_eq!((t.bound, t.value), (Bound::AtLeast, 2500.0));
        assert!(Target::parse("walkin_served = 3", &[]).is_err());
        assert!(Target::parse("nonsense <= 3", &[]).unwrap_err().contains("figures are"));
        assert!(Target::parse("walkin_served <= x", &[]).is_err());
        let refused = Target::parse("walkin_wait_mean_min <= 30", &[]).unwrap_err();
        assert!(refused.contains("completed cases only") && refused.contains("walkin_sent_home_people"), "{refused}");
    }

    /// 52 weeks of 10,400 decisions: a week's work is 200, so growth above 2 a week matters.
    #[test]
    fn an_office_is_stable_only_when_its_growth_is_surely_immaterial() {
        let at = |name: &str| figure_index(name).unwrap();
        let (growth, decisions) = (at("waiting_work_growth_per_week"), at("decisions"));
        let load = |mean: f64, low: f64, high: f64| {
            let mut estimates = vec![
                FigureEstimate {
                    estimate: crate::stats::Estimate { mean: 0.0, ci95_low: Some(0.0), ci95_high: Some(0.0) },
                    replications: 5,
                };
                growth.max(decisions) + 1
            ];
            estimates[decisions].estimate.mean = 10_400.0;
            estimates[growth].estimate = crate::stats::Estimate { mean, ci95_low: Some(low), ci95_high: Some(high) };
            overload(&estimates, 52.0)
        };
        assert_eq!(load(5.0, 1.0, 9.0), Overload::Overloaded);
        assert_eq!(load(0.5, -1.0, 1.8), Overload::Stable);
        assert_eq!(load(-3.0, -5.0, -1.0), Overload::Stable);
        // Material on average but not surely growing (a near-critical office over few
        // replications): neither overloaded nor shown to be stable.
        assert_eq!(load(5.0, -1.0, 11.0), Overload::Open);
        // Surely growing, but by less than 1 % of the work on average: not overloaded, and
        // not shown to be immaterial either.
        assert_eq!(load(1.5, 0.5, 2.5), Overload::Open);
    }

    #[test]
    fn a_curve_that_turns_back_is_not_monotone() {
        let target = Target::parse("portal_next_free_days_mean <= 14", &[]).unwrap();
        let curve = |means: &[f64]| StaffingResult {
            answer: None,
            curve: means
                .iter()
                .enumerate()
                .map(|(i, &mean)| Evaluation {
                    head_count: i as u32 + 1,
                    estimate: FigureEstimate {
                        estimate: crate::stats::Estimate { mean, ci95_low: None, ci95_high: None },
                        replications: 2,
                    },
                    meets: false,
                    overloaded: false,
                    warnings: Vec::new(),
                    cost_per_year: crate::stats::Estimate { mean: 0.0, ci95_low: None, ci95_high: None },
                })
                .collect(),
        };
        assert!(curve(&[40.0, 30.0, 30.0, 12.0]).is_monotone(&target));
        assert!(!curve(&[40.0, 30.0, 31.0, 12.0]).is_monotone(&target));
        let at_least = Target::parse("walkin_served >= 100", &[]).unwrap();
        assert!(curve(&[10.0, 50.0, 120.0]).is_monotone(&at_least));
        assert!(!curve(&[10.0, 50.0, 40.0]).is_monotone(&at_least));
    }
}
