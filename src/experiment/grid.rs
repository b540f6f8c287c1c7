//! Sweep parameters and their grid.
//!
//! `PATH=VALUES` names a scenario key (the notation of `--set`) and its values: a list
//! `3,6,12`, or a range `START:END:STEP` (`10:30:2`, `0.5:1:0.25`) whose values are computed
//! in exact decimal arithmetic, so no rounding accumulates (0.1 steps give 0.3, never
//! 0.30000000000000004). Several parameters form a grid; the last one varies fastest.
//!
//! Two forms make a parameter a measure rather than a key: `A+B=VALUES` sets every linked key
//! to the value (new posts that are filled: `staff[0].positions_fte+staff[0].filled_fte`), and
//! `policies.NAME=false,true` switches one of the scenario's policies off or on, with all its
//! changes and its price (`costs.measures.*`).

use crate::scenario::{parse_override, with_overrides, LoadedScenario, Override, Policy, ScenarioError};
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
    /// As written: one key, linked keys `A+B`, or a policy switch `policies.NAME`.
    pub path: String,
    pub values: Vec<ParamValue>,
}

/// What a policy switch's path starts with.
const POLICY_SWITCH: &str = "policies.";

impl Param {
    /// The scenario keys the parameter sets (linked keys `A+B` each get the value).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.path.split('+').map(str::trim)
    }

    /// The policy a `policies.NAME` parameter switches.
    pub fn policy_switch(&self) -> Option<&str> {
        self.path.strip_prefix(POLICY_SWITCH)
    }
}

/// The grid of all combinations of the parameters' values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub params: Vec<Param>,
}

impl Grid {
    /// Builds the grid; refuses a repeated path and a grid beyond `MAX_POINTS`.
    pub fn new(params: Vec<Param>) -> Result<Grid, String> {
        let mut seen = std::collections::HashSet::new();
        if let Some(key) = params.iter().flat_map(Param::keys).find(|key| !seen.insert(*key)) {
            return Err(format!("{key}: swept twice; give each key once"));
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

    /// The overrides that turn the scenario into point `index`: each key its value, linked
    /// keys the same value, a policy switched on its changes (`policies` are the scenario's).
    pub fn overrides(&self, index: u64, policies: &[Policy]) -> Result<Vec<Override>, String> {
        let mut out = Vec::new();
        for (p, v) in self.params.iter().zip(self.point(index)) {
            match p.policy_switch() {
                Some(name) => out.extend(switched_policy(name, v, policies)?),
                None => out.extend(p.keys().map(|key| Override { path: key.to_string(), value: v.value.clone() })),
            }
        }
        Ok(out)
    }

    /// The validated scenario of point `index`.
    pub fn scenario_at(&self, base: &LoadedScenario, index: u64) -> Result<LoadedScenario, ScenarioError> {
        let overrides = self.overrides(index, &base.policies).map_err(|message| ScenarioError::Override {
            file: base.file.display().to_string(),
            text: self.describe(index),
            message,
        })?;
        with_overrides(base, &overrides)
    }

    /// "path=value, path=value" for messages.
    pub fn describe(&self, index: u64) -> String {
        let parts: Vec<String> =
            self.params.iter().zip(self.point(index)).map(|(p, v)| format!("{}={}", p.path, v.text)).collect();
        parts.join(", ")
    }
}

/// The changes of policy `name` when `value` switches it on (none when off).
fn switched_policy(name: &str, value: &ParamValue, policies: &[Policy]) -> Result<Vec<Override>, String> {
    let on = value
        .value
        .as_bool()
        .ok_or_else(|| format!("{POLICY_SWITCH}{name}={}: a policy is switched with false or true", value.text))?;
    let policy = policies.iter().find(|p| p.name == name).ok_or_else(|| {
        let known: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
        format!("{POLICY_SWITCH}{name}: no such policy; the scenario defines: {}", known.join(", "))
    })?;
    if policy.from.is_some() {
        return Err(format!(
            "{POLICY_SWITCH}{name}: the policy holds from a date; only policies in force from the start can be switched"
        ));
    }
    Ok(if on { policy.overrides.clone() } else { Vec::new() })
}

/// The one-point grid of a mix: each lever at one value, as written (`Mix::settings`).
pub fn mix_grid(settings: &[(String, String)]) -> Result<Grid, String> {
    let params = settings
        .iter()
        .map(|(path, text)| {
            check_path(path)?;
            let value = parse_override(&format!("v={text}"))?.value;
            Ok(Param { path: path.clone(), values: vec![ParamValue { text: text.clone(), value }] })
        })
        .collect::<Result<_, String>>()?;
    Grid::new(params)
}

/// Checks a parameter's path: a key, linked keys `A+B`, or a policy switch `policies.NAME`.
fn check_path(path: &str) -> Result<(), String> {
    if let Some(name) = path.strip_prefix(POLICY_SWITCH) {
        return match name.is_empty() || name.contains(['.', '+', '[']) {
            true => Err(format!("{path}: a policy switch is {POLICY_SWITCH}NAME, NAME a [policies.NAME] table")),
            false => Ok(()),
        };
    }
    for key in path.split('+') {
        if key.trim().starts_with(POLICY_SWITCH) {
            return Err(format!("{path}: a policy switch cannot be linked to other keys"));
        }
        parse_override(&format!("{}=0", key.trim()))?;
    }
    Ok(())
}

/// Parses "PATH=VALUES".
pub fn parse_param(text: &str) -> Result<Param, String> {
    let (path, values) = text.split_once('=').ok_or_else(|| {
        format!("\"{text}\": expected PATH=VALUES, e.g. staff[1].head_count=3,4,5 or portal.horizon_days=28:84:14")
    })?;
    let path = path.trim();
    check_path(path)?;
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
            check_path(path)?;
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

    fn policies(toml_text: &str) -> Vec<Policy> {
        crate::scenario::read_policies(&toml::from_str(toml_text).unwrap()).unwrap()
    }

    fn written(ovs: &[Override]) -> Vec<String> {
        ovs.iter().map(|o| format!("{}={}", o.path, o.value)).collect()
    }

    #[test]
    fn linked_keys_all_take_the_value() {
        let grid = Grid::new(vec![parse_param("staff[0].positions_fte+staff[0].filled_fte=12:16:2").unwrap()]).unwrap();
        assert_eq!(grid.points(), 3);
        assert_eq!(written(&grid.overrides(1, &[]).unwrap()), ["staff[0].positions_fte=14", "staff[0].filled_fte=14"]);
        // A key linked in one parameter may not be swept by another.
        let twice = Grid::new(vec![
            parse_param("staff[0].positions_fte+staff[0].filled_fte=12,14").unwrap(),
            parse_param("staff[0].filled_fte=10,11").unwrap(),
        ]);
        assert_eq!(twice.unwrap_err(), "staff[0].filled_fte: swept twice; give each key once");
        assert!(parse_param("a.b+policies.x=1").unwrap_err().contains("cannot be linked"));
    }

    #[test]
    fn a_policy_switch_brings_the_policys_changes_and_price() {
        let known = policies(
            "[policies.fixes]\n\"portal.wrong_category_prob\" = 0.01\n\"costs.measures.fixes\" = { one_off = 10000 }\n\
             [policies.later]\nfrom = \"2025-06-02\"\n\"staff[0].filled_fte\" = 14\n",
        );
        let grid = Grid::new(vec![parse_param("policies.fixes=false,true").unwrap()]).unwrap();
        assert!(grid.overrides(0, &known).unwrap().is_empty());
        assert_eq!(
            written(&grid.overrides(1, &known).unwrap()),
            ["costs.measures.fixes.one_off=10000", "portal.wrong_category_prob=0.01"]
        );
        let unknown = Grid::new(vec![parse_param("policies.nothing=true").unwrap()]).unwrap();
        assert_eq!(
            unknown.overrides(0, &known).unwrap_err(),
            "policies.nothing: no such policy; the scenario defines: fixes, later"
        );
        let number = Grid::new(vec![parse_param("policies.fixes=1").unwrap()]).unwrap();
        assert!(number.overrides(0, &known).unwrap_err().contains("switched with false or true"));
        let dated = Grid::new(vec![parse_param("policies.later=true").unwrap()]).unwrap();
        assert!(dated.overrides(0, &known).unwrap_err().contains("holds from a date"));
        assert!(parse_param("policies.a.b=true").is_err());
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
