//! A shortened single replication of any scenario text: what the fuzz target and its
//! regression tests run. Whatever the input, this must return (an error for invalid text),
//! never panic, and finish quickly.

use crate::model::{simulate, Plan};
use crate::scenario::load_str;

/// Validates `text` and, when valid, runs one replication cut down to at most 14 days, a
/// 28-day horizon and small populations.
pub fn smoke_run(text: &str) -> Result<u64, String> {
    let loaded = load_str(text, "fuzz.toml", &[]).map_err(|e| e.to_string())?;
    let mut s = loaded.scenario;
    s.simulation.days = s.simulation.days.min(14);
    s.simulation.warmup_days = s.simulation.warmup_days.min(s.simulation.days - 1);
    s.simulation.max_events = s.simulation.max_events.min(300_000);
    s.simulation.max_clients = s.simulation.max_clients.min(30_000);
    for portal in std::iter::once(&mut s.portal).chain(s.booking_tools.iter_mut().map(|t| &mut t.portal)) {
        portal.horizon_days = portal.horizon_days.min(28);
        portal.initial_booked_days = portal.initial_booked_days.min(portal.horizon_days);
    }
    for case in &mut s.case_types {
        if let Some(h) = case.holders.as_mut() {
            h.count = h.count.min(500);
            h.inflow_per_year = h.inflow_per_year.min(5_000.0);
        }
        if let Some(b) = case.back_office.as_mut() {
            b.initial_backlog = b.initial_backlog.min(500);
        }
    }
    for group in &mut s.staff {
        group.positions_fte = group.positions_fte.min(50.0);
        group.filled_fte = group.filled_fte.min(group.positions_fte);
        for hire in &mut group.hires {
            hire.count = hire.count.min(20);
        }
    }
    let plan = Plan::new(s);
    let result = simulate(&plan, 0);
    match result.aborted {
        Some(reason) => Err(reason),
        None => Ok(result.events),
    }
}
