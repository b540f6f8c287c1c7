//! The hotline and the inbox: enquiries come (the channel's own volume, callers trying
//! again, and enquiries the office's state generates), wait in order, and are answered by
//! the agents a staff group sets aside for the channel that day. The agents' time comes
//! from the group's time off the counter: the hotline holds its agents for its hours (what
//! of that answers nobody goes to files like idle counter time), the inbox takes only the
//! minutes spent answering.

use super::Office;
use crate::engine::{minutes_to_ms, SimTime, MS_PER_DAY};
use crate::model::enquiry::line::Origin;
use crate::model::enquiry::Channel;
use crate::model::events::Event;
use rand::Rng;
use rand_distr::{Distribution, Poisson};

/// What brought about a generated enquiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cause {
    /// An application waiting longer than the threshold.
    Status,
    /// No slot found after the stated number of attempts.
    NoSlot,
    /// Sent home from the walk-in queue.
    SentHome,
}

impl Office<'_> {
    fn answering(&self, ch: Channel) -> &crate::scenario::Answering {
        let e = &self.plan.scenario.enquiries;
        match ch {
            Channel::Phone => &e.phone.as_ref().expect("a phone line exists").answering,
            Channel::Email => &e.email.as_ref().expect("an inbox exists").answering,
        }
    }

    /// The first enquiry of each channel's own volume.
    pub(super) fn schedule_first_enquiries(&mut self) {
        for ch in Channel::ALL {
            self.schedule_next_enquiry(ch);
        }
    }

    fn schedule_next_enquiry(&mut self, ch: Channel) {
        let Some(plan) = &self.plan.lines[ch as usize] else { return };
        let i = ch as usize;
        if let Some(t) = self.enquiry_clocks[i].next(plan, &mut self.enquiry_arrival_rng[i]) {
            self.schedule(t, Event::EnquiryArrives { channel: ch as u8, origin: Origin::Exogenous as u8 });
        }
    }

    /// A new day: the channels' agents, their opening times, and the enquiries generated
    /// overnight (status enquiries; calls of people who could not reach the line before).
    pub(super) fn start_enquiry_day(&mut self, now: SimTime, day: usize) {
        if !self.plan.scenario.enquiries.any() {
            return;
        }
        let plan = self.plan;
        let row = self.rec.staff.days.get(day).expect("the day's roster row is written").clone();
        let mut free: Vec<f64> = row.iter().map(|r| (r.productive_min - r.counter_open_min).max(0.0)).collect();
        for ch in Channel::ALL {
            let Some(line_plan) = &plan.lines[ch as usize] else { continue };
            let a = self.answering(ch);
            let (g, wanted) = (a.group, a.agents);
            let minutes = line_plan.day_minutes.get(day).copied().unwrap_or(0.0);
            let agents = if minutes > 0.0 {
                let by_time = (free[g] / minutes).floor().max(0.0) as u32;
                wanted.min(row[g].present).min(by_time)
            } else {
                0
            };
            free[g] -= f64::from(agents) * minutes;
            self.lines[ch as usize].agents = agents;
            if ch == Channel::Phone {
                self.rec.staff.hotline_held(day, g, f64::from(agents) * minutes);
            }
            let day_end = now + MS_PER_DAY;
            while let Some(&(start, end)) = line_plan.staffed.get(self.next_line_interval[ch as usize]) {
                if start >= day_end {
                    break;
                }
                self.schedule(start.max(now), Event::LineOpens { channel: ch as u8 });
                self.schedule(end, Event::LineCloses { channel: ch as u8 });
                self.next_line_interval[ch as usize] += 1;
            }
            self.answer_next(now, ch);
        }
        self.generate_status_enquiries(now);
        self.release_pending_calls(day);
    }

    pub(super) fn enquiry_arrives(&mut self, now: SimTime, ch: Channel, origin: Origin) {
        if origin == Origin::Exogenous {
            self.schedule_next_enquiry(ch);
        }
        self.rec.enquiries.offered(ch as usize, now, origin as u8);
        if ch == Channel::Phone && !self.lines[0].open {
            // Nobody on the line: the call ends unanswered at once.
            self.rec.enquiries.abandoned(now, true);
            self.maybe_call_again(now);
            return;
        }
        if self.lines[ch as usize].agent_free() {
            self.start_answer(now, ch, now, false);
            return;
        }
        let ticket = self.lines[ch as usize].push(now);
        if ch == Channel::Phone {
            let phone = self.plan.scenario.enquiries.phone.as_ref().expect("a phone line exists");
            if let Some(patience) = &phone.patience {
                let wait = minutes_to_ms(patience.sample(&mut self.enquiry_attr_rng[0])).max(1);
                self.schedule(now + wait, Event::EnquiryPatience { ticket });
            }
        }
    }

    /// Free agents take the longest-waiting enquiries, then (hotline) the call-backs owed.
    fn answer_next(&mut self, now: SimTime, ch: Channel) {
        while self.lines[ch as usize].agent_free() {
            let line = &mut self.lines[ch as usize];
            if let Some(w) = line.pop() {
                self.start_answer(now, ch, w.arrived, false);
            } else if let Some(asked) = line.callbacks.pop_front() {
                self.start_answer(now, ch, asked, true);
            } else {
                break;
            }
        }
    }

    /// An agent starts on an enquiry that came at `arrived`.
    fn start_answer(&mut self, now: SimTime, ch: Channel, arrived: SimTime, callback: bool) {
        let e = &self.plan.scenario.enquiries;
        let rng = &mut self.enquiry_attr_rng[ch as usize];
        let minutes = match ch {
            Channel::Phone => e.phone.as_ref().expect("a phone line exists").handling.sample(rng),
            Channel::Email => {
                let email = e.email.as_ref().expect("an inbox exists");
                let templated = rng.random::<f64>() < email.template_share;
                if templated {
                    email.template_handling.sample(rng)
                } else {
                    email.handling.sample(rng)
                }
            }
        };
        let ms = minutes_to_ms(minutes).max(1);
        self.lines[ch as usize].busy += 1;
        self.rec.enquiries.answered(ch as usize, arrived, now);
        if callback {
            self.rec.enquiries.callback_made(arrived);
        }
        let g = self.answering(ch).group;
        self.rec.staff.enquiry_busy(now, g, ch == Channel::Phone, ms);
        self.schedule(now + ms, Event::EnquiryDone { channel: ch as u8 });
    }

    pub(super) fn enquiry_done(&mut self, now: SimTime, ch: Channel) {
        self.lines[ch as usize].busy -= 1;
        self.answer_next(now, ch);
    }

    /// A caller's patience runs out: a number left for a call-back, or a hang-up.
    pub(super) fn caller_gives_up(&mut self, now: SimTime, ticket: u64) {
        let Some(w) = self.lines[Channel::Phone as usize].leave(ticket) else { return };
        let phone = self.plan.scenario.enquiries.phone.as_ref().expect("a phone line exists");
        if phone.callback {
            self.rec.enquiries.callback_requested(w.arrived);
            self.lines[Channel::Phone as usize].callbacks.push_back(w.arrived);
        } else {
            self.rec.enquiries.abandoned(w.arrived, false);
            self.maybe_call_again(now);
        }
    }

    pub(super) fn line_opens(&mut self, now: SimTime, ch: Channel) {
        self.lines[ch as usize].open = true;
        self.answer_next(now, ch);
    }

    /// The line closes: callers still waiting are told so (and may call again); e-mails wait.
    pub(super) fn line_closes(&mut self, now: SimTime, ch: Channel) {
        self.lines[ch as usize].open = false;
        if ch == Channel::Phone {
            for w in self.lines[0].drain() {
                self.rec.enquiries.abandoned(w.arrived, true);
                self.maybe_call_again(now);
            }
        }
    }

    /// An unanswered caller calls again (retrial share) after the retrial delay, or at a
    /// random time of the line's next hours if it is closed then.
    fn maybe_call_again(&mut self, now: SimTime) {
        let phone = self.plan.scenario.enquiries.phone.as_ref().expect("a phone line exists");
        let plan = self.plan.lines[0].as_ref().expect("a phone line exists");
        let rng = &mut self.enquiry_attr_rng[0];
        if rng.random::<f64>() >= phone.retrial_share {
            return;
        }
        let mut at = now + minutes_to_ms(phone.retrial_delay.sample(rng)).max(1);
        self.phone_interval_now = plan.first_ending_after(self.phone_interval_now, now);
        // The interval that holds `at` or, if none does, the next one to open.
        match plan.staffed.get(plan.first_ending_after(self.phone_interval_now, at)) {
            Some(&(start, _)) if start <= at => {}
            Some(&(start, end)) => at = start + ((end - start) as f64 * rng.random::<f64>()) as SimTime,
            None => return,
        }
        self.schedule(at, Event::EnquiryArrives { channel: 0, origin: Origin::Retrial as u8 });
    }

    /// Status enquiries of the day: applicants waiting longer than the threshold ask at the
    /// stated weekly rate (a Poisson number a day).
    fn generate_status_enquiries(&mut self, now: SimTime) {
        let generated = &self.plan.scenario.enquiries.generated;
        if generated.status_per_week <= 0.0 {
            return;
        }
        let threshold = (generated.status_after_days * MS_PER_DAY as f64) as SimTime;
        let long = self.backlogs.waiting().chain(self.in_progress.iter().flatten());
        let waiting = long.filter(|d| now - d.filed > threshold).count();
        let mean = waiting as f64 * generated.status_per_week / 7.0;
        if mean <= 0.0 {
            return;
        }
        let n = Poisson::new(mean).map_or(0.0, |p| p.sample(&mut self.enquiry_generated_rng)) as u64;
        for _ in 0..n {
            self.rec.enquiries.status_enquiry(now);
            self.generated_enquiry(now, Cause::Status);
        }
    }

    /// Someone enquires because of the office's state: by phone (on the line's next hours)
    /// or by e-mail (at once; a status e-mail at a random time of the day).
    pub(super) fn generated_enquiry(&mut self, now: SimTime, cause: Cause) {
        let e = &self.plan.scenario.enquiries;
        let share = match cause {
            Cause::Status => 1.0,
            Cause::NoSlot => e.generated.no_slot_share,
            Cause::SentHome => e.generated.sent_home_share,
        };
        let rng = &mut self.enquiry_generated_rng;
        if share <= 0.0 || !e.any() || (share < 1.0 && rng.random::<f64>() >= share) {
            return;
        }
        let by_phone = match (&e.phone, &e.email) {
            (Some(_), Some(_)) => rng.random::<f64>() < e.generated.phone_share,
            (phone, _) => phone.is_some(),
        };
        if by_phone {
            self.pending_calls += 1;
            return;
        }
        let at = match cause {
            Cause::Status => now + (MS_PER_DAY as f64 * rng.random::<f64>()) as SimTime,
            _ => now,
        };
        self.schedule(at, Event::EnquiryArrives { channel: 1, origin: Origin::Generated as u8 });
    }

    /// Generated calls are made at random times of the first day the line is staffed.
    fn release_pending_calls(&mut self, day: usize) {
        let Some(plan) = &self.plan.lines[0] else { return };
        let minutes = plan.day_minutes.get(day).copied().unwrap_or(0.0);
        if minutes <= 0.0 {
            return;
        }
        for _ in 0..std::mem::take(&mut self.pending_calls) {
            let at = plan.staffed_instant(day, minutes * self.enquiry_generated_rng.random::<f64>());
            self.schedule(at, Event::EnquiryArrives { channel: 0, origin: Origin::Generated as u8 });
        }
    }

    /// The run ends: enquiries still waiting (and call-backs owed) are counted with their
    /// waits so far.
    pub(super) fn count_unanswered_at_end(&mut self) {
        // Counted straight from the queue: a copy of an inbox that grew all run would be the
        // run's largest allocation.
        let (lines, record, end) = (&self.lines, &mut self.rec.enquiries, self.end);
        for ch in Channel::ALL {
            let line = &lines[ch as usize];
            for arrived in line.iter().map(|w| w.arrived).chain(line.callbacks.iter().copied()) {
                record.waiting_at_end(ch as usize, arrived, end);
            }
        }
    }
}
