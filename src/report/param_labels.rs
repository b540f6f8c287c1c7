//! Scenario keys in words, for the assumptions table and for saying what a policy or a
//! sweep changes. Keys are matched without their array indices (`staff[1].head_count` →
//! `staff.head_count`), the longest known ending first, so a case type's own
//! `portal.no_show_prob` reads like the portal's, and so does a booking tool's.

use super::Lang;

const LABELS: &[(&str, &str, &str)] = &[
    ("simulation.start_date", "Erster simulierter Tag", "First simulated day"),
    ("simulation.days", "Simulierte Tage", "Days simulated"),
    ("simulation.warmup_days", "Einschwingzeit, nicht gezählt (Tage)", "Warm-up, not counted (days)"),
    ("simulation.seed", "Startwert der Zufallszahlen", "Random seed"),
    ("simulation.replications", "Wiederholungen", "Replications"),
    ("calendar.holidays", "Feiertage (Bundesland)", "Public holidays (federal state)"),
    ("calendar.closed_dates", "Weitere Schließtage", "Further closing days"),
    ("opening_hours.monday", "Öffnungszeiten Montag", "Opening hours Monday"),
    ("opening_hours.tuesday", "Öffnungszeiten Dienstag", "Opening hours Tuesday"),
    ("opening_hours.wednesday", "Öffnungszeiten Mittwoch", "Opening hours Wednesday"),
    ("opening_hours.thursday", "Öffnungszeiten Donnerstag", "Opening hours Thursday"),
    ("opening_hours.friday", "Öffnungszeiten Freitag", "Opening hours Friday"),
    ("opening_hours.saturday", "Öffnungszeiten Samstag", "Opening hours Saturday"),
    ("opening_hours.sunday", "Öffnungszeiten Sonntag", "Opening hours Sunday"),
    ("calendar.saturday_openings", "Samstagsöffnungen", "Saturday openings"),
    ("saturday_openings.every_weeks", "Samstagsöffnung alle … Wochen", "Saturday opening every … weeks"),
    ("saturday_openings.first", "Erster geöffneter Samstag", "First open Saturday"),
    ("saturday_openings.dates", "Weitere geöffnete Samstage", "Further open Saturdays"),
    ("saturday_openings.hours", "Öffnungszeiten an Samstagen", "Saturday opening hours"),
    ("case_types.name", "Anliegen", "Case type"),
    ("case_types.arrivals", "Neue Anliegen (Zugang)", "New arrivals"),
    ("arrivals.per_week", "Neue Anliegen pro Woche", "Arrivals per week"),
    ("arrivals.per_day", "Neue Anliegen pro Tag", "Arrivals per day"),
    ("case_types.channels", "Zugangsweg (Portal / Notfallschalter)", "Channel (portal / walk-in)"),
    ("case_types.service_time", "Bearbeitungszeit am Schalter", "Counter service time"),
    ("case_types.slot_min", "Terminlänge im Portal (Min.)", "Portal slot length (min)"),
    ("case_types.deadline_days", "Zeit bis zum Ablauf des Dokuments", "Time until the document expires"),
    ("case_types.holders", "Inhaberinnen und Inhaber befristeter Papiere", "Holders of time-limited papers"),
    ("holders.count", "Zahl der Inhaberinnen und Inhaber", "Number of holders"),
    ("case_types.back_office", "Antragsbearbeitung im Hintergrund", "Back-office processing"),
    ("back_office.initial_backlog", "Rückstau zu Beginn (Anträge)", "Backlog at the start (applications)"),
    ("staff.name", "Team", "Team"),
    ("staff.head_count", "Beschäftigte (Köpfe, Vollzeit)", "Staff (head count, full-time)"),
    ("staff.positions_fte", "Planstellen (VZÄ)", "Positions (FTE)"),
    ("staff.filled_fte", "Besetzte Stellen (VZÄ)", "Positions filled (FTE)"),
    ("staff.part_time_share", "Anteil Teilzeitkräfte", "Share working part-time"),
    ("staff.part_time_fte", "Umfang einer Teilzeitstelle (VZÄ)", "Part-time FTE"),
    ("staff.minutes_per_day", "Arbeitsminuten pro Tag (Vollzeit)", "Working minutes per full-time day"),
    ("staff.work", "Aufgaben", "Work"),
    ("staff.case_types", "Zuständig für", "Serves case types"),
    ("staff.counter_share", "Anteil der Arbeitszeit am Schalter", "Share of time at the counter"),
    ("staff.sick_leave", "Krankheitsausfall", "Sick leave"),
    ("staff.vacation_days_per_year", "Urlaubstage pro Jahr", "Vacation days per year"),
    ("staff.vacation_month_weights", "Urlaubsverteilung über das Jahr", "Vacation by month"),
    ("staff.training_days_per_year", "Fortbildungstage pro Jahr", "Training days per year"),
    ("staff.hires", "Neueinstellungen", "Hires"),
    ("staff.recruiting_delay_days", "Dauer bis zum Dienstantritt (Tage)", "Recruiting delay (days)"),
    ("staff.ramp", "Einarbeitung neuer Beschäftigter", "Onboarding ramp"),
    ("staff.quit_rate_per_year", "Kündigungen pro Kopf und Jahr", "Quits per person and year"),
    ("staff.replacement_delay_days", "Nachbesetzung einer Stelle (Tage)", "Replacement delay (days)"),
    ("staff.absent_rule", "Termine abwesender Beschäftigter", "Appointments of absent staff"),
    ("staff.overtime_limit_min", "Überstundengrenze (Min. pro Tag)", "Overtime limit (min per day)"),
    ("portal.horizon_days", "Buchungshorizont des Portals (Tage)", "Portal booking horizon (days)"),
    ("portal.release_time", "Freischaltung neuer Termine (Uhrzeit)", "Release time of new slots"),
    ("portal.no_show_prob", "Anteil nicht wahrgenommener Termine", "No-show probability"),
    (
        "portal.no_show_increase_per_week",
        "Zunahme des Nichterscheinens je Woche Vorlauf",
        "No-show increase per week of lead",
    ),
    ("portal.reminder_factor", "Wirkung von Terminerinnerungen (Faktor)", "Reminder effect (factor)"),
    ("portal.attendance_unrecorded_prob", "Anteil nicht erfasster Anwesenheit", "Attendance not recorded"),
    ("portal.overbooking", "Überbuchung", "Overbooking"),
    ("portal.wrong_category_prob", "Anteil falsch gebuchter Terminarten", "Wrong-category bookings"),
    (
        "portal.wrong_category_service_min",
        "Zeitverlust bei falscher Terminart (Min.)",
        "Time lost on a wrong category (min)",
    ),
    ("portal.cancel_prob", "Anteil stornierter Buchungen", "Cancellation probability"),
    ("portal.duplicate_prob", "Anteil Mehrfachbuchungen", "Duplicate-booking probability"),
    (
        "portal.duplicate_extra_slots",
        "Zusätzlich blockierte Termine je Mehrfachbuchung",
        "Extra slots per duplicate booker",
    ),
    ("portal.duplicate_drop_days", "Freigabe von Mehrfachbuchungen (Tage vorher)", "Duplicates dropped (days before)"),
    ("portal.urgent_days", "Dringlich ab … Tagen vor Ablauf", "Urgent within … days of expiry"),
    ("portal.confirmation", "Bestätigung gebuchter Termine", "Booking confirmation"),
    ("confirmation.required", "Bestätigung erforderlich", "Confirmation required"),
    ("portal.retry", "Erneute Buchungsversuche", "Booking retries"),
    ("walkin.hours", "Öffnungszeiten des Notfallschalters", "Emergency desk hours"),
    ("walkin.tickets_per_day", "Wartemarken pro Tag", "Tickets per day"),
    ("walkin.send_home_at_close", "Fortschicken bei Schalterschluss", "Sent home at closing"),
    ("walkin.return_share", "Anteil Fortgeschickter, der wiederkommt", "Share sent home who return"),
    ("walkin.arrival_window", "Ankunftszeiten am Notfallschalter", "Arrival window at the desk"),
    ("walkin.patience", "Geduld in der Warteschlange (Minuten)", "Patience in the queue (minutes)"),
    ("walkin.learned", "Ankunftszeit nach Erfahrung der letzten Tage", "Arrival time learnt from recent days"),
    ("walkin.learned.memory_days", "Erinnerte Tage", "Days remembered"),
    ("walkin.learned.expect", "Maßgeblicher Tag (Mittel oder frühester)", "Day people go by (mean or earliest)"),
    ("walkin.learned.margin_min", "Sicherheitsabstand (Minuten)", "Safety margin (minutes)"),
    ("walkin.learned.spread_min", "Streuung der Ankunft (Minuten)", "Spread of arrivals (minutes)"),
    ("walkin.learned.relaxed_window", "Ankunftszeiten ohne Andrang", "Arrival window without a rush"),
    ("walkin.learned.earliest", "Früheste Ankunft (Vorabend)", "Earliest arrival (evening before)"),
    ("walkin.digital_number", "Digitale Wartenummer", "Digital queue number"),
    ("walkin.digital_number_lead_min", "Ankunft vor dem Aufruf (Minuten)", "Arrival before one's turn (minutes)"),
    ("enquiries.phone.agents", "Beschäftigte an der Hotline", "Clerks on the hotline"),
    ("enquiries.phone.hours", "Besetzte Zeiten der Hotline", "Staffed hours of the hotline"),
    ("enquiries.phone.calling_hours", "Zeiten, zu denen angerufen wird", "Hours in which people call"),
    ("enquiries.phone.calls_per_hour", "Erstanrufe pro Stunde", "First calls per hour"),
    ("enquiries.phone.handling", "Gesprächsdauer", "Call handling time"),
    ("enquiries.phone.patience", "Geduld in der Warteschleife", "Patience on hold"),
    ("enquiries.phone.retrial_share", "Anteil erneuter Anrufversuche", "Share of callers who try again"),
    ("enquiries.phone.retrial_delay", "Zeit bis zum erneuten Anruf", "Time until a caller tries again"),
    ("enquiries.phone.callback", "Rückrufservice", "Call-back service"),
    ("enquiries.email.agents", "Beschäftigte am E-Mail-Postfach", "Clerks on the inbox"),
    ("enquiries.email.hours", "Bearbeitungszeiten des Postfachs", "Hours the inbox is worked"),
    ("enquiries.email.per_day", "E-Mails pro Tag", "E-mails per day"),
    ("enquiries.email.handling", "Bearbeitungszeit einer E-Mail", "Handling time of an e-mail"),
    (
        "enquiries.email.template_share",
        "Anteil mit Textbausteinen beantworteter E-Mails",
        "Share of e-mails answered with templates",
    ),
    ("enquiries.email.template_handling", "Bearbeitungszeit mit Textbaustein", "Handling time with a template"),
    (
        "enquiries.generated.status_after_days",
        "Sachstandsanfragen ab Wartezeit (Tage)",
        "Status enquiries after waiting (days)",
    ),
    (
        "enquiries.generated.status_per_week",
        "Sachstandsanfragen je Wartenden und Woche",
        "Status enquiries per waiting applicant and week",
    ),
    ("enquiries.generated.no_slot_share", "Anfragen nach erfolgloser Terminsuche", "Enquiries after finding no slot"),
    ("enquiries.generated.sent_home_share", "Anfragen nach Abweisung am Schalter", "Enquiries after being sent home"),
    ("enquiries.generated.phone_share", "Anteil telefonischer Anfragen", "Share of enquiries by phone"),
    (
        "walkin.patience_return_share",
        "Anteil der Ungeduldigen, der wiederkommt",
        "Share of those who left impatient who return",
    ),
    ("permits.fb_case_type", "Anliegen „Fiktionsbescheinigung verlängern“", "Case type for certificate renewals"),
    (
        "permits.fb_validity_months",
        "Gültigkeit einer Fiktionsbescheinigung (Monate)",
        "Validity of a provisional certificate (months)",
    ),
    ("permits.fb_renewal_lead_days", "Vorlauf der Verlängerung (Tage)", "Renewal lead (days)"),
    ("permits.backlog_order", "Reihenfolge der Antragsbearbeitung", "Order of processing"),
    ("permits.backlog_cleared_below", "Rückstau gilt als abgebaut unter", "Backlog counts as cleared below"),
];

/// A key path without array indices: `staff[1].head_count` → `staff.head_count`.
fn plain(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The key `path` in words, if known.
pub fn param_label(path: &str, lang: Lang) -> Option<&'static str> {
    let mut plain = plain(path.trim_matches('"'));
    // A booking tool's key reads like the portal's.
    if let Some((_tool, key)) = crate::scenario::tool_key(&plain) {
        plain = format!("portal.{key}");
    }
    let mut rest = plain.as_str();
    loop {
        if let Some((_, de, en)) = LABELS.iter().find(|(key, _, _)| *key == rest) {
            return Some(if lang == Lang::De { de } else { en });
        }
        rest = rest.split_once('.')?.1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_without_indices_and_by_their_ending() {
        assert_eq!(param_label("staff[1].head_count", Lang::De), Some("Beschäftigte (Köpfe, Vollzeit)"));
        assert_eq!(param_label("case_types[3].portal.no_show_prob", Lang::En), Some("No-show probability"));
        assert_eq!(param_label("calendar.opening_hours.friday", Lang::De), Some("Öffnungszeiten Freitag"));
        assert_eq!(param_label("\"portal.confirmation.required\"", Lang::De), Some("Bestätigung erforderlich"));
        assert_eq!(param_label("portal.tools.ukraine.horizon_days", Lang::En), Some("Portal booking horizon (days)"));
        assert_eq!(param_label("nothing.known", Lang::De), None);
    }
}
