//! Statutory public holidays (gesetzliche Feiertage) of the German federal states.
//!
//! Offices are closed on these days, so the simulator needs them to tell working days
//! from non-working days. Only holidays that apply to a whole state are modelled;
//! holidays valid in some municipalities only (Augsburger Friedensfest, Mariä Himmelfahrt
//! in Bavaria, Fronleichnam in parts of Saxony and Thuringia) are left out, because an
//! office cannot be assumed to observe them.
//!
//! The rules describe the law in force since 1995 (when Buß- und Bettag stopped being
//! a nationwide holiday), including the dated changes since then. Earlier years are
//! computed with the same rules and are not a historical record.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

/// The 16 German federal states, identified by their ISO 3166-2:DE code without prefix ("NW", "BY", ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FederalState {
    BadenWuerttemberg,
    Bayern,
    Berlin,
    Brandenburg,
    Bremen,
    Hamburg,
    Hessen,
    MecklenburgVorpommern,
    Niedersachsen,
    NordrheinWestfalen,
    RheinlandPfalz,
    Saarland,
    Sachsen,
    SachsenAnhalt,
    SchleswigHolstein,
    Thueringen,
}

impl FederalState {
    /// Every state once, in the order of the enum (alphabetical by German name).
    pub const ALL: [FederalState; 16] = [
        FederalState::BadenWuerttemberg,
        FederalState::Bayern,
        FederalState::Berlin,
        FederalState::Brandenburg,
        FederalState::Bremen,
        FederalState::Hamburg,
        FederalState::Hessen,
        FederalState::MecklenburgVorpommern,
        FederalState::Niedersachsen,
        FederalState::NordrheinWestfalen,
        FederalState::RheinlandPfalz,
        FederalState::Saarland,
        FederalState::Sachsen,
        FederalState::SachsenAnhalt,
        FederalState::SchleswigHolstein,
        FederalState::Thueringen,
    ];

    /// Parses an ISO 3166-2:DE subdivision code without the "DE-" prefix, ignoring ASCII case.
    pub fn from_code(code: &str) -> Option<FederalState> {
        Self::ALL.into_iter().find(|state| state.code().eq_ignore_ascii_case(code))
    }

    /// The ISO 3166-2:DE subdivision code without the "DE-" prefix, in upper case.
    pub fn code(self) -> &'static str {
        match self {
            FederalState::BadenWuerttemberg => "BW",
            FederalState::Bayern => "BY",
            FederalState::Berlin => "BE",
            FederalState::Brandenburg => "BB",
            FederalState::Bremen => "HB",
            FederalState::Hamburg => "HH",
            FederalState::Hessen => "HE",
            FederalState::MecklenburgVorpommern => "MV",
            FederalState::Niedersachsen => "NI",
            FederalState::NordrheinWestfalen => "NW",
            FederalState::RheinlandPfalz => "RP",
            FederalState::Saarland => "SL",
            FederalState::Sachsen => "SN",
            FederalState::SachsenAnhalt => "ST",
            FederalState::SchleswigHolstein => "SH",
            FederalState::Thueringen => "TH",
        }
    }

    /// The German name of the state, for display.
    pub fn name(self) -> &'static str {
        match self {
            FederalState::BadenWuerttemberg => "Baden-Württemberg",
            FederalState::Bayern => "Bayern",
            FederalState::Berlin => "Berlin",
            FederalState::Brandenburg => "Brandenburg",
            FederalState::Bremen => "Bremen",
            FederalState::Hamburg => "Hamburg",
            FederalState::Hessen => "Hessen",
            FederalState::MecklenburgVorpommern => "Mecklenburg-Vorpommern",
            FederalState::Niedersachsen => "Niedersachsen",
            FederalState::NordrheinWestfalen => "Nordrhein-Westfalen",
            FederalState::RheinlandPfalz => "Rheinland-Pfalz",
            FederalState::Saarland => "Saarland",
            FederalState::Sachsen => "Sachsen",
            FederalState::SachsenAnhalt => "Sachsen-Anhalt",
            FederalState::SchleswigHolstein => "Schleswig-Holstein",
            FederalState::Thueringen => "Thüringen",
        }
    }
}

/// Gregorian Easter Sunday (anonymous Gregorian / Meeus-Jones-Butcher algorithm), any year 1583..=9999.
///
/// Easter is the anchor of all movable holidays (Karfreitag, Pfingsten, Fronleichnam, ...).
///
/// # Panics
///
/// Panics if `year` is outside 1583..=9999, where the Gregorian computus does not apply.
pub fn easter_sunday(year: i32) -> NaiveDate {
    assert!((1583..=9999).contains(&year), "easter_sunday: year {year} is outside the Gregorian range 1583..=9999");
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    let (month, day) = (n / 31, n % 31 + 1);
    // The algorithm yields a date between 22 March and 25 April, which always exists.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .expect("computus yields a date between 22 March and 25 April")
}

/// A public holiday: date and German name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: &'static str,
}

/// All statutory public holidays (gesetzliche Feiertage) of the state in that year, sorted by date, state-wide ones only.
///
/// Holidays that happen to share a date (e.g. Tag der Arbeit and Christi Himmelfahrt on
/// 1 May 2008) are listed separately, so the list length counts holidays, not days off.
///
/// # Panics
///
/// Panics if `year` is outside 1583..=9999 (see [`easter_sunday`]).
pub fn public_holidays(state: FederalState, year: i32) -> Vec<Holiday> {
    use FederalState::*;

    let easter = easter_sunday(year);
    let after_easter = |days: i64| easter + TimeDelta::days(days);
    let in_states = |states: &[FederalState]| states.contains(&state);

    // (applies in this state and year, date, name) — one row per holiday, in calendar order
    // for fixed dates; the list is sorted at the end anyway.
    let candidates = [
        (true, fixed_date(year, 1, 1), "Neujahr"),
        (in_states(&[BadenWuerttemberg, Bayern, SachsenAnhalt]), fixed_date(year, 1, 6), "Heilige Drei Könige"),
        (
            (state == Berlin && year >= 2019) || (state == MecklenburgVorpommern && year >= 2023),
            fixed_date(year, 3, 8),
            "Internationaler Frauentag",
        ),
        (true, after_easter(-2), "Karfreitag"),
        // Brandenburg names Easter and Whit Sunday explicitly in its holiday law.
        (state == Brandenburg, easter, "Ostersonntag"),
        (true, after_easter(1), "Ostermontag"),
        (true, fixed_date(year, 5, 1), "Tag der Arbeit"),
        // One-off holidays for the 75th and 80th anniversary of the end of the war.
        (state == Berlin && matches!(year, 2020 | 2025), fixed_date(year, 5, 8), "Tag der Befreiung"),
        (true, after_easter(39), "Christi Himmelfahrt"),
        (state == Brandenburg, after_easter(49), "Pfingstsonntag"),
        (true, after_easter(50), "Pfingstmontag"),
        (
            in_states(&[BadenWuerttemberg, Bayern, Hessen, NordrheinWestfalen, RheinlandPfalz, Saarland]),
            after_easter(60),
            "Fronleichnam",
        ),
        (state == Saarland, fixed_date(year, 8, 15), "Mariä Himmelfahrt"),
        (state == Thueringen && year >= 2019, fixed_date(year, 9, 20), "Weltkindertag"),
        (true, fixed_date(year, 10, 3), "Tag der Deutschen Einheit"),
        (has_reformation_day(state, year), fixed_date(year, 10, 31), "Reformationstag"),
        (
            in_states(&[BadenWuerttemberg, Bayern, NordrheinWestfalen, RheinlandPfalz, Saarland]),
            fixed_date(year, 11, 1),
            "Allerheiligen",
        ),
        (state == Sachsen, day_of_repentance(year), "Buß- und Bettag"),
        (true, fixed_date(year, 12, 25), "1. Weihnachtsfeiertag"),
        (true, fixed_date(year, 12, 26), "2. Weihnachtsfeiertag"),
    ];

    let mut holidays: Vec<Holiday> = candidates
        .into_iter()
        .filter(|&(applies, _, _)| applies)
        .map(|(_, date, name)| Holiday { date, name })
        .collect();
    // Stable sort: holidays sharing a date keep the order of the table above.
    holidays.sort_by_key(|holiday| holiday.date);
    holidays
}

/// True when the date is a public holiday in the state.
///
/// # Panics
///
/// Panics if the year of `date` is outside 1583..=9999 (see [`easter_sunday`]).
pub fn is_public_holiday(state: FederalState, date: NaiveDate) -> bool {
    public_holidays(state, date.year()).iter().any(|holiday| holiday.date == date)
}

/// A fixed calendar date; only called with month/day pairs that exist in every year.
fn fixed_date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("fixed holiday dates exist in every year")
}

/// Reformationstag: permanent in the eastern states, in the northern states since 2018,
/// and in every state in 2017 for the 500th anniversary of the Reformation.
fn has_reformation_day(state: FederalState, year: i32) -> bool {
    use FederalState::*;
    year == 2017
        || match state {
            Brandenburg | MecklenburgVorpommern | Sachsen | SachsenAnhalt | Thueringen => true,
            Bremen | Hamburg | Niedersachsen | SchleswigHolstein => year >= 2018,
            _ => false,
        }
}

/// Buß- und Bettag: the last Wednesday before 23 November, i.e. between 16 and 22 November.
fn day_of_repentance(year: i32) -> NaiveDate {
    let nov_22 = fixed_date(year, 11, 22);
    let days_since_wednesday = (nov_22.weekday().num_days_from_monday() + 7 - Weekday::Wed.num_days_from_monday()) % 7;
    nov_22 - TimeDelta::days(i64::from(days_since_wednesday))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn has_holiday(state: FederalState, year: i32, name: &str) -> bool {
        public_holidays(state, year).iter().any(|h| h.name == name)
    }

    #[test]
    fn easter_known_years() {
        let known = [
            date(2000, 4, 23),
            date(2008, 3, 23),
            date(2011, 4, 24),
            date(2019, 4, 21),
            date(2024, 3, 31),
            date(2025, 4, 20),
            date(2038, 4, 25),
            date(2285, 3, 22), // earliest possible date
            date(1943, 4, 25), // latest possible date
            date(1583, 4, 10),
            date(9999, 3, 28),
        ];
        for expected in known {
            assert_eq!(easter_sunday(expected.year()), expected);
        }
    }

    #[test]
    fn easter_is_a_sunday_in_range() {
        for year in 1583..=9999 {
            let easter = easter_sunday(year);
            assert_eq!(easter.weekday(), Weekday::Sun, "{year}");
            assert!(easter >= date(year, 3, 22) && easter <= date(year, 4, 25), "{easter}");
        }
    }

    #[test]
    #[should_panic(expected = "outside the Gregorian range")]
    fn easter_rejects_julian_years() {
        easter_sunday(1582);
    }

    #[test]
    fn nrw_2024_exact_dates() {
        let dates: Vec<NaiveDate> =
            public_holidays(FederalState::NordrheinWestfalen, 2024).into_iter().map(|h| h.date).collect();
        let expected = vec![
            date(2024, 1, 1),
            date(2024, 3, 29),
            date(2024, 4, 1),
            date(2024, 5, 1),
            date(2024, 5, 9),
            date(2024, 5, 20),
            date(2024, 5, 30),
            date(2024, 10, 3),
            date(2024, 11, 1),
            date(2024, 12, 25),
            date(2024, 12, 26),
        ];
        assert_eq!(dates, expected);
    }

    #[test]
    fn nrw_working_days_across_year_boundary() {
        let (from, to) = (date(2023, 10, 16), date(2024, 2, 26));
        let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
        let weekdays: Vec<NaiveDate> =
            days.iter().copied().filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)).collect();
        let working = weekdays.iter().filter(|d| !is_public_holiday(FederalState::NordrheinWestfalen, **d)).count();
        assert_eq!(days.len(), 134);
        assert_eq!(weekdays.len(), 96);
        // Minus Allerheiligen (Wed), 25/26 Dec (Mon/Tue) and Neujahr (Mon).
        assert_eq!(working, 92);
    }

    #[test]
    fn counts_per_state_2025() {
        use FederalState::*;
        // 9 federal holidays plus, per state:
        let expected = [
            (BadenWuerttemberg, 12),     // + Heilige Drei Könige, Fronleichnam, Allerheiligen
            (Bayern, 12),                // + Heilige Drei Könige, Fronleichnam, Allerheiligen
            (Berlin, 11),                // + Frauentag, Tag der Befreiung (one-off 2025)
            (Brandenburg, 12),           // + Ostersonntag, Pfingstsonntag, Reformationstag
            (Bremen, 10),                // + Reformationstag
            (Hamburg, 10),               // + Reformationstag
            (Hessen, 10),                // + Fronleichnam
            (MecklenburgVorpommern, 11), // + Frauentag, Reformationstag
            (Niedersachsen, 10),         // + Reformationstag
            (NordrheinWestfalen, 11),    // + Fronleichnam, Allerheiligen
            (RheinlandPfalz, 11),        // + Fronleichnam, Allerheiligen
            (Saarland, 12),              // + Fronleichnam, Mariä Himmelfahrt, Allerheiligen
            (Sachsen, 11),               // + Reformationstag, Buß- und Bettag
            (SachsenAnhalt, 11),         // + Heilige Drei Könige, Reformationstag
            (SchleswigHolstein, 10),     // + Reformationstag
            (Thueringen, 11),            // + Weltkindertag, Reformationstag
        ];
        assert_eq!(expected.len(), FederalState::ALL.len());
        for (state, count) in expected {
            assert_eq!(public_holidays(state, 2025).len(), count, "{state:?}");
        }
    }

    #[test]
    fn federal_holidays_everywhere() {
        let federal = [
            "Neujahr",
            "Karfreitag",
            "Ostermontag",
            "Tag der Arbeit",
            "Christi Himmelfahrt",
            "Pfingstmontag",
            "Tag der Deutschen Einheit",
            "1. Weihnachtsfeiertag",
            "2. Weihnachtsfeiertag",
        ];
        for state in FederalState::ALL {
            for name in federal {
                assert!(has_holiday(state, 2025, name), "{state:?} {name}");
            }
        }
    }

    #[test]
    fn lists_are_sorted_and_within_year() {
        for state in FederalState::ALL {
            for year in 1995..=2100 {
                let holidays = public_holidays(state, year);
                assert!(holidays.windows(2).all(|w| w[0].date <= w[1].date));
                assert!(holidays.iter().all(|h| h.date.year() == year));
            }
        }
    }

    #[test]
    fn coinciding_holidays_are_both_listed() {
        // Easter 2008 was 23 March, so Ascension fell on 1 May.
        let holidays = public_holidays(FederalState::Hessen, 2008);
        let may_first: Vec<&str> = holidays.iter().filter(|h| h.date == date(2008, 5, 1)).map(|h| h.name).collect();
        assert_eq!(may_first, ["Tag der Arbeit", "Christi Himmelfahrt"]);
    }

    #[test]
    fn day_of_repentance_in_saxony_only() {
        assert!(is_public_holiday(FederalState::Sachsen, date(2024, 11, 20)));
        assert!(is_public_holiday(FederalState::Sachsen, date(2025, 11, 19)));
        assert!(!is_public_holiday(FederalState::Sachsen, date(2025, 11, 20)));
        assert!(!is_public_holiday(FederalState::Bayern, date(2024, 11, 20)));
        for year in 1995..=2100 {
            let day = day_of_repentance(year);
            assert_eq!(day.weekday(), Weekday::Wed);
            assert!(day >= date(year, 11, 16) && day <= date(year, 11, 22), "{day}");
        }
    }

    #[test]
    fn reformation_day_rules() {
        let reformation = |state, year| is_public_holiday(state, date(year, 10, 31));
        assert!(reformation(FederalState::NordrheinWestfalen, 2017));
        assert!(!reformation(FederalState::NordrheinWestfalen, 2018));
        assert!(!reformation(FederalState::Bremen, 2016));
        assert!(reformation(FederalState::Bremen, 2018));
        assert!(reformation(FederalState::Sachsen, 2016));
        for state in FederalState::ALL {
            assert!(reformation(state, 2017), "{state:?}");
        }
    }

    #[test]
    fn dated_state_holidays() {
        let (berlin, mv, th) = (FederalState::Berlin, FederalState::MecklenburgVorpommern, FederalState::Thueringen);
        assert!(!is_public_holiday(berlin, date(2018, 3, 8)));
        assert!(is_public_holiday(berlin, date(2019, 3, 8)));
        assert!(!is_public_holiday(mv, date(2022, 3, 8)));
        assert!(is_public_holiday(mv, date(2023, 3, 8)));
        assert!(!is_public_holiday(th, date(2018, 9, 20)));
        assert!(is_public_holiday(th, date(2019, 9, 20)));
        assert!(is_public_holiday(berlin, date(2020, 5, 8)));
        assert!(!is_public_holiday(berlin, date(2021, 5, 8)));
        assert!(is_public_holiday(berlin, date(2025, 5, 8)));
        assert!(!is_public_holiday(FederalState::Brandenburg, date(2025, 5, 8)));
    }

    #[test]
    fn municipal_holidays_excluded() {
        // Mariä Himmelfahrt is state-wide only in Saarland; in Bavaria it depends on the municipality.
        assert!(is_public_holiday(FederalState::Saarland, date(2025, 8, 15)));
        assert!(!is_public_holiday(FederalState::Bayern, date(2025, 8, 15)));
        // Augsburger Friedensfest.
        assert!(!is_public_holiday(FederalState::Bayern, date(2025, 8, 8)));
        // Fronleichnam (19 June 2025) only in parts of Saxony and Thuringia.
        assert!(is_public_holiday(FederalState::Hessen, date(2025, 6, 19)));
        assert!(!is_public_holiday(FederalState::Sachsen, date(2025, 6, 19)));
        assert!(!is_public_holiday(FederalState::Thueringen, date(2025, 6, 19)));
    }

    #[test]
    fn brandenburg_sundays() {
        let holidays = public_holidays(FederalState::Brandenburg, 2025);
        let find = |name| holidays.iter().find(|h| h.name == name).map(|h| h.date);
        assert_eq!(find("Ostersonntag"), Some(date(2025, 4, 20)));
        assert_eq!(find("Pfingstsonntag"), Some(date(2025, 6, 8)));
        assert!(!has_holiday(FederalState::Berlin, 2025, "Ostersonntag"));
    }

    #[test]
    fn codes_round_trip() {
        let codes = ["BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"];
        for code in codes {
            let state = FederalState::from_code(code).unwrap();
            assert_eq!(state.code(), code);
            assert_eq!(FederalState::from_code(&code.to_ascii_lowercase()), Some(state));
        }
        for state in FederalState::ALL {
            assert_eq!(FederalState::from_code(state.code()), Some(state));
        }
        assert_eq!(FederalState::from_code("XX"), None);
        assert_eq!(FederalState::from_code(""), None);
        assert_eq!(FederalState::from_code("DE-NW"), None);
        assert_eq!(FederalState::NordrheinWestfalen.name(), "Nordrhein-Westfalen");
    }
}
