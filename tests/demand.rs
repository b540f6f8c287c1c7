//! Demand with trend and seasonality: arrivals per month and year follow the modulated rate,
//! and the new keys are validated like every other key.

mod common;

use amtsim::scenario::load_str;
use chrono::{Datelike, NaiveDate};
use common::{open_every_day, run};

const START: &str = "2025-01-01";
const PER_WEEK: f64 = 700.0;
const TREND: f64 = 0.5;
const MONTHS: [f64; 12] = [1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.9, 1.3, 1.4, 1.1, 1.0];

fn modulated_office(arrivals_extra: &str, days: u32) -> String {
    let calendar = open_every_day("[\"00:00-24:00\"]");
    format!(
        r#"
name = "modulated demand"
[simulation]
start_date = "{START}"
days = {days}
replications = 1
seed = 11
{calendar}
[[case_types]]
name = "walkin"
arrivals = {{ per_week = {PER_WEEK}{arrivals_extra} }}
channels = {{ walkin = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 1 }}
[[staff]]
name = "desk"
head_count = 10
work = "walkin"
working_days = ["all"]
minutes_per_day = 1440
[walkin]
send_home_at_close = false
"#
    )
}

#[test]
fn arrivals_per_month_follow_trend_and_month_factors() {
    let factors: Vec<String> = MONTHS.iter().map(|f| f.to_string()).collect();
    let extra = format!(", trend_per_year = {TREND}, month_factors = [{}]", factors.join(", "));
    let days = 730;
    let (_, results) = run(&modulated_office(&extra, days));
    let start = NaiveDate::parse_from_str(START, "%Y-%m-%d").unwrap();
    // Per (year, month): observed arrivals and the exact expectation, the integral of
    // per_day × month factor × (1 + trend × years) over the month's days.
    let mut cells: Vec<(i32, u32, f64, f64)> = Vec::new();
    for (d, day) in results[0].days.iter().enumerate() {
        let date = start + chrono::Days::new(d as u64);
        let mid_years = (d as f64 + 0.5) / 365.25;
        let expected = PER_WEEK / 7.0 * MONTHS[date.month0() as usize] * (1.0 + TREND * mid_years);
        match cells.last_mut() {
            Some(c) if c.0 == date.year() && c.1 == date.month() => {
                c.2 += day.arrivals as f64;
                c.3 += expected;
            }
            _ => cells.push((date.year(), date.month(), day.arrivals as f64, expected)),
        }
    }
    assert_eq!(cells.len(), 24);
    // Pearson's chi-square over the 24 cells, whose expectations are fully specified: 24
    // degrees of freedom, critical value 51.18 at alpha = 0.001.
    let chi2: f64 = cells.iter().map(|(_, _, o, e)| (o - e).powi(2) / e).sum();
    assert!(chi2 < 51.18, "chi2 = {chi2:.1}; cells (year, month, observed, expected): {cells:?}");
    // Per year: each count within its 99.9% normal interval (z = 3.29) around the expectation.
    for year in [2025, 2026] {
        let (o, e) = cells.iter().filter(|c| c.0 == year).fold((0.0, 0.0), |a, c| (a.0 + c.2, a.1 + c.3));
        assert!((o - e).abs() < 3.29 * e.sqrt(), "{year}: observed {o}, expected {e:.0}");
    }
}

#[test]
fn a_falling_trend_stops_at_zero() {
    // 1 - 0.9 × years reaches 0 after 1.11 years: no arrivals in the last months of year 2.
    let (_, results) = run(&modulated_office(", trend_per_year = -0.9", 730));
    let late: u32 = results[0].days[420..].iter().map(|d| d.arrivals).sum();
    let early: u32 = results[0].days[..30].iter().map(|d| d.arrivals).sum();
    assert_eq!(late, 0);
    assert!(early > 2500, "early arrivals {early}");
}

fn problem(extra: &str) -> String {
    match load_str(&modulated_office(extra, 30), "demand.toml", &[]) {
        Ok(_) => panic!("accepted {extra}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn trend_and_month_factors_are_validated() {
    let e = problem(", trend_per_year = 7");
    assert!(e.contains("demand.toml") && e.contains("case_types[0].arrivals.trend_per_year = 7"), "{e}");
    assert!(e.contains("-0.9") && e.contains('5'), "{e}");
    let e = problem(", month_factors = [1, 2]");
    assert!(e.contains("case_types[0].arrivals.month_factors = [1, 2]") && e.contains("12 numbers > 0"), "{e}");
    let e = problem(", month_factors = [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]");
    assert!(e.contains("month_factors"), "{e}");
    let e = problem(", process = \"fixed_daily\", count = 3, trend_per_year = 0.1");
    assert!(e.contains("trend_per_year") && e.contains("poisson"), "{e}");
}
