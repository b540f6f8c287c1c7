//! The key figures of a replication: stable names, units and definitions.
//!
//! The names are a public interface (summary.json, compare.json, reports): never rename one;
//! add new figures at the end.

use super::recorder::Recorder;
use crate::engine::{MS_PER_DAY, MS_PER_MIN};

/// Which way a figure is better, for saying whether a policy improves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
    /// Neither: a count or rate that describes the scenario rather than a result.
    Neither,
}

/// A key figure's name, unit, meaning, and which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureDef {
    pub name: &'static str,
    pub unit: &'static str,
    pub description: &'static str,
    pub better: Better,
}

const fn def(name: &'static str, unit: &'static str, description: &'static str, better: Better) -> FigureDef {
    FigureDef { name, unit, description, better }
}

use Better::{Higher, Lower, Neither};

/// Every figure, in the order of `figure_values`.
pub const FIGURES: &[FigureDef] = &[
    def("walkin_arrivals", "clients", "arrivals at the walk-in queue (returns included)", Neither),
    def("walkin_served", "clients", "walk-ins whose service started", Higher),
    def("walkin_sent_home", "visits", "walk-in visits that ended with being sent home at closing or when the tickets ran out (a person sent home twice counts twice)", Lower),
    def("walkin_wait_mean_min", "min", "mean wait of served walk-ins from joining the queue to service start", Lower),
    def("walkin_wait_prob", "share", "share of served walk-ins who waited at all", Lower),
    def("walkin_queue_len_mean", "clients", "time-average number of walk-ins waiting (not in service)", Lower),
    def("bookings", "appointments", "appointments booked through the portal", Neither),
    def("booking_attempts_failed", "attempts", "booking attempts that found no free slot", Lower),
    def("booking_lead_days_mean", "days", "mean time from booking to the booked slot", Lower),
    def("appointments_served", "appointments", "booked slots served (right category, client came)", Higher),
    def("no_shows", "appointments", "booked slots the client did not come to (true no-shows)", Lower),
    def("no_show_rate_true", "share", "true no-shows / booked slots that came due", Lower),
    def("appointment_delay_mean_min", "min", "mean delay of a booked service after its slot start", Lower),
    def("counter_utilisation", "share", "counter service minutes / desk minutes at the counter", Neither),
    def("arrivals_per_day", "clients/day", "new clients per day, all channels", Neither),
    def(
        "no_show_rate_recorded",
        "share",
        "no-shows as recorded (true ones plus attendance not marked) / slots due",
        Lower,
    ),
    def("bookings_unconfirmed", "appointments", "bookings that lapsed because they were not confirmed in time", Lower),
    def(
        "bookings_wrong_category",
        "appointments",
        "booked slots used by a client who booked the wrong category",
        Lower,
    ),
    def("bookings_cancelled", "appointments", "bookings cancelled by the client in advance", Neither),
    def("duplicate_slots_dropped", "slots", "extra slots held by duplicate bookers and dropped late", Lower),
    def("portal_gave_up", "clients", "clients who gave up on the portal (patience used up, not urgent)", Lower),
    def("portal_to_walkin", "clients", "urgent clients who found no slot and turned to the walk-in queue", Lower),
    def("portal_attempts_mean", "attempts", "booking attempts per client who reached the counter", Lower),
    def(
        "portal_days_to_appointment_mean",
        "days",
        "days from first attempt to the appointment, per client served",
        Lower,
    ),
    def(
        "portal_next_free_days_mean",
        "days",
        "days until the next free slot as people asking meet it: the daily probe of each case type, weighted by that day's booking requests",
        Lower,
    ),
    def(
        "portal_next_free_days_max",
        "days",
        "days until the next free slot, the largest seen (horizon + 1: booked out)",
        Lower,
    ),
    def(
        "walkin_queue_at_opening_mean",
        "clients",
        "people waiting in person when walk-in hours open, mean over open days (with walkin.digital_number: those there by the opening, 'lead' minutes before their turn)",
        Lower,
    ),
    def(
        "walkin_first_arrival_clock_h_mean",
        "clock_h",
        "clock time of the day's first walk-in arrival in person (negative: the evening before; with walkin.digital_number: the first served person's arrival, 'lead' minutes before their turn)",
        Higher,
    ),
    def("walkin_wait_p90_min", "min", "90th percentile of the wait of served walk-ins", Lower),
    def("walkin_returned", "clients", "walk-in arrivals of people sent home before", Lower),
    def("staff_nominal_fte", "FTE", "positions on paper", Neither),
    def("staff_employed_fte_mean", "FTE", "positions filled, mean over days", Higher),
    def("staff_present_fte_mean", "FTE", "staff at work, mean over open days", Higher),
    def("staff_present_share", "share", "staff at work / positions on paper, on open days", Higher),
    def("sick_absence_share", "share", "scheduled working days lost to sick leave", Lower),
    def("backoffice_utilisation", "share", "back-office minutes used / available", Neither),
    def(
        "appointments_cancelled_staff",
        "appointments",
        "booked appointments cancelled because the clerk was absent",
        Lower,
    ),
    def(
        "overtime_hours",
        "h",
        "work beyond duty: counter work past a desk's hours, and extra openings paid as overtime",
        Lower,
    ),
    def("renewal_requests", "requests", "holders who started a renewal", Neither),
    def("decisions", "decisions", "applications decided by the back office", Higher),
    def("backlog_end", "applications", "applications waiting for a decision at the end", Lower),
    def("backlog_age_mean_days", "days", "mean age of the applications waiting at the end", Lower),
    def("decision_lead_time_mean_days", "days", "mean time from filing an application to its decision", Lower),
    def("fb_issued", "certificates", "provisional certificates (Fiktionsbescheinigungen) issued", Lower),
    def("fb_active_mean", "certificates", "provisional certificates valid at a time, time average", Lower),
    def("fb_visits", "visits", "counter visits to renew a provisional certificate", Lower),
    def(
        "counter_visits_per_decision",
        "visits",
        "counter visits of cases (applications, certificates, pick-ups) per decision",
        Lower,
    ),
    def("backlog_cleared_day", "day", "first day the backlog fell below permits.backlog_cleared_below (on or after permits.backlog_cleared_from, if given)", Lower),
    def("incomplete_returned", "applications", "applications found incomplete and sent back to the client", Lower),
    def("holders_end", "persons", "document holders at the end", Neither),
    def(
        "staff_contract_hours",
        "h",
        "contract working time of the people employed (FTE x full-time day x working days)",
        Neither,
    ),
    def(
        "staff_worked_hours",
        "h",
        "working time at work: contract + extra openings − time off − closed days, vacation, training, sickness",
        Higher,
    ),
    def("counter_idle_hours", "h", "counter time with nobody to serve (no-shows, gaps, an empty queue)", Neither),
    def(
        "counter_idle_to_backoffice_hours",
        "h",
        "back-office time gained from idle counter time (at each group's idle_counter_efficiency)",
        Neither,
    ),
    def(
        "decision_time_median_days",
        "days",
        "median wait from filing to decision, counting the still-undecided (Kaplan-Meier; applications filed after the warm-up)",
        Lower,
    ),
    def("decision_time_p90_days", "days", "90th percentile of the same wait (undefined while more than 10 % are undecided)", Lower),
    def("decision_within_2w_share", "share", "share of applications decided within 2 weeks of filing (Kaplan-Meier)", Higher),
    def("decision_within_4w_share", "share", "share decided within 4 weeks (Kaplan-Meier)", Higher),
    def("decision_within_8w_share", "share", "share decided within 8 weeks (Kaplan-Meier)", Higher),
    def("decision_within_12w_share", "share", "share decided within 12 weeks (Kaplan-Meier)", Higher),
    def(
        "pending_over_3_months_end",
        "applications",
        "applications undecided at the end, filed more than three months before (§ 75 VwGO)",
        Lower,
    ),
    def("walkin_sent_home_people", "persons", "distinct people sent home from the walk-in queue at least once", Lower),
    def(
        "walkin_sent_home_wait_mean_min",
        "min",
        "mean wait of a walk-in visit that ended with being sent home, from joining the queue",
        Lower,
    ),
    def(
        "waiting_work_growth_per_week",
        "items/week",
        "growth of the work waiting at midnight (walk-in queue and undecided applications), least-squares slope over the counted days",
        Lower,
    ),
    def(
        "expired_person_days",
        "person-days",
        "days holders spent without a valid document or provisional certificate, whatever the reason (the sum of the three parts below)",
        Lower,
    ),
    def(
        "expired_waiting_appointment_person_days",
        "person-days",
        "of these, days with an appointment booked (waiting for it)",
        Lower,
    ),
    def(
        "expired_searching_person_days",
        "person-days",
        "of these, days with no booking and no application pending (on the portal, in the walk-in queue, between attempts)",
        Lower,
    ),
    def(
        "expired_backoffice_person_days",
        "person-days",
        "of these, days with an application pending and no appointment booked (waiting for the back office)",
        Lower,
    ),
    def(
        "expired_persons",
        "persons",
        "holders who spent at least one whole day (24 hours on end) without a valid document or certificate",
        Lower,
    ),
    def(
        "appointment_time_median_days",
        "days",
        "median time from a client's first booking attempt to the booked appointment, counting those not (yet) served at one as waiting (Kaplan-Meier; first attempts after the warm-up)",
        Lower,
    ),
    def("appointment_time_p90_days", "days", "90th percentile of the same time (undefined while more than 10 % are not served)", Lower),
    def("appointment_within_2w_share", "share", "share of booking requests served at an appointment within 2 weeks of the first attempt", Higher),
    def("appointment_within_4w_share", "share", "share served at an appointment within 4 weeks", Higher),
    def("appointment_within_8w_share", "share", "share served at an appointment within 8 weeks", Higher),
    def("appointment_within_12w_share", "share", "share served at an appointment within 12 weeks", Higher),
    def(
        "portal_booked_out_share",
        "share",
        "share of the days probed on which some case type was booked out beyond its booking horizon (its booking tool's)",
        Lower,
    ),
    def(
        "walkin_abandoned",
        "visits",
        "walk-in visits that ended with leaving the queue unserved because the person's patience ran out (walkin.patience), by the day they joined",
        Lower,
    ),
    def(
        "walkin_abandoned_wait_mean_min",
        "min",
        "mean wait of a walk-in visit that ended with leaving impatient, from joining the queue to leaving",
        Neither,
    ),
    def("calls_offered", "calls", "calls to the hotline ([enquiries.phone]): every attempt, callers trying again and calls generated by the office's state included, by the time they came", Lower),
    def("calls_answered", "calls", "calls an agent answered, live or by call-back", Neither),
    def("calls_abandoned", "calls", "calls that ended unanswered: the caller hung up (patience), was still waiting when the line closed, or called while nobody was on the line (outside its staffed hours)", Lower),
    def("calls_answered_share", "share", "calls answered / calls offered, counting every attempt: the reachability (Erreichbarkeit) committees ask about", Higher),
    def("call_wait_mean_min", "min", "mean wait of answered calls until an agent answered (call-backs: until called back); among answered calls only, so not a target: see calls_answered_share", Neither),
    def("call_wait_p90_min", "min", "90th percentile of the wait of answered calls (whole minutes); among answered calls only", Neither),
    def("callbacks_requested", "calls", "callers who left a number for a call-back when their patience ran out (enquiries.phone.callback)", Neither),
    def("emails_received", "e-mails", "e-mails that came ([enquiries.email]), generated ones included", Neither),
    def("emails_answered", "e-mails", "received e-mails an agent answered by the end of the run", Neither),
    def("emails_backlog_end", "e-mails", "e-mails unanswered at the end of the run (all, also those received in the warm-up)", Lower),
    def("email_response_median_h", "hours", "median time from an e-mail's arrival to its answer, counting e-mails unanswered at the end as waiting at least that long (Kaplan-Meier); NaN when more than half were never answered", Lower),
    def("email_response_p90_h", "hours", "90th percentile of the e-mail response time, censoring-aware like the median", Lower),
    def("email_response_mean_h", "hours", "mean response time of answered e-mails; among answered e-mails only, so not a target: see email_response_median_h", Neither),
    def("enquiry_staff_hours", "h", "staff hours the enquiry channels took: the hotline's staffed agent hours (or its calls, where longer) and the minutes answering e-mails", Neither),
    def("status_enquiries", "enquiries", "enquiries by applicants whose application waited longer than enquiries.generated.status_after_days", Lower),
    def("enquiries_generated", "enquiries", "enquiries generated by the office's state on both channels: status enquiries, no slot found, sent home", Lower),
    def("callers_reached_share", "share", "callers who reached an agent on one of their attempts or were called back / callers (first calls and generated calls, not retrials): reachability per person, which fewer retrials cannot improve", Higher),
    def("cost_per_year", "euros/year", "what the office costs a year at the [costs] rates in force each day: its employed FTE per team, overtime, extra openings (paid, and their allowance) and the measures' yearly costs, over the counted days scaled to 365.25 days; a price, not a target: doing less costs less", Neither),
    def("cost_one_off", "euros", "one-off costs of the measures ([costs.measures]) in force at some time of the run, each once", Neither),
];

/// Figures no longer computed, with what replaces them (asking for one is an error that says so).
pub fn retired(name: &str) -> Option<&'static str> {
    match name {
        "lapsed_person_days" => Some(
            "retired: it left out the days with an appointment booked; use expired_person_days (the old figure equals expired_searching_person_days + expired_backoffice_person_days)",
        ),
        "lapsed_persons" => Some("retired: it counted lapses of any length; use expired_persons (a whole day at least)"),
        _ => None,
    }
}

/// The values a figure can take, to which its confidence interval is clamped for display
/// (the mean is never changed): shares lie in [0, 1]; the clock time of the first arrival may
/// be negative (the evening before); every other figure is a count, time, amount or day ≥ 0.
pub fn domain(def: &FigureDef) -> (f64, f64) {
    match (def.unit, def.name) {
        ("share", _) => (0.0, 1.0),
        (_, "walkin_first_arrival_clock_h_mean" | "waiting_work_growth_per_week") => (f64::NEG_INFINITY, f64::INFINITY),
        _ => (0.0, f64::INFINITY),
    }
}

/// Figures that count only the cases the office completed (means over the decided or served,
/// rates among them): doing less (deciding or serving fewer, sending more home) can make
/// them look better, so they must not be targets. Each with the figure to use instead.
pub fn completed_only(name: &str) -> Option<&'static str> {
    match name {
        "decision_lead_time_mean_days" => Some("decision_time_median_days or decision_within_8w_share"),
        "walkin_wait_mean_min" | "walkin_wait_p90_min" | "walkin_wait_prob" => {
            Some("walkin_sent_home_people, with walkin_queue_len_mean")
        }
        "portal_days_to_appointment_mean" | "portal_attempts_mean" | "booking_lead_days_mean" => {
            Some("portal_next_free_days_mean")
        }
        "appointment_delay_mean_min" => Some("portal_next_free_days_mean"),
        "counter_visits_per_decision" => Some("fb_visits"),
        _ => None,
    }
}

/// Index of a figure by name.
pub fn figure_index(name: &str) -> Option<usize> {
    FIGURES.iter().position(|f| f.name == name)
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        f64::NAN
    }
}

/// The figures of one replication, in the order of `FIGURES`; NaN where undefined
/// (e.g. no walk-in was served).
pub fn figure_values(r: &Recorder) -> Vec<f64> {
    let min = MS_PER_MIN as f64;
    let day_ms = MS_PER_DAY as f64;
    let days = r.counted_ms as f64 / day_ms;
    let counted = &r.counted_days;
    let p = &r.portal.totals;
    let s = &r.staff.totals;
    let t = &r.permits.totals;
    let q = &r.enquiries;
    let hour = crate::engine::MS_PER_HOUR as f64;
    let last = r.permits.days.get(r.permits.days.run_days() - 1);
    let office = r.permits.office();
    let decision_waits = super::breakdown::wait_figures(&office.waits);
    let mut booking_cohort = crate::stats::DecisionWaits::default();
    r.portal.appointment_waits.iter().for_each(|w| booking_cohort.merge(w));
    let appointment_waits = super::breakdown::wait_figures(&booking_cohort);
    vec![
        r.walkin_arrivals as f64,
        r.walkin_served as f64,
        r.walkin_sent_home as f64,
        ratio(r.walkin_wait_ms as f64 / min, r.walkin_served as f64),
        ratio(r.walkin_waited as f64, r.walkin_served as f64),
        ratio(r.queue_area as f64, r.counted_ms as f64),
        p.bookings as f64,
        p.attempts_failed as f64,
        ratio(p.booking_lead_ms as f64 / day_ms, p.bookings as f64),
        p.served as f64,
        p.no_shows as f64,
        ratio(p.no_shows as f64, p.due as f64),
        ratio(p.delay_ms as f64 / min, p.served as f64),
        ratio(r.counter_busy_ms as f64, r.counter_open_ms as f64),
        ratio(counted.arrivals, days),
        ratio(p.no_shows_recorded as f64, p.due as f64),
        p.unconfirmed as f64,
        p.wrong_category as f64,
        p.cancelled as f64,
        p.duplicates_dropped as f64,
        p.gave_up as f64,
        p.to_walkin as f64,
        ratio(p.reached_attempts as f64, p.reached as f64),
        ratio(p.reached_wait_ms as f64 / day_ms, p.reached as f64),
        p.next_free_days_mean(),
        if p.next_free_n > 0 { p.next_free_max } else { f64::NAN },
        ratio(counted.queue_at_opening.0, counted.queue_at_opening.1 as f64),
        ratio(counted.first_arrival_clock_h.0, counted.first_arrival_clock_h.1 as f64),
        r.walkin_wait_quantile(0.9),
        r.walkin_returned as f64,
        r.staff.positions_fte,
        ratio(s.employed_fte_days, s.days as f64),
        ratio(s.open_present_fte_days, s.open_days as f64),
        ratio(s.open_present_fte_days, s.open_positions_fte_days),
        ratio(s.sick_fte_days, s.scheduled_fte_days),
        ratio(s.backoffice_used_min, s.backoffice_min),
        s.cancelled_appointments as f64,
        s.overtime_min / 60.0,
        t.renewal_requests as f64,
        t.decisions as f64,
        last.map_or(f64::NAN, |d| d.backlog_end as f64),
        last.and_then(|d| d.backlog_age_mean_days).unwrap_or(f64::NAN),
        ratio(t.decision_lead_ms as f64 / day_ms, t.decisions as f64),
        t.fb_issued as f64,
        ratio(t.fb_active_area as f64, r.counted_ms as f64),
        t.fb_visits as f64,
        ratio(t.case_visits as f64, t.decisions as f64),
        t.backlog_cleared_day.map_or(f64::NAN, f64::from),
        t.incomplete_returned as f64,
        r.permits.holders.end as f64,
        s.contract_min / 60.0,
        s.worked_min / 60.0,
        s.counter_idle_min / 60.0,
        s.idle_backoffice_min / 60.0,
        decision_waits[0],
        decision_waits[1],
        decision_waits[2],
        decision_waits[3],
        decision_waits[4],
        decision_waits[5],
        office.pending_over_3_months_end as f64,
        r.walkin_sent_home_people as f64,
        ratio(r.walkin_sent_home_wait_ms as f64 / min, r.walkin_sent_home as f64),
        7.0 * counted.waiting_growth_per_day(),
        office.expired_area.iter().sum::<i64>() as f64 / day_ms,
        office.expired_area[0] as f64 / day_ms,
        office.expired_area[1] as f64 / day_ms,
        office.expired_area[2] as f64 / day_ms,
        office.expired_persons as f64,
        appointment_waits[0],
        appointment_waits[1],
        appointment_waits[2],
        appointment_waits[3],
        appointment_waits[4],
        appointment_waits[5],
        ratio(p.booked_out_days as f64, p.probed_days as f64),
        r.walkin_abandoned as f64,
        ratio(r.walkin_abandoned_wait_ms as f64 / min, r.walkin_abandoned as f64),
        q.phone.offered as f64,
        q.phone.answered as f64,
        (q.phone.abandoned + q.phone.closed_line) as f64,
        ratio(q.phone.answered as f64, q.phone.offered as f64),
        ratio(q.phone.wait_ms as f64 / min, q.phone.answered as f64),
        q.call_wait_quantile(0.9),
        q.phone.callbacks_requested as f64,
        q.email.offered as f64,
        q.email.answered as f64,
        q.email.backlog_end as f64,
        q.email_response_quantile_h(0.5),
        q.email_response_quantile_h(0.9),
        ratio(q.email.wait_ms as f64 / hour, q.email.answered as f64),
        s.enquiry_min / 60.0,
        q.status_generated as f64,
        (q.phone.generated + q.email.generated) as f64,
        // A caller is answered at most once (then they stop calling): answered calls are
        // callers reached.
        ratio(q.phone.answered as f64, (q.phone.offered - q.phone.retrials) as f64),
        r.costs.office_per_year(),
        r.costs.one_off,
    ]
}
