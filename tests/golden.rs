//! Pinned results: a short run of each bundled scenario must give exactly these figures.
//! Optimisations must not change results for a given seed; a deliberate model change updates
//! the pins in the same commit, saying why.

mod common;

use amtsim::experiment::run_replications;
use amtsim::model::Plan;
use amtsim::scenario::{load_file, parse_override};
use std::path::Path;

/// FNV-1a over the bits of every figure and every day row's main counts.
fn fingerprint(name: &str) -> u64 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
    let overrides =
        [parse_override("simulation.days=70").unwrap(), parse_override("simulation.warmup_days=7").unwrap()];
    let loaded = load_file(&path, &overrides).unwrap_or_else(|e| panic!("{e}"));
    let results = run_replications(&Plan::new(loaded.scenario), 2);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |x: u64| {
        for b in x.to_le_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    };
    for r in &results {
        r.figures.iter().for_each(|f| eat(f.to_bits()));
        r.days.iter().for_each(|d| eat(((d.arrivals as u64) << 32) | d.walkin_served as u64));
        eat(r.events);
    }
    h
}

#[test]
fn bundled_scenarios_give_their_pinned_results() {
    let pins = [
        ("reference-mmc.toml", PIN_MMC),
        ("reference-office.toml", PIN_OFFICE),
        ("portal-booked-out.toml", PIN_BOOKED_OUT),
        ("district-office.toml", PIN_DISTRICT),
    ];
    let got: Vec<(&str, u64)> = pins.iter().map(|(name, _)| (*name, fingerprint(name))).collect();
    for ((name, want), (_, have)) in pins.iter().zip(&got) {
        assert_eq!(*have, *want, "{name}: results changed; all fingerprints now: {got:x?}");
    }
}

const PIN_MMC: u64 = 0xe832842e61cd5cf9;
const PIN_OFFICE: u64 = 0xf61c5d7a8a302726;
const PIN_BOOKED_OUT: u64 = 0x15069b96d4b93ea1;
const PIN_DISTRICT: u64 = 0x686bf8cd1d9cea09;
