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
}
