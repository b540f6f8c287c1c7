//! Staff as they really are: desks whose occupants come and go, and who are absent on some
//! days (sick leave, vacation, training) or work part-time.
//!
//! Each replication draws its staff timeline from the staff streams: employment spells
//! (initial staff, hires, quits and replacements) at its start; vacation weeks, training days
//! and sickness episodes a calendar year at a time, as the run's booking horizon reaches the
//! year. A desk's days are dropped once passed, so memory does not grow with the run's
//! length; each desk's streams are drawn in the same order either way. The model then asks two questions:
//! is the desk's occupant *planned* to be present on a day, as known at some moment (the
//! roster that publishes slots), and is the occupant *actually* present (sickness and
//! unannounced quits included).

use super::roster::{Duty, Roster};
use crate::calendar::{Calendar, CalendarYear};
use crate::rng::{stream, StreamKind, StreamRng};
use crate::scenario::{Scenario, StaffGroup};
use chrono::Datelike;
use rand::Rng;

/// Day flags of one desk.
const SICK: u8 = 1;
const VACATION: u8 = 2;
const TRAINING: u8 = 4;

/// Why someone on duty is away (office closures are the calendar's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absence {
    Vacation,
    Training,
    Sick,
}

/// A desk's occupant for a stretch of days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spell {
    pub start_day: i64,
    /// First day no longer employed (i64::MAX: open-ended).
    pub end_day: i64,
    /// The day the spell became known to the roster (hiring decision, or the quit that needs a replacement).
    pub announced_day: i64,
    /// The day the end became known (a quit is known when it happens; a temporary contract from the start).
    pub end_known_day: i64,
    /// Starts with the onboarding ramp.
    pub ramp: bool,
}

/// Desks the plan knows of: the initial staff and every planned hire, per group.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskPlan {
    pub group: usize,
    pub fte: f64,
    /// Employment before any quit: (start day, end day, announced day, end known day, ramp).
    pub base: Spell,
}

/// Plans every desk of every group (no randomness: people and their FTE, hires).
pub fn plan_desks(s: &Scenario) -> Vec<DeskPlan> {
    let mut desks = Vec::new();
    for (g, group) in s.staff.iter().enumerate() {
        let open_ended = Spell {
            start_day: i64::MIN / 4,
            end_day: i64::MAX,
            announced_day: i64::MIN / 4,
            end_known_day: i64::MAX,
            ramp: false,
        };
        for fte in group.initial_ftes() {
            desks.push(DeskPlan { group: g, fte, base: open_ended });
        }
        for hire in &group.hires {
            let decided = s.day_of(hire.date);
            let start = decided + group.recruiting_delay_days as i64;
            let (end, end_known) = match hire.until {
                Some(u) => (s.day_of(u), decided),
                None => (i64::MAX, i64::MAX),
            };
            for _ in 0..hire.count {
                desks.push(DeskPlan {
                    group: g,
                    fte: hire.fte,
                    base: Spell {
                        start_day: start,
                        end_day: end,
                        announced_day: decided,
                        end_known_day: end_known,
                        ramp: hire.ramp,
                    },
                });
            }
        }
    }
    desks
}

/// One replication's staff: spells and day flags of every desk.
#[derive(Debug)]
pub struct Staff<'p> {
    scenario: &'p Scenario,
    calendar: &'p Calendar,
    sick_mean_days: &'p [f64],
    pub desks: &'p [DeskPlan],
    roster: &'p Roster,
    spells: Vec<Vec<Spell>>,
    /// Per desk: the day flags from `first` on.
    days: Vec<DeskDays>,
    first: usize,
    /// The calendar years drawn so far, and the first day after them.
    years: usize,
    drawn_until: usize,
    /// Days ahead of today the model may ask about (the booking horizon, and tomorrow).
    lookahead: usize,
    ramp: Vec<(f64, f64)>,
}

/// A desk's day flags, drawn a calendar year at a time, and the streams they come from.
#[derive(Debug, Clone)]
struct DeskDays {
    /// Flags of the days from `Staff::first`, at least up to `Staff::drawn_until`. Later days
    /// hold only what a vacation week or sickness episode of an earlier year carried into them.
    flags: Vec<u8>,
    /// The desk's stream, after its employment spells: vacation and training, year by year.
    rng: StreamRng,
    /// Sickness: its stream and the next day an episode may start.
    sickness: Option<(StreamRng, i64)>,
}

impl DeskDays {
    /// Flags a day, `first` being the day of `flags[0]` (days already dropped are passed:
    /// nothing asks about them again).
    fn set(&mut self, first: usize, day: usize, flag: u8) {
        let Some(i) = day.checked_sub(first) else { return };
        if i >= self.flags.len() {
            self.flags.resize(i + 1, 0);
        }
        self.flags[i] |= flag;
    }
}

/// Days kept behind the current one before they are dropped (dropped a year at a time, so
/// that dropping costs nothing per day).
const KEEP_PASSED_DAYS: usize = 366;

impl<'p> Staff<'p> {
    /// Draws the employment spells of a replication over `calendar` (run plus horizon), and
    /// the day flags as far as day 0's booking horizon reaches.
    pub fn draw(
        s: &'p Scenario,
        desks: &'p [DeskPlan],
        roster: &'p Roster,
        calendar: &'p Calendar,
        sick_mean_days: &'p [f64],
        replication: u32,
    ) -> Staff<'p> {
        let days = calendar.len() as i64;
        let mut spells = Vec::with_capacity(desks.len());
        let mut desk_days = Vec::with_capacity(desks.len());
        for (d, desk) in desks.iter().enumerate() {
            let group = &s.staff[desk.group];
            let mut rng = stream(s.simulation.seed, replication as u64, StreamKind::Staff, desk.group as u64, d as u64);
            spells.push(draw_spells(group, desk, days, &mut rng));
            let sickness = group.sick_leave.as_ref().map(|_| {
                let rng =
                    stream(s.simulation.seed, replication as u64, StreamKind::Sickness, desk.group as u64, d as u64);
                (rng, -SICK_BURN_IN_DAYS)
            });
            desk_days.push(DeskDays { flags: Vec::new(), rng, sickness });
        }
        let mut staff = Staff {
            scenario: s,
            calendar,
            sick_mean_days,
            desks,
            roster,
            spells,
            days: desk_days,
            first: 0,
            years: 0,
            drawn_until: 0,
            lookahead: s.longest_horizon_days() as usize + 1,
            ramp: s.staff.iter().map(|g| (g.ramp.start_productivity, g.ramp.weeks)).collect(),
        };
        staff.start_day(0);
        staff
    }

    /// A new day: the days the model may now ask about are drawn, and those long passed dropped.
    pub fn start_day(&mut self, today: usize) {
        self.draw_through(today + self.lookahead);
        if today >= self.first + 2 * KEEP_PASSED_DAYS {
            let drop = today - KEEP_PASSED_DAYS - self.first;
            for days in &mut self.days {
                days.flags.drain(..drop);
            }
            self.first += drop;
        }
    }

    /// Draws every desk's days up to `last_day` (or the calendar's end), a year at a time.
    pub fn draw_through(&mut self, last_day: usize) {
        let last_day = last_day.min(self.calendar.len() - 1);
        let (s, calendar, sick_mean_days, roster) = (self.scenario, self.calendar, self.sick_mean_days, self.roster);
        while last_day >= self.drawn_until {
            let year = &calendar.years[self.years];
            let end = year.end();
            for (d, (desk, days)) in self.desks.iter().zip(&mut self.days).enumerate() {
                let works = |day: usize| {
                    let weekday = calendar.days[day].weekday.num_days_from_monday() as usize;
                    roster.duty(d, day, weekday).contract_min > 0.0
                };
                draw_year(s, calendar, sick_mean_days, desk, &works, year, self.first, days);
                // Every drawn day gets its place, so that a query is one look-up (see `flags`).
                if days.flags.len() < end - self.first {
                    days.flags.resize(end - self.first, 0);
                }
            }
            self.years += 1;
            self.drawn_until = end;
        }
    }

    /// The flags of a desk's day (None past the calendar).
    #[inline(always)]
    fn flags(&self, desk: usize, day: usize) -> Option<u8> {
        // A day before `first` wraps around past the end of the flags.
        match self.days[desk].flags.get(day.wrapping_sub(self.first)) {
            Some(&f) if day < self.drawn_until => Some(f),
            _ => self.flags_not_drawn(day),
        }
    }

    #[cold]
    #[inline(never)]
    fn flags_not_drawn(&self, day: usize) -> Option<u8> {
        assert!(
            day >= self.calendar.len(),
            "staff day {day} asked outside the days drawn ({} to {})",
            self.first,
            self.drawn_until
        );
        None
    }

    fn spell_on(&self, desk: usize, day: i64) -> Option<&Spell> {
        self.spells[desk].iter().find(|s| s.start_day <= day && day < s.end_day)
    }

    /// Employed on `day` (actual).
    pub fn employed(&self, desk: usize, day: i64) -> bool {
        self.spell_on(desk, day).is_some()
    }

    /// The desk's duty on `day` by the roster (whether or not anyone holds the desk).
    pub fn duty(&self, desk: usize, day: usize, weekday: usize) -> Duty {
        self.roster.duty(desk, day, weekday)
    }

    /// Scheduled to work on `day`: employed and on duty.
    pub fn scheduled(&self, desk: usize, day: usize, weekday: usize) -> bool {
        self.duty(desk, day, weekday).minutes() > 0.0 && self.employed(desk, day as i64)
    }

    /// Why a desk's occupant is away on `day`, if it is: vacation before training before
    /// sickness (a day counts once).
    pub fn absence(&self, desk: usize, day: usize) -> Option<Absence> {
        let f = self.flags(desk, day)?;
        match () {
            _ if f & VACATION != 0 => Some(Absence::Vacation),
            _ if f & TRAINING != 0 => Some(Absence::Training),
            _ if f & SICK != 0 => Some(Absence::Sick),
            _ => None,
        }
    }

    /// Actually at work on `day`.
    pub fn present(&self, desk: usize, day: usize, weekday: usize) -> bool {
        self.scheduled(desk, day, weekday) && self.flags(desk, day) == Some(0)
    }

    /// Planned to be at work on `day`, as the roster knew it on `known_day`: sickness and
    /// quits not yet announced are unknown; vacation, training and hires are planned.
    pub fn planned(&self, desk: usize, day: usize, weekday: usize, known_day: i64) -> bool {
        if self.duty(desk, day, weekday).minutes() <= 0.0
            || self.flags(desk, day).is_some_and(|f| f & (VACATION | TRAINING) != 0)
        {
            return false;
        }
        let day = day as i64;
        self.spells[desk].iter().any(|s| {
            let end = if s.end_known_day <= known_day { s.end_day } else { i64::MAX };
            s.announced_day <= known_day && s.start_day <= day && day < end
        })
    }

    /// Productivity on `day` (1 after the ramp; trainees less).
    pub fn productivity(&self, desk: usize, day: i64) -> f64 {
        match self.spell_on(desk, day) {
            Some(s) if s.ramp => {
                let (p0, weeks) = self.ramp[self.desks[desk].group];
                if weeks <= 0.0 {
                    1.0
                } else {
                    (p0 + (1.0 - p0) * (day - s.start_day) as f64 / (7.0 * weeks)).min(1.0)
                }
            }
            Some(_) => 1.0,
            None => 0.0,
        }
    }
}

/// Employment spells: the planned one, cut short by quits and followed by replacements.
fn draw_spells(group: &StaffGroup, desk: &DeskPlan, days: i64, rng: &mut StreamRng) -> Vec<Spell> {
    let mut out = Vec::new();
    let mut spell = desk.base;
    let temporary = spell.end_known_day <= spell.announced_day.max(spell.start_day) && spell.end_day != i64::MAX;
    loop {
        if group.quit_rate_per_year <= 0.0 || temporary {
            out.push(spell);
            return out;
        }
        let from = spell.start_day.max(0);
        let quit = from + (-rng.random::<f64>().ln() / group.quit_rate_per_year * 365.0).ceil() as i64;
        if quit >= spell.end_day.min(days) {
            out.push(spell);
            return out;
        }
        out.push(Spell { end_day: quit, end_known_day: quit, ..spell });
        let start = quit + group.replacement_delay_days as i64;
        spell = Spell { start_day: start, end_day: i64::MAX, announced_day: quit, end_known_day: i64::MAX, ramp: true };
        if start >= days {
            out.push(spell);
            return out;
        }
    }
}

/// A desk's days of `year`: vacation weeks, training days, then sickness up to the year's
/// end. `first` is the day of the desk's first flag.
#[allow(clippy::too_many_arguments)]
fn draw_year(
    s: &Scenario,
    calendar: &Calendar,
    sick_mean_days: &[f64],
    desk: &DeskPlan,
    works: &dyn Fn(usize) -> bool,
    year: &CalendarYear,
    first: usize,
    days: &mut DeskDays,
) {
    let group = &s.staff[desk.group];
    draw_planned_absence(group, works, calendar, year, first, days);
    if let (Some(sick), Some((rng, next))) = (&group.sick_leave, &mut days.sickness) {
        let mut episodes = Vec::new();
        draw_sickness(s, sick, sick_mean_days[desk.group], next, year.end() as i64, rng, &mut episodes);
        for (from, to) in episodes {
            for day in from.max(0)..to.min(calendar.len() as i64) {
                days.set(first, day as usize, SICK);
            }
        }
    }
}

/// A year's vacation weeks (weighted by month) and single training days, known in advance.
fn draw_planned_absence(
    group: &StaffGroup,
    works: &dyn Fn(usize) -> bool,
    calendar: &Calendar,
    year: &CalendarYear,
    first: usize,
    days: &mut DeskDays,
) {
    let (in_year, mondays) = (&year.days, &year.mondays);
    let share_of_year = in_year.len() as f64 / 365.0;
    let weeks = group.vacation_days_per_year * share_of_year / 5.0;
    let n_weeks = weeks.floor() as usize + usize::from(days.rng.random::<f64>() < weeks.fract());
    if n_weeks > 0 {
        place_vacation_weeks(group, calendar, mondays, n_weeks, first, days);
    }
    let training = group.training_days_per_year * share_of_year;
    let n_training = training.floor() as usize + usize::from(days.rng.random::<f64>() < training.fract());
    if n_training == 0 {
        return;
    }
    let workdays: Vec<usize> = in_year.iter().copied().filter(|&d| works(d)).collect();
    for _ in 0..n_training {
        if workdays.is_empty() {
            break;
        }
        let day = workdays[days.rng.random_range(0..workdays.len())];
        days.set(first, day, TRAINING);
    }
}

/// `n_weeks` distinct vacation weeks, each starting on one of `mondays`, drawn by month weight
/// (a week may run into the next year).
fn place_vacation_weeks(
    group: &StaffGroup,
    calendar: &Calendar,
    mondays: &[usize],
    n_weeks: usize,
    first: usize,
    days: &mut DeskDays,
) {
    let weights: Vec<f64> =
        mondays.iter().map(|&d| group.vacation_month_weights[calendar.days[d].date.month0() as usize]).collect();
    let mut chosen = vec![false; mondays.len()];
    for _ in 0..n_weeks.min(mondays.len()) {
        let total: f64 = weights.iter().zip(&chosen).filter(|(_, c)| !**c).map(|(w, _)| w).sum();
        if total <= 0.0 {
            break;
        }
        let mut u = days.rng.random::<f64>() * total;
        if let Some(k) = (0..mondays.len()).filter(|&k| !chosen[k]).find(|&k| {
            u -= weights[k];
            u < 0.0
        }) {
            chosen[k] = true;
            for day in mondays[k]..(mondays[k] + 5).min(calendar.len()) {
                days.set(first, day, VACATION);
            }
        }
    }
}

/// How long the sickness process runs before day 0, so that the run starts in the long-run
/// state, not with everyone healthy.
const SICK_BURN_IN_DAYS: i64 = 120;

/// Sickness episodes in calendar days, from `*day` until `limit`: on each healthy day an
/// episode starts with the probability that gives the long-run absence share; its length is
/// the drawn duration rounded up to whole days. Waves multiply the onset hazard. Pushes each
/// episode's (first day, day after) and leaves `*day` at the next day an episode may start.
fn draw_sickness(
    s: &Scenario,
    sick: &crate::scenario::SickLeave,
    mean_days: f64,
    day: &mut i64,
    limit: i64,
    rng: &mut StreamRng,
    episodes: &mut Vec<(i64, i64)>,
) {
    let base = onset_probability(sick.absence_share, mean_days);
    let waves: Vec<(i64, i64, f64)> =
        sick.waves.iter().map(|w| (s.day_of(w.start), s.day_of(w.start) + w.days as i64, w.onset_factor)).collect();
    // The same expression as with waves (factor 1), so results do not depend on the shortcut.
    let plain = 1.0 - (1.0 - base).powf(1.0);
    while *day < limit {
        let p = if waves.is_empty() {
            plain
        } else {
            let factor = waves.iter().filter(|(a, b, _)| *a <= *day && *day < *b).map(|w| w.2).product::<f64>();
            1.0 - (1.0 - base).powf(factor)
        };
        if rng.random::<f64>() < p {
            let length = sick_days(&sick.duration_days, rng) as i64;
            episodes.push((*day, *day + length));
            *day += length;
        } else {
            *day += 1;
        }
    }
}

/// An episode's length in whole days (at least one).
pub fn sick_days(duration: &crate::dist::Dist, rng: &mut StreamRng) -> usize {
    (duration.sample(rng).ceil() as usize).max(1)
}

/// Daily onset probability p such that sick days / all days = share when episodes last
/// `mean_days` on average: healthy stretches last (1 - p) / p days on average, so
/// share = mean / (mean + (1 - p) / p).
pub fn onset_probability(share: f64, mean_days: f64) -> f64 {
    1.0 / (1.0 + mean_days * (1.0 - share) / share)
}

/// The mean whole-day episode length of a duration distribution, estimated once per
/// scenario from a fixed stream (so it is the same in every replication).
pub fn mean_sick_days(duration: &crate::dist::Dist) -> f64 {
    let mut rng = stream(0, 0, StreamKind::Staff, u64::MAX, 0);
    let n = 200_000;
    (0..n).map(|_| sick_days(duration, &mut rng) as f64).sum::<f64>() / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawing_year_by_year_and_dropping_passed_days_changes_no_day() {
        use crate::scenario::{load_file, parse_override};
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/district-office.toml");
        let overrides = [parse_override("simulation.days=1200").unwrap()];
        let plan = crate::model::Plan::new(load_file(&path, &overrides).unwrap().scenario);
        let draw = || Staff::draw(&plan.scenario, &plan.desks, &plan.roster, &plan.calendar, &plan.sick_mean_days, 3);
        let (mut as_run, mut drawn_first) = (draw(), draw());
        let days = plan.calendar.len();
        drawn_first.draw_through(days - 1);
        let mut seen = 0;
        for day in 0..days {
            as_run.start_day(day);
            let weekday = plan.calendar.days[day].weekday.num_days_from_monday() as usize;
            for desk in 0..plan.desks.len() {
                assert_eq!(as_run.flags(desk, day), drawn_first.flags(desk, day), "desk {desk}, day {day}");
                assert_eq!(as_run.present(desk, day, weekday), drawn_first.present(desk, day, weekday));
                let known = day as i64 - 2;
                assert_eq!(as_run.planned(desk, day, weekday, known), drawn_first.planned(desk, day, weekday, known));
                seen |= as_run.flags(desk, day).unwrap();
                // The furthest day the portal may publish today.
                let ahead = (day + as_run.lookahead).min(days - 1);
                assert_eq!(as_run.flags(desk, ahead), drawn_first.flags(desk, ahead), "desk {desk}, day {ahead}");
            }
            let kept = as_run.days.iter().map(|d| d.flags.len()).max().unwrap();
            assert!(kept <= 3 * KEEP_PASSED_DAYS + as_run.lookahead, "day {day}: {kept} days kept");
        }
        assert_eq!(seen, SICK | VACATION | TRAINING, "every kind of absence occurs");
        assert_eq!(as_run.flags(0, days), None, "no flags past the calendar");
    }

    #[test]
    fn onset_probability_gives_the_absence_share() {
        let p = onset_probability(0.08, 7.0);
        let healthy = (1.0 - p) / p;
        assert!((7.0 / (7.0 + healthy) - 0.08).abs() < 1e-12);
    }
}
