//! The permit loop per day: renewals, backlog, decisions, provisional certificates, and the
//! time holders spend without a valid document.

use super::day_series::DaySeries;
use crate::engine::SimTime;
use crate::model::holders::Situation;

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
    /// Holders without a valid document at midnight, by why (`Situation::expired_part`).
    pub expired_end: [u32; 3],
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

/// Waits are kept to a year: a case done later counts as still waiting at `DAYS_KEPT` days
/// (censored there), so the curve beyond a year, and a median or percentile there, is
/// undefined, and a ten-year run needs no more memory than a one-year run.
pub const DAYS_KEPT: usize = 366;

impl DecisionWaits {
    fn add(counts: &mut Vec<u64>, day: usize) {
        if counts.len() <= day {
            counts.resize(day + 1, 0);
        }
        counts[day] += 1;
    }

    /// A case done after `days` whole days (rounded up).
    pub fn done(&mut self, days: usize) {
        if days > DAYS_KEPT {
            self.waiting(days);
        } else {
            Self::add(&mut self.decided, days);
        }
    }

    /// A case still waiting after `days` whole days (rounded down).
    pub fn waiting(&mut self, days: usize) {
        Self::add(&mut self.undecided, days.min(DAYS_KEPT));
    }

    /// Takes back a `waiting(days)`; false if there was none.
    pub fn take_back_waiting(&mut self, days: usize) -> bool {
        match self.undecided.get_mut(days.min(DAYS_KEPT)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// Adds another cohort's counts (case types merged into a team or the office).
    pub fn merge(&mut self, other: &DecisionWaits) {
        for (mine, theirs) in [(&mut self.decided, &other.decided), (&mut self.undecided, &other.undecided)] {
            if mine.len() < theirs.len() {
                mine.resize(theirs.len(), 0);
            }
            mine.iter_mut().zip(theirs).for_each(|(a, b)| *a += b);
        }
    }

    /// Whether any case is in the cohort.
    pub fn any(&self) -> bool {
        self.decided.iter().chain(&self.undecided).any(|&n| n > 0)
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

/// What the permit loop did for one case type (after the warm-up; the waits of the cohort
/// filed after it; the state at the end).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CasePermits {
    pub decisions: u64,
    /// Waits for a decision of the applications filed after the warm-up.
    pub waits: DecisionWaits,
    /// Applications waiting or partly worked at the end (as `backlog_end`), and those
    /// undecided (also those out with their clients) filed more than three months before.
    pub backlog_end: u64,
    pub pending_over_3_months_end: u64,
    /// Holder-ms without a valid document, by why (`Situation::expired_part`).
    pub expired_area: [i64; 3],
    /// Holders with a whole day on end without a valid document.
    pub expired_persons: u64,
}

impl CasePermits {
    /// Adds another case type's record (for a team or the office).
    pub fn merge(&mut self, o: &CasePermits) {
        self.decisions += o.decisions;
        self.waits.merge(&o.waits);
        self.backlog_end += o.backlog_end;
        self.pending_over_3_months_end += o.pending_over_3_months_end;
        for (a, b) in self.expired_area.iter_mut().zip(o.expired_area) {
            *a += b;
        }
        self.expired_persons += o.expired_persons;
    }
}

#[derive(Debug, Clone)]
pub struct PermitRecord {
    warmup_end: SimTime,
    pub days: DaySeries<PermitDay>,
    pub totals: PermitTotals,
    pub holders: HolderBalance,
    /// Per case type.
    pub cases: Vec<CasePermits>,
    fb_active: Level,
    /// Holders without a valid document, per case type and part.
    expired: Vec<[Level; 3]>,
}

impl PermitRecord {
    pub fn new(days: DaySeries<PermitDay>, warmup_end: SimTime, cases: usize) -> Self {
        PermitRecord {
            warmup_end,
            days,
            totals: PermitTotals::default(),
            holders: HolderBalance::default(),
            cases: vec![CasePermits::default(); cases],
            fb_active: Level { value: 0, since: 0 },
            expired: vec![[Level { value: 0, since: 0 }; 3]; cases],
        }
    }

    /// The whole office: every case type's record merged.
    pub fn office(&self) -> CasePermits {
        let mut all = CasePermits::default();
        self.cases.iter().for_each(|c| all.merge(c));
        all
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

    /// An application of `case` decided in the back office of `day`, at `t` (its end).
    pub fn decision(&mut self, day: usize, t: SimTime, case: usize, filed: SimTime) {
        let (row, totals) = self.on(day);
        row.decisions += 1;
        if let Some(x) = totals {
            x.decisions += 1;
            x.decision_lead_ms += t - filed;
            self.cases[case].decisions += 1;
        }
        if filed >= self.warmup_end {
            let days = crate::engine::ceil_to_usize((t - filed) as f64 / crate::engine::MS_PER_DAY as f64);
            self.cases[case].waits.done(days);
        }
    }

    /// An application of `case` still undecided at the end of the run, `waited` ms after
    /// filing; `in_backlog` unless it is out with its client to be completed.
    pub fn undecided_at_end(&mut self, case: usize, filed: SimTime, waited: SimTime, in_backlog: bool) {
        let days = waited as f64 / crate::engine::MS_PER_DAY as f64;
        let record = &mut self.cases[case];
        record.backlog_end += u64::from(in_backlog);
        if days > THREE_MONTHS_DAYS {
            record.pending_over_3_months_end += 1;
        }
        if filed >= self.warmup_end {
            record.waits.waiting(crate::engine::floor_to_usize(days));
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

    /// A holder of `case` moves from one situation to another (`Situation::expired_part`).
    pub fn situation(&mut self, t: SimTime, case: usize, from: Situation, to: Situation) {
        let (levels, areas) = (&mut self.expired[case], &mut self.cases[case].expired_area);
        if let Some(p) = from.expired_part() {
            levels[p].change(t, -1, self.warmup_end, &mut areas[p]);
        }
        if let Some(p) = to.expired_part() {
            levels[p].change(t, 1, self.warmup_end, &mut areas[p]);
        }
    }

    /// Whether a spell without a valid document from `start` to `end` holds a whole day (24
    /// hours) after the warm-up.
    pub fn whole_expired_day(&self, start: SimTime, end: SimTime) -> bool {
        end - start.max(self.warmup_end) >= crate::engine::MS_PER_DAY
    }

    /// A holder of `case` counted among the people with a whole day without a valid document.
    pub fn expired_person(&mut self, case: usize) {
        self.cases[case].expired_persons += 1;
    }

    /// Holders without a valid document now, by part.
    pub fn expired_now(&self) -> [i64; 3] {
        let mut now = [0; 3];
        for levels in &self.expired {
            for (n, level) in now.iter_mut().zip(levels) {
                *n += level.value;
            }
        }
        now
    }

    /// Midnight state of `day`; marks the first day the backlog is below `cleared_below`.
    /// `cleared`: from which day, and below which size, the backlog counts as cleared.
    pub fn end_of_day(&mut self, day: usize, backlog: usize, age: f64, holders: u64, cleared: (usize, u32)) {
        let (cleared_from, cleared_below) = cleared;
        let fb = self.fb_active.value;
        let expired = self.expired_now();
        if day < self.days.run_days() {
            let row = self.days.at(day);
            row.backlog_end = backlog as u32;
            row.backlog_age_mean_days = age.is_finite().then_some(age);
            row.fb_active_end = fb as u32;
            row.expired_end = expired.map(|n| n as u32);
            row.holders_end = holders as u32;
        }
        if self.totals.backlog_cleared_day.is_none() && day >= cleared_from && (backlog as u32) < cleared_below {
            self.totals.backlog_cleared_day = Some(day as u32);
        }
    }

    /// Closes the time integrals at the end of the run.
    pub fn finish(&mut self, end: SimTime) {
        self.fb_active.change(end, 0, self.warmup_end, &mut self.totals.fb_active_area);
        for (levels, case) in self.expired.iter_mut().zip(&mut self.cases) {
            for (level, area) in levels.iter_mut().zip(&mut case.expired_area) {
                level.change(end, 0, self.warmup_end, area);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::MS_PER_DAY;

    #[test]
    fn a_whole_day_without_a_document_is_24_hours_after_the_warm_up() {
        let r = PermitRecord::new(DaySeries::new(10, true, PermitDay::default()), 2 * MS_PER_DAY, 1);
        assert!(r.whole_expired_day(3 * MS_PER_DAY, 4 * MS_PER_DAY));
        assert!(!r.whole_expired_day(3 * MS_PER_DAY, 4 * MS_PER_DAY - 1));
        // Only the part after the warm-up counts.
        assert!(!r.whole_expired_day(0, 3 * MS_PER_DAY - 1));
        assert!(r.whole_expired_day(0, 3 * MS_PER_DAY));
    }

    #[test]
    fn the_time_without_a_document_is_kept_per_part() {
        let mut r = PermitRecord::new(DaySeries::new(10, true, PermitDay::default()), 0, 2);
        let h = MS_PER_DAY / 24;
        r.situation(0, 1, Situation::Covered, Situation::Searching);
        r.situation(5 * h, 1, Situation::Searching, Situation::WaitingAppointment);
        r.situation(9 * h, 1, Situation::WaitingAppointment, Situation::Backoffice);
        r.situation(10 * h, 0, Situation::Covered, Situation::Backoffice);
        r.finish(12 * h);
        assert_eq!(r.cases[1].expired_area, [4 * h, 5 * h, 3 * h]);
        assert_eq!(r.cases[0].expired_area, [0, 0, 2 * h]);
        assert_eq!(r.office().expired_area, [4 * h, 5 * h, 5 * h]);
        assert_eq!(r.expired_now(), [0, 0, 2]);
    }
}
