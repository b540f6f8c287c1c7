//! The office calendar: real dates, weekdays, opening windows, public holidays, Saturday openings.
//!
//! Built once per scenario (not per replication) into a plan of every simulated day, so the
//! event loop never does date arithmetic. Knows nothing of clients or staff.

pub mod holidays;
mod window;

pub use holidays::FederalState;
pub use window::{overlapping, parse_clock, shared_windows, Window, WindowSet};

use crate::engine::{SimTime, MS_PER_DAY, MS_PER_MIN};
use chrono::{Datelike, NaiveDate, Weekday};

/// Extra opening on some Saturdays (e.g. every second Saturday for people who work).
#[derive(Debug, Clone, PartialEq)]
pub struct SaturdayOpenings {
    /// Open every `every_weeks` weeks counted from `first` (0 = only the explicit dates).
    pub every_weeks: u32,
    pub first: Option<NaiveDate>,
    pub dates: Vec<NaiveDate>,
    pub hours: Vec<Window>,
}

/// What the scenario says about the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarSpec {
    /// Public holidays of this federal state close the office (None: no built-in holidays).
    pub holidays: Option<FederalState>,
    /// Further closing days (bridge days, office closures).
    pub closed_dates: Vec<NaiveDate>,
    /// Regular opening windows, Monday first.
    pub opening_hours: [Vec<Window>; 7],
    pub saturday_openings: Option<SaturdayOpenings>,
}

/// One simulated day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayPlan {
    pub date: NaiveDate,
    pub weekday: Weekday,
    pub holiday: bool,
    /// An extra opening (a Saturday opening outside the regular hours): staffed by a roster.
    pub extra: bool,
    /// Opening windows of this day (empty when closed), sorted, non-overlapping.
    pub windows: WindowSet,
}

impl DayPlan {
    pub fn is_open(&self) -> bool {
        !self.windows.is_empty()
    }
}

/// A maximal stretch of opening time, in simulation milliseconds. Windows that touch (also
/// across midnight) are merged, so a 24-hour office has one interval for the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenInterval {
    pub start: SimTime,
    pub end: SimTime,
    /// True when this interval ends the day's opening (not a lunch break): walk-ins still
    /// waiting are sent home here if the scenario says so.
    pub closes_day: bool,
}

/// The plan of every day from the start date on.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub start_date: NaiveDate,
    pub days: Vec<DayPlan>,
    /// The run's days grouped by calendar year, for yearly quotas (vacation, training).
    pub years: Vec<CalendarYear>,
}

/// The days of one calendar year that lie in the run.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarYear {
    /// Day indices of the run in this year, in order.
    pub days: Vec<usize>,
    /// Those that are Mondays.
    pub mondays: Vec<usize>,
}

impl CalendarYear {
    /// The day after the year's last day in the run (a year holds at least one day).
    pub fn end(&self) -> usize {
        self.days.last().map_or(0, |d| d + 1)
    }
}

fn group_by_year(days: &[DayPlan]) -> Vec<CalendarYear> {
    let mut years: Vec<(i32, CalendarYear)> = Vec::new();
    for (d, day) in days.iter().enumerate() {
        let year = day.date.year();
        if years.last().is_none_or(|(y, _)| *y != year) {
            years.push((year, CalendarYear { days: Vec::new(), mondays: Vec::new() }));
        }
        let (_, entry) = years.last_mut().expect("pushed above");
        entry.days.push(d);
        if day.weekday == Weekday::Mon {
            entry.mondays.push(d);
        }
    }
    years.into_iter().map(|(_, y)| y).collect()
}

impl Calendar {
    /// Plans `n_days` days from `start_date`.
    pub fn build(spec: &CalendarSpec, start_date: NaiveDate, n_days: u32) -> Calendar {
        let mut sets = Vec::new();
        let days: Vec<DayPlan> =
            start_date.iter_days().take(n_days as usize).map(|date| plan_day(spec, date, &mut sets)).collect();
        let years = group_by_year(&days);
        Calendar { start_date, days, years }
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    pub fn day(&self, index: usize) -> Option<&DayPlan> {
        self.days.get(index)
    }

    /// Opening intervals in time order, merged where windows touch.
    pub fn open_intervals(&self) -> Vec<OpenInterval> {
        let mut out: Vec<OpenInterval> = Vec::new();
        for (d, day) in self.days.iter().enumerate() {
            let base = d as SimTime * MS_PER_DAY;
            for w in day.windows.iter() {
                let (start, end) =
                    (base + w.start_min as SimTime * MS_PER_MIN, base + w.end_min as SimTime * MS_PER_MIN);
                match out.last_mut() {
                    Some(last) if last.end == start => last.end = end,
                    _ => out.push(OpenInterval { start, end, closes_day: false }),
                }
            }
        }
        // An interval closes a day when no window of the same calendar day opens after it.
        let n = out.len();
        for i in 0..n {
            let end_day = (out[i].end - 1).div_euclid(MS_PER_DAY);
            let next_same_day = out.get(i + 1).is_some_and(|next| next.start.div_euclid(MS_PER_DAY) == end_day);
            out[i].closes_day = !next_same_day;
        }
        out
    }
}

fn plan_day(spec: &CalendarSpec, date: NaiveDate, sets: &mut Vec<WindowSet>) -> DayPlan {
    let weekday = date.weekday();
    let holiday = spec.holidays.is_some_and(|s| holidays::is_public_holiday(s, date));
    let closed = holiday || spec.closed_dates.contains(&date);
    let mut windows =
        if closed { Vec::new() } else { spec.opening_hours[weekday.num_days_from_monday() as usize].clone() };
    let mut extra = false;
    if !closed && weekday == Weekday::Sat {
        if let Some(sat) = &spec.saturday_openings {
            if saturday_is_open(sat, date) && windows.is_empty() {
                windows = sat.hours.clone();
                extra = true;
            }
        }
    }
    DayPlan { date, weekday, holiday, extra, windows: shared_windows(sets, windows) }
}

fn saturday_is_open(sat: &SaturdayOpenings, date: NaiveDate) -> bool {
    if sat.dates.contains(&date) {
        return true;
    }
    match sat.first {
        Some(first) if sat.every_weeks > 0 && date >= first => {
            let weeks = (date - first).num_days() / 7;
            (date - first).num_days() % 7 == 0 && weeks % sat.every_weeks as i64 == 0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn w(s: &str) -> Window {
        Window::parse(s).unwrap()
    }
    fn weekday_office() -> CalendarSpec {
        let day = vec![w("08:00-12:00"), w("13:30-15:30")];
        CalendarSpec {
            holidays: Some(FederalState::NordrheinWestfalen),
            closed_dates: vec![d("2024-12-24")],
            opening_hours: [day.clone(), day.clone(), day.clone(), day.clone(), vec![w("08:00-12:00")], vec![], vec![]],
            saturday_openings: None,
        }
    }

    #[test]
    fn holidays_and_closed_dates_close_the_office() {
        let cal = Calendar::build(&weekday_office(), d("2024-12-23"), 5);
        let open: Vec<bool> = cal.days.iter().map(DayPlan::is_open).collect();
        // Mon 23 open, Tue 24 closed (closed date), Wed 25 + Thu 26 holidays, Fri 27 open.
        assert_eq!(open, vec![true, false, false, false, true]);
        assert!(cal.days[2].holiday && !cal.days[1].holiday);
    }

    #[test]
    fn working_days_of_the_rkn_window_are_92() {
        // 16.10.2023-26.02.2024: 134 days, 92 working days in NRW (`rkn-digital-2024` in docs/sources.md).
        let cal = Calendar::build(&weekday_office(), d("2023-10-16"), 134);
        assert_eq!(cal.days.last().unwrap().date, d("2024-02-26"));
        let mut spec = weekday_office();
        spec.closed_dates.clear();
        let cal = Calendar::build(&spec, d("2023-10-16"), 134);
        assert_eq!(cal.days.iter().filter(|x| x.is_open()).count(), 92);
    }

    #[test]
    fn every_second_saturday_opens() {
        let mut spec = weekday_office();
        spec.saturday_openings = Some(SaturdayOpenings {
            every_weeks: 2,
            first: Some(d("2025-01-04")),
            dates: vec![d("2025-01-25")],
            hours: vec![w("08:30-12:30")],
        });
        let cal = Calendar::build(&spec, d("2025-01-01"), 35);
        let sats: Vec<(NaiveDate, bool)> =
            cal.days.iter().filter(|x| x.weekday == Weekday::Sat).map(|x| (x.date, x.is_open())).collect();
        assert_eq!(
            sats,
            vec![
                (d("2025-01-04"), true),
                (d("2025-01-11"), false),
                (d("2025-01-18"), true),
                (d("2025-01-25"), true),
                (d("2025-02-01"), true)
            ]
        );
    }

    #[test]
    fn intervals_merge_across_midnight_and_mark_day_ends() {
        let all_day = vec![w("00:00-24:00")];
        let spec = CalendarSpec {
            holidays: None,
            closed_dates: vec![],
            opening_hours: std::array::from_fn(|_| all_day.clone()),
            saturday_openings: None,
        };
        let cal = Calendar::build(&spec, d("2025-03-03"), 3);
        assert_eq!(cal.open_intervals(), vec![OpenInterval { start: 0, end: 3 * MS_PER_DAY, closes_day: true }]);

        let cal = Calendar::build(&weekday_office(), d("2025-03-03"), 1);
        let iv = cal.open_intervals();
        assert_eq!(iv.len(), 2);
        assert_eq!(iv[0].start, 8 * 60 * MS_PER_MIN);
        assert!(!iv[0].closes_day && iv[1].closes_day);
    }
}
