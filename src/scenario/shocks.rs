//! Demand shocks: extra arrivals of a case type, or extra holders moving in, for a stretch of
//! weeks with a ramp up and a fade out (an influx such as the 2022 arrivals from Ukraine).
//!
//! ```toml
//! [[shocks]]
//! case_type = "ukraine_first"   # arrivals of this case type; or `inflow = "ukraine_renewal"`
//! start = "2022-03-14"
//! weeks = 10                    # full strength; or `end = "2022-05-23"` (exclusive)
//! extra_per_week = 300          # and/or `factor = 1.5` on the usual rate
//! ramp_weeks = 0
//! fade_weeks = 8
//! ```
//!
//! The shock's strength is 1 for its full weeks, (k+1)/(R+1) in ramp week k of R and
//! (F−j)/(F+1) in fade week j of F, so the extra volume is
//! `extra_per_week × (full weeks + (R + F) / 2)`.

use super::build::read_date;
use super::permits::resolve_case;
use super::reader::Node;
use chrono::NaiveDate;

/// What a shock adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShockTarget {
    /// Arrivals of this case type.
    Arrivals(usize),
    /// New holders of this renewal case type moving in with a fresh document.
    Inflow(usize),
}

/// A validated demand shock.
#[derive(Debug, Clone, PartialEq)]
pub struct Shock {
    pub label: super::text::Text,
    pub target: ShockTarget,
    pub start: NaiveDate,
    /// Days at full strength, after the ramp.
    pub full_days: u32,
    pub ramp_weeks: u32,
    pub fade_weeks: u32,
    /// Extra arrivals (or holders) per week at full strength.
    pub extra_per_week: f64,
    /// Multiplier of the usual rate at full strength (1: none).
    pub factor: f64,
}

/// A stretch of days with one strength: a ramp or fade week, or a week of the full phase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShockBlock {
    /// Days since the shock's start date.
    pub from_day: u32,
    pub days: u32,
    /// Strength between 0 and 1.
    pub weight: f64,
}

impl Shock {
    /// The shock's blocks in order: ramp weeks, the full phase in weeks (the last may be
    /// shorter), fade weeks.
    pub fn blocks(&self) -> Vec<ShockBlock> {
        let mut out = Vec::new();
        let mut day = 0;
        let (ramp, fade) = (self.ramp_weeks, self.fade_weeks);
        for k in 0..ramp {
            out.push(ShockBlock { from_day: day, days: 7, weight: (k + 1) as f64 / (ramp + 1) as f64 });
            day += 7;
        }
        let mut left = self.full_days;
        while left > 0 {
            let days = left.min(7);
            out.push(ShockBlock { from_day: day, days, weight: 1.0 });
            day += days;
            left -= days;
        }
        for j in 0..fade {
            out.push(ShockBlock { from_day: day, days: 7, weight: (fade - j) as f64 / (fade + 1) as f64 });
            day += 7;
        }
        out
    }

    /// Extra volume over the whole shock (its extra arrivals or holders in expectation, when
    /// the case type has hours in every block).
    pub fn extra_total(&self) -> f64 {
        self.blocks().iter().map(|b| self.extra_per_week * b.weight * b.days as f64 / 7.0).sum()
    }

    /// Days from the start date to the end of the fade.
    pub fn total_days(&self) -> u32 {
        self.blocks().iter().map(|b| b.days).sum()
    }
}

pub(super) fn read_shocks(root: &Node, case_types: &[super::CaseType]) -> Vec<Shock> {
    let case_names: Vec<&str> = case_types.iter().map(|c| c.name.as_str()).collect();
    let case_names = &case_names[..];
    let mut out = Vec::new();
    for node in root.tables("shocks") {
        let label = node.opt_text("label");
        let target = match (node.opt_str("case_type"), node.opt_str("inflow")) {
            (Some(name), None) => resolve_case(&node, "case_type", name, case_names).map(ShockTarget::Arrivals),
            (None, Some(name)) => resolve_case(&node, "inflow", name, case_names).map(ShockTarget::Inflow),
            _ => {
                let message = "give exactly one of `case_type` (extra arrivals) or `inflow` (extra holders moving in)";
                node.problem("case_type", message);
                None
            }
        };
        let start = read_date(&node, "start");
        if !node.has("start") {
            node.problem("start", "missing; expected a date \"YYYY-MM-DD\"");
        }
        let weeks = node.opt_f64("weeks", 0.0, 520.0);
        let end = read_date(&node, "end");
        let full_days = match (weeks, end, start) {
            (Some(w), None, _) => Some((w * 7.0).round() as u32),
            (None, Some(e), Some(s)) if e > s => Some((e - s).num_days() as u32),
            (None, Some(_), Some(_)) => {
                node.problem("end", "must lie after `start` (the end is the first day without the shock)");
                None
            }
            (None, Some(_), None) => None,
            _ => {
                node.problem("weeks", "give exactly one of `weeks` (at full strength) or `end` (a date)");
                None
            }
        };
        let ramp_weeks = node.int_or("ramp_weeks", 0, 0, 104) as u32;
        let fade_weeks = node.int_or("fade_weeks", 0, 0, 104) as u32;
        let extra_per_week = node.f64_or("extra_per_week", 0.0, 0.0, 1e7);
        let factor = node.f64_or("factor", 1.0, 0.0, 100.0);
        if extra_per_week == 0.0 && factor == 1.0 {
            node.problem(
                "extra_per_week",
                "the shock adds nothing; give `extra_per_week` > 0 or a `factor` other than 1",
            );
        }
        match target {
            Some(ShockTarget::Arrivals(c)) if factor != 1.0 => {
                if let super::ArrivalProcess::FixedDaily { .. } = case_types[c].arrivals.process {
                    let message = "a factor needs Poisson arrivals; this case type has a fixed count a day (use `extra_per_week`)";
                    node.problem("factor", message);
                }
            }
            Some(ShockTarget::Inflow(c)) if case_types[c].holders.is_none() => {
                node.problem("inflow", "this case type has no [case_types.holders] population to move into");
            }
            _ => {}
        }
        node.finish();
        if let (Some(target), Some(start), Some(full_days)) = (target, start, full_days) {
            out.push(Shock { label, target, start, full_days, ramp_weeks, fade_weeks, extra_per_week, factor });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shock(full_days: u32, ramp: u32, fade: u32) -> Shock {
        Shock {
            label: Default::default(),
            target: ShockTarget::Arrivals(0),
            start: NaiveDate::from_ymd_opt(2022, 3, 14).unwrap(),
            full_days,
            ramp_weeks: ramp,
            fade_weeks: fade,
            extra_per_week: 300.0,
            factor: 1.0,
        }
    }

    #[test]
    fn ten_weeks_fading_over_eight_add_4200() {
        // 10 × 300 at full strength, then 300 × (8 + 7 + … + 1) / 9 = 1200 while fading.
        let s = shock(70, 0, 8);
        assert!((s.extra_total() - 4200.0).abs() < 1e-9);
        assert_eq!(s.total_days(), 126);
        let weights: Vec<f64> = s.blocks().iter().map(|b| b.weight).collect();
        assert_eq!(weights[10], 8.0 / 9.0);
        assert_eq!(weights[17], 1.0 / 9.0);
    }

    #[test]
    fn a_ramp_adds_half_its_weeks_and_a_short_last_week_its_days() {
        // Ramp 1/4, 2/4, 3/4 (= 1.5 weeks), then 10 days: a week and 3/7 of one.
        let s = shock(10, 3, 0);
        assert!((s.extra_total() - 300.0 * (1.5 + 10.0 / 7.0)).abs() < 1e-9);
        let last = s.blocks().last().copied().unwrap();
        assert_eq!((last.from_day, last.days), (28, 3));
    }
}
