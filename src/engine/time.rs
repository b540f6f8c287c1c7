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

/// `ms.round() as SimTime` exactly (halves away from zero, NaN to 0, saturating), without
/// the libm call that `f64::round` costs on baseline x86-64.
pub fn round_ms(ms: f64) -> SimTime {
    // Beyond 2^52 every f64 is an integer already.
    if ms.abs() >= (1u64 << 52) as f64 {
        return ms as SimTime;
    }
    let whole = ms as SimTime; // toward zero
    let fraction = ms - whole as f64; // exact (Sterbenz)
    whole + SimTime::from(fraction >= 0.5) - SimTime::from(fraction <= -0.5)
}

/// `x.floor().max(0.0) as usize` exactly, without the libm call `f64::floor` costs on
/// baseline x86-64: a float-to-integer cast truncates and saturates (negatives to 0, NaN to 0).
#[inline]
pub fn floor_to_usize(x: f64) -> usize {
    x as usize
}

/// `x.ceil().max(0.0) as usize` exactly, without the libm call (see `floor_to_usize`).
#[inline]
pub fn ceil_to_usize(x: f64) -> usize {
    let whole = x as usize;
    // Below 2^53 the truncated value converts back exactly; beyond, x is whole already.
    whole + usize::from((whole as f64) < x && whole < usize::MAX)
}

/// Converts milliseconds to fractional minutes.
pub fn ms_to_minutes(ms: SimTime) -> f64 {
    ms as f64 / MS_PER_MIN as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ms_is_f64_round() {
        let edges = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.49999999999999994,
            4503599627370495.5,
            4503599627370496.0,
            -4503599627370495.5,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9.2e18,
            123456.4999999,
        ];
        let mut next = crate::rng::test_sequence(0x1234_5678_9ABC_DEF1);
        let random = (0..100_000).map(|_| {
            let x = next();
            // Mostly near halves, over the range durations take.
            let scale = [1.0, 1e3, 1e6, 1e9, 1e12][(x % 5) as usize];
            (x >> 11) as f64 / (1u64 << 53) as f64 * scale - scale / 4.0
        });
        for v in edges.into_iter().chain(random) {
            assert_eq!(round_ms(v), v.round() as SimTime, "{v:e}");
            assert_eq!(round_ms(v.floor() + 0.5), (v.floor() + 0.5).round() as SimTime, "{v:e}");
            assert_eq!(floor_to_usize(v), v.floor().max(0.0) as usize, "{v:e}");
            assert_eq!(ceil_to_usize(v), v.ceil().max(0.0) as usize, "{v:e}");
            assert_eq!(ceil_to_usize(v.abs()), v.abs().ceil() as usize, "{v:e}");
        }
    }
}
