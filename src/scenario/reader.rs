//! A strict reader over a parsed TOML document that collects every problem at once.
//!
//! Each lookup names its key, so a problem carries the full key path
//! (`case_types[1].service_time.cv`), the offending value and what is allowed. Keys that no
//! lookup asked for are reported as unknown, with a "did you mean" suggestion.

use std::cell::RefCell;
use toml::{Table, Value};

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// TOML key path, e.g. `staff[0].head_count`.
    pub path: String,
    /// The offending value as written in TOML, when there is one.
    pub value: Option<String>,
    /// What is wrong and what is allowed.
    pub message: String,
    /// Line in the file, where it can be found.
    pub line: Option<usize>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        match &self.value {
            Some(v) => write!(f, "{} = {}: {}", self.path, v, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// The problems found so far; shared by all nodes of one document.
#[derive(Debug, Default)]
pub struct Problems(RefCell<Vec<Problem>>);

impl Problems {
    pub fn push(&self, path: impl Into<String>, value: Option<&Value>, message: impl Into<String>) {
        self.0.borrow_mut().push(Problem {
            path: path.into(),
            value: value.map(render),
            message: message.into(),
            line: None,
        });
    }

    pub fn push_problem(&self, problem: Problem) {
        self.0.borrow_mut().push(problem);
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0.into_inner()
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }
}

fn render(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 80 {
        format!("{}...", &text[..text.char_indices().nth(77).map_or(text.len(), |(i, _)| i)])
    } else {
        text
    }
}

/// A table in the document, with its key path.
pub struct Node<'a> {
    path: String,
    table: &'a Table,
    known: RefCell<Vec<&'static str>>,
    problems: &'a Problems,
}

impl<'a> Node<'a> {
    pub fn root(table: &'a Table, problems: &'a Problems) -> Node<'a> {
        Node { path: String::new(), table, known: RefCell::new(Vec::new()), problems }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The key path of `key` inside this table.
    pub fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{}", self.path, key)
        }
    }

    pub fn problems(&self) -> &'a Problems {
        self.problems
    }

    /// Reports a problem with the value of `key`.
    pub fn problem(&self, key: &str, message: impl Into<String>) {
        self.problems.push(self.key_path(key), self.table.get(key), message);
    }

    /// The raw value of `key`, marking the key as known.
    pub fn raw(&self, key: &'static str) -> Option<&'a Value> {
        self.known.borrow_mut().push(key);
        self.table.get(key)
    }

    pub fn has(&self, key: &'static str) -> bool {
        self.raw(key).is_some()
    }

    /// Reports a missing required key.
    fn missing(&self, key: &str, what: &str) {
        self.problems.push(self.key_path(key), None, format!("missing; expected {what}"));
    }

    fn typed<T>(&self, key: &'static str, what: &str, convert: impl Fn(&'a Value) -> Option<T>) -> Option<T> {
        let value = self.raw(key)?;
        let out = convert(value);
        if out.is_none() {
            self.problem(key, format!("expected {what}"));
        }
        out
    }

    /// A number (integer or float) in the closed range [lo, hi].
    pub fn opt_f64(&self, key: &'static str, lo: f64, hi: f64) -> Option<f64> {
        let what = range_text("a number", lo, hi);
        let x = self.typed(key, &what, |v| match v {
            Value::Float(f) if f.is_finite() => Some(*f),
            Value::Integer(i) => Some(*i as f64),
            _ => None,
        })?;
        if x < lo || x > hi {
            self.problem(key, format!("out of range; expected {what}"));
            return None;
        }
        Some(x)
    }

    /// A number that must be strictly positive (and at most `hi`).
    pub fn opt_positive(&self, key: &'static str, hi: f64) -> Option<f64> {
        let x = self.opt_f64(key, 0.0, hi)?;
        if x <= 0.0 {
            self.problem(key, "must be greater than 0");
            return None;
        }
        Some(x)
    }

    pub fn req_positive(&self, key: &'static str, hi: f64) -> Option<f64> {
        if !self.has(key) {
            self.missing(key, &format!("a number > 0 and <= {hi}"));
        }
        self.opt_positive(key, hi)
    }

    pub fn f64_or(&self, key: &'static str, default: f64, lo: f64, hi: f64) -> f64 {
        if self.has(key) {
            self.opt_f64(key, lo, hi).unwrap_or(default)
        } else {
            default
        }
    }

    /// An integer in [lo, hi].
    pub fn opt_int(&self, key: &'static str, lo: i64, hi: i64) -> Option<i64> {
        let what = format!("a whole number from {lo} to {hi}");
        let x = self.typed(key, &what, |v| v.as_integer())?;
        if x < lo || x > hi {
            self.problem(key, format!("out of range; expected {what}"));
            return None;
        }
        Some(x)
    }

    pub fn req_int(&self, key: &'static str, lo: i64, hi: i64) -> Option<i64> {
        if !self.has(key) {
            self.missing(key, &format!("a whole number from {lo} to {hi}"));
        }
        self.opt_int(key, lo, hi)
    }

    pub fn int_or(&self, key: &'static str, default: i64, lo: i64, hi: i64) -> i64 {
        if self.has(key) {
            self.opt_int(key, lo, hi).unwrap_or(default)
        } else {
            default
        }
    }

    pub fn bool_or(&self, key: &'static str, default: bool) -> bool {
        self.typed(key, "true or false", Value::as_bool).unwrap_or(default)
    }

    pub fn opt_str(&self, key: &'static str) -> Option<&'a str> {
        self.typed(key, "a string", Value::as_str)
    }

    /// A text for people: a string, or `{ de = "…", en = "…" }` (empty when absent).
    pub fn opt_text(&self, key: &'static str) -> super::text::Text {
        let Some(value) = self.raw(key) else { return super::text::Text::default() };
        super::text::Text::from_value(value).unwrap_or_else(|expected| {
            self.problems.push(self.key_path(key), Some(value), expected);
            super::text::Text::default()
        })
    }

    pub fn req_str(&self, key: &'static str) -> Option<&'a str> {
        if !self.has(key) {
            self.missing(key, "a string");
        }
        self.opt_str(key)
    }

    /// A name that result files and reports carry (a case type's, a team's): a non-empty
    /// string on one line. Commas and quotes are fine (the CSV files quote them); a line
    /// break or other control character would split a row of a line-based file.
    pub fn req_name(&self, key: &'static str) -> Option<&'a str> {
        let name = self.req_str(key)?;
        if name.trim().is_empty() || name.chars().any(char::is_control) {
            self.problem(key, "expected a non-empty name on one line, without tabs or line breaks");
        }
        Some(name)
    }

    /// One of a fixed set of words.
    pub fn opt_choice(&self, key: &'static str, allowed: &[&'static str]) -> Option<&'static str> {
        let text = self.opt_str(key)?;
        match allowed.iter().find(|a| **a == text) {
            Some(a) => Some(a),
            None => {
                self.problem(key, format!("expected one of {}{}", quoted(allowed), suggestion(text, allowed)));
                None
            }
        }
    }

    /// An array of strings.
    pub fn opt_str_list(&self, key: &'static str) -> Option<Vec<&'a str>> {
        self.typed(key, "an array of strings", |v| v.as_array()?.iter().map(Value::as_str).collect())
    }

    /// A sub-table.
    pub fn opt_table(&self, key: &'static str) -> Option<Node<'a>> {
        let table = self.typed(key, "a table", Value::as_table)?;
        Some(self.child(self.key_path(key), table))
    }

    /// An array of tables (`[[key]]`).
    pub fn tables(&self, key: &'static str) -> Vec<Node<'a>> {
        let Some(value) = self.raw(key) else { return Vec::new() };
        let Some(items) = value.as_array() else {
            self.problem(key, "expected an array of tables ([[...]])");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{}[{i}]", self.key_path(key));
            match item.as_table() {
                Some(t) => out.push(self.child(path, t)),
                None => self.problems.push(path, Some(item), "expected a table"),
            }
        }
        out
    }

    /// The tables of a table keyed by names the scenario chooses (`[portal.tools.NAME]`).
    pub fn named_tables(&self, key: &'static str) -> Vec<(&'a str, Node<'a>)> {
        let Some(value) = self.raw(key) else { return Vec::new() };
        let Some(table) = value.as_table() else {
            self.problem(key, "expected a table of [NAME] tables");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, item) in table {
            let path = format!("{}.{name}", self.key_path(key));
            match item.as_table() {
                Some(t) => out.push((name.as_str(), self.child(path, t))),
                None => self.problems.push(path, Some(item), "expected a table"),
            }
        }
        out
    }

    fn child(&self, path: String, table: &'a Table) -> Node<'a> {
        Node { path, table, known: RefCell::new(Vec::new()), problems: self.problems }
    }

    /// Reports every key of this table that no lookup asked for.
    pub fn finish(self) {
        let known = self.known.into_inner();
        for (key, value) in self.table {
            if !known.iter().any(|k| k == key) {
                let mut allowed = known.clone();
                allowed.sort_unstable();
                allowed.dedup();
                let path = if self.path.is_empty() { key.clone() } else { format!("{}.{}", self.path, key) };
                self.problems.push(
                    path,
                    Some(value),
                    format!("unknown key{}; allowed here: {}", suggestion(key, &allowed), allowed.join(", ")),
                );
            }
        }
    }
}

fn range_text(what: &str, lo: f64, hi: f64) -> String {
    match (lo.is_finite(), hi.is_finite()) {
        (true, true) => format!("{what} from {lo} to {hi}"),
        (true, false) => format!("{what} >= {lo}"),
        _ => what.to_string(),
    }
}

fn quoted(words: &[&str]) -> String {
    words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(", ")
}

/// "; did you mean \"x\"?" when a close match exists.
pub fn suggestion(word: &str, candidates: &[&str]) -> String {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("; did you mean \"{c}\"?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, f: impl Fn(&Node)) -> Vec<Problem> {
        let table: Table = toml::from_str(text).unwrap();
        let problems = Problems::default();
        let root = Node::root(&table, &problems);
        f(&root);
        root.finish();
        problems.into_vec()
    }

    #[test]
    fn reports_every_problem_with_its_path_at_once() {
        let problems = read("[sim]\ndays = -3\nrate = \"x\"\ndayz = 4\n", |root| {
            let sim = root.opt_table("sim").unwrap();
            assert_eq!(sim.req_int("days", 1, 100), None);
            assert_eq!(sim.opt_f64("rate", 0.0, 1.0), None);
            assert_eq!(sim.req_int("seed", 0, 9), None);
            sim.finish();
        });
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, vec!["sim.days", "sim.rate", "sim.seed", "sim.dayz"]);
        assert!(problems[0].message.contains("from 1 to 100") && problems[0].value.as_deref() == Some("-3"));
        assert!(problems[3].message.contains("did you mean \"days\""), "{}", problems[3].message);
    }

    #[test]
    fn arrays_of_tables_carry_indices() {
        let problems = read("[[staff]]\nn = 1\n[[staff]]\nn = 0.5\n", |root| {
            for s in root.tables("staff") {
                s.opt_int("n", 0, 10);
                s.finish();
            }
        });
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "staff[1].n");
        assert!(problems[0].message.contains("whole number"));
    }

    #[test]
    fn choices_suggest_the_nearest_word() {
        let problems = read("dist = \"lognormall\"\n", |root| {
            root.opt_choice("dist", &["exponential", "lognormal"]);
        });
        assert!(problems[0].message.contains("did you mean \"lognormal\""));
    }
}
