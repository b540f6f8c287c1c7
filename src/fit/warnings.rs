//! Problems in the data that would bias an estimate: what could not be read, impossible or
//! repeated rows, days on which attendance was evidently not recorded, gaps, weekend
//! appointments.

use super::log_reader::{Log, LogRow};
use crate::stats::AppointmentStatus;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// Line numbers shown per warning.
const SHOWN_LINES: usize = 5;
/// A gap without bookings at least this long is reported.
const GAP_DAYS: i64 = 14;
/// Family-wise error rate of the test for days with too many no-shows.
const DAY_TEST_ALPHA: f64 = 0.001;

fn lines(list: &[usize]) -> String {
    let shown: Vec<String> = list.iter().take(SHOWN_LINES).map(|l| l.to_string()).collect();
    let more = if list.len() > SHOWN_LINES { ", ..." } else { "" };
    format!("line{} {}{more}", if list.len() == 1 { "" } else { "s" }, shown.join(", "))
}

/// Adds a warning about the rows on `list` (nothing when it is empty); `text` gets their
/// count and line numbers.
fn flag(out: &mut Vec<String>, list: &[usize], text: impl FnOnce(usize, String) -> String) {
    if !list.is_empty() {
        out.push(text(list.len(), lines(list)));
    }
}

/// Line numbers of the rows that match.
fn lines_where(log: &Log, matches: impl Fn(&LogRow) -> bool) -> Vec<usize> {
    log.rows.iter().filter(|r| matches(r)).map(|r| r.line).collect()
}

pub fn data_warnings(log: &Log) -> Vec<String> {
    let mut out = Vec::new();
    flag(&mut out, &log.unreadable, |n, lines| {
        format!(
            "{n} of {} rows could not be read and were left out ({lines}): a date-time not in YYYY-MM-DD HH:MM or DD.MM.YYYY HH:MM, an empty case type or status",
            log.data_lines
        )
    });
    flag(&mut out, &log.duplicates, |n, lines| {
        format!("{n} rows repeat an earlier row exactly ({lines}); they are counted: with times to the minute two clients can look alike, but many such rows suggest exports that overlap")
    });
    flag(&mut out, &lines_where(log, |r| r.appointment < r.booked), |n, lines| {
        format!("{n} rows have an appointment before their booking time ({lines}): left out of the lead times")
    });
    let timed_no_shows = lines_where(log, |r| r.status == AppointmentStatus::NoShow && r.service.is_some());
    flag(&mut out, &timed_no_shows, |n, lines| {
        format!("{n} no-show rows have service times ({lines}): the visit took place but was recorded as a no-show, so the no-show rate is overstated")
    });
    out.extend(no_show_days(&log.rows));
    out.extend(gaps(&log.rows));
    let weekend = lines_where(log, |r| matches!(r.appointment.weekday(), Weekday::Sat | Weekday::Sun));
    flag(&mut out, &weekend, |n, lines| {
        format!("{n} appointments fall on a Saturday or Sunday ({lines}): Saturday openings (calendar.saturday_openings), or wrong dates?")
    });
    out
}

/// Days whose share of recorded no-shows is far above the rate of all other days: attendance
/// was probably not recorded that day. A one-sided binomial test per day, Bonferroni-corrected.
fn no_show_days(rows: &[LogRow]) -> Vec<String> {
    let mut days: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    for r in rows {
        let due =
            matches!(r.status, AppointmentStatus::Attended | AppointmentStatus::NoShow | AppointmentStatus::TurnedAway);
        if due {
            let e = days.entry(r.appointment.date()).or_default();
            e.0 += 1;
            e.1 += u64::from(r.status == AppointmentStatus::NoShow);
        }
    }
    let (n_all, k_all) = days.values().fold((0, 0), |a, d| (a.0 + d.0, a.1 + d.1));
    let alpha = DAY_TEST_ALPHA / days.len().max(1) as f64;
    let mut out = Vec::new();
    for (date, &(n, k)) in &days {
        // The rate of the other days, so that a bad day does not raise its own expectation.
        let (n_rest, k_rest) = (n_all - n, k_all - k);
        if n < 5 || n_rest == 0 {
            continue;
        }
        let p = (k_rest as f64 + 0.5) / (n_rest as f64 + 1.0);
        if binomial_upper_tail(k, n, p) < alpha {
            out.push(format!(
                "{date}: {k} of {n} appointments recorded as no-show, where {:.1} were expected (rate {:.1} % on the other days): attendance was probably not recorded that day; the no-show rate is overstated",
                p * n as f64,
                p * 100.0
            ));
        }
    }
    out
}

/// P(X >= k) for X ~ Binomial(n, p), summed in log space.
fn binomial_upper_tail(k: u64, n: u64, p: f64) -> f64 {
    let ln_choose = |n: u64, i: u64| -> f64 { (1..=i).map(|j| ((n - i + j) as f64).ln() - (j as f64).ln()).sum() };
    (k..=n).map(|i| (ln_choose(n, i) + i as f64 * p.ln() + (n - i) as f64 * (1.0 - p).ln()).exp()).sum::<f64>().min(1.0)
}

/// Stretches of two weeks or more without any booking inside the period.
fn gaps(rows: &[LogRow]) -> Vec<String> {
    let mut dates: Vec<NaiveDate> = rows.iter().map(|r| r.booked.date()).collect();
    dates.sort_unstable();
    dates.dedup();
    dates
        .windows(2)
        .filter(|w| (w[1] - w[0]).num_days() >= GAP_DAYS)
        .map(|w| {
            format!(
                "no bookings from {} to {} ({} days): data missing? The weekly demand counts those weeks as zero",
                w[0].succ_opt().unwrap_or(w[0]),
                w[1].pred_opt().unwrap_or(w[1]),
                (w[1] - w[0]).num_days() - 1
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_tail_matches_hand_values() {
        assert!((binomial_upper_tail(0, 10, 0.3) - 1.0).abs() < 1e-12);
        assert!((binomial_upper_tail(10, 10, 0.5) - 0.5f64.powi(10)).abs() < 1e-15);
        // P(X >= 2), n = 3, p = 0.5: 4/8.
        assert!((binomial_upper_tail(2, 3, 0.5) - 0.5).abs() < 1e-12);
    }
}
