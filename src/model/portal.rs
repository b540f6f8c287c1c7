//! The booking portal's slot calendar: one grid per appointment staff group.
//!
//! Each desk's opening time is cut into cells of `grid` minutes (the greatest common divisor
//! of the slot lengths the group serves), counted from each window's start. A booking of a
//! case type takes `slot_min / grid` consecutive cells of one desk inside one window. A
//! request books the earliest free slot starting at or after the request, among the days
//! released so far; ties go to the lower group, then the lower desk.
//!
//! Release: the furthest day (`horizon_days` ahead) becomes bookable each morning at the
//! release time. Levers: overbooking gives some cells a second place (spread evenly), and a
//! short-notice share of cells is held back until `short_notice_days` before the day. Each
//! grid has release rules of its own (a booking tool publishes the slots of its teams). Whether
//! a desk publishes slots on a day is the roster's business: the caller passes it in.

use crate::calendar::Calendar;
use crate::engine::{SimTime, MS_PER_DAY, MS_PER_MIN};
use std::cell::Cell;
use std::num::NonZeroU8;
use std::sync::Arc;

/// The slot grid of one appointment group, built once per scenario.
#[derive(Debug, Clone)]
pub struct SlotGrid {
    pub group: usize,
    /// Global desk indices of the group's desks, in order.
    pub desks: Vec<usize>,
    pub grid_min: u32,
    /// Per calendar day: start minute and window index of every cell, in time order (days
    /// with the same opening hours share one list).
    pub cells: Vec<Arc<[(u32, u16)]>>,
    /// Per calendar day: offset of the day's cells in the flat occupancy vector.
    pub offsets: Vec<usize>,
    /// The grid's slot lengths and the cells each takes (looked up on every search: a
    /// division there cost a tenth of the search).
    slot_cells: Vec<(u32, usize)>,
}

impl SlotGrid {
    pub fn build(group: usize, desks: Vec<usize>, slot_lengths: &[u32], calendar: &Calendar) -> SlotGrid {
        let grid_min = grid_minutes(slot_lengths);
        let mut cells: Vec<Arc<[(u32, u16)]>> = Vec::with_capacity(calendar.len());
        let mut offsets = Vec::with_capacity(calendar.len());
        let mut total = 0;
        let mut layouts: Vec<Arc<[(u32, u16)]>> = Vec::new();
        for day in &calendar.days {
            let mut day_cells = Vec::new();
            for (wi, w) in day.windows.iter().enumerate() {
                let n = w.len_min() / grid_min;
                day_cells.extend((0..n).map(|k| (w.start_min + k * grid_min, wi as u16)));
            }
            offsets.push(total);
            total += day_cells.len() * desks.len();
            let shared = match layouts.iter().find(|l| l[..] == day_cells[..]) {
                Some(l) => l.clone(),
                None => {
                    layouts.push(day_cells.into());
                    layouts[layouts.len() - 1].clone()
                }
            };
            cells.push(shared);
        }
        let slot_cells = slot_lengths.iter().map(|&m| (m, cells_per_slot(m, grid_min) as usize)).collect();
        SlotGrid { group, desks, grid_min, cells, offsets, slot_cells }
    }

    /// Number of cells a slot of `slot_min` minutes takes.
    pub fn cells_for(&self, slot_min: u32) -> usize {
        match self.slot_cells.iter().find(|&&(m, _)| m == slot_min) {
            Some(&(_, k)) => k,
            None => cells_per_slot(slot_min, self.grid_min) as usize,
        }
    }

    /// Cells of the grid's longest slot (at least one).
    fn longest_slot_cells(&self) -> usize {
        self.slot_cells.iter().map(|&(_, k)| k).max().unwrap_or(1)
    }

    fn index(&self, day: usize, desk: usize, cell: usize) -> usize {
        self.offsets[day] + desk * self.cells[day].len() + cell
    }
}

/// Words of a bit set over a grid's desks.
fn desk_words(grid: &SlotGrid) -> usize {
    grid.desks.len().div_ceil(64)
}

/// Word `w` of the bit set of all `n` desks of a grid.
fn desks_in_word(n: usize, w: usize) -> u64 {
    match n.saturating_sub(64 * w) {
        left if left >= 64 => u64::MAX,
        left => (1 << left) - 1,
    }
}

/// The cell length of a grid whose slots have these lengths: their greatest common divisor.
pub fn grid_minutes(slot_lengths: &[u32]) -> u32 {
    slot_lengths.iter().copied().fold(0, gcd).max(1)
}

/// The cells of `grid_min` minutes a slot of `slot_min` minutes takes.
pub fn cells_per_slot(slot_min: u32, grid_min: u32) -> u32 {
    slot_min.div_ceil(grid_min)
}

/// The most cells one slot may take (a booking keeps the count in a byte).
pub const MAX_SLOT_CELLS: u32 = u8::MAX as u32;

/// A booking's cell count (the scenario reader keeps it within `1..=MAX_SLOT_CELLS`).
pub fn slot_cells(k: usize) -> NonZeroU8 {
    u8::try_from(k).ok().and_then(NonZeroU8::new).expect("a slot takes 1 to 255 cells")
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Evenly spread selection: true for about `share` of consecutive indices.
fn spread(index: usize, share: f64, phase: f64) -> bool {
    ((index + 1) as f64 * share + phase).floor() > (index as f64 * share + phase).floor()
}

/// The most desks an appointment group may have (the slot search keeps them in a bit set).
pub const MAX_DESKS: usize = 1024;

/// A set of desks of one grid (bit i: desk i).
pub type DeskSet = [u64; MAX_DESKS / 64];

/// Whether desk `d` is in the set.
pub fn contains(set: &DeskSet, d: usize) -> bool {
    set[d / 64] >> (d % 64) & 1 == 1
}

/// The clock span [start, end) in minutes within which a desk publishes on a day (cells
/// outside it are not offered: the desk is not at the counter then).
pub trait DeskHours: std::fmt::Debug + Sync {
    fn hours(&self, desk: usize, day: usize) -> (u32, u32);
}

/// Every desk publishes the whole day.
#[derive(Debug)]
pub struct AllDay;

impl DeskHours for AllDay {
    fn hours(&self, _: usize, _: usize) -> (u32, u32) {
        (0, 24 * 60)
    }
}

/// Whether a cell starting at `minute` and `grid_min` long lies within `span`.
fn cell_within(minute: u32, grid_min: u32, (start, end): (u32, u32)) -> bool {
    start <= minute && minute + grid_min <= end
}

/// The release rules of a grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Release {
    pub horizon_days: u32,
    /// Minutes after midnight at which the furthest day is released.
    pub release_min: u32,
    pub overbooking: f64,
    pub short_notice_share: f64,
    pub short_notice_days: u32,
}

/// A booked slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booking {
    pub grid: u16,
    /// Desk within the grid.
    pub desk: u32,
    pub day: u32,
    pub cell: u16,
    /// Never zero: a client's `Option<Booking>` then needs no extra tag, which keeps a client
    /// record within two cache lines.
    pub cells: NonZeroU8,
    pub start: SimTime,
}

/// The occupancy of every grid during one replication.
#[derive(Debug)]
pub struct Portal<'a> {
    grids: &'a [SlotGrid],
    /// When each desk is at the counter (global desk index, day).
    hours: &'a dyn DeskHours,
    /// Per grid: bookings per cell, desk-days in the grid's cell order, from the grid's cell
    /// `taken_from[g]` (days before today are dropped) to the furthest desk-day booked so far
    /// (cells beyond are free). It spans the days being booked, not the run.
    taken: Vec<Vec<u8>>,
    taken_from: Vec<usize>,
    /// Per grid: the state of its desk-days over the bookable days.
    desk_days: Vec<DeskDays>,
    /// Per grid and slot length in cells: (stamp, day) where no day before `day` had room for
    /// such a slot when searched on the stamp's day. Bookings keep it true; a cancellation
    /// moves `day` back to its own day. Spares a booked-out portal's retries the walk over
    /// the horizon.
    full_before: Vec<Vec<Cell<(u32, u32)>>>,
    /// Per grid: (day, cell) where no cell of `day` before `cell` starts at or after the time
    /// of the last search. Time moves on, so today's first cell is found by stepping on from
    /// there, not by a binary search whose branches the CPU cannot predict.
    today_first: Vec<Cell<(usize, usize)>>,
    /// Cells that ever held more bookings than places (a self-check; must stay zero).
    overfilled: usize,
    /// Whether the last search stopped at the last day made, before the last day bookable.
    stopped_short: Cell<bool>,
    /// Per grid and cell index of a day: places it holds, and whether it is held back for
    /// short notice.
    capacity: Vec<Vec<u8>>,
    held_back: Vec<Vec<bool>>,
    /// Per grid: its release rules.
    releases: Vec<Release>,
    days: usize,
}

/// The state of one grid's desk-days from day `from` on: today to the furthest day searched
/// so far. Days before today are dropped and later ones made when a search reaches them
/// (`Portal::stopped_short`), so that it spans the days in demand: not the run, nor a long horizon.
#[derive(Debug, Default)]
struct DeskDays {
    from: usize,
    /// Free places per desk-day (row * desks + desk).
    free: Vec<u16>,
    /// Per day and cell (`stride` cells a day, `desk_words` words a cell): the desks with a
    /// free place in the cell. A search goes through the cells in time order and takes the
    /// lowest publishing desk whose bit is set in each cell of the slot: a few words a cell,
    /// not a look at every desk.
    open: Vec<u64>,
    /// Per day, for the searches of the `room` entry's stamp: the desks publishing that day
    /// (`desk_words` words a day).
    published: Vec<Cell<u64>>,
    /// Per day, what a search on the stamp's day (stamp = day + 1; 0: unknown) found: at least
    /// as many free places as any desk publishing that day has, and the smallest slot length
    /// in cells that found no fit (0: none failed). Bookings only take places and
    /// cancellations reset the entry, so a booked-out day is skipped without a search.
    room: Vec<Cell<Room>>,
    /// The most cells a day of the grid has.
    stride: usize,
}

impl DeskDays {
    /// Where `day` is in the per-day lists (asking for a dropped day is a bug).
    #[inline]
    fn row(&self, day: usize) -> usize {
        debug_assert!(day >= self.from, "day {day} was dropped from the portal");
        day - self.from
    }

    /// The day after the last one held.
    fn end(&self) -> usize {
        self.from + self.room.len()
    }
}

/// Desk-days made ahead at every start of day: today's and tomorrow's.
const DAYS_MADE_AHEAD: usize = 2;

/// One grid's part in a search: the cells a slot takes there, and the day before which it is
/// known to have no room for such a slot today.
#[derive(Debug, Clone, Copy, Default)]
struct Searched {
    grid: usize,
    cells: usize,
    full_before: usize,
    /// The day after the last one bookable in the grid now, and the last day whose
    /// held-back cells are open.
    end: usize,
    short_notice_last: usize,
}

/// What the last search of a grid-day found (see `DeskDays::room`).
#[derive(Debug, Clone, Copy, Default)]
struct Room {
    stamp: u32,
    /// The most free places of a publishing desk, exact below `enough`; at or above it, the
    /// desks were not all counted (no search needs to know more).
    most_free: u16,
    enough: u16,
    failed_cells: u8,
    /// No publishing desk has a free place before this cell.
    earliest: u16,
}

impl<'a> Portal<'a> {
    /// The portal of `grids`, each published by the rules of the same place in `releases`.
    pub fn new(grids: &'a [SlotGrid], releases: Vec<Release>, hours: &'a dyn DeskHours) -> Self {
        assert_eq!(grids.len(), releases.len(), "one set of release rules per grid");
        let taken = grids.iter().map(|_| Vec::new()).collect();
        let max_cells = grids.iter().flat_map(|g| g.cells.iter().map(|c| c.len())).max().unwrap_or(0);
        let capacity = releases
            .iter()
            .map(|r| (0..max_cells).map(|c| 1 + u8::from(spread(c, r.overbooking, 0.0))).collect())
            .collect();
        let held_back =
            releases.iter().map(|r| (0..max_cells).map(|c| spread(c, r.short_notice_share, 0.5)).collect()).collect();
        let full_before = grids.iter().map(|_| vec![Cell::new((0, 0)); max_cells + 1]).collect();
        let days = grids.first().map_or(0, |g| g.cells.len());
        let mut portal = Portal {
            grids,
            hours,
            taken,
            taken_from: vec![0; grids.len()],
            desk_days: grids
                .iter()
                .map(|g| DeskDays { stride: g.cells.iter().map(|c| c.len()).max().unwrap_or(0), ..Default::default() })
                .collect(),
            full_before,
            today_first: grids.iter().map(|_| Cell::new((usize::MAX, 0))).collect(),
            overfilled: 0,
            stopped_short: Cell::new(false),
            capacity,
            held_back,
            releases,
            days,
        };
        portal.make_days_before(DAYS_MADE_AHEAD);
        portal
    }

    /// The day after the last desk-day made (the same for every grid).
    fn made_end(&self) -> usize {
        self.desk_days.first().map_or(self.days, DeskDays::end)
    }

    /// Makes more desk-days when a search ran out of them (`stopped_short`): as many again as
    /// are held, so that a search reaching far ahead makes them in a few steps.
    pub fn make_more_days(&mut self) {
        let end = self.made_end();
        let held = self.desk_days.first().map_or(0, |d| end - d.from);
        self.make_days_before(end + held.max(DAYS_MADE_AHEAD));
    }

    /// Makes the desk-days of every grid up to day `until` (exclusive; at most the last day).
    pub fn make_days_before(&mut self, until: usize) {
        let until = until.min(self.days);
        for ((grid, days), capacity) in self.grids.iter().zip(&mut self.desk_days).zip(&self.capacity) {
            let n = grid.desks.len();
            // Room for all new days at once (a search that ran out makes as many as are held).
            let (new_days, words) = (until.saturating_sub(days.end()), desk_words(grid));
            days.free.reserve(new_days * n);
            days.open.reserve(new_days * days.stride * words);
            days.published.reserve(new_days * words);
            days.room.reserve(new_days);
            // Every desk has room in every cell of a new day.
            while days.end() < until {
                let cells = grid.cells[days.end()].len();
                let places: u16 = capacity[..cells].iter().map(|&c| c as u16).sum();
                days.free.extend(std::iter::repeat_n(places, n));
                days.open.extend((0..days.stride * words).map(|i| {
                    if i / words < cells {
                        desks_in_word(n, i % words)
                    } else {
                        0
                    }
                }));
                days.published.extend((0..words).map(|_| Cell::new(0)));
                days.room.push(Cell::new(Room::default()));
                // Cells outside a desk's hours that day are not offered.
                let (day, row) = (days.end() - 1, days.room.len() - 1);
                for desk in 0..n {
                    let span = self.hours.hours(grid.desks[desk], day);
                    if span == (0, 24 * 60) {
                        continue;
                    }
                    for (c, &(minute, _)) in grid.cells[day].iter().enumerate() {
                        if !cell_within(minute, grid.grid_min, span) {
                            days.open[(row * days.stride + c) * words + desk / 64] &= !(1u64 << (desk % 64));
                            days.free[row * n + desk] -= capacity[c] as u16;
                        }
                    }
                }
            }
        }
    }

    /// The furthest day of grid `g` bookable at `now` (inclusive).
    pub fn last_released_day(&self, g: usize, now: SimTime) -> usize {
        let release = &self.releases[g];
        let today = (now / MS_PER_DAY) as usize;
        let released_today = now % MS_PER_DAY >= release.release_min as SimTime * MS_PER_MIN;
        let h = release.horizon_days as usize;
        if h == 0 {
            today
        } else {
            today + h - usize::from(!released_today)
        }
    }

    /// The earliest free slot of `slot_min` minutes at or after `now` in one of `grids`, where
    /// `publishing(grid, day)` gives the desks whose slots of that day were published. It
    /// searches the days made so far: when it finds nothing and `stopped_short()`, the caller
    /// makes more and searches again.
    pub fn find(
        &self,
        now: SimTime,
        grids: &[usize],
        slot_min: u32,
        publishing: &impl Fn(usize, usize) -> DeskSet,
    ) -> Option<Booking> {
        // A case is served by a few grids: each grid's part of the search is worked out once.
        let mut few = [Searched::default(); 4];
        let mut many = Vec::new();
        let searched = match grids.len() <= few.len() {
            true => &mut few[..grids.len()],
            false => {
                many.resize(grids.len(), Searched::default());
                &mut many[..]
            }
        };
        let today = (now / MS_PER_DAY) as usize;
        let stamp = today as u32 + 1;
        // The days searched end with the last one bookable or the last one made.
        let made_end = self.made_end();
        let mut stopped_short = false;
        for (s, &g) in searched.iter_mut().zip(grids) {
            let k = self.grids[g].cells_for(slot_min);
            let full_before = match self.full_before_hint(g, k).get() {
                (s, day) if s == stamp => (day as usize).max(today),
                _ => today,
            };
            let bookable_end = self.last_bookable_day(g, now) + 1;
            stopped_short |= bookable_end > made_end;
            let short_notice_last = today + self.releases[g].short_notice_days as usize;
            *s = Searched { grid: g, cells: k, full_before, end: bookable_end.min(made_end), short_notice_last };
        }
        self.stopped_short.set(stopped_short);
        let end = searched.iter().map(|s| s.end).max().unwrap_or(today);
        let first = searched.iter().map(|s| s.full_before).min().unwrap_or(today);
        let mut found = None;
        for day in first..end {
            let mut best: Option<Booking> = None;
            for s in searched.iter().filter(|s| day >= s.full_before && day < s.end) {
                let short_notice = day <= s.short_notice_last;
                if let Some(b) = self.earliest_in_day(s, day, now, stamp, short_notice, publishing) {
                    if best.is_none_or(|x| b.start < x.start) {
                        best = Some(b);
                    }
                }
            }
            if best.is_some() {
                found = best;
                break;
            }
        }
        // Every grid had no room for this slot length before the day found (or at all).
        for s in searched.iter() {
            let reached = found.map_or(s.end, |b| (b.day as usize).min(s.end)) as u32;
            self.full_before_hint(s.grid, s.cells).set((stamp, reached));
        }
        found
    }

    /// The last day of grid `g` bookable at `now` that the portal has.
    fn last_bookable_day(&self, g: usize, now: SimTime) -> usize {
        self.last_released_day(g, now).min(self.days.saturating_sub(1))
    }

    /// Whether the last search stopped at the last day made before the last day bookable:
    /// if it found nothing, the caller makes more days and searches again.
    pub fn stopped_short(&self) -> bool {
        self.stopped_short.get()
    }

    /// The full-before hint of grid `g` for slots of `k` cells.
    fn full_before_hint(&self, g: usize, k: usize) -> &Cell<(u32, u32)> {
        &self.full_before[g][k.min(self.full_before[g].len() - 1)]
    }

    /// Books what `find` returns, making days as it asks.
    pub fn book(
        &mut self,
        now: SimTime,
        grids: &[usize],
        slot_min: u32,
        publishing: &impl Fn(usize, usize) -> DeskSet,
    ) -> Option<Booking> {
        loop {
            match self.find(now, grids, slot_min, publishing) {
                Some(b) => {
                    self.take(&b);
                    return Some(b);
                }
                None if self.stopped_short() => self.make_more_days(),
                None => return None,
            }
        }
    }

    /// Occupies the cells of a booking (also used for the starting state).
    pub fn take(&mut self, b: &Booking) {
        let g = b.grid as usize;
        let grid = &self.grids[g];
        let day = b.day as usize;
        let base = self.taken_index(g, day, b.desk as usize, b.cell as usize);
        let day_end = self.taken_index(g, day, grid.desks.len(), 0);
        if self.taken[g].len() < day_end {
            self.taken[g].resize(day_end, 0);
        }
        let days = &mut self.desk_days[g];
        let r = days.row(day);
        let (words, w, bit) = (desk_words(grid), b.desk as usize / 64, 1u64 << (b.desk % 64));
        let open = &mut days.open[(r * days.stride + b.cell as usize) * words + w..];
        for (j, c) in self.taken[g][base..base + b.cells.get() as usize].iter_mut().enumerate() {
            *c += 1;
            let capacity = self.capacity[g][b.cell as usize + j];
            self.overfilled += usize::from(*c > capacity);
            if *c >= capacity {
                open[j * words] &= !bit;
            }
        }
        let desk_day = r * grid.desks.len() + b.desk as usize;
        let free = &mut days.free[desk_day];
        *free = free.saturating_sub(u16::from(b.cells.get()));
    }

    /// Where a cell is in `taken[g]` (days before today are no longer there: a bug to ask).
    #[inline]
    fn taken_index(&self, g: usize, day: usize, desk: usize, cell: usize) -> usize {
        let index = self.grids[g].index(day, desk, cell);
        debug_assert!(index >= self.taken_from[g], "day {day} was dropped from the slot grid");
        index - self.taken_from[g]
    }

    /// A new day: drops the days before `today` (nobody books, cancels or looks at them
    /// again) and makes today's and tomorrow's desk-days (searches make later ones).
    pub fn start_day(&mut self, today: usize) {
        self.forget_before(today);
        self.make_days_before(today + DAYS_MADE_AHEAD);
    }

    fn forget_before(&mut self, today: usize) {
        for (grid, days) in self.grids.iter().zip(&mut self.desk_days) {
            let cut = today.saturating_sub(days.from).min(days.room.len());
            // As with the bookings below: only once the past is at least half the lists.
            if cut > 0 && 2 * cut >= days.room.len() {
                let words = desk_words(grid);
                days.free.drain(..cut * grid.desks.len());
                days.open.drain(..cut * days.stride * words);
                days.published.drain(..cut * words);
                days.room.drain(..cut);
                days.from += cut;
            }
        }
        for (g, grid) in self.grids.iter().enumerate() {
            let Some(&target) = grid.offsets.get(today) else { continue };
            let (from, taken) = (&mut self.taken_from[g], &mut self.taken[g]);
            let cut = target.saturating_sub(*from);
            if cut >= taken.len() {
                taken.clear();
                *from = target.max(*from);
            } else if 2 * cut >= taken.len() {
                // Only once the past is at least half the list: moving the rest costs no more
                // than the bookings that filled it.
                taken.drain(..cut);
                *from = target;
            }
        }
    }

    /// Gives the cells of a booking back to the pool (cancellation, lapsed confirmation).
    pub fn release(&mut self, b: &Booking) {
        let g = b.grid as usize;
        let grid = &self.grids[g];
        let base = self.taken_index(g, b.day as usize, b.desk as usize, b.cell as usize);
        let days = &mut self.desk_days[g];
        let r = days.row(b.day as usize);
        let (words, w, bit) = (desk_words(grid), b.desk as usize / 64, 1u64 << (b.desk % 64));
        let open = &mut days.open[(r * days.stride + b.cell as usize) * words + w..];
        let mut freed = 0;
        for (j, c) in self.taken[g][base..base + b.cells.get() as usize].iter_mut().enumerate() {
            freed += u16::from(*c > 0);
            *c = c.saturating_sub(1);
            if *c < self.capacity[g][b.cell as usize + j] {
                open[j * words] |= bit;
            }
        }
        let desk_day = r * grid.desks.len() + b.desk as usize;
        days.free[desk_day] += freed;
        // The day has room again: the next search of it starts afresh.
        for hint in &self.full_before[g] {
            let (stamp, day) = hint.get();
            hint.set((stamp, day.min(b.day)));
        }
        self.desk_days[g].room[r].set(Room::default());
    }

    /// Whether a slot starting at `cell` of `cells` cells fits into one window, within the
    /// desk's hours, and has room (the day must be made).
    pub fn fits(&self, g: usize, day: usize, desk: usize, cell: usize, cells: usize, short_notice: bool) -> bool {
        let grid = &self.grids[g];
        let day_cells = &grid.cells[day];
        if cell + cells > day_cells.len() {
            return false;
        }
        let (first_min, window) = day_cells[cell];
        let days = &self.desk_days[g];
        let (words, r) = (desk_words(grid), days.row(day));
        let open = |c: usize| days.open[(r * days.stride + c) * words + desk / 64] >> (desk % 64) & 1 == 1;
        let held_back = &self.held_back[g];
        (0..cells).all(|j| {
            open(cell + j)
                && (short_notice || !held_back[cell + j])
                && day_cells[cell + j] == (first_min + j as u32 * grid.grid_min, window)
        })
    }

    /// The earliest fit on `day` of the searched grid at or after `now`, searched on the
    /// stamp's day. (Out of line: inlined into the search, its state spilled to the stack on
    /// every search; R2 −1.5 to −2.5 % cycles for 1.4 % more instructions.)
    #[inline(never)]
    fn earliest_in_day(
        &self,
        searched: &Searched,
        day: usize,
        now: SimTime,
        stamp: u32,
        short_notice: bool,
        publishing: &impl Fn(usize, usize) -> DeskSet,
    ) -> Option<Booking> {
        let (g, k) = (searched.grid, searched.cells);
        let grid = &self.grids[g];
        let days = &self.desk_days[g];
        let r = days.row(day);
        let mut room = days.room[r].get();
        // A slot longer than the count stopped at asks for the desks to be counted again.
        let counted_enough = (room.most_free < room.enough) || k <= room.enough as usize;
        if room.stamp != stamp || !counted_enough {
            room = self.look_at_day(g, day, stamp, k, publishing);
        } else if (room.most_free as usize) < k || (room.failed_cells != 0 && k >= room.failed_cells as usize) {
            return None;
        }
        let cells = &grid.cells[day];
        let n_words = desk_words(grid);
        let published = &days.published[r * n_words..][..n_words];
        let open = &days.open[r * days.stride * n_words..][..cells.len() * n_words];
        let open_at = |cell: usize| &open[cell * n_words..][..n_words];
        // Bookings take places: the earliest cell with a place may have moved on.
        let mut earliest = room.earliest as usize;
        while earliest < cells.len() && open_at(earliest).iter().zip(published).all(|(o, p)| o & p.get() == 0) {
            earliest += 1;
        }
        room.earliest = earliest as u16;
        days.room[r].set(room);
        let day_start = day as SimTime * MS_PER_DAY;
        // Only today's search starts after the first cell.
        let first = match now > day_start {
            true => self.first_cell_from(g, day, now),
            false => 0,
        };
        // A slot of k cells starts at a cell whose k cells are in one window, open to the
        // request (short notice or not held back), and have a place at one publishing desk.
        let starts = first.max(earliest)..(cells.len() + 1).saturating_sub(k);
        let held_back = &self.held_back[g];
        for s in starts {
            let (first_min, window) = cells[s];
            if !(0..k).all(|j| {
                (short_notice || !held_back[s + j]) && cells[s + j] == (first_min + j as u32 * grid.grid_min, window)
            }) {
                continue;
            }
            for (w, publishes) in published.iter().enumerate() {
                let desks = (s..s + k).fold(publishes.get(), |desks, cell| desks & open_at(cell)[w]);
                if desks != 0 {
                    return Some(Booking {
                        grid: g as u16,
                        desk: (w * 64 + desks.trailing_zeros() as usize) as u32,
                        day: day as u32,
                        cell: s as u16,
                        cells: slot_cells(k),
                        start: day_start + first_min as SimTime * MS_PER_MIN,
                    });
                }
            }
        }
        // A longer slot cannot fit where this one did not (a fit's first cells fit a shorter one).
        room.failed_cells = k as u8;
        days.room[r].set(room);
        None
    }

    /// The first cell of `day` (today) that starts at or after `now`.
    fn first_cell_from(&self, g: usize, day: usize, now: SimTime) -> usize {
        let cells = &self.grids[g].cells[day];
        let starts_before_now = |c: usize| day as SimTime * MS_PER_DAY + cells[c].0 as SimTime * MS_PER_MIN < now;
        let (known_day, mut first) = self.today_first[g].get();
        // Another day, or (a caller other than the event loop) an earlier time: start over.
        if known_day != day || (first > 0 && !starts_before_now(first - 1)) {
            first = 0;
        }
        while first < cells.len() && starts_before_now(first) {
            first += 1;
        }
        self.today_first[g].set((day, first));
        first
    }

    /// Starts the searches of a grid-day on the stamp's day: notes the desks that publish,
    /// and bounds their free places. The count stops once a desk has room for the grid's
    /// longest slot (and for `k` cells): on a day with room that is the first desk or so,
    /// where counting a city's hundreds of desks cost a tenth of its searches.
    fn look_at_day(
        &self,
        g: usize,
        day: usize,
        stamp: u32,
        k: usize,
        publishing: &impl Fn(usize, usize) -> DeskSet,
    ) -> Room {
        let grid = &self.grids[g];
        let days = &self.desk_days[g];
        let r = days.row(day);
        let n_words = desk_words(grid);
        let free = &days.free[r * grid.desks.len()..][..grid.desks.len()];
        // Appointment groups have at most MAX_DESKS desks (the scenario reader enforces it).
        let published = publishing(g, day);
        let enough = u16::try_from(k.max(grid.longest_slot_cells())).unwrap_or(u16::MAX);
        let mut room = Room { stamp, enough, ..Room::default() };
        for (w, (noted, &publishes)) in days.published[r * n_words..][..n_words].iter().zip(&published).enumerate() {
            noted.set(publishes);
            let mut bits = desks_in_word(grid.desks.len(), w) & publishes;
            while bits != 0 && room.most_free < enough {
                let d = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                room.most_free = room.most_free.max(free[d]);
            }
        }
        room
    }

    /// Cells that held more bookings than places at some point (must be zero: no slot is booked twice).
    pub fn overfilled_cells(&self) -> usize {
        self.overfilled
    }

    /// Minutes of grid `g`'s slots booked on `day` (held by clients who may still come or
    /// have come), in cell-minutes; 0 for a day not made.
    pub fn booked_minutes(&self, g: usize, day: usize) -> f64 {
        let grid = &self.grids[g];
        let days = &self.desk_days[g];
        if day < days.from || day >= days.end() {
            return 0.0;
        }
        let free = &days.free[days.row(day) * grid.desks.len()..][..grid.desks.len()];
        let booked: u32 = free.iter().enumerate().map(|(d, &f)| self.places(g, d, day) - u32::from(f)).sum();
        f64::from(booked * grid.grid_min)
    }

    /// The places desk `d` of grid `g` offers on `day`: those of the cells in its hours.
    fn places(&self, g: usize, d: usize, day: usize) -> u32 {
        let grid = &self.grids[g];
        let cells = &grid.cells[day];
        let span = self.hours.hours(grid.desks[d], day);
        let places = cells.iter().zip(&self.capacity[g]);
        match span == (0, 24 * 60) {
            true => places.map(|(_, &c)| u32::from(c)).sum(),
            false => places
                .filter(|((minute, _), _)| cell_within(*minute, grid.grid_min, span))
                .map(|(_, &c)| u32::from(c))
                .sum(),
        }
    }

    /// Capacity published and taken on `day`, in cell-minutes: (published, booked).
    pub fn day_minutes(&self, day: usize, publishing: &impl Fn(usize, usize) -> DeskSet) -> (f64, f64) {
        let mut published = 0.0;
        let mut booked = 0.0;
        for (g, grid) in self.grids.iter().enumerate() {
            let n = grid.cells.get(day).map_or(0, |c| c.len());
            if n == 0 {
                continue;
            }
            // A desk-day's places less its free ones are its bookings (cells never overfill).
            let days = &self.desk_days[g];
            let free = &days.free[days.row(day) * grid.desks.len()..][..grid.desks.len()];
            let set = publishing(g, day);
            for (d, &f) in free.iter().enumerate() {
                if contains(&set, d) {
                    let places = self.places(g, d, day);
                    published += f64::from(places * grid.grid_min);
                    booked += f64::from((places - u32::from(f)) * grid.grid_min);
                }
            }
        }
        (published, booked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{CalendarSpec, Window};
    use chrono::NaiveDate;

    fn calendar(days: u32) -> Calendar {
        let w = vec![Window::parse("08:00-09:00").unwrap()];
        let spec = CalendarSpec {
            holidays: None,
            closed_dates: vec![],
            opening_hours: std::array::from_fn(|_| w.clone()),
            saturday_openings: None,
        };
        Calendar::build(&spec, NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(), days)
    }

    const H8: SimTime = 8 * 60 * MS_PER_MIN;
    const M: SimTime = MS_PER_MIN;

    fn rules(horizon_days: u32) -> Release {
        Release { horizon_days, release_min: 0, overbooking: 0.0, short_notice_share: 0.0, short_notice_days: 0 }
    }

    fn all(_: usize, _: usize) -> DeskSet {
        [u64::MAX; MAX_DESKS / 64]
    }

    /// The earliest fit by looking at every cell of every publishing desk in order.
    fn search_everything(
        p: &Portal,
        now: SimTime,
        grids: &[usize],
        slot_min: u32,
        publishing: &impl Fn(usize, usize) -> DeskSet,
    ) -> Option<Booking> {
        let today = (now / MS_PER_DAY) as usize;
        let last = grids.iter().map(|&g| p.last_released_day(g, now)).max().unwrap_or(today);
        for day in today..=last.min(p.days - 1) {
            let mut best: Option<Booking> = None;
            for &g in grids.iter().filter(|&&g| day <= p.last_released_day(g, now)) {
                let short_notice = day <= today + p.releases[g].short_notice_days as usize;
                let grid = &p.grids[g];
                let k = grid.cells_for(slot_min);
                let set = publishing(g, day);
                let fit = grid.cells[day].iter().enumerate().find_map(|(s, &(minute, _))| {
                    let start = day as SimTime * MS_PER_DAY + minute as SimTime * MS_PER_MIN;
                    let desk = (0..grid.desks.len())
                        .find(|&d| start >= now && contains(&set, d) && p.fits(g, day, d, s, k, short_notice))?;
                    let (grid, desk, day, cell, cells) = (g as u16, desk as u32, day as u32, s as u16, slot_cells(k));
                    Some(Booking { grid, desk, day, cell, cells, start })
                });
                if let Some(b) = fit.filter(|b| best.is_none_or(|x| b.start < x.start)) {
                    best = Some(b);
                }
            }
            if best.is_some() {
                return best;
            }
        }
        None
    }

    #[test]
    fn remembered_searches_find_what_a_fresh_search_finds() {
        let plain = rules(6);
        check_remembered_searches([plain; 2]);
        let levers = Release { overbooking: 0.3, short_notice_share: 0.25, short_notice_days: 2, ..plain };
        check_remembered_searches([levers; 2]);
        // Two booking tools: each grid by its own horizon, release time and levers.
        check_remembered_searches([levers, Release { release_min: 9 * 60, short_notice_days: 1, ..rules(3) }]);
    }

    fn check_remembered_searches(releases: [Release; 2]) {
        // Bookings of mixed lengths, cancellations and shifting publishing sets, with requests
        // moving forward in time: the portal that remembers its searches (and drops the days
        // behind it) must find what one that forgets them before every search finds, and what
        // a search of every cell finds.
        let cal = calendar(12);
        let grids = vec![
            SlotGrid::build(0, vec![0, 1, 2], &[20, 40, 60], &cal),
            SlotGrid::build(1, vec![3, 4], &[20, 40], &cal),
        ];
        let mut remembering = Portal::new(&grids, releases.to_vec(), &AllDay);
        let mut forgetting = Portal::new(&grids, releases.to_vec(), &AllDay);
        // The reference has every day made from the start; the other makes them as searched.
        forgetting.make_days_before(cal.len());
        let mut held: Vec<Booking> = Vec::new();
        let mut next = crate::rng::test_sequence(0x2545_F491_4F6C_DD1D);
        let (mut found_some, mut made_on_demand) = (0, 0);
        for step in 0..4000i64 {
            let now = step * 3 * M;
            let today = (now / MS_PER_DAY) as usize;
            remembering.start_day(today);
            held.retain(|b| b.day as usize >= today);
            let absent = today % 3;
            let publishing = |_: usize, day: usize| {
                let mut set = [u64::MAX; MAX_DESKS / 64];
                if day.is_multiple_of(2) {
                    set[0] &= !(1 << absent);
                }
                set
            };
            let slot = [20, 40, 60][(next() % 3) as usize];
            let searched: &[usize] = [&[0, 1][..], &[0], &[1]][(next() % 3) as usize];
            let found = loop {
                match remembering.find(now, searched, slot, &publishing) {
                    None if remembering.stopped_short() => remembering.make_more_days(),
                    found => break found,
                }
                made_on_demand += 1;
            };
            for cell in forgetting.desk_days.iter().flat_map(|d| &d.room) {
                cell.set(Room::default());
            }
            for hint in forgetting.full_before.iter().flatten() {
                hint.set((0, 0));
            }
            for first in &forgetting.today_first {
                first.set((usize::MAX, 0));
            }
            assert_eq!(found, forgetting.find(now, searched, slot, &publishing), "step {step}");
            assert_eq!(found, search_everything(&forgetting, now, searched, slot, &publishing), "step {step}");
            if next().is_multiple_of(4) && !held.is_empty() {
                let b = held.swap_remove((next() as usize) % held.len());
                remembering.release(&b);
                forgetting.release(&b);
            } else if let Some(b) = found {
                remembering.take(&b);
                forgetting.take(&b);
                held.push(b);
                found_some += 1;
            }
        }
        assert!(found_some > 100, "the test must book: {found_some}");
        assert!(made_on_demand > 0, "the test must make days as searches reach them");
        assert!(remembering.taken_from.iter().all(|&from| from > 0), "the test must drop days");
        assert!(remembering.desk_days.iter().all(|d| d.from > 0 && d.room.len() < 12), "and keep fewer than all");
        assert!(forgetting.desk_days.iter().all(|d| d.from == 0), "the reference keeps every day");
    }

    #[test]
    fn books_earliest_time_then_lowest_desk_and_never_twice() {
        let cal = calendar(3);
        let grids = vec![SlotGrid::build(0, vec![0, 1], &[20], &cal)];
        let mut p = Portal::new(&grids, vec![rules(10)], &AllDay);
        let starts: Vec<(u32, SimTime)> =
            (0..7).map_while(|_| p.book(0, &[0], 20, &all)).map(|b| (b.desk, b.start)).collect();
        assert_eq!(
            starts,
            vec![
                (0, H8),
                (1, H8),
                (0, H8 + 20 * M),
                (1, H8 + 20 * M),
                (0, H8 + 40 * M),
                (1, H8 + 40 * M),
                (0, MS_PER_DAY + H8)
            ]
        );
    }

    #[test]
    fn respects_request_time_horizon_and_slot_length() {
        let cal = calendar(3);
        let grids = vec![SlotGrid::build(0, vec![0], &[20, 40], &cal)];
        assert_eq!(grids[0].grid_min, 20);
        let mut p = Portal::new(&grids, vec![rules(0)], &AllDay);
        // A request at 08:10 cannot take the 08:00 slot: the 40-minute slot starts at 08:20.
        let b = p.book(H8 + 10 * M, &[0], 40, &all).unwrap();
        assert_eq!(b.start, H8 + 20 * M);
        // Horizon 0: only today. The 08:00 cell is in the past, so nothing is left today.
        assert_eq!(p.book(H8 + 10 * M, &[0], 20, &all), None);
        // Horizon 1: tomorrow's first slot.
        let mut p = Portal::new(&grids, vec![rules(1)], &AllDay);
        p.book(H8 + 10 * M, &[0], 40, &all).unwrap();
        assert_eq!(p.book(H8 + 10 * M, &[0], 20, &all).unwrap().start, MS_PER_DAY + H8);
    }

    #[test]
    fn a_search_earlier_in_the_day_than_the_last_one_finds_the_earlier_cells() {
        // The event loop's time only moves on, but the portal must not rely on it.
        let cal = calendar(3);
        let grids = vec![SlotGrid::build(0, vec![0], &[20], &cal)];
        let p = Portal::new(&grids, vec![rules(1)], &AllDay);
        assert_eq!(p.find(H8 + 30 * M, &[0], 20, &all).unwrap().start, H8 + 40 * M);
        assert_eq!(p.find(H8 + 5 * M, &[0], 20, &all).unwrap().start, H8 + 20 * M);
        assert_eq!(p.find(H8 + 50 * M, &[0], 20, &all).unwrap().start, MS_PER_DAY + H8);
    }

    #[test]
    fn the_furthest_day_opens_at_the_release_time() {
        let cal = calendar(5);
        let grids = vec![SlotGrid::build(0, vec![0], &[60], &cal)];
        let mut p = Portal::new(&grids, vec![Release { release_min: 7 * 60, ..rules(2) }], &AllDay);
        // Day 0 at 06:00: days 0 and 1 are out; day 2 is released only at 07:00.
        assert_eq!(p.last_released_day(0, 6 * 60 * M), 1);
        assert_eq!(p.last_released_day(0, 7 * 60 * M), 2);
        assert_eq!(p.book(6 * 60 * M, &[0], 60, &all).unwrap().day, 0);
        assert_eq!(p.book(6 * 60 * M, &[0], 60, &all).unwrap().day, 1);
        assert_eq!(p.book(6 * 60 * M, &[0], 60, &all), None);
        assert_eq!(p.book(7 * 60 * M, &[0], 60, &all).unwrap().day, 2);
    }

    #[test]
    fn released_cells_are_booked_again_and_unpublished_desks_are_skipped() {
        let cal = calendar(2);
        let grids = vec![SlotGrid::build(0, vec![0, 1], &[60], &cal)];
        let mut p = Portal::new(&grids, vec![rules(1)], &AllDay);
        let desk1_only = |_: usize, _: usize| {
            let mut set = [0; MAX_DESKS / 64];
            set[0] = 0b10;
            set
        };
        let b = p.book(0, &[0], 60, &desk1_only).unwrap();
        assert_eq!((b.desk, b.day), (1, 0));
        assert_eq!(p.book(0, &[0], 60, &desk1_only).unwrap().day, 1);
        p.release(&b);
        assert_eq!(p.book(0, &[0], 60, &desk1_only).unwrap(), b);
    }

    #[test]
    fn overbooking_and_held_back_cells() {
        let cal = calendar(3);
        let grids = vec![SlotGrid::build(0, vec![0], &[10], &cal)];
        // Six 10-minute cells a day; overbooking 0.5 gives every second cell two places.
        let mut p = Portal::new(&grids, vec![Release { overbooking: 0.5, ..rules(0) }], &AllDay);
        let n = std::iter::from_fn(|| p.book(0, &[0], 10, &all)).count();
        assert_eq!(n, 9);
        // Half the cells held back and released only 1 day ahead: two days out, three cells.
        let mut p =
            Portal::new(&grids, vec![Release { short_notice_share: 0.5, short_notice_days: 1, ..rules(2) }], &AllDay);
        let days: Vec<u32> = std::iter::from_fn(|| p.book(0, &[0], 10, &all)).map(|b| b.day).collect();
        assert_eq!(days, vec![0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
        let (published, booked) = p.day_minutes(2, &all);
        assert_eq!((published, booked), (60.0, 30.0));
    }
}
