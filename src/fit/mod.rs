//! `amtsim fit`: estimate scenario parameters from an office's appointment log.
//!
//! The log is read (`log_reader`), each case type's demand, no-show and cancellation rates,
//! lead times and service times are estimated with confidence intervals, problems in the data
//! are listed (`warnings`), and the result is written as a scenario fragment (`fragment`).
//! Nothing here runs a simulation or touches files: the command does the I/O.

mod demand;
mod fragment;
mod intervals;
mod log_reader;
mod outcomes;
mod timing;
mod warnings;

pub use demand::{Demand, Months, Trend, MIN_SEASON_DAYS, MIN_TREND_WEEKS};
pub use fragment::{fragment, summary};
pub use intervals::Interval;
pub use log_reader::{parse_time, ColumnNames, Log, LogRow, StatusWords};
pub use outcomes::Outcomes;
pub use timing::{LeadTimes, ServiceFit};

use chrono::NaiveDate;

/// Bad input: the message names the file, line, column and value.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    #[error("{file}, line {line}{}: {value:?}: {message}", column.as_ref().map_or(String::new(), |c| format!(", column {c}")))]
    Input { file: String, line: usize, column: Option<String>, value: String, message: String },
    #[error("{file}: {message}")]
    NoData { file: String, message: String },
}

impl FitError {
    pub fn input(file: &str, line: usize, column: Option<&str>, value: &str, message: impl Into<String>) -> FitError {
        FitError::Input {
            file: file.to_string(),
            line,
            column: column.map(str::to_string),
            value: value.to_string(),
            message: message.into(),
        }
    }
}

/// How to read the log and how sure the intervals are.
#[derive(Debug, Clone)]
pub struct FitOptions {
    pub columns: ColumnNames,
    pub status_words: StatusWords,
    /// Confidence level of every interval, e.g. 0.95.
    pub level: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions { columns: ColumnNames::default(), status_words: StatusWords::default(), level: 0.95 }
    }
}

/// The whole weeks of data, counted from the first booking day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Period {
    pub first: NaiveDate,
    pub weeks: u32,
}

impl Period {
    pub fn last(&self) -> NaiveDate {
        self.first + chrono::Days::new(u64::from(self.weeks) * 7 - 1)
    }
}

/// What was fitted for one case type.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFit {
    pub name: String,
    pub demand: Demand,
    pub outcomes: Outcomes,
    pub lead: Option<LeadTimes>,
    pub service: Option<ServiceFit>,
    /// Rows of this case type, and those that are rebookings (not counted as demand).
    pub rows: usize,
    pub rebookings: usize,
}

/// The fit of a whole log.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub file: String,
    pub level: f64,
    pub period: Period,
    pub cases: Vec<CaseFit>,
    /// No-show and cancellation rates over all case types.
    pub outcomes: Outcomes,
    pub rows_read: usize,
    pub has_service_times: bool,
    pub warnings: Vec<String>,
}

/// Fits the log in `text` (read from `file`).
pub fn fit(text: &str, file: &str, options: &FitOptions) -> Result<Fit, FitError> {
    let log = log_reader::read_log(text, file, &options.columns, &options.status_words)?;
    let no_data = |message: &str| FitError::NoData { file: file.to_string(), message: message.to_string() };
    let first = log.rows.iter().map(|r| r.booked.date()).min().ok_or_else(|| no_data("no readable rows"))?;
    let last = log.rows.iter().map(|r| r.booked.date()).max().unwrap_or(first);
    let weeks = ((last - first).num_days() + 1) / 7;
    if weeks < 1 {
        return Err(no_data("the bookings cover less than one week; nothing can be estimated"));
    }
    let period = Period { first, weeks: weeks as u32 };
    let level = options.level;
    let until = outcomes::resolved_until(log.rows.iter());
    let mut warnings = warnings::data_warnings(&log);
    let mut cases = Vec::new();
    for (c, name) in log.cases.iter().enumerate() {
        let rows: Vec<&LogRow> = log.rows.iter().filter(|r| r.case == c).collect();
        let Some(demand) = demand::demand(&rows, &period, level) else { continue };
        let lead = timing::lead_times(&rows);
        if let Some(l) = lead.filter(LeadTimes::booked_out) {
            warnings.push(format!(
                "{name}: {:.0} % of bookings lie within a week of the longest lead time ({:.0} days): the portal looks booked out, so clients who found no slot are missing from the log and bookings understate demand",
                l.at_ceiling_share * 100.0,
                l.max_days
            ));
        }
        let service = timing::service_fit(&timing::service_minutes(&rows), level);
        let rebookings = rows.iter().filter(|r| !demand::is_demand(r.status)).count();
        cases.push(CaseFit {
            name: name.clone(),
            demand,
            outcomes: outcomes::outcomes(&rows, until, level),
            lead,
            service,
            rows: rows.len(),
            rebookings,
        });
    }
    if weeks < i64::from(MIN_TREND_WEEKS) {
        warnings.push(format!("only {weeks} weeks of data: no trend estimated (needs {MIN_TREND_WEEKS} weeks)"));
    }
    if weeks * 7 < MIN_SEASON_DAYS {
        warnings.push(format!("only {weeks} weeks of data: no month factors estimated (needs a year)"));
    }
    let all: Vec<&LogRow> = log.rows.iter().collect();
    Ok(Fit {
        file: file.to_string(),
        level,
        period,
        cases,
        outcomes: outcomes::outcomes(&all, until, level),
        rows_read: log.rows.len(),
        has_service_times: log.has_service_times,
        warnings,
    })
}
