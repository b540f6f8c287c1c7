//! The permit loop per day: renewals, backlog, decisions, provisional certificates, lapses.

use super::day_series::DaySeries;
use crate::engine::SimTime;

/// One row of `permits_daily.csv`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PermitDay {
    pub renewal_requests: u32,
    pub applications: u32,
    pub decisions: u32,
    pub incomplete_returned: u32,
    /// Applications returned as incomplete that come back completed.
    pub resubmitted: u32,
    pub fb_issued: u32,
    pub fb_visits: u32,
    /// State at midnight.
    pub backlog_end: u32,
    pub backlog_age_mean_days: Option<f64>,
    pub fb_active_end: u32,
    pub lapsed_end: u32,
    pub holders_end: u32,
}

/// Counted after the warm-up.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PermitTotals {
    pub renewal_requests: u64,
    pub decisions: u64,
    pub decision_lead_ms: i64,
    pub incomplete_returned: u64,
    pub fb_issued: u64,
    pub fb_visits: u64,
    /// Counter visits that belong to a case (applications, certificate renewals, card pick-ups).
    pub case_visits: u64,
    pub fb_active_area: i64,
    pub lapsed_area: i64,
    pub lapsed_persons: u64,
    pub backlog_cleared_day: Option<u32>,
}

/// Holders at the start, joining, leaving, and at the end (whole run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HolderBalance {
    pub start: u64,
    pub arrivals: u64,
    pub departures: u64,
    pub end: u64,
}

/// A count whose time integral after the warm-up is kept exactly.
#[derive(Debug, Clone, Copy, Default)]
struct Level {
    value: i64,
    since: SimTime,
}

impl Level {
    fn change(&mut self, t: SimTime, by: i64, warmup_end: SimTime, area: &mut i64) {
        let from = self.since.max(warmup_end);
        if t > from {
            *area += self.value * (t - from);
        }
        self.since = self.since.max(t);
        self.value += by;
    }
}

/// Applications filed after the warm-up, by their wait for a decision in whole days: decided
/// ones at the day count they took (rounded up), those still undecided at the end at the days
/// they had waited (rounded down), for the Kaplan–Meier estimate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecisionWaits {
    pub decided: Vec<u64>,
    pub undecided: Vec<u64>,
}

impl DecisionWaits {
    fn add(counts: &mut Vec<u64>, day: usize) {
        if counts.len() <= day {
            counts.resize(day + 1, 0);
        }
        counts[day] += 1;
    }

    /// The survival curve of the wait for a decision, in days.
    pub fn survival(&self) -> crate::stats::Survival {
        let n = self.decided.len().max(self.undecided.len());
        let at = |v: &Vec<u64>, d: usize| v.get(d).copied().unwrap_or(0);
        crate::stats::Survival::from_counts((0..n).map(|d| (d as f64, at(&self.decided, d), at(&self.undecided, d))))
    }
}

/// Three months in days (§ 75 VwGO: after three months without a decision an applicant may sue).
pub const THREE_MONTHS_DAYS: f64 = 3.0 * 365.25 / 12.0;

#[derive(Debug, Clone)]
pub struct PermitRecord {
    warmup_end: SimTime,
    pub days: DaySeries<PermitDay>,
    pub totals: PermitTotals,
    pub holders: HolderBalance,
    /// Waits for a decision of the applications filed after the warm-up.
    pub waits: DecisionWaits,
    /// Applications undecided at the end that were filed more than three months before.
    pub pending_over_3_months_end: u64,
    fb_active: Level,
    lapsed: Level,
}

impl PermitRecord {
    pub fn new(days: DaySeries<PermitDay>, warmup_end: SimTime) -> Self {
        PermitRecord {
            warmup_end,
            days,
            totals: PermitTotals::default(),
            holders: HolderBalance::default(),
            waits: DecisionWaits::default(),
            pending_over_3_months_end: 0,
            fb_active: Level { value: 0, since: 0 },
            lapsed: Level { value: 0, since: 0 },
        }
    }

    #[inline]
    fn at(&mut self, t: SimTime) -> (&mut PermitDay, Option<&mut PermitTotals>) {
        let d = self.days.day_of(t);
        (self.days.at(d), (t >= self.warmup_end).then_some(&mut self.totals))
    }

    pub fn renewal_requested(&mut self, t: SimTime) {
        let (day, totals) = self.at(t);
        day.renewal_requests += 1;
        if let Some(x) = totals {
            x.renewal_requests += 1;
        }
    }

    pub fn application(&mut self, t: SimTime) {
        self.at(t).0.applications += 1;
    }

    /// The row and totals of a calendar day's back-office work (done by its end, at midnight,
    /// and dated on that day).
    fn on(&mut self, day: usize) -> (&mut PermitDay, Option<&mut PermitTotals>) {
        let counted = day as SimTime * crate::engine::MS_PER_DAY >= self.warmup_end;
        (self.days.at(day), counted.then_some(&mut self.totals))
    }

    /// An application decided in the back office of `day`, at `t` (its end).
    pub fn decision(&mut self, day: usize, t: SimTime, filed: SimTime) {
        let (row, totals) = self.on(day);
        row.decisions += 1;
        if let Some(x) = totals {
            x.decisions += 1;
            x.decision_lead_ms += t - filed;
        }
        if filed >= self.warmup_end {
            let days = ((t - filed) as f64 / crate::engine::MS_PER_DAY as f64).ceil().max(0.0);
            DecisionWaits::add(&mut self.waits.decided, days as usize);
        }
    }

    /// An application still undecided at the end of the run, `waited` ms after filing.
    pub fn undecided_at_end(&mut self, filed: SimTime, waited: SimTime) {
        let days = waited as f64 / crate::engine::MS_PER_DAY as f64;
        if days > THREE_MONTHS_DAYS {
            self.pending_over_3_months_end += 1;
        }
        if filed >= self.warmup_end {
            DecisionWaits::add(&mut self.waits.undecided, days.floor().max(0.0) as usize);
        }
    }

    /// An application found incomplete in the back office of `day`.
    pub fn incomplete(&mut self, day: usize) {
        let (row, totals) = self.on(day);
        row.incomplete_returned += 1;
        if let Some(x) = totals {
            x.incomplete_returned += 1;
        }
    }

    /// A completed application comes back to the backlog.
    pub fn resubmitted(&mut self, t: SimTime) {
        self.at(t).0.resubmitted += 1;
    }

    /// A certificate is issued; `newly_active` when the holder had none valid.
    pub fn fb_issued(&mut self, t: SimTime, newly_active: bool) {
        let (day, totals) = self.at(t);
        day.fb_issued += 1;
        if let Some(x) = totals {
            x.fb_issued += 1;
        }
        if newly_active {
            self.fb_active.change(t, 1, self.warmup_end, &mut self.totals.fb_active_area);
        }
    }

    /// A certificate stops being valid (expired, or replaced by the decision).
    pub fn fb_ended(&mut self, t: SimTime) {
        self.fb_active.change(t, -1, self.warmup_end, &mut self.totals.fb_active_area);
    }

    /// A counter visit of a case; `fb_visit` when it renewed a certificate.
    pub fn case_visit(&mut self, t: SimTime, fb_visit: bool) {
        let (day, totals) = self.at(t);
        day.fb_visits += u32::from(fb_visit);
        if let Some(x) = totals {
            x.case_visits += 1;
            x.fb_visits += u64::from(fb_visit);
        }
    }

    /// A holder's lapse starts (`first`: this holder never lapsed before) or ends.
    pub fn lapse(&mut self, t: SimTime, starts: bool, first: bool) {
        let by = if starts { 1 } else { -1 };
        self.lapsed.change(t, by, self.warmup_end, &mut self.totals.lapsed_area);
        if starts && first && t >= self.warmup_end {
            self.totals.lapsed_persons += 1;
        }
    }

    /// Midnight state of `day`; marks the first day the backlog is below `cleared_below`.
    pub fn end_of_day(&mut self, day: usize, backlog: usize, age: f64, holders: u64, cleared_below: u32) {
        let fb = self.fb_active.value;
        let lapsed = self.lapsed.value;
        if day < self.days.run_days() {
            let row = self.days.at(day);
            row.backlog_end = backlog as u32;
            row.backlog_age_mean_days = age.is_finite().then_some(age);
            row.fb_active_end = fb as u32;
            row.lapsed_end = lapsed as u32;
            row.holders_end = holders as u32;
        }
        if self.totals.backlog_cleared_day.is_none() && (backlog as u32) < cleared_below {
            self.totals.backlog_cleared_day = Some(day as u32);
        }
    }

    /// Closes the time integrals at the end of the run.
    pub fn finish(&mut self, end: SimTime) {
        self.fb_active.change(end, 0, self.warmup_end, &mut self.totals.fb_active_area);
        self.lapsed.change(end, 0, self.warmup_end, &mut self.totals.lapsed_area);
    }

    pub fn lapsed_now(&self) -> i64 {
        self.lapsed.value
    }
}
