//! Costs (`[costs]`): a hand-computed office gives its exact yearly cost, and a policy that
//! changes nothing but a price moves the cost by exactly that price and nothing else.

mod common;

use amtsim::model::{simulate, Plan};
use amtsim::scenario::{apply_policy, load_str};
use amtsim::stats::breakdown::{extended_names, resolve};

/// 52 weeks from Monday 2025-01-06, no holidays, open Monday to Friday; every second
/// Saturday from 2025-01-11 (26 of them) open 08:00-12:00 with one clerk of team "a", given
/// back as time off. Team "a": 2 full-time clerks at the walk-in counter at €100,000 a year;
/// team "b": 1 back-office clerk at €60,000. No absences, nobody leaves. A measure costs
/// €5,000 a year and €2,000 once; the Saturday allowance is €10 an hour, overtime €50.
fn office() -> String {
    let calendar = common::open_weekdays("[\"08:00-16:00\"]");
    OFFICE.replace("{calendar}", &calendar)
}

const OFFICE: &str = r#"
name = "cost office"
[simulation]
start_date = "2025-01-06"
days = 364
seed = 3
replications = 1
{calendar}
[calendar.saturday_openings]
every_weeks = 2
first = "2025-01-11"
hours = ["08:00-12:00"]
staff = [{ group = "a", fte = 1 }]
[[case_types]]
name = "walkin"
arrivals = { process = "poisson", per_hour = 2 }
channels = { walkin = 1.0 }
service_time = { dist = "exponential", mean_min = 20 }
[[case_types]]
name = "filed"
arrivals = { process = "poisson", per_day = 3 }
channels = { walkin = 1.0 }
service_time = { dist = "exponential", mean_min = 5 }
back_office = { processing = { dist = "exponential", mean_min = 60 } }
[[staff]]
name = "a"
head_count = 2
work = "walkin"
[[staff]]
name = "b"
head_count = 1
work = "back_office"
case_types = ["filed"]
[costs]
year = 2025
fte_per_year = 100000
teams = { b = 60000 }
overtime_hour = 50
extra_opening_allowance_per_hour = 10
measures.hotline = { one_off = 2000, per_year = 5000 }
[policies.same]
"costs.year" = 2025
[policies.sms]
"costs.measures.sms" = { one_off = 1500, per_year = 12000 }
"#;

fn figure(names: &[String], figures: &[f64], name: &str) -> f64 {
    figures[names.iter().position(|n| n == name).unwrap_or_else(|| panic!("no {name}"))]
}

#[test]
fn a_hand_computed_office_costs_exactly_its_pay_allowance_overtime_and_measures() {
    let loaded = load_str(&office(), "cost.toml", &[]).unwrap();
    let plan = Plan::new(loaded.scenario);
    let names = extended_names(&plan.subjects);
    let r = simulate(&plan, 0);
    let f = |name: &str| figure(&names, &r.figures, name);
    let year = 365.25 / 364.0;
    let overtime = |team: &str| r.staff.groups[if team == "a" { 0 } else { 1 }].overtime_min / 60.0;
    // Pay: 2 × 100,000 + 60,000 a year; the allowance: 26 Saturdays × 4 h × €10 = €1,040 in
    // 364 days; overtime at €50 an hour; the measure €5,000 a year.
    let team_a = 200_000.0 + (1040.0 + 50.0 * overtime("a")) * year;
    let team_b = 60_000.0 + 50.0 * overtime("b") * year;
    assert!(overtime("a") > 0.0, "the test should see overtime at the counter");
    let close = |x: f64, y: f64| (x - y).abs() < 1e-6 * y;
    assert!(close(f("cost_per_year[a]"), team_a), "{} vs {team_a}", f("cost_per_year[a]"));
    assert!(close(f("cost_per_year[b]"), team_b), "{} vs {team_b}", f("cost_per_year[b]"));
    assert!(close(f("cost_per_year"), team_a + team_b + 5000.0), "{}", f("cost_per_year"));
    assert_eq!(f("cost_one_off"), 2000.0);
    // A team's cost; a case type has none.
    assert!(resolve("cost_per_year[walkin]", &plan.subjects).is_err());
}

#[test]
fn a_policy_that_changes_nothing_costs_nothing_and_a_price_moves_only_the_cost() {
    let loaded = load_str(&office(), "cost.toml", &[]).unwrap();
    let base = simulate(&Plan::new(loaded.scenario.clone()), 0).figures;
    let names = extended_names(&amtsim::stats::breakdown::subjects(&loaded.scenario));
    for policy in &loaded.policies {
        let variant = simulate(&Plan::new(apply_policy(&loaded, policy).unwrap().scenario), 0).figures;
        for (i, name) in names.iter().enumerate() {
            let (b, v) = (base[i], variant[i]);
            let expected = match (policy.name.as_str(), name.as_str()) {
                ("sms", "cost_per_year") => b + 12_000.0,
                ("sms", "cost_one_off") => b + 1_500.0,
                _ => b,
            };
            assert!(
                (v - expected).abs() <= 1e-9 * expected.abs() || (v.is_nan() && expected.is_nan()),
                "policy {}: {name} is {v}, expected {expected}",
                policy.name
            );
        }
    }
}

#[test]
fn a_measure_from_a_date_costs_from_that_date() {
    // The SMS service from day 182 of 364: half its yearly cost in the year, its one-off once.
    let text = office().replace("[policies.sms]", "[policies.sms]\nfrom = \"2025-07-07\"");
    let loaded = load_str(&text, "cost.toml", &[]).unwrap();
    let names = extended_names(&amtsim::stats::breakdown::subjects(&loaded.scenario));
    let base = simulate(&Plan::new(loaded.scenario.clone()), 0).figures;
    let sms = loaded.policies.iter().find(|p| p.name == "sms").unwrap();
    let variant = simulate(&Plan::new(apply_policy(&loaded, sms).unwrap().scenario), 0).figures;
    let diff = |name: &str| figure(&names, &variant, name) - figure(&names, &base, name);
    assert!((diff("cost_per_year") - 12_000.0 * 182.0 / 364.0).abs() < 1e-6, "{}", diff("cost_per_year"));
    assert_eq!(diff("cost_one_off"), 1500.0);
}

#[test]
fn cost_tables_are_checked() {
    let bad = office().replace("teams = { b = 60000 }", "teams = { c = 60000, b = -1 }").replace(
        "measures.hotline = { one_off = 2000, per_year = 5000 }",
        "measures.hotline = { one_off = 2000, yearly = 5000 }",
    );
    let message = load_str(&bad, "cost.toml", &[]).unwrap_err().to_string();
    for part in ["costs.teams.c", "no [[staff]] group \"c\"", "costs.teams.b", "euros", "costs.measures.hotline.yearly"]
    {
        assert!(message.contains(part), "{part} missing in: {message}");
    }
}
