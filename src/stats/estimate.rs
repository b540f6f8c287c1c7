//! Statistics across independent replications: running moments, confidence
//! intervals based on Student's t, time-weighted averages and sample quantiles.
//!
//! Everything here is self-contained (no statistics crate) so the numerical
//! behaviour is fully under our control and reproducible.

use std::f64::consts::PI;

/// Running mean and variance (Welford), numerically stable, mergeable.
///
/// Welford's update avoids the catastrophic cancellation of the naive
/// `sum(x^2) - n * mean^2` formula, which matters for long runs of waiting
/// times with a large mean and small spread.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OnlineStats {
    count: u64,
    mean: f64,
    /// Sum of squared deviations from the current mean.
    m2: f64,
}

impl OnlineStats {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Combines two partial accumulators (Chan et al.), so replications run in
    /// parallel can be summarised without keeping every observation.
    pub fn merge(&mut self, other: &OnlineStats) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *other;
            return;
        }
        let (n_a, n_b) = (self.count as f64, other.count as f64);
        let n = n_a + n_b;
        let delta = other.mean - self.mean;
        self.mean += delta * n_b / n;
        self.m2 += other.m2 + delta * delta * n_a * n_b / n;
        self.count += other.count;
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Sample mean; NaN when empty so an absent value cannot pass for zero.
    pub fn mean(&self) -> f64 {
        if self.count == 0 {
            f64::NAN
        } else {
            self.mean
        }
    }

    /// Sample variance with Bessel's correction (n - 1); NaN when `count < 2`.
    pub fn variance(&self) -> f64 {
        if self.count < 2 {
            f64::NAN
        } else {
            self.m2 / (self.count - 1) as f64
        }
    }

    pub fn std_dev(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Confidence interval for the mean at `level` (e.g. 0.95) using Student's t
    /// with n-1 degrees of freedom; None when `count < 2` or `level` is not in (0, 1).
    pub fn confidence_interval(&self, level: f64) -> Option<(f64, f64)> {
        self.half_width(level).map(|hw| (self.mean - hw, self.mean + hw))
    }

    /// Half-width of the confidence interval, `t_{(1+level)/2, n-1} * s / sqrt(n)`.
    pub fn half_width(&self, level: f64) -> Option<f64> {
        if self.count < 2 || !(level > 0.0 && level < 1.0) {
            return None;
        }
        let n = self.count as f64;
        let t = student_t_quantile(0.5 + 0.5 * level, n - 1.0);
        Some(t * self.std_dev() / n.sqrt())
    }
}

impl Extend<f64> for OnlineStats {
    fn extend<I: IntoIterator<Item = f64>>(&mut self, iter: I) {
        for x in iter {
            self.push(x);
        }
    }
}

impl FromIterator<f64> for OnlineStats {
    fn from_iter<I: IntoIterator<Item = f64>>(iter: I) -> Self {
        let mut stats = Self::new();
        stats.extend(iter);
        stats
    }
}

/// Mean with 95% confidence interval, as written to summary.json.
///
/// The bounds are `None` (serialised as `null`) when fewer than two samples
/// exist, because no honest interval can be given then.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Estimate {
    pub mean: f64,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
}

impl Estimate {
    pub fn from_samples(samples: &[f64]) -> Estimate {
        let stats: OnlineStats = samples.iter().copied().collect();
        let ci = stats.confidence_interval(0.95);
        Estimate { mean: stats.mean(), ci95_low: ci.map(|(low, _)| low), ci95_high: ci.map(|(_, high)| high) }
    }

    /// The estimate of a quantity that lies in [lo, hi], its interval clamped to that domain
    /// (a count's interval does not reach below 0, a share's not above 1); the mean unchanged.
    pub fn within(self, (lo, hi): (f64, f64)) -> Estimate {
        Estimate {
            mean: self.mean,
            ci95_low: self.ci95_low.map(|x| x.clamp(lo, hi)),
            ci95_high: self.ci95_high.map(|x| x.clamp(lo, hi)),
        }
    }

    /// Whether `x` lies inside the closed 95% interval. Without an interval the
    /// answer is `false`: a check against theory must not pass vacuously.
    pub fn contains(&self, x: f64) -> bool {
        match (self.ci95_low, self.ci95_high) {
            (Some(low), Some(high)) => low <= x && x <= high,
            _ => false,
        }
    }
}

/// Quantile of Student's t distribution: returns t such that P(T <= t) = p,
/// for df > 0 (non-integer allowed) and 0 < p < 1.
///
/// Closed forms are used for df = 1 and df = 2, a Cornish–Fisher expansion for
/// very large df (where it is exact to machine precision and the incomplete
/// beta would suffer from huge log-gamma cancellation), and otherwise Hill's
/// algorithm 396 as a starting point refined by safeguarded Newton iteration on
/// the exact CDF (regularised incomplete beta). Returns ±infinity for p = 0 or 1
/// and NaN for arguments outside the domain.
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || df.is_nan() || !(0.0..=1.0).contains(&p) || df <= 0.0 {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    // Work with the smaller tail probability: `1 - p` is exact for p >= 0.5,
    // and the upper tail can then be evaluated without cancellation.
    let (tail, sign) = if p < 0.5 { (p, -1.0) } else { (1.0 - p, 1.0) };
    let t = if df == 1.0 {
        1.0 / (PI * tail).tan()
    } else if df == 2.0 {
        (1.0 - 2.0 * tail) / (2.0 * tail * (1.0 - tail)).sqrt()
    } else if df > LARGE_DF {
        cornish_fisher_t(-normal_quantile(tail), df)
    } else {
        let start = if df > 1.0 {
            hill_initial_guess(tail, df)
        } else {
            // Heavier tails than Cauchy: the Cauchy quantile is a lower bound,
            // from which Newton on the convex tail converges monotonically.
            1.0 / (PI * tail).tan()
        };
        refine_t_quantile(tail, df, start)
    };
    sign * t
}

/// Above this many degrees of freedom the Cornish–Fisher series is used: its
/// truncation error is below 1e-15 there even at p = 1e-15, while log-gamma
/// cancellation in the beta route grows with df.
const LARGE_DF: f64 = 1e4;

/// Cornish–Fisher expansion of the t quantile around the normal quantile `z`;
/// the truncation error is O(df^-5).
fn cornish_fisher_t(z: f64, df: f64) -> f64 {
    let z2 = z * z;
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
}

/// Hill (1970), CACM algorithm 396: approximate positive t with upper tail
/// probability `tail`, valid for df > 1. Used only as a Newton starting point.
fn hill_initial_guess(tail: f64, df: f64) -> f64 {
    let p = 2.0 * tail; // two-sided probability
    let a = 1.0 / (df - 0.5);
    let b = 48.0 / (a * a);
    let mut c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
    let d = ((94.5 / (b + c) - 3.0) / b + 1.0) * (a * PI / 2.0).sqrt() * df;
    let mut y = (d * p).powf(2.0 / df);
    if y > 0.05 + a {
        // Asymptotic inverse expansion about the normal distribution.
        let x = normal_quantile(0.5 * p);
        y = x * x;
        if df < 5.0 {
            c += 0.3 * (df - 4.5) * (x + 0.6);
        }
        c += (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b;
        y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
        y = (a * y * y).exp_m1();
    } else {
        y = ((1.0 / (((df + 6.0) / (df * y) - 0.089 * d - 0.822) * (df + 2.0) * 3.0) + 0.5 / (df + 4.0)) * y - 1.0)
            * (df + 1.0)
            / (df + 2.0)
            + 1.0 / y;
    }
    (df * y).sqrt()
}

/// Solves `t_upper_tail(t, df) = tail` for t > 0 by Newton's method, falling back
/// to bisection/doubling whenever a step leaves the current bracket. The tail
/// is convex and decreasing for t > 0, so Newton converges quickly and safely.
fn refine_t_quantile(tail: f64, df: f64, start: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, f64::INFINITY);
    let mut t = if start.is_finite() && start > 0.0 { start } else { 1.0 };
    for _ in 0..200 {
        let excess = t_upper_tail(t, df) - tail;
        if excess == 0.0 {
            return t;
        }
        if excess > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let newton = t + excess / t_density(t, df);
        let next = if newton.is_finite() && newton > lo && newton < hi {
            newton
        } else if hi.is_finite() {
            0.5 * (lo + hi)
        } else {
            2.0 * t
        };
        if (next - t).abs() <= 4.0 * f64::EPSILON * t {
            return next;
        }
        t = next;
    }
    t
}

/// P(T <= t) of Student's t distribution with `df` degrees of freedom.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t >= 0.0 {
        1.0 - t_upper_tail(t, df)
    } else {
        t_upper_tail(-t, df)
    }
}

/// P(T > t) for t >= 0, via `0.5 * I_x(df/2, 1/2)` with `x = df / (df + t^2)`.
/// Both `x` and `1 - x` are formed directly to avoid cancellation and overflow.
fn t_upper_tail(t: f64, df: f64) -> f64 {
    let (x, y) = if t * t <= df {
        let u = t * t / df;
        (1.0 / (1.0 + u), u / (1.0 + u))
    } else {
        let r = (df.sqrt() / t).powi(2);
        (r / (1.0 + r), 1.0 / (1.0 + r))
    };
    0.5 * regularized_incomplete_beta(0.5 * df, 0.5, x, y)
}

/// Density of Student's t distribution.
fn t_density(t: f64, df: f64) -> f64 {
    let log_norm = ln_gamma(0.5 * (df + 1.0)) - ln_gamma(0.5 * df) - 0.5 * (df * PI).ln();
    (log_norm - 0.5 * (df + 1.0) * (t * t / df).ln_1p()).exp()
}

/// Regularised incomplete beta `I_x(a, b)`, given `x` and `y = 1 - x`
/// separately for precision. Continued fraction (modified Lentz), using the
/// symmetry `I_x(a, b) = 1 - I_y(b, a)` where it converges faster.
fn regularized_incomplete_beta(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    let ln_beta = ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
    let front = (a * x.ln() + b * y.ln() - ln_beta).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, y) / b
    }
}

fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const MAX_ITER: u32 = 10_000;
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_ITER {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// Natural log of the gamma function for x > 0 (Lanczos, g = 7, n = 9;
/// relative accuracy around 1e-15), with reflection below 0.5.
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return (PI / (PI * x).sin().abs()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let series = COEF[1..].iter().enumerate().fold(COEF[0], |acc, (i, &c)| acc + c / (x + (i + 1) as f64));
    let t = x + G + 0.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

/// Standard normal quantile: Acklam's rational approximation (relative error
/// below 1.15e-9) followed by one Halley step on an accurate CDF, which brings
/// it close to machine precision. ±infinity at 0 and 1, NaN outside [0, 1].
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    // Solve in the lower tail, where both p and the CDF keep full relative precision.
    let (tail, sign) = if p < 0.5 { (p, 1.0) } else { (1.0 - p, -1.0) };
    let x = acklam_lower(tail);
    let err = normal_cdf_lower(x) - tail;
    let u = err * (2.0 * PI).sqrt() * (0.5 * x * x).exp();
    sign * (x - u / (1.0 + 0.5 * x * u))
}

/// Acklam's approximation for 0 < p <= 0.5 (result <= 0).
fn acklam_lower(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] =
        [7.784_695_709_041_462e-3, 3.224_671_290_700_398e-1, 2.445_134_137_142_996, 3.754_408_661_907_416];
    const P_LOW: f64 = 0.02425;
    let poly = |coef: &[f64], x: f64| coef.iter().fold(0.0, |acc, &c| acc * x + c);
    if p < P_LOW {
        let q = (-2.0 * p.ln()).sqrt();
        poly(&C, q) / (poly(&D, q) * q + 1.0)
    } else {
        let q = p - 0.5;
        let r = q * q;
        poly(&A, r) * q / (poly(&B, r) * r + 1.0)
    }
}

/// Φ(x) for x <= 0 (used by the Halley step), as `Q(1/2, x^2/2) / 2` with the
/// regularised upper incomplete gamma Q.
fn normal_cdf_lower(x: f64) -> f64 {
    0.5 * regularized_gamma_upper(0.5, 0.5 * x * x)
}

/// Regularised upper incomplete gamma Q(a, x): power series for small x,
/// continued fraction (modified Lentz) otherwise.
fn regularized_gamma_upper(a: f64, x: f64) -> f64 {
    const MAX_ITER: u32 = 10_000;
    const TINY: f64 = 1e-300;
    if x <= 0.0 {
        return 1.0;
    }
    let log_front = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..MAX_ITER {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        1.0 - sum * log_front.exp()
    } else {
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..=MAX_ITER {
            let i = f64::from(i);
            let an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < 1e-16 {
                break;
            }
        }
        h * log_front.exp()
    }
}

/// Time-weighted average of a piecewise-constant quantity (e.g. a queue length),
/// recorded at change points. Area is accumulated lazily, so only changes cost work.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimeAverage {
    last_time: f64,
    last_value: f64,
    area: f64,
    start: f64,
}

impl TimeAverage {
    pub fn new(start_time: f64, initial_value: f64) -> Self {
        Self { last_time: start_time, last_value: initial_value, area: 0.0, start: start_time }
    }

    /// Records that the quantity changes to `new_value` at `time`, accumulating
    /// the area of the previous value up to `time`.
    pub fn update(&mut self, time: f64, new_value: f64) {
        debug_assert!(time >= self.last_time, "TimeAverage updated back in time");
        self.area = self.area_until(time);
        self.last_time = time;
        self.last_value = new_value;
    }

    /// Area from the start up to `time` (which must not precede the last update).
    pub fn area_until(&self, time: f64) -> f64 {
        self.area + self.last_value * (time - self.last_time)
    }

    /// Time average from the start up to `time`. For an empty window the
    /// current value is returned (the limit of the average) instead of 0/0.
    pub fn mean_until(&self, time: f64) -> f64 {
        let span = time - self.start;
        if span > 0.0 {
            self.area_until(time) / span
        } else {
            self.last_value
        }
    }

    /// Restarts averaging at `time`, keeping the current value; used to discard
    /// the warm-up period.
    pub fn reset(&mut self, time: f64) {
        self.area = 0.0;
        self.start = time;
        self.last_time = time;
    }
}

/// Sample quantile by linear interpolation (type 7, R's default) of an
/// unsorted slice; NaN for an empty slice or `q` outside [0, 1].
pub fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() || !(0.0..=1.0).contains(&q) {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_rel(actual: f64, expected: f64, tol: f64) {
        let rel = ((actual - expected) / expected).abs();
        assert!(rel <= tol, "actual {actual}, expected {expected}, rel err {rel:e}");
    }

    #[test]
    fn t_quantile_table_values() {
        let cases = [
            (1.0, 12.706_204_736_174_7),
            (2.0, 4.302_652_729_749_464),
            (5.0, 2.570_581_835_636_314),
            (10.0, 2.228_138_851_986_274),
            (30.0, 2.042_272_456_301_238),
            (100.0, 1.983_971_518_523_552),
        ];
        for (df, expected) in cases {
            assert_rel(student_t_quantile(0.975, df), expected, 1e-9);
            assert_rel(student_t_quantile(0.025, df), -expected, 1e-9);
        }
        assert_rel(student_t_quantile(0.995, 4.0), 4.604_094_871_349_992, 1e-9);
        assert_rel(student_t_quantile(0.975, 1e6), 1.959_966_356_814_107, 1e-12);
    }

    #[test]
    fn t_quantile_more_reference_values() {
        // Reference values computed with mpmath at 40 digits.
        let cases = [
            (0.9, 3.0, 1.637_744_353_696_21),
            (0.95, 7.0, 1.894_578_605_090_006),
            (0.999, 3.0, 10.214_531_852_407_38),
            (0.6, 20.0, 0.256_742_753_854_501_9),
            (0.975, 2.5, 3.574_654_842_003_682),
            (1e-6, 12.0, -8.504_302_718_054_583),
            (0.975, 200_000.0, 1.959_975_845_966_768),
            (0.975, 0.5, 164.557_673_480_488_2),
        ];
        for (p, df, expected) in cases {
            assert_rel(student_t_quantile(p, df), expected, 1e-8);
        }
    }

    #[test]
    fn t_quantile_round_trips_through_cdf() {
        for &df in &[0.3, 1.0, 1.5, 2.0, 3.0, 4.5, 9.0, 29.0, 250.0, 5e3, 9e3] {
            for &p in &[1e-12, 1e-6, 0.001, 0.025, 0.2, 0.45, 0.4999] {
                let t = student_t_quantile(p, df);
                assert!(t < 0.0);
                assert_rel(t_upper_tail(-t, df), p, 1e-10);
                // `1 - upper` is exact, unlike `1 - p` for tiny p.
                let upper = 1.0 - p;
                let mirrored = -student_t_quantile(1.0 - upper, df);
                assert_rel(student_t_quantile(upper, df), mirrored, 1e-12);
            }
        }
    }

    #[test]
    fn t_quantile_edge_cases() {
        assert_eq!(student_t_quantile(0.5, 7.0), 0.0);
        assert_eq!(student_t_quantile(0.0, 7.0), f64::NEG_INFINITY);
        assert_eq!(student_t_quantile(1.0, 7.0), f64::INFINITY);
        assert!(student_t_quantile(1.5, 7.0).is_nan());
        assert!(student_t_quantile(0.9, 0.0).is_nan());
        assert!(student_t_quantile(0.9, f64::NAN).is_nan());
        assert_rel(student_t_quantile(0.975, f64::INFINITY), 1.959_963_984_540_054, 1e-14);
    }

    #[test]
    fn normal_quantile_values() {
        assert_rel(normal_quantile(0.975), 1.959_963_984_540_054, 1e-12);
        assert_rel(normal_quantile(0.025), -1.959_963_984_540_054, 1e-12);
        assert_rel(normal_quantile(0.841_344_746_068_542_9), 1.0, 1e-12);
        assert_rel(normal_quantile(1e-10), -6.361_340_902_404_056, 1e-12);
        assert_rel(normal_quantile(0.999), 3.090_232_306_167_814, 1e-12);
        assert_rel(normal_quantile(0.6), 0.253_347_103_135_799_7, 1e-12);
        assert_eq!(normal_quantile(0.5), 0.0);
        assert!(normal_quantile(-0.1).is_nan());
    }

    #[test]
    fn acklam_alone_meets_its_stated_accuracy() {
        for i in 1..1000 {
            let p = f64::from(i) / 2000.0;
            let rough = acklam_lower(p);
            let exact = normal_quantile(p);
            if exact != 0.0 {
                assert_rel(rough, exact, 1.2e-9);
            }
        }
    }

    #[test]
    fn ln_gamma_values() {
        assert!(ln_gamma(1.0).abs() < 1e-14);
        assert!(ln_gamma(2.0).abs() < 1e-14);
        assert_rel(ln_gamma(0.5), 0.5 * PI.ln(), 1e-14);
        assert_rel(ln_gamma(10.0), 362_880.0_f64.ln(), 1e-14);
        assert_rel(ln_gamma(0.1), 2.252_712_651_734_206, 1e-13);
    }

    const DATA: [f64; 10] = [
        1_000_002.5,
        999_998.0,
        1_000_001.25,
        1_000_000.0,
        999_997.5,
        1_000_004.0,
        999_999.75,
        1_000_003.0,
        999_996.25,
        1_000_000.5,
    ];

    fn two_pass(data: &[f64]) -> (f64, f64) {
        let n = data.len() as f64;
        let mean = data.iter().sum::<f64>() / n;
        let ss: f64 = data.iter().map(|x| (x - mean).powi(2)).sum();
        (mean, ss / (n - 1.0))
    }

    #[test]
    fn welford_matches_two_pass() {
        let stats: OnlineStats = DATA.iter().copied().collect();
        let (mean, var) = two_pass(&DATA);
        assert_eq!(stats.count(), 10);
        assert_rel(stats.mean(), mean, 1e-15);
        assert_rel(stats.variance(), var, 1e-10);
        assert_rel(stats.std_dev(), var.sqrt(), 1e-10);
    }

    #[test]
    fn merge_equals_push_all() {
        let all: OnlineStats = DATA.iter().copied().collect();
        for split in 0..=DATA.len() {
            let mut left: OnlineStats = DATA[..split].iter().copied().collect();
            let right: OnlineStats = DATA[split..].iter().copied().collect();
            left.merge(&right);
            assert_eq!(left.count(), all.count());
            assert_rel(left.mean(), all.mean(), 1e-15);
            assert_rel(left.variance(), all.variance(), 1e-10);
        }
    }

    #[test]
    fn empty_and_single_sample() {
        let mut stats = OnlineStats::new();
        assert!(stats.mean().is_nan());
        assert!(stats.variance().is_nan());
        assert_eq!(stats.confidence_interval(0.95), None);
        stats.push(3.0);
        assert_eq!(stats.mean(), 3.0);
        assert!(stats.variance().is_nan());
        assert_eq!(stats.half_width(0.95), None);

        let clamped = Estimate::from_samples(&[0.0, 0.0, 3.0]).within((0.0, f64::INFINITY));
        assert_eq!((clamped.mean, clamped.ci95_low), (1.0, Some(0.0)));
        assert!(clamped.ci95_high.unwrap() > 3.0);
        let share = Estimate::from_samples(&[0.9, 1.0, 1.0]).within((0.0, 1.0));
        assert_eq!(share.ci95_high, Some(1.0));
        assert!(share.ci95_low.unwrap() < 0.95);
        let e = Estimate::from_samples(&[3.0]);
        assert_eq!(e.mean, 3.0);
        assert_eq!((e.ci95_low, e.ci95_high), (None, None));
        assert!(!e.contains(3.0));
        assert!(Estimate::from_samples(&[]).mean.is_nan());
    }

    #[test]
    fn confidence_interval_by_hand() {
        // Samples 2, 4, 4, 6: mean 4, s^2 = 8/3, s/sqrt(n) = sqrt(2/3),
        // t_{0.975, 3} = 3.1824463052837084.
        let samples = [2.0, 4.0, 4.0, 6.0];
        let hw = 3.182_446_305_283_708 * (2.0_f64 / 3.0).sqrt();
        let stats: OnlineStats = samples.iter().copied().collect();
        assert_rel(stats.variance(), 8.0 / 3.0, 1e-15);
        let (low, high) = stats.confidence_interval(0.95).expect("n >= 2");
        assert_rel(low, 4.0 - hw, 1e-12);
        assert_rel(high, 4.0 + hw, 1e-12);
        assert_eq!(stats.confidence_interval(1.0), None);

        let e = Estimate::from_samples(&samples);
        assert_eq!(e.mean, 4.0);
        assert_rel(e.ci95_low.expect("ci"), 4.0 - hw, 1e-12);
        assert_rel(e.ci95_high.expect("ci"), 4.0 + hw, 1e-12);
        assert!(e.contains(4.0 + hw * 0.999));
        assert!(e.contains(4.0 - hw * 0.999));
        assert!(!e.contains(4.0 + hw * 1.001));
    }

    #[test]
    fn time_average_by_hand() {
        // Value 2 on [0, 3), 5 on [3, 4), 0 on [4, 10): area 6 + 5 + 0 = 11.
        let mut avg = TimeAverage::new(0.0, 2.0);
        assert_eq!(avg.mean_until(0.0), 2.0);
        avg.update(3.0, 5.0);
        avg.update(4.0, 0.0);
        assert_eq!(avg.area_until(10.0), 11.0);
        assert_eq!(avg.mean_until(10.0), 1.1);
        assert_eq!(avg.area_until(4.0), 11.0);

        // After a reset at t = 5 with value 0: 0 on [5, 6), 4 on [6, 8) -> 8 / 3.
        avg.reset(5.0);
        avg.update(6.0, 4.0);
        assert_eq!(avg.area_until(8.0), 8.0);
        assert_rel(avg.mean_until(8.0), 8.0 / 3.0, 1e-15);

        // Reset keeps the current value.
        avg.reset(8.0);
        assert_eq!(avg.mean_until(9.0), 4.0);
    }

    #[test]
    fn quantile_type7() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
        assert_eq!(quantile(&[4.0, 1.0, 3.0, 2.0], 0.5), 2.5);
        assert_eq!(quantile(&[4.0, 1.0, 3.0, 2.0], 0.0), 1.0);
        assert_eq!(quantile(&[4.0, 1.0, 3.0, 2.0], 1.0), 4.0);
        // R: quantile(1:10, 0.9) = 9.1
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_rel(quantile(&v, 0.9), 9.1, 1e-15);
        assert_eq!(quantile(&[7.0], 0.3), 7.0);
        assert!(quantile(&[], 0.5).is_nan());
        assert!(quantile(&[1.0], 1.5).is_nan());
    }
}
