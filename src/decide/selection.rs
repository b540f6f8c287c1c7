//! Selecting the best of a few systems with a guaranteed probability of correct selection:
//! the fully sequential procedure KN of Kim and Nelson (2001, ACM TOMACS 11(3), 251–273).
//!
//! Every system is observed `n0` times; the variance of each pair's *difference* is
//! estimated from those first observations (so common random numbers, which make the
//! differences less noisy, shorten the procedure); then one observation per surviving system
//! is added at a time and a system is eliminated as soon as its mean trails another's by more
//! than a triangular continuation region allows. When the best mean is at least `delta`
//! better than every other (the indifference zone), the survivor is the best with probability
//! at least `pcs`, for normally distributed observations. Means of replications of an office
//! over a year are close to normal; that is the assumption the guarantee rests on.
//!
//! The procedure is a state machine: [`KimNelson::wanted`] says which systems need which
//! observation next, [`KimNelson::observe`] takes them. A caller may simulate several
//! observations ahead (to keep every core busy): the elimination is replayed stage by stage,
//! so the decision and the count of observations it needed are those of the strictly
//! sequential procedure, whatever the batch size.

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Goal {
    Min,
    Max,
}

/// The settings of a selection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SelectionRule {
    /// The smallest difference worth detecting, in the figure's unit (> 0).
    pub delta: f64,
    /// The probability of correct selection to guarantee, in (1/k, 1).
    pub pcs: f64,
    /// First-stage observations per system (≥ 2; 10 or more recommended).
    pub first_stage: u32,
    pub goal: Goal,
}

/// Why a selection rule is refused.
pub fn check_rule(rule: &SelectionRule, systems: usize) -> Result<(), String> {
    if systems < 2 {
        return Err(format!("a selection needs at least two candidates, got {systems}"));
    }
    if !(rule.delta.is_finite() && rule.delta > 0.0) {
        return Err(format!("indifference zone {}: expected a positive number in the figure's unit", rule.delta));
    }
    let lowest = 1.0 / systems as f64;
    if !(rule.pcs > lowest && rule.pcs < 1.0) {
        return Err(format!(
            "probability of correct selection {}: expected more than 1/{systems} (a guess) and less than 1",
            rule.pcs
        ));
    }
    if rule.first_stage < 2 {
        return Err(format!("first stage {}: expected at least 2 replications per candidate", rule.first_stage));
    }
    Ok(())
}

/// The state of one selection.
#[derive(Debug, Clone)]
pub struct KimNelson {
    rule: SelectionRule,
    /// Observations per system, in replication order (CRN: observation r of every system
    /// comes from replication r).
    obs: Vec<Vec<f64>>,
    /// h² of the continuation region (from η and the first stage's degrees of freedom).
    h2: f64,
    /// Pairwise variances of the differences, from the first stage (row-major k × k).
    s2: Vec<f64>,
    /// The surviving systems after `stage` observations each.
    alive: Vec<usize>,
    /// Observations every surviving system had when the survivors were last decided.
    stage: u32,
    /// When each system was eliminated (the stage), None while it survives.
    eliminated_at: Vec<Option<u32>>,
}

impl KimNelson {
    pub fn new(rule: SelectionRule, systems: usize) -> Result<KimNelson, String> {
        check_rule(&rule, systems)?;
        let k = systems as f64;
        let alpha = 1.0 - rule.pcs;
        let n0 = f64::from(rule.first_stage);
        let eta = 0.5 * ((2.0 * alpha / (k - 1.0)).powf(-2.0 / (n0 - 1.0)) - 1.0);
        Ok(KimNelson {
            rule,
            obs: vec![Vec::new(); systems],
            h2: 2.0 * eta * (n0 - 1.0),
            s2: Vec::new(),
            alive: (0..systems).collect(),
            stage: 0,
            eliminated_at: vec![None; systems],
        })
    }

    /// The surviving systems (all of them before the first stage is complete).
    pub fn alive(&self) -> &[usize] {
        &self.alive
    }

    /// The chosen system, once one is left.
    pub fn chosen(&self) -> Option<usize> {
        (self.alive.len() == 1).then(|| self.alive[0])
    }

    /// The most observations per system the procedure can still need: where the continuation
    /// region of the survivors' noisiest pair closes (h²·S²/δ²). None before the first stage.
    pub fn most_needed(&self) -> Option<u32> {
        if self.s2.is_empty() {
            return None;
        }
        let k = self.obs.len();
        let d2 = self.rule.delta * self.rule.delta;
        let worst = (self.alive.iter())
            .flat_map(|&i| self.alive.iter().filter(move |&&l| l != i).map(move |&l| self.s2[i * k + l]))
            .fold(0.0f64, f64::max);
        Some((self.h2 * worst / d2).ceil().min(f64::from(u32::MAX)) as u32)
    }

    /// Observations every survivor has had screened so far.
    pub fn stage(&self) -> u32 {
        self.stage
    }

    /// The stage at which each system was eliminated (None for the survivors).
    pub fn eliminated_at(&self) -> &[Option<u32>] {
        &self.eliminated_at
    }

    /// Observations the sequential procedure has used so far, summed over systems.
    pub fn observations_used(&self) -> u64 {
        (0..self.obs.len()).map(|i| u64::from(self.eliminated_at[i].unwrap_or(self.stage))).sum()
    }

    /// Observations of system `i` so far (including any taken ahead of the procedure).
    pub fn observations(&self, i: usize) -> &[f64] {
        &self.obs[i]
    }

    /// The mean of system `i` over its first `n` observations.
    pub fn mean(&self, i: usize, n: u32) -> f64 {
        let n = (n as usize).min(self.obs[i].len());
        self.obs[i][..n].iter().sum::<f64>() / n as f64
    }

    /// The next stage's wants: (system, replication index) for every survivor that lacks its
    /// observation `stage` (all `first_stage` first ones at the start). Empty when done.
    pub fn wanted(&self, ahead: u32) -> Vec<(usize, u32)> {
        if self.chosen().is_some() {
            return Vec::new();
        }
        let until = self.stage.max(self.rule.first_stage - 1) + ahead.max(1);
        let until = if self.stage < self.rule.first_stage { until.max(self.rule.first_stage) } else { until };
        let mut out = Vec::new();
        for &i in &self.alive {
            for r in self.obs[i].len() as u32..until {
                out.push((i, r));
            }
        }
        out
    }

    /// Takes observations (each system's in replication order, continuing where it stood)
    /// and advances the procedure as far as they allow.
    pub fn observe(&mut self, values: &[(usize, u32, f64)]) {
        for &(i, r, x) in values {
            assert_eq!(self.obs[i].len() as u32, r, "observations of system {i} must come in replication order");
            self.obs[i].push(x);
        }
        while self.chosen().is_none() && self.alive.iter().all(|&i| self.obs[i].len() as u32 > self.stage) {
            self.stage += 1;
            if self.stage < self.rule.first_stage {
                continue;
            }
            if self.stage == self.rule.first_stage {
                self.estimate_variances();
            }
            self.screen();
        }
    }

    fn estimate_variances(&mut self) {
        let k = self.obs.len();
        let n0 = self.rule.first_stage as usize;
        self.s2 = vec![0.0; k * k];
        for i in 0..k {
            for l in 0..k {
                if i == l {
                    continue;
                }
                let d: Vec<f64> = (0..n0).map(|r| self.obs[i][r] - self.obs[l][r]).collect();
                let mean = d.iter().sum::<f64>() / n0 as f64;
                self.s2[i * k + l] = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n0 - 1) as f64;
            }
        }
    }

    /// One screening at the current stage: i survives if its mean is not beaten by any other
    /// survivor's by more than the continuation region's half-width W_il(r).
    fn screen(&mut self) {
        let k = self.obs.len();
        let r = f64::from(self.stage);
        let delta = self.rule.delta;
        let means: Vec<f64> = (0..k).map(|i| self.mean(i, self.stage)).collect();
        let better = |a: f64, b: f64| match self.rule.goal {
            Goal::Min => b - a,
            Goal::Max => a - b,
        };
        let survivors: Vec<usize> = self
            .alive
            .iter()
            .copied()
            .filter(|&i| {
                self.alive.iter().all(|&l| {
                    l == i || {
                        let w = (delta / (2.0 * r) * (self.h2 * self.s2[i * k + l] / (delta * delta) - r)).max(0.0);
                        // how much better i is than l (negative: worse)
                        better(means[i], means[l]) >= -w
                    }
                })
            })
            .collect();
        for &i in &self.alive {
            if !survivors.contains(&i) {
                self.eliminated_at[i] = Some(self.stage);
            }
        }
        // All eliminated at once can only happen through ties of NaN; keep the best mean then.
        self.alive = if survivors.is_empty() { vec![self.best_of_alive(&means)] } else { survivors };
    }

    fn best_of_alive(&self, means: &[f64]) -> usize {
        let key = |i: &usize| match self.rule.goal {
            Goal::Min => means[*i],
            Goal::Max => -means[*i],
        };
        *self.alive.iter().min_by(|a, b| key(a).total_cmp(&key(b))).expect("survivors")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(goal: Goal) -> SelectionRule {
        SelectionRule { delta: 1.0, pcs: 0.95, first_stage: 10, goal }
    }

    /// Feeds the procedure with `value(system, replication)` until it decides.
    fn run(kn: &mut KimNelson, ahead: u32, value: impl Fn(usize, u32) -> f64) {
        loop {
            let want = kn.wanted(ahead);
            if want.is_empty() {
                break;
            }
            let obs: Vec<(usize, u32, f64)> = want.iter().map(|&(i, r)| (i, r, value(i, r))).collect();
            kn.observe(&obs);
        }
    }

    #[test]
    fn eta_and_h2_follow_the_paper() {
        // k = 2, α = 0.05, n0 = 10: η = ½((0.1)^(−2/9) − 1), h² = 2η·9.
        let kn = KimNelson::new(rule(Goal::Min), 2).unwrap();
        let eta = 0.5 * (0.1f64.powf(-2.0 / 9.0) - 1.0);
        assert!((kn.h2 - 18.0 * eta).abs() < 1e-12);
    }

    #[test]
    fn a_clear_winner_is_chosen_after_the_first_stage() {
        // Noise-free differences: every pair's variance is zero, so W = 0 and the first
        // screening already keeps only the smallest.
        let mut kn = KimNelson::new(rule(Goal::Min), 3).unwrap();
        run(&mut kn, 1, |i, r| [5.0, 3.0, 4.0][i] + (r as f64).sin());
        assert_eq!(kn.chosen(), Some(1));
        assert_eq!(kn.observations_used(), 30);
        let mut kn = KimNelson::new(rule(Goal::Max), 3).unwrap();
        run(&mut kn, 1, |i, r| [5.0, 3.0, 4.0][i] + (r as f64).sin());
        assert_eq!(kn.chosen(), Some(0));
    }

    #[test]
    fn the_decision_does_not_depend_on_how_far_ahead_observations_are_taken() {
        let noise = |i: usize, r: u32| {
            use rand_distr::Distribution;
            let mut z = crate::rng::stream(7, u64::from(r), crate::rng::StreamKind::Design, i as u64, 0);
            let x: f64 = rand_distr::StandardNormal.sample(&mut z);
            x
        };
        let value = |i: usize, r: u32| [0.0, 0.4, 0.8, 1.5][i] + 2.0 * noise(i, r);
        let mut one = KimNelson::new(rule(Goal::Min), 4).unwrap();
        run(&mut one, 1, value);
        let mut many = KimNelson::new(rule(Goal::Min), 4).unwrap();
        run(&mut many, 7, value);
        assert!(one.chosen().is_some());
        assert_eq!(one.chosen(), many.chosen());
        assert_eq!(one.eliminated_at(), many.eliminated_at());
        assert_eq!(one.observations_used(), many.observations_used());
    }

    #[test]
    fn bad_rules_are_refused_with_the_reason() {
        let mut r = rule(Goal::Min);
        r.pcs = 0.4;
        assert!(KimNelson::new(r, 2).unwrap_err().contains("more than 1/2"));
        r.pcs = 0.95;
        r.delta = 0.0;
        assert!(KimNelson::new(r, 2).unwrap_err().contains("positive"));
        r.delta = 1.0;
        r.first_stage = 1;
        assert!(KimNelson::new(r, 2).unwrap_err().contains("at least 2"));
        assert!(KimNelson::new(rule(Goal::Min), 1).unwrap_err().contains("two candidates"));
    }
}
