//! Staff as they really are: desks whose occupants come and go, and who are absent on some
//! days (sick leave, vacation, training) or work part-time.
//!
//! Each replication draws the whole staff timeline at its start from the staff streams:
//! employment spells (initial staff, hires, quits and replacements), sickness episodes,
//! vacation weeks and training days. The model then asks two questions: is the desk's
//! occupant *planned* to be present on a day, as known at some moment (the roster that
//! publishes slots), and is the occupant *actually* present (sickness and unannounced quits
//! included).

use crate::calendar::Calendar;
use crate::rng::{stream, StreamKind, StreamRng};
use crate::scenario::{Scenario, StaffGroup};
use chrono::Datelike;
use rand::Rng;

/// Day flags of one desk.
const SICK: u8 = 1;
const VACATION: u8 = 2;
const TRAINING: u8 = 4;

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
    /// Weekdays (Monday = 0) this desk works.
    pub weekdays: [bool; 7],
    /// Employment before any quit: (start day, end day, announced day, end known day, ramp).
    pub base: Spell,
}

/// Plans every desk of every group (no randomness: head counts, part-time patterns, hires).
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
        for (i, fte) in initial_ftes(group).into_iter().enumerate() {
            desks.push(DeskPlan { group: g, fte, weekdays: part_time_days(fte, desks.len() + i), base: open_ended });
        }
        for hire in &group.hires {
            let decided = s.day_of(hire.date);
            let start = decided + group.recruiting_delay_days as i64;
            let (end, end_known) = match hire.until {
                Some(u) => (s.day_of(u), decided),
                None => (i64::MAX, i64::MAX),
            };
            for _ in 0..hire.count {
                let n = desks.len();
                desks.push(DeskPlan {
                    group: g,
                    fte: hire.fte,
                    weekdays: part_time_days(hire.fte, n),
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

/// FTEs of the people employed at the start: `filled_fte` split into full- and part-timers.
fn initial_ftes(group: &StaffGroup) -> Vec<f64> {
    let share = group.part_time_share;
    let per_person = 1.0 - share + share * group.part_time_fte;
    let people = (group.filled_fte / per_person).round() as usize;
    let part = (share * people as f64).round() as usize;
    (0..people).map(|i| if i < people - part { 1.0 } else { group.part_time_fte }).collect()
}

/// Which weekdays a person with this FTE works: round(5 fte) of Monday-Friday, rotated by
/// desk so a group's part-timers cover the week evenly. Saturdays follow the office calendar.
fn part_time_days(fte: f64, desk: usize) -> [bool; 7] {
    let n = ((fte * 5.0).round() as usize).clamp(1, 5);
    let mut days = [false, false, false, false, false, true, true];
    for k in 0..n {
        days[(desk + k) % 5] = true;
    }
    days
}

/// One replication's staff: spells and day flags of every desk.
#[derive(Debug, Clone)]
pub struct Staff {
    pub desks: Vec<DeskPlan>,
    spells: Vec<Vec<Spell>>,
    flags: Vec<Vec<u8>>,
    ramp: Vec<(f64, f64)>,
}

impl Staff {
    /// Draws the staff timeline of a replication over `calendar` (run plus horizon).
    pub fn draw(
        s: &Scenario,
        desks: &[DeskPlan],
        calendar: &Calendar,
        sick_mean_days: &[f64],
        replication: u32,
    ) -> Staff {
        let days = calendar.len() as i64;
        let mut spells = Vec::with_capacity(desks.len());
        let mut flags = Vec::with_capacity(desks.len());
        for (d, desk) in desks.iter().enumerate() {
            let group = &s.staff[desk.group];
            let mut rng = stream(s.simulation.seed, replication as u64, StreamKind::Staff, desk.group as u64, d as u64);
            spells.push(draw_spells(group, desk, days, &mut rng));
            let mut f = vec![0u8; days as usize];
            draw_planned_absence(group, desk, calendar, &mut f, &mut rng);
            if let Some(sick) = &group.sick_leave {
                let mut sick_rng =
                    stream(s.simulation.seed, replication as u64, StreamKind::Sickness, desk.group as u64, d as u64);
                draw_sickness(s, sick, sick_mean_days[desk.group], &mut f, &mut sick_rng);
            }
            flags.push(f);
        }
        let ramp = s.staff.iter().map(|g| (g.ramp.start_productivity, g.ramp.weeks)).collect();
        Staff { desks: desks.to_vec(), spells, flags, ramp }
    }

    fn spell_on(&self, desk: usize, day: i64) -> Option<&Spell> {
        self.spells[desk].iter().find(|s| s.start_day <= day && day < s.end_day)
    }

    /// Employed on `day` (actual).
    pub fn employed(&self, desk: usize, day: i64) -> bool {
        self.spell_on(desk, day).is_some()
    }

    /// Scheduled to work on `day`: employed and the day is one of the desk's weekdays.
    pub fn scheduled(&self, desk: usize, day: usize, weekday: usize) -> bool {
        self.desks[desk].weekdays[weekday] && self.employed(desk, day as i64)
    }

    /// Actually at work on `day`.
    pub fn present(&self, desk: usize, day: usize, weekday: usize) -> bool {
        self.scheduled(desk, day, weekday) && self.flags[desk].get(day).is_some_and(|f| *f == 0)
    }

    /// Planned to be at work on `day`, as the roster knew it on `known_day`: sickness and
    /// quits not yet announced are unknown; vacation, training and hires are planned.
    pub fn planned(&self, desk: usize, day: usize, weekday: usize, known_day: i64) -> bool {
        if !self.desks[desk].weekdays[weekday]
            || self.flags[desk].get(day).is_some_and(|f| f & (VACATION | TRAINING) != 0)
        {
            return false;
        }
        let day = day as i64;
        self.spells[desk].iter().any(|s| {
            let end = if s.end_known_day <= known_day { s.end_day } else { i64::MAX };
            s.announced_day <= known_day && s.start_day <= day && day < end
        })
    }

    /// Absent through sickness on a scheduled day.
    pub fn sick(&self, desk: usize, day: usize) -> bool {
        self.flags[desk].get(day).is_some_and(|f| f & SICK != 0)
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

/// Vacation weeks (weighted by month) and single training days, known in advance.
fn draw_planned_absence(
    group: &StaffGroup,
    desk: &DeskPlan,
    calendar: &Calendar,
    flags: &mut [u8],
    rng: &mut StreamRng,
) {
    for year in &calendar.years {
        let (in_year, mondays) = (&year.days, &year.mondays);
        let share_of_year = in_year.len() as f64 / 365.0;
        let weeks = group.vacation_days_per_year * share_of_year / 5.0;
        let n_weeks = weeks.floor() as usize + usize::from(rng.random::<f64>() < weeks.fract());
        if n_weeks > 0 {
            place_vacation_weeks(group, calendar, mondays, n_weeks, flags, rng);
        }
        let training = group.training_days_per_year * share_of_year;
        let n_training = training.floor() as usize + usize::from(rng.random::<f64>() < training.fract());
        if n_training == 0 {
            continue;
        }
        let workdays: Vec<usize> = in_year
            .iter()
            .copied()
            .filter(|&d| desk.weekdays[calendar.days[d].weekday.num_days_from_monday() as usize])
            .collect();
        for _ in 0..n_training {
            if workdays.is_empty() {
                break;
            }
            flags[workdays[rng.random_range(0..workdays.len())]] |= TRAINING;
        }
    }
}

/// `n_weeks` distinct vacation weeks, each starting on one of `mondays`, drawn by month weight.
fn place_vacation_weeks(
    group: &StaffGroup,
    calendar: &Calendar,
    mondays: &[usize],
    n_weeks: usize,
    flags: &mut [u8],
    rng: &mut StreamRng,
) {
    let weights: Vec<f64> =
        mondays.iter().map(|&d| group.vacation_month_weights[calendar.days[d].date.month0() as usize]).collect();
    let mut chosen = vec![false; mondays.len()];
    for _ in 0..n_weeks.min(mondays.len()) {
        let total: f64 = weights.iter().zip(&chosen).filter(|(_, c)| !**c).map(|(w, _)| w).sum();
        if total <= 0.0 {
            break;
        }
        let mut u = rng.random::<f64>() * total;
        if let Some(k) = (0..mondays.len()).filter(|&k| !chosen[k]).find(|&k| {
            u -= weights[k];
            u < 0.0
        }) {
            chosen[k] = true;
            for f in flags.iter_mut().skip(mondays[k]).take(5) {
                *f |= VACATION;
            }
        }
    }
}

/// Sickness episodes in calendar days: on each healthy day an episode starts with the
/// probability that gives the long-run absence share; its length is the drawn duration
/// rounded up to whole days. Waves multiply the onset hazard. The process starts
/// `BURN_IN_DAYS` before day 0, so the run starts in the long-run state, not with everyone healthy.
fn draw_sickness(
    s: &Scenario,
    sick: &crate::scenario::SickLeave,
    mean_days: f64,
    flags: &mut [u8],
    rng: &mut StreamRng,
) {
    const BURN_IN_DAYS: i64 = 120;
    let base = onset_probability(sick.absence_share, mean_days);
    let waves: Vec<(i64, i64, f64)> =
        sick.waves.iter().map(|w| (s.day_of(w.start), s.day_of(w.start) + w.days as i64, w.onset_factor)).collect();
    // The same expression as with waves (factor 1), so results do not depend on the shortcut.
    let plain = 1.0 - (1.0 - base).powf(1.0);
    let mut day = -BURN_IN_DAYS;
    while day < flags.len() as i64 {
        let p = if waves.is_empty() {
            plain
        } else {
            let factor = waves.iter().filter(|(a, b, _)| *a <= day && day < *b).map(|w| w.2).product::<f64>();
            1.0 - (1.0 - base).powf(factor)
        };
        if rng.random::<f64>() < p {
            let length = sick_days(&sick.duration_days, rng) as i64;
            for d in day.max(0)..(day + length).min(flags.len() as i64) {
                flags[d as usize] |= SICK;
            }
            day += length;
        } else {
            day += 1;
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
    fn onset_probability_gives_the_absence_share() {
        let p = onset_probability(0.08, 7.0);
        let healthy = (1.0 - p) / p;
        assert!((7.0 / (7.0 + healthy) - 0.08).abs() < 1e-12);
    }

    #[test]
    fn part_time_patterns_rotate() {
        assert_eq!(part_time_days(1.0, 3), [true, true, true, true, true, true, true]);
        assert_eq!(part_time_days(0.5, 0), [true, true, true, false, false, true, true]);
        assert_eq!(part_time_days(0.5, 3), [true, false, false, true, true, true, true]);
    }

    #[test]
    fn initial_staff_matches_filled_fte() {
        let mut g = StaffGroup::simple("x", 10, Default::default(), vec![]);
        g.filled_fte = 8.5;
        g.part_time_share = 0.3;
        g.part_time_fte = 0.5;
        let ftes = initial_ftes(&g);
        let total: f64 = ftes.iter().sum();
        assert_eq!(ftes.len(), 10);
        assert!((total - 8.5).abs() < 0.51, "{total}");
    }
}
