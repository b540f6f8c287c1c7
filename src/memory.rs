//! Process-wide memory: allocator settings for running many replications, and the peak
//! resident memory the process reached (for `--timing`).
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

/// The system allocator, asking the kernel to back large blocks with huge pages (2 MiB).
///
/// A city's document holders take tens of megabytes and are visited in random order: with
/// 4 KiB pages nearly every visit also misses the address translation cache, and the page
/// walk stalls the event loop. Blocks of `HUGE_PAGE_BLOCK` bytes or more are advised for
/// huge pages (Linux; where the kernel has none to give, it keeps small pages). Smaller
/// offices never reach that size and are unaffected.
pub struct HugePageAlloc;

/// Blocks at least this large are advised for huge pages.
pub const HUGE_PAGE_BLOCK: usize = 8 << 20;

// SAFETY: every call is passed on to the system allocator unchanged, except that a large
// reallocation is served as a new block, a copy and a free of the old one, which is what
// `realloc` may do anyway. Advising memory changes how it is backed, never its contents.
unsafe impl std::alloc::GlobalAlloc for HugePageAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let block = unsafe { std::alloc::System.alloc(layout) };
        advise_huge_pages(block, layout.size());
        block
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        let block = unsafe { std::alloc::System.alloc_zeroed(layout) };
        advise_huge_pages(block, layout.size());
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: std::alloc::Layout) {
        unsafe { std::alloc::System.dealloc(block, layout) }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if new_size < HUGE_PAGE_BLOCK {
            return unsafe { std::alloc::System.realloc(block, layout, new_size) };
        }
        // A new advised block, so that the copy already lands on huge pages.
        let new_layout = unsafe { std::alloc::Layout::from_size_align_unchecked(new_size, layout.align()) };
        let new_block = unsafe { self.alloc(new_layout) };
        if !new_block.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(block, new_block, layout.size().min(new_size));
                std::alloc::System.dealloc(block, layout);
            }
        }
        new_block
    }
}

/// The process's peak resident memory so far, in bytes (Linux: `VmHWM` of
/// /proc/self/status; None elsewhere or when it cannot be read). What `--timing` reports, so
/// that memory is measured by the tool itself rather than by an outside one.
pub fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.trim_start_matches("VmHWM:").trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kib * 1024)
}

/// `peak_resident_bytes` for a report line: "12.3 MB", or "not measured on this system".
pub fn peak_resident_text() -> String {
    match peak_resident_bytes() {
        Some(bytes) => format!("{:.1} MB", bytes as f64 / 1e6),
        None => "not measured on this system".to_string(),
    }
}

/// The machine's physical memory (Linux: `MemTotal` of /proc/meminfo; elsewhere unknown).
pub fn physical_memory_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Advises the whole 2 MiB pages inside a large block for huge pages (Linux only).
fn advise_huge_pages(block: *mut u8, size: usize) {
    #[cfg(target_os = "linux")]
    if size >= HUGE_PAGE_BLOCK && !block.is_null() {
        use std::ffi::{c_int, c_void};
        const MADV_HUGEPAGE: c_int = 14;
        const HUGE_PAGE: usize = 2 << 20;
        extern "C" {
            fn madvise(addr: *mut c_void, length: usize, advice: c_int) -> c_int;
        }
        let start = (block as usize).next_multiple_of(HUGE_PAGE);
        let end = (block as usize + size) / HUGE_PAGE * HUGE_PAGE;
        if start < end {
            // SAFETY: the range lies inside a block this process owns; the advice only
            // changes its backing. A refusal (no huge page support) changes nothing.
            unsafe { madvise(start as *mut c_void, end - start, MADV_HUGEPAGE) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (block, size);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::{GlobalAlloc, Layout};

    #[cfg(target_os = "linux")]
    #[test]
    fn the_peak_grows_by_at_least_the_memory_touched() {
        let before = peak_resident_bytes().expect("Linux reports VmHWM");
        let touched = 64 << 20;
        // Written, so resident; read back, so that it is not optimised away.
        let block = std::hint::black_box(vec![1u8; touched]);
        assert_eq!(block.iter().step_by(4096).map(|&b| b as usize).sum::<usize>(), touched / 4096);
        let after = peak_resident_bytes().unwrap();
        // Other tests run in this process at the same time: the peak can only have grown more.
        assert!(after >= before.max(touched as u64), "peak {after} after touching {touched} bytes (before: {before})");
        assert!(peak_resident_text().ends_with(" MB"));
    }

    #[test]
    fn large_blocks_keep_their_contents_through_growth_and_shrinking() {
        let words = |bytes: usize| bytes / std::mem::size_of::<u64>();
        let small = Layout::from_size_align(HUGE_PAGE_BLOCK / 2, 64).unwrap();
        // SAFETY: each pointer is used within the size it was allocated with and freed once.
        unsafe {
            let block = HugePageAlloc.alloc(small) as *mut u64;
            assert!(!block.is_null());
            (0..words(small.size())).for_each(|i| block.add(i).write(i as u64 * 7));
            // Growing past the threshold: a new advised block with the old contents.
            let grown = HugePageAlloc.realloc(block as *mut u8, small, 3 * HUGE_PAGE_BLOCK) as *mut u64;
            assert!(!grown.is_null());
            assert!((0..words(small.size())).all(|i| grown.add(i).read() == i as u64 * 7));
            let large = Layout::from_size_align(3 * HUGE_PAGE_BLOCK, 64).unwrap();
            (0..words(large.size())).for_each(|i| grown.add(i).write(!(i as u64)));
            // Growing a large block and shrinking it below the threshold again.
            let larger = HugePageAlloc.realloc(grown as *mut u8, large, 4 * HUGE_PAGE_BLOCK) as *mut u64;
            assert!((0..words(large.size())).all(|i| larger.add(i).read() == !(i as u64)));
            let larger_layout = Layout::from_size_align(4 * HUGE_PAGE_BLOCK, 64).unwrap();
            let shrunk = HugePageAlloc.realloc(larger as *mut u8, larger_layout, 4096) as *mut u64;
            assert!((0..512).all(|i| shrunk.add(i).read() == !(i as u64)));
            HugePageAlloc.dealloc(shrunk as *mut u8, Layout::from_size_align(4096, 64).unwrap());
            let zeroed = HugePageAlloc.alloc_zeroed(large) as *mut u64;
            assert!((0..words(large.size())).all(|i| zeroed.add(i).read() == 0));
            HugePageAlloc.dealloc(zeroed as *mut u8, large);
        }
    }
}
