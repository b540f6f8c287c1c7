//! Finding the line of a key path in the scenario text, so that a problem can say where it
//! is. A best effort: it follows table headers and keys in order and gives up quietly.

/// The 1-based line of `path` (`case_types[1].service_time.cv`) in `text`, if found.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    let mut prefix = String::new();
    let mut found = false;
    for segment in path.split('.') {
        let (name, index) = match segment.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        let full = if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
        let header = |l: &str, open: &str, close: &str| {
            l.trim().strip_prefix(open).and_then(|r| r.strip_suffix(close)).is_some_and(|h| h.trim() == full)
        };
        let array_of_tables = index.is_some() && (from..lines.len()).any(|l| header(lines[l], "[[", "]]"));
        if let (true, Some(i)) = (array_of_tables, index) {
            let at = (from..lines.len()).filter(|&l| header(lines[l], "[[", "]]")).nth(i);
            match at {
                Some(l) => from = l,
                None => return found.then_some(from + 1),
            }
        } else if let Some(l) = (from..lines.len()).find(|&l| header(lines[l], "[", "]")) {
            from = l;
        } else if let Some(l) = (from..lines.len()).find(|&l| {
            let t = lines[l].trim();
            t.starts_with('[') && t.trim_start_matches('[').starts_with(&format!("{full}."))
        }) {
            // Only sub-tables are written out ([calendar.opening_hours] for "calendar").
            from = l;
        } else if let Some(l) = (from..lines.len()).find(|&l| has_key(lines[l], name)) {
            from = l;
        } else {
            return found.then_some(from + 1);
        }
        found = true;
        prefix = full;
    }
    found.then_some(from + 1)
}

/// Whether `line` assigns `key` (at the start, or inside an inline table).
fn has_key(line: &str, key: &str) -> bool {
    let code = line.split('#').next().unwrap_or("");
    code.match_indices(key).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + key.len()..].trim_start();
        before.is_none_or(|c| c == '{' || c == ',' || c.is_whitespace() || c == '"')
            && (after.starts_with('=') || after.starts_with("\" ="))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[simulation]\ndays = 5\n[[case_types]]\nname = \"a\"\n[[case_types]]\nname = \"b\"\nservice_time = { dist = \"lognormal\", mean_min = 3, cv = -1 }\n[calendar.opening_hours]\nmonday = [\"x\"]\n";

    #[test]
    fn finds_keys_in_tables_arrays_and_inline_tables() {
        assert_eq!(line_of(TEXT, "simulation.days"), Some(2));
        assert_eq!(line_of(TEXT, "case_types[1].name"), Some(6));
        assert_eq!(line_of(TEXT, "case_types[1].service_time.cv"), Some(7));
        assert_eq!(line_of(TEXT, "calendar.opening_hours.monday[0]"), Some(9));
        assert_eq!(line_of(TEXT, "portal.horizon_days"), None);
    }
}
