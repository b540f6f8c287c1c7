//! The walk-in (ad-hoc) queue: service hours, daily tickets, closing, returns.

use super::build::read_windows;
use super::case_types::{parse_arrival_window, ArrivalWindow};
use super::dist_reader::{read_dist_at, Unit};
use super::learned_arrival::{read_learned, LearnedArrival};
use super::reader::Node;
use crate::calendar::Window;
use crate::dist::Dist;

/// The walk-in queue as the scenario describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Walkin {
    /// At the end of the day's walk-in hours everyone still waiting is sent home.
    pub send_home_at_close: bool,
    /// Walk-in service hours on open days (None: the opening hours).
    pub hours: Option<Vec<Window>>,
    /// At most this many walk-ins are served per day; the rest are sent home when the
    /// tickets run out (None: no limit).
    pub tickets_per_day: Option<u32>,
    /// Share of people sent home who come back on the next open day.
    pub return_share: f64,
    /// When people who come back, or who turn to the queue because their matter is urgent,
    /// arrive on the day they come (may start the evening before).
    pub arrival_window: ArrivalWindow,
    /// How long a person waits in the open queue before leaving (None: nobody leaves early).
    /// The clock starts when the person joins the open queue, or at the opening of walk-in
    /// hours for those who came before.
    pub patience: Option<Dist>,
    /// Share of those who left impatient who come back on the next open day.
    pub patience_return_share: f64,
    /// Walk-in clients choose their arrival time from recent days (None: the windows decide).
    pub learned: Option<LearnedArrival>,
    /// An online queue number: people take their place in the queue at the time they would
    /// otherwise have come, from home, and come in person `digital_number_lead_min` before
    /// their service starts (None: people queue in person).
    pub digital_number_lead_min: Option<f64>,
}

impl Default for Walkin {
    fn default() -> Self {
        Walkin {
            send_home_at_close: true,
            hours: None,
            tickets_per_day: None,
            return_share: 0.0,
            arrival_window: ArrivalWindow { start_min: 6 * 60, end_min: 9 * 60 },
            patience: None,
            patience_return_share: 0.0,
            learned: None,
            digital_number_lead_min: None,
        }
    }
}

pub(super) fn read_walkin(root: &Node) -> Walkin {
    let Some(node) = root.opt_table("walkin") else {
        return Walkin::default();
    };
    let send_home_at_close = node.bool_or("send_home_at_close", true);
    let hours = if node.has("hours") { read_windows(&node, "hours") } else { None };
    if hours.as_ref().is_some_and(Vec::is_empty) {
        node.problem(
            "hours",
            "empty; expected at least one window such as \"08:00-12:00\", or leave the key out for the opening hours",
        );
    }
    let hours = hours.filter(|w| !w.is_empty());
    let tickets_per_day =
        node.has("tickets_per_day").then(|| node.opt_int("tickets_per_day", 0, 1_000_000)).flatten().map(|t| t as u32);
    let return_share = node.f64_or("return_share", 0.0, 0.0, 1.0);
    let arrival_window = match node.opt_str("arrival_window") {
        Some(text) => parse_arrival_window(text).unwrap_or_else(|e| {
            node.problem("arrival_window", e);
            Walkin::default().arrival_window
        }),
        None => Walkin::default().arrival_window,
    };
    let patience = read_dist_at(&node, "patience", Unit::Minutes, false);
    // Who gives up on a long queue comes back as often as who is sent home, unless said.
    let patience_return_share = node.f64_or("patience_return_share", return_share, 0.0, 1.0);
    let learned = node.opt_table("learned").map(|table| read_learned(table, arrival_window));
    let lead = node.f64_or("digital_number_lead_min", 30.0, 0.0, 1440.0);
    if node.has("digital_number_lead_min") && !node.bool_or("digital_number", false) {
        node.problem("digital_number_lead_min", "only used with digital_number = true");
    }
    let digital_number_lead_min = node.bool_or("digital_number", false).then_some(lead);
    node.finish();
    Walkin {
        send_home_at_close,
        hours,
        tickets_per_day,
        return_share,
        arrival_window,
        patience,
        patience_return_share,
        learned,
        digital_number_lead_min,
    }
}
