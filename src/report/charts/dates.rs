//! Date ticks for daily series: which days get a label, and what it says (month
//! abbreviations, days for short spans, in the chart's language). Dates come as ISO text; no
//! date library.

use std::ops::Range;

use super::frame::Scale;
use super::{ChartError, DailyAxis, Lang};

/// Parses `YYYY-MM-DD` into (year, month, day), checking the day against the month.
fn parse_date(s: &str) -> Option<(i64, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)? as u32, num(8..10)? as u32);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let len = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=len).contains(&d).then_some((y, m, d))
}

/// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The x axis of daily series: day indices, labelled with dates at month starts (every 1,
/// 2, 3, 6 or 12 months) or, for short spans, at days or Mondays; at most `max_ticks`.
pub(super) fn date_scale(days: &DailyAxis, max_ticks: usize, lang: Lang) -> Result<Scale, ChartError> {
    let n = days.dates.len();
    if n == 0 {
        return Err(ChartError::Empty { what: "dates".into() });
    }
    let dates = days
        .dates
        .iter()
        .enumerate()
        .map(|(index, s)| parse_date(s).ok_or_else(|| ChartError::InvalidDate { index, value: s.clone() }))
        .collect::<Result<Vec<_>, _>>()?;
    let (lo, hi) = if n == 1 { (-1.0, 1.0) } else { (0.0, (n - 1) as f64) };
    let max_ticks = max_ticks.max(2);
    let month_starts: Vec<usize> = (0..n).filter(|&i| dates[i].2 == 1).collect();
    let mut ticks = Vec::new();
    if month_starts.len() >= 2 {
        for every in [1u32, 2, 3, 6, 12, 24, 60, 120] {
            let keep = |&&i: &&usize| {
                let (y, m, _) = dates[i];
                if every <= 12 {
                    (m - 1) % every == 0
                } else {
                    m == 1 && y.rem_euclid(i64::from(every / 12)) == 0
                }
            };
            let chosen: Vec<usize> = month_starts.iter().filter(keep).copied().collect();
            if chosen.len() <= max_ticks || every == 120 {
                for (k, &i) in chosen.iter().enumerate() {
                    let (y, m, _) = dates[i];
                    let label = match (every >= 12, k == 0 || m == 1) {
                        (true, _) => y.to_string(),
                        (false, true) => format!("{} {y}", lang.month(m)),
                        (false, false) => lang.month(m).to_string(),
                    };
                    ticks.push((i as f64, label));
                }
                break;
            }
        }
    } else {
        let monday = |i: usize| {
            let (y, m, d) = dates[i];
            (days_from_civil(y, m, d) + 3).rem_euclid(7) == 0
        };
        for step in [1usize, 2, 7, 14, 28] {
            let chosen: Vec<usize> = if step <= 2 {
                (0..n).step_by(step).collect()
            } else {
                (0..n).filter(|&i| monday(i)).step_by(step / 7).collect()
            };
            if chosen.len() <= max_ticks || step == 28 {
                for (k, &i) in chosen.iter().enumerate() {
                    let (y, m, d) = dates[i];
                    ticks.push((i as f64, lang.day_label(y, m, d, k == 0)));
                }
                break;
            }
        }
    }
    Ok(Scale { lo, hi, ticks })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(start: (i64, u32, u32), n: usize) -> DailyAxis {
        let d0 = days_from_civil(start.0, start.1, start.2);
        let civil = |z: i64| {
            // inverse of days_from_civil (Hinnant)
            let z = z + 719_468;
            let era = z.div_euclid(146_097);
            let doe = z - era * 146_097;
            let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            let mp = (5 * doy + 2) / 153;
            let d = doy - (153 * mp + 2) / 5 + 1;
            let m = if mp < 10 { mp + 3 } else { mp - 9 };
            let y = yoe + era * 400 + i64::from(m <= 2);
            format!("{y:04}-{m:02}-{d:02}")
        };
        DailyAxis::new("Datum", (0..n as i64).map(|i| civil(d0 + i)).collect())
    }

    #[test]
    fn a_year_is_labelled_at_month_starts_with_german_names() {
        let s = date_scale(&dates((2025, 1, 1), 365), 13, Lang::De).unwrap();
        let labels: Vec<_> = s.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels[0], "Jan 2025");
        assert_eq!(labels[2], "Mär");
        assert_eq!(labels.len(), 12);
        assert_eq!(s.ticks[1].0, 31.0);
    }

    #[test]
    fn long_and_short_spans_thin_their_ticks() {
        let three_years = date_scale(&dates((2024, 1, 1), 3 * 365), 12, Lang::De).unwrap();
        assert_eq!(three_years.ticks.len(), 12, "{:?}", three_years.ticks); // quarters
        let weeks = date_scale(&dates((2025, 3, 5), 40), 8, Lang::De).unwrap();
        // Mondays only: 2025-03-10 is a Monday.
        assert_eq!(weeks.ticks[0], (5.0, "10.03.2025".to_string()));
        assert_eq!(weeks.ticks[1].1, "17.03.");
        let one = date_scale(&dates((2025, 3, 5), 1), 8, Lang::De).unwrap();
        assert_eq!(one.ticks, vec![(0.0, "05.03.2025".to_string())]);
    }

    #[test]
    fn english_labels_use_english_months_and_days() {
        let s = date_scale(&dates((2025, 1, 1), 365), 13, Lang::En).unwrap();
        assert_eq!(s.ticks[4].1, "May");
        let weeks = date_scale(&dates((2025, 3, 5), 40), 8, Lang::En).unwrap();
        assert_eq!(weeks.ticks[0].1, "10 Mar 2025");
    }

    #[test]
    fn bad_dates_are_named() {
        let days = DailyAxis::new("Datum", vec!["2025-01-01".into(), "2025-02-30".into()]);
        assert!(matches!(date_scale(&days, 8, Lang::De), Err(ChartError::InvalidDate { index: 1, .. })));
        let days = DailyAxis::new("Datum", vec!["1.1.2025".into()]);
        assert!(matches!(date_scale(&days, 8, Lang::De), Err(ChartError::InvalidDate { index: 0, .. })));
    }
}
