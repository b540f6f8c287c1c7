//! A 4-ary min-heap of entries ordered by a unique u64 key: the event queue's current bucket.
//!
//! `std::collections::BinaryHeap` writes an element into its new place and reads it straight
//! back as the sift begins; for 24-byte entries that read cannot take its bytes from the
//! pending stores, and the stall took several per cent of R1's time in the profile.
//! Here the moving entry stays in registers and is written once, where it ends up. Keys are
//! unique, so the order in which entries come out does not depend on how the heap is built.

/// An entry: its order key and what it carries.
#[derive(Debug, Clone, Copy)]
pub struct Keyed<E> {
    pub key: u64,
    pub event: E,
}

/// Children of a node (a 4-ary heap: see `pop`).
const ARITY: usize = 4;

/// Entries by ascending key.
#[derive(Debug)]
pub struct KeyHeap<E> {
    data: Vec<Keyed<E>>,
}

impl<E: Copy> KeyHeap<E> {
    pub fn with_capacity(capacity: usize) -> Self {
        KeyHeap { data: Vec::with_capacity(capacity) }
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The entry with the smallest key.
    pub fn peek(&self) -> Option<&Keyed<E>> {
        self.data.first()
    }

    #[inline(always)]
    pub fn push(&mut self, entry: Keyed<E>) {
        // The slot at the end is only a place to grow into: parents move down into the hole
        // and the entry is written where it belongs.
        self.data.push(entry);
        self.rise(self.data.len() - 1, entry);
    }

    /// Writes `entry` into the hole at `pos` or, moving parents down, above it.
    #[inline(always)]
    fn rise(&mut self, mut pos: usize, entry: Keyed<E>) {
        while pos > 0 {
            let parent = (pos - 1) / ARITY;
            if self.data[parent].key < entry.key {
                break;
            }
            self.data[pos] = self.data[parent];
            pos = parent;
        }
        self.data[pos] = entry;
    }

    /// Removes and returns the entry with the smallest key.
    pub fn pop(&mut self) -> Option<Keyed<E>> {
        let last = self.data.pop()?;
        let Some(&top) = self.data.first() else { return Some(last) };
        // The hole left at the root goes down to a leaf along the smallest children, then the
        // last entry rises from there to its place ("bottom-up"): the last entry, a late one,
        // rarely rises far. Four children a node halve the levels a pop goes down, each level
        // a load that waits for the comparison before it; the four keys load side by side.
        let n = self.data.len();
        let mut pos = 0;
        loop {
            let first = ARITY * pos + 1;
            let child = if first + ARITY <= n {
                self.smallest_of_four(first)
            } else if first < n {
                (first + 1..n).fold(first, |best, c| if self.data[c].key < self.data[best].key { c } else { best })
            } else {
                break;
            };
            self.data[pos] = self.data[child];
            pos = child;
        }
        self.rise(pos, last);
        Some(top)
    }

    /// The index of the smallest key among the four entries from `first` (as two
    /// independent pairs, then their winners: conditional moves, not branches).
    #[inline(always)]
    fn smallest_of_four(&self, first: usize) -> usize {
        let four = &self.data[first..first + ARITY];
        let a = usize::from(four[1].key < four[0].key);
        let b = 2 + usize::from(four[3].key < four[2].key);
        first + if four[b].key < four[a].key { b } else { a }
    }

    /// Empties the heap, returning its entries in no particular order.
    pub fn take_all(&mut self) -> Vec<Keyed<E>> {
        std::mem::take(&mut self.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_key_order_under_random_pushes_and_pops() {
        let mut next = crate::rng::test_sequence(0xC0FF_EE12_3456_789B);
        let mut heap = KeyHeap::with_capacity(4);
        let mut model = std::collections::BTreeSet::new();
        for step in 0..50_000u64 {
            // Unique keys: a random high part and the step number below it.
            let r = next();
            if !r.is_multiple_of(3) || model.is_empty() {
                let key = (r >> 40) << 20 | step;
                heap.push(Keyed { key, event: step });
                model.insert(key);
            } else {
                let want = model.pop_first();
                assert_eq!(heap.pop().map(|e| e.key), want, "step {step}");
            }
            assert_eq!(heap.len(), model.len());
            assert_eq!(heap.peek().map(|e| e.key), model.first().copied());
        }
        while let Some(want) = model.pop_first() {
            let got = heap.pop().expect("as many entries as the model");
            assert_eq!(got.key, want);
            assert_eq!(got.event, want & 0xF_FFFF, "the entry keeps its payload");
        }
        assert!(heap.pop().is_none() && heap.is_empty());
    }
}
