//! Document holders and their applications: the population whose documents expire and bring
//! them back, and the back-office backlog of applications waiting for a decision.

use super::client::ClientId;
use crate::engine::SimTime;
use crate::rng::StreamRng;
use crate::scenario::BacklogOrder;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

pub type HolderId = u32;

/// One person holding a document of a renewal case type. A large city has hundreds of
/// thousands, visited in random order: one cache line each.
#[derive(Debug, Clone)]
#[repr(align(64))]
pub struct Holder {
    pub case: u16,
    /// When the document expires (SimTime::MAX: settlement permit, never renewed).
    pub doc_expiry: SimTime,
    /// When the holder starts the renewal (a lead time before expiry).
    pub renew_from: SimTime,
    /// Provisional certificate valid until (SimTime::MIN: none).
    pub fb_expiry: SimTime,
    /// An application is waiting for a decision.
    pub pending: bool,
    /// The client currently on a visit for this holder (`NO_CLIENT`: none; not an Option,
    /// which would not fit the cache line).
    client: ClientId,
    /// Why the holder is without a valid document right now, if they are.
    pub situation: Situation,
    /// Since when the holder has been without a valid document (while `situation` says so).
    pub expired_since: SimTime,
    /// Already counted among the people with a whole day without a valid document.
    pub expired_counted: bool,
    pub left: bool,
    /// The holder's own stream (validity, lead times, channel of each visit).
    pub rng: StreamRng,
    /// Visits made so far (numbers the visit streams).
    pub visits: u32,
}

impl Holder {
    pub fn new(case: u16, doc_expiry: SimTime, renew_from: SimTime, rng: StreamRng) -> Holder {
        Holder {
            case,
            doc_expiry,
            renew_from,
            fb_expiry: SimTime::MIN,
            pending: false,
            client: NO_CLIENT,
            situation: Situation::Covered,
            expired_since: 0,
            expired_counted: false,
            left: false,
            rng,
            visits: 0,
        }
    }

    pub fn fb_valid(&self, now: SimTime) -> bool {
        self.fb_expiry > now
    }

    /// The client currently on a visit for this holder.
    pub fn client(&self) -> Option<ClientId> {
        (self.client != NO_CLIENT).then_some(self.client)
    }

    pub fn set_client(&mut self, client: Option<ClientId>) {
        self.client = client.unwrap_or(NO_CLIENT);
    }
}

const NO_CLIENT: ClientId = ClientId::MAX;

/// A holder's situation as the harm of waiting counts it: covered (a valid document or
/// provisional certificate, or gone), or without a valid document, by why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Situation {
    Covered,
    /// An appointment is booked (the wait for it).
    WaitingAppointment,
    /// No booking and no application pending: on the portal, in the walk-in queue, or between
    /// attempts.
    Searching,
    /// An application is pending and no appointment is booked: the wait for the back office.
    Backoffice,
}

impl Situation {
    /// The parts of the time without a valid document, in the order of `expired_part`.
    pub const PARTS: usize = 3;

    /// Which part of the time without a valid document (None: covered).
    pub fn expired_part(self) -> Option<usize> {
        match self {
            Situation::Covered => None,
            Situation::WaitingAppointment => Some(0),
            Situation::Searching => Some(1),
            Situation::Backoffice => Some(2),
        }
    }
}

/// An application waiting for (or in) the back office.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dossier {
    pub case: u16,
    pub holder: Option<HolderId>,
    /// When the application was first filed (lead time to decision is measured from here).
    pub filed: SimTime,
    /// When it (re)joined the backlog (its age in the backlog).
    pub queued: SimTime,
    /// Clerk minutes still needed.
    pub work_min: f64,
    /// Will be found incomplete when first examined.
    pub incomplete: bool,
}

/// The backlog of one case type, in the office's order of work: by (key, order of filing).
///
/// Applications mostly arrive in key order (first in, first out, or expiries spread evenly),
/// so those that come after every earlier one wait in a plain queue, in key order; only the
/// others go into a heap. The next application is the earlier of the two heads: the order
/// is that of one heap, without a heap's cache misses on a backlog of many thousands.
#[derive(Debug, Default)]
pub struct Backlog {
    in_order: VecDeque<((SimTime, u64), Dossier)>,
    /// The rest, by key, with their places in `Backlogs::dossiers`.
    heap: BinaryHeap<Reverse<(SimTime, u64, usize)>>,
    seq: u64,
}

impl Backlog {
    /// The key of the next application and whether it waits in `in_order`.
    fn next(&self) -> Option<((SimTime, u64), bool)> {
        let queued = self.in_order.front().map(|e| e.0);
        let heaped = self.heap.peek().map(|Reverse((key, seq, _))| (*key, *seq));
        match (queued, heaped) {
            (Some(q), Some(h)) => Some(if q < h { (q, true) } else { (h, false) }),
            (Some(q), None) => Some((q, true)),
            (None, Some(h)) => Some((h, false)),
            (None, None) => None,
        }
    }
}

/// All applications waiting, per case type, with the totals needed for reporting.
#[derive(Debug)]
pub struct Backlogs {
    order: BacklogOrder,
    queues: Vec<Backlog>,
    dossiers: Vec<Dossier>,
    free: Vec<usize>,
    pub count: usize,
    queued_sum: i128,
    pub work_min: f64,
}

impl Backlogs {
    pub fn new(order: BacklogOrder, cases: usize) -> Self {
        Backlogs {
            order,
            queues: (0..cases).map(|_| Backlog::default()).collect(),
            dossiers: Vec::new(),
            free: Vec::new(),
            count: 0,
            queued_sum: 0,
            work_min: 0.0,
        }
    }

    /// Adds an application; `deadline` orders it under earliest-expiry-first.
    pub fn push(&mut self, d: Dossier, deadline: SimTime) {
        let key = match self.order {
            BacklogOrder::Fifo => d.queued,
            BacklogOrder::EarliestExpiry => deadline,
        };
        let q = &mut self.queues[d.case as usize];
        q.seq += 1;
        let order = (key, q.seq);
        if q.in_order.back().is_none_or(|last| last.0 < order) {
            q.in_order.push_back((order, d));
        } else {
            let index = match self.free.pop() {
                Some(i) => {
                    self.dossiers[i] = d;
                    i
                }
                None => {
                    self.dossiers.push(d);
                    self.dossiers.len() - 1
                }
            };
            q.heap.push(Reverse((key, q.seq, index)));
        }
        self.count += 1;
        self.queued_sum += d.queued as i128;
        self.work_min += d.work_min;
    }

    /// Takes the next application among `cases` (the first in the office's order). Two case
    /// types' applications with the same key and filing number go by case type, lower first
    /// (one heap over all broke that tie by storage place, an accident of reuse; the bundled
    /// scenarios' results did not change).
    pub fn pop(&mut self, cases: &[usize]) -> Option<Dossier> {
        let (_, c, in_order) =
            cases.iter().filter_map(|&c| self.queues[c].next().map(|(key, in_order)| (key, c, in_order))).min()?;
        let q = &mut self.queues[c];
        let d = if in_order {
            q.in_order.pop_front()?.1
        } else {
            let Reverse((_, _, index)) = q.heap.pop()?;
            self.free.push(index);
            self.dossiers[index]
        };
        self.count -= 1;
        self.queued_sum -= d.queued as i128;
        self.work_min -= d.work_min;
        Some(d)
    }

    /// Every application waiting, in no particular order.
    pub fn waiting(&self) -> impl Iterator<Item = &Dossier> {
        self.queues.iter().flat_map(move |q| {
            let in_order = q.in_order.iter().map(|(_, d)| d);
            in_order.chain(q.heap.iter().map(move |Reverse((_, _, i))| &self.dossiers[*i]))
        })
    }

    /// Mean age in the backlog at `now`, days (NaN when empty).
    pub fn mean_age_days(&self, now: SimTime) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        let mean_queued = self.queued_sum as f64 / self.count as f64;
        (now as f64 - mean_queued) / crate::engine::MS_PER_DAY as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dossier(case: u16, queued: SimTime) -> Dossier {
        Dossier { case, holder: None, filed: queued, queued, work_min: 10.0, incomplete: false }
    }

    #[test]
    fn fifo_and_earliest_expiry_orders() {
        let mut b = Backlogs::new(BacklogOrder::Fifo, 2);
        b.push(dossier(0, 5), 100);
        b.push(dossier(1, 3), 200);
        b.push(dossier(0, 4), 50);
        assert_eq!(b.count, 3);
        assert_eq!(b.work_min, 30.0);
        let order: Vec<SimTime> = std::iter::from_fn(|| b.pop(&[0, 1])).map(|d| d.queued).collect();
        assert_eq!(order, vec![3, 4, 5]);

        let mut b = Backlogs::new(BacklogOrder::EarliestExpiry, 2);
        b.push(dossier(0, 5), 100);
        b.push(dossier(1, 3), 200);
        b.push(dossier(0, 4), 50);
        assert_eq!(b.pop(&[1]).map(|d| d.queued), Some(3));
        let order: Vec<SimTime> = std::iter::from_fn(|| b.pop(&[0, 1])).map(|d| d.queued).collect();
        assert_eq!(order, vec![4, 5]);
        assert_eq!(b.count, 0);
    }

    #[test]
    fn a_holder_fits_one_cache_line() {
        assert_eq!(std::mem::size_of::<Holder>(), 64);
    }

    #[test]
    fn mean_age() {
        let day = crate::engine::MS_PER_DAY;
        let mut b = Backlogs::new(BacklogOrder::Fifo, 1);
        b.push(dossier(0, 0), 0);
        b.push(dossier(0, 2 * day), 0);
        assert_eq!(b.mean_age_days(4 * day), 3.0);
    }

    #[test]
    fn pops_by_key_then_filing_order_however_the_keys_arrive() {
        // Keys mostly rising with some out of order, pops interleaved: the order must be
        // (key, filing order within the case type, case type), as from one sorted list.
        let mut raw = crate::rng::test_sequence(0xDEAD_BEEF_1234_5678);
        let mut next = move |n: u64| raw() % n;
        let mut b = Backlogs::new(BacklogOrder::EarliestExpiry, 3);
        let mut reference = std::collections::BTreeMap::new();
        let mut filed = [0u64; 3];
        let mut clock: SimTime = 0;
        for step in 0..20_000 {
            if next(3) < 2 {
                let case = next(3) as u16;
                clock += next(5) as SimTime;
                // One in four keys lies before earlier ones; ties are frequent.
                let key = if next(4) == 0 { clock - next(50) as SimTime } else { clock };
                filed[case as usize] += 1;
                b.push(dossier(case, step), key);
                reference.insert((key, filed[case as usize], case), step);
            } else {
                let expected = reference.pop_first().map(|(_, step)| step);
                assert_eq!(b.pop(&[0, 1, 2]).map(|d| d.queued), expected, "step {step}");
            }
            assert_eq!(b.count, reference.len());
        }
    }
}
