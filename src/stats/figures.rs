//! The key figures of a replication: stable names, units and definitions.
//!
//! The names are a public interface (summary.json, compare.json, reports): never rename one;
//! add new figures at the end.

use super::recorder::Recorder;
use crate::engine::{MS_PER_DAY, MS_PER_MIN};

/// A key figure's name, unit and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureDef {
    pub name: &'static str,
    pub unit: &'static str,
    pub description: &'static str,
}

const fn def(name: &'static str, unit: &'static str, description: &'static str) -> FigureDef {
    FigureDef {
        name,
        unit,
        description,
    }
}

/// Every figure, in the order of `figure_values`.
pub const FIGURES: &[FigureDef] = &[
    def(
        "walkin_arrivals",
        "clients",
        "walk-in clients who arrived after the warm-up",
    ),
    def(
        "walkin_served",
        "clients",
        "walk-ins whose service started (arrived after the warm-up)",
    ),
    def(
        "walkin_sent_home",
        "clients",
        "walk-ins still waiting at closing time and sent home",
    ),
    def(
        "walkin_wait_mean_min",
        "min",
        "mean wait of served walk-ins from arrival to service start",
    ),
    def(
        "walkin_wait_prob",
        "share",
        "share of served walk-ins who waited at all",
    ),
    def(
        "walkin_queue_len_mean",
        "clients",
        "time-average number of walk-ins waiting (not in service)",
    ),
    def("bookings", "appointments", "appointments booked through the portal"),
    def(
        "booking_attempts_failed",
        "attempts",
        "booking attempts that found no free slot within the horizon",
    ),
    def(
        "booking_lead_days_mean",
        "days",
        "mean time from booking to the booked slot",
    ),
    def(
        "appointments_served",
        "appointments",
        "booked clients who came and were served",
    ),
    def(
        "no_shows",
        "appointments",
        "booked clients who did not come (true no-shows)",
    ),
    def("no_show_rate_true", "share", "no-shows / appointments due"),
    def(
        "appointment_delay_mean_min",
        "min",
        "mean delay of a booked service start after the slot start",
    ),
    def(
        "counter_utilisation",
        "share",
        "clerk service minutes / clerk minutes on duty in opening hours",
    ),
    def(
        "arrivals_per_day",
        "clients/day",
        "clients arriving per day after the warm-up, all channels",
    ),
];

/// Index of a figure by name.
pub fn figure_index(name: &str) -> Option<usize> {
    FIGURES.iter().position(|f| f.name == name)
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        f64::NAN
    }
}

/// The figures of one replication, in the order of `FIGURES`; NaN where undefined
/// (e.g. no walk-in was served).
pub fn figure_values(r: &Recorder) -> Vec<f64> {
    let min = MS_PER_MIN as f64;
    let days = r.counted_ms as f64 / MS_PER_DAY as f64;
    let arrivals_after_warmup = r
        .days
        .iter()
        .rev()
        .take(days.round() as usize)
        .map(|d| d.arrivals as f64)
        .sum::<f64>();
    vec![
        r.walkin_arrivals as f64,
        r.walkin_served as f64,
        r.walkin_sent_home as f64,
        ratio(r.walkin_wait_ms as f64 / min, r.walkin_served as f64),
        ratio(r.walkin_waited as f64, r.walkin_served as f64),
        ratio(r.queue_area as f64, r.counted_ms as f64),
        r.bookings as f64,
        r.booking_attempts_failed as f64,
        ratio(r.booking_lead_ms as f64 / MS_PER_DAY as f64, r.bookings as f64),
        r.appointments_served as f64,
        r.no_shows as f64,
        ratio(r.no_shows as f64, r.appointments_due as f64),
        ratio(r.appointment_delay_ms as f64 / min, r.appointments_served as f64),
        ratio(r.counter_busy_ms as f64, r.counter_open_ms as f64),
        ratio(arrivals_after_warmup, days),
    ]
}
