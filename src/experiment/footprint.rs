//! The memory a request needs, estimated before it starts, and the limit it must stay under.
//!
//! `run` keeps every replication's day rows until it writes the daily files (and builds each
//! file's text whole), `compare` keeps a few daily series per arm and replication for the
//! bands of its charts; both grow with replications × days and were found to abort only after
//! allocating tens of gigabytes. The estimate is an upper bound from the sizes of the rows
//! (`tests/memory_estimate.rs` compares it with what the allocator counts); a request above
//! the limit is refused before anything is simulated.

use crate::model::Plan;
use crate::stats::{DayRecord, PermitDay, PortalDay, StaffDay};
use std::mem::size_of;

/// What the allocator adds to each separate block (glibc: a 16-byte header, rounded).
const BLOCK_OVERHEAD: usize = 16;

/// The environment variable that sets the limit (a size such as `8G` or `512M`).
pub const LIMIT_VARIABLE: &str = "AMTSIM_MEMORY_LIMIT";

/// The share of physical memory a request may take by default.
pub const DEFAULT_SHARE: f64 = 0.5;

/// Bytes a replication keeps per simulated day for the daily files.
pub fn run_bytes_per_day(plan: &Plan) -> u64 {
    let (cases, groups) = (plan.scenario.case_types.len(), plan.scenario.staff.len());
    let rows = size_of::<DayRecord>()
        + size_of::<PermitDay>()
        + size_of::<Vec<PortalDay>>()
        + cases * size_of::<PortalDay>()
        + BLOCK_OVERHEAD
        + size_of::<Vec<StaffDay>>()
        + groups * size_of::<StaffDay>()
        + BLOCK_OVERHEAD;
    rows as u64
}

/// Memory `run` needs for `replications`: the rows of every replication, and the text of a
/// daily file built from them (at most as large again: a cell's text is shorter than its
/// eight bytes plus separator on average, and the files are written one after another).
pub fn run_bytes(plan: &Plan, replications: u32) -> u64 {
    2 * u64::from(replications) * u64::from(plan.scenario.simulation.days) * run_bytes_per_day(plan)
}

/// Memory `compare` needs: `series` daily values per arm, replication and day, and every
/// figure per arm and replication (for runs.csv).
pub fn compare_bytes(plan: &Plan, replications: u32, arms: usize, series: usize) -> u64 {
    let figures = crate::stats::breakdown::extended_len(&crate::stats::breakdown::subjects(&plan.scenario));
    let per_replication = (series * size_of::<f64>()) as u64 * u64::from(plan.scenario.simulation.days)
        + (figures * size_of::<f64>()) as u64;
    arms as u64 * u64::from(replications) * per_replication
}

/// The limit: `AMTSIM_MEMORY_LIMIT` when set, else half the physical memory (none where it
/// cannot be read). An unreadable setting is an error naming it.
pub fn limit() -> Result<Option<u64>, String> {
    match std::env::var(LIMIT_VARIABLE) {
        Ok(text) => parse_size(&text)
            .map(Some)
            .ok_or_else(|| format!("{LIMIT_VARIABLE}={text}: expected a size such as 8G, 512M or 2000000000 (bytes)")),
        Err(_) => Ok(crate::memory::physical_memory_bytes().map(|b| (b as f64 * DEFAULT_SHARE) as u64)),
    }
}

/// `8G`, `512M`, `64K` (powers of 1024) or plain bytes.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&text[..i], text[i..].trim_end_matches(['B', 'b', 'i']).to_ascii_uppercase()),
        None => (text, String::new()),
    };
    let factor: u64 = match unit.as_str() {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        _ => return None,
    };
    let value: f64 = number.trim().parse().ok().filter(|v: &f64| v.is_finite() && *v > 0.0)?;
    Some((value * factor as f64) as u64)
}

/// Refuses a request whose estimate exceeds the limit; `remedy` says what to do instead.
pub fn check(needed: u64, what: &str, remedy: &str) -> Result<(), String> {
    match limit()? {
        Some(limit) if needed > limit => Err(format!(
            "{what} would need about {} of memory, above the limit of {} (half the physical memory, or {LIMIT_VARIABLE}); {remedy}",
            gigabytes(needed),
            gigabytes(limit)
        )),
        _ => Ok(()),
    }
}

fn gigabytes(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(parse_size("8G"), Some(8 << 30));
        assert_eq!(parse_size("512 MiB"), Some(512 << 20));
        assert_eq!(parse_size("1.5g"), Some(3 << 29));
        assert_eq!(parse_size("2000000000"), Some(2_000_000_000));
        for bad in ["", "G", "-1G", "8X", "lots"] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }
}
