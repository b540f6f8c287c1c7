//! Clients: one person with one matter, from the first contact until they leave the books.

use super::portal::Booking;
use crate::engine::SimTime;
use crate::rng::StreamRng;
use rand::Rng;

/// Index of a client in the `Clients` slab; reused after the client leaves.
pub type ClientId = u32;

/// How a client reaches the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Portal,
    Walkin,
}

/// Random numbers fixed when the client is created, so that a policy that changes a
/// probability compares the same people (common random numbers): the five numbers that follow
/// in the client's stream at that moment. Only the stream's state is kept, and a number is
/// computed when asked for: most clients never need most of them (a walk-in needs none).
#[derive(Debug, Clone)]
pub struct Draws(StreamRng);

impl Draws {
    /// Takes the next five numbers of `rng` (`rng` continues after them).
    #[inline]
    pub fn take(rng: &mut StreamRng) -> Draws {
        let draws = Draws(rng.clone());
        rng.advance(5);
        draws
    }

    /// The `k`-th number (0-based), exactly what the `k`-th `random::<f64>()` would have given.
    #[inline(always)]
    fn nth(&self, k: u128) -> f64 {
        let mut rng = self.0.clone();
        // An MCG's jump by a constant folds into one multiplication.
        rng.advance(k);
        rng.random()
    }

    pub fn no_show(&self) -> f64 {
        self.nth(0)
    }

    pub fn unrecorded(&self) -> f64 {
        self.nth(1)
    }

    pub fn wrong_category(&self) -> f64 {
        self.nth(2)
    }

    pub fn cancel(&self) -> f64 {
        self.nth(3)
    }

    pub fn duplicate(&self) -> f64 {
        self.nth(4)
    }
}

/// Whether an event of probability `p` happens, given its uniform `draw`. A probability of 0
/// is never drawn below, so the draw is then not computed (same outcome, less work).
#[inline(always)]
pub fn happens(p: f64, draw: impl FnOnce() -> f64) -> bool {
    p > 0.0 && draw() < p
}

/// Aligned to a cache line and 128 bytes long, a record spans exactly two lines (unaligned,
/// three): large offices visit clients in random order, and every line is a memory load.
#[derive(Debug, Clone)]
#[repr(align(64))]
pub struct Client {
    pub case: u16,
    pub channel: Channel,
    /// First contact with the office (arrival or first booking attempt).
    pub arrival: SimTime,
    /// When the client joined the walk-in queue.
    pub queued_at: SimTime,
    pub service_ms: SimTime,
    /// When the client's document expires (SimTime::MAX: no deadline).
    pub deadline: SimTime,
    pub draws: Draws,
    /// The client's own stream for everything drawn later (retry intervals, returns, ...).
    pub rng: StreamRng,
    /// Booking attempts made, and those that found nothing in a row.
    pub attempts: u32,
    pub failed_in_a_row: u32,
    pub booking: Option<Booking>,
    pub booked_at: SimTime,
    /// Identifies the current booking; events about an older booking are stale.
    pub token: u32,
    /// The client books the wrong category next time (and is turned away at the counter).
    pub wrong_category: bool,
    /// Has booked duplicate slots already.
    pub duplicated: bool,
    /// Times sent home from the walk-in queue.
    pub sent_home: u16,
    /// The document holder this visit is for.
    pub holder: Option<super::holders::HolderId>,
}

/// A slab of clients in the system; per-client state is freed when the client leaves.
#[derive(Debug, Default)]
pub struct Clients {
    slots: Vec<Client>,
    free: Vec<ClientId>,
    live: usize,
}

impl Clients {
    #[inline(always)]
    pub fn insert(&mut self, client: Client) -> ClientId {
        self.live += 1;
        match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = client;
                id
            }
            None => {
                self.slots.push(client);
                (self.slots.len() - 1) as ClientId
            }
        }
    }

    pub fn get(&self, id: ClientId) -> &Client {
        &self.slots[id as usize]
    }

    /// The record in slot `id`, if there is one (live or free).
    pub fn get_checked(&self, id: ClientId) -> Option<&Client> {
        self.slots.get(id as usize)
    }

    /// Bytes of client records, live or free (what random access ranges over).
    pub fn footprint(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Client>()
    }

    /// Starts loading a client's record (a hint; unknown ids are ignored).
    pub fn prefetch(&self, id: ClientId) {
        if let Some(client) = self.slots.get(id as usize) {
            crate::engine::prefetch(client);
        }
    }

    pub fn get_mut(&mut self, id: ClientId) -> &mut Client {
        &mut self.slots[id as usize]
    }

    /// The client leaves the system; pending events about it become stale.
    pub fn remove(&mut self, id: ClientId) {
        self.live -= 1;
        let c = &mut self.slots[id as usize];
        c.token = 0;
        c.booking = None;
        self.free.push(id);
    }

    /// Clients currently in the system.
    pub fn live(&self) -> usize {
        self.live
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{stream, StreamKind};

    #[test]
    fn an_event_of_probability_zero_never_happens_and_its_draw_is_not_taken() {
        assert!(!happens(0.0, || panic!("the draw of an impossible event was taken")));
        assert!(!happens(-1.0, || panic!("the draw of an impossible event was taken")));
        assert!(happens(0.5, || 0.25));
        assert!(!happens(0.5, || 0.5));
        assert!(happens(1.0, || 0.999));
    }

    #[test]
    fn draws_are_the_next_five_numbers_and_the_stream_continues_after_them() {
        for index in 0..1000 {
            let mut eager = stream(11, 2, StreamKind::Client, 3, index);
            let mut lazy = eager.clone();
            let want: [f64; 5] = std::array::from_fn(|_| eager.random());
            let draws = Draws::take(&mut lazy);
            let got = [draws.no_show(), draws.unrecorded(), draws.wrong_category(), draws.cancel(), draws.duplicate()];
            assert_eq!(got, want);
            assert_eq!(lazy.random::<u64>(), eager.random::<u64>());
        }
    }

    #[test]
    fn a_client_record_fills_two_cache_lines() {
        // A field more (or a booking that needs a tag again) makes it three.
        assert_eq!(std::mem::size_of::<Client>(), 128);
        assert_eq!(std::mem::align_of::<Client>(), 64);
    }
}
