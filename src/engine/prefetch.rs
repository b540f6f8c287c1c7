//! A cache hint: start loading memory that the next event will touch while this one runs.
//!
//! Large populations (hundreds of thousands of document holders) are visited in random order,
//! so most of an event's time can be a wait for main memory; a hint one event ahead hides it.

/// Asks the CPU to bring `value`'s first cache line closer. Only a hint: it never changes a
/// result, and does nothing on targets without a prefetch instruction.
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing architecturally and cannot fault; the pointer comes
    // from a live reference anyway.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
