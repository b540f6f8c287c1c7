//! `[walkin.learned]`: people choose when to queue from what they saw on recent days. With
//! tickets to spare the first arrival settles at the opening; with too few tickets the queue
//! starts ever earlier, up to the evening before. Deterministic for a seed, on any number of
//! threads.

mod common;

use amtsim::experiment::run_replications;
use common::{figure, plan, run};

/// 40 people a day need the ad-hoc desk (the need arises at any hour); the desk opens
/// 08:00-12:00 with three clerks and 5-minute services; whoever is sent home comes back.
fn office(tickets: u32) -> String {
    let calendar = common::open_every_day("[\"08:00-12:00\"]");
    format!(
        r#"
[simulation]
start_date = "2025-03-03"
days = 70
warmup_days = 28
replications = 6
seed = 26
{calendar}
[[case_types]]
name = "emergency"
arrivals = {{ process = "poisson", per_day = 40, days = "all" }}
channels = {{ walkin = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 5 }}
[[staff]]
name = "desk"
head_count = 3
work = "walkin"
working_days = ["all"]
[walkin]
tickets_per_day = {tickets}
return_share = 1.0
[walkin.learned]
relaxed_window = "08:00-11:00"
earliest = "18:00"
memory_days = 5
margin_min = 30
spread_min = 30
"#
    )
}

#[test]
fn with_tickets_to_spare_the_first_arrival_settles_at_the_opening() {
    let (_, results) = run(&office(200));
    let first = figure(&results, "walkin_first_arrival_clock_h_mean");
    // 40 people uniform over 08:00-11:00: the first comes about 4 minutes after eight.
    assert!((8.0..8.25).contains(&first.mean()), "first arrival at {:.2} h", first.mean());
    assert_eq!(figure(&results, "walkin_sent_home").mean(), 0.0);
}

#[test]
fn with_too_few_tickets_people_queue_from_the_evening_before() {
    let (_, results) = run(&office(25));
    let first = figure(&results, "walkin_first_arrival_clock_h_mean");
    // Each day's cut-off lies before the last: the queue starts before midnight (negative hours).
    assert!(first.mean() < 0.0, "first arrival at {:.2} h: not before midnight", first.mean());
    assert!(first.mean() >= -6.0, "nobody comes before 18:00 the evening before ({:.2} h)", first.mean());
}

#[test]
fn the_night_queue_is_the_same_on_one_and_two_threads() {
    let text = office(25);
    let figures = |threads: usize| {
        let plan = plan(&text);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let results = pool.install(|| run_replications(&plan, 6));
        results.iter().flat_map(|r| r.figures.iter().map(|x| x.to_bits())).collect::<Vec<u64>>()
    };
    assert_eq!(figures(1), figures(2));
}

#[test]
fn people_who_go_by_the_worst_recent_day_come_earlier() {
    // With about as many tickets as people, the mean rule settles before the opening; going
    // by the earliest remembered cut-off moves the queue further forward. Paired by
    // replication (the same seeds), over 30 replications.
    let text = office(40).replace("replications = 6", "replications = 30");
    let mean = run(&text).1;
    let earliest = run(&text.replace("memory_days = 5", "memory_days = 5\nexpect = \"earliest\"")).1;
    let i = amtsim::stats::figure_index("walkin_first_arrival_clock_h_mean").unwrap();
    let diff: amtsim::stats::OnlineStats =
        mean.iter().zip(&earliest).map(|(m, e)| e.figures[i] - m.figures[i]).collect();
    let m = figure(&mean, "walkin_first_arrival_clock_h_mean");
    let (lo, hi) = diff.confidence_interval(0.99).unwrap();
    println!("first arrival: mean rule {:.2} h, earliest rule {:+.2} h [{lo:.2}, {hi:.2}]", m.mean(), diff.mean());
    assert!(m.mean() < 8.0, "some scarcity: before the opening ({:.2} h)", m.mean());
    assert!(hi < 0.0, "the earliest rule is not earlier: {:+.2} h [{lo:.2}, {hi:.2}]", diff.mean());
}

#[test]
fn a_digital_number_ends_the_night_queue_in_person_and_changes_nothing_else() {
    // 25 tickets: people take their place from 18:00 the evening before. With an online
    // number they take it from home and come 30 minutes before their turn; the queue's order,
    // who is served and who is sent home stay exactly as they were (the same seed).
    let (_, queueing) = run(&office(25));
    let (_, numbered) = run(&office(25).replace("return_share = 1.0", "return_share = 1.0\ndigital_number = true"));
    for name in ["walkin_served", "walkin_sent_home", "walkin_wait_mean_min"] {
        assert_eq!(figure(&queueing, name).mean(), figure(&numbered, name).mean(), "{name}");
    }
    let first = figure(&numbered, "walkin_first_arrival_clock_h_mean").mean();
    // The first service at 08:00, the first person there 30 minutes before it.
    assert!((first - 7.5).abs() < 1e-9, "first arrival in person at {first:.3} h");
    assert!(figure(&queueing, "walkin_first_arrival_clock_h_mean").mean() < 0.0);
    // In person at the opening: everyone whose service starts by 08:30 (there 30 minutes
    // before it): three desks with 5-minute services start at 08:00, 08:05, ..., 08:30, seven
    // each, 21.
    assert_eq!(figure(&numbered, "walkin_queue_at_opening_mean").mean(), 21.0);
    assert!(figure(&queueing, "walkin_queue_at_opening_mean").mean() > 20.0);
}
