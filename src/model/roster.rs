//! The duty roster: when each desk is on duty, day by day. It follows from the contract (FTE,
//! part-time pattern, working days), the extra openings the desk is rostered on, and the time
//! off that gives those minutes back. It holds no randomness: the same in every replication
//! and known in advance, so the portal publishes from it. Absences (closed days, vacation,
//! training, sickness) are laid over it by `staff`.
//!
//! Working time is conserved per desk and day:
//! contract + extra − time off = duty = worked + closed-day + vacation + training + sick minutes.

use super::staff::DeskPlan;
use crate::calendar::{Calendar, Window};
use crate::scenario::{Compensation, PartTimePattern, Rostered, Scenario};

/// A desk's duty on one day, in minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Duty {
    /// Contract time of the day (FTE x minutes_per_day on a working day, by the part-time pattern).
    pub contract_min: f64,
    /// Rostered on an extra opening.
    pub extra_min: f64,
    /// Compensatory time off for an earlier extra opening.
    pub time_off_min: f64,
}

impl Duty {
    /// Minutes the desk is due at work.
    pub fn minutes(&self) -> f64 {
        self.contract_min + self.extra_min - self.time_off_min
    }
}

/// Where a desk's counter time lies on a weekday, by its group's shifts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Counter {
    /// No shift that day: the part of the opening its duty covers.
    ByDuty,
    /// On a shift: the opening within these clock minutes, as far as its duty reaches.
    Shift(u32, u32),
    /// Not on any of that day's shifts: off the counter.
    Off,
}

/// Every desk's duty over the calendar.
#[derive(Debug, Clone)]
pub struct Roster {
    /// Per desk: contract minutes per weekday, Monday first.
    week: Vec<[f64; 7]>,
    /// Per desk: (day, minutes) of rostered extra openings, in day order.
    extra: Vec<Vec<(u32, f64)>>,
    /// Per desk: (day, minutes) of compensatory time off, in day order.
    time_off: Vec<Vec<(u32, f64)>>,
    /// Per desk: works the late part of a day whose opening is longer than its duty.
    late: Vec<bool>,
    /// Per desk and weekday: its place at the counter by the group's shifts.
    counter: Vec<[Counter; 7]>,
    /// Per desk: its duty covers every counter day of the calendar whole (no shifts, no
    /// extra openings or time off, contract days at least as long as the longest counter
    /// day of their weekday): its span is always the whole day, looked up without work.
    whole_days: Vec<bool>,
    /// Extra openings are paid as overtime (not given back as time off).
    pub extra_paid: bool,
}

/// Minutes of a (day, minutes) list on `day`.
#[inline(always)]
fn on_day(list: &[(u32, f64)], day: usize) -> f64 {
    if list.is_empty() {
        return 0.0;
    }
    match list.binary_search_by_key(&(day as u32), |e| e.0) {
        Ok(i) => list[i].1,
        Err(_) => 0.0,
    }
}

impl Roster {
    /// `longest`: per weekday, the most counter minutes (opening or walk-in hours) of a day.
    pub fn new(s: &Scenario, desks: &[DeskPlan], calendar: &Calendar, longest: [u32; 7]) -> Roster {
        let mut late = Vec::with_capacity(desks.len());
        let mut week = Vec::with_capacity(desks.len());
        let mut in_group = vec![0usize; s.staff.len()];
        for desk in desks {
            let group = &s.staff[desk.group];
            let k = in_group[desk.group];
            in_group[desk.group] += 1;
            week.push(contract_week(group.working_days, group.part_time_pattern, desk.fte, group.minutes_per_day, k));
            late.push(k % 2 == 1);
        }
        let counter = assign_shifts(s, desks, &week);
        let mut roster = Roster {
            week,
            extra: vec![Vec::new(); desks.len()],
            time_off: vec![Vec::new(); desks.len()],
            late,
            counter,
            whole_days: Vec::new(),
            extra_paid: s.extra_openings.compensation == Compensation::Paid,
        };
        roster.roster_extra_openings(s, desks, calendar);
        roster.whole_days = (0..desks.len())
            .map(|d| {
                roster.extra[d].is_empty()
                    && roster.time_off[d].is_empty()
                    && (0..7).all(|w| {
                        roster.counter[d][w] == Counter::ByDuty && roster.week[d][w].round() >= longest[w] as f64
                    })
            })
            .collect();
        roster
    }

    /// Rosters each extra opening: per listed group, desks in turn until the rostered FTE are
    /// reached, each for the whole opening; under time off, each gives the minutes back from
    /// its working days, starting on a weekday of the next week that rotates from one person
    /// to the next (Monday for the first, Tuesday for the second, ...), within the stated weeks.
    fn roster_extra_openings(&mut self, s: &Scenario, desks: &[DeskPlan], calendar: &Calendar) {
        let groups: Vec<(usize, Rostered)> = s
            .extra_openings
            .groups
            .iter()
            .filter_map(|(name, amount)| s.staff.iter().position(|g| &g.name == name).map(|g| (g, *amount)))
            .collect();
        let mut next_in_turn = vec![0usize; s.staff.len()];
        let mut rotation = 0usize;
        for (day, plan) in calendar.days.iter().enumerate() {
            if !plan.extra || !plan.is_open() {
                continue;
            }
            let minutes: f64 = plan.windows.iter().map(|w| w.len_min() as f64).sum();
            for &(g, amount) in &groups {
                let members: Vec<usize> = (0..desks.len())
                    .filter(|&d| desks[d].group == g && desks[d].base.start_day <= day as i64)
                    .filter(|&d| (day as i64) < desks[d].base.end_day)
                    .collect();
                if members.is_empty() {
                    continue;
                }
                let target = match amount {
                    Rostered::Fte(f) => f,
                    Rostered::Share(x) => x * members.iter().map(|&d| desks[d].fte).sum::<f64>(),
                };
                let (mut rostered, start) = (0.0, next_in_turn[g]);
                for i in 0..members.len() {
                    if rostered >= target - 1e-9 {
                        break;
                    }
                    let desk = members[(start + i) % members.len()];
                    rostered += desks[desk].fte;
                    self.extra[desk].push((day as u32, minutes));
                    if let Compensation::TimeOff { within_weeks } = s.extra_openings.compensation {
                        self.give_time_off(desk, day, minutes, within_weeks, rotation % 5, calendar);
                        rotation += 1;
                    }
                    next_in_turn[g] = (start + i + 1) % members.len();
                }
            }
        }
        for list in &mut self.time_off {
            list.sort_by_key(|e| e.0);
        }
    }

    /// Takes `minutes` off the desk's open working days from the `offset`-th weekday of the
    /// week after `day`, for at most `within_weeks` weeks (what finds no room is not given back).
    fn give_time_off(
        &mut self,
        desk: usize,
        day: usize,
        minutes: f64,
        within_weeks: u32,
        offset: usize,
        cal: &Calendar,
    ) {
        let weekday = cal.days[day].weekday.num_days_from_monday() as usize;
        let next_monday = day + 7 - weekday;
        let last = (day + 7 * within_weeks as usize).min(cal.len());
        let mut left = minutes;
        for d in next_monday + offset..last {
            if left <= 1e-9 {
                break;
            }
            let contract = self.week[desk][cal.days[d].weekday.num_days_from_monday() as usize];
            if contract <= 0.0 || !cal.days[d].is_open() || cal.days[d].extra {
                continue;
            }
            let list = &mut self.time_off[desk];
            let taken = list.iter().filter(|e| e.0 == d as u32).map(|e| e.1).sum::<f64>();
            let take = left.min(contract - taken);
            if take > 1e-9 {
                match list.iter_mut().find(|e| e.0 == d as u32) {
                    Some(e) => e.1 += take,
                    None => list.push((d as u32, take)),
                }
                left -= take;
            }
        }
    }

    /// The desk's duty on `day` (the calendar's day: its weekday decides the contract).
    #[inline]
    pub fn duty(&self, desk: usize, day: usize, weekday: usize) -> Duty {
        Duty {
            contract_min: self.week[desk][weekday],
            extra_min: on_day(&self.extra[desk], day),
            time_off_min: on_day(&self.time_off[desk], day),
        }
    }

    /// The clock span [start, end) of the day's counter `windows` (opening or walk-in hours)
    /// that the desk covers: on a shift, the shift's part as far as its duty reaches; off the
    /// shifts, none; without shifts (and on an extra opening), all of them when its duty is at
    /// least as long, else the early or (every second desk, unless `early_only`) the late part.
    #[inline]
    pub fn span(&self, desk: usize, day: usize, weekday: usize, windows: &[Window], early_only: bool) -> (u32, u32) {
        if self.whole_days[desk] {
            return (0, 24 * 60);
        }
        self.part_span(desk, day, weekday, windows, early_only)
    }

    /// `span` of a desk whose duty may not cover the day whole.
    fn part_span(&self, desk: usize, day: usize, weekday: usize, windows: &[Window], early_only: bool) -> (u32, u32) {
        let duty = self.duty(desk, day, weekday);
        let due = duty.minutes().round().max(0.0) as u32;
        match self.counter[desk][weekday] {
            Counter::Shift(a, b) if duty.extra_min == 0.0 => {
                let within: Vec<Window> = windows
                    .iter()
                    .filter_map(|w| {
                        let (start_min, end_min) = (w.start_min.max(a), w.end_min.min(b));
                        (start_min < end_min).then_some(Window { start_min, end_min })
                    })
                    .collect();
                match minutes_within(&within, (0, 24 * 60)) <= due {
                    true => (a, b),
                    false => (a, clock_after(&within, due)),
                }
            }
            Counter::Off if duty.extra_min == 0.0 => (0, 0),
            _ => {
                let total: u32 = windows.iter().map(Window::len_min).sum();
                if due >= total {
                    (0, 24 * 60)
                } else if self.late[desk] && !early_only {
                    (clock_after(windows, total - due), 24 * 60)
                } else {
                    (0, clock_after(windows, due))
                }
            }
        }
    }
}

/// Each group's shifts by weekday: the desks that work that weekday, in the group's order
/// (initial staff, then hires), fill the shifts in the order given until each has its FTE;
/// the rest are off the counter that day. Groups without shifts cover the opening by duty.
fn assign_shifts(s: &Scenario, desks: &[DeskPlan], week: &[[f64; 7]]) -> Vec<[Counter; 7]> {
    let mut counter = vec![[Counter::ByDuty; 7]; desks.len()];
    for (g, group) in s.staff.iter().enumerate() {
        for weekday in 0..7 {
            let shifts: Vec<_> = group.roster.iter().filter(|shift| shift.weekdays[weekday]).collect();
            if shifts.is_empty() {
                continue;
            }
            let members: Vec<usize> =
                (0..desks.len()).filter(|&d| desks[d].group == g && week[d][weekday] > 0.0).collect();
            let group_fte: f64 = members.iter().map(|&d| desks[d].fte).sum();
            let mut next = members.iter().copied();
            for &d in &members {
                counter[d][weekday] = Counter::Off;
            }
            for shift in shifts {
                let target = match shift.amount {
                    Rostered::Fte(f) => f,
                    Rostered::Share(x) => x * group_fte,
                };
                let mut on_shift = 0.0;
                while on_shift < target - 1e-9 {
                    let Some(d) = next.next() else { break };
                    counter[d][weekday] = Counter::Shift(shift.hours.start_min, shift.hours.end_min);
                    on_shift += desks[d].fte;
                }
            }
        }
    }
    counter
}

/// The clock time at which `minutes` of `windows` have passed.
fn clock_after(windows: &[Window], minutes: u32) -> u32 {
    let mut left = minutes;
    for w in windows {
        if left < w.len_min() {
            return w.start_min + left;
        }
        left -= w.len_min();
    }
    windows.last().map_or(0, |w| w.end_min)
}

/// Minutes of `windows` inside the span [start, end).
pub fn minutes_within(windows: &[Window], (start, end): (u32, u32)) -> u32 {
    windows.iter().map(|w| w.end_min.min(end).saturating_sub(w.start_min.max(start))).sum()
}

/// Contract minutes per weekday of a person with `fte` (the `k`-th of its group, which
/// rotates the days of `fewer_days`): the week sums to fte x minutes_per_day x working days.
pub fn contract_week(
    working: [bool; 7],
    pattern: PartTimePattern,
    fte: f64,
    minutes_per_day: u32,
    k: usize,
) -> [f64; 7] {
    let full = minutes_per_day as f64;
    let mut week = [0.0; 7];
    let days: Vec<usize> = (0..7).filter(|&d| working[d]).collect();
    match pattern {
        PartTimePattern::ShorterDays => {
            for &d in &days {
                week[d] = fte * full;
            }
        }
        PartTimePattern::FewerDays => {
            let day_equivalents = fte * days.len() as f64;
            let whole = (day_equivalents + 1e-9).floor() as usize;
            let rest = day_equivalents - whole as f64;
            for i in 0..days.len() {
                let d = days[(k + i) % days.len()];
                week[d] = match i {
                    i if i < whole => full,
                    i if i == whole && rest > 1e-9 => rest * full,
                    _ => 0.0,
                };
            }
        }
    }
    week
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::MONDAY_TO_FRIDAY;

    #[test]
    fn a_part_timers_week_sums_to_its_fte_in_both_patterns() {
        for pattern in [PartTimePattern::ShorterDays, PartTimePattern::FewerDays] {
            for fte in [0.3, 0.5, 0.75, 1.0] {
                for k in 0..5 {
                    let week = contract_week(MONDAY_TO_FRIDAY, pattern, fte, 468, k);
                    assert!((week.iter().sum::<f64>() - fte * 5.0 * 468.0).abs() < 1e-9, "{pattern:?} {fte} {k}");
                    assert_eq!(week[5] + week[6], 0.0);
                }
            }
        }
        assert_eq!(contract_week(MONDAY_TO_FRIDAY, PartTimePattern::ShorterDays, 0.5, 468, 0)[0], 234.0);
        // 0.5 FTE on fewer days: two full days and a half day, rotated by person.
        assert_eq!(
            contract_week(MONDAY_TO_FRIDAY, PartTimePattern::FewerDays, 0.5, 468, 3),
            [234.0, 0.0, 0.0, 468.0, 468.0, 0.0, 0.0]
        );
    }

    #[test]
    fn a_short_duty_covers_the_early_or_the_late_part_of_the_windows() {
        let w = |s: &str| Window::parse(s).unwrap();
        let windows = [w("08:00-12:00"), w("13:00-15:00")];
        let roster = |minutes: f64, counter: Counter| Roster {
            week: vec![[minutes; 7]; 2],
            extra: vec![Vec::new(); 2],
            time_off: vec![Vec::new(); 2],
            late: vec![false, true],
            counter: vec![[counter; 7]; 2],
            whole_days: vec![false; 2],
            extra_paid: false,
        };
        assert_eq!(roster(468.0, Counter::ByDuty).span(0, 0, 0, &windows, false), (0, 1440));
        assert_eq!(roster(300.0, Counter::ByDuty).span(0, 0, 0, &windows, false), (0, 13 * 60 + 60));
        assert_eq!(roster(234.0, Counter::ByDuty).span(1, 0, 0, &windows, false), (8 * 60 + 126, 1440));
        assert_eq!(roster(234.0, Counter::ByDuty).span(1, 0, 0, &windows, true), (0, 8 * 60 + 234));
        // A shift from 10:00 covers 10:00-12:00 and 13:00-15:00 with a full day's duty, and
        // only 10:00-12:00 and 13:00-14:00 with three hours.
        let shift = Counter::Shift(10 * 60, 18 * 60);
        assert_eq!(roster(468.0, shift).span(0, 0, 0, &windows, false), (600, 1080));
        assert_eq!(roster(180.0, shift).span(0, 0, 0, &windows, false), (600, 14 * 60));
        assert_eq!(roster(468.0, Counter::Off).span(0, 0, 0, &windows, false), (0, 0));
        assert_eq!(minutes_within(&windows, (0, 14 * 60)), 300);
        assert_eq!(minutes_within(&windows, (8 * 60 + 126, 1440)), 234);
    }
}
