//! One replication of the office: the state and what each event does to it.

use super::arrivals::{fixed_daily_times, is_active_day, PoissonClock};
use super::client::{Channel, Client, ClientId, Clients};
use super::events::Event;
use super::portal::Portal;
use super::walkin::WalkinQueue;
use super::{Plan, ReplicationResult};
use crate::engine::{minutes_to_ms, EventQueue, SimTime, MS_PER_DAY};
use crate::rng::{stream, StreamKind, StreamRng};
use crate::scenario::ArrivalProcess;
use crate::stats::{figure_values, Recorder};
use rand::Rng;

/// Runs replication `replication` of the plan.
pub fn simulate(plan: &Plan, replication: u32) -> ReplicationResult {
    let mut office = Office::new(plan, replication);
    office.run();
    office.into_result()
}

struct Office<'p> {
    plan: &'p Plan,
    replication: u32,
    end: SimTime,
    events: EventQueue<Event>,
    clients: Clients,
    portal: Portal<'p>,
    /// Per slot grid and clerk: when the clerk's previous appointment ends.
    busy_until: Vec<Vec<SimTime>>,
    walkin: WalkinQueue,
    walkin_idle: Vec<bool>,
    open: bool,
    arrival_rng: Vec<StreamRng>,
    poisson: Vec<PoissonClock>,
    client_serial: Vec<u64>,
    /// Booked appointments whose slot has not started yet.
    pending: usize,
    rec: Recorder,
}

impl<'p> Office<'p> {
    fn new(plan: &'p Plan, replication: u32) -> Self {
        let s = &plan.scenario;
        let sim = &s.simulation;
        let end = sim.days as SimTime * MS_PER_DAY;
        let n_cases = s.case_types.len();
        let arrival_rng = (0..n_cases)
            .map(|c| stream(sim.seed, replication as u64, StreamKind::Arrivals, c as u64, 0))
            .collect();
        let poisson = s
            .case_types
            .iter()
            .zip(&plan.arrival_intervals)
            .map(|(c, iv)| match c.arrivals.process {
                ArrivalProcess::Poisson { per_min } => PoissonClock::new(per_min, iv),
                ArrivalProcess::FixedDaily { .. } => PoissonClock::new(0.0, iv),
            })
            .collect();
        let mut office = Office {
            plan,
            replication,
            end,
            events: EventQueue::new(),
            clients: Clients::default(),
            portal: Portal::new(&plan.grids, s.portal.horizon_days),
            busy_until: plan.grids.iter().map(|g| vec![0; g.clerks as usize]).collect(),
            walkin: WalkinQueue::default(),
            walkin_idle: vec![true; plan.walkin_clerk_group.len()],
            open: false,
            arrival_rng,
            poisson,
            client_serial: vec![0; n_cases],
            pending: 0,
            rec: Recorder::new(sim.days, sim.warmup_days as SimTime * MS_PER_DAY),
        };
        // Day starts first, then opening times: at any instant they precede client events.
        for day in 0..sim.days {
            office
                .events
                .schedule(day as SimTime * MS_PER_DAY, Event::StartDay { day });
        }
        for (i, iv) in plan.intervals.iter().enumerate() {
            office.events.schedule(iv.start, Event::Open { interval: i as u32 });
            office.events.schedule(iv.end, Event::Close { interval: i as u32 });
        }
        for case in 0..n_cases {
            office.schedule_next_poisson(case as u16);
        }
        office
    }

    fn run(&mut self) {
        while let Some((now, event)) = self.events.pop_before(self.end) {
            match event {
                Event::StartDay { day } => self.start_day(now, day),
                Event::PoissonArrival { case } => {
                    self.arrive(now, case);
                    self.schedule_next_poisson(case);
                }
                Event::PlannedArrival { case } => self.arrive(now, case),
                Event::AppointmentDue { client } => self.appointment_due(now, client),
                Event::FinishAppointment { client } => self.clients.remove(client),
                Event::FinishWalkin { clerk, client } => {
                    self.clients.remove(client);
                    self.walkin_idle[clerk as usize] = true;
                    self.start_walkins(now);
                }
                Event::Open { interval } => self.open_counter(now, interval),
                Event::Close { interval } => self.close_counter(now, interval),
            }
        }
        self.events.advance_to(self.end);
        let last_day = self.plan.scenario.simulation.days as usize - 1;
        self.rec.end_of_day(last_day, self.walkin.len(), self.pending);
        let waiting: Vec<SimTime> = self.walkin.iter().map(|c| self.clients.get(c).arrival).collect();
        self.rec.finish(self.end, waiting.into_iter(), self.pending);
    }

    fn into_result(self) -> ReplicationResult {
        ReplicationResult {
            replication: self.replication,
            figures: figure_values(&self.rec),
            conservation: self.rec.conservation,
            queue_area: self.rec.queue_area,
            queue_wait_overlap: self.rec.queue_wait_overlap,
            events: self.events.processed(),
            days: self.rec.days,
        }
    }

    fn schedule_next_poisson(&mut self, case: u16) {
        let c = case as usize;
        let next = self.poisson[c].next(&self.plan.arrival_intervals[c], &mut self.arrival_rng[c]);
        if let Some(t) = next {
            self.events
                .schedule(t.max(self.events.now()), Event::PoissonArrival { case });
        }
    }

    fn start_day(&mut self, now: SimTime, day: u32) {
        if day > 0 {
            self.rec.end_of_day(day as usize - 1, self.walkin.len(), self.pending);
        }
        for (c, case) in self.plan.scenario.case_types.iter().enumerate() {
            if let ArrivalProcess::FixedDaily { count } = case.arrivals.process {
                if is_active_day(case.arrivals.days, &self.plan.calendar, day as usize) {
                    for t in fixed_daily_times(&case.arrivals, day, count, &mut self.arrival_rng[c]) {
                        self.events
                            .schedule(t.max(now), Event::PlannedArrival { case: c as u16 });
                    }
                }
            }
        }
    }

    /// A new client arrives: draw everything about them from their own stream, then route.
    fn arrive(&mut self, now: SimTime, case: u16) {
        let s = &self.plan.scenario;
        let c = case as usize;
        let serial = self.client_serial[c];
        self.client_serial[c] += 1;
        let mut rng = stream(
            s.simulation.seed,
            self.replication as u64,
            StreamKind::Client,
            c as u64,
            serial,
        );
        let spec = &s.case_types[c];
        let channel = if rng.random::<f64>() < spec.portal_share {
            Channel::Portal
        } else {
            Channel::Walkin
        };
        let service_ms = minutes_to_ms(spec.service_time.sample(&mut rng)).max(1);
        let no_show = rng.random::<f64>() < s.portal.no_show_prob;
        let id = self.clients.insert(Client {
            case,
            channel,
            arrival: now,
            service_ms,
            no_show,
            slot: None,
        });
        self.rec.client_created(now);
        match channel {
            Channel::Portal => self.book(now, id),
            Channel::Walkin => {
                self.walkin.push(id, case);
                self.rec.walkin_arrived(now, self.walkin.len());
                self.start_walkins(now);
            }
        }
    }

    fn book(&mut self, now: SimTime, id: ClientId) {
        let case = self.clients.get(id).case as usize;
        let slot_min = self.plan.scenario.case_types[case].slot_min;
        match self.portal.book(now, &self.plan.books_for_case[case], slot_min) {
            Some(b) => {
                self.clients.get_mut(id).slot = Some((b.book as u16, b.clerk, b.start));
                self.pending += 1;
                self.rec.booked(now, b.start);
                self.events.schedule(b.start, Event::AppointmentDue { client: id });
            }
            None => {
                self.rec.booking_failed(now);
                self.clients.remove(id);
            }
        }
    }

    /// The slot starts: the client does not come, or is served as soon as the clerk is free.
    fn appointment_due(&mut self, now: SimTime, id: ClientId) {
        self.pending -= 1;
        let client = *self.clients.get(id);
        let Some((book, clerk, slot_start)) = client.slot else {
            unreachable!("an appointment event belongs to a booked client")
        };
        if client.no_show {
            self.rec.no_show(now);
            self.clients.remove(id);
            return;
        }
        let free_at = &mut self.busy_until[book as usize][clerk as usize];
        let start = now.max(*free_at);
        *free_at = start + client.service_ms;
        self.rec.appointment_started(slot_start, start, client.service_ms);
        self.events
            .schedule(start + client.service_ms, Event::FinishAppointment { client: id });
    }

    /// Every idle walk-in clerk takes the longest-waiting client it may serve.
    fn start_walkins(&mut self, now: SimTime) {
        if !self.open || self.walkin.is_empty() {
            return;
        }
        let staff = &self.plan.scenario.staff;
        for clerk in 0..self.walkin_idle.len() {
            if !self.walkin_idle[clerk] {
                continue;
            }
            let skills = &staff[self.plan.walkin_clerk_group[clerk]].skills;
            let Some(id) = self.walkin.take_first(|case| skills.contains(&(case as usize))) else {
                continue;
            };
            let client = self.clients.get(id);
            self.walkin_idle[clerk] = false;
            self.rec
                .walkin_started(now, client.arrival, client.service_ms, self.walkin.len());
            self.events.schedule(
                now + client.service_ms,
                Event::FinishWalkin {
                    clerk: clerk as u32,
                    client: id,
                },
            );
            if self.walkin.is_empty() {
                break;
            }
        }
    }

    fn open_counter(&mut self, now: SimTime, interval: u32) {
        let iv = self.plan.intervals[interval as usize];
        self.open = true;
        self.rec.day_opened(now, self.walkin.len());
        self.rec.on_duty(iv.start, iv.end, self.plan.clerks_on_duty);
        self.start_walkins(now);
    }

    fn close_counter(&mut self, now: SimTime, interval: u32) {
        self.open = false;
        if self.plan.intervals[interval as usize].closes_day && self.plan.scenario.walkin.send_home_at_close {
            let sent: Vec<ClientId> = self.walkin.drain().collect();
            for (i, id) in sent.iter().enumerate() {
                self.rec
                    .walkin_sent_home(now, self.clients.get(*id).arrival, sent.len() - i - 1);
                self.clients.remove(*id);
            }
        }
    }
}
