//! The booking portal: a slot calendar per appointment staff group.
//!
//! Each clerk's open time is cut into cells of `grid` minutes (the greatest common divisor of
//! the slot lengths the group serves), counted from each window's start. A booking of a
//! case type takes `slot_min / grid` consecutive free cells of one clerk inside one window.
//! A request books the earliest free slot starting at or after the request, within the
//! horizon; ties go to the lower group, then the lower clerk.

use crate::calendar::Calendar;
use crate::engine::{SimTime, MS_PER_DAY, MS_PER_MIN};

/// The slot grid of one appointment group, built once per scenario.
#[derive(Debug, Clone)]
pub struct SlotGrid {
    pub group: usize,
    pub clerks: u32,
    pub grid_min: u32,
    /// Per calendar day: start minute and window index of every cell, in time order.
    pub cells: Vec<Vec<(u32, u16)>>,
    /// Per calendar day: offset of the day's cells in the flat occupancy vector.
    pub offsets: Vec<usize>,
    pub total_cells: usize,
}

impl SlotGrid {
    pub fn build(group: usize, clerks: u32, slot_lengths: &[u32], calendar: &Calendar) -> SlotGrid {
        let grid_min = slot_lengths.iter().copied().fold(0, gcd).max(1);
        let mut cells = Vec::with_capacity(calendar.len());
        let mut offsets = Vec::with_capacity(calendar.len());
        let mut total = 0;
        for day in &calendar.days {
            let mut day_cells = Vec::new();
            for (wi, w) in day.windows.iter().enumerate() {
                let n = w.len_min() / grid_min;
                day_cells.extend((0..n).map(|k| (w.start_min + k * grid_min, wi as u16)));
            }
            offsets.push(total);
            total += day_cells.len() * clerks as usize;
            cells.push(day_cells);
        }
        SlotGrid {
            group,
            clerks,
            grid_min,
            cells,
            offsets,
            total_cells: total,
        }
    }

    /// Number of cells a slot of `slot_min` minutes takes.
    pub fn cells_for(&self, slot_min: u32) -> usize {
        slot_min.div_ceil(self.grid_min) as usize
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// A booked slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booking {
    pub book: usize,
    pub clerk: u32,
    pub start: SimTime,
}

/// The occupancy of every group's slot grid during one replication.
#[derive(Debug)]
pub struct Portal<'a> {
    grids: &'a [SlotGrid],
    taken: Vec<Vec<bool>>,
    /// Free cells left per grid and day (to skip full days quickly).
    free: Vec<Vec<u32>>,
    horizon_days: u32,
    last_day: usize,
}

impl<'a> Portal<'a> {
    pub fn new(grids: &'a [SlotGrid], horizon_days: u32) -> Self {
        let taken = grids.iter().map(|g| vec![false; g.total_cells]).collect();
        let free = grids
            .iter()
            .map(|g| g.cells.iter().map(|c| c.len() as u32 * g.clerks).collect())
            .collect();
        let last_day = grids.first().map_or(0, |g| g.cells.len());
        Portal {
            grids,
            taken,
            free,
            horizon_days,
            last_day,
        }
    }

    /// Books the earliest free slot of `slot_min` minutes at or after `now` in one of `books`
    /// (grid indices, in preference order). None when nothing is free within the horizon.
    pub fn book(&mut self, now: SimTime, books: &[usize], slot_min: u32) -> Option<Booking> {
        let today = (now / MS_PER_DAY) as usize;
        let last = (today + self.horizon_days as usize).min(self.last_day.saturating_sub(1));
        for day in today..=last {
            let mut best: Option<(SimTime, usize, u32, usize, usize)> = None;
            for &b in books {
                if self.free[b][day] == 0 {
                    continue;
                }
                if let Some((start, clerk, cell, k)) = self.earliest_in_day(b, day, now, slot_min) {
                    if best.is_none_or(|x| start < x.0) {
                        best = Some((start, b, clerk, cell, k));
                    }
                }
            }
            if let Some((start, b, clerk, cell, k)) = best {
                let grid = &self.grids[b];
                let n = grid.cells[day].len();
                let base = grid.offsets[day] + clerk as usize * n;
                self.taken[b][base + cell..base + cell + k]
                    .iter_mut()
                    .for_each(|c| *c = true);
                self.free[b][day] -= k as u32;
                return Some(Booking { book: b, clerk, start });
            }
        }
        None
    }

    fn earliest_in_day(
        &self,
        b: usize,
        day: usize,
        now: SimTime,
        slot_min: u32,
    ) -> Option<(SimTime, u32, usize, usize)> {
        let grid = &self.grids[b];
        let cells = &grid.cells[day];
        let k = grid.cells_for(slot_min);
        let day_start = day as SimTime * MS_PER_DAY;
        let taken = &self.taken[b];
        let n = cells.len();
        for s in 0..n.saturating_sub(k - 1) {
            let start = day_start + cells[s].0 as SimTime * MS_PER_MIN;
            if start < now {
                continue;
            }
            // The k cells must be consecutive in time and in one window.
            let (first_min, window) = cells[s];
            let fits = (1..k).all(|j| cells[s + j] == (first_min + j as u32 * grid.grid_min, window));
            if !fits {
                continue;
            }
            for clerk in 0..grid.clerks {
                let base = grid.offsets[day] + clerk as usize * n + s;
                if !taken[base..base + k].iter().any(|t| *t) {
                    return Some((start, clerk, s, k));
                }
            }
        }
        None
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

    #[test]
    fn books_earliest_time_then_lowest_clerk_and_never_twice() {
        let cal = calendar(3);
        let grids = vec![SlotGrid::build(0, 2, &[20], &cal)];
        let mut p = Portal::new(&grids, 10);
        let starts: Vec<(u32, SimTime)> = (0..7)
            .map_while(|_| p.book(0, &[0], 20))
            .map(|b| (b.clerk, b.start))
            .collect();
        let m = MS_PER_MIN;
        assert_eq!(
            starts,
            vec![
                (0, H8),
                (1, H8),
                (0, H8 + 20 * m),
                (1, H8 + 20 * m),
                (0, H8 + 40 * m),
                (1, H8 + 40 * m),
                (0, MS_PER_DAY + H8)
            ]
        );
    }

    #[test]
    fn respects_request_time_horizon_and_slot_length() {
        let cal = calendar(3);
        let grids = vec![SlotGrid::build(0, 1, &[20, 40], &cal)];
        assert_eq!(grids[0].grid_min, 20);
        let mut p = Portal::new(&grids, 0);
        // A request at 08:10 cannot take the 08:00 slot: the 40-minute slot starts at 08:20.
        let b = p.book(H8 + 10 * MS_PER_MIN, &[0], 40).unwrap();
        assert_eq!(b.start, H8 + 20 * MS_PER_MIN);
        // Horizon 0: only today. The 08:00 cell is in the past, so nothing is left today.
        assert_eq!(p.book(H8 + 10 * MS_PER_MIN, &[0], 20), None);
        // Horizon 1: tomorrow's first slot.
        let mut p = Portal::new(&grids, 1);
        p.book(H8 + 10 * MS_PER_MIN, &[0], 40).unwrap();
        assert_eq!(p.book(H8 + 10 * MS_PER_MIN, &[0], 20).unwrap().start, MS_PER_DAY + H8);
    }
}
