//! Clock times and time-of-day windows ("08:00-12:00").

/// A day's windows, shared by every day with the same hours (a long run has few distinct
/// sets, so the calendar does not grow by a list per day).
pub type WindowSet = std::sync::Arc<[Window]>;

/// The set equal to `windows` from `known`, added there if new.
pub fn shared_windows(known: &mut Vec<WindowSet>, windows: Vec<Window>) -> WindowSet {
    if let Some(set) = known.iter().find(|set| ***set == *windows) {
        return set.clone();
    }
    let set: WindowSet = windows.into();
    known.push(set.clone());
    set
}

/// A half-open time-of-day window [start, end) in minutes after midnight; end may be 1440.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Window {
    pub start_min: u32,
    pub end_min: u32,
}

impl Window {
    /// Parses "HH:MM-HH:MM". The end must lie after the start; "24:00" is allowed as an end.
    pub fn parse(text: &str) -> Result<Window, String> {
        let (a, b) = text.split_once('-').ok_or_else(|| "expected \"HH:MM-HH:MM\"".to_string())?;
        let start_min = parse_clock(a.trim())?;
        let end_min = parse_clock(b.trim())?;
        if start_min >= 24 * 60 {
            return Err("the window must start before 24:00".into());
        }
        if end_min <= start_min {
            return Err("the window must end after it starts".into());
        }
        Ok(Window { start_min, end_min })
    }

    pub fn len_min(&self) -> u32 {
        self.end_min - self.start_min
    }

    pub fn contains_min(&self, minute: u32) -> bool {
        self.start_min <= minute && minute < self.end_min
    }
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}-{}", hm(self.start_min), hm(self.end_min))
    }
}

/// Parses "HH:MM" (00:00 to 24:00) into minutes after midnight.
pub fn parse_clock(text: &str) -> Result<u32, String> {
    let bad = || format!("\"{text}\" is not a clock time HH:MM between 00:00 and 24:00");
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h * 60 + m > 24 * 60 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Checks that windows are sorted and do not overlap; returns the first offending pair.
pub fn overlapping(windows: &[Window]) -> Option<(Window, Window)> {
    windows.windows(2).find(|p| p[1].start_min < p[0].end_min).map(|p| (p[0], p[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_windows_and_rejects_nonsense() {
        assert_eq!(Window::parse("08:00-12:30"), Ok(Window { start_min: 480, end_min: 750 }));
        assert_eq!(Window::parse("00:00-24:00").unwrap().len_min(), 1440);
        assert!(Window::parse("12:00-08:00").is_err());
        assert!(Window::parse("8-12").is_err());
        assert!(Window::parse("08:00-24:01").is_err());
        assert!(Window::parse("08:60-09:00").is_err());
        assert_eq!(Window::parse("07:05-09:10").unwrap().to_string(), "07:05-09:10");
    }

    #[test]
    fn finds_overlaps() {
        let a = Window::parse("08:00-12:00").unwrap();
        let b = Window::parse("11:00-13:00").unwrap();
        let c = Window::parse("12:00-13:00").unwrap();
        assert_eq!(overlapping(&[a, b]), Some((a, b)));
        assert_eq!(overlapping(&[a, c]), None);
        assert_eq!(overlapping(&[c, a]), Some((c, a)));
    }
}
