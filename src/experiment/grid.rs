//! Sweep parameters and their grid.
//!
//! `PATH=VALUES` names a scenario key (the notation of `--set`) and its values: a list
//! `3,6,12`, or a range `START:END:STEP` (`10:30:2`, `0.5:1:0.25`) whose values are computed
//! in exact decimal arithmetic, so no rounding accumulates (0.1 steps give 0.3, never
//! 0.30000000000000004). Several parameters form a grid; the last one varies fastest.

use crate::scenario::{parse_override, Override};
use toml::{Table, Value};

/// Largest grid we agree to enumerate.
pub const MAX_POINTS: u64 = 1 << 40;

/// One value of a parameter: as written (for the CSV) and as TOML (for the scenario).
#[derive(Debug, Clone, PartialEq)]
pub struct ParamValue {
    pub text: String,
    pub value: Value,
}

/// A swept scenario key and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub path: String,
    pub values: Vec<ParamValue>,
}

/// The grid of all combinations of the parameters' values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub params: Vec<Param>,
}

impl Grid {
    /// Builds the grid; refuses a repeated path and a grid beyond `MAX_POINTS`.
    pub fn new(params: Vec<Param>) -> Result<Grid, String> {
        for (i, p) in params.iter().enumerate() {
            if params[..i].iter().any(|q| q.path == p.path) {
                return Err(format!("{}: swept twice; give each key once", p.path));
            }
        }
        let mut points: u64 = 1;
        for p in &params {
            points = points
                .checked_mul(p.values.len() as u64)
                .filter(|&n| n <= MAX_POINTS)
                .ok_or_else(|| format!("the grid has more than {MAX_POINTS} points"))?;
        }
        Ok(Grid { params })
    }

    /// Number of grid points (1 for an empty grid: the scenario itself).
    pub fn points(&self) -> u64 {
        self.params.iter().map(|p| p.values.len() as u64).product()
    }

    /// The values of point `index` (mixed radix, the last parameter fastest).
    pub fn point(&self, index: u64) -> Vec<&ParamValue> {
        let mut rest = index;
        let mut out: Vec<&ParamValue> = self
            .params
            .iter()
            .rev()
            .map(|p| {
                let n = p.values.len() as u64;
                let v = &p.values[(rest % n) as usize];
                rest /= n;
                v
            })
            .collect();
        out.reverse();
        out
    }

    /// The overrides that turn the scenario into point `index`.
    pub fn overrides(&self, index: u64) -> Vec<Override> {
        self.params
            .iter()
            .zip(self.point(index))
            .map(|(p, v)| Override { path: p.path.clone(), value: v.value.clone() })
            .collect()
    }

    /// "path=value, path=value" for messages.
    pub fn describe(&self, index: u64) -> String {
        let parts: Vec<String> =
            self.params.iter().zip(self.point(index)).map(|(p, v)| format!("{}={}", p.path, v.text)).collect();
        parts.join(", ")
    }
}

/// Parses "PATH=VALUES".
pub fn parse_param(text: &str) -> Result<Param, String> {
    let (path, values) = text.split_once('=').ok_or_else(|| {
        format!("\"{text}\": expected PATH=VALUES, e.g. staff[1].head_count=3,4,5 or portal.horizon_days=28:84:14")
    })?;
    let path = path.trim();
    parse_override(&format!("{path}=0"))?;
    Ok(Param { path: path.to_string(), values: parse_values(values.trim()).map_err(|e| format!("{path}: {e}"))? })
}

/// Parses a list `a,b,c` or a range `START:END:STEP`.
pub fn parse_values(raw: &str) -> Result<Vec<ParamValue>, String> {
    let parts: Vec<&str> = raw.split(':').collect();
    let decimals: Vec<Option<Decimal>> = parts.iter().map(|p| Decimal::parse(p.trim())).collect();
    if parts.len() > 1 && decimals.iter().all(Option::is_some) {
        let d: Vec<Decimal> = decimals.into_iter().flatten().collect();
        return match d.as_slice() {
            [start, end, step] => decimal_range(*start, *end, *step),
            _ => Err(format!("\"{raw}\": a range is START:END:STEP, e.g. 10:30:2")),
        };
    }
    raw.split(',')
        .map(|item| {
            let item = item.trim();
            if item.is_empty() {
                return Err(format!("\"{raw}\": an empty value; separate values by single commas"));
            }
            Ok(ParamValue { text: item.to_string(), value: parse_override(&format!("v={item}"))?.value })
        })
        .collect()
}

/// Values from a TOML array (the `[sweep]` section may give any values, arrays included).
pub fn values_from_array(items: &[Value]) -> Vec<ParamValue> {
    items
        .iter()
        .map(|v| ParamValue { text: v.as_str().map_or_else(|| v.to_string(), str::to_string), value: v.clone() })
        .collect()
}

/// The `[sweep]` section of a scenario: parameters and optionally the replications per point.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepSection {
    pub params: Vec<Param>,
    pub replications: Option<u32>,
    /// Targets the report checks every point against, "FIGURE <= VALUE" (as written).
    pub targets: Vec<String>,
}

/// Reads `[sweep]`: `params = ["PATH=VALUES", { path = "...", values = [...] }, ...]`,
/// `replications = N` and `targets = ["FIGURE <= VALUE", ...]` (checked against the scenario
/// by the caller). Problems name the key path.
pub fn read_sweep_section(document: &Table) -> Result<SweepSection, String> {
    let Some(section) = document.get("sweep") else {
        return Ok(SweepSection::default());
    };
    let Value::Table(section) = section else {
        return Err("sweep: expected a table with params = [...]".into());
    };
    let mut out = SweepSection::default();
    for (key, value) in section {
        match (key.as_str(), value) {
            ("replications", Value::Integer(n)) if (1..=1_000_000).contains(n) => out.replications = Some(*n as u32),
            ("replications", v) => {
                return Err(format!("sweep.replications = {v}: expected an integer from 1 to 1000000"))
            }
            ("params", Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    out.params.push(read_section_param(item).map_err(|e| format!("sweep.params[{i}]: {e}"))?);
                }
            }
            ("params", v) => return Err(format!("sweep.params = {v}: expected an array")),
            ("targets", Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let text = item.as_str().ok_or_else(|| {
                        format!(
                            "sweep.targets[{i}] = {item}: expected a string \"FIGURE <= VALUE\" or \"FIGURE >= VALUE\""
                        )
                    })?;
                    out.targets.push(text.to_string());
                }
            }
            ("targets", v) => return Err(format!("sweep.targets = {v}: expected an array of strings")),
            (other, _) => return Err(format!("sweep.{other}: unknown key; expected params, replications or targets")),
        }
    }
    Ok(out)
}

pub fn read_section_param(item: &Value) -> Result<Param, String> {
    match item {
        Value::String(text) => parse_param(text),
        Value::Table(t) => {
            let path = t.get("path").and_then(Value::as_str).ok_or("expected path = \"key.path\"")?;
            parse_override(&format!("{path}=0"))?;
            let values = match t.get("values") {
                Some(Value::Array(items)) if !items.is_empty() => values_from_array(items),
                Some(Value::String(raw)) => parse_values(raw)?,
                _ => return Err("expected values = [..] or values = \"START:END:STEP\"".into()),
            };
            if let Some(extra) = t.keys().find(|k| *k != "path" && *k != "values") {
                return Err(format!("{extra}: unknown key; expected path and values"));
            }
            Ok(Param { path: path.to_string(), values })
        }
        other => Err(format!("{other}: expected \"PATH=VALUES\" or {{ path = ..., values = [...] }}")),
    }
}

/// A decimal number held exactly: `units / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Decimal {
    units: i128,
    scale: u32,
}

impl Decimal {
    /// Plain decimal notation only (`-1`, `0.25`, `10`); no exponent.
    fn parse(text: &str) -> Option<Decimal> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || int.len() + frac.len() > 30 {
            return None;
        }
        let units: i128 = format!("{int}{frac}").parse().ok()?;
        Some(Decimal { units: if negative { -units } else { units }, scale: frac.len() as u32 })
    }

    fn rescaled(self, scale: u32) -> i128 {
        self.units * 10i128.pow(scale - self.scale)
    }
}

fn decimal_range(start: Decimal, end: Decimal, step: Decimal) -> Result<Vec<ParamValue>, String> {
    let scale = start.scale.max(end.scale).max(step.scale);
    let (a, b, s) = (start.rescaled(scale), end.rescaled(scale), step.rescaled(scale));
    if s <= 0 {
        return Err("the step of a range must be above 0".into());
    }
    if b < a {
        return Err("a range must not end before it starts".into());
    }
    let count = (b - a) / s + 1;
    if count > 1_000_000 {
        return Err(format!("the range has {count} values; at most 1000000"));
    }
    Ok((0..count).map(|i| decimal_value(a + i * s, scale)).collect())
}

fn decimal_value(units: i128, scale: u32) -> ParamValue {
    if scale == 0 {
        return ParamValue { text: units.to_string(), value: Value::Integer(units as i64) };
    }
    let pow = 10i128.pow(scale);
    let sign = if units < 0 { "-" } else { "" };
    let frac = format!("{:0width$}", units.abs() % pow, width = scale as usize);
    let frac = frac.trim_end_matches('0');
    let text = format!("{sign}{}.{}", units.abs() / pow, if frac.is_empty() { "0" } else { frac });
    // The nearest double to the exact decimal: no error carried from one step to the next.
    let value = Value::Float(text.parse().unwrap_or(f64::NAN));
    ParamValue { text, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(raw: &str) -> Vec<String> {
        parse_values(raw).unwrap().into_iter().map(|v| v.text).collect()
    }

    #[test]
    fn ranges_are_exact_decimals() {
        assert_eq!(texts("10:30:5"), ["10", "15", "20", "25", "30"]);
        assert_eq!(texts("0:0.3:0.1"), ["0.0", "0.1", "0.2", "0.3"]);
        assert_eq!(texts("0.5:1:0.25"), ["0.5", "0.75", "1.0"]);
        assert_eq!(texts("-1:1:0.5"), ["-1.0", "-0.5", "0.0", "0.5", "1.0"]);
        assert_eq!(texts("1:10:4"), ["1", "5", "9"]);
        let v = parse_values("0:0.3:0.1").unwrap();
        assert_eq!(v[3].value, Value::Float(0.3));
        assert_eq!(v[0].value, Value::Float(0.0));
        assert_eq!(parse_values("3:6:1").unwrap()[0].value, Value::Integer(3));
        assert!(parse_values("5:1:1").is_err());
        assert!(parse_values("1:5:0").is_err());
        assert!(parse_values("1:5").is_err());
    }

    #[test]
    fn lists_keep_their_text_and_type() {
        let v = parse_values("3, 6,12").unwrap();
        assert_eq!(v.iter().map(|x| x.text.as_str()).collect::<Vec<_>>(), ["3", "6", "12"]);
        assert_eq!(v[2].value, Value::Integer(12));
        assert_eq!(parse_values("NW,BY").unwrap()[1].value, Value::String("BY".into()));
        assert!(parse_values("1,,2").is_err());
    }

    #[test]
    fn grid_points_vary_the_last_parameter_fastest() {
        let grid = Grid::new(vec![parse_param("a=1,2").unwrap(), parse_param("b=7:9:1").unwrap()]).unwrap();
        assert_eq!(grid.points(), 6);
        assert_eq!(grid.describe(0), "a=1, b=7");
        assert_eq!(grid.describe(1), "a=1, b=8");
        assert_eq!(grid.describe(5), "a=2, b=9");
        assert!(Grid::new(vec![parse_param("a=1").unwrap(), parse_param("a=2").unwrap()]).is_err());
    }

    #[test]
    fn reads_the_sweep_section() {
        let doc: Table = toml::from_str(
            "[sweep]\nreplications = 3\nparams = [\"a.b=1,2\", { path = \"c\", values = [[\"08:00-12:00\"], []] }]\n",
        )
        .unwrap();
        let s = read_sweep_section(&doc).unwrap();
        assert_eq!(s.replications, Some(3));
        assert_eq!(s.params.len(), 2);
        assert_eq!(s.params[1].values[0].text, "[\"08:00-12:00\"]");
        let bad: Table = toml::from_str("[sweep]\nparam = []\n").unwrap();
        assert!(read_sweep_section(&bad).unwrap_err().contains("sweep.param"));
        let targets: Table = toml::from_str("[sweep]\ntargets = [\"backlog_end <= 100\"]\n").unwrap();
        assert_eq!(read_sweep_section(&targets).unwrap().targets, ["backlog_end <= 100"]);
        let bad: Table = toml::from_str("[sweep]\ntargets = [3]\n").unwrap();
        assert_eq!(
            read_sweep_section(&bad).unwrap_err(),
            "sweep.targets[0] = 3: expected a string \"FIGURE <= VALUE\" or \"FIGURE >= VALUE\""
        );
    }
}
