//! The future-event list: events ordered by (time, insertion sequence).
//!
//! Two levels keep the heap small when many events lie far ahead (a population's renewals
//! years away): later buckets (one day each) wait in per-bucket lists. When its bucket comes,
//! a list is sorted once and consumed from its end; only events scheduled into the current
//! bucket after that go into a 4-ary heap (`heap.rs`). A pop takes the earlier of the two
//! heads. Most of a day's events are known when the day begins (appointments, renewals,
//! planned arrivals), so the heap stays small and a sort replaces most sift-downs. The order
//! is exactly that of a single heap: every entry keeps its original sequence number.
//! Events 64 or more days ahead first wait in one stage (`staging.rs`) and join their day
//! lists in groups.
//!
//! An entry's order key packs its time within the bucket, its tier and its sequence number
//! (or rank) into one u64, so that the heap compares one integer and moves 24-byte entries
//! (most of a replication's time is spent in this heap).
//!
//! Ranked events form a first tier: at the same instant they come before every ordinary
//! event, in the order of their ranks, whenever they were scheduled. A model can so schedule
//! its calendar (day starts, opening hours) day by day instead of all at once, and still get
//! the order it would have got from scheduling everything first.

use super::heap::{KeyHeap, Keyed};
use super::radix::sort_latest_first;
use super::staging::Staging;
use super::SimTime;
use std::collections::VecDeque;

/// An event and its order key: (time - bucket start) << TIME_SHIFT | tier | sequence number.
type Entry<E> = Keyed<E>;

/// Width of a bucket of the far-event lists.
const BUCKET: SimTime = super::MS_PER_DAY;
/// Bits of the sequence number (or rank) in an entry's key; one tier bit and the time within
/// a bucket (< 2^27 ms) take the rest. 2^36 schedules is far above any run (the scenario caps
/// `max_events` below it).
const SEQ_BITS: u32 = 36;
const TIER_BIT: u64 = 1 << SEQ_BITS;
const TIME_SHIFT: u32 = SEQ_BITS + 1;
/// The most events a queue may ever be given, and the largest rank plus one.
pub const MAX_SCHEDULES: u64 = 1 << SEQ_BITS;
/// How many used day lists are kept for reuse, and up to which size: a large day's
/// allocation is not kept for days that hold a few events.
const SPARE_LISTS: usize = 4;
const SPARE_CAPACITY: usize = 4096;
/// Events this many buckets ahead or more are staged (see `staging.rs`) ...
const STAGE_AFTER: usize = 64;
/// ... and handed to their lists once this many wait (or the first of them comes near).
const STAGE_LEN: usize = 1 << 16;

/// Events ordered by time, then by the order in which they were scheduled.
pub struct EventQueue<E> {
    /// Events of the current bucket that were in its list when it became current, latest
    /// first (the next one is at the end).
    sorted: Vec<Entry<E>>,
    /// Events scheduled into the current bucket since it became current.
    heap: KeyHeap<E>,
    /// far[i]: events of bucket `far_first + i` (time / BUCKET) scheduled while an earlier
    /// bucket was current. Lists start at the next bucket with events, so that the lists of
    /// a long run do not pile up behind the clock.
    far: VecDeque<Vec<Entry<E>>>,
    far_first: usize,
    far_len: usize,
    /// Working space for sorting a bucket's list.
    scratch: Vec<Entry<E>>,
    /// Working space for a batch's events of the current bucket.
    batch: Vec<Entry<E>>,
    /// Used day lists of moderate size, emptied, for the next buckets to fill (growing a new
    /// list from nothing, day after day, took a few per cent of a small office's time).
    spare: Vec<Vec<Entry<E>>>,
    /// Events for buckets `stage_after` or more ahead, waiting to be handed to their lists
    /// `stage_len` at a time (counted in `far_len`).
    stage: Staging<E>,
    stage_after: usize,
    stage_len: usize,
    /// The bucket whose events are in the heap.
    current: usize,
    now: SimTime,
    next_seq: u64,
    processed: u64,
    /// Events scheduled before the current time (a model bug; they run at the current time).
    late: u64,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    pub fn new() -> Self {
        EventQueue {
            sorted: Vec::new(),
            heap: KeyHeap::with_capacity(1024),
            far: VecDeque::new(),
            far_first: 0,
            far_len: 0,
            scratch: Vec::new(),
            batch: Vec::new(),
            spare: Vec::new(),
            stage: Staging::default(),
            stage_after: STAGE_AFTER,
            stage_len: STAGE_LEN,
            current: 0,
            now: 0,
            next_seq: 0,
            processed: 0,
            late: 0,
        }
    }

    /// The time of the event handled last (0 before the first).
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Number of events popped so far.
    pub fn processed(&self) -> u64 {
        self.processed
    }

    /// Events that were scheduled in the past (time never runs backwards; this counts the
    /// attempts, which tests require to be zero).
    pub fn late_schedules(&self) -> u64 {
        self.late
    }

    /// Number of events waiting.
    pub fn len(&self) -> usize {
        self.sorted.len() + self.heap.len() + self.far_len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn bucket(time: SimTime) -> usize {
        (time.max(0) / BUCKET) as usize
    }

    /// Schedules `event` at `time`. Scheduling into the past is a model bug: time must not run backwards.
    #[inline(always)]
    pub fn schedule(&mut self, time: SimTime, event: E) {
        let order = self.next_ordinary();
        self.insert(time, order, event);
    }

    /// The order part of the next ordinary event's key: the tier bit and a new sequence number.
    #[inline(always)]
    fn next_ordinary(&mut self) -> u64 {
        let seq = self.next_seq;
        assert!(seq < MAX_SCHEDULES, "more than 2^36 events scheduled");
        self.next_seq += 1;
        TIER_BIT | seq
    }

    /// Schedules events as that many `schedule` calls in this order would. Those of the
    /// current bucket join its sorted list at once (merged when they come in time order,
    /// else sorted) instead of passing the heap one by one (a day's planned arrivals,
    /// scheduled as the day begins, would fill the heap).
    pub fn schedule_batch(&mut self, events: impl IntoIterator<Item = (SimTime, E)>) {
        if Self::bucket(self.now) != self.current {
            // After a look-ahead: scheduling may make an earlier bucket current again.
            events.into_iter().for_each(|(time, event)| self.schedule(time, event));
            return;
        }
        let mut today = std::mem::take(&mut self.batch);
        today.clear();
        for (time, event) in events {
            let order = self.next_ordinary();
            let (bucket, key) = self.place(time, order);
            if bucket == self.current {
                today.push(Entry { key, event });
            } else {
                self.insert_elsewhere(bucket, key, event);
            }
        }
        if today.is_sorted_by_key(|e| e.key) {
            // A batch in time order (planned arrivals are) merges into the list in one pass.
            merge_into_latest_first(&mut self.sorted, &today);
        } else {
            self.sorted.extend_from_slice(&today);
            sort_latest_first(&mut self.sorted, &mut self.scratch, TIME_SHIFT);
        }
        self.batch = today;
    }

    /// Schedules `event` at `time` ahead of every ordinary event at that instant; ranked
    /// events of one instant come out by rank (ranks must be unique and below `MAX_SCHEDULES`).
    pub fn schedule_ranked(&mut self, time: SimTime, rank: u64, event: E) {
        assert!(rank < MAX_SCHEDULES, "rank {rank} too large");
        self.insert(time, rank, event);
    }

    // Inlined into every caller: an event handed over by reference is read back as one wide
    // load from the narrower stores that built it, which stalls (several per cent of R1's time).
    #[inline(always)]
    fn insert(&mut self, time: SimTime, order: u64, event: E) {
        let (bucket, key) = self.place(time, order);
        if bucket == self.current {
            self.heap.push(Entry { key, event });
        } else {
            self.insert_elsewhere(bucket, key, event);
        }
    }

    /// The bucket of an event at `time` (not before now: earlier times are counted and run
    /// now) and its key there.
    #[inline(always)]
    fn place(&mut self, time: SimTime, order: u64) -> (usize, u64) {
        debug_assert!(time >= self.now, "event scheduled in the past: {time} < {}", self.now);
        self.late += u64::from(time < self.now);
        let time = time.max(self.now);
        let bucket = Self::bucket(time);
        let within = (time - bucket as SimTime * BUCKET).max(0) as u64;
        (bucket, within << TIME_SHIFT | order)
    }

    /// An event for another bucket than the current one: a later one's list, or (after a
    /// look-ahead) an earlier bucket made current again. Key and event come as two values, in
    /// registers, rather than as one entry in memory (see `insert`).
    #[inline(never)]
    fn insert_elsewhere(&mut self, bucket: usize, key: u64, event: E) {
        let entry = Entry { key, event };
        if bucket < self.current {
            self.rewind_to(bucket);
            self.heap.push(entry);
            return;
        }
        self.far_len += 1;
        if bucket >= self.current + self.stage_after {
            self.stage.push(bucket, entry);
            if self.stage.len() >= self.stage_len {
                self.hand_over_stage();
            }
            return;
        }
        self.far_list(bucket).push(entry);
    }

    /// Hands the staged events to their lists, a day's group at a time.
    fn hand_over_stage(&mut self) {
        let mut stage = std::mem::take(&mut self.stage);
        stage.drain_grouped(|bucket, group| self.far_list(bucket).extend_from_slice(group));
        self.stage = stage;
    }

    /// Makes the next bucket with events current once the current one is used up.
    fn refill(&mut self) {
        while self.far_len > 0 && self.sorted.is_empty() && self.heap.is_empty() {
            // Staged events join their lists before the clock could pass their buckets.
            if let Some(first) = self.stage.first() {
                if self.far.is_empty() || first <= (self.current + 1).max(self.far_first) {
                    self.hand_over_stage();
                }
            }
            // The buckets before the first list hold nothing.
            self.current = (self.current + 1).max(self.far_first);
            if self.far_first == self.current {
                let mut list = self.far.pop_front().unwrap_or_default();
                self.far_first += 1;
                self.far_len -= list.len();
                sort_latest_first(&mut list, &mut self.scratch, TIME_SHIFT);
                let used = std::mem::replace(&mut self.sorted, list);
                if used.capacity() <= SPARE_CAPACITY && self.spare.len() < SPARE_LISTS {
                    self.spare.push(used);
                }
            }
        }
    }

    /// Whether the next event is in the sorted list rather than the heap (None: both empty).
    fn next_is_sorted(&self) -> Option<bool> {
        match (self.sorted.last(), self.heap.peek()) {
            (Some(s), Some(h)) => Some(s.key < h.key),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        }
    }

    /// Removes and returns the next event if it is due strictly before `until`.
    pub fn pop_before(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        self.refill();
        let from_sorted = self.next_is_sorted()?;
        let next = if from_sorted { self.sorted.last() } else { self.heap.peek() };
        let time = self.time_of(next?);
        if time >= until {
            return None;
        }
        let entry = if from_sorted { self.sorted.pop() } else { self.heap.pop() };
        self.now = time;
        self.processed += 1;
        Some((time, entry?.event))
    }

    /// The event that would come next if nothing earlier were scheduled (None when it lies in
    /// a later bucket): a hint for prefetching what it will touch.
    pub fn peek_next(&self) -> Option<&E> {
        let entry = if self.next_is_sorted()? { self.sorted.last() } else { self.heap.peek() };
        entry.map(|e| &e.event)
    }

    /// `peek_next`, but only for an event scheduled since its day began (the others were
    /// seen by `peek_ahead` a few events before).
    pub fn peek_next_new(&self) -> Option<&E> {
        if self.next_is_sorted()? {
            return None;
        }
        self.heap.peek().map(|e| &e.event)
    }

    /// The event `ahead` places before the next one in the list of events known when the day
    /// began (events scheduled since may come in between): a hint for prefetching further
    /// ahead than one event.
    pub fn peek_ahead(&self, ahead: usize) -> Option<&E> {
        let i = self.sorted.len().checked_sub(ahead + 1)?;
        Some(&self.sorted[i].event)
    }

    /// Makes an earlier bucket current again: possible only when a look-ahead (`pop_before`
    /// that found nothing before its limit) moved past buckets that then get an event.
    fn rewind_to(&mut self, bucket: usize) {
        let mut entries = self.heap.take_all();
        entries.append(&mut self.sorted);
        self.far_len += entries.len();
        self.far_list(self.current).extend(entries);
        self.current = bucket;
    }

    /// The list of a bucket later than the current one (or, in a rewind, of the bucket that
    /// was current), made if needed.
    fn far_list(&mut self, bucket: usize) -> &mut Vec<Entry<E>> {
        if self.far.is_empty() {
            self.far_first = bucket;
        }
        while bucket < self.far_first {
            self.far.push_front(Vec::new());
            self.far_first -= 1;
        }
        let i = bucket - self.far_first;
        while self.far.len() <= i {
            let list = self.spare.pop().unwrap_or_default();
            self.far.push_back(list);
        }
        &mut self.far[i]
    }

    fn time_of(&self, entry: &Entry<E>) -> SimTime {
        self.current as SimTime * BUCKET + (entry.key >> TIME_SHIFT) as SimTime
    }

    /// Advances the clock to `time` without an event (used to close a run at its horizon).
    pub fn advance_to(&mut self, time: SimTime) {
        self.now = self.now.max(time);
    }
}

/// Merges `batch` (earliest first) into `list` (latest first), in place: the merged list is
/// filled from its end, the earliest entry first, so no entry of `list` is overwritten
/// before it is read.
fn merge_into_latest_first<E: Copy>(list: &mut Vec<Entry<E>>, batch: &[Entry<E>]) {
    let Some(&filler) = batch.first() else { return };
    let unread = list.len();
    list.resize(unread + batch.len(), filler);
    let (mut unread, mut next, mut place) = (unread, 0, list.len());
    while next < batch.len() {
        place -= 1;
        if unread > 0 && list[unread - 1].key < batch[next].key {
            list[place] = list[unread - 1];
            unread -= 1;
        } else {
            list[place] = batch[next];
            next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_next_events() {
        let day = BUCKET;
        let mut q = EventQueue::new();
        // Known when day 1 begins: its list.
        for (i, name) in ["a", "b", "c", "d"].into_iter().enumerate() {
            q.schedule(day + 10 * (i as SimTime + 1), name);
        }
        assert_eq!(q.pop_before(i64::MAX), Some((day + 10, "a")));
        assert_eq!(q.peek_next(), Some(&"b"));
        assert_eq!(q.peek_next_new(), None, "b is on the day's list");
        assert_eq!(q.peek_ahead(1), Some(&"c"));
        assert_eq!(q.peek_ahead(2), Some(&"d"));
        assert_eq!(q.peek_ahead(3), None);
        // Scheduled since the day began, and due first: from the heap.
        q.schedule(day + 15, "new");
        assert_eq!(q.peek_next(), Some(&"new"));
        assert_eq!(q.peek_next_new(), Some(&"new"));
        assert_eq!(q.pop_before(i64::MAX), Some((day + 15, "new")));
        assert_eq!(q.peek_next_new(), None);
    }

    #[test]
    fn same_instant_events_come_out_in_insertion_order() {
        let mut q = EventQueue::new();
        q.schedule(10, "b1");
        q.schedule(5, "a");
        q.schedule(10, "b2");
        q.schedule(10, "b3");
        q.schedule(7, "m");
        let order: Vec<_> = std::iter::from_fn(|| q.pop_before(i64::MAX)).collect();
        assert_eq!(order, vec![(5, "a"), (7, "m"), (10, "b1"), (10, "b2"), (10, "b3")]);
        assert_eq!(q.processed(), 5);
    }

    #[test]
    fn pop_before_stops_at_the_horizon_and_keeps_later_events() {
        let mut q = EventQueue::new();
        q.schedule(3, 1);
        q.schedule(8, 2);
        assert_eq!(q.pop_before(8), Some((3, 1)));
        assert_eq!(q.pop_before(8), None);
        assert_eq!(q.len(), 1);
        assert_eq!(q.now(), 3);
    }

    #[test]
    fn far_events_keep_time_and_insertion_order() {
        // Events days apart and same-instant ties across buckets come out as from one heap.
        let day = BUCKET;
        let mut q = EventQueue::new();
        q.schedule(3 * day + 5, "c1");
        q.schedule(day, "b1");
        q.schedule(3 * day + 5, "c2");
        q.schedule(7, "a");
        q.schedule(day, "b2");
        let (t, e) = q.pop_before(i64::MAX).unwrap();
        assert_eq!((t, e), (7, "a"));
        q.schedule(3 * day + 5, "c3");
        q.schedule(day + 1, "b3");
        let order: Vec<_> = std::iter::from_fn(|| q.pop_before(i64::MAX)).map(|(_, e)| e).collect();
        assert_eq!(order, vec!["b1", "b2", "b3", "c1", "c2", "c3"]);
        assert!(q.is_empty());
    }

    #[test]
    fn an_event_before_a_looked_ahead_bucket_keeps_its_time() {
        let day = BUCKET;
        let mut q = EventQueue::new();
        q.schedule(5 * day + 3, "late");
        // Looking ahead to day 1 finds nothing and moves the heap to day 5's bucket.
        assert_eq!(q.pop_before(day), None);
        q.schedule(2 * day + 7, "early");
        q.schedule(5 * day + 3, "late2");
        let order: Vec<_> = std::iter::from_fn(|| q.pop_before(i64::MAX)).collect();
        assert_eq!(order, vec![(2 * day + 7, "early"), (5 * day + 3, "late"), (5 * day + 3, "late2")]);
    }

    #[test]
    fn ranked_events_come_first_at_their_instant_in_rank_order() {
        let day = BUCKET;
        let mut q = EventQueue::new();
        q.schedule(day, "ordinary1");
        q.schedule_ranked(day, 5, "rank5");
        q.schedule(day + 1, "later");
        q.schedule_ranked(day, 2, "rank2");
        q.schedule(day, "ordinary2");
        assert_eq!(q.pop_before(i64::MAX), Some((day, "rank2")));
        // Scheduled while running, a ranked event still goes before the ordinary ones.
        q.schedule_ranked(day, 3, "rank3");
        let order: Vec<_> = std::iter::from_fn(|| q.pop_before(i64::MAX)).map(|(_, e)| e).collect();
        assert_eq!(order, vec!["rank3", "rank5", "ordinary1", "ordinary2", "later"]);
    }

    #[test]
    fn events_scheduled_while_running_keep_the_order_rule() {
        let mut q = EventQueue::new();
        q.schedule(1, 0);
        let (t, _) = q.pop_before(100).unwrap();
        q.schedule(t, 1); // same instant as now: handled next, after anything already due at t
        q.schedule(t + 1, 2);
        assert_eq!(q.pop_before(100), Some((1, 1)));
        assert_eq!(q.pop_before(100), Some((2, 2)));
    }

    #[test]
    fn matches_one_ordered_map_under_random_use() {
        // Random schedules near and far, ranked and ordinary, popped with random look-ahead
        // limits: the order must be that of one map keyed by (time, tier, sequence or rank).
        // Once as configured, once staging events two buckets ahead in groups of eight.
        check_against_one_ordered_map(EventQueue::new());
        let mut staging = EventQueue::new();
        (staging.stage_after, staging.stage_len) = (2, 8);
        assert!(check_against_one_ordered_map(staging) > 100, "the test must stage");
    }

    /// Returns how many steps ended with events staged.
    fn check_against_one_ordered_map(mut q: EventQueue<u64>) -> usize {
        use std::collections::BTreeMap;
        let mut raw = crate::rng::test_sequence(0x9E37_79B9_7F4A_7C15);
        let mut next = move |n: u64| raw() % n;
        let mut staged_steps = 0;
        let mut reference = BTreeMap::new();
        let (mut seq, mut rank) = (0u64, 0u64);
        let mut popped = 0;
        for step in 0..20_000u64 {
            let now = q.now();
            match next(11) {
                10 => {
                    // A batch, partly in the current bucket and partly beyond.
                    let mut batch: Vec<(SimTime, u64)> = (0..next(6))
                        .map(|i| {
                            (now + [0, 7, BUCKET / 3, 2 * BUCKET][next(4) as usize] + next(5) as SimTime, step + i)
                        })
                        .collect();
                    if next(2) == 0 {
                        // In time order, as planned arrivals come (merged rather than sorted).
                        batch.sort_unstable();
                    }
                    for &(time, event) in &batch {
                        reference.insert((time, 1, seq), event);
                        seq += 1;
                    }
                    q.schedule_batch(batch);
                }
                0..=5 => {
                    let ahead = [0, 1, 1_000, BUCKET / 2, BUCKET, 3 * BUCKET + 7][next(6) as usize];
                    let time = now + ahead as SimTime + next(3) as SimTime;
                    q.schedule(time, step);
                    reference.insert((time, 1, seq), step);
                    seq += 1;
                }
                6 => {
                    let time = now + next(2 * BUCKET as u64) as SimTime;
                    q.schedule_ranked(time, rank, step);
                    reference.insert((time, 0, rank), step);
                    rank += 1;
                }
                _ => {
                    let until = now + next(BUCKET as u64 * 2) as SimTime;
                    let expected = reference.first_key_value().filter(|(k, _)| k.0 < until).map(|(k, v)| (k.0, *v));
                    assert_eq!(q.pop_before(until), expected, "step {step}");
                    if expected.is_some() {
                        reference.pop_first();
                        popped += 1;
                    }
                }
            }
            assert_eq!(q.len(), reference.len());
            staged_steps += usize::from(q.stage.len() > 0);
        }
        assert!(popped > 3_000, "the test must pop: {popped}");
        staged_steps
    }

    #[test]
    fn a_staged_event_is_not_skipped_when_the_next_list_lies_beyond_it() {
        let mut q = EventQueue::new();
        (q.stage_after, q.stage_len) = (2, 2);
        // Two events five days ahead fill the stage and go to their list ...
        q.schedule(5 * BUCKET, "5a");
        q.schedule(5 * BUCKET + 1, "5b");
        // ... and one three days ahead waits staged, before that list.
        q.schedule(3 * BUCKET, "3");
        let order: Vec<_> = std::iter::from_fn(|| q.pop_before(i64::MAX)).map(|(_, e)| e).collect();
        assert_eq!(order, vec!["3", "5a", "5b"]);
    }

    #[test]
    fn lists_of_passed_days_are_not_kept() {
        // Each day schedules the next day's event and one 30 days ahead: 1,000 days in, only
        // the lists of the days ahead may exist.
        let mut q = EventQueue::new();
        q.schedule(0, 0u32);
        let mut day = 0;
        while let Some((t, d)) = q.pop_before(1_000 * BUCKET) {
            if d == day {
                day += 1;
                q.schedule(t + BUCKET, day);
                q.schedule(t + 30 * BUCKET, u32::MAX);
            }
        }
        assert_eq!(day, 1_000);
        assert!(q.far.len() <= 31, "{} lists kept", q.far.len());
        assert_eq!(q.len(), 31, "day 1,000's event and the 30 ahead of it");
    }
}
