//! Sorting a day's event list: a radix sort on the time part of the keys.
//!
//! A day of a large office holds tens of thousands of events, scheduled days or weeks ahead.
//! A comparison sort spends about log2(n) passes over them; sorting by the time within the
//! day takes three (27 bits in digits of 9), and the few events that share an instant are
//! then put in key order. Lists arrive in scheduling order, so such ties are nearly always in
//! order already and the second step is one pass.

use super::heap::Keyed;

/// Lists shorter than this are left to a comparison sort.
const RADIX_MIN: usize = 256;
const DIGIT_BITS: u32 = 9;
const DIGITS: usize = 1 << DIGIT_BITS;

/// Sorts `list` by descending key (the next entry last), where `key >> time_shift` is the
/// entry's time and keys are unique. `scratch` is working space, kept for the next call.
pub fn sort_latest_first<E: Copy>(list: &mut Vec<Keyed<E>>, scratch: &mut Vec<Keyed<E>>, time_shift: u32) {
    let n = list.len();
    if n < RADIX_MIN {
        list.sort_unstable_by_key(|e| std::cmp::Reverse(e.key));
        return;
    }
    let time = |e: &Keyed<E>| e.key >> time_shift;
    let highest = list.iter().map(time).fold(0, |a, t| a | t);
    let passes = (u64::BITS - highest.leading_zeros()).div_ceil(DIGIT_BITS) as usize;
    let digit = |e: &Keyed<E>, pass: usize| (time(e) >> (pass as u32 * DIGIT_BITS)) as usize & (DIGITS - 1);
    let mut counts = vec![[0usize; DIGITS]; passes];
    for e in list.iter() {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[digit(e, pass)] += 1;
        }
    }
    scratch.clear();
    scratch.resize(n, list[0]);
    // Stable passes from the lowest digit up, between the list and the scratch space.
    for (pass, count) in counts.iter().enumerate() {
        if count[digit(&list[0], pass)] == n {
            continue;
        }
        let mut next = [0usize; DIGITS];
        let mut at = 0;
        for (next, &count) in next.iter_mut().zip(count) {
            *next = at;
            at += count;
        }
        for e in list.iter() {
            let d = digit(e, pass);
            scratch[next[d]] = *e;
            next[d] += 1;
        }
        std::mem::swap(list, scratch);
    }
    // Entries of one instant in key order (ranked ones first, then by sequence number).
    let mut from = 0;
    while from < n {
        let t = time(&list[from]);
        let to = from + list[from..].iter().take_while(|e| time(e) == t).count();
        if to - from > 1 {
            list[from..to].sort_unstable_by_key(|e| e.key);
        }
        from = to;
    }
    list.reverse();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_a_comparison_sort() {
        let mut next = crate::rng::test_sequence(0x9E37_79B9_7F4A_7C15);
        let mut scratch = Vec::new();
        for case in 0..60u64 {
            // Long and short lists; times spread over a day or bunched on a few instants (ties);
            // mostly in sequence order, as scheduled, with some lower keys (ranked) mixed in.
            let n = [3, 100, 255, 256, 1000, 5000][case as usize % 6];
            let instants = [2, 50, 1 << 27][(case / 6) as usize % 3];
            let mut list: Vec<Keyed<u64>> = (0..n as u64)
                .map(|seq| {
                    let time = next() % instants;
                    let order = if next() % 10 == 0 { next() % 1000 } else { 1 << 36 | seq };
                    Keyed { key: time << 37 | order, event: seq }
                })
                .collect();
            list.sort_unstable_by_key(|e| e.key);
            list.dedup_by_key(|e| e.key);
            if case % 2 == 0 {
                // Scheduling order, not key order: the common case.
                list.sort_unstable_by_key(|e| e.event);
            } else {
                list.reverse();
            }
            let mut expected = list.clone();
            expected.sort_unstable_by_key(|e| std::cmp::Reverse(e.key));
            sort_latest_first(&mut list, &mut scratch, 37);
            let keys = |l: &[Keyed<u64>]| l.iter().map(|e| (e.key, e.event)).collect::<Vec<_>>();
            assert_eq!(keys(&list), keys(&expected), "case {case}");
        }
    }
}
