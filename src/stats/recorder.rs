//! What one replication records: per-day rows and the counters behind the summary figures.
//!
//! The model calls these methods as things happen; the recorder knows nothing of how the
//! model works. Summary counters include only what happens after the warm-up; day rows and
//! the conservation counts cover the whole run. Portal and staff details live in their own
//! records (`portal_record`, `staff_record`).

use super::day_series::DaySeries;
use super::permit_record::PermitRecord;
use super::portal_record::PortalRecord;
use super::staff_record::StaffRecord;
use crate::engine::{SimTime, MS_PER_DAY, MS_PER_HOUR, MS_PER_MIN};

/// One row of `daily.csv` (without the replication and date columns).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayRecord {
    pub arrivals: u32,
    pub walkin_arrivals: u32,
    pub walkin_served: u32,
    pub walkin_sent_home: u32,
    /// Walk-ins waiting when walk-in hours first opened that day (None on closed days).
    pub walkin_queue_at_opening: Option<u32>,
    /// Clock time (hours after midnight; negative: the evening before) at which the first
    /// person queueing for this day arrived.
    pub walkin_first_arrival_clock_h: Option<f64>,
    pub walkin_queue_max: u32,
    pub walkin_queue_end: u32,
    pub walkin_wait_max_min: f64,
    pub appointments_pending_end: u32,
    /// Applications waiting for a back-office decision at midnight (0 without a back office).
    pub backlog_end: u32,
    /// Clerk minutes of counter service started this day.
    pub counter_busy_min: f64,
    /// Clerk minutes on duty at the counter this day.
    pub counter_open_min: f64,
    /// Portal capacity of the day (slot-minutes published) and the part booked at midnight.
    pub slot_minutes_published: f64,
    pub slot_minutes_booked: f64,
    /// Days until the next free slot (probe at release time), the mean over case types
    /// weighted by the day's booking requests (None: no request on a case type probed).
    pub portal_next_free_days: Option<f64>,
    /// The largest over case types (None: nothing probed).
    pub portal_next_free_days_max: Option<f64>,
}

/// Where every client created ended up (whole run, warm-up included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Conservation {
    pub created: u64,
    /// Left after a completed service.
    pub served: u64,
    pub no_shows: u64,
    /// Sent home at closing and did not come back.
    pub sent_home: u64,
    /// Gave up on the portal (not urgent, patience used up).
    pub gave_up: u64,
    /// Left the walk-in queue when their patience ran out, and did not come back.
    pub abandoned: u64,
    /// Cancelled their booking in advance.
    pub cancelled: u64,
    /// Still in the system at the end (waiting, booked, retrying or in service).
    pub in_system_end: u64,
    /// Of those: in the walk-in queue, and holding a booked slot.
    pub waiting_end: u64,
    pub pending_end: u64,
}

impl Conservation {
    /// Clients accounted for; equals `created` when no client is lost or counted twice.
    pub fn accounted(&self) -> u64 {
        self.served
            + self.no_shows
            + self.sent_home
            + self.gave_up
            + self.abandoned
            + self.cancelled
            + self.in_system_end
    }
}

/// Wait histogram in whole minutes up to 3 days, for quantiles without storing every wait.
const WAIT_BINS: usize = 3 * 1440 + 1;

/// Sums over the days after the warm-up of what the key figures average per day.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountedDays {
    pub arrivals: f64,
    /// Sum and number of the days with walk-in hours.
    pub queue_at_opening: (f64, usize),
    /// Sum and number of the days on which someone queued.
    pub first_arrival_clock_h: (f64, usize),
    /// Least-squares sums of the waiting work at midnight (walk-in queue and undecided
    /// applications) against the counted day's number: n, Σx, Σy, Σxy, Σx².
    pub waiting_trend: [f64; 5],
}

impl CountedDays {
    /// Growth of the waiting work per day (least-squares slope; 0 with fewer than 2 days).
    pub fn waiting_growth_per_day(&self) -> f64 {
        let [n, sx, sy, sxy, sxx] = self.waiting_trend;
        let den = n * sxx - sx * sx;
        if n < 2.0 || den <= 0.0 {
            return 0.0;
        }
        (n * sxy - sx * sy) / den
    }
}

impl CountedDays {
    /// Adds a closed day's row.
    fn add(&mut self, d: &DayRecord) {
        self.arrivals += d.arrivals as f64;
        if let Some(q) = d.walkin_queue_at_opening {
            self.queue_at_opening.0 += q as f64;
            self.queue_at_opening.1 += 1;
        }
        if let Some(h) = d.walkin_first_arrival_clock_h {
            self.first_arrival_clock_h.0 += h;
            self.first_arrival_clock_h.1 += 1;
        }
        let (x, y) = (self.waiting_trend[0], (d.walkin_queue_end + d.backlog_end) as f64);
        let t = &mut self.waiting_trend;
        *t = [t[0] + 1.0, t[1] + x, t[2] + y, t[3] + x * y, t[4] + x * x];
    }
}

/// One case type's walk-ins (after the warm-up): arrivals, services started, visits sent
/// home and people sent home for the first time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WalkinCase {
    pub arrivals: u64,
    pub served: u64,
    pub sent_home: u64,
    pub sent_home_people: u64,
}

impl WalkinCase {
    pub fn merge(&mut self, o: &WalkinCase) {
        self.arrivals += o.arrivals;
        self.served += o.served;
        self.sent_home += o.sent_home;
        self.sent_home_people += o.sent_home_people;
    }
}

/// Counters of one replication.
#[derive(Debug, Clone)]
pub struct Recorder {
    warmup_end: SimTime,
    pub days: DaySeries<DayRecord>,
    /// Filled at each midnight, so that the key figures do not need the day rows.
    pub counted_days: CountedDays,
    pub portal: PortalRecord,
    pub staff: StaffRecord,
    pub permits: PermitRecord,
    pub enquiries: super::EnquiryRecord,
    pub costs: super::CostRecord,
    pub conservation: Conservation,
    pub walkin_arrivals: u64,
    pub walkin_served: u64,
    pub walkin_waited: u64,
    pub walkin_wait_ms: i64,
    pub walkin_wait_hist: Vec<u32>,
    pub walkin_sent_home: u64,
    /// Distinct people sent home at least once, and the summed waits of those sent home (ms).
    pub walkin_sent_home_people: u64,
    pub walkin_sent_home_wait_ms: i64,
    pub walkin_returned: u64,
    /// Walk-in visits that ended with leaving impatient, and their summed waits (ms), by
    /// the time they joined.
    pub walkin_abandoned: u64,
    pub walkin_abandoned_wait_ms: i64,
    /// Per case type: the walk-in queue's counts after the warm-up.
    pub walkin_cases: Vec<WalkinCase>,
    /// Integral of the walk-in queue length over time after the warm-up (client-ms).
    pub queue_area: i64,
    /// Sum over clients of the part of their wait that lies after the warm-up (client-ms).
    /// Equal to `queue_area` by construction (Little's law on the sample path).
    pub queue_wait_overlap: i64,
    queue_len: i64,
    queue_since: SimTime,
    pub counter_busy_ms: i64,
    pub counter_open_ms: i64,
    pub counted_ms: i64,
}

impl Recorder {
    /// `keep_days`: keep every day's rows (for the daily files), or only the last few days.
    pub fn new(days: u32, warmup_end: SimTime, cases: usize, groups: usize, keep_days: bool) -> Self {
        let days = days as usize;
        Recorder {
            warmup_end,
            days: DaySeries::new(days, keep_days, DayRecord::default()),
            counted_days: CountedDays::default(),
            portal: PortalRecord::new(
                DaySeries::new(days, keep_days, vec![Default::default(); cases]),
                warmup_end,
                days as SimTime * crate::engine::MS_PER_DAY,
            ),
            staff: StaffRecord::new(
                DaySeries::new(days, keep_days, vec![Default::default(); groups]),
                groups,
                warmup_end,
            ),
            permits: PermitRecord::new(DaySeries::new(days, keep_days, Default::default()), warmup_end, cases),
            enquiries: super::EnquiryRecord::new(warmup_end, false, false),
            costs: super::CostRecord::new(groups),
            conservation: Conservation::default(),
            walkin_arrivals: 0,
            walkin_served: 0,
            walkin_waited: 0,
            walkin_wait_ms: 0,
            walkin_wait_hist: vec![0; WAIT_BINS],
            walkin_sent_home: 0,
            walkin_sent_home_people: 0,
            walkin_sent_home_wait_ms: 0,
            walkin_returned: 0,
            walkin_abandoned: 0,
            walkin_abandoned_wait_ms: 0,
            walkin_cases: vec![WalkinCase::default(); cases],
            queue_area: 0,
            queue_wait_overlap: 0,
            queue_len: 0,
            queue_since: warmup_end,
            counter_busy_ms: 0,
            counter_open_ms: 0,
            counted_ms: 0,
        }
    }

    pub fn counted(&self, t: SimTime) -> bool {
        t >= self.warmup_end
    }

    pub fn day(&mut self, t: SimTime) -> &mut DayRecord {
        let d = self.days.day_of(t);
        self.days.at(d)
    }

    /// The walk-in queue length changes to `len` at `t`. Returns the day's row, so that the
    /// caller records the rest of the event with the same look-up.
    fn queue_to(&mut self, t: SimTime, len: usize) -> &mut DayRecord {
        if t > self.queue_since {
            self.queue_area += self.queue_len * (t - self.queue_since);
            self.queue_since = t;
        }
        self.queue_len = len as i64;
        let day = self.day(t);
        day.walkin_queue_max = day.walkin_queue_max.max(len as u32);
        day
    }

    /// The part of a wait [queued, left) after the warm-up.
    fn wait_overlap(&mut self, queued: SimTime, left: SimTime) {
        self.queue_wait_overlap += (left - queued.max(self.warmup_end)).max(0);
    }

    /// A client enters the books (`initial`: part of the starting state, not an arrival).
    pub fn client_created(&mut self, t: SimTime, initial: bool) {
        self.conservation.created += 1;
        if !initial {
            self.day(t).arrivals += 1;
        }
    }

    pub fn client_served(&mut self) {
        self.conservation.served += 1;
    }

    pub fn walkin_arrived(&mut self, t: SimTime, case: usize, queue_len: usize, returning: bool) {
        self.queue_to(t, queue_len).walkin_arrivals += 1;
        if self.counted(t) {
            self.walkin_arrivals += 1;
            self.walkin_returned += u64::from(returning);
            self.walkin_cases[case].arrivals += 1;
        }
    }

    /// A walk-in's service starts at `t` after queueing since `queued`: a counter service too.
    pub fn walkin_started(&mut self, t: SimTime, case: usize, queued: SimTime, service_ms: SimTime, queue_len: usize) {
        let wait = t - queued;
        let day = self.queue_to(t, queue_len);
        day.walkin_served += 1;
        day.walkin_wait_max_min = day.walkin_wait_max_min.max(wait as f64 / MS_PER_MIN as f64);
        day.counter_busy_min += service_ms as f64 / MS_PER_MIN as f64;
        self.wait_overlap(queued, t);
        if self.counted(queued) {
            self.walkin_served += 1;
            self.walkin_cases[case].served += 1;
            self.walkin_wait_ms += wait;
            self.walkin_waited += u64::from(wait > 0);
            self.walkin_wait_hist[((wait / MS_PER_MIN) as usize).min(WAIT_BINS - 1)] += 1;
        }
        self.count_counter_busy(t, service_ms);
    }

    /// Someone waiting is sent home (`gone`: does not come back).
    /// A walk-in sent home at `t` after queueing since `queued` (`first`: this person's first
    /// time; `gone`: does not come back).
    pub fn walkin_sent_home(
        &mut self,
        t: SimTime,
        case: usize,
        queued: SimTime,
        queue_len: usize,
        gone: bool,
        first: bool,
    ) {
        self.conservation.sent_home += u64::from(gone);
        self.queue_to(t, queue_len).walkin_sent_home += 1;
        self.wait_overlap(queued, t);
        if self.counted(t) {
            self.walkin_sent_home += 1;
            self.walkin_sent_home_people += u64::from(first);
            self.walkin_sent_home_wait_ms += t - queued;
            let c = &mut self.walkin_cases[case];
            c.sent_home += 1;
            c.sent_home_people += u64::from(first);
        }
    }

    /// A walk-in who joined at `queued` leaves the queue at `t`, their patience used up
    /// (`gone`: does not come back). Counted by the time they joined, as arrivals are, so
    /// that abandoned / arrivals is the probability of leaving (Erlang A).
    pub fn walkin_abandoned(&mut self, t: SimTime, queued: SimTime, queue_len: usize, gone: bool) {
        self.conservation.abandoned += u64::from(gone);
        self.queue_to(t, queue_len);
        self.wait_overlap(queued, t);
        if self.counted(queued) {
            self.walkin_abandoned += 1;
            self.walkin_abandoned_wait_ms += t - queued;
        }
    }

    /// Walk-in hours open on a day; `first_arrival` of the people waiting, if any.
    pub fn walkin_opened(&mut self, t: SimTime, queue_len: usize, first_arrival: Option<SimTime>) {
        let base = (t / MS_PER_DAY) * MS_PER_DAY;
        let day = self.day(t);
        if day.walkin_queue_at_opening.is_none() {
            day.walkin_queue_at_opening = Some(queue_len as u32);
            if let Some(a) = first_arrival {
                day.walkin_first_arrival_clock_h = Some((a - base) as f64 / MS_PER_HOUR as f64);
            }
        }
    }

    /// Under a digital queue number, a person served at `t` was there in person from
    /// `in_person`: the day's first arrival is the earliest such time, and who was there by
    /// the opening at `opened` counts in the queue at opening.
    pub fn walkin_in_person(&mut self, t: SimTime, in_person: SimTime, opened: SimTime) {
        let base = (t / MS_PER_DAY) * MS_PER_DAY;
        let day = self.day(t);
        let clock_h = (in_person - base) as f64 / MS_PER_HOUR as f64;
        day.walkin_first_arrival_clock_h = Some(day.walkin_first_arrival_clock_h.map_or(clock_h, |h| h.min(clock_h)));
        if in_person <= opened {
            *day.walkin_queue_at_opening.get_or_insert(0) += 1;
        }
    }

    /// A walk-in arrives while the queue is open: the day's first arrival if none waited at opening.
    pub fn walkin_arrived_while_open(&mut self, t: SimTime) {
        let base = (t / MS_PER_DAY) * MS_PER_DAY;
        let day = self.day(t);
        if day.walkin_first_arrival_clock_h.is_none() {
            day.walkin_first_arrival_clock_h = Some((t - base) as f64 / MS_PER_HOUR as f64);
        }
    }

    /// Counter service of `service_ms` starts at `t`.
    pub fn counter_busy(&mut self, t: SimTime, service_ms: SimTime) {
        self.day(t).counter_busy_min += service_ms as f64 / MS_PER_MIN as f64;
        self.count_counter_busy(t, service_ms);
    }

    /// The summary's share of a counter service started at `t` (the day row is the caller's).
    fn count_counter_busy(&mut self, t: SimTime, service_ms: SimTime) {
        if self.counted(t) {
            self.counter_busy_ms += service_ms;
        }
    }

    /// Desk minutes on duty at the counter on day `day` (one group).
    pub fn counter_on_duty(&mut self, day: usize, desk_minutes: f64) {
        self.days.at(day).counter_open_min += desk_minutes;
        if day as SimTime * MS_PER_DAY >= self.warmup_end {
            self.counter_open_ms += (desk_minutes * MS_PER_MIN as f64) as i64;
        }
    }

    /// End-of-day state, recorded at midnight; `slots`: the day's portal minutes (published, booked).
    pub fn end_of_day(&mut self, day: usize, walkin_waiting: usize, pending: usize, backlog: usize, slots: (f64, f64)) {
        if day >= self.days.run_days() {
            return;
        }
        let d = self.days.at(day);
        d.walkin_queue_end = walkin_waiting as u32;
        d.appointments_pending_end = pending as u32;
        d.backlog_end = backlog as u32;
        (d.slot_minutes_published, d.slot_minutes_booked) = slots;
        if day as SimTime * MS_PER_DAY >= self.warmup_end {
            self.counted_days.add(d);
        }
    }

    /// Closes the books at the end of the run.
    pub fn finish(
        &mut self,
        end: SimTime,
        waiting_since: impl Iterator<Item = SimTime>,
        pending: usize,
        in_system: usize,
    ) {
        let len = self.queue_len as usize;
        self.queue_to(end, len);
        let mut waiting = 0;
        for queued in waiting_since {
            self.wait_overlap(queued, end);
            waiting += 1;
        }
        self.conservation.waiting_end = waiting;
        self.conservation.pending_end = pending as u64;
        self.conservation.in_system_end = in_system as u64;
        self.counted_ms = end - self.warmup_end;
    }

    /// A quantile of the walk-in waits (minutes, to the minute).
    pub fn walkin_wait_quantile(&self, q: f64) -> f64 {
        histogram_quantile(&self.walkin_wait_hist, q)
    }
}

/// The `q` quantile of a histogram of whole-unit bins: the first bin by which a share `q` of
/// the counts is reached (NaN when empty; the last bin holds everything beyond).
pub fn histogram_quantile(hist: &[u32], q: f64) -> f64 {
    let total: u64 = hist.iter().map(|&c| u64::from(c)).sum();
    if total == 0 {
        return f64::NAN;
    }
    let target = (q * total as f64).ceil().max(1.0) as u64;
    let mut seen = 0;
    for (bin, &c) in hist.iter().enumerate() {
        seen += u64::from(c);
        if seen >= target {
            return bin as f64;
        }
    }
    (hist.len() - 1) as f64
}
