//! The events of the office model. Same-instant events run in the order they were scheduled;
//! day starts and opening/closing are scheduled before the run, so at any instant they come
//! before clients' events.

use super::client::ClientId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Midnight: day bookkeeping and the day's pre-planned arrivals.
    StartDay { day: u32 },
    /// The next arrival of a Poisson stream (schedules the one after).
    PoissonArrival { case: u16 },
    /// A pre-planned arrival (fixed daily count).
    PlannedArrival { case: u16 },
    /// Start of a booked slot.
    AppointmentDue { client: ClientId },
    /// A booked client's service ends.
    FinishAppointment { client: ClientId },
    /// A walk-in's service ends and the clerk is free again.
    FinishWalkin { clerk: u32, client: ClientId },
    /// An opening interval starts (index into the plan's intervals).
    Open { interval: u32 },
    /// An opening interval ends.
    Close { interval: u32 },
}
