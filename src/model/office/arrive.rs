//! Arrivals: a new client is created, everything random about them drawn from their own
//! stream, and sent to the portal or the walk-in queue.

use super::Office;
use crate::engine::{minutes_to_ms, SimTime, MS_PER_DAY};
use crate::model::client::{happens, Channel, Client, ClientId, Draws};
use crate::model::events::Event;
use crate::rng::StreamRng;
use rand::Rng;

impl Office<'_> {
    pub(super) fn schedule_next_poisson(&mut self, case: u16) {
        let c = case as usize;
        let plan = self.plan;
        let next = self.poisson[c].next(
            &plan.arrival_intervals[c],
            plan.arrival_profiles[c].as_ref(),
            &mut self.arrival_rng[c],
        );
        if let Some(t) = next {
            self.schedule(t.max(self.events.now()), Event::PoissonArrival { case });
        }
    }

    /// Draws a client of case type `case` from `rng`, in a fixed order.
    // Inlined so that the record is built where `Clients::insert` puts it, not copied there.
    #[inline(always)]
    pub(super) fn new_client(&self, now: SimTime, case: u16, mut rng: StreamRng) -> Client {
        let rules = self.rules();
        let spec = &rules.scenario.case_types[case as usize];
        let channel = if rng.random::<f64>() < spec.portal_share { Channel::Portal } else { Channel::Walkin };
        let service_ms = minutes_to_ms(spec.service_time.sample(&mut rng)).max(1);
        let draws = Draws::take(&mut rng);
        let deadline = match &spec.deadline_days {
            Some(d) => now + (d.sample(&mut rng) * MS_PER_DAY as f64) as SimTime,
            None => SimTime::MAX,
        };
        let wrong_category = happens(rules.leaks[case as usize].wrong_category, || draws.wrong_category());
        Client {
            case,
            channel,
            arrival: now,
            queued_at: now,
            service_ms,
            deadline,
            draws,
            rng,
            attempts: 0,
            failed_in_a_row: 0,
            booking: None,
            booked_at: now,
            token: 0,
            wrong_category,
            duplicated: false,
            sent_home: 0,
            holder: None,
        }
    }

    /// The stream of the next client of case type `c` (clients are numbered per case type).
    /// The stream of the client after is worked out now, while nothing waits for it: hashing
    /// is a chain of multiplications that would otherwise hold up the new client's first draws.
    pub(super) fn next_client_stream(&mut self, c: usize) -> StreamRng {
        let serial = self.client_serial[c];
        self.client_serial[c] += 1;
        let upcoming = self.client_streams[c].member(serial + 1);
        std::mem::replace(&mut self.upcoming_client_stream[c], upcoming)
    }

    /// A new client arrives and is routed.
    pub(super) fn arrive(&mut self, now: SimTime, case: u16) {
        let rng = self.next_client_stream(case as usize);
        self.admit(now, case, rng);
    }

    /// A new client drawn from `rng` arrives and is routed.
    pub(super) fn admit(&mut self, now: SimTime, case: u16, rng: StreamRng) {
        let client = self.new_client(now, case, rng);
        let channel = client.channel;
        let id = self.clients.insert(client);
        self.rec.client_created(now, false);
        match channel {
            Channel::Portal => self.attempt_booking(now, id),
            // Who chooses the hour from recent days comes at that hour, today or on the next day.
            Channel::Walkin if self.plan.scenario.walkin.learned.is_some() => self.go_to_walkin(now, id, true),
            Channel::Walkin => self.join_walkin(now, id, false),
        }
    }

    /// Whether the client's deadline is close enough to make the matter urgent.
    pub(super) fn urgent(&self, now: SimTime, id: ClientId) -> bool {
        let client = self.clients.get(id);
        let days = self.plan.scenario.portal_of(client.case as usize).urgent_days;
        let deadline = client.deadline;
        deadline != SimTime::MAX && (deadline - now) as f64 <= days * MS_PER_DAY as f64
    }
}
