//! What one replication records: per-day rows and the counters behind the summary figures.
//!
//! The model calls these methods as things happen; the recorder knows nothing of how the
//! model works. Summary counters include only what happens after the warm-up; day rows and
//! the conservation counts cover the whole run.

use crate::engine::{SimTime, MS_PER_DAY};

/// One row of `daily.csv` (without the replication and date columns).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayRecord {
    pub arrivals: u32,
    pub walkin_arrivals: u32,
    pub bookings: u32,
    pub booking_attempts_failed: u32,
    pub appointments_served: u32,
    pub no_shows: u32,
    pub walkin_served: u32,
    pub walkin_sent_home: u32,
    /// Walk-ins waiting when the office first opened that day (None on closed days).
    pub walkin_queue_at_opening: Option<u32>,
    pub walkin_queue_max: u32,
    pub walkin_queue_end: u32,
    pub appointments_pending_end: u32,
    /// Applications waiting for a back-office decision at midnight (0 without a back office).
    pub backlog_end: u32,
    pub staff_present: u32,
    /// Clerk minutes of service started this day.
    pub counter_busy_min: f64,
    /// Clerk minutes on duty in opening hours this day.
    pub counter_open_min: f64,
}

/// Where every client created ended up (whole run, warm-up included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Conservation {
    pub created: u64,
    pub served: u64,
    pub no_shows: u64,
    pub sent_home: u64,
    pub booking_failed: u64,
    pub waiting_end: u64,
    pub pending_end: u64,
}

impl Conservation {
    /// Clients accounted for; equals `created` when no client is lost or counted twice.
    pub fn accounted(&self) -> u64 {
        self.served + self.no_shows + self.sent_home + self.booking_failed + self.waiting_end + self.pending_end
    }
}

/// Counters of one replication.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    warmup_end: SimTime,
    pub days: Vec<DayRecord>,
    pub conservation: Conservation,
    pub walkin_arrivals: u64,
    pub walkin_served: u64,
    pub walkin_waited: u64,
    pub walkin_wait_ms: i64,
    pub walkin_sent_home: u64,
    /// Integral of the walk-in queue length over time after the warm-up (client-ms).
    pub queue_area: i64,
    /// Sum over clients of the part of their wait that lies after the warm-up (client-ms).
    /// Equal to `queue_area` by construction (Little's law on the sample path).
    pub queue_wait_overlap: i64,
    queue_len: i64,
    queue_since: SimTime,
    pub bookings: u64,
    pub booking_attempts_failed: u64,
    pub booking_lead_ms: i64,
    pub appointments_due: u64,
    pub appointments_served: u64,
    pub appointment_delay_ms: i64,
    pub no_shows: u64,
    pub counter_busy_ms: i64,
    pub counter_open_ms: i64,
    pub counted_ms: i64,
}

impl Recorder {
    pub fn new(days: u32, warmup_end: SimTime) -> Self {
        Recorder {
            warmup_end,
            days: vec![DayRecord::default(); days as usize],
            queue_since: warmup_end,
            ..Default::default()
        }
    }

    fn counted(&self, t: SimTime) -> bool {
        t >= self.warmup_end
    }

    fn day(&mut self, t: SimTime) -> &mut DayRecord {
        let d = ((t / MS_PER_DAY) as usize).min(self.days.len() - 1);
        &mut self.days[d]
    }

    /// The walk-in queue length changes to `len` at `t`.
    fn queue_to(&mut self, t: SimTime, len: usize) {
        if t > self.queue_since {
            self.queue_area += self.queue_len * (t - self.queue_since);
            self.queue_since = t;
        }
        self.queue_len = len as i64;
        let day = self.day(t);
        day.walkin_queue_max = day.walkin_queue_max.max(len as u32);
    }

    /// The part of a wait [arrival, left) after the warm-up.
    fn wait_overlap(&mut self, arrival: SimTime, left: SimTime) {
        self.queue_wait_overlap += (left - arrival.max(self.warmup_end)).max(0);
    }

    pub fn client_created(&mut self, t: SimTime) {
        self.conservation.created += 1;
        self.day(t).arrivals += 1;
    }

    pub fn walkin_arrived(&mut self, t: SimTime, queue_len: usize) {
        self.day(t).walkin_arrivals += 1;
        if self.counted(t) {
            self.walkin_arrivals += 1;
        }
        self.queue_to(t, queue_len);
    }

    /// A walk-in's service starts at `t` after arriving at `arrival`.
    pub fn walkin_started(&mut self, t: SimTime, arrival: SimTime, service_ms: SimTime, queue_len: usize) {
        self.conservation.served += 1;
        self.day(t).walkin_served += 1;
        self.queue_to(t, queue_len);
        self.wait_overlap(arrival, t);
        if self.counted(arrival) {
            self.walkin_served += 1;
            self.walkin_wait_ms += t - arrival;
            self.walkin_waited += u64::from(t > arrival);
        }
        self.busy(t, service_ms);
    }

    pub fn walkin_sent_home(&mut self, t: SimTime, arrival: SimTime, queue_len: usize) {
        self.conservation.sent_home += 1;
        self.day(t).walkin_sent_home += 1;
        self.queue_to(t, queue_len);
        self.wait_overlap(arrival, t);
        if self.counted(t) {
            self.walkin_sent_home += 1;
        }
    }

    pub fn day_opened(&mut self, t: SimTime, queue_len: usize) {
        let day = self.day(t);
        if day.walkin_queue_at_opening.is_none() {
            day.walkin_queue_at_opening = Some(queue_len as u32);
        }
    }

    pub fn booked(&mut self, t: SimTime, slot_start: SimTime) {
        self.day(t).bookings += 1;
        if self.counted(t) {
            self.bookings += 1;
            self.booking_lead_ms += slot_start - t;
        }
    }

    pub fn booking_failed(&mut self, t: SimTime) {
        self.conservation.booking_failed += 1;
        self.day(t).booking_attempts_failed += 1;
        if self.counted(t) {
            self.booking_attempts_failed += 1;
        }
    }

    pub fn no_show(&mut self, t: SimTime) {
        self.conservation.no_shows += 1;
        self.day(t).no_shows += 1;
        if self.counted(t) {
            self.appointments_due += 1;
            self.no_shows += 1;
        }
    }

    /// A booked client's service starts at `start` for the slot beginning at `slot_start`.
    pub fn appointment_started(&mut self, slot_start: SimTime, start: SimTime, service_ms: SimTime) {
        self.conservation.served += 1;
        self.day(slot_start).appointments_served += 1;
        if self.counted(slot_start) {
            self.appointments_due += 1;
            self.appointments_served += 1;
            self.appointment_delay_ms += start - slot_start;
        }
        self.busy(start, service_ms);
    }

    fn busy(&mut self, t: SimTime, service_ms: SimTime) {
        self.day(t).counter_busy_min += service_ms as f64 / 60_000.0;
        if self.counted(t) {
            self.counter_busy_ms += service_ms;
        }
    }

    /// `clerks` clerks are on duty for the opening interval [start, end).
    pub fn on_duty(&mut self, start: SimTime, end: SimTime, clerks: u32) {
        let mut t = start;
        while t < end {
            let day_end = (t / MS_PER_DAY + 1) * MS_PER_DAY;
            let piece_end = end.min(day_end);
            let day = self.day(t);
            day.counter_open_min += (piece_end - t) as f64 / 60_000.0 * clerks as f64;
            day.staff_present = clerks;
            let counted_from = t.max(self.warmup_end);
            if piece_end > counted_from {
                self.counter_open_ms += (piece_end - counted_from) * clerks as i64;
            }
            t = piece_end;
        }
    }

    /// End-of-day state, recorded at midnight.
    pub fn end_of_day(&mut self, day: usize, walkin_waiting: usize, pending: usize) {
        if let Some(d) = self.days.get_mut(day) {
            d.walkin_queue_end = walkin_waiting as u32;
            d.appointments_pending_end = pending as u32;
        }
    }

    /// Closes the books at the end of the run.
    pub fn finish(&mut self, end: SimTime, waiting_arrivals: impl Iterator<Item = SimTime>, pending: usize) {
        let len = self.queue_len as usize;
        self.queue_to(end, len);
        let mut waiting = 0;
        for arrival in waiting_arrivals {
            self.wait_overlap(arrival, end);
            waiting += 1;
        }
        self.conservation.waiting_end = waiting;
        self.conservation.pending_end = pending as u64;
        self.counted_ms = end - self.warmup_end;
    }
}
