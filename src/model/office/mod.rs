//! One replication of the office: the state, the event loop, and what each event does.
//! The handlers live in one file per part of the office.

mod arrive;
mod backoffice;
mod booking;
mod counter;
mod day;
mod enquiry_desk;
mod permits;
mod shocks;
mod walkin_desk;

use super::arrivals::PoissonClock;
use super::client::{ClientId, Clients};
use super::enquiry::{line::Origin, Channel};
use super::events::{Event, PackedEvent};
use super::holders::{Backlogs, Dossier, Holder};
use super::portal::{DeskSet, Portal, Release};
use super::staff::Staff;
use super::walkin::WalkinQueue;
use super::{Plan, ReplicationResult};
use crate::engine::{EventQueue, SimTime, MS_PER_DAY, MS_PER_MIN};
use crate::rng::{stream, StreamFamily, StreamKind, StreamKindRoot, StreamRng};
use crate::scenario::ArrivalProcess;
use crate::stats::{figure_values, AppointmentLog, Recorder};

/// Runs replication `replication` of the plan.
pub fn simulate(plan: &Plan, replication: u32) -> ReplicationResult {
    let mut office = Office::new(plan, replication, true);
    office.run();
    office.into_result().0
}

/// Runs replication `replication` for its key figures and totals only: the day rows of the
/// result are empty, and memory does not grow with the horizon. The figures are identical
/// to `simulate`'s.
pub fn simulate_summary(plan: &Plan, replication: u32) -> ReplicationResult {
    let mut office = Office::new(plan, replication, false);
    office.run();
    office.into_result().0
}

/// Runs replication `replication` and also keeps its appointment log. The log only
/// observes: the result is identical to `simulate`'s.
pub fn simulate_logged(plan: &Plan, replication: u32) -> (ReplicationResult, AppointmentLog) {
    let mut office = Office::new(plan, replication, true);
    office.log = Some(AppointmentLog::default());
    office.run();
    let (result, log) = office.into_result();
    (result, log.unwrap_or_default())
}

/// A desk's state during the day.
#[derive(Debug, Clone, Copy, Default)]
struct DeskState {
    /// When the desk's current or last service ends.
    busy_until: SimTime,
    /// At work today.
    present: bool,
    /// Productivity today (service times are divided by it).
    productivity: f64,
    /// Counter work after closing time today (ms).
    overtime_ms: SimTime,
    /// Minutes at the counter today by the roster (opening or walk-in hours its duty covers).
    counter_min: f64,
    /// When its counter hours start and end today (a walk-in desk takes nobody before or new
    /// after); empty off the counter.
    counter_start_ms: SimTime,
    counter_end_ms: SimTime,
    /// Its span of today's counter windows by its duty, also on a back-office day (overtime
    /// is work outside it).
    hours_start_ms: SimTime,
    hours_end_ms: SimTime,
}

impl DeskState {
    /// How long a service of `nominal` ms takes at this desk today (a weak day counts as a
    /// quarter of a normal one at worst).
    fn service_ms(&self, nominal: SimTime) -> SimTime {
        // Full productivity is the common case and dividing by 1 changes nothing: skip the division.
        if self.productivity == 1.0 {
            return nominal;
        }
        (nominal as f64 / self.productivity.max(0.25)) as SimTime
    }
}

/// How many events ahead the loop also prefetches (besides the next one): a main-memory
/// load takes longer than one event.
const PREFETCH_AHEAD: usize = 8;

/// Days of publishing sets cached per grid (a booking horizon's worth; more only recompute).
const PUBLISH_CACHE_DAYS: usize = 256;

struct Office<'p> {
    plan: &'p Plan,
    replication: u32,
    end: SimTime,
    today: usize,
    /// The rules in force today (`plan.epochs`).
    epoch: usize,
    events: EventQueue<PackedEvent>,
    clients: Clients,
    portal: Portal<'p>,
    staff: Staff<'p>,
    desks: Vec<DeskState>,
    walkin: WalkinQueue,
    /// Walk-in desks (indices into `plan.walkin_desks`) free to take the next client.
    walkin_idle: Vec<bool>,
    /// How many entries of `walkin_idle` are true.
    walkin_idle_count: usize,
    walkin_open: bool,
    /// When today's walk-in hours first opened (for who was there in person, under a digital
    /// queue number).
    walkin_opened_today: Option<SimTime>,
    /// What people remember of recent walk-in days (`[walkin.learned]`), and today's part of
    /// it: when the last person served today had joined, and whether anyone was turned away.
    arrival_memory: super::learned::ArrivalMemory,
    last_served_join: Option<SimTime>,
    turned_away_today: bool,
    /// Whether holders and clients outgrow the caches, so that prefetching pays (see `prefetch_next`).
    prefetching: bool,
    /// Whether they outgrow the last-level cache too, so that prefetching further ahead pays.
    prefetching_ahead: bool,
    /// The first walk-in interval whose opening and closing are not scheduled yet.
    next_walkin_interval: usize,
    tickets_left: Option<u32>,
    arrival_rng: Vec<StreamRng>,
    poisson: Vec<PoissonClock>,
    client_serial: Vec<u64>,
    /// Per case type: the streams of its clients (hashed once per replication).
    client_streams: Vec<StreamFamily>,
    /// Per case type: the stream of the next client, worked out one client ahead (see
    /// `next_client_stream`).
    upcoming_client_stream: Vec<StreamRng>,
    /// Per case type: the streams of its document holders.
    holder_streams: Vec<StreamFamily>,
    /// The streams of holders' visits (one family per holder).
    visit_streams: StreamKindRoot,
    next_token: u32,
    /// Booked appointments whose slot has not started yet.
    pending: usize,
    /// Per grid and day modulo `PUBLISH_CACHE_DAYS`: (the day the entry was computed on, the
    /// day it is for, its publishing desks).
    publish_cache: std::cell::RefCell<Vec<(i64, usize, DeskSet)>>,
    aborted: Option<String>,
    holders: Vec<Holder>,
    holder_serial: Vec<u64>,
    inflow: Vec<Option<PoissonClock>>,
    inflow_rng: Vec<StreamRng>,
    backlogs: Backlogs,
    /// Per staff group: the application being worked on when the day ended.
    in_progress: Vec<Option<Dossier>>,
    /// Incomplete applications out with their clients, and free places in that list.
    rework: Vec<Dossier>,
    rework_free: Vec<u32>,
    backoffice_rng: StreamRng,
    /// Running average of back-office minutes per day (for the expected wait of an application).
    backoffice_daily_min: f64,
    /// The enquiry channels (`enquiry::Channel` order): queues, arrival clocks, streams,
    /// the next staffed interval to schedule, and generated calls waiting for the line's hours.
    lines: [super::enquiry::line::Line; 2],
    enquiry_clocks: [super::enquiry::clock::RateClock; 2],
    enquiry_arrival_rng: [StreamRng; 2],
    enquiry_attr_rng: [StreamRng; 2],
    enquiry_generated_rng: StreamRng,
    next_line_interval: [usize; 2],
    /// The first staffed phone interval that ends after the last unanswered call (see
    /// `LinePlan::first_ending_after`).
    phone_interval_now: usize,
    pending_calls: u64,
    /// Per case type, for its arrivals and its holders' inflow: where the shock streams stand,
    /// their random numbers, and the coins that thin the usual stream under a factor below 1.
    shock_clocks: Vec<[super::shock::ShockClock; 2]>,
    shock_rng: Vec<[StreamRng; 2]>,
    shock_keep_rng: Vec<[StreamRng; 2]>,
    /// Per case type: clients brought by shocks so far (their streams lie apart from the usual ones).
    shock_client_serial: Vec<u64>,
    rec: Recorder,
    /// The appointment log, when asked for.
    log: Option<AppointmentLog>,
}

impl<'p> Office<'p> {
    /// `keep_days`: keep every day's rows (see `simulate_summary`).
    fn new(plan: &'p Plan, replication: u32, keep_days: bool) -> Self {
        let s = &plan.scenario;
        let sim = &s.simulation;
        let end = sim.days as SimTime * MS_PER_DAY;
        let n_cases = s.case_types.len();
        let roots = |kind| StreamKindRoot::new(sim.seed, replication as u64, kind);
        let arrival_rng =
            (0..n_cases).map(|c| stream(sim.seed, replication as u64, StreamKind::Arrivals, c as u64, 0)).collect();
        let poisson = s
            .case_types
            .iter()
            .zip(&plan.arrival_intervals)
            .zip(&plan.arrival_profiles)
            .map(|((c, iv), profile)| match (c.arrivals.process, profile) {
                (ArrivalProcess::Poisson { per_min }, None) => PoissonClock::new(per_min, iv),
                // Thinning: the clock runs at the largest rate of the run.
                (ArrivalProcess::Poisson { per_min }, Some(p)) => PoissonClock::new(per_min * p.max(), iv),
                (ArrivalProcess::FixedDaily { .. }, _) => PoissonClock::new(0.0, iv),
            })
            .collect();
        let releases = (0..plan.grids.len())
            .map(|g| plan.grid_rules(g))
            .map(|p| Release {
                horizon_days: p.horizon_days,
                release_min: p.release_min,
                overbooking: p.overbooking,
                short_notice_share: p.short_notice_share,
                short_notice_days: p.short_notice_days,
            })
            .collect();
        let staff = Staff::draw(s, &plan.desks, &plan.roster, &plan.calendar, &plan.sick_mean_days, replication);
        let mut rec =
            Recorder::new(sim.days, sim.warmup_days as SimTime * MS_PER_DAY, n_cases, s.staff.len(), keep_days);
        rec.staff.positions_fte = s.staff.iter().map(|g| g.positions_fte).sum();
        rec.enquiries = crate::stats::EnquiryRecord::new(
            sim.warmup_days as SimTime * MS_PER_DAY,
            s.enquiries.phone.is_some(),
            s.enquiries.email.is_some(),
        );
        let client_streams: Vec<StreamFamily> =
            (0..n_cases as u64).map(|c| roots(StreamKind::Client).family(c)).collect();
        let mut office = Office {
            plan,
            replication,
            end,
            today: 0,
            epoch: plan.epochs.iter().rposition(|e| e.first_day == 0).unwrap_or(0),
            events: EventQueue::new(),
            clients: Clients::default(),
            portal: Portal::new(&plan.grids, releases, plan),
            staff,
            desks: vec![DeskState { productivity: 1.0, ..Default::default() }; plan.desks.len()],
            walkin: WalkinQueue::default(),
            walkin_idle: vec![false; plan.walkin_desks.len()],
            walkin_idle_count: 0,
            walkin_open: false,
            walkin_opened_today: None,
            arrival_memory: Default::default(),
            last_served_join: None,
            turned_away_today: false,
            prefetching: false,
            prefetching_ahead: false,
            next_walkin_interval: 0,
            tickets_left: None,
            arrival_rng,
            poisson,
            client_serial: vec![0; n_cases],
            upcoming_client_stream: client_streams.iter().map(|f| f.member(0)).collect(),
            client_streams,
            holder_streams: (0..n_cases as u64).map(|c| roots(StreamKind::Holder).family(c)).collect(),
            visit_streams: roots(StreamKind::HolderVisit),
            next_token: 1,
            pending: 0,
            publish_cache: std::cell::RefCell::new(vec![
                (i64::MIN, 0, [0; super::portal::MAX_DESKS / 64]);
                plan.grids.len() * PUBLISH_CACHE_DAYS
            ]),
            aborted: None,
            holders: Vec::new(),
            holder_serial: vec![0; n_cases],
            inflow: vec![None; n_cases],
            inflow_rng: (0..n_cases)
                .map(|c| stream(sim.seed, replication as u64, StreamKind::HolderInflow, c as u64, 0))
                .collect(),
            backlogs: Backlogs::new(s.permits.backlog_order, n_cases),
            in_progress: vec![None; s.staff.len()],
            rework: Vec::new(),
            rework_free: Vec::new(),
            backoffice_rng: stream(sim.seed, replication as u64, StreamKind::BackOffice, 0, 0),
            backoffice_daily_min: 0.0,
            lines: Default::default(),
            enquiry_clocks: Default::default(),
            enquiry_arrival_rng: [0, 1].map(|c| stream(sim.seed, replication as u64, StreamKind::Enquiries, c, 0)),
            enquiry_attr_rng: [2, 3].map(|c| stream(sim.seed, replication as u64, StreamKind::Enquiries, c, 0)),
            enquiry_generated_rng: stream(sim.seed, replication as u64, StreamKind::Enquiries, 4, 0),
            next_line_interval: [0; 2],
            phone_interval_now: 0,
            pending_calls: 0,
            shock_clocks: vec![Default::default(); n_cases],
            shock_rng: (0..n_cases as u64)
                .map(|c| [0, 1].map(|k| stream(sim.seed, replication as u64, StreamKind::Shocks, 4 * c + k, 0)))
                .collect(),
            shock_keep_rng: (0..n_cases as u64)
                .map(|c| [2, 3].map(|k| stream(sim.seed, replication as u64, StreamKind::Shocks, 4 * c + k, 0)))
                .collect(),
            shock_client_serial: vec![0; n_cases],
            rec,
            log: None,
        };
        office.rec.costs.introduce(&office.rules().scenario.costs);
        office.schedule_calendar();
        office.book_initial_state();
        office.init_holders();
        office.init_backlog();
        office
    }

    /// The first day's calendar, then the first arrival of every stream.
    fn schedule_calendar(&mut self) {
        let plan = self.plan;
        self.schedule_calendar_of(0);
        for (c, case) in plan.scenario.case_types.iter().enumerate() {
            match case.arrivals.process {
                ArrivalProcess::Poisson { .. } => self.schedule_next_poisson(c as u16),
                ArrivalProcess::FixedDaily { .. } => self.schedule_plan_arrivals(c as u16, 0),
            }
        }
        self.schedule_first_enquiries();
        self.schedule_first_shocks();
    }

    /// The day start, portal releases (one per booking tool) and walk-in hours of `day`,
    /// scheduled a day ahead (the queue holds the calendar of two days, not of the whole run).
    /// At any instant they come before clients' events, ranked as if the whole calendar had
    /// been scheduled at the start: day starts and releases by day, then walk-in openings and
    /// closings by interval.
    fn schedule_calendar_of(&mut self, day: u32) {
        let plan = self.plan;
        let s = &plan.scenario;
        let days = s.simulation.days as u64;
        let day_start = day as SimTime * MS_PER_DAY;
        let per_day = 2 + s.booking_tools.len() as u64;
        self.schedule_ranked(day_start, per_day * day as u64, Event::StartDay { day });
        for tool in 0..=s.booking_tools.len() {
            let release_ms = s.tool_rules(tool.checked_sub(1)).release_min as SimTime * MS_PER_MIN;
            let (rank, tool) = (per_day * day as u64 + 1 + tool as u64, tool as u16);
            self.schedule_ranked(day_start + release_ms, rank, Event::Release { day, tool });
        }
        let next_day = day_start + MS_PER_DAY;
        while let Some(iv) = plan.walkin_intervals.get(self.next_walkin_interval).filter(|iv| iv.start < next_day) {
            let (i, rank) = (self.next_walkin_interval as u32, per_day * days + 2 * self.next_walkin_interval as u64);
            self.schedule_ranked(iv.start, rank, Event::WalkinOpen { interval: i });
            self.schedule_ranked(iv.end, rank + 1, Event::WalkinClose { interval: i });
            self.next_walkin_interval += 1;
        }
    }

    /// The rules in force today: read every key that a dated change may set from here.
    #[inline(always)]
    fn rules(&self) -> &'p super::Epoch {
        &self.plan.epochs[self.epoch]
    }

    /// Schedules an event (packed: see `PackedEvent`).
    #[inline(always)]
    fn schedule(&mut self, time: SimTime, event: Event) {
        self.events.schedule(time, event.pack());
    }

    /// Schedules a calendar event ahead of clients' events at its instant (see `EventQueue::schedule_ranked`).
    #[inline(always)]
    fn schedule_ranked(&mut self, time: SimTime, rank: u64, event: Event) {
        self.events.schedule_ranked(time, rank, event.pack());
    }

    fn run(&mut self) {
        let sim = &self.plan.scenario.simulation;
        let (max_events, max_clients) = (sim.max_events, sim.max_clients as usize);
        while let Some((now, event)) = self.events.pop_before(self.end) {
            let event = event.unpack();
            if self.events.processed() > max_events || self.clients.live() > max_clients {
                self.aborted = Some(format!(
                    "replication {} stopped on day {} with {} events and {} clients in the system: above simulation.max_events ({max_events}) or simulation.max_clients ({max_clients}); the office is probably overloaded without bound",
                    self.replication,
                    now / MS_PER_DAY,
                    self.events.processed(),
                    self.clients.live()
                ));
                break;
            }
            if self.prefetching {
                self.prefetch_next();
            }
            match event {
                Event::StartDay { day } => self.start_day(now, day),
                Event::Release { day, tool } => self.probe_portal(now, day, tool),
                Event::PlanArrivals { case, day } => self.plan_arrivals(now, case, day),
                Event::PoissonArrival { case } => {
                    if self.usual_arrival_kept(now, case, false) {
                        self.arrive(now, case);
                    }
                    self.schedule_next_poisson(case);
                }
                Event::PlannedArrival { case } => self.arrive(now, case),
                Event::Retry { client } => self.attempt_booking(now, client),
                Event::ConfirmDeadline { client, token } => self.confirmation_lapsed(now, client, token),
                Event::Cancel { client, token } => self.cancel_booking(now, client, token),
                Event::DropDuplicate { grid, desk, day, cell, cells } => {
                    self.drop_duplicate(now, grid, desk, day, cell, cells)
                }
                Event::AppointmentDue { client, token } => self.appointment_due(now, client, token),
                Event::FinishAppointment { client, rebook } => self.finish_appointment(now, client, rebook),
                Event::JoinWalkin { client } => self.join_walkin(now, client, true),
                Event::FinishWalkin { desk, client } => self.finish_walkin(now, desk, client),
                Event::HolderCheck { holder } => self.holder_check(now, holder),
                Event::HolderLeaves { holder } => self.holder_leaves(now, holder),
                Event::HolderInflow { case } => self.holder_inflow(now, case),
                Event::CardPickup { case, holder } => self.card_pickup(now, case, holder),
                Event::DossierReturns { index } => self.dossier_returns(now, index),
                Event::WalkinOpen { interval } => self.open_walkin(now, interval),
                Event::WalkinClose { interval } => self.close_walkin(now, interval),
                Event::WalkinDeskOn { .. } => self.start_walkins(now),
                Event::WalkinPatience { client, ticket } => self.patience_ends(now, client, ticket),
                Event::EnquiryArrives { channel, origin } => {
                    self.enquiry_arrives(now, Channel::from_index(channel), Origin::from_index(origin))
                }
                Event::EnquiryPatience { ticket } => self.caller_gives_up(now, ticket),
                Event::EnquiryDone { channel } => self.enquiry_done(now, Channel::from_index(channel)),
                Event::LineOpens { channel } => self.line_opens(now, Channel::from_index(channel)),
                Event::LineCloses { channel } => self.line_closes(now, Channel::from_index(channel)),
                Event::ShockArrival { case, inflow } => self.shock_arrival(now, case, inflow),
            }
        }
        self.events.advance_to(self.end);
        self.end_of_day(self.plan.scenario.simulation.days as usize - 1);
        let waiting: Vec<SimTime> = self.walkin.iter().map(|c| self.clients.get(c).queued_at).collect();
        self.rec.finish(self.end, waiting.into_iter(), self.pending, self.clients.live());
        self.rec.permits.holders.end = self.holders.iter().filter(|h| !h.left).count() as u64;
        self.count_undecided_at_end();
        self.count_unanswered_at_end();
        self.close_expired_spells();
        self.rec.permits.finish(self.end);
    }

    /// Starts loading the holder or client of the next event (and, in a large population, of
    /// events further ahead), so that its cache miss (large populations are visited in random
    /// order) overlaps with this event's work. Small offices stay in the caches and skip it
    /// (`update_prefetching`).
    fn prefetch_next(&self) {
        if !self.prefetching_ahead {
            self.prefetch_for(self.events.peek_next().map(|e| e.unpack()));
            return;
        }
        // Events of the day's list were prefetched when they were `PREFETCH_AHEAD` places ahead.
        self.prefetch_for(self.events.peek_next_new().map(|e| e.unpack()));
        self.prefetch_for(self.events.peek_ahead(PREFETCH_AHEAD).map(|e| e.unpack()));
        // The holder of a client a few events ahead (its record was prefetched before).
        if let Some(
            Event::Retry { client }
            | Event::AppointmentDue { client, .. }
            | Event::FinishAppointment { client, .. }
            | Event::FinishWalkin { client, .. },
        ) = self.events.peek_ahead(PREFETCH_AHEAD / 2).map(|e| e.unpack())
        {
            if let Some(h) = self.clients.get_checked(client).and_then(|c| c.holder) {
                if let Some(h) = self.holders.get(h as usize) {
                    crate::engine::prefetch(h);
                }
            }
        }
    }

    fn prefetch_for(&self, event: Option<Event>) {
        match event {
            Some(Event::HolderCheck { holder } | Event::HolderLeaves { holder } | Event::CardPickup { holder, .. }) => {
                if let Some(h) = self.holders.get(holder as usize) {
                    crate::engine::prefetch(h);
                }
            }
            Some(
                Event::Retry { client }
                | Event::ConfirmDeadline { client, .. }
                | Event::Cancel { client, .. }
                | Event::AppointmentDue { client, .. }
                | Event::FinishAppointment { client, .. }
                | Event::JoinWalkin { client }
                | Event::FinishWalkin { client, .. },
            ) => self.clients.prefetch(client),
            _ => {}
        }
    }

    /// Prefetch once holders and clients take more than a typical L2 cache, and further ahead
    /// once they take more than a share of the last-level cache: their loads then come from
    /// main memory, which takes longer than one event. (Below that, the extra hints cost more
    /// than they save: a few per cent of a district office.)
    fn update_prefetching(&mut self) {
        const L2_BYTES: usize = 1 << 20;
        const MAIN_MEMORY_BYTES: usize = 8 << 20;
        let footprint = self.holders.len() * std::mem::size_of::<Holder>() + self.clients.footprint();
        self.prefetching = footprint > L2_BYTES;
        self.prefetching_ahead = footprint > MAIN_MEMORY_BYTES;
    }

    fn into_result(self) -> (ReplicationResult, Option<AppointmentLog>) {
        // A stopped replication's figures would describe a cut-off run: they are undefined.
        let figures = match self.aborted {
            Some(_) => vec![f64::NAN; self.plan.figure_count()],
            None => {
                let mut values = figure_values(&self.rec);
                values.extend(crate::stats::breakdown::subject_values(&self.rec, &self.plan.subjects));
                values
            }
        };
        let result = ReplicationResult {
            replication: self.replication,
            figures,
            conservation: self.rec.conservation,
            queue_area: self.rec.queue_area,
            queue_wait_overlap: self.rec.queue_wait_overlap,
            events: self.events.processed(),
            aborted: self.aborted,
            overfilled_cells: self.portal.overfilled_cells(),
            late_events: self.events.late_schedules(),
            days: self.rec.days,
            portal: self.rec.portal,
            staff: self.rec.staff,
            permits: self.rec.permits,
        };
        (result, self.log)
    }

    /// A client leaves the books after a completed service.
    fn served_and_gone(&mut self, now: SimTime, id: ClientId) {
        self.visit_done(now, id);
        self.rec.client_served();
        self.clients.remove(id);
    }

    /// A client leaves the books without being served (the holder, if any, tries again later).
    fn gone_unserved(&mut self, now: SimTime, id: ClientId) {
        self.visit_failed(now, id);
        self.clients.remove(id);
    }
}
