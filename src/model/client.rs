//! Clients: one person with one matter, from arrival until they leave the office's books.

use crate::engine::SimTime;

/// Index of a client in the `Clients` slab; reused after the client leaves.
pub type ClientId = u32;

/// How a client reaches the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Portal,
    Walkin,
}

/// Everything random about a client is drawn when the client is created, from the client's
/// own stream, so that a policy sees the same people (common random numbers).
#[derive(Debug, Clone, Copy)]
pub struct Client {
    pub case: u16,
    pub channel: Channel,
    pub arrival: SimTime,
    pub service_ms: SimTime,
    /// Will not come to a booked appointment.
    pub no_show: bool,
    /// Booked slot: (staff group book index, clerk within the group, slot start).
    pub slot: Option<(u16, u32, SimTime)>,
}

/// A slab of clients in the system; per-client state is freed when the client leaves.
#[derive(Debug, Default)]
pub struct Clients {
    slots: Vec<Client>,
    free: Vec<ClientId>,
    live: usize,
}

impl Clients {
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

    pub fn get_mut(&mut self, id: ClientId) -> &mut Client {
        &mut self.slots[id as usize]
    }

    /// The client leaves the system; the id may be handed out again.
    pub fn remove(&mut self, id: ClientId) {
        self.live -= 1;
        self.free.push(id);
    }

    /// Clients currently in the system.
    pub fn live(&self) -> usize {
        self.live
    }
}
