//! The language of what a chart writes by itself: legend keys ("Median", "95 %-KI"), the
//! "no data" mark, numbers (decimal comma or point) and date labels. Titles, axis labels and
//! series names come from the caller, already in its language.

/// Language of a chart's own texts and number format. German is the default: the bundled
/// scenarios are German offices and their reports go to German committees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// German: `1.234,5`, "Mär 2025", "90 %-Intervall".
    #[default]
    De,
    /// English: `1,234.5`, "Mar 2025", "90% interval".
    En,
}

/// The fixed words of charts in one language.
#[derive(Debug)]
pub(super) struct Words {
    pub median: &'static str,
    pub band_50: &'static str,
    pub band_90: &'static str,
    pub mean: &'static str,
    pub ci_95: &'static str,
    pub mean_ci: &'static str,
    pub no_data: &'static str,
}

const DE: Words = Words {
    median: "Median",
    band_50: "50 %-Intervall",
    band_90: "90 %-Intervall",
    mean: "Mittelwert",
    ci_95: "95 %-KI",
    mean_ci: "Mittelwert, 95 %-KI",
    no_data: "keine Daten",
};

const EN: Words = Words {
    median: "Median",
    band_50: "50% interval",
    band_90: "90% interval",
    mean: "Mean",
    ci_95: "95% CI",
    mean_ci: "Mean, 95% CI",
    no_data: "no data",
};

const MONTHS_DE: [&str; 12] = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Lang {
    /// Both languages, German first.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The ISO 639-1 code: "de" or "en".
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    pub(super) fn words(self) -> &'static Words {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }

    /// Abbreviated name of month `m` (1-12).
    pub(super) fn month(self, m: u32) -> &'static str {
        let names = match self {
            Lang::De => &MONTHS_DE,
            Lang::En => &MONTHS_EN,
        };
        names[(m.clamp(1, 12) - 1) as usize]
    }

    /// A day tick of a short span: the first with its year.
    pub(super) fn day_label(self, y: i64, m: u32, d: u32, with_year: bool) -> String {
        match (self, with_year) {
            (Lang::De, true) => format!("{d:02}.{m:02}.{y}"),
            (Lang::De, false) => format!("{d:02}.{m:02}."),
            (Lang::En, true) => format!("{d} {} {y}", self.month(m)),
            (Lang::En, false) => format!("{d} {}", self.month(m)),
        }
    }

    /// `v` with `decimals` decimals: German with decimal comma and '.' grouping, English with
    /// decimal point and ',' grouping; thousands are grouped from 10 000 on.
    pub fn number(self, v: f64, decimals: usize) -> String {
        let (group, point) = match self {
            Lang::De => ('.', ','),
            Lang::En => (',', '.'),
        };
        let text = format!("{:.*}", decimals, v);
        let (sign, digits) = match text.strip_prefix('-') {
            // "-0.00" is zero: no sign.
            Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => ("-", rest),
            Some(rest) => ("", rest),
            None => ("", text.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mut grouped = String::new();
        if int.len() >= 5 && int.chars().all(|c| c.is_ascii_digit()) {
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    grouped.push(group);
                }
                grouped.push(c);
            }
        } else {
            grouped.push_str(int);
        }
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{point}{frac}")
        }
    }

    /// `v` with as many decimals as it needs, up to `max_decimals`.
    pub fn short_number(self, v: f64, max_decimals: usize) -> String {
        let d = (0..=max_decimals).find(|d| (v * 10f64.powi(*d as i32)).fract().abs() < 1e-9).unwrap_or(max_decimals);
        self.number(v, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::De.number(1234.5, 1), "1234,5");
        assert_eq!(Lang::De.number(12345.0, 0), "12.345");
        assert_eq!(Lang::De.number(-1234567.25, 2), "-1.234.567,25");
        assert_eq!(Lang::De.number(-0.0001, 2), "0,00");
        assert_eq!(Lang::En.number(1234.5, 1), "1234.5");
        assert_eq!(Lang::En.number(-1234567.25, 2), "-1,234,567.25");
        assert_eq!(Lang::En.short_number(2.5, 3), "2.5");
        assert_eq!(Lang::De.short_number(7.0, 3), "7");
    }

    #[test]
    fn months_and_days_follow_the_language() {
        assert_eq!(Lang::De.month(3), "Mär");
        assert_eq!(Lang::En.month(10), "Oct");
        assert_eq!(Lang::De.day_label(2025, 3, 5, true), "05.03.2025");
        assert_eq!(Lang::En.day_label(2025, 3, 5, false), "5 Mar");
    }
}
