//! The daily series of the charts and their spread across replications.
//!
//! Each replication gives one value per day and series; per day the charts show the median
//! and the 5/25/75/95% quantiles across replications. Two series are smoothed over a week
//! so weekends do not make them jump: people sent home (sum of the last 7 days) and staff
//! present (mean over the open days of the last 7 days). The same numbers come from the run's
//! CSV files (`read_run_bands`), from a run's results in memory as the files write them
//! (`run_bands`, for the charts drawn at the end of the run), or, for a comparison, from the
//! results in memory (`from_result`), written to compare_daily.csv.

use std::path::Path;

use super::csv_table::CsvTable;
use super::error::ReportError;
use crate::calendar::Calendar;
use crate::model::ReplicationResult;
use crate::output::csv_field;
use crate::stats::estimate::quantile;
use crate::stats::StaffDay;

/// A daily series of the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DailySeries {
    /// Applications waiting for a decision at midnight.
    Backlog,
    /// Days until the next free portal slot at release time (mean over case types, weighted by
    /// the day's booking requests).
    NextFreeDays,
    /// Walk-ins sent home in the last 7 days.
    SentHome7d,
    /// Staff present (FTE), mean over the open days of the last 7 days.
    PresentFte7d,
    /// Positions filled (FTE).
    EmployedFte,
    /// Positions on paper (FTE).
    PositionsFte,
    /// Provisional certificates valid at midnight.
    FbActive,
    /// Holders without a valid document at midnight.
    Expired,
}

impl DailySeries {
    /// Every series, in the order of `DailyBands::series`.
    pub const ALL: [DailySeries; 8] = [
        DailySeries::Backlog,
        DailySeries::NextFreeDays,
        DailySeries::SentHome7d,
        DailySeries::PresentFte7d,
        DailySeries::EmployedFte,
        DailySeries::PositionsFte,
        DailySeries::FbActive,
        DailySeries::Expired,
    ];

    /// The name in compare_daily.csv.
    pub fn key(self) -> &'static str {
        match self {
            DailySeries::Backlog => "backlog_end",
            DailySeries::NextFreeDays => "portal_next_free_days",
            DailySeries::SentHome7d => "walkin_sent_home_7d",
            DailySeries::PresentFte7d => "staff_present_fte_7d",
            DailySeries::EmployedFte => "staff_employed_fte",
            DailySeries::PositionsFte => "staff_positions_fte",
            DailySeries::FbActive => "fb_active_end",
            DailySeries::Expired => "expired_end",
        }
    }

    fn index(self) -> usize {
        DailySeries::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// One replication's day as the result files record it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RawDay {
    pub open: bool,
    pub backlog: f64,
    pub next_free_days: f64,
    pub sent_home: f64,
    pub present_fte: f64,
    pub employed_fte: f64,
    pub positions_fte: f64,
    pub fb_active: f64,
    pub expired: f64,
}

/// One replication's series: `values[series][day]`, in the order of `DailySeries::ALL`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationSeries {
    pub values: Vec<Vec<f64>>,
}

/// Days in the trailing windows of the smoothed series.
const WINDOW_DAYS: usize = 7;

impl ReplicationSeries {
    /// The series of one replication's days.
    pub fn derive(days: &[RawDay]) -> ReplicationSeries {
        let n = days.len();
        let mut values = vec![vec![f64::NAN; n]; DailySeries::ALL.len()];
        for (d, day) in days.iter().enumerate() {
            let window = &days[d.saturating_sub(WINDOW_DAYS - 1)..=d];
            let full = window.len() == WINDOW_DAYS;
            let open: Vec<f64> = window.iter().filter(|w| w.open).map(|w| w.present_fte).collect();
            let row = [
                day.backlog,
                day.next_free_days,
                if full { window.iter().map(|w| w.sent_home).sum() } else { f64::NAN },
                if open.is_empty() { f64::NAN } else { open.iter().sum::<f64>() / open.len() as f64 },
                day.employed_fte,
                day.positions_fte,
                day.fb_active,
                day.expired,
            ];
            for (s, v) in row.into_iter().enumerate() {
                values[s][d] = v;
            }
        }
        ReplicationSeries { values }
    }

    /// The series of a replication in memory (the run's `calendar` says which days opened).
    pub fn from_result(result: &ReplicationResult, calendar: &Calendar) -> ReplicationSeries {
        ReplicationSeries::derive(&raw_days(result, calendar, Exactness::Exact))
    }
}

/// Whether values are taken as computed or as the run's CSV files write them.
#[derive(Clone, Copy, PartialEq)]
enum Exactness {
    Exact,
    AsWritten,
}

/// One replication's days for the charts.
fn raw_days(result: &ReplicationResult, calendar: &Calendar, exactness: Exactness) -> Vec<RawDay> {
    let written = exactness == Exactness::AsWritten;
    // The files write FTE and days-to-next-free-slot with three decimals; read back, a team's
    // FTE are then added in team order.
    let fte = |x: f64| if written { as_written(x, 3) } else { x };
    let team_sum = |staff: &[StaffDay], of: fn(&StaffDay) -> f64| -> f64 {
        if written {
            staff.iter().fold(0.0, |sum, g| sum + as_written(of(g), 3))
        } else {
            staff.iter().map(of).sum()
        }
    };
    // A day without a row in permits_daily.csv reads as zero.
    let no_row = if written { 0.0 } else { f64::NAN };
    result
        .days
        .iter()
        .enumerate()
        .map(|(d, day)| {
            let staff = result.staff.days.get(d).map(Vec::as_slice).unwrap_or(&[]);
            let permits = result.permits.days.get(d);
            RawDay {
                open: calendar.days.get(d).is_some_and(|c| c.is_open()),
                backlog: f64::from(day.backlog_end),
                next_free_days: day.portal_next_free_days.map_or(f64::NAN, fte),
                sent_home: f64::from(day.walkin_sent_home),
                present_fte: fte(staff.iter().map(|g| g.present_fte).sum()),
                employed_fte: team_sum(staff, |g| g.employed_fte),
                positions_fte: team_sum(staff, |g| g.positions_fte),
                fb_active: permits.map_or(no_row, |p| f64::from(p.fb_active_end)),
                expired: permits.map_or(no_row, |p| f64::from(p.expired_end.iter().sum::<u32>())),
            }
        })
        .collect()
}

/// `x` as a file writes it with `decimals` and a reader parses it back.
fn as_written(x: f64, decimals: u32) -> f64 {
    let mut text = String::new();
    crate::output::push_fixed(&mut text, x, decimals);
    text.parse().unwrap_or(f64::NAN)
}

/// The bands `read_run_bands` reads from a run's files, computed from the results in memory
/// with every value as the files write it, so the charts drawn at the end of a run and those
/// drawn again later from its files are the same.
pub fn run_bands(results: &[ReplicationResult], calendar: &Calendar, warmup_days: usize) -> DailyBands {
    let days = results.iter().map(|r| r.days.len()).max().unwrap_or(0);
    let dates = calendar.days.iter().take(days).map(|c| c.date.to_string()).collect();
    let warmup = (0..days).map(|d| d < warmup_days).collect();
    let series: Vec<ReplicationSeries> =
        results.iter().map(|r| ReplicationSeries::derive(&raw_days(r, calendar, Exactness::AsWritten))).collect();
    DailyBands::from_replications(dates, warmup, &series)
}

/// Quantiles across replications, one value per day.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    pub p05: Vec<f64>,
    pub p25: Vec<f64>,
    pub median: Vec<f64>,
    pub p75: Vec<f64>,
    pub p95: Vec<f64>,
}

impl Bands {
    fn with_days(n: usize) -> Bands {
        let nan = vec![f64::NAN; n];
        Bands { p05: nan.clone(), p25: nan.clone(), median: nan.clone(), p75: nan.clone(), p95: nan }
    }

    /// Whether the series says anything: some finite value other than zero.
    pub fn has_data(&self) -> bool {
        self.median.iter().chain(&self.p95).any(|v| v.is_finite() && *v != 0.0)
    }

    fn parts_mut(&mut self) -> [&mut Vec<f64>; 5] {
        [&mut self.p05, &mut self.p25, &mut self.median, &mut self.p75, &mut self.p95]
    }
}

const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// Every series of a run (or one arm of a comparison) across replications.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyBands {
    /// ISO date of each day.
    pub dates: Vec<String>,
    /// Whether each day is in the warm-up (not counted in the key figures).
    pub warmup: Vec<bool>,
    /// In the order of `DailySeries::ALL`.
    pub series: Vec<Bands>,
}

impl DailyBands {
    /// Quantiles per day across `reps` (undefined values are left out; a day without any
    /// value stays NaN).
    pub fn from_replications(dates: Vec<String>, warmup: Vec<bool>, reps: &[ReplicationSeries]) -> DailyBands {
        let n = dates.len();
        let series = (0..DailySeries::ALL.len())
            .map(|s| {
                let mut bands = Bands::with_days(n);
                for d in 0..n {
                    let values: Vec<f64> = reps
                        .iter()
                        .filter_map(|r| r.values.get(s).and_then(|v| v.get(d)).copied())
                        .filter(|v| v.is_finite())
                        .collect();
                    if values.is_empty() {
                        continue;
                    }
                    for (part, q) in bands.parts_mut().into_iter().zip(QUANTILES) {
                        part[d] = quantile(&values, q);
                    }
                }
                bands
            })
            .collect();
        DailyBands { dates, warmup, series }
    }

    /// The bands of one series.
    pub fn get(&self, s: DailySeries) -> &Bands {
        &self.series[s.index()]
    }

    /// Only the days after the warm-up (what the key figures count); all days when every
    /// day is warm-up.
    pub fn after_warmup(&self) -> DailyBands {
        let first = self.warmup.iter().position(|w| !w).unwrap_or(0);
        let cut = |v: &Vec<f64>| v[first..].to_vec();
        DailyBands {
            dates: self.dates[first..].to_vec(),
            warmup: self.warmup[first..].to_vec(),
            series: self
                .series
                .iter()
                .map(|b| Bands {
                    p05: cut(&b.p05),
                    p25: cut(&b.p25),
                    median: cut(&b.median),
                    p75: cut(&b.p75),
                    p95: cut(&b.p95),
                })
                .collect(),
        }
    }
}

/// Reads daily.csv, staff_daily.csv and permits_daily.csv of a run and computes the bands.
pub fn read_run_bands(dir: &Path) -> Result<DailyBands, ReportError> {
    let daily = CsvTable::read_columns(
        &dir.join("daily.csv"),
        &[
            "replication",
            "day",
            "date",
            "open",
            "warmup",
            "backlog_end",
            "portal_next_free_days",
            "walkin_sent_home",
            "staff_present_fte",
        ],
    )?;
    let staff =
        CsvTable::read_columns(&dir.join("staff_daily.csv"), &["replication", "day", "positions_fte", "employed_fte"])?;
    let permits = CsvTable::read_columns(
        &dir.join("permits_daily.csv"),
        &["replication", "day", "fb_active_end", "expired_end"],
    )?;

    let (rep, day) = (daily.column("replication")?, daily.column("day")?);
    let mut reps: Vec<usize> = Vec::new();
    let mut n_days = 0;
    for row in &daily.rows {
        let r = daily.index(row, rep)?;
        if reps.last() != Some(&r) && !reps.contains(&r) {
            reps.push(r);
        }
        n_days = n_days.max(daily.index(row, day)? + 1);
    }
    // Replication number -> its place in `reps` (rows come grouped by replication).
    let places: std::collections::HashMap<usize, usize> = reps.iter().enumerate().map(|(k, &r)| (r, k)).collect();
    let slot = |r: usize| places.get(&r).copied();
    let mut raw = vec![vec![RawDay::default(); n_days]; reps.len()];
    let mut dates = vec![String::new(); n_days];
    let mut warmup = vec![false; n_days];

    let cols =
        ["date", "open", "warmup", "backlog_end", "portal_next_free_days", "walkin_sent_home", "staff_present_fte"];
    let [date, open, warm, backlog, next_free, sent_home, present] = cols.map(|c| daily.column(c));
    let (date, open, warm, backlog, next_free, sent_home, present) =
        (date?, open?, warm?, backlog?, next_free?, sent_home?, present?);
    for row in &daily.rows {
        let (r, d) = (daily.index(row, rep)?, daily.index(row, day)?);
        dates[d].clone_from(&row[date]);
        warmup[d] = row[warm] == "1";
        let Some(k) = slot(r) else { continue };
        let x = &mut raw[k][d];
        x.open = row[open] == "1";
        x.backlog = CsvTable::number(row, backlog);
        x.next_free_days = CsvTable::number(row, next_free);
        x.sent_home = CsvTable::number(row, sent_home);
        x.present_fte = CsvTable::number(row, present);
    }

    let (s_rep, s_day) = (staff.column("replication")?, staff.column("day")?);
    let (positions, employed) = (staff.column("positions_fte")?, staff.column("employed_fte")?);
    for row in &staff.rows {
        let (r, d) = (staff.index(row, s_rep)?, staff.index(row, s_day)?);
        if let (Some(k), true) = (slot(r), d < n_days) {
            raw[k][d].positions_fte += CsvTable::number(row, positions);
            raw[k][d].employed_fte += CsvTable::number(row, employed);
        }
    }

    let (p_rep, p_day) = (permits.column("replication")?, permits.column("day")?);
    let (fb, expired) = (permits.column("fb_active_end")?, permits.column("expired_end")?);
    for row in &permits.rows {
        let (r, d) = (permits.index(row, p_rep)?, permits.index(row, p_day)?);
        if let (Some(k), true) = (slot(r), d < n_days) {
            raw[k][d].fb_active = CsvTable::number(row, fb);
            raw[k][d].expired = CsvTable::number(row, expired);
        }
    }
    let series: Vec<ReplicationSeries> = raw.iter().map(|days| ReplicationSeries::derive(days)).collect();
    Ok(DailyBands::from_replications(dates, warmup, &series))
}

/// Columns of compare_daily.csv. A public interface: add at the end, never rename.
pub const COMPARE_DAILY_COLUMNS: &[&str] =
    &["policy", "day", "date", "warmup", "series", "p05", "p25", "median", "p75", "p95"];

/// The arm name of the baseline in compare_daily.csv.
pub const BASELINE: &str = "baseline";

fn cell(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

/// compare_daily.csv: per arm (the baseline first, named `baseline`), day and series the
/// quantiles across replications.
pub fn compare_daily_csv(arms: &[(String, DailyBands)]) -> String {
    let mut out = COMPARE_DAILY_COLUMNS.join(",") + "\n";
    for (name, bands) in arms {
        for (d, date) in bands.dates.iter().enumerate() {
            for s in DailySeries::ALL {
                let b = bands.get(s);
                let cells = [b.p05[d], b.p25[d], b.median[d], b.p75[d], b.p95[d]].map(cell);
                out.push_str(&format!(
                    "{},{d},{date},{},{},{}\n",
                    csv_field(name),
                    u8::from(bands.warmup[d]),
                    s.key(),
                    cells.join(",")
                ));
            }
        }
    }
    out
}

/// Reads compare_daily.csv back: the arms in file order.
pub fn read_compare_daily(path: &Path) -> Result<Vec<(String, DailyBands)>, ReportError> {
    let t = CsvTable::read(path)?;
    let [policy, day, date, warm, series] = ["policy", "day", "date", "warmup", "series"].map(|c| t.column(c));
    let (policy, day, date, warm, series) = (policy?, day?, date?, warm?, series?);
    let parts = ["p05", "p25", "median", "p75", "p95"].map(|c| t.column(c));
    let parts: Vec<usize> = parts.into_iter().collect::<Result<_, _>>()?;
    let mut arms: Vec<(String, DailyBands)> = Vec::new();
    for row in &t.rows {
        let d = t.index(row, day)?;
        let Some(s) = DailySeries::ALL.iter().position(|s| s.key() == row[series]) else { continue };
        if arms.last().is_none_or(|a| a.0 != row[policy]) {
            let empty = DailyBands { dates: Vec::new(), warmup: Vec::new(), series: Vec::new() };
            arms.push((row[policy].clone(), empty));
        }
        let bands = &mut arms.last_mut().expect("pushed above").1;
        while bands.dates.len() <= d {
            bands.dates.push(String::new());
            bands.warmup.push(false);
        }
        bands.dates[d].clone_from(&row[date]);
        bands.warmup[d] = row[warm] == "1";
        if bands.series.is_empty() {
            bands.series = DailySeries::ALL.iter().map(|_| Bands::with_days(0)).collect();
        }
        for (k, part) in bands.series[s].parts_mut().into_iter().enumerate() {
            if part.len() <= d {
                part.resize(d + 1, f64::NAN);
            }
            part[d] = CsvTable::number(row, parts[k]);
        }
    }
    for (name, bands) in &mut arms {
        let n = bands.dates.len();
        for b in &mut bands.series {
            for part in b.parts_mut() {
                part.resize(n, f64::NAN);
            }
        }
        if bands.dates.iter().any(String::is_empty) {
            return Err(ReportError::format(path, format!("policy {name:?}: days are missing")));
        }
    }
    Ok(arms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(open: bool, sent_home: f64, present: f64) -> RawDay {
        RawDay { open, sent_home, present_fte: present, backlog: 3.0, ..RawDay::default() }
    }

    #[test]
    fn weekly_windows_sum_sent_home_and_average_open_days() {
        let days: Vec<RawDay> = (0..10).map(|d| day(d % 7 < 5, d as f64, if d % 7 < 5 { 10.0 } else { 0.0 })).collect();
        let s = ReplicationSeries::derive(&days);
        let sent = &s.values[DailySeries::SentHome7d.index()];
        assert!(sent[5].is_nan(), "a window of fewer than 7 days is undefined");
        assert_eq!(sent[6], 21.0);
        assert_eq!(sent[9], 3.0 + 4.0 + 5.0 + 6.0 + 7.0 + 8.0 + 9.0);
        let present = &s.values[DailySeries::PresentFte7d.index()];
        assert!(present.iter().all(|v| *v == 10.0), "weekends do not pull the mean down: {present:?}");
    }

    #[test]
    fn quantiles_across_replications_and_the_csv_round_trip() {
        let reps: Vec<ReplicationSeries> = (0..5)
            .map(|r| ReplicationSeries::derive(&(0..8).map(|_| day(true, 0.0, f64::from(r))).collect::<Vec<_>>()))
            .collect();
        let dates: Vec<String> = (1..=8).map(|d| format!("2025-01-{d:02}")).collect();
        let warm = vec![true, true, false, false, false, false, false, false];
        let bands = DailyBands::from_replications(dates, warm, &reps);
        let p = bands.get(DailySeries::PresentFte7d);
        assert_eq!((p.median[3], p.p25[3], p.p05[3]), (2.0, 1.0, 0.2));
        assert!(!bands.get(DailySeries::FbActive).has_data());
        assert!(bands.get(DailySeries::Backlog).has_data());
        let after = bands.after_warmup();
        assert_eq!((after.dates.len(), after.dates[0].as_str()), (6, "2025-01-03"));

        let arms = vec![(BASELINE.to_string(), bands.clone()), ("a, b".to_string(), bands.clone())];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("compare_daily.csv");
        std::fs::write(&path, compare_daily_csv(&arms)).unwrap();
        let back = read_compare_daily(&path).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[1].0, "a, b");
        assert_eq!(back[0].1.dates, bands.dates);
        assert_eq!(back[0].1.warmup, bands.warmup);
        assert_eq!(back[0].1.get(DailySeries::PresentFte7d), p);
    }
}
