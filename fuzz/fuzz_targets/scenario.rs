//! Fuzz target: any bytes as a scenario file -> parse, validate, and a short run. Must never
//! panic. Run with `cargo +nightly fuzz run scenario fuzz/corpus scenarios tests/fixtures`; crashes found are
//! kept in tests/fuzz_regressions/ and replayed by `cargo test`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = amtsim::experiment::smoke::smoke_run(text);
    }
});
