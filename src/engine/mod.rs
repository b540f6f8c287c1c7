//! The discrete-event core: integer simulation time and a deterministic event queue.
//!
//! It knows nothing of offices, clients or clerks: a model defines its own event type and
//! drives the loop. Same-instant events are handled in insertion order (ranked events, such
//! as a calendar scheduled day by day, first and by rank), so a run is a pure function of its
//! inputs and seeds.

mod heap;
mod prefetch;
mod queue;
mod radix;
mod staging;
mod time;

pub use prefetch::prefetch;
pub use queue::EventQueue;
pub use time::{
    ceil_to_usize, floor_to_usize, minutes_to_ms, ms_to_minutes, round_ms, SimTime, MS_PER_DAY, MS_PER_HOUR, MS_PER_MIN,
};
