//! The assumptions table: every parameter the scenario files set, with its value and where
//! it comes from, read from the files' text (a TOML parser drops the comments that hold
//! the sources).
//!
//! The bundled scenarios note a source on each line: `key = value  # why [S: key]`, citing
//! the keys of docs/sources.md (`sources.rs`), with `[S]` stated by a source, `[D]` derived
//! from sourced figures, `[A]` an assumption. A comment block right below a key without its
//! own comment continues that key's note (long inline tables); a comment block right below a
//! table header applies to the keys of that table that have no note of their own. Keys of `[policies]` and `[sweep]` are not
//! assumptions of the baseline and are left out.

use super::scenario_files::ScenarioFile;

/// Where a value comes from, by the tag in its note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceKind {
    /// `[S]`: stated by the cited source.
    Stated,
    /// `[D]`: derived by arithmetic from sourced figures.
    Derived,
    /// `[A]`: an assumption.
    Assumed,
}

/// One parameter line.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    /// Key path in the notation of `--set`: `staff[1].head_count`.
    pub path: String,
    /// The value as written (lines of a multi-line value joined).
    pub value: String,
    /// The kinds of source its note names, in order S, D, A; empty when none is named.
    pub kinds: Vec<SourceKind>,
    /// The note (comment text), empty when there is none.
    pub note: String,
    /// Set when a later file (`extend`) or a `--set` override changed the value: its name.
    pub changed_by: Option<String>,
}

/// Top-level keys that are not parameters of the office.
const SKIPPED_SECTIONS: [&str; 2] = ["policies", "sweep"];
const SKIPPED_KEYS: [&str; 3] = ["extend", "name", "description"];

/// The assumptions of `files` (the outermost base first, each with the name to show), with
/// the recorded overrides ("PATH=VALUE") applied last.
pub fn assumptions(files: &[(String, &ScenarioFile)], overrides: &[String]) -> Vec<Assumption> {
    let mut rows: Vec<Assumption> = Vec::new();
    for (k, (shown, file)) in files.iter().enumerate() {
        let own = parse(&file.text);
        // `extend` replaces arrays of tables whole: a file that has [[staff]] drops the base's.
        let arrays: Vec<String> = own.iter().filter_map(|r| array_root(&r.path)).collect();
        rows.retain(|r| array_root(&r.path).is_none_or(|a| !arrays.contains(&a)));
        for mut row in own {
            match rows.iter_mut().find(|r| r.path == row.path) {
                Some(existing) => {
                    row.changed_by = Some(shown.clone());
                    *existing = row;
                }
                None => {
                    if k > 0 {
                        row.changed_by = Some(shown.clone());
                    }
                    rows.push(row);
                }
            }
        }
    }
    for text in overrides {
        let Some((path, value)) = text.split_once('=') else { continue };
        let row = Assumption {
            path: path.trim().to_string(),
            value: value.trim().to_string(),
            kinds: Vec::new(),
            note: String::new(),
            changed_by: Some("--set".into()),
        };
        match rows.iter_mut().find(|r| r.path == row.path) {
            Some(existing) => *existing = row,
            None => rows.push(row),
        }
    }
    rows
}

/// `staff` for `staff[2].name`; None for keys outside arrays of tables.
fn array_root(path: &str) -> Option<String> {
    let first = path.split('.').next()?;
    first.find('[').map(|i| first[..i].to_string())
}

/// What the previous significant line was, for attaching comment blocks.
enum Previous {
    Nothing,
    Header,
    /// A key row without its own comment (its index).
    KeyWithoutNote(usize),
}

/// The parameter lines of one file, in file order.
pub fn parse(text: &str) -> Vec<Assumption> {
    let mut rows: Vec<Assumption> = Vec::new();
    let mut table = String::new();
    let mut arrays: Vec<(String, usize)> = Vec::new();
    let mut header_note: Option<String> = None;
    let mut previous = Previous::Nothing;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            previous = Previous::Nothing;
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            let comment = comment.trim();
            match previous {
                Previous::KeyWithoutNote(i) => append(&mut rows[i].note, comment),
                Previous::Header => append(header_note.get_or_insert_with(String::new), comment),
                Previous::Nothing => {}
            }
            continue;
        }
        if trimmed.starts_with('[') {
            let (body, _) = split_comment(trimmed);
            let is_array = body.starts_with("[[");
            let name = body.trim_matches(|c| c == '[' || c == ']').trim().replace('"', "");
            let name = with_indices(&name, &arrays);
            table = if is_array {
                let count = match arrays.iter_mut().find(|(n, _)| *n == name) {
                    Some(entry) => {
                        entry.1 += 1;
                        entry.1
                    }
                    None => {
                        arrays.push((name.clone(), 0));
                        0
                    }
                };
                format!("{name}[{count}]")
            } else {
                name
            };
            header_note = None;
            previous = Previous::Header;
            continue;
        }
        let Some((key, rest)) = split_key(trimmed) else {
            previous = Previous::Nothing;
            continue;
        };
        let (first, mut note) = split_comment(rest);
        let mut value = first.trim().to_string();
        // Multi-line arrays, inline tables and strings continue until they close.
        while !complete(&value) {
            let Some(next) = lines.next() else { break };
            let (more, more_note) = split_comment(next.trim());
            value.push(' ');
            value.push_str(more.trim());
            if !more_note.is_empty() {
                note = more_note;
            }
        }
        let path = if table.is_empty() { key.clone() } else { format!("{table}.{key}") };
        let top = path.split(['.', '[']).next().unwrap_or("");
        if SKIPPED_SECTIONS.contains(&top) || (table.is_empty() && SKIPPED_KEYS.contains(&key.as_str())) {
            previous = Previous::Nothing;
            continue;
        }
        let own_note = !note.trim().is_empty();
        let note = if own_note { note.trim().to_string() } else { header_note.clone().unwrap_or_default() };
        rows.push(Assumption { path, value: compact(&value), kinds: Vec::new(), note, changed_by: None });
        previous = if own_note { Previous::Nothing } else { Previous::KeyWithoutNote(rows.len() - 1) };
    }
    for row in &mut rows {
        row.kinds = source_kinds(&row.note);
    }
    rows
}

fn append(note: &mut String, more: &str) {
    if !note.is_empty() {
        note.push(' ');
    }
    note.push_str(more);
}

/// A table name with the current indices of the arrays of tables it lies in:
/// `staff.hires` after the third `[[staff]]` becomes `staff[2].hires`.
fn with_indices(name: &str, arrays: &[(String, usize)]) -> String {
    for (array, index) in arrays.iter().rev() {
        if let Some(rest) = name.strip_prefix(array.as_str()).and_then(|r| r.strip_prefix('.')) {
            return format!("{array}[{index}].{rest}");
        }
    }
    name.to_string()
}

/// `key = rest` → (key without quotes, rest); None when the line is no key line.
fn split_key(line: &str) -> Option<(String, &str)> {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            ('=', None) => {
                let key = line[..i].trim().replace(['"', '\''], "");
                return (!key.is_empty()).then_some((key, &line[i + 1..]));
            }
            _ => {}
        }
    }
    None
}

/// Splits a line at its comment: the first `#` outside a string.
fn split_comment(line: &str) -> (&str, &str) {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match (c, quote) {
            ('\\', Some('"')) if !escaped => {
                escaped = true;
                continue;
            }
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q && !escaped => quote = None,
            ('#', None) => return (&line[..i], line[i + 1..].trim()),
            _ => {}
        }
        escaped = false;
    }
    (line, "")
}

/// Whether a value's text is complete: brackets balanced and no string left open.
fn complete(value: &str) -> bool {
    if value.matches("\"\"\"").count() % 2 == 1 {
        return false;
    }
    let (mut depth, mut quote) = (0i32, None);
    for c in value.chars() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            ('[' | '{', None) => depth += 1,
            (']' | '}', None) => depth -= 1,
            _ => {}
        }
    }
    depth <= 0
}

/// Runs of blanks in a joined multi-line value become one.
fn compact(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The source kinds named by tags such as `[S: tvoed]`, `[A]`, `[S/A: anwalt-org-fb]`.
pub fn source_kinds(note: &str) -> Vec<SourceKind> {
    let mut kinds = Vec::new();
    let mut rest = note;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let tag = after[..close].split(':').next().unwrap_or("").trim();
        let letters: Vec<&str> = tag.split('/').map(str::trim).collect();
        if !tag.is_empty() && letters.iter().all(|l| matches!(*l, "S" | "D" | "A")) {
            for l in letters {
                kinds.push(match l {
                    "S" => SourceKind::Stated,
                    "D" => SourceKind::Derived,
                    _ => SourceKind::Assumed,
                });
            }
        }
        rest = &after[close + 1..];
    }
    kinds.sort();
    kinds.dedup();
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"# file comment [A]
name = "x"
description = """
two
lines"""

[simulation]
days = 364                  # 52 weeks [A]
seed = 7

[calendar.opening_hours]
# Herne's hours [S: herne-serviceportal]
monday = ["08:00-12:00", "13:30-15:30"]
friday = ["08:00-12:00"]   # short Friday [A]

[[staff]]
name = "a"
# Team a, from the report [S: muenster-sofortmassnahmen-2016]
head_count = 2   # [A]
hours = [
  "08:00-12:00",   # morning
  "13:00-15:00",
]
holders = { count = 20000 }
# lead 2-12 weeks [S/A: sozialrecht-lotse-fb]; leaving [D: rkn-digital-2024]

[[staff]]
name = "b"

[policies.p]
"staff[0].head_count" = 3   # [S]
"#;

    #[test]
    fn lines_give_paths_values_notes_and_tags() {
        let rows = parse(TEXT);
        let find = |p: &str| rows.iter().find(|r| r.path == p).unwrap_or_else(|| panic!("{p} in {rows:?}"));
        assert_eq!(find("simulation.days").value, "364");
        assert_eq!(find("simulation.days").kinds, [SourceKind::Assumed]);
        assert!(find("simulation.seed").note.is_empty());
        let monday = find("calendar.opening_hours.monday");
        assert_eq!(monday.note, "Herne's hours [S: herne-serviceportal]", "the header note applies");
        assert_eq!(find("calendar.opening_hours.friday").note, "short Friday [A]");
        assert_eq!(find("staff[0].name").note, "Team a, from the report [S: muenster-sofortmassnahmen-2016]");
        assert_eq!(find("staff[0].hours").value, "[ \"08:00-12:00\", \"13:00-15:00\", ]");
        let holders = find("staff[0].holders");
        assert_eq!(holders.kinds, [SourceKind::Stated, SourceKind::Derived, SourceKind::Assumed]);
        assert_eq!(find("staff[1].name").value, "\"b\"");
        assert!(rows.iter().all(|r| !r.path.starts_with("policies") && r.path != "name" && r.path != "description"));
    }

    #[test]
    fn later_files_and_overrides_change_values_and_replace_arrays_of_tables() {
        let base = ScenarioFile { name: "scenario.base-1.toml".into(), text: TEXT.into() };
        let top = ScenarioFile {
            name: "scenario.toml".into(),
            text: "extend = \"base.toml\"\n[simulation]\ndays = 90 # short [A]\n[[staff]]\nname = \"c\"\n".into(),
        };
        let files = [("base.toml".to_string(), &base), ("top.toml".to_string(), &top)];
        let rows = assumptions(&files, &["simulation.seed=9".into(), "portal.cancel_prob=0.1".into()]);
        let find = |p: &str| rows.iter().find(|r| r.path == p);
        let days = find("simulation.days").unwrap();
        assert_eq!((days.value.as_str(), days.changed_by.as_deref()), ("90", Some("top.toml")));
        assert!(find("staff[1].name").is_none(), "the base's [[staff]] are replaced whole");
        assert_eq!(find("staff[0].name").unwrap().value, "\"c\"");
        assert_eq!(find("simulation.seed").unwrap().changed_by.as_deref(), Some("--set"));
        assert_eq!(find("portal.cancel_prob").unwrap().value, "0.1");
        assert!(find("calendar.opening_hours.monday").unwrap().changed_by.is_none());
    }

    #[test]
    fn tags_are_recognised_only_in_their_form() {
        assert_eq!(source_kinds("[S: a] and [A]"), [SourceKind::Stated, SourceKind::Assumed]);
        assert_eq!(source_kinds("[A/S: anwalt-org-fb]"), [SourceKind::Stated, SourceKind::Assumed]);
        assert!(source_kinds("[Some text] [x]").is_empty());
        assert!(source_kinds("no tags").is_empty());
    }
}
