//! The portal as clients meet it: booking attempts and retries, confirmation, cancellations,
//! duplicate bookings, and the portal's starting state.

use super::Office;
use crate::engine::{minutes_to_ms, SimTime, MS_PER_DAY};
use crate::model::client::{happens, Channel, ClientId};
use crate::model::events::Event;
use crate::model::portal::{slot_cells, Booking};
use crate::rng::{stream, StreamKind};
use crate::stats::AppointmentStatus;
use rand::Rng;
use std::num::NonZeroU8;

impl Office<'_> {
    /// The earliest free slot for a case type as the roster knows it today.
    pub(super) fn find_slot(&mut self, now: SimTime, case: usize) -> Option<Booking> {
        let found = self.find_in_days_made(now, case);
        if found.is_none() && self.portal.stopped_short() {
            return self.find_slot_making_days(now, case);
        }
        found
    }

    fn find_in_days_made(&self, now: SimTime, case: usize) -> Option<Booking> {
        let plan = self.plan;
        let slot_min = plan.scenario.case_types[case].slot_min;
        self.portal.find(now, &plan.grids_for_case[case], slot_min, &|g, day| self.publishing_today(g, day))
    }

    /// The search reached the last day made: more are made until it finds room or reaches
    /// the last bookable day. (Out of line: the common search finds room in the days made.)
    #[inline(never)]
    fn find_slot_making_days(&mut self, now: SimTime, case: usize) -> Option<Booking> {
        loop {
            self.portal.make_more_days();
            let found = self.find_in_days_made(now, case);
            if found.is_some() || !self.portal.stopped_short() {
                return found;
            }
        }
    }

    fn new_token(&mut self) -> u32 {
        let t = self.next_token;
        self.next_token = self.next_token.wrapping_add(1).max(1);
        t
    }

    /// A client tries to book (first contact, retry, or after being turned away).
    pub(super) fn attempt_booking(&mut self, now: SimTime, id: ClientId) {
        let client = self.clients.get(id);
        let (case, first, arrival) = (client.case as usize, client.attempts == 0, client.arrival);
        let found = self.find_slot(now, case);
        self.rec.portal.attempt(now, case, found.is_some(), first, arrival);
        self.clients.get_mut(id).attempts += 1;
        let Some(b) = found else {
            if self.clients.get(id).attempts == self.plan.scenario.enquiries.generated.no_slot_attempts {
                self.generated_enquiry(now, super::enquiry_desk::Cause::NoSlot);
            }
            self.no_slot_found(now, id);
            return;
        };
        self.portal.take(&b);
        let token = self.new_token();
        let confirm_fail = self.rules().leaks[case].confirm_fail;
        let confirmation = self.plan.scenario.portal_of(case).confirmation.as_ref();
        let client = self.clients.get_mut(id);
        client.failed_in_a_row = 0;
        client.booking = Some(b);
        client.booked_at = now;
        client.token = token;
        let unconfirmed = confirmation.is_some() && client.rng.random::<f64>() < confirm_fail;
        self.rec.portal.booked(now, case, b.start);
        if let Some(log) = &mut self.log {
            log.booked(token, case as u16, now, b.start);
        }
        self.holder_booking_changed(now, id);
        match confirmation {
            Some(c) if unconfirmed => {
                let deadline = (now + c.deadline_min as SimTime * 60_000).min(b.start);
                self.schedule(deadline, Event::ConfirmDeadline { client: id, token });
            }
            _ => self.booking_confirmed(now, id),
        }
    }

    /// Nothing free: retry later, turn to the walk-in queue when urgent, or give up.
    fn no_slot_found(&mut self, now: SimTime, id: ClientId) {
        let case = self.clients.get(id).case as usize;
        let portal = self.plan.scenario.portal_of(case);
        let client = self.clients.get_mut(id);
        client.failed_in_a_row += 1;
        let exhausted = client.failed_in_a_row >= portal.max_attempts;
        if self.urgent(now, id) {
            self.rec.portal.gave_up(now, case, true);
            self.send_to_walkin_next_day(now, id);
        } else if exhausted {
            self.rec.portal.gave_up(now, case, false);
            self.rec.conservation.gave_up += 1;
            self.gone_unserved(now, id);
        } else {
            let client = self.clients.get_mut(id);
            let wait = minutes_to_ms(portal.retry_interval.sample(&mut client.rng)).max(1);
            self.schedule(now + wait, Event::Retry { client: id });
        }
    }

    /// The booking stands: the slot is awaited (and may be cancelled or duplicated).
    fn booking_confirmed(&mut self, now: SimTime, id: ClientId) {
        let portal = self.plan.scenario.portal_of(self.clients.get(id).case as usize);
        let rules = self.rules();
        let client = self.clients.get_mut(id);
        let (Some(b), token) = (client.booking, client.token) else {
            return;
        };
        let leaks = rules.leaks[client.case as usize];
        if happens(leaks.cancel, || client.draws.cancel()) {
            let at = now + ((b.start - now) as f64 * client.rng.random::<f64>()) as SimTime;
            // Straight to the queue: `client` is still borrowed.
            self.events.schedule(at, Event::Cancel { client: id, token }.pack());
        }
        let duplicate = !client.duplicated && happens(leaks.duplicate, || client.draws.duplicate());
        client.duplicated |= duplicate;
        let case = client.case as usize;
        self.pending += 1;
        self.schedule(b.start, Event::AppointmentDue { client: id, token });
        if duplicate {
            let drop_lead = (portal.duplicate_drop_days * MS_PER_DAY as f64) as SimTime;
            for _ in 0..portal.duplicate_extra_slots {
                let Some(extra) = self.find_slot(now, case) else { break };
                self.portal.take(&extra);
                if let Some(log) = &mut self.log {
                    log.closed(case as u16, now, extra.start, AppointmentStatus::Cancelled);
                }
                let at = (extra.start - drop_lead).max(now);
                let Booking { grid, desk, day, cell, cells, .. } = extra;
                self.schedule(at, Event::DropDuplicate { grid, desk, day, cell, cells });
            }
        }
    }

    /// An unconfirmed booking lapses: the slot goes back; the client notices later and retries.
    pub(super) fn confirmation_lapsed(&mut self, now: SimTime, id: ClientId, token: u32) {
        let client = self.clients.get_mut(id);
        if client.token != token {
            return;
        }
        let Some(b) = client.booking.take() else { return };
        client.token = 0;
        let case = client.case as usize;
        let notice = self
            .plan
            .scenario
            .portal_of(case)
            .confirmation
            .as_ref()
            .map_or(0.0, |c| c.notice_delay.sample(&mut client.rng));
        self.portal.release(&b);
        self.rec.portal.unconfirmed(now, case);
        if let Some(log) = &mut self.log {
            log.ended(token, AppointmentStatus::Unconfirmed, None);
        }
        self.holder_booking_changed(now, id);
        self.schedule(now + minutes_to_ms(notice).max(1), Event::Retry { client: id });
    }

    /// A client cancels in advance: the slot goes back to the pool and the client leaves.
    pub(super) fn cancel_booking(&mut self, now: SimTime, id: ClientId, token: u32) {
        let client = self.clients.get_mut(id);
        if client.token != token {
            return;
        }
        if let Some(b) = client.booking.take() {
            self.portal.release(&b);
        }
        let case = client.case as usize;
        self.pending -= 1;
        self.rec.portal.cancelled(now, case);
        self.rec.conservation.cancelled += 1;
        if let Some(log) = &mut self.log {
            log.ended(token, AppointmentStatus::Cancelled, None);
        }
        self.gone_unserved(now, id);
    }

    pub(super) fn drop_duplicate(&mut self, now: SimTime, grid: u16, desk: u32, day: u32, cell: u16, cells: NonZeroU8) {
        self.portal.release(&Booking { grid, desk, day, cell, cells, start: now });
        self.rec.portal.duplicate_dropped(now);
    }

    /// The starting state: the first `initial_booked_days` days booked to the given share by
    /// clients who booked before the run began.
    pub(super) fn book_initial_state(&mut self) {
        let plan = self.plan;
        let s = &plan.scenario;
        // Each grid by the starting state of the tool that publishes its slots.
        let starts: Vec<(usize, f64)> = (0..plan.grids.len())
            .map(|g| plan.grid_rules(g))
            .map(|p| ((p.initial_booked_days as usize).min(plan.calendar.len()), p.initial_booked_share))
            .collect();
        let days = starts.iter().filter(|(_, share)| *share > 0.0).map(|(days, _)| *days).max().unwrap_or(0);
        if days == 0 {
            return;
        }
        self.portal.make_days_before(days);
        self.staff.draw_through(days);
        let mut serial = 0u64;
        for ((g, grid), &(days, share)) in plan.grids.iter().enumerate().zip(&starts) {
            let cases: Vec<(usize, f64)> = s.booking_demand_weights(&s.staff[grid.group].skills);
            let total: f64 = cases.iter().map(|c| c.1).sum();
            if total <= 0.0 || share <= 0.0 {
                continue;
            }
            let mut rng = stream(s.simulation.seed, self.replication as u64, StreamKind::InitialBookings, g as u64, 0);
            for day in 0..days {
                for d in 0..grid.desks.len() {
                    if !self.publishes(grid.desks[d], day, 0) {
                        continue;
                    }
                    let n = grid.cells[day].len();
                    let mut cell = 0;
                    while cell < n {
                        let mut u = rng.random::<f64>() * total;
                        let case = cases.iter().find(|c| {
                            u -= c.1;
                            u < 0.0
                        });
                        let case = case.map_or(cases[0].0, |c| c.0);
                        let k = grid.cells_for(s.case_types[case].slot_min);
                        let take = rng.random::<f64>() < share;
                        if take && self.portal.fits(g, day, d, cell, k, true) {
                            let start = day as SimTime * MS_PER_DAY + grid.cells[day][cell].0 as SimTime * 60_000;
                            let b = Booking {
                                grid: g as u16,
                                desk: d as u32,
                                day: day as u32,
                                cell: cell as u16,
                                cells: slot_cells(k),
                                start,
                            };
                            self.book_initial_client(case, b, serial);
                            serial += 1;
                            cell += k;
                        } else {
                            cell += 1;
                        }
                    }
                }
            }
        }
    }

    fn book_initial_client(&mut self, case: usize, b: Booking, serial: u64) {
        let seed = self.plan.scenario.simulation.seed;
        let rng = stream(seed, self.replication as u64, StreamKind::InitialBookings, u64::MAX - case as u64, serial);
        let mut client = self.new_client(0, case as u16, rng);
        client.channel = Channel::Portal;
        client.booking = Some(b);
        client.token = self.new_token();
        let token = client.token;
        self.portal.take(&b);
        let id = self.clients.insert(client);
        self.rec.client_created(0, true);
        self.pending += 1;
        self.schedule(b.start, Event::AppointmentDue { client: id, token });
    }
}
