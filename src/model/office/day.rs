//! Day bookkeeping: who is at work, the roster the portal publishes from, the daily probe
//! of the booked-out horizon, fixed-count arrivals, and the end-of-day records.

use super::{Office, PUBLISH_CACHE_DAYS};
use crate::calendar::Window;
use crate::engine::{SimTime, MS_PER_DAY, MS_PER_MIN};
use crate::model::arrivals::{fixed_daily_times, is_active_day};
use crate::model::events::Event;
use crate::model::portal::{DeskSet, MAX_DESKS};
use crate::model::roster::minutes_within;
use crate::model::staff::Absence;
use crate::scenario::{ArrivalProcess, CounterSplit};
use crate::stats::StaffDay;

impl Office<'_> {
    fn weekday(&self, day: usize) -> usize {
        self.plan.calendar.days[day].weekday.num_days_from_monday() as usize
    }

    /// Whether a desk works at the counter (rather than in the back office) on `day`, by the
    /// group's split: always when adaptive, on an even rotation of days when fixed. An extra
    /// opening's roster is for the counter.
    pub(super) fn counter_day(&self, desk: usize, day: usize) -> bool {
        if self.plan.calendar.days.get(day).is_some_and(|d| d.extra) {
            return true;
        }
        match self.plan.scenario.staff[self.plan.desks[desk].group].split {
            CounterSplit::Adaptive => true,
            CounterSplit::Fixed(share) => {
                let i = day * 7 + desk;
                ((i + 1) as f64 * share).floor() > (i as f64 * share).floor()
            }
        }
    }

    /// Whether a desk serves at a counter (appointments or walk-ins) on `day` by its split.
    fn at_counter(&self, desk: usize, day: usize) -> bool {
        let work = self.plan.scenario.staff[self.plan.desks[desk].group].work;
        (work.appointments || work.walkin) && self.counter_day(desk, day)
    }

    /// A counter desk's windows on `day` (opening, or walk-in hours) and the span of them its
    /// duty covers. Without shifts, walk-in desks take the early part: they come when the
    /// queue opens.
    pub(super) fn counter_hours(&self, desk: usize, day: usize) -> (&[Window], (u32, u32)) {
        let plan = self.plan;
        if plan.scenario.staff[plan.desks[desk].group].work.walkin {
            let windows = &plan.walkin_windows[day][..];
            (windows, plan.roster.span(desk, day, self.weekday(day), windows, true))
        } else {
            (&plan.calendar.days[day].windows[..], plan.counter_span(desk, day, &plan.calendar.days[day].windows))
        }
    }

    /// The roster as known on `known_day`: does the desk publish slots on `day`?
    pub(super) fn publishes(&self, desk: usize, day: usize, known_day: i64) -> bool {
        day < self.plan.calendar.len()
            && self.plan.calendar.days[day].is_open()
            && self.counter_day(desk, day)
            && self.staff.planned(desk, day, self.weekday(day), known_day)
    }

    /// The desks of grid `g` that publish slots on `day`, as the roster knew it on `known_day`.
    pub(super) fn publishing(&self, g: usize, day: usize, known_day: i64) -> DeskSet {
        let mut set = [0u64; MAX_DESKS / 64];
        for (i, &desk) in self.plan.grids[g].desks.iter().enumerate() {
            if self.publishes(desk, day, known_day) {
                set[i / 64] |= 1 << (i % 64);
            }
        }
        set
    }

    /// `publishing` for bookings made today, cached per grid-day (the roster's knowledge
    /// changes only from one day to the next). The cache has `PUBLISH_CACHE_DAYS` places per
    /// grid, taken by day modulo that: its size does not grow with the horizon.
    pub(super) fn publishing_today(&self, g: usize, day: usize) -> DeskSet {
        let today = self.today as i64;
        let index = g * PUBLISH_CACHE_DAYS + day % PUBLISH_CACHE_DAYS;
        let entry = self.publish_cache.borrow()[index];
        if entry.0 == today && entry.1 == day {
            return entry.2;
        }
        let set = self.publishing(g, day, today);
        self.publish_cache.borrow_mut()[index] = (today, day, set);
        set
    }

    pub(super) fn start_day(&mut self, now: SimTime, day: u32) {
        let day = day as usize;
        if day > 0 {
            self.end_of_day(day - 1);
        }
        self.today = day;
        while self.plan.epochs.get(self.epoch + 1).is_some_and(|e| e.first_day as usize <= day) {
            self.epoch += 1;
            self.rec.costs.introduce(&self.rules().scenario.costs);
        }
        self.portal.start_day(day);
        self.staff.start_day(day);
        self.update_prefetching();
        if day + 1 < self.plan.scenario.simulation.days as usize {
            self.schedule_calendar_of(day as u32 + 1);
        }
        let open = self.plan.calendar.days[day].is_open();
        let weekday = self.weekday(day);
        let base = day as SimTime * MS_PER_DAY;
        for d in 0..self.desks.len() {
            let present = open && self.staff.present(d, day, weekday);
            let productivity = self.staff.productivity(d, day as i64);
            // Today's span of the counter windows by the desk's duty (also on a back-office
            // day: a stand-in's overtime is measured against it).
            let (windows, (start, end)) = self.counter_hours(d, day);
            let counter_min = match present && self.at_counter(d, day) {
                true => minutes_within(windows, (start, end)) as f64,
                false => 0.0,
            };
            let (hours_start_ms, hours_end_ms) =
                (base + start as SimTime * MS_PER_MIN, base + end as SimTime * MS_PER_MIN);
            // Off the counter, the desk's counter hours are empty.
            let (counter_start_ms, counter_end_ms) =
                if counter_min > 0.0 { (hours_start_ms, hours_end_ms) } else { (base, base) };
            let desk = super::DeskState {
                present,
                productivity,
                overtime_ms: 0,
                counter_min,
                counter_start_ms,
                counter_end_ms,
                hours_start_ms,
                hours_end_ms,
                ..self.desks[d]
            };
            self.desks[d] = desk;
        }
        // A walk-in desk whose shift starts later in the day is woken then.
        for (i, &d) in self.plan.walkin_desks.iter().enumerate() {
            let desk = self.desks[d];
            if desk.present && desk.counter_start_ms > base && desk.counter_start_ms < desk.counter_end_ms {
                self.schedule(desk.counter_start_ms, Event::WalkinDeskOn { desk: i as u32 });
            }
        }
        for (i, &d) in self.plan.walkin_desks.iter().enumerate() {
            self.walkin_idle[i] = self.desks[d].present && self.desks[d].busy_until <= now;
        }
        self.walkin_idle_count = self.walkin_idle.iter().filter(|x| **x).count();
        self.tickets_left = self.rules().scenario.walkin.tickets_per_day;
        self.record_roster(day, open, weekday);
        self.start_enquiry_day(now, day);
    }

    /// Slot time published and booked on `day`, in minutes (published, booked): each grid's
    /// desks as the roster knew them when its tool released the day.
    fn slot_minutes(&self, day: usize) -> (f64, f64) {
        let known_day = |g: usize| day as i64 - self.plan.grid_rules(g).horizon_days as i64;
        self.portal.day_minutes(day, &|g, day| self.publishing(g, day, known_day(g)))
    }

    /// The day's working time per group, by the identity contract + extra − time off =
    /// worked + closed + vacation + training + sick (see `model::roster`).
    fn record_roster(&mut self, day: usize, open: bool, weekday: usize) {
        let plan = self.plan;
        self.rec.staff.count_day(day, open);
        for (g, group) in plan.scenario.staff.iter().enumerate() {
            let mut row = StaffDay { positions_fte: group.positions_fte, ..Default::default() };
            let mut trainees = 0.0;
            let mut paid_extra_min = 0.0;
            for (d, desk) in plan.desks.iter().enumerate().filter(|(_, x)| x.group == g) {
                if !self.staff.employed(d, day as i64) {
                    continue;
                }
                row.employed_fte += desk.fte;
                let duty = self.staff.duty(d, day, weekday);
                row.contract_min += duty.contract_min;
                row.extra_min += duty.extra_min;
                row.time_off_min += duty.time_off_min;
                let due = duty.minutes();
                if due <= 0.0 {
                    continue;
                }
                if !open {
                    row.closed_min += due;
                    continue;
                }
                row.scheduled_fte += desk.fte;
                match self.staff.absence(d, day) {
                    Some(Absence::Vacation) => row.vacation_min += due,
                    Some(Absence::Training) => row.training_min += due,
                    Some(Absence::Sick) => {
                        row.sick_min += due;
                        row.sick_fte += desk.fte;
                    }
                    None => {
                        let state = self.desks[d];
                        row.worked_min += due;
                        row.present += 1;
                        row.present_fte += desk.fte;
                        row.productive_min += due * state.productivity;
                        if state.productivity < 1.0 {
                            trainees += 1.0;
                        }
                        row.counter_open_min += state.counter_min;
                        if plan.roster.extra_paid {
                            paid_extra_min += duty.extra_min;
                        }
                    }
                }
            }
            row.productive_min =
                (row.productive_min - trainees * group.ramp.mentor_share * group.minutes_per_day as f64).max(0.0);
            self.rec.staff.roster(day, g, row, open);
            self.rec.staff.paid_extra(day, g, paid_extra_min);
            self.rec.counter_on_duty(day, row.counter_open_min);
        }
    }

    /// Work of `desk` (a walk-in desk if `walkin`) in [start, end) outside its hours at the
    /// counter (its span of the day's windows, and of the next day's when the work runs past
    /// midnight): overtime after its hours or through a break.
    #[inline]
    pub(super) fn overtime_ms(&self, desk: usize, walkin: bool, start: SimTime, end: SimTime) -> SimTime {
        let state = &self.desks[desk];
        let mut within = self.time_in_hours(walkin, self.today, (state.hours_start_ms, state.hours_end_ms), start, end);
        let tomorrow = self.today + 1;
        if end > tomorrow as SimTime * MS_PER_DAY && tomorrow < self.plan.calendar.len() {
            let base = tomorrow as SimTime * MS_PER_DAY;
            let (_, (a, b)) = self.counter_hours(desk, tomorrow);
            let span = (base + a as SimTime * MS_PER_MIN, base + b as SimTime * MS_PER_MIN);
            within += self.time_in_hours(walkin, tomorrow, span, start, end);
        }
        end - start - within
    }

    /// The part of [start, end) in `day`'s counter windows within `span`.
    #[inline(always)]
    fn time_in_hours(
        &self,
        walkin: bool,
        day: usize,
        (from, to): (SimTime, SimTime),
        start: SimTime,
        end: SimTime,
    ) -> SimTime {
        let base = day as SimTime * MS_PER_DAY;
        let windows = if walkin { &self.plan.walkin_windows[day] } else { &self.plan.calendar.days[day].windows };
        windows
            .iter()
            .map(|w| {
                let a = (base + w.start_min as SimTime * MS_PER_MIN).max(from);
                let b = (base + w.end_min as SimTime * MS_PER_MIN).min(to);
                (end.min(b) - start.max(a)).max(0)
            })
            .sum()
    }

    /// Midnight: the back office's day, then the day's closing records.
    pub(super) fn end_of_day(&mut self, day: usize) {
        self.run_back_office(day);
        self.rec.staff.close_day(day);
        if day >= self.plan.scenario.simulation.warmup_days as usize {
            let costs = &self.rules().scenario.costs;
            self.rec.costs.close_day(self.rec.staff.days.at(day), costs);
        }
        let slots = self.slot_minutes(day);
        // Undecided applications: waiting, and partly worked by a group (`in_progress`).
        let backlog = self.backlogs.count + self.in_progress.iter().flatten().count();
        self.rec.end_of_day(day, self.walkin.len(), self.pending, backlog, slots);
        if day < self.rec.days.run_days() {
            let (next_free, next_free_max) = self.rec.portal.close_day(day, &self.plan.case_horizon_days);
            let today = self.rec.days.at(day);
            (today.portal_next_free_days, today.portal_next_free_days_max) = (next_free, next_free_max);
        }
        let now = ((day + 1) as SimTime * MS_PER_DAY).min(self.end);
        let h = &self.rec.permits.holders;
        let holders = h.start + h.arrivals - h.departures;
        let permits = &self.plan.scenario.permits;
        let cleared_from = permits.backlog_cleared_from.map_or(0, |d| self.plan.scenario.day_of(d).max(0) as usize);
        let cleared = (cleared_from, permits.backlog_cleared_below);
        self.rec.permits.end_of_day(day, backlog, self.backlogs.mean_age_days(now), holders, cleared);
    }

    /// At a tool's release time: how many days until the next free slot, per case type
    /// booking through it (tool 0: `[portal]`, t + 1: booking tool t).
    pub(super) fn probe_portal(&mut self, now: SimTime, day: u32, tool: u16) {
        let plan = self.plan;
        let tool = (tool as usize).checked_sub(1);
        let horizon = plan.scenario.tool_rules(tool).horizon_days as f64;
        let today = day as i64;
        for (c, case) in plan.scenario.case_types.iter().enumerate() {
            if case.portal_share <= 0.0 || case.booking_tool != tool {
                continue;
            }
            let found = self.find_slot(now, c);
            // Booked out beyond the horizon counts as one day more than the horizon.
            let days = found.map_or(horizon + 1.0, |b| (b.day as i64 - today) as f64);
            self.rec.portal.next_free(now, c, days);
        }
    }

    /// Schedules the planning of a fixed-count case type's arrivals for `day`, at the start of
    /// its earliest window (the evening before, when a window starts then).
    pub(super) fn schedule_plan_arrivals(&mut self, case: u16, day: u32) {
        if day >= self.plan.scenario.simulation.days {
            return;
        }
        let first = self.plan.scenario.case_types[case as usize].arrivals.windows.first().map_or(0, |w| w.start_min);
        let at = (day as SimTime * MS_PER_DAY + first as SimTime * MS_PER_MIN).max(self.events.now());
        self.schedule(at, Event::PlanArrivals { case, day });
    }

    pub(super) fn plan_arrivals(&mut self, now: SimTime, case: u16, day: u32) {
        let c = case as usize;
        let spec = &self.plan.scenario.case_types[c];
        if let ArrivalProcess::FixedDaily { count } = spec.arrivals.process {
            if is_active_day(spec.arrivals.days, &self.plan.calendar, day as usize) {
                let times = fixed_daily_times(&spec.arrivals, day, count, &mut self.arrival_rng[c]);
                self.events
                    .schedule_batch(times.into_iter().map(|t| (t.max(now), Event::PlannedArrival { case }.pack())));
            }
        }
        self.schedule_plan_arrivals(case, day + 1);
    }
}
