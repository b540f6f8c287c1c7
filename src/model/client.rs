//! Clients: one person with one matter, from the first contact until they leave the books.

use super::portal::Booking;
use crate::engine::SimTime;
use crate::rng::StreamRng;

/// Index of a client in the `Clients` slab; reused after the client leaves.
pub type ClientId = u32;

/// How a client reaches the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Portal,
    Walkin,
}

/// Random numbers fixed when the client is created, so that a policy that changes a
/// probability compares the same people (common random numbers).
#[derive(Debug, Clone, Copy)]
pub struct Draws {
    pub no_show: f64,
    pub unrecorded: f64,
    pub wrong_category: f64,
    pub cancel: f64,
    pub duplicate: f64,
}

#[derive(Debug, Clone)]
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
