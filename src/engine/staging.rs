//! Events for days far ahead (a population's renewals, months and years away), gathered in
//! the order they are scheduled and handed to their day lists in groups, one day after the
//! other: each list's end is then loaded once per group instead of once per event, which
//! in a large population is a cache miss each time.

use super::heap::Keyed;

/// Entries waiting for their day lists, with their buckets.
#[derive(Debug)]
pub struct Staging<E> {
    entries: Vec<(usize, Keyed<E>)>,
    /// The earliest and latest buckets among the entries.
    first: usize,
    last: usize,
    /// Working space for grouping: entries per bucket, then the grouped entries.
    counts: Vec<usize>,
    grouped: Vec<Keyed<E>>,
}

impl<E> Default for Staging<E> {
    fn default() -> Self {
        Staging { entries: Vec::new(), first: usize::MAX, last: 0, counts: Vec::new(), grouped: Vec::new() }
    }
}

impl<E: Copy> Staging<E> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The earliest bucket waiting (None: nothing waits).
    pub fn first(&self) -> Option<usize> {
        (!self.entries.is_empty()).then_some(self.first)
    }

    pub fn push(&mut self, bucket: usize, entry: Keyed<E>) {
        self.first = self.first.min(bucket);
        self.last = self.last.max(bucket);
        self.entries.push((bucket, entry));
    }

    /// Empties the stage: `hand(bucket, entries)` once per bucket with entries, in bucket
    /// order, each bucket's entries in the order they were pushed.
    pub fn drain_grouped(&mut self, mut hand: impl FnMut(usize, &[Keyed<E>])) {
        let Some(&(_, filler)) = self.entries.first() else { return };
        // A counting sort by bucket: counts, then where each bucket's group starts.
        self.counts.clear();
        self.counts.resize(self.last - self.first + 2, 0);
        for &(bucket, _) in &self.entries {
            self.counts[bucket - self.first + 1] += 1;
        }
        for i in 1..self.counts.len() {
            self.counts[i] += self.counts[i - 1];
        }
        self.grouped.clear();
        self.grouped.resize(self.entries.len(), filler);
        for &(bucket, entry) in &self.entries {
            let at = &mut self.counts[bucket - self.first];
            self.grouped[*at] = entry;
            *at += 1;
        }
        // counts[i] is now where bucket first + i ends.
        let mut start = 0;
        for (i, &end) in self.counts[..self.counts.len() - 1].iter().enumerate() {
            if end > start {
                hand(self.first + i, &self.grouped[start..end]);
            }
            start = end;
        }
        self.entries.clear();
        (self.first, self.last) = (usize::MAX, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_over_each_bucket_once_in_order_keeping_push_order() {
        let mut stage = Staging::default();
        assert_eq!(stage.first(), None);
        let pushes = [(7, 1), (3, 2), (7, 3), (5, 4), (3, 5), (9, 6), (7, 7)];
        for (bucket, key) in pushes {
            stage.push(bucket, Keyed { key, event: () });
        }
        assert_eq!((stage.first(), stage.len()), (Some(3), 7));
        let mut handed = Vec::new();
        stage.drain_grouped(|bucket, group| handed.push((bucket, group.iter().map(|e| e.key).collect::<Vec<_>>())));
        assert_eq!(handed, vec![(3, vec![2, 5]), (5, vec![4]), (7, vec![1, 3, 7]), (9, vec![6])]);
        assert_eq!((stage.first(), stage.len()), (None, 0));
    }
}
