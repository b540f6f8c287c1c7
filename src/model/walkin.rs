//! The walk-in queue: first come, first served among the clients a free clerk may serve.
//! Each place in line has a ticket number, increasing in the order people join, so that a
//! person whose patience runs out is found (and a stale patience event recognised) without
//! a search of the whole line.

use super::client::ClientId;
use std::collections::VecDeque;

/// A place in line.
#[derive(Debug, Clone, Copy)]
struct Place {
    client: ClientId,
    case: u16,
    ticket: u64,
    /// Whether the person's patience runs (an event is scheduled for it).
    patience_set: bool,
}

#[derive(Debug, Default)]
pub struct WalkinQueue {
    waiting: VecDeque<Place>,
    next_ticket: u64,
}

impl WalkinQueue {
    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    /// The client joins the end of the line; returns their ticket.
    pub fn push(&mut self, client: ClientId, case: u16, patience_set: bool) -> u64 {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.waiting.push_back(Place { client, case, ticket, patience_set });
        ticket
    }

    /// Takes the longest-waiting client whose case type `may_serve` accepts.
    pub fn take_first(&mut self, may_serve: impl Fn(u16) -> bool) -> Option<ClientId> {
        // Usually the first in line may be served: a pop is cheaper than a general removal.
        if may_serve(self.waiting.front()?.case) {
            return self.waiting.pop_front().map(|p| p.client);
        }
        let pos = self.waiting.iter().position(|p| may_serve(p.case))?;
        self.waiting.remove(pos).map(|p| p.client)
    }

    /// Takes the client with `ticket` out of the line, if still in it (tickets increase along
    /// the line: a binary search finds it).
    pub fn leave(&mut self, client: ClientId, ticket: u64) -> bool {
        let Ok(pos) = self.waiting.binary_search_by_key(&ticket, |p| p.ticket) else { return false };
        debug_assert_eq!(self.waiting[pos].client, client);
        self.waiting.remove(pos).is_some()
    }

    /// Marks every place whose patience does not run yet as running; returns them (client
    /// and ticket) in line order.
    pub fn start_patience(&mut self) -> Vec<(ClientId, u64)> {
        let starting = self.waiting.iter_mut().filter(|p| !p.patience_set);
        starting
            .map(|p| {
                p.patience_set = true;
                (p.client, p.ticket)
            })
            .collect()
    }

    /// Empties the queue (closing time), returning who was waiting, in order.
    pub fn drain(&mut self) -> impl Iterator<Item = ClientId> + '_ {
        self.waiting.drain(..).map(|p| p.client)
    }

    pub fn iter(&self) -> impl Iterator<Item = ClientId> + '_ {
        self.waiting.iter().map(|p| p.client)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_clients_the_clerk_may_not_serve_without_reordering_the_rest() {
        let mut q = WalkinQueue::default();
        q.push(1, 0, false);
        q.push(2, 1, false);
        q.push(3, 0, false);
        assert_eq!(q.take_first(|c| c == 1), Some(2));
        assert_eq!(q.take_first(|c| c == 1), None);
        assert_eq!(q.iter().collect::<Vec<_>>(), vec![1, 3]);
        q.push(4, 1, false);
        assert_eq!(q.take_first(|c| c == 0), Some(1), "the first in line");
        assert_eq!(q.drain().collect::<Vec<_>>(), vec![3, 4]);
        assert!(q.is_empty());
    }

    #[test]
    fn an_impatient_person_leaves_their_place_and_a_stale_ticket_finds_nobody() {
        let mut q = WalkinQueue::default();
        let tickets: Vec<u64> = (10..15).map(|c| q.push(c, 0, c % 2 == 0)).collect();
        assert_eq!(tickets, vec![0, 1, 2, 3, 4]);
        assert!(q.leave(12, 2));
        assert!(!q.leave(12, 2), "already gone");
        assert_eq!(q.take_first(|_| true), Some(10));
        assert!(!q.leave(10, 0), "served: the patience event is stale");
        assert_eq!(q.iter().collect::<Vec<_>>(), vec![11, 13, 14]);
        assert_eq!(q.start_patience(), vec![(11, 1), (13, 3)], "14 had its patience running");
        assert_eq!(q.start_patience(), vec![]);
        assert!(q.leave(14, 4));
        assert_eq!(q.len(), 2);
    }
}
