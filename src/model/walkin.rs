//! The walk-in queue: first come, first served among the clients a free clerk may serve.

use super::client::ClientId;
use std::collections::VecDeque;

#[derive(Debug, Default)]
pub struct WalkinQueue {
    waiting: VecDeque<(ClientId, u16)>,
}

impl WalkinQueue {
    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    pub fn push(&mut self, client: ClientId, case: u16) {
        self.waiting.push_back((client, case));
    }

    /// Takes the longest-waiting client whose case type `may_serve` accepts.
    pub fn take_first(&mut self, may_serve: impl Fn(u16) -> bool) -> Option<ClientId> {
        // Usually the first in line may be served: a pop is cheaper than a general removal.
        if may_serve(self.waiting.front()?.1) {
            return self.waiting.pop_front().map(|(c, _)| c);
        }
        let pos = self.waiting.iter().position(|(_, case)| may_serve(*case))?;
        self.waiting.remove(pos).map(|(c, _)| c)
    }

    /// Empties the queue (closing time), returning who was waiting, in order.
    pub fn drain(&mut self) -> impl Iterator<Item = ClientId> + '_ {
        self.waiting.drain(..).map(|(c, _)| c)
    }

    pub fn iter(&self) -> impl Iterator<Item = ClientId> + '_ {
        self.waiting.iter().map(|(c, _)| *c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_clients_the_clerk_may_not_serve_without_reordering_the_rest() {
        let mut q = WalkinQueue::default();
        q.push(1, 0);
        q.push(2, 1);
        q.push(3, 0);
        assert_eq!(q.take_first(|c| c == 1), Some(2));
        assert_eq!(q.take_first(|c| c == 1), None);
        assert_eq!(q.iter().collect::<Vec<_>>(), vec![1, 3]);
        q.push(4, 1);
        assert_eq!(q.take_first(|c| c == 0), Some(1), "the first in line");
        assert_eq!(q.drain().collect::<Vec<_>>(), vec![3, 4]);
        assert!(q.is_empty());
    }
}
