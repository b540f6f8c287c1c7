//! Property tests: invariants that must hold for every valid scenario, checked on randomly
//! generated ones (proptest; a failing case is shrunk and printed as a scenario text).

mod common;

use amtsim::model::{simulate, Plan};
use amtsim::scenario::load_str;
use proptest::prelude::*;

/// One generated case type.
#[derive(Debug, Clone)]
struct Case {
    fixed: bool,
    rate: u32,
    window: (u32, u32),
    portal_share: f64,
    service: (u8, u32),
    slot_min: u32,
    holders: Option<(u32, u32, u32)>,
    deadline: Option<u32>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<bool>(),
        1u32..40,
        (0u32..20, 1u32..10),
        prop_oneof![Just(0.0), Just(0.5), Just(1.0)],
        (0u8..3, 1u32..40),
        prop_oneof![Just(10u32), Just(15), Just(20), Just(30), Just(60)],
        proptest::option::of((0u32..400, 1u32..12, 1u32..30)),
        proptest::option::of(1u32..30),
    )
        .prop_map(|(fixed, rate, window, portal_share, service, slot_min, holders, deadline)| Case {
            fixed,
            rate,
            window: (window.0, (window.0 + window.1).min(24)),
            portal_share,
            service,
            slot_min,
            holders,
            deadline,
        })
}

/// The rest of the office.
#[derive(Debug, Clone)]
struct Office {
    days: u32,
    warmup: u32,
    seed: u64,
    saturday: bool,
    appointment_staff: u32,
    walkin_staff: u32,
    backoffice_staff: u32,
    sick: Option<f64>,
    vacation: u32,
    quit_rate: f64,
    hire: Option<u32>,
    cancel_rule: bool,
    horizon: u32,
    no_show: f64,
    leaks: (f64, f64, f64, f64),
    overbooking: f64,
    short_notice: f64,
    tickets: Option<u32>,
    return_share: f64,
    fb: bool,
    /// Mean patience in the walk-in queue (minutes), and the share of the impatient who return.
    patience: Option<(f64, f64)>,
    /// `[walkin.learned]`: margin, spread (minutes), and whether people go by the earliest day.
    learned: Option<(f64, f64, bool)>,
    /// `[enquiries]`: hotline agents, calls per hour, patience, call-back; inbox agents and
    /// e-mails a day; status enquiries per waiting applicant and week.
    enquiries: Option<(u32, f64, f64, bool, u32, f64, f64)>,
}

fn office() -> impl Strategy<Value = Office> {
    (
        (10u32..60, 0u32..10, any::<u64>(), any::<bool>()),
        (1u32..5, 1u32..4, 1u32..3),
        (proptest::option::of(0.01f64..0.3), 0u32..40, 0.0f64..1.0, proptest::option::of(0u32..30), any::<bool>()),
        (0u32..60, 0.0f64..0.4, (0.0f64..0.3, 0.0f64..0.2, 0.0f64..0.2, 0.0f64..0.2), 0.0f64..0.3, 0.0f64..0.5),
        (proptest::option::of(0u32..20), 0.0f64..1.0, any::<bool>()),
        (
            proptest::option::of((1.0f64..600.0, 0.0f64..1.0)),
            proptest::option::of((0.0f64..180.0, 0.0f64..120.0, any::<bool>())),
            proptest::option::of((
                0u32..4,
                0.5f64..60.0,
                0.5f64..10.0,
                any::<bool>(),
                0u32..3,
                1.0f64..200.0,
                0.0f64..2.0,
            )),
        ),
    )
        .prop_map(|(a, b, c, d, e, f)| Office {
            days: a.0,
            warmup: a.1.min(a.0 - 1),
            seed: a.2,
            saturday: a.3,
            appointment_staff: b.0,
            walkin_staff: b.1,
            backoffice_staff: b.2,
            sick: c.0,
            vacation: c.1,
            quit_rate: c.2,
            hire: c.3,
            cancel_rule: c.4,
            horizon: d.0,
            no_show: d.1,
            leaks: d.2,
            overbooking: d.3,
            short_notice: d.4,
            tickets: e.0,
            return_share: e.1,
            fb: e.2,
            patience: f.0,
            learned: f.1,
            enquiries: f.2,
        })
}

fn scenario_text(cases: &[Case], o: &Office) -> String {
    let mut t = format!(
        "[simulation]\nstart_date = \"2025-03-03\"\ndays = {}\nwarmup_days = {}\nseed = {}\nreplications = 1\n",
        o.days,
        o.warmup,
        o.seed >> 1
    );
    t += "[calendar]\nholidays = \"NW\"\n[calendar.opening_hours]\nmonday = [\"08:00-12:00\", \"13:00-15:00\"]\ntuesday = [\"08:00-12:00\"]\nthursday = [\"07:30-16:00\"]\n";
    if o.saturday {
        t += "[calendar.saturday_openings]\nevery_weeks = 2\nfirst = \"2025-03-08\"\nhours = [\"09:00-12:00\"]\n";
        t += "staff = [{ group = \"counter\", fte = 1 }, { group = \"desk\", share = 0.5 }]\n";
        t += if o.seed.is_multiple_of(2) { "compensation = \"paid\"\n" } else { "time_off_within_weeks = 2\n" };
    }
    let dists = ["exponential", "lognormal", "deterministic"];
    for (i, c) in cases.iter().enumerate() {
        t += &format!("[[case_types]]\nname = \"c{i}\"\n");
        if c.holders.is_none() {
            let window = format!("\"{:02}:00-{:02}:00\"", c.window.0, c.window.1);
            t += &if c.fixed {
                format!("arrivals = {{ process = \"fixed_daily\", count = {}, windows = [{window}] }}\n", c.rate)
            } else {
                format!("arrivals = {{ process = \"poisson\", per_day = {}, windows = [{window}], days = \"open_days\" }}\n", c.rate)
            };
        }
        t += &format!("channels = {{ portal = {}, walkin = {} }}\n", c.portal_share, 1.0 - c.portal_share);
        t += &match c.service.0 {
            0 => format!("service_time = {{ dist = \"{}\", mean_min = {} }}\n", dists[0], c.service.1),
            1 => format!("service_time = {{ dist = \"{}\", mean_min = {}, cv = 0.6 }}\n", dists[1], c.service.1),
            _ => format!("service_time = {{ dist = \"{}\", value_min = {} }}\n", dists[2], c.service.1),
        };
        t += &format!("slot_min = {}\n", c.slot_min);
        if let Some(d) = c.deadline {
            t += &format!("deadline_days = {{ dist = \"uniform\", low_days = 1, high_days = {} }}\n", d + 1);
        }
        if let Some((count, validity, lead)) = c.holders {
            t += &format!(
                "holders = {{ count = {count}, validity = {{ dist = \"uniform\", low_months = 1, high_months = {} }}, renewal_lead = {{ dist = \"uniform\", low_days = 1, high_days = {} }}, leave_rate_per_year = 0.3, inflow_per_year = 50, settlement_share = 0.1 }}\n",
                validity + 1,
                lead + 1
            );
            t += "back_office = { processing = { dist = \"exponential\", mean_min = 60 }, incomplete_share = 0.2, rework = { dist = \"uniform\", low_days = 1, high_days = 10 }, digital_share = 0.2, initial_backlog = 20, card_pickup_case = \"pickup\" }\n";
        }
    }
    let any_holders = cases.iter().any(|c| c.holders.is_some());
    if any_holders {
        t += "[[case_types]]\nname = \"pickup\"\nchannels = { portal = 0.5, walkin = 0.5 }\nservice_time = { dist = \"exponential\", mean_min = 5 }\nslot_min = 10\n";
        if o.fb {
            t += "[[case_types]]\nname = \"fb\"\nchannels = { portal = 0.5, walkin = 0.5 }\nservice_time = { dist = \"exponential\", mean_min = 5 }\nslot_min = 10\n";
        }
    }
    let absence = |t: &mut String| {
        if let Some(share) = o.sick {
            *t += &format!("sick_leave = {{ absence_share = {share}, duration_days = {{ dist = \"exponential\", mean_days = 4 }} }}\n");
        }
        *t += &format!(
            "vacation_days_per_year = {}\nquit_rate_per_year = {}\nreplacement_delay_days = 20\n",
            o.vacation, o.quit_rate
        );
    };
    t += &format!("[[staff]]\nname = \"counter\"\nhead_count = {}\nwork = \"appointments\"\n", o.appointment_staff);
    absence(&mut t);
    if let Some(day) = o.hire.filter(|d| *d < o.days) {
        t += &format!("hires = [{{ date = \"2025-03-{:02}\", count = 2 }}]\nramp = {{ start_productivity = 0.3, weeks = 4, mentor_share = 0.2 }}\n", 3 + day.min(28));
    }
    t += if o.cancel_rule {
        "absent_rule = \"cancel\"\n"
    } else {
        "absent_rule = \"redistribute\"\novertime_limit_min = 30\n"
    };
    t += &format!("[[staff]]\nname = \"desk\"\nhead_count = {}\nwork = \"walkin\"\n", o.walkin_staff);
    absence(&mut t);
    if any_holders {
        t += &format!("[[staff]]\nname = \"back\"\nhead_count = {}\nwork = \"back_office\"\n", o.backoffice_staff);
        absence(&mut t);
    }
    let (confirm, wrong, cancel, dup) = o.leaks;
    t += &format!(
        "[portal]\nhorizon_days = {}\nrelease_time = \"07:00\"\nno_show_prob = {}\nattendance_unrecorded_prob = 0.05\nwrong_category_prob = {wrong}\ncancel_prob = {cancel}\nduplicate_prob = {dup}\noverbooking = {}\nshort_notice_share = {}\nshort_notice_days = {}\nconfirmation = {{ deadline_hours = 12, fail_prob = {confirm}, notice_delay = {{ dist = \"exponential\", mean_min = 600 }} }}\nretry = {{ interval = {{ dist = \"exponential\", mean_min = 720 }}, max_attempts = 3 }}\n",
        o.horizon,
        o.no_show,
        o.overbooking,
        o.short_notice,
        o.horizon.min(2),
    );
    t += &format!("[walkin]\nreturn_share = {}\narrival_window = \"22:00-09:00\"\n", o.return_share);
    if let Some(tickets) = o.tickets {
        t += &format!("tickets_per_day = {tickets}\n");
    }
    if let Some((mean, back)) = o.patience {
        t += &format!("patience = {{ dist = \"exponential\", mean_min = {mean} }}\npatience_return_share = {back}\n");
    }
    if let Some((margin, spread, earliest)) = o.learned {
        let expect = if earliest { "earliest" } else { "mean" };
        t += &format!("[walkin.learned]\nrelaxed_window = \"07:30-10:00\"\nmargin_min = {margin}\nspread_min = {spread}\nexpect = \"{expect}\"\n");
    }
    if let Some((agents, calls, patience, callback, inbox, emails, status)) = o.enquiries {
        t += &format!("[enquiries.phone]\ngroup = \"counter\"\nagents = {agents}\nhours = [\"08:00-10:00\", \"13:00-14:00\"]\ncalls_per_hour = {calls}\nhandling = {{ dist = \"exponential\", mean_min = 4 }}\npatience = {{ dist = \"exponential\", mean_min = {patience} }}\nretrial_share = 0.5\ncallback = {callback}\n");
        t += &format!("[enquiries.email]\ngroup = \"desk\"\nagents = {inbox}\nper_day = {emails}\nhandling = {{ dist = \"exponential\", mean_min = 6 }}\ntemplate_share = 0.3\ntemplate_handling = {{ dist = \"deterministic\", value_min = 2 }}\n");
        t += &format!("[enquiries.generated]\nstatus_after_days = 7\nstatus_per_week = {status}\nno_slot_share = 0.5\nsent_home_share = 0.5\n");
    }
    if any_holders && o.fb {
        t += "[permits]\nfb_case_type = \"fb\"\nfb_validity_months = 1\nbacklog_cleared_below = 5\n";
    }
    t
}

proptest! {
    // 48 generated scenarios in CI; PROPTEST_CASES=N runs more.
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)))]

    #[test]
    fn invariants_hold_on_random_valid_scenarios(cases in proptest::collection::vec(case(), 1..4), o in office()) {
        let text = scenario_text(&cases, &o);
        let loaded = load_str(&text, "generated.toml", &[]).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let plan = Plan::new(loaded.scenario);
        let r = simulate(&plan, 0);
        prop_assert!(r.aborted.is_none());
        // Clients and holders are conserved.
        let c = r.conservation;
        prop_assert_eq!(c.created, c.accounted(), "{:?}", c);
        let h = r.permits.holders;
        prop_assert_eq!(h.start + h.arrivals - h.departures, h.end, "{:?}", h);
        // Little's law on the sample path: the queue's area is the summed part of the waits
        // after the warm-up, whoever was served, sent home, left impatient or still waits.
        prop_assert_eq!(r.queue_area, r.queue_wait_overlap);
        // No slot booked beyond its places, no event scheduled in the past.
        prop_assert_eq!(r.overfilled_cells, 0);
        prop_assert_eq!(r.late_events, 0);
        // Staff: present <= employed <= positions; counter work within duty time plus
        // overtime, over the run (a service is booked to the day it starts, and may run into
        // the next day's duty; the last day's may run past the run).
        let days = r.staff.days.len();
        for group in 0..r.staff.groups.len() {
            let busy: f64 = r.staff.days.iter().take(days - 1).map(|d| d[group].counter_busy_min).sum();
            let on_duty: f64 = r.staff.days.iter().map(|d| d[group].counter_open_min + d[group].overtime_min).sum();
            prop_assert!(busy <= on_duty + 1e-6, "group {}: {} > {}", group, busy, on_duty);
        }
        for day in &r.staff.days {
            for g in day {
                prop_assert!(g.present_fte <= g.scheduled_fte + 1e-9 && g.scheduled_fte <= g.employed_fte + 1e-9);
                prop_assert!(g.employed_fte <= g.positions_fte + 2.0 * 2.0 + 1e-9);
                prop_assert!(g.backoffice_used_min <= g.backoffice_min + 1e-6);
                // Working time: contract + extra − time off = worked + absences, exactly.
                let due = g.contract_min + g.extra_min - g.time_off_min;
                let accounted = g.worked_min + g.closed_min + g.vacation_min + g.training_min + g.sick_min;
                prop_assert!((due - accounted).abs() < 1e-6, "{:?}", g);
                prop_assert!(g.counter_idle_min <= g.counter_open_min + 1e-6);
                // The hotline never holds more than the group's time off the counter.
                prop_assert!(g.hotline_min <= (g.productive_min - g.counter_open_min).max(0.0) + 1e-6, "{:?}", g);
            }
        }
        // Every call counted was answered, unanswered, or still waits (or is owed a call-back).
        let f = |name| r.figures[amtsim::stats::figure_index(name).unwrap()];
        if o.enquiries.is_some() {
            prop_assert!(f("calls_offered") >= f("calls_answered") + f("calls_abandoned"));
            prop_assert!(f("emails_received") >= f("emails_answered"));
        }
        // Replaying the same seed gives the same results, bit for bit.
        let again = simulate(&plan, 0);
        let bits = |x: &[f64]| x.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&r.figures), bits(&again.figures));
        prop_assert_eq!(r.events, again.events);
    }
}
