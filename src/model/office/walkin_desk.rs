//! The walk-in (ad-hoc) queue: people queue from the evening before, desks serve them in
//! walk-in hours while tickets last, and who is left at closing is sent home; some come back.

use super::Office;
use crate::engine::{minutes_to_ms, SimTime, MS_PER_DAY, MS_PER_MIN};
use crate::model::arrivals::uniform_time_in;
use crate::model::client::{Channel, ClientId};
use crate::model::events::Event;
use rand::Rng;

/// How many clients ahead `send_everyone_home` starts loading records.
const PREFETCH_AHEAD: usize = 8;

impl Office<'_> {
    /// A client joins the walk-in queue now.
    pub(super) fn join_walkin(&mut self, now: SimTime, id: ClientId, _scheduled: bool) {
        let client = self.clients.get_mut(id);
        client.channel = Channel::Walkin;
        client.queued_at = now;
        let (case, returning) = (client.case, client.sent_home > 0);
        // Patience runs in the open queue; who comes before the opening starts it then.
        let patience_now = self.walkin_open && self.plan.scenario.walkin.patience.is_some();
        let ticket = self.walkin.push(id, case, patience_now);
        if patience_now {
            self.start_patience(now, id, ticket);
        }
        self.rec.walkin_arrived(now, case as usize, self.walkin.len(), returning);
        if self.walkin_open {
            // With a digital number nobody stands in line: who is there in person is counted
            // when their service starts.
            if self.plan.scenario.walkin.digital_number_lead_min.is_none() {
                self.rec.walkin_arrived_while_open(now);
            }
            if self.tickets_left == Some(0) {
                self.send_everyone_home(now);
                return;
            }
        }
        self.start_walkins(now);
    }

    /// The client comes to the walk-in queue on the next day it opens (today, if today's
    /// arrival window is still ahead), at a time in the walk-in arrival window, or, under
    /// `[walkin.learned]`, at the time they choose from recent days (at once if it has passed).
    pub(super) fn send_to_walkin_next_day(&mut self, now: SimTime, id: ClientId) {
        self.go_to_walkin(now, id, false);
    }

    /// As `send_to_walkin_next_day`; `new_need`: a new walk-in client under `[walkin.learned]`,
    /// who still comes today while today's relaxed window lasts and nobody was turned away.
    /// Whoever was turned away today, or whose matter arose after the relaxed window's start,
    /// comes on the next open day.
    pub(super) fn go_to_walkin(&mut self, now: SimTime, id: ClientId, new_need: bool) {
        let walkin = &self.plan.scenario.walkin;
        // The last moment a person still comes for today (None: not today).
        let latest_min = match &walkin.learned {
            Some(_) if self.turned_away_today => None,
            Some(rule) if new_need => Some(rule.relaxed_window.end_min),
            Some(rule) => Some(rule.relaxed_window.start_min),
            None => Some(walkin.arrival_window.start_min),
        };
        let cal = &self.plan.calendar;
        let days = self.plan.scenario.simulation.days as usize;
        let today_ok = cal.days[self.today].is_open()
            && latest_min.is_some_and(|m| now < self.today as SimTime * MS_PER_DAY + SimTime::from(m) * MS_PER_MIN);
        let day = if today_ok { Some(self.today) } else { (self.today + 1..days).find(|&d| cal.days[d].is_open()) };
        let Some(d) = day else {
            // No open day left in the run: the client waits at home until the end.
            self.clients.get_mut(id).queued_at = now;
            return;
        };
        let client = self.clients.get_mut(id);
        let at = match &walkin.learned {
            Some(rule) => {
                let minute = crate::model::learned::choose_minute(rule, &self.arrival_memory, &mut client.rng);
                d as SimTime * MS_PER_DAY + (minute * MS_PER_MIN as f64) as SimTime
            }
            None => uniform_time_in(std::slice::from_ref(&walkin.arrival_window), d as u32, &mut client.rng),
        };
        self.schedule(at.max(now), Event::JoinWalkin { client: id });
    }

    /// Every idle desk that is at work takes the longest-waiting client it may serve.
    pub(super) fn start_walkins(&mut self, now: SimTime) {
        if !self.walkin_open || self.walkin.is_empty() || self.walkin_idle_count == 0 {
            return;
        }
        let plan = self.plan;
        for i in 0..self.walkin_idle.len() {
            if !self.walkin_idle[i] {
                continue;
            }
            if self.tickets_left == Some(0) {
                self.send_everyone_home(now);
                return;
            }
            let desk = plan.walkin_desks[i];
            // Past its hours, the desk takes nobody new (it finishes whom it serves); before
            // them, it waits for its shift (`Event::WalkinDeskOn`).
            if now >= self.desks[desk].counter_end_ms {
                self.walkin_idle[i] = false;
                self.walkin_idle_count -= 1;
                continue;
            }
            if now < self.desks[desk].counter_start_ms {
                continue;
            }
            let group = plan.desks[desk].group;
            let skills = &plan.can_serve[group];
            let Some(id) = self.walkin.take_first(|case| skills[case as usize]) else { continue };
            if let Some(t) = self.tickets_left.as_mut() {
                *t -= 1;
            }
            let client = self.clients.get(id);
            self.last_served_join = Some(client.queued_at);
            if let Some(lead) = plan.scenario.walkin.digital_number_lead_min {
                // Called by number: in person `lead` before the service (or since taking the
                // number, if that was later).
                let in_person = (now - minutes_to_ms(lead)).max(client.queued_at);
                self.rec.walkin_in_person(now, in_person, self.walkin_opened_today.unwrap_or(now));
            }
            let service_ms = self.desks[desk].service_ms(client.service_ms);
            self.walkin_idle[i] = false;
            self.walkin_idle_count -= 1;
            self.desks[desk].busy_until = now + service_ms;
            self.rec.walkin_started(now, client.case as usize, client.queued_at, service_ms, self.walkin.len());
            self.rec.staff.counter_busy(now, group, service_ms);
            let overtime = self.overtime_ms(desk, true, now, now + service_ms);
            if overtime > 0 {
                self.desks[desk].overtime_ms += overtime;
                self.rec.staff.overtime(now, group, overtime);
            }
            self.schedule(now + service_ms, Event::FinishWalkin { desk: i as u32, client: id });
            if self.walkin.is_empty() || self.walkin_idle_count == 0 {
                break;
            }
        }
    }

    pub(super) fn finish_walkin(&mut self, now: SimTime, i: u32, id: ClientId) {
        self.served_and_gone(now, id);
        let desk = self.plan.walkin_desks[i as usize];
        if self.desks[desk].present && now < self.desks[desk].counter_end_ms {
            self.walkin_idle[i as usize] = true;
            self.walkin_idle_count += 1;
        }
        self.start_walkins(now);
    }

    pub(super) fn open_walkin(&mut self, now: SimTime, _interval: u32) {
        self.walkin_open = true;
        let day_start = (now / MS_PER_DAY) * MS_PER_DAY;
        if self.walkin_opened_today.is_none_or(|t| t < day_start) {
            self.walkin_opened_today = Some(now);
        }
        if self.plan.scenario.walkin.digital_number_lead_min.is_some() {
            self.rec.walkin_opened(now, 0, None);
        } else {
            let first = self.walkin.iter().next().map(|c| self.clients.get(c).queued_at);
            self.rec.walkin_opened(now, self.walkin.len(), first);
        }
        if self.plan.scenario.walkin.patience.is_some() {
            for (id, ticket) in self.walkin.start_patience() {
                self.start_patience(now, id, ticket);
            }
        }
        self.start_walkins(now);
    }

    /// The client's patience starts now: drawn from their own stream, so that it is the same
    /// under every policy that lets them wait the same way.
    fn start_patience(&mut self, now: SimTime, id: ClientId, ticket: u64) {
        let Some(patience) = &self.plan.scenario.walkin.patience else { return };
        let client = self.clients.get_mut(id);
        let wait = minutes_to_ms(patience.sample(&mut client.rng)).max(1);
        self.schedule(now + wait, Event::WalkinPatience { client: id, ticket });
    }

    /// The patience of the client holding `ticket` runs out: if still waiting, they leave;
    /// a share comes back on the next open day.
    pub(super) fn patience_ends(&mut self, now: SimTime, id: ClientId, ticket: u64) {
        if !self.walkin.leave(id, ticket) {
            return; // served, sent home, or gone already
        }
        let return_share = self.plan.scenario.walkin.patience_return_share;
        let client = self.clients.get_mut(id);
        let returns = client.rng.random::<f64>() < return_share;
        let queued = client.queued_at;
        self.rec.walkin_abandoned(now, queued, self.walkin.len(), !returns);
        if returns {
            self.send_to_walkin_next_day(now, id);
        } else {
            self.gone_unserved(now, id);
        }
    }

    pub(super) fn close_walkin(&mut self, now: SimTime, interval: u32) {
        self.walkin_open = false;
        let closes_day = self.plan.walkin_intervals[interval as usize].closes_day;
        if closes_day {
            self.remember_the_day(now);
        }
        if closes_day && self.plan.scenario.walkin.send_home_at_close {
            self.send_everyone_home(now);
        }
        if closes_day {
            // The walk-in day is over: who comes next comes for the next one.
            self.turned_away_today = false;
            self.last_served_join = None;
        }
    }

    /// Under `[walkin.learned]`, the day's cut-off goes into what people remember: when the
    /// last person served had joined, if anyone was turned away or is still waiting; the
    /// relaxed window's end otherwise.
    fn remember_the_day(&mut self, now: SimTime) {
        let Some(rule) = &self.plan.scenario.walkin.learned else { return };
        let scarce = self.turned_away_today || !self.walkin.is_empty();
        let base = (now / MS_PER_DAY) * MS_PER_DAY;
        let cutoff = match (scarce, self.last_served_join) {
            (false, _) => crate::model::learned::unhurried_cutoff(rule),
            (true, Some(joined)) => (joined - base) as f64 / MS_PER_MIN as f64,
            // Turned away and nobody served: the earliest is not early enough.
            (true, None) => f64::from(rule.earliest_min),
        };
        self.arrival_memory.remember(cutoff, rule.memory_days);
    }

    /// Everyone waiting is sent home; a share comes back on the next open day.
    fn send_everyone_home(&mut self, now: SimTime) {
        let sent: Vec<ClientId> = self.walkin.drain().collect();
        self.turned_away_today |= !sent.is_empty();
        let return_share = self.plan.scenario.walkin.return_share;
        for (i, id) in sent.iter().enumerate() {
            // A long queue's clients lie all over memory: start loading those a few places on.
            if let Some(&ahead) = sent.get(i + PREFETCH_AHEAD).filter(|_| self.prefetching) {
                self.clients.prefetch(ahead);
            }
            let client = self.clients.get_mut(*id);
            client.sent_home += 1;
            let (queued, first, case) = (client.queued_at, client.sent_home == 1, client.case as usize);
            let returns = client.rng.random::<f64>() < return_share;
            self.rec.walkin_sent_home(now, case, queued, sent.len() - i - 1, !returns, first);
            self.generated_enquiry(now, super::enquiry_desk::Cause::SentHome);
            if returns {
                self.send_to_walkin_next_day(now, *id);
            } else {
                self.gone_unserved(now, *id);
            }
        }
    }
}
