//! Pinned results: a short run of each bundled scenario must give exactly these figures.
//! Optimisations must not change results for a given seed; a deliberate model change updates
//! the pins in the same commit, saying why.

mod common;

use amtsim::experiment::run_replications;
use amtsim::model::{simulate, simulate_summary, Plan, ReplicationResult};
use amtsim::scenario::{load_file, parse_override};
use std::path::Path;

/// FNV-1a over the bits of every figure and every day row's main counts, slot minutes and
/// next free slot.
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
        for d in &r.days {
            eat(((d.arrivals as u64) << 32) | d.walkin_served as u64);
            eat(d.slot_minutes_published.to_bits() ^ d.slot_minutes_booked.to_bits().rotate_left(17));
            eat(d.portal_next_free_days.map_or(u64::MAX, f64::to_bits));
        }
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
        ("rkn-2023.toml", PIN_RKN),
        ("herne-2025.toml", PIN_HERNE),
        ("duesseldorf-2025.toml", PIN_DUESSELDORF),
        ("muenster-2016.toml", PIN_MUENSTER),
        ("district-2022-influx.toml", PIN_INFLUX),
    ];
    let got: Vec<(&str, u64)> = pins.iter().map(|(name, _)| (*name, fingerprint(name))).collect();
    for ((name, want), (_, have)) in pins.iter().zip(&got) {
        assert_eq!(*have, *want, "{name}: results changed; all fingerprints now: {got:x?}");
    }
}

// Herne's pin last changed when it got a [costs] table (its two assistants at the E 5-E 9a
// rate of 92,040 EUR instead of the clerks' 118,560): only cost_per_year and the assistants'
// cost_per_year moved (by -53,040 EUR a year); every other figure and day row held.
// RKN's pin last changed when its Ukraine case type moved to a booking tool of its own
// ([portal.tools.ukraine]) served by a desk of its own (one position from the asylum-law
// team); every other pin held when booking tools were built, so a scenario without tools
// gives the same results bit for bit. All pins last changed when cost_per_year and cost_one_off were appended to the office
// figures and cost_per_year to each team's (district-office.toml also gained its [costs]
// table, which moves only those): with them left out every pin below held, so nothing else
// moved. district-2022-influx.toml was pinned then. Before that, all pins changed when enquiry_staff_hours joined each team's own figures (last of
// every subject's values): with those left out every pin below held. Before that, all pins
// changed when callers_reached_share was appended to the office figures: with it
// left out of the fingerprint every pin below held. Before that, Düsseldorf's pin changed when it switched to learned arrival times (eight clerks at the
// ad-hoc desk, 80 emergencies a day; see CHANGELOG). Herne's pin last changed when it got its
// enquiry channel ([enquiries]: six clerk-hours a
// working day go from files to the hotline and the inbox; see CHANGELOG). The other pins last
// changed when the 16 enquiry figures (calls_offered … enquiries_generated) joined the
// office figures (NaN or 0 without [enquiries]): with those left out of the fingerprint, every
// earlier pin still held, so no figure or day row changed. Before that, pins changed when
// walkin_abandoned and walkin_abandoned_wait_mean_min joined the office
// figures (both 0 without walkin.patience): with those two left out of the fingerprint, every
// earlier pin still held, so no figure or day row changed. Before that, pins changed when the walk-in counts per case type joined the figures per case type
// and team (walkin_*[NAME] first in each subject's values: every fingerprint moves, no office
// figure changed). Before that, Herne's and Düsseldorf's pins changed when their scenarios started 16 weeks earlier
// (a warm-up of 20 weeks, so that the holders waiting with an expired paper have built up; the
// pinned short run starts on the new start date). Before that, all pins changed when the
// figures of the harm of waiting (expired_*), the appointment
// waits (appointment_*) and portal_booked_out_share were added and lapsed_* retired, every
// case type's and team's figures were appended to the figure vector (FIGURE[NAME]), and
// portal_next_free_days_mean and the daily portal_next_free_days came to be weighted by booking
// requests. The simulation did not change: every other figure of Herne, the district office
// and Düsseldorf was compared with the previous build, bit for bit, and the old
// lapsed_person_days equals expired_searching + expired_backoffice. Before that, when
// waiting_work_growth_per_week was added at the end of the figures
// (every fingerprint moves, no earlier figure changed), and before that, with the same
// effect, walkin_sent_home_people and walkin_sent_home_wait_mean_min. Before
// that, when the censoring-aware decision figures were added at the end of the figures
// (decision_time_*, decision_within_*, pending_over_3_months_end), with the same effect. Before that, when undecided applications came to include those partly worked by a
// clerk (`backlog_end`: the district office and Düsseldorf, +2.0 and +0.8 on a year) and the
// back office's decisions were dated on the day they are made; the other scenarios' 70-day
// fingerprints did not move. Before that, when staff time was made to add up (CHANGELOG.md): four figures were added (every fingerprint moves), and the model changed where staff
// time was miscounted. R1 changes only in overtime_hours (520 -> 0: no overtime from services
// crossing midnight); R2 and the booked-out portal in no figure; RKN in sick_absence_share
// only (a sick day during vacation counts as vacation); the district office, Herne,
// Düsseldorf and Münster in many (part-timers counted once, counter shares that hold for
// walk-in desks, idle counter time at its efficiency, per-desk counter hours).
const PIN_MMC: u64 = 0x2c1e5d0dc04b0e40;
const PIN_OFFICE: u64 = 0x5c76e66422ee0cd1;
const PIN_BOOKED_OUT: u64 = 0x886c70f5bd281414;
const PIN_DISTRICT: u64 = 0xa92068938d50488a;
const PIN_RKN: u64 = 0xc9441b95524d88e5;
const PIN_HERNE: u64 = 0xfe26931f7f586a90;
const PIN_DUESSELDORF: u64 = 0xbf11be17e6449186;
const PIN_INFLUX: u64 = 0x181443c71d73b407;
const PIN_MUENSTER: u64 = 0x6c7aadb837aefaa3;

/// A replication that keeps only a window of day rows (sweeps, experiments) gives exactly the
/// figures and totals of one that keeps them all, on every bundled scenario's own horizon.
#[test]
fn a_summary_run_without_day_rows_gives_identical_figures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    assert!(files.len() >= 10, "bundled scenarios: {files:?}");
    for path in files {
        let plan = Plan::new(load_file(&path, &[]).unwrap_or_else(|e| panic!("{e}")).scenario);
        let (full, summary) = (simulate(&plan, 1), simulate_summary(&plan, 1));
        let bits = |r: &ReplicationResult| r.figures.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&full), bits(&summary), "{}", path.display());
        assert_eq!(full.conservation, summary.conservation, "{}", path.display());
        assert_eq!(full.portal.totals, summary.portal.totals, "{}", path.display());
        assert_eq!(full.staff.totals, summary.staff.totals, "{}", path.display());
        assert_eq!(full.permits.totals, summary.permits.totals, "{}", path.display());
        assert_eq!(full.days.len(), plan.scenario.simulation.days as usize);
        assert!(summary.days.is_empty() && summary.staff.days.is_empty() && summary.permits.days.is_empty());
    }
}
