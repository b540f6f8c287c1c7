//! What the portal did, per day and case type, and the counters behind its figures.

use super::day_series::DaySeries;
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
        self.next_free_days = match (self.next_free_days, o.next_free_days) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

/// Counted after the warm-up (all case types).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PortalTotals {
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
    pub next_free_sum: f64,
    pub next_free_n: u64,
    pub next_free_max: f64,
}

#[derive(Debug, Clone)]
pub struct PortalRecord {
    warmup_end: SimTime,
    /// Indexed by day, then case type.
    pub days: DaySeries<Vec<PortalDay>>,
    pub totals: PortalTotals,
}

impl PortalRecord {
    /// `days`: a blank row per case type for each day.
    pub fn new(days: DaySeries<Vec<PortalDay>>, warmup_end: SimTime) -> Self {
        PortalRecord { warmup_end, days, totals: PortalTotals::default() }
    }

    #[inline(always)]
    fn at(&mut self, t: SimTime, case: usize) -> (&mut PortalDay, Option<&mut PortalTotals>) {
        let d = self.days.day_of(t);
        let counted = t >= self.warmup_end;
        (&mut self.days.at(d)[case], counted.then_some(&mut self.totals))
    }

    pub fn attempt(&mut self, t: SimTime, case: usize, found: bool) {
        let (day, totals) = self.at(t, case);
        day.attempts += 1;
        day.attempts_failed += u32::from(!found);
        if let Some(x) = totals {
            x.attempts += 1;
            x.attempts_failed += u64::from(!found);
        }
    }

    pub fn booked(&mut self, t: SimTime, case: usize, slot_start: SimTime) {
        let (day, totals) = self.at(t, case);
        day.booked += 1;
        if let Some(x) = totals {
            x.bookings += 1;
            x.booking_lead_ms += slot_start - t;
        }
    }

    pub fn unconfirmed(&mut self, t: SimTime, case: usize) {
        let (day, totals) = self.at(t, case);
        day.unconfirmed += 1;
        if let Some(x) = totals {
            x.unconfirmed += 1;
        }
    }

    pub fn cancelled(&mut self, t: SimTime, case: usize) {
        let (day, totals) = self.at(t, case);
        day.cancelled += 1;
        if let Some(x) = totals {
            x.cancelled += 1;
        }
    }

    pub fn cancelled_staff(&mut self, t: SimTime, case: usize) {
        let (day, totals) = self.at(t, case);
        day.cancelled_staff += 1;
        if let Some(x) = totals {
            x.cancelled_staff += 1;
        }
    }

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
        if let Some(x) = totals {
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
        if let Some(x) = totals {
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
    pub fn service_delay(&mut self, slot_start: SimTime, delay: SimTime) {
        if slot_start >= self.warmup_end {
            self.totals.delay_ms += delay;
        }
    }

    /// A client reaches the counter through the portal after `attempts` attempts, having first
    /// contacted the office at `first_contact`.
    pub fn reached(&mut self, slot_start: SimTime, attempts: u32, first_contact: SimTime) {
        if slot_start >= self.warmup_end {
            self.totals.reached += 1;
            self.totals.reached_attempts += attempts as u64;
            self.totals.reached_wait_ms += slot_start - first_contact;
        }
    }

    /// The daily probe: days until the next free slot for a case type.
    pub fn next_free(&mut self, t: SimTime, case: usize, days: f64) {
        let (day, totals) = self.at(t, case);
        day.next_free_days = Some(days);
        if let Some(x) = totals {
            x.next_free_sum += days;
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

/// Minutes as f64 (for delays).
pub fn ms_min(ms: i64) -> f64 {
    ms as f64 / MS_PER_MIN as f64
}
