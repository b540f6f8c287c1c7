//! Named random streams.
//!
//! Every stochastic process draws from its own generator, seeded from (master seed,
//! replication, stream kind, sub-stream, index). A policy that changes one process therefore
//! leaves every other process's draws untouched (common random numbers), and results do not
//! depend on the order in which threads pick up replications.
//!
//! The generator is PCG-64 MCG from `rand_pcg`, a portable algorithm with a fixed output
//! sequence; the version is pinned in `Cargo.lock`.

use rand_pcg::Pcg64Mcg;

/// The generator used for every stream.
pub type StreamRng = Pcg64Mcg;

/// The kinds of random stream. The numeric values are part of the reproducibility contract:
/// never renumber an existing kind, only add new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum StreamKind {
    /// Arrival instants of one case type (sub-stream: case type index).
    Arrivals = 1,
    /// Attributes of one client (sub-stream: case type index, index: client serial).
    Client = 2,
    /// Employment, vacation and training of one desk (sub-stream: group, index: desk).
    Staff = 3,
    /// Sickness episodes of one desk (sub-stream: group, index: desk).
    Sickness = 4,
    /// Initial bookings of the portal's starting state (sub-stream: slot grid).
    InitialBookings = 5,
    /// One document holder's life: validity, lead times, leaving (sub: case type, index: holder serial).
    Holder = 6,
    /// One visit of a holder (sub: holder id, index: visit number).
    HolderVisit = 7,
    /// New holders moving in (sub: case type).
    HolderInflow = 8,
    /// The starting backlog (sub: case type).
    InitialBacklog = 9,
    /// Back-office delays: rework of incomplete applications, card production without a holder.
    BackOffice = 10,
}

/// SplitMix64 finaliser: a bijective mixer that spreads nearby inputs far apart.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of one stream. Identical arguments give an identical sequence on every platform.
pub fn stream(seed: u64, replication: u64, kind: StreamKind, sub: u64, index: u64) -> StreamRng {
    StreamKindRoot::new(seed, replication, kind).family(sub).member(index)
}

/// The streams of one kind in one replication, hashed once: a model that opens a stream per
/// client or per visit keeps this and pays for the last steps of the hash only.
#[derive(Debug, Clone, Copy)]
pub struct StreamKindRoot(u64);

impl StreamKindRoot {
    pub fn new(seed: u64, replication: u64, kind: StreamKind) -> Self {
        StreamKindRoot(mix(mix(mix(seed) ^ replication) ^ kind as u64))
    }

    pub fn family(self, sub: u64) -> StreamFamily {
        StreamFamily(mix(self.0 ^ sub))
    }
}

/// The streams of one (kind, sub-stream), numbered by their index.
#[derive(Debug, Clone, Copy)]
pub struct StreamFamily(u64);

impl StreamFamily {
    pub fn member(self, index: u64) -> StreamRng {
        let h = mix(self.0 ^ index);
        let lo = mix(h ^ 0x5851_F42D_4C95_7F2D);
        let state = ((h as u128) << 64) | lo as u128;
        Pcg64Mcg::new(state | 1)
    }
}

/// A small deterministic sequence for tests that need many arbitrary values (xorshift64).
/// It is not one of the simulation's streams, so changing those never changes a test's inputs.
#[cfg(test)]
pub(crate) fn test_sequence(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: u64 = stream(42, 0, StreamKind::Client, 1, 7).random();
        let b: u64 = stream(42, 0, StreamKind::Client, 1, 7).random();
        let c: u64 = stream(42, 0, StreamKind::Client, 1, 8).random();
        let d: u64 = stream(42, 1, StreamKind::Client, 1, 7).random();
        let e: u64 = stream(42, 0, StreamKind::Arrivals, 1, 7).random();
        assert_eq!(a, b);
        assert!(a != c && a != d && a != e && c != d);
    }

    #[test]
    fn first_draws_are_pinned() {
        // Value-stability: if this changes, every published result changes. Update only
        // deliberately, with a note in the changelog.
        let mut r = stream(1, 0, StreamKind::Arrivals, 0, 0);
        let first: [u64; 2] = [r.random(), r.random()];
        assert_eq!(first, PINNED);
    }

    const PINNED: [u64; 2] = [5101037525764691555, 7022228136519132275];
}
