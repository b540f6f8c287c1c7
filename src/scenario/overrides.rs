//! `--set PATH=VALUE`: change any scenario key by its path before validation.
//!
//! Paths use the same notation as error messages: `simulation.days`,
//! `case_types[0].arrivals.per_week`. The value is read as TOML (`3`, `0.5`, `true`,
//! `["08:00-12:00"]`), and as a plain string when it is not valid TOML.

use toml::{Table, Value};

/// One parsed override.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub path: String,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// The value at a key path such as `staff[1].head_count` or `portal.confirmation.required`.
pub fn lookup<'a>(doc: &'a Table, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut current: Option<&Value> = None;
    let mut table = Some(doc);
    for part in parts.by_ref() {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        let mut value = table?.get(key)?;
        for index in indices.split('[').filter(|s| !s.is_empty()) {
            let i: usize = index.trim_end_matches(']').parse().ok()?;
            value = value.as_array()?.get(i)?;
        }
        table = value.as_table();
        current = Some(value);
    }
    current
}

/// Parses "PATH=VALUE".
pub fn parse_override(text: &str) -> Result<Override, String> {
    let (path, raw) =
        text.split_once('=').ok_or_else(|| format!("\"{text}\": expected PATH=VALUE, e.g. simulation.days=90"))?;
    let path = path.trim().to_string();
    segments(&path)?;
    let raw = raw.trim();
    let value = match toml::from_str::<Table>(&format!("v = {raw}")) {
        Ok(mut t) => t.remove("v").unwrap_or(Value::String(raw.to_string())),
        Err(_) => Value::String(raw.to_string()),
    };
    Ok(Override { path, value })
}

/// The most parts a key path may have; no scenario key is nearly as deep, and the tables a
/// deeper path would create are taken apart recursively.
const MAX_SEGMENTS: usize = 32;

fn segments(path: &str) -> Result<Vec<Segment>, String> {
    let bad = || format!("\"{path}\" is not a key path (expected e.g. case_types[0].arrivals.per_week)");
    if path.split(['.', '[']).count() > MAX_SEGMENTS {
        let start: String = path.chars().take(60).collect();
        return Err(format!("\"{start}…\" has more than {MAX_SEGMENTS} parts; no scenario key is that deep"));
    }
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, None), |(k, r)| (k, Some(r)));
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return Err(bad());
        }
        out.push(Segment::Key(key.to_string()));
        if let Some(rest) = rest {
            for idx in rest.split('[') {
                let idx = idx.strip_suffix(']').ok_or_else(bad)?;
                out.push(Segment::Index(idx.parse().map_err(|_| bad())?));
            }
        }
    }
    Ok(out)
}

/// Sets the value at the override's path, creating tables on the way. Indices must exist.
pub fn apply_override(doc: &mut Table, ov: &Override) -> Result<(), String> {
    let segs = segments(&ov.path)?;
    let mut slot: Option<&mut Value> = None;
    let mut table: Option<&mut Table> = Some(doc);
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        let next: &mut Value = match (seg, table.take(), slot.take()) {
            (Segment::Key(k), Some(t), _) => {
                if last {
                    t.insert(k.clone(), ov.value.clone());
                    return Ok(());
                }
                t.entry(k.clone()).or_insert_with(|| Value::Table(Table::new()))
            }
            (Segment::Index(n), _, Some(Value::Array(items))) => {
                let len = items.len();
                let item = items
                    .get_mut(*n)
                    .ok_or_else(|| format!("{}: index {n} is out of range (the array has {len} entries)", ov.path))?;
                if last {
                    *item = ov.value.clone();
                    return Ok(());
                }
                item
            }
            _ => return Err(format!("{}: the path does not match the scenario's structure", ov.path)),
        };
        match next {
            Value::Table(t) => table = Some(t),
            other => slot = Some(other),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_nested_keys_and_array_items() {
        let mut doc: Table = toml::from_str(
            "[simulation]\ndays = 5\n[[case_types]]\nname = \"a\"\n[case_types.arrivals]\nper_week = 3\n",
        )
        .unwrap();
        apply_override(&mut doc, &parse_override("simulation.days=90").unwrap()).unwrap();
        apply_override(&mut doc, &parse_override("case_types[0].arrivals.per_week = 2.5").unwrap()).unwrap();
        apply_override(&mut doc, &parse_override("portal.horizon_days=14").unwrap()).unwrap();
        apply_override(&mut doc, &parse_override("name=Herne baseline").unwrap()).unwrap();
        assert_eq!(doc["simulation"]["days"].as_integer(), Some(90));
        assert_eq!(doc["case_types"][0]["arrivals"]["per_week"].as_float(), Some(2.5));
        assert_eq!(doc["portal"]["horizon_days"].as_integer(), Some(14));
        assert_eq!(doc["name"].as_str(), Some("Herne baseline"));
    }

    #[test]
    fn rejects_bad_paths_and_indices() {
        let mut doc: Table = toml::from_str("[[staff]]\nname = \"x\"\n").unwrap();
        assert!(parse_override("simulation.days").is_err());
        assert!(parse_override("a..b=1").is_err());
        let e = apply_override(&mut doc, &parse_override("staff[3].head_count=2").unwrap()).unwrap_err();
        assert!(e.contains("out of range"), "{e}");
    }
}
