//! Closed-form steady-state results for simple queues, used as test oracles for
//! the simulator: with matching assumptions, simulated averages must agree with
//! these within their confidence intervals.
//!
//! Unstable systems (utilisation >= 1) have no steady state; means are then
//! reported as `f64::INFINITY` and waiting probabilities as 1 instead of panicking.

/// M/M/c (Erlang C). `lambda` = arrival rate, `mu` = service rate per server
/// (same time unit), `c` servers; steady state requires `lambda < c * mu`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MMc {
    pub lambda: f64,
    pub mu: f64,
    pub c: u32,
}

impl MMc {
    /// Server utilisation rho = lambda / (c mu).
    pub fn utilisation(&self) -> f64 {
        self.lambda / (f64::from(self.c) * self.mu)
    }

    fn is_stable(&self) -> bool {
        self.utilisation() < 1.0
    }

    /// Erlang C: probability that an arrival has to wait.
    ///
    /// Computed through the Erlang B recursion `B_k = A B_{k-1} / (k + A B_{k-1})`
    /// (A = lambda/mu), which stays in [0, 1] and never forms `A^c / c!`, so it
    /// does not overflow for hundreds of servers; then `C = B / (1 - rho (1 - B))`.
    pub fn prob_wait(&self) -> f64 {
        if !self.is_stable() {
            return 1.0;
        }
        let offered = self.lambda / self.mu;
        let erlang_b = (1..=self.c).fold(1.0, |b, k| {
            let ab = offered * b;
            ab / (f64::from(k) + ab)
        });
        let rho = self.utilisation();
        erlang_b / (1.0 - rho * (1.0 - erlang_b))
    }

    /// Mean waiting time in queue, Wq = C / (c mu - lambda).
    pub fn mean_wait(&self) -> f64 {
        if !self.is_stable() {
            return f64::INFINITY;
        }
        self.prob_wait() / self.drain_rate()
    }

    /// Mean number waiting, Lq = lambda Wq (Little's law).
    pub fn mean_queue_length(&self) -> f64 {
        self.lambda * self.mean_wait()
    }

    /// Mean number in system, L = Lq + lambda / mu.
    pub fn mean_in_system(&self) -> f64 {
        self.mean_queue_length() + self.lambda / self.mu
    }

    /// Tail of the waiting time, P(Wq > t) = C exp(-(c mu - lambda) t); 1 for t < 0.
    pub fn wait_exceeds(&self, t: f64) -> f64 {
        if t < 0.0 || !self.is_stable() {
            return 1.0;
        }
        self.prob_wait() * (-self.drain_rate() * t).exp()
    }

    /// Rate at which the backlog shrinks while all servers are busy.
    fn drain_rate(&self) -> f64 {
        f64::from(self.c) * self.mu - self.lambda
    }
}

/// M/G/1 via Pollaczek–Khinchine: Poisson arrivals at rate `lambda`, general
/// service with mean `mean_service` and coefficient of variation `cv`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MG1 {
    pub lambda: f64,
    pub mean_service: f64,
    pub cv: f64,
}

impl MG1 {
    /// rho = lambda E(S).
    pub fn utilisation(&self) -> f64 {
        self.lambda * self.mean_service
    }

    /// Mean waiting time in queue, lambda E(S^2) / (2 (1 - rho)) with
    /// E(S^2) = s^2 (1 + cv^2): only the first two service moments matter.
    pub fn mean_wait(&self) -> f64 {
        let rho = self.utilisation();
        if rho >= 1.0 {
            return f64::INFINITY;
        }
        let second_moment = self.mean_service.powi(2) * (1.0 + self.cv.powi(2));
        self.lambda * second_moment / (2.0 * (1.0 - rho))
    }

    /// Mean number waiting, Lq = lambda Wq (Little's law).
    pub fn mean_queue_length(&self) -> f64 {
        self.lambda * self.mean_wait()
    }
}

/// M/M/c+M (Erlang A, Palm's model): Poisson arrivals at rate `lambda`, exponential service
/// at rate `mu` per server, `c` servers, and exponential patience at rate `theta`: a caller
/// still waiting when the patience runs out leaves. Stable for every load when `theta > 0`.
///
/// Computed from the birth-death chain of the number in system (birth `lambda`, death
/// `min(n, c) mu + (n - c)+ theta`), whose stationary probabilities an arrival sees (PASTA).
/// An arrival that finds `n >= c` takes place `k = n - c + 1` in the queue; until it is
/// served or leaves, each stage ends after an exponential time at rate `c mu + k' theta`
/// (k' its current place), with the outcome independent of the stage's length. So
/// P(served | k) = c mu / (c mu + k theta) (the product telescopes), and the wait of a served
/// arrival is the sum of the stage means `1 / (c mu + j theta)`, j = 1..k.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MMcM {
    pub lambda: f64,
    pub mu: f64,
    pub c: u32,
    pub theta: f64,
}

impl MMcM {
    /// The stationary distribution, cut where the weights fall (past the servers, with
    /// `theta > 0` or a stable load) and the tail is below 1e-17 of the mass.
    fn stationary(&self) -> Vec<f64> {
        let c = f64::from(self.c);
        let mut weights = vec![1.0_f64];
        let (mut n, mut w, mut total) = (0.0_f64, 1.0_f64, 1.0_f64);
        while weights.len() < 10_000_000 {
            n += 1.0;
            let ratio = self.lambda / (n.min(c) * self.mu + (n - c).max(0.0) * self.theta);
            w *= ratio;
            total += w;
            weights.push(w);
            if n > c && ratio < 1.0 && w < 1e-17 * total {
                break;
            }
        }
        weights.iter().map(|w| w / total).collect()
    }

    /// Probability that an arrival leaves before being served.
    pub fn prob_abandon(&self) -> f64 {
        let c = self.c as usize;
        let rate = f64::from(self.c) * self.mu;
        self.stationary()
            .iter()
            .enumerate()
            .skip(c)
            .map(|(n, p)| {
                let k = (n - c + 1) as f64;
                p * k * self.theta / (rate + k * self.theta)
            })
            .sum()
    }

    /// Mean wait of the arrivals who are served (those who left are not in it).
    pub fn mean_wait_served(&self) -> f64 {
        let c = self.c as usize;
        let rate = f64::from(self.c) * self.mu;
        let (mut served, mut waited) = (0.0, 0.0);
        let mut stage_means = 0.0;
        for (n, p) in self.stationary().iter().enumerate() {
            if n < c {
                served += p;
                continue;
            }
            let k = (n - c + 1) as f64;
            stage_means += 1.0 / (rate + k * self.theta);
            let p_served = rate / (rate + k * self.theta);
            served += p * p_served;
            waited += p * p_served * stage_means;
        }
        waited / served
    }

    /// Mean number waiting (not in service).
    pub fn mean_queue_length(&self) -> f64 {
        let c = self.c as usize;
        self.stationary().iter().enumerate().skip(c).map(|(n, p)| (n - c) as f64 * p).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// The office reference model: 0.2125 arrivals/min, 20 min service, 5 desks.
    const REFERENCE: MMc = MMc { lambda: 0.2125, mu: 1.0 / 20.0, c: 5 };

    #[test]
    fn reference_model() {
        let m = REFERENCE;
        assert!(close(m.utilisation(), 0.85, 1e-12));
        assert!(close(m.prob_wait(), 0.654_470, 1e-6), "{}", m.prob_wait());
        assert!(close(m.mean_wait(), 17.4525, 1e-4), "{}", m.mean_wait());
        assert!(close(m.mean_queue_length(), 0.2125 * m.mean_wait(), 1e-12));
        assert!(close(m.mean_in_system(), m.mean_queue_length() + 4.25, 1e-12));
        assert!(close(m.wait_exceeds(0.0), m.prob_wait(), 1e-15));
        assert!(close(m.wait_exceeds(10.0), m.prob_wait() * (-0.0375_f64 * 10.0).exp(), 1e-12));
        assert_eq!(m.wait_exceeds(-1.0), 1.0);
    }

    #[test]
    fn erlang_c_against_explicit_formula() {
        // C = (A^c / c!) / (1 - rho) / (sum_{k<c} A^k / k! + (A^c / c!) / (1 - rho)).
        let (a, c): (f64, i32) = (4.25, 5);
        let rho = a / f64::from(c);
        let terms: Vec<f64> = (0..=c)
            .scan(1.0, |term, k| {
                let current = *term;
                *term *= a / f64::from(k + 1);
                Some(current)
            })
            .collect();
        let top = terms[c as usize] / (1.0 - rho);
        let expected = top / (terms[..c as usize].iter().sum::<f64>() + top);
        assert!(close(REFERENCE.prob_wait(), expected, 1e-14));
    }

    #[test]
    fn mm1_special_case() {
        let m = MMc { lambda: 0.7, mu: 1.0, c: 1 };
        let rho = 0.7;
        assert!(close(m.prob_wait(), rho, 1e-15));
        assert!(close(m.mean_wait(), rho / (1.0 - 0.7), 1e-12));
        assert!(close(m.mean_in_system(), rho / (1.0 - rho), 1e-12));
    }

    #[test]
    fn single_server_erlang_c_is_rho() {
        for &rho in &[0.01, 0.3, 0.5, 0.9, 0.999] {
            let m = MMc { lambda: rho * 2.5, mu: 2.5, c: 1 };
            assert!(close(m.prob_wait(), rho, 1e-14));
        }
    }

    #[test]
    fn mg1_with_exponential_service_equals_mm1() {
        let (lambda, s) = (0.04, 20.0);
        let mg1 = MG1 { lambda, mean_service: s, cv: 1.0 };
        let mm1 = MMc { lambda, mu: 1.0 / s, c: 1 };
        assert!(close(mg1.utilisation(), mm1.utilisation(), 1e-15));
        assert!(close(mg1.mean_wait(), mm1.mean_wait(), 1e-10));
        assert!(close(mg1.mean_queue_length(), mm1.mean_queue_length(), 1e-12));
    }

    #[test]
    fn md1_waits_half_as_long_as_mm1() {
        let md1 = MG1 { lambda: 0.5, mean_service: 1.0, cv: 0.0 };
        let mm1 = MG1 { cv: 1.0, ..md1 };
        assert!(close(md1.mean_wait(), 0.5, 1e-15));
        assert!(close(2.0 * md1.mean_wait(), mm1.mean_wait(), 1e-15));
    }

    #[test]
    fn many_servers_stay_finite() {
        let c = 200;
        let mu = 0.1;
        let m = MMc { lambda: 0.95 * f64::from(c) * mu, mu, c };
        let p = m.prob_wait();
        assert!(p.is_finite() && (0.0..=1.0).contains(&p), "{p}");
        assert!(m.mean_wait().is_finite() && m.mean_wait() > 0.0);
        // Pooling: many servers at the same utilisation wait far less often than one.
        assert!(p < 0.95);
    }

    #[test]
    fn unstable_systems_do_not_panic() {
        let saturated = MMc { lambda: 0.25, mu: 0.05, c: 5 };
        assert_eq!(saturated.utilisation(), 1.0);
        assert_eq!(saturated.prob_wait(), 1.0);
        assert_eq!(saturated.mean_wait(), f64::INFINITY);
        assert_eq!(saturated.mean_queue_length(), f64::INFINITY);
        assert_eq!(saturated.mean_in_system(), f64::INFINITY);
        assert_eq!(saturated.wait_exceeds(100.0), 1.0);

        let no_servers = MMc { c: 0, ..REFERENCE };
        assert_eq!(no_servers.mean_wait(), f64::INFINITY);

        let mg1 = MG1 { lambda: 0.06, mean_service: 20.0, cv: 0.5 };
        assert_eq!(mg1.mean_wait(), f64::INFINITY);
        assert_eq!(mg1.mean_queue_length(), f64::INFINITY);
    }

    #[test]
    fn empty_system_never_waits() {
        let idle = MMc { lambda: 0.0, ..REFERENCE };
        assert_eq!(idle.prob_wait(), 0.0);
        assert_eq!(idle.mean_wait(), 0.0);
        assert_eq!(idle.mean_in_system(), 0.0);
    }

    #[test]
    fn erlang_a_abandonment_is_theta_times_the_queue_over_lambda() {
        // Every waiting caller leaves at rate theta: abandonments per unit time are theta Lq.
        for m in [
            MMcM { lambda: 1.0, mu: 0.25, c: 5, theta: 0.1 },
            MMcM { lambda: 2.0, mu: 0.25, c: 5, theta: 0.5 },
            MMcM { lambda: 0.3, mu: 1.0, c: 1, theta: 2.0 },
        ] {
            let by_queue = m.theta * m.mean_queue_length() / m.lambda;
            assert!(close(m.prob_abandon(), by_queue, 1e-12), "{m:?}: {} vs {by_queue}", m.prob_abandon());
        }
    }

    #[test]
    fn erlang_a_with_patience_as_long_as_service_is_an_infinite_server_queue() {
        // theta = mu: every customer leaves at rate mu whether served or waiting, so the
        // number in system is Poisson(lambda / mu), as in M/M/infinity.
        let m = MMcM { lambda: 3.0, mu: 1.0, c: 2, theta: 1.0 };
        let a: f64 = 3.0;
        let poisson = |n: i32| (-a).exp() * a.powi(n) / (1..=n).map(f64::from).product::<f64>();
        let queue: f64 = (3..60).map(|n| f64::from(n - 2) * poisson(n)).sum();
        assert!(close(m.mean_queue_length(), queue, 1e-12), "{} vs {queue}", m.mean_queue_length());
    }

    #[test]
    fn erlang_a_without_patience_approaches_erlang_c() {
        let c = MMc { lambda: 0.2125, mu: 0.05, c: 5 };
        let a = MMcM { lambda: 0.2125, mu: 0.05, c: 5, theta: 1e-9 };
        assert!(a.prob_abandon() < 1e-6);
        assert!(close(a.mean_wait_served(), c.mean_wait(), 1e-4), "{} vs {}", a.mean_wait_served(), c.mean_wait());
        assert!(close(a.mean_queue_length(), c.mean_queue_length(), 1e-5));
    }

    #[test]
    fn erlang_a_single_server_by_hand() {
        // M/M/1+M, lambda = 1, mu = 1, theta = 1: the death rate is n in every state above 0,
        // so the number in system is Poisson(1): p_n = e^-1 / n!. An arrival finding one in
        // service waits at place 1 (served with probability 1/2, mean stage 1/2), finding two
        // at place 2 (served with 1/3, stages 1/2 + 1/3), ...
        let m = MMcM { lambda: 1.0, mu: 1.0, c: 1, theta: 1.0 };
        let p = |n: i32| (-1.0_f64).exp() / (1..=n).map(f64::from).product::<f64>();
        let abandon: f64 = (1..40).map(|n| p(n) * f64::from(n) / f64::from(n + 1)).sum();
        assert!(close(m.prob_abandon(), abandon, 1e-12));
        let served: f64 = p(0) + (1..40).map(|n| p(n) / f64::from(n + 1)).sum::<f64>();
        let waited: f64 =
            (1..40).map(|n| p(n) / f64::from(n + 1) * (2..=n + 1).map(|j| 1.0 / f64::from(j)).sum::<f64>()).sum();
        assert!(close(m.mean_wait_served(), waited / served, 1e-12));
        assert!(close(served + abandon, 1.0, 1e-12));
    }
}
