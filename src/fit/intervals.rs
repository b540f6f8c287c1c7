//! Confidence intervals of the fitted estimates: Wilson for shares, Byar for Poisson counts,
//! least squares for a trend, the percentile bootstrap for service times.

use crate::stats::estimate::{normal_quantile, student_t_quantile};

/// An estimate with its confidence interval and the number of observations behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub n: u64,
}

impl Interval {
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }

    /// The interval excludes zero.
    pub fn excludes_zero(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }
}

/// Two-sided normal quantile of a confidence level (1.96 for 0.95).
fn z(level: f64) -> f64 {
    normal_quantile(0.5 + level / 2.0)
}

/// Wilson score interval of `k` successes in `n` trials.
pub fn wilson(k: u64, n: u64, level: f64) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    let (k, nf, z) = (k as f64, n as f64, z(level));
    let p = k / nf;
    let centre = (p + z * z / (2.0 * nf)) / (1.0 + z * z / nf);
    let half = z / (1.0 + z * z / nf) * (p * (1.0 - p) / nf + z * z / (4.0 * nf * nf)).sqrt();
    Some(Interval { value: p, low: (centre - half).max(0.0), high: (centre + half).min(1.0), n })
}

/// Rate per unit of `exposure` from a Poisson count, with Byar's interval for the count.
pub fn poisson_rate(count: u64, exposure: f64, level: f64) -> Option<Interval> {
    if exposure <= 0.0 {
        return None;
    }
    let (c, z) = (count as f64, z(level));
    let low = if count == 0 { 0.0 } else { c * (1.0 - 1.0 / (9.0 * c) - z / (3.0 * c.sqrt())).powi(3) };
    let c1 = c + 1.0;
    let high = c1 * (1.0 - 1.0 / (9.0 * c1) + z / (3.0 * c1.sqrt())).powi(3);
    Some(Interval { value: c / exposure, low: low / exposure, high: high / exposure, n: count })
}

/// A straight line fitted by least squares, with the covariance of its coefficients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFit {
    pub intercept: f64,
    pub slope: f64,
    pub var_intercept: f64,
    pub var_slope: f64,
    pub cov: f64,
    /// Residual degrees of freedom.
    pub df: f64,
}

impl LineFit {
    /// Least squares of `ys` on `xs` (at least three points with different x).
    pub fn fit(xs: &[f64], ys: &[f64]) -> Option<LineFit> {
        let n = xs.len() as f64;
        if xs.len() < 3 || xs.len() != ys.len() {
            return None;
        }
        let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
        let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
        if sxx <= 0.0 {
            return None;
        }
        let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
        let slope = sxy / sxx;
        let intercept = my - slope * mx;
        let rss: f64 = xs.iter().zip(ys).map(|(x, y)| (y - intercept - slope * x).powi(2)).sum();
        let s2 = rss / (n - 2.0);
        Some(LineFit {
            intercept,
            slope,
            var_intercept: s2 * (1.0 / n + mx * mx / sxx),
            var_slope: s2 / sxx,
            cov: -s2 * mx / sxx,
            df: n - 2.0,
        })
    }

    fn t(&self, level: f64) -> f64 {
        student_t_quantile(0.5 + level / 2.0, self.df)
    }

    /// The intercept (the value at x = 0) with its t interval.
    pub fn intercept_interval(&self, level: f64, n: u64) -> Interval {
        let half = self.t(level) * self.var_intercept.sqrt();
        Interval { value: self.intercept, low: self.intercept - half, high: self.intercept + half, n }
    }

    /// The slope relative to the intercept (a trend per unit of x) with a delta-method interval.
    pub fn relative_slope_interval(&self, level: f64, n: u64) -> Option<Interval> {
        let (a, b) = (self.intercept, self.slope);
        if a <= 0.0 {
            return None;
        }
        let r = b / a;
        let var = self.var_slope / (a * a) + r * r * self.var_intercept / (a * a) - 2.0 * r * self.cov / (a * a);
        let half = self.t(level) * var.max(0.0).sqrt();
        Some(Interval { value: r, low: r - half, high: r + half, n })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_and_byar_match_published_values() {
        // Wilson, 95%: 10 of 100 -> [0.0552, 0.1744] (Newcombe 1998).
        let w = wilson(10, 100, 0.95).unwrap();
        assert!((w.low - 0.0552).abs() < 5e-4 && (w.high - 0.1744).abs() < 5e-4, "{w:?}");
        // Exact Poisson 95% for 100 counts: [81.36, 121.63]; Byar is within 0.1.
        let p = poisson_rate(100, 1.0, 0.95).unwrap();
        assert!((p.low - 81.36).abs() < 0.1 && (p.high - 121.63).abs() < 0.1, "{p:?}");
    }

    #[test]
    fn a_line_through_exact_points_has_no_error() {
        let xs = [0.0, 1.0, 2.0, 3.0];
        let ys = [2.0, 3.0, 4.0, 5.0];
        let f = LineFit::fit(&xs, &ys).unwrap();
        assert!((f.intercept - 2.0).abs() < 1e-12 && (f.slope - 1.0).abs() < 1e-12 && f.var_slope.abs() < 1e-20);
        assert!((f.relative_slope_interval(0.95, 4).unwrap().value - 0.5).abs() < 1e-12);
    }
}
