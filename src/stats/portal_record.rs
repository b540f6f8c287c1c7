//! What the portal did, per day and case type, and the counters behind its figures.

use super::day_series::DaySeries;
use super::permit_record::DecisionWaits;
use crate::engine::{SimTime, MS_PER_MIN};

/// One row of `portal_daily.csv` (one case type, one day).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PortalDay {
    /// Booking attempts, and those that found no free slot.
    pub attempts: u32,
    pub attempts_failed: u32,
    pub booked: u32,
    /// Bookings that lapsed because they were never confirmed.
    pub unconfirmed: u32,
    /// Bookings cancelled by the client in advance.
    pub cancelled: u32,
    /// Appointments cancelled because the clerk was absent.
    pub cancelled_staff: u32,
    /// Booked slots of this day: the client did not come (true), and as the software recorded it.
    pub no_shows: u32,
    pub no_shows_recorded: u32,
    /// Booked slots of this day used by a client who booked the wrong category.
    pub wrong_category: u32,
    /// Booked slots of this day served.
    pub served: u32,
    /// Clients who gave up on the portal, and urgent ones who turned to the walk-in queue.
    pub gave_up: u32,
    pub to_walkin: u32,
    /// Days until the next free slot, seen at release time (None: closed/not probed).
    pub next_free_days: Option<f64>,
    /// Booking requests: clients' first attempts (retries are not new requests).
    pub requests: u32,
}

impl PortalDay {
    /// Adds another row (for totals over case types).
    pub fn add(&mut self, o: &PortalDay) {
        self.attempts += o.attempts;
        self.attempts_failed += o.attempts_failed;
        self.booked += o.booked;
        self.unconfirmed += o.unconfirmed;
        self.cancelled += o.cancelled;
        self.cancelled_staff += o.cancelled_staff;
        self.no_shows += o.no_shows;
        self.no_shows_recorded += o.no_shows_recorded;
        self.wrong_category += o.wrong_category;
        self.served += o.served;
        self.gave_up += o.gave_up;
        self.to_walkin += o.to_walkin;
        self.requests += o.requests;
        self.next_free_days = match (self.next_free_days, o.next_free_days) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

/// Counted after the warm-up (all case types, or one).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PortalTotals {
    /// Booking requests (first attempts).
    pub requests: u64,
    pub attempts: u64,
    pub attempts_failed: u64,
    pub bookings: u64,
    pub booking_lead_ms: i64,
    pub unconfirmed: u64,
    pub cancelled: u64,
    pub cancelled_staff: u64,
    pub duplicates_dropped: u64,
    pub gave_up: u64,
    pub to_walkin: u64,
    /// Appointments whose slot came (served, wrong category or no-show).
    pub due: u64,
    pub no_shows: u64,
    pub no_shows_recorded: u64,
    pub wrong_category: u64,
    pub served: u64,
    pub delay_ms: i64,
    /// Clients who reached an appointment: their attempts and time since first contact.
    pub reached: u64,
    pub reached_attempts: u64,
    pub reached_wait_ms: i64,
    pub next_free_n: u64,
    pub next_free_max: f64,
    /// Days until the next free slot weighted by the day's booking requests: the sum of
    /// days × requests, and of the requests (days probed only).
    pub next_free_weighted: f64,
    pub next_free_weight: u64,
    /// Days probed, and those on which a case type was booked out beyond the horizon (the
    /// office's totals only).
    pub probed_days: u64,
    pub booked_out_days: u64,
}

impl PortalTotals {
    /// Adds another case type's totals (for a team or the office).
    pub fn merge(&mut self, o: &PortalTotals) {
        let max = self.next_free_max.max(o.next_free_max);
        let sums = [
            (&mut self.requests, o.requests),
            (&mut self.attempts, o.attempts),
            (&mut self.attempts_failed, o.attempts_failed),
            (&mut self.bookings, o.bookings),
            (&mut self.unconfirmed, o.unconfirmed),
            (&mut self.cancelled, o.cancelled),
            (&mut self.cancelled_staff, o.cancelled_staff),
            (&mut self.duplicates_dropped, o.duplicates_dropped),
            (&mut self.gave_up, o.gave_up),
            (&mut self.to_walkin, o.to_walkin),
            (&mut self.due, o.due),
            (&mut self.no_shows, o.no_shows),
            (&mut self.no_shows_recorded, o.no_shows_recorded),
            (&mut self.wrong_category, o.wrong_category),
            (&mut self.served, o.served),
            (&mut self.reached, o.reached),
            (&mut self.reached_attempts, o.reached_attempts),
            (&mut self.next_free_n, o.next_free_n),
            (&mut self.next_free_weight, o.next_free_weight),
            (&mut self.probed_days, o.probed_days),
            (&mut self.booked_out_days, o.booked_out_days),
        ];
        for (a, b) in sums {
            *a += b;
        }
        self.booking_lead_ms += o.booking_lead_ms;
        self.delay_ms += o.delay_ms;
        self.reached_wait_ms += o.reached_wait_ms;
        self.next_free_weighted += o.next_free_weighted;
        self.next_free_max = max;
    }

    /// Days until the next free slot as a citizen meets it: the mean over the days probed,
    /// weighted by each day's booking requests (NaN: no request on a day probed).
    pub fn next_free_days_mean(&self) -> f64 {
        if self.next_free_weight > 0 {
            self.next_free_weighted / self.next_free_weight as f64
        } else {
            f64::NAN
        }
    }
}

#[derive(Debug, Clone)]
pub struct PortalRecord {
    warmup_end: SimTime,
    end: SimTime,
    /// Indexed by day, then case type.
    pub days: DaySeries<Vec<PortalDay>>,
    /// The whole office, and per case type.
    pub totals: PortalTotals,
    pub cases: Vec<PortalTotals>,
    /// Per case type: days from first contact to the appointment of the clients whose first
    /// booking attempt came after the warm-up; those not (yet) served at a booked slot are
    /// censored at the end of the run.
    pub appointment_waits: Vec<DecisionWaits>,
}

impl PortalRecord {
    /// `days`: a blank row per case type for each day; `end`: the end of the run.
    pub fn new(days: DaySeries<Vec<PortalDay>>, warmup_end: SimTime, end: SimTime) -> Self {
        let cases = days.blank().len();
        PortalRecord {
            warmup_end,
            end,
            days,
            totals: PortalTotals::default(),
            cases: vec![PortalTotals::default(); cases],
            appointment_waits: vec![DecisionWaits::default(); cases],
        }
    }

    /// The day's row of `case`, and the totals to count in (the office's and the case
    /// type's) when `t` is after the warm-up.
    #[inline(always)]
    fn at(&mut self, t: SimTime, case: usize) -> (&mut PortalDay, Option<[&mut PortalTotals; 2]>) {
        let d = self.days.day_of(t);
        let counted = t >= self.warmup_end;
        (&mut self.days.at(d)[case], counted.then_some([&mut self.totals, &mut self.cases[case]]))
    }

    /// A booking attempt; `first` when it is the client's first (a new request), made by a
    /// client who first contacted the office at `arrival`.
    pub fn attempt(&mut self, t: SimTime, case: usize, found: bool, first: bool, arrival: SimTime) {
        let (day, totals) = self.at(t, case);
        day.attempts += 1;
        day.attempts_failed += u32::from(!found);
        day.requests += u32::from(first);
        for x in totals.into_iter().flatten() {
            x.attempts += 1;
            x.attempts_failed += u64::from(!found);
            x.requests += u64::from(first);
        }
        if first && arrival >= self.warmup_end {
            // Censored at the end until served at a booked slot (see `reached`).
            self.appointment_waits[case].waiting(whole_days(self.end - arrival, false));
        }
    }

    pub fn booked(&mut self, t: SimTime, case: usize, slot_start: SimTime) {
        let (day, totals) = self.at(t, case);
        day.booked += 1;
        for x in totals.into_iter().flatten() {
            x.bookings += 1;
            x.booking_lead_ms += slot_start - t;
        }
    }

    pub fn unconfirmed(&mut self, t: SimTime, case: usize) {
        let (day, totals) = self.at(t, case);
        day.unconfirmed += 1;
        for x in totals.into_iter().flatten() {
            x.unconfirmed += 1;
        }
    }

    pub fn cancelled(&mut self, t: SimTime, case: usize) {
        let (day, totals) = self.at(t, case);
        day.cancelled += 1;
        for x in totals.into_iter().flatten() {
            x.cancelled += 1;
        }
    }

    pub fn cancelled_staff(&mut self, t: SimTime, case: usize) {
        let (day, totals) = self.at(t, case);
        day.cancelled_staff += 1;
        for x in totals.into_iter().flatten() {
            x.cancelled_staff += 1;
        }
    }

    /// A duplicate booker's extra slot dropped (counted for the office only: the slot's
    /// case type is not known).
    pub fn duplicate_dropped(&mut self, t: SimTime) {
        if t >= self.warmup_end {
            self.totals.duplicates_dropped += 1;
        }
    }

    pub fn gave_up(&mut self, t: SimTime, case: usize, to_walkin: bool) {
        let (day, totals) = self.at(t, case);
        if to_walkin {
            day.to_walkin += 1;
        } else {
            day.gave_up += 1;
        }
        for x in totals.into_iter().flatten() {
            if to_walkin {
                x.to_walkin += 1;
            } else {
                x.gave_up += 1;
            }
        }
    }

    /// A booked slot comes: the outcome as it happened and as the software recorded it.
    pub fn slot_outcome(&mut self, slot_start: SimTime, case: usize, outcome: SlotOutcome, recorded_no_show: bool) {
        let (day, totals) = self.at(slot_start, case);
        match outcome {
            SlotOutcome::NoShow => day.no_shows += 1,
            SlotOutcome::WrongCategory => day.wrong_category += 1,
            SlotOutcome::Served => day.served += 1,
        }
        day.no_shows_recorded += u32::from(recorded_no_show);
        for x in totals.into_iter().flatten() {
            x.due += 1;
            x.no_shows_recorded += u64::from(recorded_no_show);
            match outcome {
                SlotOutcome::NoShow => x.no_shows += 1,
                SlotOutcome::WrongCategory => x.wrong_category += 1,
                SlotOutcome::Served => x.served += 1,
            }
        }
    }

    /// A booked client's service starts `start - slot_start` late.
    pub fn service_delay(&mut self, slot_start: SimTime, case: usize, delay: SimTime) {
        if slot_start >= self.warmup_end {
            self.totals.delay_ms += delay;
            self.cases[case].delay_ms += delay;
        }
    }

    /// A client reaches the counter through the portal after `attempts` attempts, having first
    /// contacted the office at `first_contact`.
    pub fn reached(&mut self, slot_start: SimTime, case: usize, attempts: u32, first_contact: SimTime) {
        if slot_start >= self.warmup_end {
            for x in [&mut self.totals, &mut self.cases[case]] {
                x.reached += 1;
                x.reached_attempts += attempts as u64;
                x.reached_wait_ms += slot_start - first_contact;
            }
        }
        if first_contact >= self.warmup_end {
            let waits = &mut self.appointment_waits[case];
            if waits.take_back_waiting(whole_days(self.end - first_contact, false)) {
                waits.done(whole_days(slot_start - first_contact, true));
            }
        }
    }

    /// The day closes: the next-free days probed today, weighted by today's booking requests,
    /// go into the totals, and whether a case type was booked out beyond its horizon
    /// (`horizons[case]`, its booking tool's).
    /// Returns the day's request-weighted mean over case types (None: no request on a case
    /// type probed) and the largest (None: nothing probed).
    pub fn close_day(&mut self, day: usize, horizons: &[f64]) -> (Option<f64>, Option<f64>) {
        if day >= self.days.run_days() {
            return (None, None);
        }
        let counted = day as SimTime * crate::engine::MS_PER_DAY >= self.warmup_end;
        let (mut weighted, mut weight, mut worst, mut booked_out) = (0.0, 0u64, None::<f64>, false);
        let PortalRecord { days: series, totals, cases, .. } = self;
        for (case, row) in series.at(day).iter().enumerate() {
            let Some(days) = row.next_free_days else { continue };
            worst = Some(worst.map_or(days, |w| w.max(days)));
            booked_out |= days > horizons[case];
            let requests = u64::from(row.requests);
            weighted += days * requests as f64;
            weight += requests;
            if counted {
                for x in [&mut *totals, &mut cases[case]] {
                    x.next_free_weighted += days * requests as f64;
                    x.next_free_weight += requests;
                }
            }
        }
        if counted && worst.is_some() {
            self.totals.probed_days += 1;
            self.totals.booked_out_days += u64::from(booked_out);
        }
        ((weight > 0).then(|| weighted / weight as f64), worst)
    }

    /// The daily probe: days until the next free slot for a case type.
    pub fn next_free(&mut self, t: SimTime, case: usize, days: f64) {
        let (day, totals) = self.at(t, case);
        day.next_free_days = Some(days);
        for x in totals.into_iter().flatten() {
            x.next_free_n += 1;
            x.next_free_max = x.next_free_max.max(days);
        }
    }

    /// Totals of one day over case types.
    pub fn day_total(&self, day: usize) -> PortalDay {
        let mut total = PortalDay::default();
        for row in self.days.get(day).into_iter().flatten() {
            total.add(row);
        }
        total
    }
}

/// What happened when a booked slot came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotOutcome {
    NoShow,
    WrongCategory,
    Served,
}

/// Whole days of a span: rounded up (a wait that ended) or down (a wait still running).
fn whole_days(ms: SimTime, up: bool) -> usize {
    let days = ms as f64 / crate::engine::MS_PER_DAY as f64;
    if up {
        crate::engine::ceil_to_usize(days)
    } else {
        crate::engine::floor_to_usize(days)
    }
}

/// Minutes as f64 (for delays).
pub fn ms_min(ms: i64) -> f64 {
    ms as f64 / MS_PER_MIN as f64
}
