//! Rows recorded per day: the whole run when the daily files are wanted, or only a window of
//! recent days, so that a replication that reports key figures only (sweeps, experiments)
//! needs the same memory for ten years as for one.

use std::ops::Deref;

/// Days a window keeps: the model writes the day now running, the day before (closed at
/// midnight) and the day ahead (people queueing the evening before).
const WINDOW: usize = 8;

#[derive(Debug, Clone)]
pub struct DaySeries<T> {
    /// Every day of the run, or `WINDOW` slots reused in turn.
    rows: Vec<T>,
    /// With a window: the day each slot holds.
    held: Option<[usize; WINDOW]>,
    /// A fresh row (also what a reused slot starts from).
    blank: T,
    days: usize,
}

impl<T: Clone> DaySeries<T> {
    /// Keeps every day (`whole`) or a window of recent days.
    pub fn new(days: usize, keep_all: bool, blank: T) -> Self {
        if keep_all {
            Self::whole(days, blank)
        } else {
            Self::window(days, blank)
        }
    }

    /// Keeps every day of a run of `days` days.
    fn whole(days: usize, blank: T) -> Self {
        DaySeries { rows: vec![blank.clone(); days], held: None, blank, days }
    }

    /// Keeps only the last few days of a run of `days` days.
    fn window(days: usize, blank: T) -> Self {
        // Always `WINDOW` slots (a run of fewer days leaves some unused): the slot of a day is
        // then a remainder by a constant power of two, not a division on every row written.
        DaySeries { rows: vec![blank.clone(); WINDOW], held: Some([usize::MAX; WINDOW]), blank, days }
    }

    /// The fresh row every day starts from.
    pub fn blank(&self) -> &T {
        &self.blank
    }

    /// Days in the run (whether kept or not).
    pub fn run_days(&self) -> usize {
        self.days
    }

    /// The day that holds time `t` (clamped to the run).
    #[inline]
    pub fn day_of(&self, t: crate::engine::SimTime) -> usize {
        ((t.max(0) / crate::engine::MS_PER_DAY) as usize).min(self.days - 1)
    }

    /// The row of `day`, started fresh if a window slot held an older day.
    #[inline(always)]
    pub fn at(&mut self, day: usize) -> &mut T {
        if self.held.is_none() {
            return &mut self.rows[day];
        }
        self.at_in_window(day)
    }

    // Inlined: nearly every call writes a day its slot already holds; only the first write
    // of a day (once a day per series) takes the out-of-line path.
    #[inline(always)]
    fn at_in_window(&mut self, day: usize) -> &mut T {
        let slot = day % WINDOW;
        let holds_day = self.held.as_ref().is_some_and(|held| held[slot] == day);
        if !holds_day {
            self.start_window_day(day);
        }
        &mut self.rows[slot]
    }

    #[inline(never)]
    #[cold]
    fn start_window_day(&mut self, day: usize) {
        let held = self.held.as_mut().expect("a window");
        let slot = day % WINDOW;
        assert!(held[slot] == usize::MAX || held[slot] < day, "day {day} written after day {}", held[slot]);
        held[slot] = day;
        self.rows[slot] = self.blank.clone();
    }

    /// The row of `day` if it is kept.
    pub fn get(&self, day: usize) -> Option<&T> {
        match &self.held {
            None => self.rows.get(day),
            Some(held) => (held.get(day % WINDOW) == Some(&day)).then(|| &self.rows[day % WINDOW]),
        }
    }
}

/// The kept rows in day order: all days, or none when only a window was kept.
impl<T> Deref for DaySeries<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self.held {
            None => &self.rows,
            Some(_) => &[],
        }
    }
}

impl<'a, T> IntoIterator for &'a DaySeries<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.deref().iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_keeps_recent_days_and_starts_each_day_fresh() {
        let mut w = DaySeries::window(100, 0u32);
        let mut whole = DaySeries::whole(100, 0u32);
        for day in 0..100 {
            for s in [&mut w, &mut whole] {
                *s.at(day) += day as u32;
                *s.at((day + 1).min(99)) += 1; // the day ahead
            }
            assert_eq!(w.get(day), whole.get(day));
        }
        assert_eq!(w.get(3), None);
        assert_eq!(w.get(99), Some(&(99 + 2)));
        assert!(w.is_empty());
        assert_eq!(whole.len(), 100);
        assert_eq!(w.run_days(), 100);
    }
}
