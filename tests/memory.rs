//! Memory that does not grow with the horizon: a replication's figures-only run holds
//! totals and fixed histograms, and a client's state is freed when the client leaves. The
//! heap is counted exactly by this test binary's allocator (no resident-memory noise), so
//! the peak of a ten-year run can be compared with that of a one-year run.
//!
//! One test in this binary: the allocator counts every thread's blocks.

use amtsim::model::{simulate_summary, Plan};
use amtsim::scenario::{load_file, parse_override};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn add(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters change.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(block, layout) }
    }
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as a move to a new block: both are live while the contents are copied.
        add(new_size);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(block, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak heap bytes of one figures-only replication over `days` (the plan, built once per
/// horizon like a sweep's, is not counted: its calendar is some bytes per day by design).
fn replication_peak(name: &str, days: u32) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
    let overrides = [parse_override(&format!("simulation.days={days}")).unwrap()];
    let plan = Plan::new(load_file(&path, &overrides).unwrap_or_else(|e| panic!("{e}")).scenario);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = simulate_summary(&plan, 0);
    assert!(result.aborted.is_none() && result.days.is_empty(), "{name}: a figures-only run keeps no day rows");
    PEAK.load(Ordering::Relaxed) - before
}

#[test]
fn a_ten_year_replication_needs_no_more_heap_than_a_one_year_one() {
    // Offices in a steady state: the reference models, the booked-out portal (a pool of
    // retrying clients) and an office with a certificate loop. (Offices that fall behind for
    // years hold more people waiting at their worst: that is their state, not the horizon's.)
    for name in ["reference-mmc.toml", "reference-office.toml", "portal-booked-out.toml", "rkn-2023.toml"] {
        let one = replication_peak(name, 365);
        let ten = replication_peak(name, 3650);
        let ratio = ten as f64 / one as f64;
        eprintln!("{name}: peak heap {one} bytes for one year, {ten} for ten ({ratio:.2})");
        // The bound for resident memory, which also holds the program itself.
        assert!(ratio <= 1.2, "{name}: {one} bytes for one year, {ten} for ten: ratio {ratio:.2}");
    }
}
