//! A cache hint: start loading memory that the next event will touch while this one runs.
//!
//! Large populations (hundreds of thousands of document holders) are visited in random order,
//! so most of an event's time can be a wait for main memory; a hint one event ahead hides it.

/// Asks the CPU to bring every cache line of `value` closer (a record of 144 bytes spans three
/// or four lines, and its later fields are read too). Only a hint: it never changes a result,
/// and does nothing on targets without a prefetch instruction.
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        const LINE: usize = 64;
        let start = value as *const T as usize;
        let last = start + std::mem::size_of::<T>().max(1) - 1;
        let mut line = start & !(LINE - 1);
        while line <= last {
            // SAFETY: a prefetch reads nothing architecturally and cannot fault; every line
            // touched holds a byte of a live value.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(line.max(start) as *const i8) };
            line += LINE;
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
