//! Separate booking tools (`[portal.tools.NAME]`, `case_types[].booking_tool`): each case type
//! books by its own tool's horizon, release time and leaks, and only the slots of the teams
//! that publish through that tool (hand-checked cases).

mod common;

use amtsim::engine::MS_PER_DAY;
use amtsim::model::simulate_logged;
use amtsim::scenario::load_str;
use amtsim::stats::{AppointmentRow, AppointmentStatus};
use common::{open_weekdays, plan};

/// Two case types, far more demand than slots: "residence" books through the portal (horizon
/// 14 days, released at midnight) and only the Monday/Wednesday/Friday clerk serves it;
/// "ukraine" books through the tool "refugees" (horizon 3 days, released at 06:00, every
/// appointment missed) and only the Tuesday/Thursday clerk serves it. Day 0 is a Monday.
fn office(extra: &str) -> String {
    format!(
        r#"
name = "two booking tools"
[simulation]
start_date = "2025-01-06"
days = 42
seed = 7
replications = 1
{calendar}
[[case_types]]
name = "residence"
arrivals = {{ process = "poisson", per_week = 100, days = "all" }}
channels = {{ portal = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 30 }}
slot_min = 60
[[case_types]]
name = "ukraine"
arrivals = {{ process = "poisson", per_week = 100, days = "all" }}
channels = {{ portal = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 30 }}
slot_min = 60
booking_tool = "refugees"
[[staff]]
name = "residence_team"
head_count = 1
work = "appointments"
working_days = ["monday", "wednesday", "friday"]
vacation_days_per_year = 0
case_types = ["residence"]
[[staff]]
name = "ukraine_desk"
head_count = 1
work = "appointments"
working_days = ["tuesday", "thursday"]
vacation_days_per_year = 0
case_types = ["ukraine"]
[portal]
horizon_days = 14
[portal.tools.refugees]
horizon_days = 3
release_time = "06:00"
no_show_prob = 1.0
{extra}
"#,
        calendar = open_weekdays("[\"08:00-12:00\"]"),
    )
}

fn day_of(t: i64) -> i64 {
    t / MS_PER_DAY
}

fn rows(text: &str) -> Vec<AppointmentRow> {
    let (_, log) = simulate_logged(&plan(text), 0);
    log.rows().to_vec()
}

#[test]
fn each_case_type_books_by_its_own_tool_and_only_its_teams_slots() {
    let rows = rows(&office(""));
    let (residence, ukraine): (Vec<&AppointmentRow>, Vec<_>) = rows.iter().partition(|r| r.case == 0);
    assert!(residence.len() > 50 && ukraine.len() > 30, "both book: {} and {}", residence.len(), ukraine.len());
    // Only the own team's slots: the residence clerk works Mon/Wed/Fri, the Ukraine desk Tue/Thu.
    for r in &residence {
        assert!([0, 2, 4].contains(&(day_of(r.slot_start) % 7)), "residence slot on a Ukraine day: {r:?}");
    }
    for r in &ukraine {
        assert!([1, 3].contains(&(day_of(r.slot_start) % 7)), "Ukraine slot on a residence day: {r:?}");
    }
    // Each by its own horizon: the portal's 14 days from midnight; the tool's 3 days, the
    // furthest one released at 06:00 (before that, 2 days ahead).
    let lead = |r: &&AppointmentRow| day_of(r.slot_start) - day_of(r.booked_at);
    for r in &residence {
        assert!(lead(r) <= 14, "beyond the portal's horizon: {r:?}");
    }
    for r in &ukraine {
        let released = r.booked_at % MS_PER_DAY >= 6 * 3_600_000;
        assert!(lead(r) <= if released { 3 } else { 2 }, "beyond the tool's horizon: {r:?}");
    }
    // Booked out, each books right up to its own horizon.
    assert_eq!(residence.iter().map(lead).max(), Some(14));
    assert_eq!(ukraine.iter().map(lead).max(), Some(3));
    // Each by its own leaks: the tool's clients all miss their appointments, the portal's none.
    let due = |rs: &[&AppointmentRow], status| rs.iter().filter(|r| r.status == status).count();
    assert_eq!(due(&residence, AppointmentStatus::NoShow), 0);
    assert!(due(&residence, AppointmentStatus::Attended) > 20);
    assert_eq!(due(&ukraine, AppointmentStatus::Attended), 0);
    assert!(due(&ukraine, AppointmentStatus::NoShow) > 10);
}

#[test]
fn the_next_free_slot_is_probed_at_each_tools_release_within_its_horizon() {
    let (result, _) = simulate_logged(&plan(&office("")), 0);
    let probes = |case: usize| -> Vec<f64> {
        (0..result.portal.days.run_days())
            .filter_map(|d| result.portal.days.get(d).unwrap()[case].next_free_days)
            .collect()
    };
    let (residence, ukraine) = (probes(0), probes(1));
    assert_eq!(residence.len(), 42, "one probe a day at the portal's release");
    assert_eq!(ukraine.len(), 42, "one probe a day at the tool's release");
    // Booked out means horizon + 1: 15 days for the portal, 4 for the tool, never more.
    assert_eq!(residence.iter().cloned().fold(0.0, f64::max), 15.0);
    assert_eq!(ukraine.iter().cloned().fold(0.0, f64::max), 4.0);
    // At 06:00 the tool has just released the day three ahead: free when it is a Tuesday or
    // Thursday (probes on Saturdays and Mondays, days 5 and 0 modulo 7), booked out otherwise
    // (from the second week: in the first, days released at the start may still be free).
    for (day, &days) in ukraine.iter().enumerate().skip(7) {
        let expected = if [0, 5].contains(&(day % 7)) { 3.0 } else { 4.0 };
        assert_eq!(days, expected, "day {day}");
    }
}

#[test]
fn a_tools_leak_can_change_on_a_date() {
    // From day 21 (a Monday) the tool's clients come: appointments due before it are missed.
    let change = "[[changes]]\ndate = \"2025-01-27\"\nset = { \"portal.tools.refugees.no_show_prob\" = 0.0 }\n";
    let rows = rows(&office(change));
    let ukraine: Vec<_> = rows.iter().filter(|r| r.case == 1 && r.status != AppointmentStatus::Booked).collect();
    for r in &ukraine {
        let expected = if day_of(r.slot_start) < 21 { AppointmentStatus::NoShow } else { AppointmentStatus::Attended };
        assert_eq!(r.status, expected, "{r:?}");
    }
    assert!(ukraine.iter().any(|r| day_of(r.slot_start) >= 21));
}

#[test]
fn a_tool_takes_the_portals_rules_it_does_not_set() {
    let text = office("").replace("[portal]\nhorizon_days = 14", "[portal]\nhorizon_days = 14\ncancel_prob = 0.25");
    let s = load_str(&text, "tools.toml", &[]).unwrap().scenario;
    let tool = &s.booking_tools[0];
    assert_eq!((tool.name.as_str(), tool.portal.horizon_days, tool.portal.no_show_prob), ("refugees", 3, 1.0));
    assert_eq!(tool.portal.cancel_prob, 0.25, "inherited");
    assert_eq!(s.portal_of(0).horizon_days, 14);
    assert_eq!(s.portal_of(1).horizon_days, 3);
}

#[test]
fn a_team_across_two_tools_and_an_unknown_tool_are_refused() {
    let both = office("").replace("case_types = [\"ukraine\"]", "case_types = [\"ukraine\", \"residence\"]");
    let error = load_str(&both, "tools.toml", &[]).unwrap_err().to_string();
    assert!(error.contains("staff[1].case_types"), "{error}");
    assert!(error.contains("more than one booking tool"), "{error}");
    assert!(error.contains("residence (portal)") && error.contains("ukraine (refugees)"), "{error}");

    let unknown = office("").replace("booking_tool = \"refugees\"", "booking_tool = \"refugee\"");
    let error = load_str(&unknown, "tools.toml", &[]).unwrap_err().to_string();
    assert!(error.contains("case_types[1].booking_tool"), "{error}");
    assert!(error.contains("did you mean \"refugees\""), "{error}");

    let bad_key = office("").replace("release_time = \"06:00\"", "release_time = \"06:00\"\nhorizon = 3");
    let error = load_str(&bad_key, "tools.toml", &[]).unwrap_err().to_string();
    assert!(error.contains("portal.tools.refugees.horizon"), "{error}");

    let frozen = "[[changes]]\ndate = \"2025-01-27\"\nset = { \"portal.tools.refugees.horizon_days\" = 7 }\n";
    let error = load_str(&office(frozen), "tools.toml", &[]).unwrap_err().to_string();
    assert!(error.contains("cannot change during a run"), "{error}");
}
