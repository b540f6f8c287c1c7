//! The permit loop: holders renew before their documents expire, applications go to the
//! back office, provisional certificates bridge the wait and bring people back, and the time a
//! holder spends without a valid paper is counted by why.

use super::Office;
use crate::engine::{SimTime, MS_PER_DAY};
use crate::model::arrivals::PoissonClock;
use crate::model::client::ClientId;
use crate::model::events::Event;
use crate::model::holders::{Dossier, Holder, HolderId, Situation};
use crate::rng::{stream, StreamKind, StreamRng};
use rand::Rng;

fn days_ms(days: f64) -> SimTime {
    crate::engine::round_ms(days * MS_PER_DAY as f64)
}

impl Office<'_> {
    /// The starting population: each holder is somewhere in the cycle of their document,
    /// uniformly (the validity drawn length-biased, as a holder met at a random moment is), so
    /// renewals arrive at the steady rate population / mean validity from day one.
    pub(super) fn init_holders(&mut self) {
        let s = &self.plan.scenario;
        for (c, case) in s.case_types.iter().enumerate() {
            let Some(h) = &case.holders else { continue };
            for _ in 0..h.count {
                let mut rng = self.holder_stream(c);
                let (expiry, renew_from) = match &h.initial_remaining_days {
                    Some(remaining) => {
                        let expiry = days_ms(remaining.sample(&mut rng));
                        (expiry, (expiry - days_ms(h.renewal_lead_days.sample(&mut rng))).max(0))
                    }
                    None => {
                        let cap = h.validity_days.upper_bound();
                        let validity = loop {
                            let v = h.validity_days.sample(&mut rng);
                            if rng.random::<f64>() * cap <= v {
                                break v;
                            }
                        };
                        let renew_from = days_ms(rng.random::<f64>() * validity);
                        (renew_from + days_ms(h.renewal_lead_days.sample(&mut rng)), renew_from)
                    }
                };
                self.add_holder(0, c as u16, expiry, renew_from, rng);
            }
            self.rec.permits.holders.start += h.count as u64;
            if h.inflow_per_year > 0.0 {
                let whole_run = [(0, self.end)];
                self.inflow[c] = Some(PoissonClock::new(h.inflow_per_year / (365.25 * 1440.0), &whole_run));
                self.schedule_inflow(c as u16);
            }
        }
    }

    fn holder_stream(&mut self, case: usize) -> StreamRng {
        let serial = self.holder_serial[case];
        self.holder_serial[case] += 1;
        self.holder_streams[case].member(serial)
    }

    /// Registers a holder and schedules their renewal, expiry and leaving.
    fn add_holder(
        &mut self,
        now: SimTime,
        case: u16,
        expiry: SimTime,
        renew_from: SimTime,
        mut rng: StreamRng,
    ) -> HolderId {
        let spec = self.plan.scenario.case_types[case as usize].holders.as_ref();
        let leave_rate = spec.map_or(0.0, |h| h.leave_rate_per_year);
        let leaves = if leave_rate > 0.0 {
            now + days_ms(-rng.random::<f64>().ln() / leave_rate * 365.25)
        } else {
            SimTime::MAX
        };
        let id = self.holders.len() as HolderId;
        self.holders.push(Holder::new(case, expiry, renew_from, rng));
        self.schedule(renew_from.max(now), Event::HolderCheck { holder: id });
        self.schedule(expiry.max(now), Event::HolderCheck { holder: id });
        if leaves < self.end {
            self.schedule(leaves, Event::HolderLeaves { holder: id });
        }
        id
    }

    fn schedule_inflow(&mut self, case: u16) {
        let c = case as usize;
        let whole_run = [(0, self.end)];
        let next = self.inflow[c].as_mut().and_then(|clock| clock.next(&whole_run, None, &mut self.inflow_rng[c]));
        if let Some(t) = next {
            self.schedule(t.max(self.events.now()), Event::HolderInflow { case });
        }
    }

    /// A new holder moves in with a fresh document.
    pub(super) fn holder_inflow(&mut self, now: SimTime, case: u16) {
        if self.usual_arrival_kept(now, case, true) {
            self.new_holder_with_document(now, case);
        }
        self.schedule_inflow(case);
    }

    /// A holder joins with a document issued now (moving in, or a first application decided).
    pub(super) fn new_holder_with_document(&mut self, now: SimTime, case: u16) {
        let mut rng = self.holder_stream(case as usize);
        let (expiry, renew_from) = self.issue_document(now, now, case, &mut rng, false);
        self.add_holder(now, case, expiry, renew_from, rng);
        self.rec.permits.holders.arrivals += 1;
    }

    /// Validity and renewal start of a document issued now, valid from `valid_from` (a renewal
    /// decided before the old document expires continues from its expiry): (expiry, renew from).
    fn issue_document(
        &self,
        now: SimTime,
        valid_from: SimTime,
        case: u16,
        rng: &mut StreamRng,
        may_settle: bool,
    ) -> (SimTime, SimTime) {
        let Some(h) = &self.plan.scenario.case_types[case as usize].holders else {
            return (SimTime::MAX, SimTime::MAX);
        };
        if may_settle && rng.random::<f64>() < h.settlement_share {
            return (SimTime::MAX, SimTime::MAX);
        }
        let expiry = valid_from.max(now) + days_ms(h.validity_days.sample(rng));
        let lead = days_ms(h.renewal_lead_days.sample(rng));
        (expiry, (expiry - lead).max(now))
    }

    pub(super) fn holder_leaves(&mut self, now: SimTime, h: HolderId) {
        let holder = &mut self.holders[h as usize];
        if holder.left {
            return;
        }
        holder.left = true;
        let fb_active = holder.fb_valid(now);
        holder.fb_expiry = SimTime::MIN;
        if fb_active {
            self.rec.permits.fb_ended(now);
        }
        self.refresh_lapse(now, h);
        self.rec.permits.holders.departures += 1;
    }

    /// Looks at a holder: certificate expiry, lapse, and whether a visit is due.
    pub(super) fn holder_check(&mut self, now: SimTime, h: HolderId) {
        let permits = &self.plan.scenario.permits;
        let holder = &mut self.holders[h as usize];
        if holder.left {
            return;
        }
        if holder.fb_expiry != SimTime::MIN && holder.fb_expiry <= now {
            holder.fb_expiry = SimTime::MIN;
            self.rec.permits.fb_ended(now);
        }
        self.refresh_lapse(now, h);
        let holder = &self.holders[h as usize];
        if holder.client().is_some() {
            return;
        }
        let fb_lead = days_ms(permits.fb_renewal_lead_days);
        if !holder.pending && holder.doc_expiry != SimTime::MAX && now >= holder.renew_from {
            self.rec.permits.renewal_requested(now);
            let case = holder.case;
            let digital =
                self.rules().scenario.case_types[case as usize].back_office.as_ref().map_or(0.0, |b| b.digital_share);
            let holder = &mut self.holders[h as usize];
            if holder.rng.random::<f64>() < digital {
                // Filed online: no visit; a certificate, when needed, comes by post.
                let mut rng = holder.rng.clone();
                self.file_application(now, case, Some(h), &mut rng);
                self.holders[h as usize].rng = rng;
            } else {
                let deadline = holder.doc_expiry;
                self.holder_visit(now, h, case, deadline);
            }
        } else if let Some(fb_case) = permits.fb_case {
            let needs_paper = holder.doc_expiry <= now + fb_lead
                && (holder.fb_expiry == SimTime::MIN || holder.fb_expiry <= now + fb_lead);
            if holder.pending && needs_paper {
                let deadline = holder.doc_expiry.max(holder.fb_expiry);
                self.holder_visit(now, h, fb_case as u16, deadline);
            }
        }
    }

    /// A holder sets off on a visit of `case`: a client drawn from the holder's visit stream.
    fn holder_visit(&mut self, now: SimTime, h: HolderId, case: u16, deadline: SimTime) {
        let holder = &mut self.holders[h as usize];
        let visit = holder.visits;
        holder.visits += 1;
        let rng = self.visit_streams.family(h as u64).member(visit as u64);
        let mut client = self.new_client(now, case, rng);
        client.deadline = deadline;
        client.holder = Some(h);
        let channel = client.channel;
        let id = self.clients.insert(client);
        self.holders[h as usize].set_client(Some(id));
        self.rec.client_created(now, false);
        self.route_model_client(now, id, channel);
    }

    /// A visit the model set off (not an arrival in a window): the portal now, or the walk-in
    /// queue in its arrival window of the next day it opens.
    fn route_model_client(&mut self, now: SimTime, id: ClientId, channel: crate::model::client::Channel) {
        match channel {
            crate::model::client::Channel::Portal => self.attempt_booking(now, id),
            crate::model::client::Channel::Walkin => self.send_to_walkin_next_day(now, id),
        }
    }

    /// An application enters the backlog. The holder gets a certificate (at the counter, or by
    /// post for online applications) when the decision is not expected before the document expires.
    fn file_application(&mut self, now: SimTime, case: u16, holder: Option<HolderId>, rng: &mut StreamRng) {
        let Some(b) = &self.rules().scenario.case_types[case as usize].back_office else { return };
        let work_min = b.processing_min.sample(rng);
        let incomplete = rng.random::<f64>() < b.incomplete_share;
        let deadline = holder.map_or(SimTime::MAX, |h| self.holders[h as usize].doc_expiry);
        self.backlogs.push(Dossier { case, holder, filed: now, queued: now, work_min, incomplete }, deadline);
        self.rec.permits.application(now);
        if let Some(h) = holder {
            self.holders[h as usize].pending = true;
            let expected = now + self.expected_backlog_wait();
            if self.plan.scenario.permits.fb_case.is_some() && expected > self.holders[h as usize].doc_expiry {
                self.issue_fb(now, h);
            }
            self.refresh_lapse(now, h);
        }
    }

    /// Expected wait for a decision: the backlog's work over the recent daily back-office capacity.
    fn expected_backlog_wait(&self) -> SimTime {
        if self.backoffice_daily_min > 0.0 {
            days_ms(self.backlogs.work_min / self.backoffice_daily_min)
        } else {
            0
        }
    }

    fn issue_fb(&mut self, now: SimTime, h: HolderId) {
        let permits = &self.rules().scenario.permits;
        let holder = &mut self.holders[h as usize];
        let newly = !holder.fb_valid(now);
        holder.fb_expiry = now + days_ms(permits.fb_validity_days);
        let (expiry, lead) = (holder.fb_expiry, days_ms(permits.fb_renewal_lead_days));
        self.rec.permits.fb_issued(now, newly);
        self.schedule((expiry - lead).max(now), Event::HolderCheck { holder: h });
        self.schedule(expiry, Event::HolderCheck { holder: h });
        self.refresh_lapse(now, h);
    }

    /// Whether the client's visit involves a document, application or card (a plain counter
    /// visit does not: its end changes nothing but the client's leaving).
    pub(super) fn is_case_visit(&self, id: ClientId) -> bool {
        let client = self.clients.get(id);
        let case = client.case as usize;
        client.holder.is_some()
            || self.plan.scenario.case_types[case].back_office.is_some()
            || self.plan.pickup_case[case]
    }

    /// A counter visit ended with a service: what it did for the case.
    pub(super) fn visit_done(&mut self, now: SimTime, id: ClientId) {
        if !self.is_case_visit(id) {
            return;
        }
        let plan = self.plan;
        let client = self.clients.get(id);
        let case = client.case;
        let holder = client.holder;
        let spec = &plan.scenario.case_types[case as usize];
        let is_fb_visit = plan.scenario.permits.fb_case == Some(case as usize);
        self.rec.permits.case_visit(now, is_fb_visit);
        if spec.back_office.is_some() && !holder.is_some_and(|h| self.holders[h as usize].left) {
            let mut rng = self.clients.get(id).rng.clone();
            self.file_application(now, case, holder, &mut rng);
        } else if let (true, Some(h)) = (is_fb_visit, holder) {
            if self.holders[h as usize].pending && !self.holders[h as usize].left {
                self.issue_fb(now, h);
            }
        }
        if let Some(h) = holder {
            self.holders[h as usize].set_client(None);
            self.refresh_lapse(now, h);
        }
    }

    /// A holder's visit ended without service (gave up, sent home, no-show, cancelled):
    /// the holder tries again later.
    pub(super) fn visit_failed(&mut self, now: SimTime, id: ClientId) {
        let Some(h) = self.clients.get(id).holder else { return };
        self.holders[h as usize].set_client(None);
        self.refresh_lapse(now, h);
        let retry = days_ms(self.rules().scenario.permits.retry_after_days);
        self.schedule(now + retry, Event::HolderCheck { holder: h });
    }

    /// The back office decides an application.
    /// Decides an application in the back office of `day`, at `now` (the day's end).
    pub(super) fn decide(&mut self, day: usize, now: SimTime, d: Dossier) {
        let plan = self.plan;
        let Some(b) = &plan.scenario.case_types[d.case as usize].back_office else { return };
        if d.incomplete {
            // Back to the client; the completed application returns after the rework time.
            let back = now + days_ms(b.rework_days.sample(&mut self.backoffice_rng));
            self.rec.permits.incomplete(day);
            let dossier = Dossier { incomplete: false, ..d };
            let index = match self.rework_free.pop() {
                Some(i) => {
                    self.rework[i as usize] = dossier;
                    i
                }
                None => {
                    self.rework.push(dossier);
                    self.rework.len() as u32 - 1
                }
            };
            self.schedule(back, Event::DossierReturns { index });
            return;
        }
        self.rec.permits.decision(day, now, d.case as usize, d.filed);
        if let Some(pickup) = b.card_pickup_case {
            let production = match d.holder {
                Some(h) => b.card_production_days.sample(&mut self.holders[h as usize].rng),
                None => b.card_production_days.sample(&mut self.backoffice_rng),
            };
            let holder = d.holder.unwrap_or(u32::MAX);
            self.schedule(now + days_ms(production), Event::CardPickup { case: pickup as u16, holder });
        }
        match d.holder {
            Some(h) if !self.holders[h as usize].left => {
                let holder = &mut self.holders[h as usize];
                holder.pending = false;
                if holder.fb_valid(now) {
                    self.rec.permits.fb_ended(now);
                }
                holder.fb_expiry = SimTime::MIN;
                let mut rng = holder.rng.clone();
                let old_expiry = holder.doc_expiry;
                let (expiry, renew_from) = self.issue_document(now, old_expiry, d.case, &mut rng, true);
                let holder = &mut self.holders[h as usize];
                holder.rng = rng;
                holder.doc_expiry = expiry;
                holder.renew_from = renew_from;
                if expiry != SimTime::MAX {
                    self.schedule(renew_from, Event::HolderCheck { holder: h });
                    self.schedule(expiry, Event::HolderCheck { holder: h });
                }
                self.refresh_lapse(now, h);
            }
            Some(_) => {}
            None => {
                if let Some(target) = b.becomes_holder_of {
                    self.new_holder_with_document(now, target as u16);
                }
            }
        }
    }

    /// A card is ready: the holder comes to pick it up.
    pub(super) fn card_pickup(&mut self, now: SimTime, case: u16, holder: u32) {
        if holder != u32::MAX {
            let h = &self.holders[holder as usize];
            if h.left || h.client().is_some() {
                return;
            }
            self.holder_visit(now, holder, case, SimTime::MAX);
        } else {
            let rng = self.next_client_stream(case as usize);
            let client = self.new_client(now, case, rng);
            let channel = client.channel;
            let id = self.clients.insert(client);
            self.rec.client_created(now, false);
            self.route_model_client(now, id, channel);
        }
    }

    pub(super) fn dossier_returns(&mut self, now: SimTime, index: u32) {
        let d = self.rework[index as usize];
        self.rework_free.push(index);
        let deadline = d.holder.map_or(SimTime::MAX, |h| self.holders[h as usize].doc_expiry);
        self.backlogs.push(Dossier { queued: now, ..d }, deadline);
        self.rec.permits.resubmitted(now);
    }

    /// Re-reads a holder's situation: covered (a valid document or certificate, or gone), or
    /// without a valid document while waiting for a booked appointment, searching, or waiting
    /// for the back office; records the change.
    pub(super) fn refresh_lapse(&mut self, now: SimTime, h: HolderId) {
        let holder = &self.holders[h as usize];
        let situation = if holder.left || holder.doc_expiry > now || holder.fb_valid(now) {
            Situation::Covered
        } else if holder.client().is_some_and(|c| self.clients.get(c).booking.is_some()) {
            Situation::WaitingAppointment
        } else if holder.pending {
            Situation::Backoffice
        } else {
            Situation::Searching
        };
        let (before, case) = (holder.situation, holder.case as usize);
        if situation == before {
            return;
        }
        self.rec.permits.situation(now, case, before, situation);
        let holder = &mut self.holders[h as usize];
        holder.situation = situation;
        if before == Situation::Covered {
            holder.expired_since = now;
        } else if situation == Situation::Covered {
            self.expired_spell_ended(h, now);
        }
    }

    /// A holder's time without a valid document ends at `end`: counts the person once if it
    /// held a whole day after the warm-up.
    fn expired_spell_ended(&mut self, h: HolderId, end: SimTime) {
        let holder = &mut self.holders[h as usize];
        if !holder.expired_counted && self.rec.permits.whole_expired_day(holder.expired_since, end) {
            holder.expired_counted = true;
            self.rec.permits.expired_person(holder.case as usize);
        }
    }

    /// The run ends: the spells without a valid document still running end with it.
    pub(super) fn close_expired_spells(&mut self) {
        for h in 0..self.holders.len() as HolderId {
            if self.holders[h as usize].situation != Situation::Covered {
                self.expired_spell_ended(h, self.end);
            }
        }
    }

    /// A client's booking changed: if the client is on a holder's visit, re-check the lapse.
    pub(super) fn holder_booking_changed(&mut self, now: SimTime, id: ClientId) {
        if let Some(h) = self.clients.get(id).holder {
            self.refresh_lapse(now, h);
        }
    }

    /// The starting backlog: applications filed before the run, with their ages.
    pub(super) fn init_backlog(&mut self) {
        let s = &self.plan.scenario;
        for (c, case) in s.case_types.iter().enumerate() {
            let Some(b) = &case.back_office else { continue };
            let mut rng = stream(s.simulation.seed, self.replication as u64, StreamKind::InitialBacklog, c as u64, 0);
            for _ in 0..b.initial_backlog {
                let filed = -days_ms(b.initial_backlog_age_days.sample(&mut rng));
                let work_min = b.processing_min.sample(&mut rng);
                let incomplete = rng.random::<f64>() < b.incomplete_share;
                self.backlogs
                    .push(Dossier { case: c as u16, holder: None, filed, queued: filed, work_min, incomplete }, filed);
            }
        }
    }
}
