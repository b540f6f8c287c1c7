//! Numbers, percentages, intervals, clock times and dates as report text, in either language.

use super::Lang;

/// Decimals that show a value to about three significant digits (none from 100 on).
pub fn decimals_for(v: f64) -> usize {
    let a = v.abs();
    if a >= 100.0 || a == 0.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        3
    }
}

/// A number with a typographic minus sign.
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    let text = lang.number(v, decimals);
    match text.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None => text,
    }
}

/// A number to about three significant digits; "–" when undefined.
pub fn value(v: Option<f64>, lang: Lang) -> String {
    match v.filter(|x| x.is_finite()) {
        Some(x) => number(x, decimals_for(x), lang),
        None => "–".into(),
    }
}

/// A signed number: "+3,2" or "−3,2".
pub fn signed(v: f64, decimals: usize, lang: Lang) -> String {
    if v > 0.0 {
        format!("+{}", number(v, decimals, lang))
    } else {
        number(v, decimals, lang)
    }
}

/// The percent sign as each language sets it: "18 %" and "18%".
pub fn percent_sign(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "\u{a0}%",
        Lang::En => "%",
    }
}

/// A share (0-1) as a percentage: "65,4 %".
pub fn share(v: Option<f64>, lang: Lang) -> String {
    match v.filter(|x| x.is_finite()) {
        Some(x) => format!("{}{}", number(x * 100.0, decimals_for(x * 100.0).min(1), lang), percent_sign(lang)),
        None => "–".into(),
    }
}

/// Hours after midnight as a clock time; negative hours are the evening before:
/// "06:45 Uhr", "22:30 Uhr am Vortag", "6:45 am".
pub fn clock(hours: Option<f64>, lang: Lang) -> String {
    let Some(h) = hours.filter(|x| x.is_finite()) else { return "–".into() };
    let minutes = (h * 60.0).round() as i64;
    let day_before = minutes < 0;
    let m = minutes.rem_euclid(24 * 60);
    let (hh, mm) = (m / 60, m % 60);
    match lang {
        Lang::De if day_before => format!("{hh:02}:{mm:02} Uhr am Vortag"),
        Lang::De => format!("{hh:02}:{mm:02} Uhr"),
        Lang::En => {
            let (h12, suffix) = match hh {
                0 => (12, "am"),
                1..=11 => (hh, "am"),
                12 => (12, "pm"),
                _ => (hh - 12, "pm"),
            };
            let text = format!("{h12}:{mm:02} {suffix}");
            if day_before {
                format!("{text} the evening before")
            } else {
                text
            }
        }
    }
}

/// An interval: "12,3–15,6" when both ends are non-negative, else "−5,0 bis +1,0".
pub fn interval(lo: f64, hi: f64, decimals: usize, lang: Lang) -> String {
    if lo >= 0.0 && hi >= 0.0 {
        format!("{}\u{2013}{}", number(lo, decimals, lang), number(hi, decimals, lang))
    } else {
        let to = if lang == Lang::De { "bis" } else { "to" };
        format!("{} {to} {}", signed(lo, decimals, lang), signed(hi, decimals, lang))
    }
}

/// An interval for a table cell: "12,3–15,6", or "−62 … +19" when an end is negative.
pub fn interval_short(lo: f64, hi: f64, decimals: usize, lang: Lang) -> String {
    if lo >= 0.0 && hi >= 0.0 {
        interval(lo, hi, decimals, lang)
    } else {
        format!("{}\u{a0}\u{2026}\u{a0}{}", signed(lo, decimals, lang), signed(hi, decimals, lang))
    }
}

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// An ISO date in words: "6. Januar 2025", "6 January 2025"; other text unchanged.
pub fn long_date(iso: &str, lang: Lang) -> String {
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else { return iso.to_string() };
    if !(1..=12).contains(&m) {
        return iso.to_string();
    }
    match lang {
        Lang::De => format!("{d}. {} {y}", MONTHS_DE[m as usize - 1]),
        Lang::En => format!("{d} {} {y}", MONTHS_EN[m as usize - 1]),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text in the language's quotation marks: „German“, “English”.
pub fn quoted(text: &str, lang: Lang) -> String {
    match lang {
        Lang::De => format!("\u{201e}{text}\u{201c}"),
        Lang::En => format!("\u{201c}{text}\u{201d}"),
    }
}

/// The first letter in upper case (sentence start).
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_shares_and_intervals() {
        assert_eq!(value(Some(17.4525), Lang::De), "17,5");
        assert_eq!(value(Some(-2512.4), Lang::En), "\u{2212}2512");
        assert_eq!(value(None, Lang::De), "–");
        assert_eq!(share(Some(0.6545), Lang::De), "65,5\u{a0}%");
        assert_eq!(share(Some(0.6545), Lang::En), "65.5%");
        assert_eq!(interval(15.0, 21.0, 0, Lang::De), "15\u{2013}21");
        assert_eq!(interval(-5.0, 1.0, 0, Lang::De), "\u{2212}5 bis +1");
        assert_eq!(interval(-5.0, 1.0, 1, Lang::En), "\u{2212}5.0 to +1.0");
        assert_eq!(interval_short(-5.0, 1.0, 0, Lang::De), "\u{2212}5\u{a0}\u{2026}\u{a0}+1");
    }

    #[test]
    fn clock_times_and_dates() {
        assert_eq!(clock(Some(6.75), Lang::De), "06:45 Uhr");
        assert_eq!(clock(Some(-1.5), Lang::De), "22:30 Uhr am Vortag");
        assert_eq!(clock(Some(13.5), Lang::En), "1:30 pm");
        assert_eq!(long_date("2025-01-06", Lang::De), "6. Januar 2025");
        assert_eq!(long_date("2025-03-01", Lang::En), "1 March 2025");
        assert_eq!(long_date("soon", Lang::En), "soon");
        assert_eq!(html("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(capitalised("über"), "Über");
    }
}
