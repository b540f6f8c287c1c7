//! Reading an appointment log as booking software exports it: a header row, `,` or `;`
//! between cells, date-times as `YYYY-MM-DD HH:MM` or `DD.MM.YYYY HH:MM`, and status words
//! mapped to the statuses amtsim knows.
//!
//! Rows that cannot be read are counted, never fatal; a missing column or an unknown status
//! word is an error, because every later number would be wrong.

use super::FitError;
use crate::stats::AppointmentStatus;
use chrono::NaiveDateTime;

/// Column names in the file for each field; `service_start`/`service_end` are optional.
#[derive(Debug, Clone)]
pub struct ColumnNames {
    pub booking: String,
    pub appointment: String,
    pub case: String,
    pub status: String,
    pub service_start: String,
    pub service_end: String,
    /// The service columns were named explicitly: then they must exist.
    pub service_required: bool,
}

impl Default for ColumnNames {
    fn default() -> Self {
        ColumnNames {
            booking: "booking_time".into(),
            appointment: "appointment_time".into(),
            case: "case_type".into(),
            status: "status".into(),
            service_start: "service_start".into(),
            service_end: "service_end".into(),
            service_required: false,
        }
    }
}

/// Status words and what they mean; matched ignoring case and surrounding spaces.
#[derive(Debug, Clone)]
pub struct StatusWords(Vec<(String, AppointmentStatus)>);

impl Default for StatusWords {
    /// amtsim's own words and common German ones.
    fn default() -> Self {
        let mut words: Vec<(String, AppointmentStatus)> =
            AppointmentStatus::ALL.iter().map(|s| (s.word().to_string(), *s)).collect();
        let german = [
            ("erschienen", AppointmentStatus::Attended),
            ("wahrgenommen", AppointmentStatus::Attended),
            ("nicht erschienen", AppointmentStatus::NoShow),
            ("nicht wahrgenommen", AppointmentStatus::NoShow),
            ("storniert", AppointmentStatus::Cancelled),
            ("abgesagt", AppointmentStatus::Cancelled),
            ("gebucht", AppointmentStatus::Booked),
        ];
        words.extend(german.iter().map(|(w, s)| (w.to_string(), *s)));
        StatusWords(words)
    }
}

impl StatusWords {
    /// Adds `word` for `status` (given words take precedence over the defaults).
    pub fn add(&mut self, word: &str, status: AppointmentStatus) {
        self.0.insert(0, (word.trim().to_lowercase(), status));
    }

    fn find(&self, word: &str) -> Option<AppointmentStatus> {
        let word = word.trim().to_lowercase();
        self.0.iter().find(|(w, _)| *w == word).map(|(_, s)| *s)
    }
}

/// One readable row of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    /// Line number in the file (1 = header).
    pub line: usize,
    pub booked: NaiveDateTime,
    pub appointment: NaiveDateTime,
    /// Index into `Log::cases`.
    pub case: usize,
    pub status: AppointmentStatus,
    pub service: Option<(NaiveDateTime, NaiveDateTime)>,
}

/// The readable rows, the case type names in order of first appearance, and what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Log {
    pub rows: Vec<LogRow>,
    pub cases: Vec<String>,
    /// Line numbers of rows that could not be read.
    pub unreadable: Vec<usize>,
    /// Line numbers of rows identical to an earlier row (kept: two clients can book the same
    /// slot time in the same minute).
    pub duplicates: Vec<usize>,
    /// Whether the file has service times.
    pub has_service_times: bool,
    pub data_lines: usize,
}

const FORMATS: [&str; 6] = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
];

/// A local date-time in one of the accepted formats.
pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    // A two-digit year ("25-03-04") parses as year 25: no booking log reaches back that far.
    FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .filter(|t| (1900..=2200).contains(&chrono::Datelike::year(t)))
}

/// Reads the log in `text` (from `file`, for messages).
pub fn read_log(text: &str, file: &str, columns: &ColumnNames, words: &StatusWords) -> Result<Log, FitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or("").trim_end_matches('\r');
    let delimiter = if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' };
    // RFC 4180 as spreadsheets write it: a quoted cell may hold the delimiter, quotes and
    // line breaks (a comment over two lines is one row).
    let mut records = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records();
    let mut next_record = |file: &str| -> Result<Option<(usize, csv::StringRecord)>, FitError> {
        match records.next() {
            None => Ok(None),
            Some(Ok(record)) => Ok(Some((record.position().map_or(0, |p| p.line() as usize), record))),
            Some(Err(e)) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                Err(FitError::input(file, line, None, "", format!("not readable as CSV: {e}")))
            }
        }
    };
    let Some((_, header_record)) = next_record(file)? else {
        return Err(FitError::input(file, 1, None, "", "the file is empty; expected a header row"));
    };
    let names: Vec<String> = header_record.iter().map(|c| c.trim().to_string()).collect();
    let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let require = |name: &str, option: &str| {
        find(name).ok_or_else(|| {
            FitError::input(
                file,
                1,
                Some(name),
                header,
                format!("no column \"{name}\" in the header (columns: {}); name it with {option}", names.join(", ")),
            )
        })
    };
    let booking = require(&columns.booking, "--booking-col")?;
    let appointment = require(&columns.appointment, "--appointment-col")?;
    let case = require(&columns.case, "--case-col")?;
    let status = require(&columns.status, "--status-col")?;
    let service = match (find(&columns.service_start), find(&columns.service_end)) {
        (Some(s), Some(e)) => Some((s, e)),
        _ if columns.service_required => {
            require(&columns.service_start, "--start-col")?;
            require(&columns.service_end, "--end-col")?;
            None
        }
        _ => None,
    };
    let mut log = Log { has_service_times: service.is_some(), ..Log::default() };
    let mut seen = std::collections::HashSet::new();
    while let Some((line, cells)) = next_record(file)? {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        log.data_lines += 1;
        if !seen.insert(cells.iter().collect::<Vec<_>>().join("\u{1f}")) {
            log.duplicates.push(line);
        }
        let cell = |i: usize| cells.get(i).unwrap_or("");
        let word = cell(status);
        let Some(status_value) = words.find(word) else {
            if word.trim().is_empty() {
                log.unreadable.push(line);
                continue;
            }
            return Err(FitError::input(
                file,
                line,
                Some(&columns.status),
                word,
                "unknown status word; map it with --status attended=WORD (or no_show=, cancelled=, booked=, turned_away=, cancelled_by_office=, unconfirmed=)",
            ));
        };
        let times = (parse_time(cell(booking)), parse_time(cell(appointment)));
        let service_times = service.map(|(s, e)| (cell(s).trim(), cell(e).trim()));
        let service_value = match service_times {
            None | Some(("", "")) => Some(None),
            Some((s, e)) => parse_time(s).zip(parse_time(e)).map(Some),
        };
        let name = cell(case).trim();
        match (times, service_value) {
            ((Some(booked), Some(appt)), Some(service_value)) if !name.is_empty() => {
                let case = match log.cases.iter().position(|c| c == name) {
                    Some(i) => i,
                    None => {
                        log.cases.push(name.to_string());
                        log.cases.len() - 1
                    }
                };
                log.rows.push(LogRow {
                    line,
                    booked,
                    appointment: appt,
                    case,
                    status: status_value,
                    service: service_value,
                });
            }
            _ => log.unreadable.push(line),
        }
    }
    Ok(log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_date_formats_and_quoted_cells_are_read() {
        assert_eq!(parse_time("2025-03-04 08:30"), parse_time("04.03.2025 08:30"));
        assert!(parse_time("2025-03-04").is_none());
        assert!(parse_time("25-03-04 08:30").is_none());
    }

    #[test]
    fn quoted_cells_keep_delimiters_quotes_and_line_breaks() {
        let text = "booking_time;appointment_time;case_type;status;note\n\
                    2025-03-03 10:00;2025-03-06 08:00;\"a;b\";attended;\"say \"\"hi\"\"\nand more\"\n\
                    2025-03-03 10:05;2025-03-06 08:15;a;no_show;\n";
        let log = read_log(text, "log.csv", &ColumnNames::default(), &StatusWords::default()).unwrap();
        assert_eq!(log.cases, ["a;b", "a"]);
        assert_eq!(log.rows.len(), 2);
        assert_eq!(log.rows[1].line, 4, "lines are counted in the file, the two-line cell included");
        assert!(log.unreadable.is_empty());
    }
}
