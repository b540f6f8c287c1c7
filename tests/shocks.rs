//! Demand shocks (`[[shocks]]`): a shock's extra arrivals come in its weeks and nowhere else,
//! as many as its volume in expectation; a factor scales the usual rate; holders moving in
//! join the population. The shock has random numbers of its own, so every day outside its
//! weeks is identical, client for client, to the run without it.

mod common;

use amtsim::stats::OnlineStats;
use common::{assert_in_ci, plain_queue, run};

const LEVEL: f64 = 0.99;
/// 2025-01-06 is day 0; the shocks start on day 14.
const START: &str = "2025-01-20";
const FIRST: usize = 14;

fn arrivals_per_day(text: &str) -> Vec<Vec<u32>> {
    let (_, results) = run(text);
    results.iter().map(|r| (0..r.days.run_days()).map(|d| r.days.get(d).unwrap().arrivals).collect()).collect()
}

/// 24 walk-ins a day around the clock, 70 days, 40 replications.
fn office(shock: &str) -> String {
    let exp = "{ dist = \"exponential\", mean_min = 30 }";
    format!("{}\n{shock}\n", plain_queue(1.0, 3, exp, 70, 0, 40, 11))
}

/// Per replication: the arrivals the shock added on its days; asserts that every other day
/// is the same as without it.
fn added(shock: &str, days: std::ops::Range<usize>) -> OnlineStats {
    let base = arrivals_per_day(&office(""));
    let shocked = arrivals_per_day(&office(shock));
    let mut out = OnlineStats::default();
    for (b, s) in base.iter().zip(&shocked) {
        for d in (0..b.len()).filter(|d| !days.contains(d)) {
            assert_eq!(b[d], s[d], "day {d} lies outside the shock and must not change");
        }
        out.push(days.clone().map(|d| s[d] as f64 - b[d] as f64).sum());
    }
    out
}

#[test]
fn extra_volume_comes_in_its_weeks_as_many_as_stated() {
    // 700 a week for 2 weeks, fading over 2 (2/3, 1/3): 700 × (2 + 1) = 2,100 in 4 weeks.
    let shock = format!(
        "[[shocks]]\ncase_type = \"walkin\"\nstart = \"{START}\"\nweeks = 2\nfade_weeks = 2\nextra_per_week = 700\n"
    );
    assert_in_ci(&added(&shock, FIRST..FIRST + 28), 2100.0, LEVEL, "extra arrivals of a shock");
}

#[test]
fn a_ramp_and_an_end_date_give_their_volume() {
    // Ramp 1/2 for a week, then 10 days to the end date: 350 × (0.5 + 10/7) = 675 in 17 days.
    let shock = format!(
        "[[shocks]]\ncase_type = \"walkin\"\nstart = \"{START}\"\nramp_weeks = 1\nend = \"2025-01-30\"\nextra_per_week = 350\n"
    );
    // The end date closes the full phase 10 days after the start, after the ramp's week.
    assert_in_ci(&added(&shock, FIRST..FIRST + 17), 350.0 * (0.5 + 10.0 / 7.0), LEVEL, "ramp and end date");
}

#[test]
fn a_factor_scales_the_usual_rate_up_and_down() {
    // 24 a day for 14 days is 336; × 1.5 adds 168, × 0.5 takes 168 away.
    let up = format!("[[shocks]]\ncase_type = \"walkin\"\nstart = \"{START}\"\nweeks = 2\nfactor = 1.5\n");
    assert_in_ci(&added(&up, FIRST..FIRST + 14), 168.0, LEVEL, "factor 1.5");
    let down = format!("[[shocks]]\ncase_type = \"walkin\"\nstart = \"{START}\"\nweeks = 2\nfactor = 0.5\n");
    assert_in_ci(&added(&down, FIRST..FIRST + 14), -168.0, LEVEL, "factor 0.5");
}

#[test]
fn a_shock_is_checked_like_every_key() {
    let bad = office("[[shocks]]\ncase_type = \"nobody\"\nstart = \"2025-13-01\"\nweeks = 2\n");
    let message = amtsim::scenario::load_str(&bad, "s.toml", &[]).unwrap_err().to_string();
    for part in ["shocks[0].case_type", "nobody", "shocks[0].start", "YYYY-MM-DD", "adds nothing"] {
        assert!(message.contains(part), "{part} missing in: {message}");
    }
    let both = office("[[shocks]]\ncase_type = \"walkin\"\nstart = \"2025-01-20\"\nextra_per_week = 5\n");
    let message = amtsim::scenario::load_str(&both, "s.toml", &[]).unwrap_err().to_string();
    assert!(message.contains("shocks[0].weeks") && message.contains("`end`"), "{message}");
}

#[test]
fn holders_moving_in_join_the_population() {
    // 50 a week for 4 weeks on top of 520 a year: 200 more holders in expectation.
    let renewal = "[[case_types]]\nname = \"renewal\"\nchannels = { walkin = 1.0 }\nservice_time = { dist = \"exponential\", mean_min = 10 }\nholders = { count = 0, validity = { dist = \"uniform\", low_months = 24, high_months = 36 }, renewal_lead = { dist = \"uniform\", low_days = 7, high_days = 14 }, inflow_per_year = 520 }\nback_office = { processing = { dist = \"exponential\", mean_min = 30 } }\n[[staff]]\nname = \"office\"\nhead_count = 1\nwork = \"back_office\"\ncase_types = [\"renewal\"]\nworking_days = [\"all\"]\nminutes_per_day = 480\n";
    let shock = format!("[[shocks]]\ninflow = \"renewal\"\nstart = \"{START}\"\nweeks = 4\nextra_per_week = 50\n");
    let joined = |shock: &str| -> Vec<f64> {
        let (_, results) = run(&office(&format!("{renewal}\n{shock}")));
        results.iter().map(|r| r.permits.holders.arrivals as f64).collect()
    };
    let (base, shocked) = (joined(""), joined(&shock));
    let difference: OnlineStats = base.iter().zip(&shocked).map(|(b, s)| s - b).collect();
    assert_in_ci(&difference, 200.0, LEVEL, "holders moving in under a shock");
}
