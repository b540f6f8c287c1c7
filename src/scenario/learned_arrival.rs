//! `[walkin.learned]`: people choose when to queue from what they saw on recent days, so that
//! a night queue emerges when tickets are scarce and fades when they are plentiful.

use super::case_types::{parse_arrival_window, ArrivalWindow};
use super::reader::Node;
use crate::calendar::parse_clock;

/// Which remembered cut-off people go by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    /// The mean of the remembered days.
    Mean,
    /// The earliest of them: people who fear being turned away go by the worst recent day.
    Earliest,
}

/// The rule by which walk-in clients choose their arrival time (see `model::learned`).
#[derive(Debug, Clone, PartialEq)]
pub struct LearnedArrival {
    /// Open days remembered: the cut-off of each of the last `memory_days` walk-in days.
    pub memory_days: u32,
    /// Which of the remembered cut-offs people go by.
    pub expect: Expectation,
    /// How long before the remembered cut-off a person comes.
    pub margin_min: f64,
    /// Standard deviation of a person's own deviation from the rule (minutes).
    pub spread_min: f64,
    /// When people come while nobody is turned away (minutes of the day; may start the evening before).
    pub relaxed_window: ArrivalWindow,
    /// Nobody comes before this (minutes of the day, negative: the evening before).
    pub earliest_min: i32,
}

/// Reads `[walkin.learned]`; `default_window` is the walk-in arrival window.
pub(super) fn read_learned(node: Node, default_window: ArrivalWindow) -> LearnedArrival {
    let memory_days = node.int_or("memory_days", 5, 1, 365) as u32;
    let expect = match node.opt_choice("expect", &["mean", "earliest"]) {
        Some("earliest") => Expectation::Earliest,
        _ => Expectation::Mean,
    };
    let margin_min = node.f64_or("margin_min", 30.0, 0.0, 1440.0);
    let spread_min = node.f64_or("spread_min", 30.0, 0.0, 1440.0);
    let relaxed_window = match node.opt_str("relaxed_window") {
        Some(text) => parse_arrival_window(text).unwrap_or_else(|e| {
            node.problem("relaxed_window", e);
            default_window
        }),
        None => default_window,
    };
    let earliest_min = match node.opt_str("earliest") {
        Some(text) => match parse_clock(text.trim()) {
            // A clock time after the relaxed window's start is the evening before.
            Ok(m) if m as i32 > relaxed_window.start_min => m as i32 - 1440,
            Ok(m) => m as i32,
            Err(e) => {
                node.problem("earliest", format!("{e}; expected a clock time such as \"18:00\" (the evening before)"));
                relaxed_window.start_min
            }
        },
        None => (18 * 60 - 1440).min(relaxed_window.start_min),
    };
    node.finish();
    LearnedArrival { memory_days, expect, margin_min, spread_min, relaxed_window, earliest_min }
}
