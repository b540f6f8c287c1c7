//! Simulation time: integer milliseconds since midnight of the scenario's start date.
//!
//! Integers make ties exact and results bit-reproducible; milliseconds are fine enough that
//! rounding a drawn service time changes no queueing statistic measurably.

/// Milliseconds since the start of the simulation (midnight of the start date).
pub type SimTime = i64;

pub const MS_PER_MIN: SimTime = 60_000;
pub const MS_PER_HOUR: SimTime = 60 * MS_PER_MIN;
pub const MS_PER_DAY: SimTime = 24 * MS_PER_HOUR;

/// Converts a duration in (fractional) minutes to milliseconds, rounding to the nearest.
pub fn minutes_to_ms(minutes: f64) -> SimTime {
    // Durations are never negative; adding 0.5 and truncating rounds them without a libm call.
    (minutes * MS_PER_MIN as f64 + 0.5) as SimTime
}

/// Converts milliseconds to fractional minutes.
pub fn ms_to_minutes(ms: SimTime) -> f64 {
    ms as f64 / MS_PER_MIN as f64
}
