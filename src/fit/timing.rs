//! Lead times (booking to appointment) and service times (start to end of a logged visit).
//!
//! Lead time is not a parameter of amtsim: it emerges from demand and the slots on offer, so
//! it is reported, not written. Service times are fitted as a lognormal by mean and cv, with
//! percentile-bootstrap intervals (fixed seed: the same log gives the same intervals).

use super::intervals::Interval;
use super::log_reader::LogRow;
use crate::stats::estimate::quantile;
use crate::stats::AppointmentStatus;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Bootstrap resamples for the service-time intervals.
const RESAMPLES: usize = 2000;
/// A lead time within this many days of the longest counts as "at the ceiling".
const CEILING_BAND_DAYS: f64 = 7.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeadTimes {
    pub mean_days: f64,
    pub median_days: f64,
    pub p90_days: f64,
    pub max_days: f64,
    /// Share of bookings within a week of the longest lead time.
    pub at_ceiling_share: f64,
    pub n: u64,
}

impl LeadTimes {
    /// Bookings pile up at the longest lead time: the portal was booked out to its horizon.
    pub fn booked_out(&self) -> bool {
        self.max_days >= 3.0 * CEILING_BAND_DAYS && self.at_ceiling_share >= 0.2
    }
}

pub fn lead_times(rows: &[&LogRow]) -> Option<LeadTimes> {
    let leads: Vec<f64> = rows
        .iter()
        .filter(|r| r.appointment >= r.booked)
        .map(|r| (r.appointment - r.booked).num_minutes() as f64 / 1440.0)
        .collect();
    if leads.is_empty() {
        return None;
    }
    let n = leads.len() as f64;
    let max_days = leads.iter().copied().fold(0.0, f64::max);
    let near = leads.iter().filter(|&&l| l >= max_days - CEILING_BAND_DAYS).count() as f64;
    Some(LeadTimes {
        mean_days: leads.iter().sum::<f64>() / n,
        median_days: quantile(&leads, 0.5),
        p90_days: quantile(&leads, 0.9),
        max_days,
        at_ceiling_share: near / n,
        n: leads.len() as u64,
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceFit {
    pub mean_min: Interval,
    pub cv: Interval,
}

/// Service minutes of the attended visits with both times, positive durations only.
pub fn service_minutes(rows: &[&LogRow]) -> Vec<f64> {
    rows.iter()
        .filter(|r| r.status == AppointmentStatus::Attended)
        .filter_map(|r| r.service)
        .map(|(s, e)| (e - s).num_minutes() as f64)
        .filter(|&m| m > 0.0)
        .collect()
}

fn mean_cv(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt() / mean)
}

pub fn service_fit(minutes: &[f64], level: f64) -> Option<ServiceFit> {
    if minutes.len() < 10 {
        return None;
    }
    let (mean, cv) = mean_cv(minutes);
    let mut rng = Pcg64Mcg::seed_from_u64(0x05EE_DF17);
    let mut resample = vec![0.0; minutes.len()];
    let (mut means, mut cvs) = (Vec::with_capacity(RESAMPLES), Vec::with_capacity(RESAMPLES));
    for _ in 0..RESAMPLES {
        for slot in resample.iter_mut() {
            *slot = minutes[rng.random_range(0..minutes.len())];
        }
        let (m, c) = mean_cv(&resample);
        means.push(m);
        cvs.push(c);
    }
    let tail = (1.0 - level) / 2.0;
    let n = minutes.len() as u64;
    let interval = |value: f64, draws: &[f64]| Interval {
        value,
        low: quantile(draws, tail),
        high: quantile(draws, 1.0 - tail),
        n,
    };
    Some(ServiceFit { mean_min: interval(mean, &means), cv: interval(cv, &cvs) })
}
