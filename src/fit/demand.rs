//! Weekly demand per case type from the bookings: the mean rate with a Poisson interval, a
//! linear trend from the weekly counts where the data cover half a year, and month factors
//! where they cover a year.

use super::intervals::{poisson_rate, Interval, LineFit};
use super::log_reader::LogRow;
use super::Period;
use crate::scenario::RateModulation;
use crate::stats::AppointmentStatus;
use chrono::{Datelike, Weekday};

/// Weeks of data needed before a trend is estimated.
pub const MIN_TREND_WEEKS: u32 = 26;
/// Days of data needed before month factors are estimated.
pub const MIN_SEASON_DAYS: i64 = 365;
/// Chi-square critical value with 11 degrees of freedom at alpha = 0.01: month factors are
/// written only when the months differ more than chance would make them.
const CHI2_11_DF_99: f64 = 24.725;

/// One booking per client: the rows with a final status. Rows of a client who books again
/// (turned away, cancelled by the office, unconfirmed) are followed by another row.
pub fn is_demand(status: AppointmentStatus) -> bool {
    matches!(
        status,
        AppointmentStatus::Attended
            | AppointmentStatus::NoShow
            | AppointmentStatus::Cancelled
            | AppointmentStatus::Booked
    )
}

#[derive(Debug, Clone, PartialEq)]
pub enum Trend {
    TooShort,
    /// Estimated, but its interval contains zero: not written.
    NotSignificant(Interval),
    Written(Interval),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Months {
    TooShort,
    NotSignificant { factors: Vec<Interval>, chi2: f64 },
    Written { factors: Vec<Interval>, chi2: f64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    /// Bookings per week at the start of the data (with a trend) or on average (without).
    pub per_week: Interval,
    /// The average over the whole period, also when a trend is written.
    pub mean_per_week: Interval,
    pub trend: Trend,
    pub months: Months,
    /// Share of bookings made on Saturdays and Sundays.
    pub weekend_share: f64,
}

/// Estimates the demand of one case type from its rows.
pub fn demand(rows: &[&LogRow], period: &Period, level: f64) -> Option<Demand> {
    let mut weekly = vec![0u64; period.weeks as usize];
    let mut by_day = vec![0u64; period.weeks as usize * 7];
    let mut weekend = 0u64;
    for r in rows.iter().filter(|r| is_demand(r.status)) {
        let day = (r.booked.date() - period.first).num_days();
        if day < 0 || day >= by_day.len() as i64 {
            continue;
        }
        by_day[day as usize] += 1;
        weekly[day as usize / 7] += 1;
        weekend += u64::from(matches!(r.booked.weekday(), Weekday::Sat | Weekday::Sun));
    }
    let total: u64 = weekly.iter().sum();
    let mean_per_week = poisson_rate(total, f64::from(period.weeks), level)?;
    let (per_week, trend) = trend(&weekly, period.weeks, total, mean_per_week, level);
    let months = months(&by_day, period, &per_week, &trend, level);
    let weekend_share = if total > 0 { weekend as f64 / total as f64 } else { 0.0 };
    Some(Demand { per_week, mean_per_week, trend, months, weekend_share })
}

/// The weekly counts regressed on time in years; the trend is relative to the start.
fn trend(weekly: &[u64], weeks: u32, total: u64, mean: Interval, level: f64) -> (Interval, Trend) {
    if weeks < MIN_TREND_WEEKS {
        return (mean, Trend::TooShort);
    }
    let xs: Vec<f64> = (0..weekly.len()).map(|w| (w as f64 + 0.5) * 7.0 / 365.25).collect();
    let ys: Vec<f64> = weekly.iter().map(|&c| c as f64).collect();
    let Some(line) = LineFit::fit(&xs, &ys) else { return (mean, Trend::TooShort) };
    match line.relative_slope_interval(level, total) {
        Some(t) if t.excludes_zero() => (line.intercept_interval(level, total), Trend::Written(t)),
        Some(t) => (mean, Trend::NotSignificant(t)),
        None => (mean, Trend::TooShort),
    }
}

/// Observed bookings per calendar month against those the rate (and trend) expect.
fn months(by_day: &[u64], period: &Period, per_week: &Interval, trend: &Trend, level: f64) -> Months {
    if (by_day.len() as i64) < MIN_SEASON_DAYS {
        return Months::TooShort;
    }
    let slope = match trend {
        Trend::Written(t) => t.value,
        _ => 0.0,
    };
    let (mut observed, mut expected) = ([0u64; 12], [0f64; 12]);
    for (d, &count) in by_day.iter().enumerate() {
        let month = (period.first + chrono::Days::new(d as u64)).month0() as usize;
        let years = (d as f64 + 0.5) / 365.25;
        observed[month] += count;
        expected[month] += per_week.value / 7.0 * (1.0 + slope * years).max(0.0);
    }
    let factors: Vec<Interval> = (0..12)
        .map(|m| {
            let i = poisson_rate(observed[m], expected[m], level).unwrap_or(Interval {
                value: 1.0,
                low: 0.0,
                high: f64::INFINITY,
                n: 0,
            });
            Interval { n: observed[m], ..i }
        })
        .collect();
    let chi2: f64 =
        (0..12).filter(|&m| expected[m] > 0.0).map(|m| (observed[m] as f64 - expected[m]).powi(2) / expected[m]).sum();
    let valid = factors.iter().all(|f| f.value > 0.0 && f.value <= 100.0);
    if chi2 > CHI2_11_DF_99 && valid {
        Months::Written { factors, chi2 }
    } else {
        Months::NotSignificant { factors, chi2 }
    }
}

/// A trend as the scenario allows it.
pub fn clamp_trend(t: f64) -> f64 {
    let (lo, hi) = RateModulation::TREND_RANGE;
    t.clamp(lo, hi)
}
