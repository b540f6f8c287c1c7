//! The counter for booked clients: the slot comes, the client does or does not show, the
//! clerk (or a colleague standing in) serves them, late if the desk runs behind.

use super::Office;
use crate::engine::{minutes_to_ms, SimTime, MS_PER_DAY, MS_PER_MIN};
use crate::model::client::{happens, ClientId};
use crate::model::events::Event;
use crate::scenario::AbsentRule;
use crate::stats::{AppointmentStatus, SlotOutcome};

const MS_PER_WEEK: f64 = 7.0 * MS_PER_DAY as f64;

impl Office<'_> {
    /// The no-show probability of a booking made `lead` before its slot.
    fn no_show_probability(&self, case: usize, lead: SimTime) -> f64 {
        let rules = self.rules();
        let p = rules.scenario.portal_of(case);
        let base = rules.leaks[case].no_show + p.no_show_increase_per_week * lead as f64 / MS_PER_WEEK;
        (base * p.reminder_factor).min(1.0)
    }

    pub(super) fn appointment_due(&mut self, now: SimTime, id: ClientId, token: u32) {
        let client = self.clients.get(id);
        if client.token != token {
            return;
        }
        let Some(b) = client.booking else { return };
        self.pending -= 1;
        let case = client.case as usize;
        if client.draws.no_show() < self.no_show_probability(case, now - client.booked_at) {
            self.rec.portal.slot_outcome(now, case, SlotOutcome::NoShow, true);
            self.rec.conservation.no_shows += 1;
            if let Some(log) = &mut self.log {
                log.ended(token, AppointmentStatus::NoShow, None);
            }
            self.clients.get_mut(id).booking = None;
            self.gone_unserved(now, id);
            return;
        }
        let grid = &self.plan.grids[b.grid as usize];
        let own_desk = grid.desks[b.desk as usize];
        let group = grid.group;
        let rule = self.plan.scenario.staff[group].absent_rule;
        let stand_in = if self.desks[own_desk].present {
            Some(own_desk)
        } else {
            match rule {
                AbsentRule::Cancel => None,
                AbsentRule::Redistribute { .. } => grid
                    .desks
                    .iter()
                    .copied()
                    .filter(|&d| self.desks[d].present)
                    .min_by_key(|&d| self.desks[d].busy_until),
            }
        };
        let wrong = client.wrong_category;
        let service_ms = if wrong {
            minutes_to_ms(self.plan.scenario.portal_of(client.case as usize).wrong_category_service_min)
        } else {
            stand_in.map_or(client.service_ms, |d| self.desks[d].service_ms(client.service_ms))
        };
        let Some(desk) = stand_in else {
            self.cancel_for_absence(now, id, group);
            return;
        };
        let start = now.max(self.desks[desk].busy_until);
        let end = start + service_ms;
        let overtime = self.overtime_ms(desk, false, start, end);
        if let (true, AbsentRule::Redistribute { overtime_limit_min }) = (desk != own_desk, rule) {
            if self.desks[desk].overtime_ms + overtime > overtime_limit_min as SimTime * MS_PER_MIN {
                self.cancel_for_absence(now, id, group);
                return;
            }
        }
        let client = self.clients.get_mut(id);
        let recorded_no_show =
            happens(self.plan.scenario.portal_of(client.case as usize).attendance_unrecorded_prob, || {
                client.draws.unrecorded()
            });
        let (attempts, first_contact) = (client.attempts, client.arrival);
        client.booking = None;
        client.token = 0;
        self.holder_booking_changed(now, id);
        let state = &mut self.desks[desk];
        state.busy_until = end;
        state.overtime_ms += overtime;
        if overtime > 0 {
            self.rec.staff.overtime(start, group, overtime);
        }
        let outcome = if wrong { SlotOutcome::WrongCategory } else { SlotOutcome::Served };
        self.rec.portal.slot_outcome(now, case, outcome, recorded_no_show);
        if let Some(log) = &mut self.log {
            match (recorded_no_show, wrong) {
                (true, _) => log.ended(token, AppointmentStatus::NoShow, None),
                (false, true) => log.ended(token, AppointmentStatus::TurnedAway, Some((start, end))),
                (false, false) => log.ended(token, AppointmentStatus::Attended, Some((start, end))),
            }
        }
        if !wrong {
            self.rec.portal.service_delay(now, case, start - now);
            self.rec.portal.reached(now, case, attempts, first_contact);
        }
        self.rec.counter_busy(start, service_ms);
        self.rec.staff.counter_busy(start, group, service_ms);
        // A plain visit's end changes nothing but the client's leaving the books, which no
        // figure sees before the run ends (only the guard against runaway runs counts the
        // clients in between): the client leaves now, with no event of its own. A service
        // still running at the end keeps its client in the system, as it would.
        if !wrong && end < self.end && !self.is_case_visit(id) {
            self.served_and_gone(end, id);
            return;
        }
        self.schedule(end, Event::FinishAppointment { client: id, rebook: wrong });
    }

    /// The clerk is absent and nobody stands in: the appointment is cancelled and the client
    /// books again.
    fn cancel_for_absence(&mut self, now: SimTime, id: ClientId, group: usize) {
        let client = self.clients.get_mut(id);
        if let Some(log) = &mut self.log {
            log.ended(client.token, AppointmentStatus::CancelledByOffice, None);
        }
        client.booking = None;
        client.token = 0;
        let case = client.case as usize;
        self.rec.portal.cancelled_staff(now, case);
        self.rec.staff.cancelled(now, group);
        self.attempt_booking(now, id);
    }

    /// Service ends: the client leaves, or, turned away for a wrong category, books again.
    pub(super) fn finish_appointment(&mut self, now: SimTime, id: ClientId, rebook: bool) {
        if !rebook {
            self.served_and_gone(now, id);
            return;
        }
        let client = self.clients.get_mut(id);
        client.wrong_category = false;
        let portal = self.plan.scenario.portal_of(client.case as usize);
        let wait = minutes_to_ms(portal.retry_interval.sample(&mut client.rng)).max(1);
        self.schedule(now + wait, Event::Retry { client: id });
    }
}
