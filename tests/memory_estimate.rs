//! The memory estimate that `run` checks before it starts is an upper bound of what its
//! replications keep, and not a wild one: the heap held by the results is counted exactly by
//! this test binary's allocator. A request above the limit is refused before it allocates.
//!
//! One test of the allocator in this binary: it counts every thread's blocks.

use amtsim::experiment::footprint::{run_bytes, run_bytes_per_day};
use amtsim::experiment::run_range;
use amtsim::model::Plan;
use amtsim::scenario::{load_file, parse_override};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only a counter changes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(block, layout) }
    }
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(block, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn the_estimate_bounds_what_the_replications_keep() {
    for name in ["district-office.toml", "rkn-2023.toml", "reference-office.toml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
        let overrides = [parse_override("simulation.days=200").unwrap()];
        let plan = Plan::new(load_file(&path, &overrides).unwrap_or_else(|e| panic!("{e}")).scenario);
        let reps = 6;
        let before = LIVE.load(Ordering::Relaxed);
        let results = run_range(&plan, 0..reps);
        let kept = LIVE.load(Ordering::Relaxed) - before;
        let rows = u64::from(reps) * 200 * run_bytes_per_day(&plan);
        eprintln!(
            "{name}: results keep {kept} bytes; the rows' estimate {rows}, with the file text {}",
            run_bytes(&plan, reps)
        );
        // The rows are most of what a replication keeps; the estimate with the text built
        // from them must cover all of it.
        assert!(run_bytes(&plan, reps) >= kept as u64, "{name}: estimate below the {kept} bytes kept");
        assert!(rows * 2 >= kept as u64 && kept as u64 >= rows / 2, "{name}: rows {rows} vs kept {kept}");
        drop(results);
    }
}

#[test]
fn a_request_above_the_limit_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml");
    for command in ["run", "compare"] {
        let args = [command, file, "-o", out.to_str().unwrap(), "-r", "1000000"];
        let done =
            Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).env("AMTSIM_MEMORY_LIMIT", "1G").output().unwrap();
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert_eq!(done.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("of memory, above the limit of 1.1 GB") && stderr.contains("fewer replications"),
            "{stderr}"
        );
        assert!(!out.exists(), "{command}: nothing is written");
    }
    let done = Command::new(env!("CARGO_BIN_EXE_amtsim"))
        .args(["run", file, "-o", out.to_str().unwrap(), "-r", "2"])
        .env("AMTSIM_MEMORY_LIMIT", "lots")
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&done.stderr).contains("AMTSIM_MEMORY_LIMIT=lots: expected a size"));
}
