//! The appointment log: one row per booking as the office's booking software would export it.
//!
//! Recorded only when asked for (`amtsim run --appointment-log`); the model calls it through
//! an `Option`, so a run without it does no work and draws no differently. The status is the
//! *recorded* one: an attended visit the clerk did not mark is a no-show without service times.

use crate::engine::SimTime;
use std::collections::HashMap;

/// What became of a booking, as the booking software records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppointmentStatus {
    /// Still ahead when the run ended.
    Booked,
    Attended,
    /// A true no-show, or an attended visit whose attendance was not recorded.
    NoShow,
    /// Cancelled by the client in advance (also extra slots of duplicate bookers, dropped).
    Cancelled,
    /// Booked the wrong category: seen briefly and turned away to book again.
    TurnedAway,
    /// The clerk was absent and nobody stood in: the client books again.
    CancelledByOffice,
    /// Not confirmed in time: the slot went back and the client books again.
    Unconfirmed,
}

impl AppointmentStatus {
    pub const ALL: [AppointmentStatus; 7] = [
        AppointmentStatus::Booked,
        AppointmentStatus::Attended,
        AppointmentStatus::NoShow,
        AppointmentStatus::Cancelled,
        AppointmentStatus::TurnedAway,
        AppointmentStatus::CancelledByOffice,
        AppointmentStatus::Unconfirmed,
    ];

    /// The word written to appointments.csv.
    pub fn word(self) -> &'static str {
        match self {
            AppointmentStatus::Booked => "booked",
            AppointmentStatus::Attended => "attended",
            AppointmentStatus::NoShow => "no_show",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::TurnedAway => "turned_away",
            AppointmentStatus::CancelledByOffice => "cancelled_by_office",
            AppointmentStatus::Unconfirmed => "unconfirmed",
        }
    }
}

/// One booking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AppointmentRow {
    pub booked_at: SimTime,
    pub slot_start: SimTime,
    pub case: u16,
    pub status: AppointmentStatus,
    /// Service start and end, when the visit was recorded as held.
    pub service: Option<(SimTime, SimTime)>,
}

/// The rows in booking order, and the open ones by booking token.
#[derive(Debug, Clone, Default)]
pub struct AppointmentLog {
    rows: Vec<AppointmentRow>,
    open: HashMap<u32, usize>,
}

impl AppointmentLog {
    pub fn rows(&self) -> &[AppointmentRow] {
        &self.rows
    }

    /// A booking made at `now` for the slot at `slot_start`, known by its token until it ends.
    pub fn booked(&mut self, token: u32, case: u16, now: SimTime, slot_start: SimTime) {
        self.open.insert(token, self.rows.len());
        self.rows.push(AppointmentRow {
            booked_at: now,
            slot_start,
            case,
            status: AppointmentStatus::Booked,
            service: None,
        });
    }

    /// A booking whose end is known when it is made (extra slots of a duplicate booker).
    pub fn closed(&mut self, case: u16, now: SimTime, slot_start: SimTime, status: AppointmentStatus) {
        self.rows.push(AppointmentRow { booked_at: now, slot_start, case, status, service: None });
    }

    /// The booking with `token` ended with `status`.
    pub fn ended(&mut self, token: u32, status: AppointmentStatus, service: Option<(SimTime, SimTime)>) {
        if let Some(row) = self.open.remove(&token).and_then(|i| self.rows.get_mut(i)) {
            row.status = status;
            row.service = service;
        }
    }
}
