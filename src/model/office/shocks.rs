//! Demand shocks as clients and holders meet them: extra arrivals from a stream of their own,
//! and the usual arrivals thinned where a factor below 1 holds.

use super::Office;
use crate::engine::SimTime;
use crate::model::events::Event;
use rand::Rng;

/// Clients brought by a shock draw from the case type's client streams from this serial on,
/// so the usual clients keep theirs (common random numbers with and without the shock).
const SHOCK_CLIENT_SERIALS: u64 = 1 << 40;

impl Office<'_> {
    pub(super) fn schedule_first_shocks(&mut self) {
        for c in 0..self.plan.shocks.len() {
            for inflow in [false, true] {
                self.schedule_next_shock(c as u16, inflow);
            }
        }
    }

    fn schedule_next_shock(&mut self, case: u16, inflow: bool) {
        let (c, k) = (case as usize, inflow as usize);
        let plan = self.plan;
        let Some(shock) = plan.shocks[c][k].as_ref() else { return };
        let profile = if inflow { None } else { plan.arrival_profiles[c].as_ref() };
        if let Some(t) = self.shock_clocks[c][k].next(shock, profile, &mut self.shock_rng[c][k]) {
            if t < self.end {
                self.schedule(t.max(self.events.now()), Event::ShockArrival { case, inflow });
            }
        }
    }

    /// An extra client (or holder moving in) of a shock arrives.
    pub(super) fn shock_arrival(&mut self, now: SimTime, case: u16, inflow: bool) {
        let c = case as usize;
        if inflow {
            self.new_holder_with_document(now, case);
        } else {
            let serial = SHOCK_CLIENT_SERIALS + self.shock_client_serial[c];
            self.shock_client_serial[c] += 1;
            let rng = self.client_streams[c].member(serial);
            self.admit(now, case, rng);
        }
        self.schedule_next_shock(case, inflow);
    }

    /// Whether a usual arrival (or holder moving in) at `now` comes, under a shock's factor
    /// below 1 (a coin of the shock's own stream; without such a shock always, with no draw).
    pub(super) fn usual_arrival_kept(&mut self, now: SimTime, case: u16, inflow: bool) -> bool {
        let (c, k) = (case as usize, inflow as usize);
        let Some(shock) = self.plan.shocks.get(c).and_then(|s| s[k].as_ref()) else { return true };
        let keep = shock.keep_at(now);
        keep >= 1.0 || self.shock_keep_rng[c][k].random::<f64>() < keep
    }
}
