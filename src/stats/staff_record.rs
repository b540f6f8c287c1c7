//! Staff per day and group: positions, employed, present, capacity and its use.

use super::day_series::DaySeries;
use crate::engine::{SimTime, MS_PER_DAY, MS_PER_MIN};

/// One row of `staff_daily.csv` (one group, one day).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StaffDay {
    pub positions_fte: f64,
    pub employed_fte: f64,
    /// Employed FTE scheduled to work this day (weekday and office open).
    pub scheduled_fte: f64,
    pub present_fte: f64,
    pub sick_fte: f64,
    /// Present people.
    pub present: u32,
    /// Working time (see `model::roster`): contract + extra − time off = worked + closed +
    /// vacation + training + sick.
    pub contract_min: f64,
    /// Rostered on an extra opening, and compensatory time off for one.
    pub extra_min: f64,
    pub time_off_min: f64,
    /// On duty and at work.
    pub worked_min: f64,
    /// Duty on a day the office is closed (public holiday, closure).
    pub closed_min: f64,
    pub vacation_min: f64,
    pub training_min: f64,
    pub sick_min: f64,
    /// Working minutes of the present staff, weighted by productivity, less mentoring.
    pub productive_min: f64,
    /// Desk minutes at the counter (opening or walk-in hours) and the service started there.
    pub counter_open_min: f64,
    pub counter_busy_min: f64,
    /// Counter minutes with nobody to serve, and the back-office minutes they gave.
    pub counter_idle_min: f64,
    pub idle_backoffice_min: f64,
    /// Back-office minutes available and used.
    pub backoffice_min: f64,
    pub backoffice_used_min: f64,
    /// Work beyond duty: counter work after a desk's hours, and paid extra openings.
    pub overtime_min: f64,
    /// Booked appointments cancelled because the clerk was absent.
    pub cancelled_appointments: u32,
    /// Enquiries (`[enquiries]`): agent minutes the hotline held, minutes spent answering
    /// calls, and minutes spent answering e-mails.
    pub hotline_min: f64,
    pub hotline_busy_min: f64,
    pub email_min: f64,
}

impl StaffDay {
    /// Minutes the enquiry channels took from the group's time off the counter: the
    /// hotline's hours (or its calls, where they ran longer) and the e-mails answered.
    pub fn enquiry_min(&self) -> f64 {
        self.hotline_min.max(self.hotline_busy_min) + self.email_min
    }
}

impl StaffDay {
    /// Adds another day's row (for sums over days).
    fn add(&mut self, d: &StaffDay) {
        self.positions_fte += d.positions_fte;
        self.employed_fte += d.employed_fte;
        self.scheduled_fte += d.scheduled_fte;
        self.present_fte += d.present_fte;
        self.sick_fte += d.sick_fte;
        self.present += d.present;
        self.contract_min += d.contract_min;
        self.extra_min += d.extra_min;
        self.time_off_min += d.time_off_min;
        self.worked_min += d.worked_min;
        self.closed_min += d.closed_min;
        self.vacation_min += d.vacation_min;
        self.training_min += d.training_min;
        self.sick_min += d.sick_min;
        self.productive_min += d.productive_min;
        self.counter_open_min += d.counter_open_min;
        self.counter_busy_min += d.counter_busy_min;
        self.counter_idle_min += d.counter_idle_min;
        self.idle_backoffice_min += d.idle_backoffice_min;
        self.backoffice_min += d.backoffice_min;
        self.backoffice_used_min += d.backoffice_used_min;
        self.overtime_min += d.overtime_min;
        self.cancelled_appointments += d.cancelled_appointments;
        self.hotline_min += d.hotline_min;
        self.hotline_busy_min += d.hotline_busy_min;
        self.email_min += d.email_min;
    }
}

/// Sums after the warm-up, over groups and days (working days only for absence shares).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StaffTotals {
    pub days: u64,
    pub positions_fte_days: f64,
    pub employed_fte_days: f64,
    pub present_fte_days: f64,
    pub open_days: u64,
    pub open_present_fte_days: f64,
    pub open_positions_fte_days: f64,
    pub scheduled_fte_days: f64,
    pub sick_fte_days: f64,
    pub contract_min: f64,
    pub worked_min: f64,
    pub counter_idle_min: f64,
    pub idle_backoffice_min: f64,
    pub backoffice_min: f64,
    pub backoffice_used_min: f64,
    pub overtime_min: f64,
    pub cancelled_appointments: u64,
    /// Minutes spent on enquiries (`StaffDay::enquiry_min`), counted when the day closes.
    pub enquiry_min: f64,
}

#[derive(Debug, Clone)]
pub struct StaffRecord {
    warmup_end: SimTime,
    /// Indexed by day, then staff group.
    pub days: DaySeries<Vec<StaffDay>>,
    pub totals: StaffTotals,
    /// Per group: its rows summed over the days after the warm-up (FTE fields: FTE-days).
    pub groups: Vec<StaffDay>,
    /// Per group: minutes spent on enquiries after the warm-up (`StaffDay::enquiry_min`, day by
    /// day; the sum of a day's maxima, not the maximum of the sums).
    pub group_enquiry_min: Vec<f64>,
    pub positions_fte: f64,
}

impl StaffRecord {
    /// `days`: a blank row per staff group for each day.
    pub fn new(days: DaySeries<Vec<StaffDay>>, groups: usize, warmup_end: SimTime) -> Self {
        StaffRecord {
            warmup_end,
            days,
            totals: StaffTotals::default(),
            groups: vec![StaffDay::default(); groups],
            group_enquiry_min: vec![0.0; groups],
            positions_fte: 0.0,
        }
    }

    /// A day is over: its rows join the groups' sums (after the warm-up).
    pub fn close_day(&mut self, day: usize) {
        if self.counted_day(day) {
            let rows = self.groups.iter_mut().zip(self.group_enquiry_min.iter_mut());
            for ((sum, enquiry), row) in rows.zip(self.days.at(day).iter()) {
                sum.add(row);
                *enquiry += row.enquiry_min();
                self.totals.enquiry_min += row.enquiry_min();
            }
        }
    }

    fn counted_day(&self, day: usize) -> bool {
        day as SimTime * MS_PER_DAY >= self.warmup_end
    }

    #[inline]
    fn at(&mut self, t: SimTime, group: usize) -> &mut StaffDay {
        let d = self.days.day_of(t);
        &mut self.days.at(d)[group]
    }

    /// The headcount side of a day, recorded at its start.
    pub fn roster(&mut self, day: usize, group: usize, row: StaffDay, office_open: bool) {
        let slot = &mut self.days.at(day)[group];
        *slot = StaffDay {
            counter_busy_min: slot.counter_busy_min,
            overtime_min: slot.overtime_min,
            hotline_busy_min: slot.hotline_busy_min,
            email_min: slot.email_min,
            ..row
        };
        if self.counted_day(day) {
            let t = &mut self.totals;
            t.positions_fte_days += row.positions_fte;
            t.employed_fte_days += row.employed_fte;
            t.present_fte_days += row.present_fte;
            t.scheduled_fte_days += row.scheduled_fte;
            t.sick_fte_days += row.sick_fte;
            t.contract_min += row.contract_min;
            t.worked_min += row.worked_min;
            if office_open {
                t.open_present_fte_days += row.present_fte;
                t.open_positions_fte_days += row.positions_fte;
            }
        }
    }

    /// Counts a day (once, not per group) for the means over days.
    pub fn count_day(&mut self, day: usize, office_open: bool) {
        if self.counted_day(day) {
            self.totals.days += 1;
            self.totals.open_days += u64::from(office_open);
        }
    }

    pub fn counter_busy(&mut self, t: SimTime, group: usize, service_ms: SimTime) {
        self.at(t, group).counter_busy_min += service_ms as f64 / MS_PER_MIN as f64;
    }

    pub fn overtime(&mut self, t: SimTime, group: usize, ms: SimTime) {
        let min = ms as f64 / MS_PER_MIN as f64;
        self.at(t, group).overtime_min += min;
        if t >= self.warmup_end {
            self.totals.overtime_min += min;
        }
    }

    /// Extra openings paid as overtime: the minutes worked there.
    pub fn paid_extra(&mut self, day: usize, group: usize, minutes: f64) {
        if minutes > 0.0 {
            self.days.at(day)[group].overtime_min += minutes;
            if self.counted_day(day) {
                self.totals.overtime_min += minutes;
            }
        }
    }

    /// Idle counter minutes of a day, and the back-office minutes they gave.
    pub fn counter_idle(&mut self, day: usize, group: usize, idle: f64, to_backoffice: f64) {
        let row = &mut self.days.at(day)[group];
        row.counter_idle_min = idle;
        row.idle_backoffice_min = to_backoffice;
        if self.counted_day(day) {
            self.totals.counter_idle_min += idle;
            self.totals.idle_backoffice_min += to_backoffice;
        }
    }

    pub fn cancelled(&mut self, t: SimTime, group: usize) {
        self.at(t, group).cancelled_appointments += 1;
        if t >= self.warmup_end {
            self.totals.cancelled_appointments += 1;
        }
    }

    /// The hotline holds `minutes` of the group's agent time on `day`.
    pub fn hotline_held(&mut self, day: usize, group: usize, minutes: f64) {
        self.days.at(day)[group].hotline_min = minutes;
    }

    /// An agent of `group` starts answering a call (`phone`) or an e-mail of `ms`.
    pub fn enquiry_busy(&mut self, t: SimTime, group: usize, phone: bool, ms: SimTime) {
        let row = self.at(t, group);
        let min = ms as f64 / MS_PER_MIN as f64;
        if phone {
            row.hotline_busy_min += min;
        } else {
            row.email_min += min;
        }
    }

    /// Back-office minutes available and used on a day.
    pub fn backoffice(&mut self, day: usize, group: usize, available: f64, used: f64) {
        let row = &mut self.days.at(day)[group];
        row.backoffice_min = available;
        row.backoffice_used_min = used;
        if self.counted_day(day) {
            self.totals.backoffice_min += available;
            self.totals.backoffice_used_min += used;
        }
    }
}
