//! Dated changes (`[[changes]]` and policies `from` a date): a key takes its new value at
//! midnight of its date, and work under way keeps what it had (hand-computed cases).

mod common;

use amtsim::model::simulate;
use amtsim::scenario::load_str;
use common::{open_weekdays, plan};

/// 50 holders whose documents expire on day 20 and who renew online 10 days ahead (day 10).
/// One back-office clerk with 100,000 minutes per application decides none within the run,
/// so each gets a certificate by post on day 10; nobody can renew it (the counter never opens with a clerk), so
/// it ends on its expiry.
/// (The walk-in desk works only on Sundays, when the office is closed.) `changes`: extra TOML.
fn office(changes: &str) -> String {
    format!(
        r#"
name = "dated change"
[simulation]
start_date = "2025-01-06"
days = 140
seed = 1
replications = 1
{calendar}
[[case_types]]
name = "renewal"
channels = {{ walkin = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 10 }}
holders = {{ count = 50, validity = {{ dist = "deterministic", value_months = 24 }}, renewal_lead = {{ dist = "deterministic", value_days = 10 }}, initial_remaining = {{ dist = "deterministic", value_days = 20 }} }}
back_office = {{ processing = {{ dist = "deterministic", value_min = 100000 }}, digital_share = 1.0 }}
[[case_types]]
name = "certificate"
channels = {{ walkin = 1.0 }}
service_time = {{ dist = "deterministic", value_min = 10 }}
[[staff]]
name = "desk"
head_count = 1
work = "walkin"
working_days = ["sunday"]
case_types = ["renewal", "certificate"]
[[staff]]
name = "office"
head_count = 1
work = "back_office"
case_types = ["renewal"]
[permits]
fb_case_type = "certificate"
fb_validity_months = 3
{changes}
"#,
        calendar = open_weekdays("[\"08:00-16:00\"]"),
    )
}

/// Certificates valid at each midnight.
fn active(text: &str) -> Vec<u32> {
    let result = simulate(&plan(text), 0);
    (0..result.permits.days.run_days()).map(|d| result.permits.days.get(d).unwrap().fb_active_end).collect()
}

/// The last day with all 50 certificates valid; asserts they were issued on day 10 and end together.
fn last_valid_day(text: &str) -> usize {
    let a = active(text);
    assert_eq!((a[9], a[10]), (0, 50), "issued on day 10");
    let last = a.iter().rposition(|&n| n == 50).unwrap();
    assert_eq!(a[last + 1], 0, "all end together");
    last
}

fn change(date: &str, months: u32) -> String {
    format!("[[changes]]\ndate = \"{date}\"\nset = {{ \"permits.fb_validity_months\" = {months} }}\n")
}

#[test]
fn a_validity_change_applies_to_certificates_issued_from_its_date() {
    // Issued at 00:00 of day 10: 3 months (91.3125 days) end on day 101, 1 month (30.4375) on day 40.
    assert_eq!(last_valid_day(&office("")), 100);
    // Changed on day 5 or on day 10 itself (midnight comes before the day's renewals): 1 month.
    assert_eq!(last_valid_day(&office(&change("2025-01-11", 1))), 39);
    assert_eq!(last_valid_day(&office(&change("2025-01-16", 1))), 39);
    // Changed on day 11 or day 50: issued before, the certificates keep 3 months.
    assert_eq!(last_valid_day(&office(&change("2025-01-17", 1))), 100);
    assert_eq!(last_valid_day(&office(&change("2025-02-25", 1))), 100);
    // Two changes apply in date order whatever the file's order: the later one holds on day 10.
    let two = format!("{}{}", change("2025-01-12", 6), change("2025-01-11", 1));
    // 6 months (182.625 days) from day 10 end on day 192, after the run: valid to the end.
    assert_eq!(active(&office(&two))[139], 50);
}

#[test]
fn a_change_dated_after_the_run_changes_nothing_in_it() {
    // A shortened run ends before the change: no error, the same results.
    let plain = simulate(&plan(&office("")), 0).figures;
    let later = simulate(&plan(&office(&change("2026-01-01", 1))), 0).figures;
    let same = plain.iter().zip(&later).all(|(a, b)| a.to_bits() == b.to_bits());
    assert!(same, "a change after the run's end moved a figure");
}

#[test]
fn a_policy_from_a_date_is_a_dated_change() {
    let text = office("[policies.longer]\nfrom = \"2025-01-11\"\n\"permits.fb_validity_months\" = 1\n");
    let loaded = load_str(&text, "t.toml", &[]).unwrap();
    let variant = amtsim::scenario::apply_policy(&loaded, &loaded.policies[0]).unwrap();
    assert_eq!(variant.scenario.changes.len(), 1);
    let result = simulate(&amtsim::model::Plan::new(variant.scenario), 0);
    assert_eq!(result.permits.days.get(39).unwrap().fb_active_end, 50);
    assert_eq!(result.permits.days.get(40).unwrap().fb_active_end, 0);
}

#[test]
fn keys_that_cannot_change_on_a_date_are_refused_with_the_reason() {
    let bad = office(
        "[[changes]]\ndate = \"2025-01-20\"\nset = { \"staff[1].head_count\" = 3, \"permits.fb_validity_months\" = 0 }\n[[changes]]\ndate = \"2026-01-01\"\nset = { \"walkin.tickets_per_day\" = 5 }\n",
    );
    let message = load_str(&bad, "s.toml", &[]).unwrap_err().to_string();
    for part in ["changes[0].set.\"staff[1].head_count\"", "cannot change during a run", "staff[i].hires"] {
        assert!(message.contains(part), "{part} missing in: {message}");
    }
    let bad_date = office("[[changes]]\ndate = \"2025-02-30\"\nset = { \"walkin.tickets_per_day\" = 5 }\n");
    let message = load_str(&bad_date, "s.toml", &[]).unwrap_err().to_string();
    assert!(message.contains("changes[0].date") && message.contains("YYYY-MM-DD"), "{message}");
    let bad_value = office(&change("2025-01-20", 0));
    let message = load_str(&bad_value, "s.toml", &[]).unwrap_err().to_string();
    assert!(
        message.contains("permits.fb_validity_months") && message.contains("from changes[0] (2025-01-20) on"),
        "{message}"
    );
    let policy = office("[policies.p]\nfrom = \"2025-01-20\"\n\"staff[0].head_count\" = 2\n");
    let loaded = load_str(&policy, "s.toml", &[]).unwrap();
    let message = amtsim::scenario::apply_policy(&loaded, &loaded.policies[0]).unwrap_err().to_string();
    assert!(message.contains("policy \"p\"") && message.contains("cannot change during a run"), "{message}");
}
