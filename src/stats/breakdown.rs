//! Figures per case type and per team, addressed as `FIGURE[NAME]`: the office's definitions
//! applied to the case types a subject covers (a case type: itself; a team: the case types
//! its staff group works on). Each replication's figure vector holds the office's figures
//! (`FIGURES`) followed by every subject's values of `BY_SUBJECT`, subject after subject, so
//! everything that summarises, compares or searches over figures treats them alike.

use super::figures::{figure_index, FigureDef, FIGURES};
use super::{CasePermits, DecisionWaits, Recorder};
use crate::scenario::Scenario;
use crate::stats::portal_record::PortalTotals;

/// The figures available per subject, in the order of a subject's values. The last ones
/// (`TEAM_ONLY`) are a staff group's own and undefined for a case type.
pub const BY_SUBJECT: &[&str] = &[
    "walkin_arrivals",
    "walkin_served",
    "walkin_sent_home",
    "walkin_sent_home_people",
    "bookings",
    "booking_attempts_failed",
    "appointments_served",
    "no_shows",
    "portal_gave_up",
    "portal_next_free_days_mean",
    "portal_next_free_days_max",
    "appointment_time_median_days",
    "appointment_time_p90_days",
    "appointment_within_2w_share",
    "appointment_within_4w_share",
    "appointment_within_8w_share",
    "appointment_within_12w_share",
    "decisions",
    "backlog_end",
    "decision_time_median_days",
    "decision_time_p90_days",
    "decision_within_2w_share",
    "decision_within_4w_share",
    "decision_within_8w_share",
    "decision_within_12w_share",
    "pending_over_3_months_end",
    "expired_person_days",
    "expired_waiting_appointment_person_days",
    "expired_searching_person_days",
    "expired_backoffice_person_days",
    "expired_persons",
    "staff_employed_fte_mean",
    "staff_present_fte_mean",
    "staff_contract_hours",
    "staff_worked_hours",
    "overtime_hours",
    "backoffice_utilisation",
    "enquiry_staff_hours",
    "cost_per_year",
];

/// How many of `BY_SUBJECT`'s last figures are a team's own.
pub const TEAM_ONLY: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    CaseType,
    Team,
}

impl SubjectKind {
    pub fn key(self) -> &'static str {
        match self {
            SubjectKind::CaseType => "case_type",
            SubjectKind::Team => "team",
        }
    }
}

/// A case type, or a team (a staff group) with the case types it works on.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub name: String,
    pub kind: SubjectKind,
    pub cases: Vec<usize>,
    /// The staff group (teams only).
    pub group: Option<usize>,
}

/// The subjects of a scenario: every case type, then every staff group whose name no case
/// type has (a case type's name wins: `FIGURE[NAME]` must mean one thing).
pub fn subjects(s: &Scenario) -> Vec<Subject> {
    let mut out: Vec<Subject> = (s.case_types.iter().enumerate())
        .map(|(c, case)| Subject { name: case.name.clone(), kind: SubjectKind::CaseType, cases: vec![c], group: None })
        .collect();
    for (g, group) in s.staff.iter().enumerate() {
        if s.case_types.iter().any(|c| c.name == group.name) {
            continue;
        }
        let cases = (0..s.case_types.len()).filter(|c| group.skills.contains(c)).collect();
        out.push(Subject { name: group.name.clone(), kind: SubjectKind::Team, cases, group: Some(g) });
    }
    out
}

/// The definition of extended figure `i` (an office figure, or a subject's): its base figure's.
pub fn base_def(i: usize) -> &'static FigureDef {
    match i.checked_sub(FIGURES.len()) {
        None => &FIGURES[i],
        Some(k) => &FIGURES[figure_index(BY_SUBJECT[k % BY_SUBJECT.len()]).expect("a figure")],
    }
}

/// The name of extended figure `i`: `FIGURE` or `FIGURE[SUBJECT]`.
pub fn extended_name(subjects: &[Subject], i: usize) -> String {
    match i.checked_sub(FIGURES.len()) {
        None => FIGURES[i].name.to_string(),
        Some(k) => format!("{}[{}]", BY_SUBJECT[k % BY_SUBJECT.len()], subjects[k / BY_SUBJECT.len()].name),
    }
}

/// The subject of extended figure `i` (None: the office).
pub fn subject_of(subjects: &[Subject], i: usize) -> Option<&Subject> {
    i.checked_sub(FIGURES.len()).map(|k| &subjects[k / BY_SUBJECT.len()])
}

/// Every figure's name, the office's then each subject's (`FIGURE[NAME]`).
pub fn extended_names(subjects: &[Subject]) -> Vec<String> {
    (0..extended_len(subjects)).map(|i| extended_name(subjects, i)).collect()
}

/// How many figures a replication of a scenario with these subjects has.
pub fn extended_len(subjects: &[Subject]) -> usize {
    FIGURES.len() + subjects.len() * BY_SUBJECT.len()
}

/// Splits `FIGURE` or `FIGURE[NAME]`.
pub fn split_name(text: &str) -> (&str, Option<&str>) {
    match text.trim().strip_suffix(']').and_then(|t| t.split_once('[')) {
        Some((figure, subject)) => (figure.trim(), Some(subject.trim())),
        None => (text.trim(), None),
    }
}

/// The extended index of `FIGURE` or `FIGURE[NAME]`, or a message that says what exists.
pub fn resolve(text: &str, subjects: &[Subject]) -> Result<usize, String> {
    let (figure, subject) = split_name(text);
    let Some(base) = figure_index(figure) else {
        if let Some(why) = super::figures::retired(figure) {
            return Err(format!("\"{figure}\" is {why}"));
        }
        let names: Vec<&str> = FIGURES.iter().map(|f| f.name).collect();
        return Err(format!("\"{figure}\" is not a figure; figures are: {}", names.join(", ")));
    };
    let Some(subject) = subject else { return Ok(base) };
    let Some(f) = BY_SUBJECT.iter().position(|n| *n == figure) else {
        return Err(format!(
            "\"{figure}\" is not available per case type or team; those are: {}",
            BY_SUBJECT.join(", ")
        ));
    };
    let Some(s) = subjects.iter().position(|s| s.name == subject) else {
        let names: Vec<&str> = subjects.iter().map(|s| s.name.as_str()).collect();
        return Err(format!(
            "\"{subject}\" in \"{text}\" is neither a case type nor a team of the scenario; they are: {}",
            names.join(", ")
        ));
    };
    if subjects[s].kind == SubjectKind::CaseType && f >= BY_SUBJECT.len() - TEAM_ONLY {
        return Err(format!("\"{figure}\" is a team's figure; \"{subject}\" is a case type"));
    }
    Ok(FIGURES.len() + s * BY_SUBJECT.len() + f)
}

/// Median, 90th percentile and the shares done within 2, 4, 8 and 12 weeks of a
/// censoring-aware wait (NaN where undefined, or when the cohort is empty).
pub fn wait_figures(waits: &DecisionWaits) -> [f64; 6] {
    if !waits.any() {
        return [f64::NAN; 6];
    }
    let s = waits.survival();
    let q = |p: f64| s.quantile(p).unwrap_or(f64::NAN);
    [q(0.5), q(0.9), s.done_within(14.0), s.done_within(28.0), s.done_within(56.0), s.done_within(84.0)]
}

/// The case-type part of a subject's record: portal, appointment waits and permits merged.
struct Merged {
    walkin: super::recorder::WalkinCase,
    portal: PortalTotals,
    appointments: DecisionWaits,
    permits: CasePermits,
}

fn merged(r: &Recorder, cases: &[usize]) -> Merged {
    let mut m = Merged {
        walkin: Default::default(),
        portal: PortalTotals::default(),
        appointments: DecisionWaits::default(),
        permits: CasePermits::default(),
    };
    for &c in cases {
        m.walkin.merge(&r.walkin_cases[c]);
        m.portal.merge(&r.portal.cases[c]);
        m.appointments.merge(&r.portal.appointment_waits[c]);
        m.permits.merge(&r.permits.cases[c]);
    }
    m
}

/// Every subject's values of `BY_SUBJECT`, subject after subject.
pub fn subject_values(r: &Recorder, subjects: &[Subject]) -> Vec<f64> {
    let day_ms = crate::engine::MS_PER_DAY as f64;
    let mut out = Vec::with_capacity(subjects.len() * BY_SUBJECT.len());
    for subject in subjects {
        let m = merged(r, &subject.cases);
        let (p, k, w) = (&m.portal, &m.permits, &m.walkin);
        out.extend([w.arrivals as f64, w.served as f64, w.sent_home as f64, w.sent_home_people as f64]);
        out.extend([
            p.bookings as f64,
            p.attempts_failed as f64,
            p.served as f64,
            p.no_shows as f64,
            p.gave_up as f64,
            p.next_free_days_mean(),
            if p.next_free_n > 0 { p.next_free_max } else { f64::NAN },
        ]);
        out.extend(wait_figures(&m.appointments));
        out.extend([k.decisions as f64, k.backlog_end as f64]);
        out.extend(wait_figures(&k.waits));
        out.push(k.pending_over_3_months_end as f64);
        out.push(k.expired_area.iter().sum::<i64>() as f64 / day_ms);
        out.extend(k.expired_area.map(|a| a as f64 / day_ms));
        out.push(k.expired_persons as f64);
        out.extend(team_values(r, subject.group));
    }
    out
}

/// A team's own figures (`TEAM_ONLY`), NaN for a case type.
fn team_values(r: &Recorder, group: Option<usize>) -> [f64; TEAM_ONLY] {
    let Some(g) = group else { return [f64::NAN; TEAM_ONLY] };
    let (row, s) = (&r.staff.groups[g], &r.staff.totals);
    let per = |x: f64, n: f64| if n > 0.0 { x / n } else { f64::NAN };
    [
        per(row.employed_fte, s.days as f64),
        per(row.present_fte, s.open_days as f64),
        row.contract_min / 60.0,
        row.worked_min / 60.0,
        row.overtime_min / 60.0,
        per(row.backoffice_used_min, row.backoffice_min),
        r.staff.group_enquiry_min[g] / 60.0,
        r.costs.per_year(r.costs.groups[g]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subject_figure_is_a_figure_and_the_team_ones_come_last() {
        for name in BY_SUBJECT {
            assert!(figure_index(name).is_some(), "{name}");
        }
        assert_eq!(&BY_SUBJECT[BY_SUBJECT.len() - TEAM_ONLY], &"staff_employed_fte_mean");
    }

    #[test]
    fn names_resolve_both_ways() {
        let subjects = vec![
            Subject { name: "general".into(), kind: SubjectKind::CaseType, cases: vec![0], group: None },
            Subject { name: "team_a".into(), kind: SubjectKind::Team, cases: vec![0], group: Some(0) },
        ];
        let team_only = BY_SUBJECT.len() - TEAM_ONLY..BY_SUBJECT.len();
        for i in 0..extended_len(&subjects) {
            let own_to_a_team = i >= FIGURES.len() && team_only.contains(&((i - FIGURES.len()) % BY_SUBJECT.len()));
            if subject_of(&subjects, i).is_some_and(|s| s.kind == SubjectKind::CaseType) && own_to_a_team {
                continue;
            }
            assert_eq!(resolve(&extended_name(&subjects, i), &subjects), Ok(i));
        }
        assert_eq!(split_name(" backlog_end [ team_a ] "), ("backlog_end", Some("team_a")));
        let err = resolve("backlog_end[nobody]", &subjects).unwrap_err();
        assert!(err.contains("general, team_a"), "{err}");
        assert!(resolve("walkin_wait_mean_min[general]", &subjects).unwrap_err().contains("not available"));
        assert!(resolve("overtime_hours[general]", &subjects).unwrap_err().contains("a team's figure"));
        assert!(resolve("lapsed_persons", &subjects).unwrap_err().contains("expired_persons"));
        assert_eq!(base_def(FIGURES.len() + BY_SUBJECT.len() + 9).name, "portal_next_free_days_mean");
    }
}
