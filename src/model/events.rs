//! The events of the office model. Same-instant events run in the order they were scheduled;
//! day starts and walk-in opening times are scheduled before the run, so at any instant they
//! come before clients' events.

use super::client::ClientId;
use std::num::NonZeroU8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Midnight: day bookkeeping.
    StartDay { day: u32 },
    /// The portal releases a new day (daily probe of the booked-out horizon).
    Release { day: u32 },
    /// Plan the fixed-count arrivals of a case type for a day.
    PlanArrivals { case: u16, day: u32 },
    /// The next arrival of a Poisson stream (schedules the one after).
    PoissonArrival { case: u16 },
    /// A pre-planned arrival (fixed daily count).
    PlannedArrival { case: u16 },
    /// A client tries the portal again.
    Retry { client: ClientId },
    /// The confirmation deadline of an unconfirmed booking passes.
    ConfirmDeadline { client: ClientId, token: u32 },
    /// A client cancels a booking in advance.
    Cancel { client: ClientId, token: u32 },
    /// A duplicate booking is dropped (the slot goes back to the pool).
    DropDuplicate { grid: u16, desk: u32, day: u32, cell: u16, cells: NonZeroU8 },
    /// Start of a booked slot.
    AppointmentDue { client: ClientId, token: u32 },
    /// A booked client's service ends.
    FinishAppointment { client: ClientId, rebook: bool },
    /// A client arrives at the walk-in queue (urgent, or returning after being sent home).
    JoinWalkin { client: ClientId },
    /// A walk-in's service ends and the desk is free again.
    FinishWalkin { desk: u32, client: ClientId },
    /// Look at a document holder again: renewal due, document or certificate expiring, retry.
    HolderCheck { holder: u32 },
    /// A holder leaves the population (naturalisation, moving away).
    HolderLeaves { holder: u32 },
    /// A new holder moves in (Poisson stream of a renewal case type).
    HolderInflow { case: u16 },
    /// An issued card is ready: a pick-up visit of `case` (holder u32::MAX: none).
    CardPickup { case: u16, holder: u32 },
    /// An incomplete application comes back to the backlog (index into the rework list).
    DossierReturns { index: u32 },
    /// Walk-in hours start (index into the plan's walk-in intervals).
    WalkinOpen { interval: u32 },
    /// Walk-in hours end.
    WalkinClose { interval: u32 },
    /// A walk-in desk's shift starts (index into the plan's walk-in desks).
    WalkinDeskOn { desk: u32 },
    /// The patience of the person who joined the walk-in queue as `ticket` runs out.
    WalkinPatience { client: ClientId, ticket: u64 },
}

/// An event as the queue keeps it: two words, built in registers. An enum value is built in
/// memory with stores as narrow as its fields, and the queue's copy of it then loaded them
/// back as one wide load, which cannot take its bytes from those stores and waits until
/// they are written (a stall on every event scheduled).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedEvent {
    /// Tag (bits 0-7), a byte field (8-15), a 16-bit field (16-31), a 32-bit field (32-63).
    head: u64,
    /// Two more 32-bit fields.
    tail: u64,
}

/// Fields of a packed event, in their places (see `PackedEvent`).
#[inline(always)]
fn packed(tag: u8, byte: u8, short: u16, a: u32, b: u32, c: u32) -> PackedEvent {
    PackedEvent {
        head: tag as u64 | (byte as u64) << 8 | (short as u64) << 16 | (a as u64) << 32,
        tail: b as u64 | (c as u64) << 32,
    }
}

impl Event {
    #[inline(always)]
    pub fn pack(self) -> PackedEvent {
        match self {
            Event::StartDay { day } => packed(0, 0, 0, day, 0, 0),
            Event::Release { day } => packed(1, 0, 0, day, 0, 0),
            Event::PlanArrivals { case, day } => packed(2, 0, case, day, 0, 0),
            Event::PoissonArrival { case } => packed(3, 0, case, 0, 0, 0),
            Event::PlannedArrival { case } => packed(4, 0, case, 0, 0, 0),
            Event::Retry { client } => packed(5, 0, 0, client, 0, 0),
            Event::ConfirmDeadline { client, token } => packed(6, 0, 0, client, token, 0),
            Event::Cancel { client, token } => packed(7, 0, 0, client, token, 0),
            Event::DropDuplicate { grid, desk, day, cell, cells } => {
                packed(8, cells.get(), grid, desk, day, cell as u32)
            }
            Event::AppointmentDue { client, token } => packed(9, 0, 0, client, token, 0),
            Event::FinishAppointment { client, rebook } => packed(10, rebook as u8, 0, client, 0, 0),
            Event::JoinWalkin { client } => packed(11, 0, 0, client, 0, 0),
            Event::FinishWalkin { desk, client } => packed(12, 0, 0, client, desk, 0),
            Event::HolderCheck { holder } => packed(13, 0, 0, holder, 0, 0),
            Event::HolderLeaves { holder } => packed(14, 0, 0, holder, 0, 0),
            Event::HolderInflow { case } => packed(15, 0, case, 0, 0, 0),
            Event::CardPickup { case, holder } => packed(16, 0, case, holder, 0, 0),
            Event::DossierReturns { index } => packed(17, 0, 0, index, 0, 0),
            Event::WalkinOpen { interval } => packed(18, 0, 0, interval, 0, 0),
            Event::WalkinClose { interval } => packed(19, 0, 0, interval, 0, 0),
            Event::WalkinDeskOn { desk } => packed(20, 0, 0, desk, 0, 0),
            Event::WalkinPatience { client, ticket } => packed(21, 0, 0, client, ticket as u32, (ticket >> 32) as u32),
        }
    }
}

impl PackedEvent {
    #[inline(always)]
    pub fn unpack(self) -> Event {
        let (tag, byte, short, a) =
            (self.head as u8, (self.head >> 8) as u8, (self.head >> 16) as u16, (self.head >> 32) as u32);
        let (b, c) = (self.tail as u32, (self.tail >> 32) as u32);
        match tag {
            0 => Event::StartDay { day: a },
            1 => Event::Release { day: a },
            2 => Event::PlanArrivals { case: short, day: a },
            3 => Event::PoissonArrival { case: short },
            4 => Event::PlannedArrival { case: short },
            5 => Event::Retry { client: a },
            6 => Event::ConfirmDeadline { client: a, token: b },
            7 => Event::Cancel { client: a, token: b },
            8 => Event::DropDuplicate {
                grid: short,
                desk: a,
                day: b,
                cell: c as u16,
                cells: NonZeroU8::new(byte).expect("packed from a NonZeroU8"),
            },
            9 => Event::AppointmentDue { client: a, token: b },
            10 => Event::FinishAppointment { client: a, rebook: byte != 0 },
            11 => Event::JoinWalkin { client: a },
            12 => Event::FinishWalkin { desk: b, client: a },
            13 => Event::HolderCheck { holder: a },
            14 => Event::HolderLeaves { holder: a },
            15 => Event::HolderInflow { case: short },
            16 => Event::CardPickup { case: short, holder: a },
            17 => Event::DossierReturns { index: a },
            18 => Event::WalkinOpen { interval: a },
            19 => Event::WalkinClose { interval: a },
            20 => Event::WalkinDeskOn { desk: a },
            21 => Event::WalkinPatience { client: a, ticket: u64::from(b) | u64::from(c) << 32 },
            _ => unreachable!("packed events come from Event::pack"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_comes_back_from_its_packed_form() {
        let cells = [NonZeroU8::MIN, NonZeroU8::MAX];
        for (small, large) in [(0u16, 0u32), (1, 1), (u16::MAX, u32::MAX), (0x1234, 0x89AB_CDEF)] {
            let events = [
                Event::StartDay { day: large },
                Event::Release { day: large },
                Event::PlanArrivals { case: small, day: large },
                Event::PoissonArrival { case: small },
                Event::PlannedArrival { case: small },
                Event::Retry { client: large },
                Event::ConfirmDeadline { client: large, token: !large },
                Event::Cancel { client: !large, token: large },
                Event::DropDuplicate { grid: small, desk: large, day: !large, cell: !small, cells: cells[0] },
                Event::DropDuplicate { grid: !small, desk: !large, day: large, cell: small, cells: cells[1] },
                Event::AppointmentDue { client: large, token: !large },
                Event::FinishAppointment { client: large, rebook: true },
                Event::FinishAppointment { client: !large, rebook: false },
                Event::JoinWalkin { client: large },
                Event::FinishWalkin { desk: !large, client: large },
                Event::HolderCheck { holder: large },
                Event::HolderLeaves { holder: large },
                Event::HolderInflow { case: small },
                Event::CardPickup { case: small, holder: !large },
                Event::DossierReturns { index: large },
                Event::WalkinOpen { interval: large },
                Event::WalkinClose { interval: !large },
                Event::WalkinPatience { client: large, ticket: u64::from(large) << 32 | u64::from(!large) },
            ];
            for event in events {
                assert_eq!(event.pack().unpack(), event);
            }
            // Different events never share a packed form.
            for (i, a) in events.iter().enumerate() {
                for b in &events[i + 1..] {
                    assert!(a == b || a.pack() != b.pack(), "{a:?} and {b:?}");
                }
            }
        }
    }
}
