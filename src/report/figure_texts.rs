//! The key figures in words: a label per language for tables and charts, units in words, the
//! figures a committee reads first, and for those a sentence subject with its grammatical
//! number (German and English verbs agree with it: "sinkt"/"sinken", "falls"/"fall").

use super::Lang;
use crate::stats::FIGURES;

/// Labels of one figure.
struct FigureText {
    name: &'static str,
    de: &'static str,
    en: &'static str,
}

const fn t(name: &'static str, de: &'static str, en: &'static str) -> FigureText {
    FigureText { name, de, en }
}

const TEXTS: &[FigureText] = &[
    t("walkin_arrivals", "Ankünfte am Notfallschalter", "Arrivals at the emergency desk"),
    t("walkin_served", "Am Notfallschalter bediente Personen", "People served at the emergency desk"),
    t(
        "walkin_sent_home",
        "Fortschickungen am Notfallschalter (Vorsprachen)",
        "Visits sent home from the emergency desk",
    ),
    t("walkin_wait_mean_min", "Mittlere Wartezeit am Notfallschalter", "Mean wait at the emergency desk"),
    t("walkin_wait_prob", "Anteil der Bedienten, die warten mussten", "Share of people served who had to wait"),
    t(
        "walkin_queue_len_mean",
        "Mittlere Zahl Wartender am Notfallschalter",
        "Mean number waiting at the emergency desk",
    ),
    t("bookings", "Gebuchte Termine im Portal", "Appointments booked online"),
    t("booking_attempts_failed", "Erfolglose Buchungsversuche", "Booking attempts that found no slot"),
    t("booking_lead_days_mean", "Mittlere Zeit von Buchung bis Termin", "Mean time from booking to appointment"),
    t("appointments_served", "Wahrgenommene Termine", "Appointments served"),
    t("no_shows", "Nicht wahrgenommene Termine", "Missed appointments (no-shows)"),
    t("no_show_rate_true", "Anteil nicht wahrgenommener Termine", "No-show rate"),
    t("appointment_delay_mean_min", "Mittlere Verspätung gebuchter Termine", "Mean delay of booked appointments"),
    t("counter_utilisation", "Auslastung der Schalter", "Counter utilisation"),
    t("arrivals_per_day", "Neue Anliegen pro Tag", "New clients per day"),
    t("no_show_rate_recorded", "Erfasste Quote nicht wahrgenommener Termine", "Recorded no-show rate"),
    t("bookings_unconfirmed", "Verfallene Buchungen (nicht bestätigt)", "Bookings lapsed for lack of confirmation"),
    t("bookings_wrong_category", "Termine in der falschen Kategorie", "Appointments booked in the wrong category"),
    t("bookings_cancelled", "Von Kundinnen und Kunden stornierte Termine", "Appointments cancelled by clients"),
    t("duplicate_slots_dropped", "Durch Mehrfachbuchung blockierte Termine", "Slots blocked by duplicate bookings"),
    t("portal_gave_up", "Personen, die die Terminsuche aufgaben", "People who gave up looking for a slot"),
    t(
        "portal_to_walkin",
        "Dringende Fälle ohne Termin am Notfallschalter",
        "Urgent cases without a slot sent to the desk",
    ),
    t("portal_attempts_mean", "Buchungsversuche je Termin", "Booking attempts per appointment"),
    t(
        "portal_days_to_appointment_mean",
        "Tage von der ersten Suche bis zum Termin",
        "Days from first search to appointment",
    ),
    t("portal_next_free_days_mean", "Wartezeit auf den nächsten freien Termin", "Wait for the next free appointment"),
    t("portal_next_free_days_max", "Längste Wartezeit auf einen freien Termin", "Longest wait for a free appointment"),
    t(
        "walkin_queue_at_opening_mean",
        "Wartende bei Öffnung des Notfallschalters",
        "People waiting when the desk opens",
    ),
    t("walkin_first_arrival_clock_h_mean", "Uhrzeit der ersten Wartenden", "Time of day the first person queues"),
    t(
        "walkin_wait_p90_min",
        "Wartezeit am Notfallschalter (90 %-Quantil)",
        "Wait at the emergency desk (90th percentile)",
    ),
    t("walkin_returned", "Wiederkehrende Fortgeschickte", "People sent home who came back"),
    t("staff_nominal_fte", "Planstellen", "Positions on paper"),
    t("staff_employed_fte_mean", "Besetzte Stellen", "Positions filled"),
    t("staff_present_fte_mean", "Anwesendes Personal (Öffnungstage)", "Staff at work (open days)"),
    t("staff_present_share", "Anwesenheitsquote (Anteil der Planstellen)", "Staff at work as a share of positions"),
    t("sick_absence_share", "Krankheitsbedingter Ausfall", "Working days lost to sick leave"),
    t("backoffice_utilisation", "Auslastung der Sachbearbeitung", "Back-office utilisation"),
    t(
        "appointments_cancelled_staff",
        "Wegen Abwesenheit abgesagte Termine",
        "Appointments cancelled for staff absence",
    ),
    t("overtime_hours", "Überstunden (Schalter und bezahlte Samstage)", "Overtime (counter and paid Saturdays)"),
    t("renewal_requests", "Verlängerungsanliegen", "Renewal requests"),
    t("decisions", "Entschiedene Anträge", "Applications decided"),
    t("backlog_end", "Unbearbeitete Anträge am Ende (Rückstau)", "Applications waiting at the end (backlog)"),
    t("backlog_age_mean_days", "Mittleres Alter der unbearbeiteten Anträge", "Mean age of waiting applications"),
    t("decision_lead_time_mean_days", "Mittlere Bearbeitungsdauer eines Antrags", "Mean time to a decision"),
    t("fb_issued", "Ausgestellte Fiktionsbescheinigungen", "Provisional certificates issued"),
    t("fb_active_mean", "Gleichzeitig gültige Fiktionsbescheinigungen", "Provisional certificates valid at a time"),
    t(
        "fb_visits",
        "Vorsprachen zur Verlängerung von Fiktionsbescheinigungen",
        "Visits to renew provisional certificates",
    ),
    t("counter_visits_per_decision", "Vorsprachen je Entscheidung", "Counter visits per decision"),
    t("backlog_cleared_day", "Tag, an dem der Rückstau abgebaut ist", "Day the backlog is cleared"),
    t("incomplete_returned", "Unvollständig zurückgegebene Anträge", "Applications returned as incomplete"),
    t("holders_end", "Inhaberinnen und Inhaber befristeter Papiere am Ende", "Document holders at the end"),
    t("staff_contract_hours", "Vertragliche Arbeitszeit (Stunden)", "Contract working time (hours)"),
    t("staff_worked_hours", "Geleistete Arbeitszeit (Stunden)", "Working time at work (hours)"),
    t("counter_idle_hours", "Leerlauf am Schalter (Stunden)", "Idle counter time (hours)"),
    t(
        "counter_idle_to_backoffice_hours",
        "Sachbearbeitung aus Leerlauf am Schalter (Stunden)",
        "Back-office time from idle counter time (hours)",
    ),
    t("decision_time_median_days", "Bearbeitungsdauer bis zur Entscheidung (Median)", "Time to a decision (median)"),
    t(
        "decision_time_p90_days",
        "Bearbeitungsdauer bis zur Entscheidung (90 %-Quantil)",
        "Time to a decision (90th percentile)",
    ),
    t("decision_within_2w_share", "Entschieden binnen 2 Wochen", "Decided within 2 weeks"),
    t("decision_within_4w_share", "Entschieden binnen 4 Wochen", "Decided within 4 weeks"),
    t("decision_within_8w_share", "Entschieden binnen 8 Wochen", "Decided within 8 weeks"),
    t("decision_within_12w_share", "Entschieden binnen 12 Wochen", "Decided within 12 weeks"),
    t(
        "pending_over_3_months_end",
        "Anträge am Ende länger als drei Monate unentschieden",
        "Applications undecided for more than three months at the end",
    ),
    t(
        "walkin_sent_home_people",
        "Am Notfallschalter fortgeschickte Menschen",
        "People sent home from the emergency desk",
    ),
    t("walkin_sent_home_wait_mean_min", "Mittlere Wartezeit der Fortgeschickten", "Mean wait of those sent home"),
    t("waiting_work_growth_per_week", "Wachstum der wartenden Arbeit je Woche", "Growth of the waiting work per week"),
    t(
        "expired_person_days",
        "Tage ohne gültiges Dokument (Personentage)",
        "Days without a valid document (person-days)",
    ),
    t(
        "expired_waiting_appointment_person_days",
        "… davon mit gebuchtem Termin",
        "… of these, with an appointment booked",
    ),
    t(
        "expired_searching_person_days",
        "… davon ohne Termin und ohne Antrag (auf der Suche)",
        "… of these, searching (no booking, no application)",
    ),
    t(
        "expired_backoffice_person_days",
        "… davon mit Antrag in Bearbeitung",
        "… of these, with the application in the back office",
    ),
    t(
        "expired_persons",
        "Menschen mindestens einen ganzen Tag ohne gültiges Dokument",
        "People a whole day or more without a valid document",
    ),
    t("appointment_time_median_days", "Zeit bis zum Termin (Median)", "Time to an appointment (median)"),
    t("appointment_time_p90_days", "Zeit bis zum Termin (90 %-Quantil)", "Time to an appointment (90th percentile)"),
    t("appointment_within_2w_share", "Termin binnen 2 Wochen wahrgenommen", "Served at an appointment within 2 weeks"),
    t("appointment_within_4w_share", "Termin binnen 4 Wochen wahrgenommen", "Served at an appointment within 4 weeks"),
    t("appointment_within_8w_share", "Termin binnen 8 Wochen wahrgenommen", "Served at an appointment within 8 weeks"),
    t(
        "appointment_within_12w_share",
        "Termin binnen 12 Wochen wahrgenommen",
        "Served at an appointment within 12 weeks",
    ),
    t(
        "portal_booked_out_share",
        "Anteil der Tage, an denen das Portal ausgebucht ist",
        "Share of days the portal is booked out",
    ),
    t(
        "walkin_abandoned",
        "Besuche der Warteschlange, die ungeduldig abgebrochen wurden",
        "Walk-in visits that ended with leaving impatient",
    ),
    t("walkin_abandoned_wait_mean_min", "Mittlere Wartezeit bis zum Abbruch", "Mean wait of those who left impatient"),
    t("calls_offered", "Anrufe bei der Hotline (alle Versuche)", "Calls to the hotline (every attempt)"),
    t("calls_answered", "Angenommene Anrufe", "Calls answered"),
    t("calls_abandoned", "Unbeantwortete Anrufe", "Calls unanswered"),
    t("calls_answered_share", "Telefonische Erreichbarkeit", "Reachability by phone"),
    t("call_wait_mean_min", "Mittlere Wartezeit angenommener Anrufe", "Mean wait of answered calls"),
    t("call_wait_p90_min", "Wartezeit angenommener Anrufe (90 %)", "Wait of answered calls (90th percentile)"),
    t("callbacks_requested", "Rückrufwünsche", "Call-backs requested"),
    t("emails_received", "Eingegangene E-Mails", "E-mails received"),
    t("emails_answered", "Beantwortete E-Mails", "E-mails answered"),
    t("emails_backlog_end", "Unbeantwortete E-Mails am Ende", "E-mails unanswered at the end"),
    t("email_response_median_h", "Antwortzeit auf E-Mails (Median)", "E-mail response time (median)"),
    t("email_response_p90_h", "Antwortzeit auf E-Mails (90 %)", "E-mail response time (90th percentile)"),
    t("email_response_mean_h", "Mittlere Antwortzeit beantworteter E-Mails", "Mean response time of answered e-mails"),
    t("enquiry_staff_hours", "Arbeitsstunden für Anfragen", "Staff hours on enquiries"),
    t("status_enquiries", "Sachstandsanfragen", "Status enquiries"),
    t("enquiries_generated", "Anfragen aus dem Zustand der Behörde", "Enquiries generated by the office's state"),
    t("callers_reached_share", "Anrufende, die durchkommen", "Callers who get through"),
    t("cost_per_year", "Kosten pro Jahr", "Cost per year"),
    t("cost_one_off", "Einmalige Kosten", "One-off costs"),
];

/// The figures a committee reads first, in report order.
pub const HEADLINE: &[&str] = &[
    "portal_next_free_days_mean",
    "booking_attempts_failed",
    "walkin_sent_home",
    "walkin_sent_home_people",
    "walkin_first_arrival_clock_h_mean",
    "callers_reached_share",
    "emails_backlog_end",
    "staff_present_fte_mean",
    "staff_present_share",
    "backlog_end",
    "decision_within_8w_share",
    "pending_over_3_months_end",
    "fb_issued",
    "fb_visits",
    "expired_person_days",
    "expired_persons",
];

/// The label of figure `name` (the name itself for a figure added after this table); a case
/// type's or team's figure `FIGURE[NAME]` is labelled "label (NAME)".
pub fn label(name: &str, lang: Lang) -> String {
    if let (base, Some(subject)) = crate::stats::breakdown::split_name(name) {
        return format!("{} ({subject})", label(base, lang));
    }
    match TEXTS.iter().find(|t| t.name == name) {
        Some(t) if lang == Lang::De => t.de.to_string(),
        Some(t) => t.en.to_string(),
        None => name.to_string(),
    }
}

/// The unit of a figure in words, e.g. "clients" → "Personen".
pub fn unit(unit: &str, lang: Lang) -> String {
    let (de, en) = match unit {
        "clients" | "persons" => ("Personen", "people"),
        "min" => ("Min.", "min"),
        "h" => ("Std.", "h"),
        "clock_h" => ("Uhr", "o'clock"),
        "days" => ("Tage", "days"),
        "day" => ("Tag", "day"),
        "share" => ("%", "%"),
        "appointments" => ("Termine", "appointments"),
        "attempts" => ("Versuche", "attempts"),
        "clients/day" => ("Personen/Tag", "people/day"),
        "slots" => ("Termine", "slots"),
        "FTE" => ("VZÄ", "FTE"),
        "requests" => ("Anliegen", "requests"),
        "decisions" => ("Entscheidungen", "decisions"),
        "applications" => ("Anträge", "applications"),
        "certificates" => ("Bescheinigungen", "certificates"),
        "visits" => ("Vorsprachen", "visits"),
        "person-days" => ("Personentage", "person-days"),
        "items/week" => ("Vorgänge/Woche", "items/week"),
        "calls" => ("Anrufe", "calls"),
        "e-mails" => ("E-Mails", "e-mails"),
        "enquiries" => ("Anfragen", "enquiries"),
        "hours" => ("Std.", "hours"),
        "euros/year" => ("€/Jahr", "€/year"),
        "euros" => ("€", "€"),
        other => (other, other),
    };
    if lang == Lang::De { de } else { en }.to_string()
}

/// How a change of the figure is best said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeMode {
    /// In per cent of the baseline: "sinkt um 18 %".
    Relative,
    /// A share, in percentage points: "steigt um 3,2 Prozentpunkte".
    Points,
    /// A clock time, in hours earlier or later.
    Clock,
    /// A day number, in days earlier or later.
    Days,
    /// An amount (money), in its own unit: "+428.568 €/Jahr".
    Absolute,
}

/// The change mode of a figure by its unit.
pub fn change_mode(unit: &str) -> ChangeMode {
    match unit {
        "share" => ChangeMode::Points,
        "clock_h" => ChangeMode::Clock,
        "day" => ChangeMode::Days,
        "euros" | "euros/year" => ChangeMode::Absolute,
        _ => ChangeMode::Relative,
    }
}

/// The subject of a sentence about a figure, with its grammatical number.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    pub text: &'static str,
    pub plural: bool,
}

/// The sentence subject of a headline figure (the clock figure has its own sentence).
pub fn subject(name: &str, lang: Lang) -> Option<Subject> {
    let s = |text, plural| Some(Subject { text, plural });
    match (name, lang) {
        ("portal_next_free_days_mean", Lang::De) => s("die Wartezeit auf den nächsten freien Online-Termin", false),
        ("portal_next_free_days_mean", Lang::En) => s("the wait for the next free online appointment", false),
        ("booking_attempts_failed", Lang::De) => s("die erfolglosen Buchungsversuche im Portal", true),
        ("booking_attempts_failed", Lang::En) => s("online booking attempts that find no slot", true),
        ("walkin_sent_home", Lang::De) => s("die Zahl der Fortschickungen am Notfallschalter", false),
        ("walkin_sent_home", Lang::En) => s("the number of visits sent home from the emergency desk", false),
        ("walkin_sent_home_people", Lang::De) => s("die Zahl der am Notfallschalter fortgeschickten Menschen", false),
        ("walkin_sent_home_people", Lang::En) => s("the number of people sent home from the emergency desk", false),
        ("walkin_wait_mean_min", Lang::De) => s("die mittlere Wartezeit am Notfallschalter", false),
        ("walkin_wait_mean_min", Lang::En) => s("the mean wait at the emergency desk", false),
        ("callers_reached_share", Lang::De) => s("der Anteil der Anrufenden, die durchkommen", false),
        ("callers_reached_share", Lang::En) => s("the share of callers who get through", false),
        ("emails_backlog_end", Lang::De) => s("die Zahl der unbeantworteten E-Mails am Ende", false),
        ("emails_backlog_end", Lang::En) => s("the number of e-mails unanswered at the end", false),
        ("staff_present_fte_mean", Lang::De) => s("das an Öffnungstagen anwesende Personal", false),
        ("staff_present_fte_mean", Lang::En) => s("the staff at work on open days", false),
        ("staff_present_share", Lang::De) => s("die Anwesenheitsquote", false),
        ("staff_present_share", Lang::En) => s("the share of positions at work", false),
        ("backlog_end", Lang::De) => s("der Rückstau unbearbeiteter Anträge", false),
        ("backlog_end", Lang::En) => s("the backlog of applications", false),
        ("decision_lead_time_mean_days", Lang::De) => s("die mittlere Bearbeitungsdauer eines Antrags", false),
        ("decision_lead_time_mean_days", Lang::En) => s("the mean time to a decision", false),
        ("decision_within_8w_share", Lang::De) => s("der Anteil der binnen acht Wochen entschiedenen Anträge", false),
        ("decision_within_8w_share", Lang::En) => s("the share of applications decided within eight weeks", false),
        ("pending_over_3_months_end", Lang::De) => s("die Zahl der über drei Monate unentschiedenen Anträge", false),
        ("pending_over_3_months_end", Lang::En) => {
            s("the number of applications undecided for over three months", false)
        }
        ("fb_issued", Lang::De) => s("die ausgestellten Fiktionsbescheinigungen", true),
        ("fb_issued", Lang::En) => s("provisional certificates issued", true),
        ("fb_visits", Lang::De) => s("die Vorsprachen zur Verlängerung von Fiktionsbescheinigungen", true),
        ("fb_visits", Lang::En) => s("visits to renew provisional certificates", true),
        ("counter_visits_per_decision", Lang::De) => s("die Vorsprachen je Entscheidung", true),
        ("counter_visits_per_decision", Lang::En) => s("counter visits per decision", true),
        ("expired_person_days", Lang::De) => s("die Personentage ohne gültiges Dokument", true),
        ("expired_person_days", Lang::En) => s("the days people spend without a valid document", true),
        ("expired_persons", Lang::De) => s("die Zahl der Menschen mindestens einen Tag ohne gültiges Dokument", false),
        ("expired_persons", Lang::En) => s("the number of people a whole day or more without a valid document", false),
        _ => None,
    }
}

/// Every figure of `FIGURES` in report order: the headline figures first, then the rest.
pub fn all_in_report_order() -> Vec<&'static str> {
    let rest = FIGURES.iter().map(|f| f.name).filter(|n| !HEADLINE.contains(n));
    HEADLINE.iter().copied().chain(rest).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_has_labels_and_every_headline_figure_a_subject() {
        for f in FIGURES {
            assert!(TEXTS.iter().any(|t| t.name == f.name), "{} has no label", f.name);
            assert_ne!(unit(f.unit, Lang::De), "", "{}", f.unit);
        }
        for name in HEADLINE {
            assert!(FIGURES.iter().any(|f| f.name == *name), "{name} is not a figure");
            if change_mode(FIGURES.iter().find(|f| f.name == *name).map_or("", |f| f.unit)) != ChangeMode::Clock {
                assert!(subject(name, Lang::De).is_some() && subject(name, Lang::En).is_some(), "{name}");
            }
        }
        assert_eq!(label("no_such_figure", Lang::De), "no_such_figure");
    }
}
