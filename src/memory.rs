//! Process-wide memory settings for running many replications.
//!
//! Each replication allocates and frees the same large structures (holders, the slot grid,
//! the event lists). glibc hands freed memory at the top of its heaps back to the system,
//! and the next replication pays a page fault and a zeroed page for every 4 KiB it takes
//! again: about a fifth of a district office replication. Asking glibc to keep what it
//! frees removes that; peak memory is unchanged, it is only not returned until the process
//! ends.

/// Keeps freed memory in the process for the next replication (glibc; elsewhere a no-op).
/// Call once at start-up, before threads are spawned.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::ffi::c_int;
        // From glibc's malloc.h.
        const M_TRIM_THRESHOLD: c_int = -1;
        const M_MMAP_THRESHOLD: c_int = -3;
        extern "C" {
            fn mallopt(param: c_int, value: c_int) -> c_int;
        }
        // SAFETY: mallopt only changes allocator tuning parameters; it is called before
        // other threads exist. A value glibc rejects leaves its default in place.
        unsafe {
            // Never shrink the heap's top...
            mallopt(M_TRIM_THRESHOLD, c_int::MAX);
            // ...and serve blocks up to 32 MiB (glibc's largest setting) from the heap
            // rather than from mappings that are unmapped on free.
            mallopt(M_MMAP_THRESHOLD, 32 << 20);
        }
    }
}
