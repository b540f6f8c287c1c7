//! What every chart shares: palette, fonts, numeric and categorical axis scales with their
//! tick labels, building the axes, and drawing lines and bands with gaps.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{draw_err, ChartError, Lang};

/// Font family of all text: the name under which the embedded font is registered with
/// plotters, and the CSS font list SVG viewers see (Verdana has nearly the same widths).
pub(super) const FONT: &str = "DejaVu Sans, Verdana, sans-serif";
pub(super) const TITLE_PX: u32 = 22;
pub(super) const DESC_PX: u32 = 16;
pub(super) const TICK_PX: u32 = 14;
pub(super) const LEGEND_PX: u32 = 15;

/// Okabe–Ito, ordered so that the first colours contrast best on white (yellow last).
pub(super) const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(230, 159, 0),   // orange
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(240, 228, 66),  // yellow
];
pub(super) const TEXT: RGBColor = RGBColor(30, 30, 30);
pub(super) const MUTED: RGBColor = RGBColor(110, 110, 110);
const GRID: RGBColor = RGBColor(225, 225, 225);
const AXIS: RGBColor = RGBColor(90, 90, 90);

/// The colour of the `i`-th series (the palette repeats after eight).
pub(super) fn series_colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

pub(super) fn font(px: u32) -> TextStyle<'static> {
    (FONT, px).into_font().color(&TEXT)
}

/// An axis: its range and the positions and texts of its ticks.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<(f64, String)>,
}

impl Scale {
    /// A numeric axis over `lo..=hi` (finite), widened to round tick steps; at most about
    /// `max_ticks` ticks. `integer` keeps steps whole (head counts). Equal ends are widened.
    pub fn numeric(
        lo: f64,
        hi: f64,
        max_ticks: usize,
        integer: bool,
        lang: Lang,
        what: &str,
    ) -> Result<Scale, ChartError> {
        let range_err = || ChartError::Range { what: what.to_string() };
        let (lo, hi) = widen_if_flat(lo, hi);
        let span = hi - lo;
        if !span.is_finite() || !lo.is_finite() || !hi.is_finite() {
            return Err(range_err());
        }
        let step = nice_step(span, max_ticks.max(2), integer);
        let (k0, k1) = ((lo / step + 1e-9).floor(), (hi / step - 1e-9).ceil());
        if !(k0.is_finite() && k1.is_finite()) || k1 - k0 > 1000.0 {
            return Err(range_err());
        }
        let decimals = decimals_of(step);
        let ticks = (k0 as i64..=k1 as i64)
            .map(|k| {
                let v = k as f64 * step;
                (v, lang.number(v, decimals))
            })
            .collect();
        Ok(Scale { lo: k0 * step, hi: k1 * step, ticks })
    }

    /// A numeric axis over exactly `lo..=hi` with round ticks inside it (x axes, where
    /// data should reach the edges).
    pub fn numeric_within(
        lo: f64,
        hi: f64,
        max_ticks: usize,
        integer: bool,
        lang: Lang,
        what: &str,
    ) -> Result<Scale, ChartError> {
        let (lo, hi) = widen_if_flat(lo, hi);
        let mut scale = Scale::numeric(lo, hi, max_ticks, integer, lang, what)?;
        let tol = (hi - lo) * 1e-9;
        scale.ticks.retain(|(t, _)| *t >= lo - tol && *t <= hi + tol);
        scale.lo = lo;
        scale.hi = hi;
        Ok(scale)
    }

    /// Categories at 0, 1, 2, ... with these labels, each given half a unit of room.
    pub fn categories(labels: impl IntoIterator<Item = String>) -> Scale {
        let ticks: Vec<(f64, String)> = labels.into_iter().enumerate().map(|(i, l)| (i as f64, l)).collect();
        Scale { lo: -0.5, hi: ticks.len() as f64 - 0.5, ticks }
    }

    /// The label of the tick at `v`, or nothing between ticks.
    pub fn label_at(&self, v: f64) -> String {
        let tol = (self.hi - self.lo).abs() * 1e-9;
        self.ticks.iter().find(|(t, _)| (t - v).abs() <= tol).map(|(_, l)| l.clone()).unwrap_or_default()
    }

    fn coord(&self) -> TickedRange {
        TickedRange { lo: self.lo, hi: self.hi, ticks: self.ticks.iter().map(|(t, _)| *t).collect() }
    }
}

/// A linear f64 coordinate whose ticks (and grid lines) are exactly the given values.
/// (plotters' `WithKeyPoints` over f64 cannot be given a label formatter.)
pub(super) struct TickedRange {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for TickedRange {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let t = if self.hi > self.lo { (v - self.lo) / (self.hi - self.lo) } else { 0.5 };
        // Saturating cast: NaN maps to the start, huge values to the edges of i32.
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

fn widen_if_flat(lo: f64, hi: f64) -> (f64, f64) {
    if hi > lo {
        (lo, hi)
    } else if lo == 0.0 {
        (0.0, 1.0)
    } else {
        let d = lo.abs() * 0.1;
        (lo - d, hi + d)
    }
}

fn nice_step(span: f64, max_ticks: usize, integer: bool) -> f64 {
    let raw = span / max_ticks as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let mantissas: &[f64] = if integer { &[1.0, 2.0, 5.0, 10.0] } else { &[1.0, 2.0, 2.5, 5.0, 10.0] };
    let step = mantissas.iter().map(|m| m * magnitude).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * magnitude);
    if integer {
        step.max(1.0)
    } else {
        step
    }
}

/// Fewest decimals that show every multiple of `step` exactly.
fn decimals_of(step: f64) -> usize {
    (0..=12)
        .find(|d| {
            let scaled = step * 10f64.powi(*d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
        })
        .unwrap_or(12)
}

/// `Err(LengthMismatch)` unless `found == expected`; `what` names the input.
pub(super) fn check_len(what: impl FnOnce() -> String, found: usize, expected: usize) -> Result<(), ChartError> {
    if found == expected {
        Ok(())
    } else {
        Err(ChartError::LengthMismatch { what: what(), expected, found })
    }
}

/// Smallest and largest finite value, if any.
pub(super) fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// Adds 3% headroom and starts the axis at zero when the data are non-negative (counts,
/// days, shares: a 55.8-57.2 axis would make a flat 56 days look like a swing).
pub(super) fn value_axis(lo: f64, hi: f64, max_ticks: usize, lang: Lang, what: &str) -> Result<Scale, ChartError> {
    let lo = if lo >= 0.0 { 0.0 } else { lo };
    let pad = (hi - lo) * 0.03;
    Scale::numeric(if lo == 0.0 { 0.0 } else { lo - pad }, hi + pad, max_ticks, false, lang, what)
}

/// Maximal runs of consecutive indices `i < n` for which `ok(i)` holds.
pub(super) fn runs(n: usize, ok: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for i in 0..=n {
        match (start, i < n && ok(i)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Coordinates of every chart: data values on both axes, ticks where the scales say.
pub(super) type Coords = Cartesian2d<TickedRange, TickedRange>;

/// Builds the chart on `area` and draws its axes, tick labels, descriptions and, if `grid`,
/// light grid lines at the ticks.
pub(super) fn build_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x: &Scale,
    y: &Scale,
    x_desc: Option<&str>,
    y_desc: Option<&str>,
    grid: bool,
) -> Result<ChartContext<'a, DB, Coords>, ChartError> {
    let tick_font = font(TICK_PX);
    let mut widest = 0;
    for (_, label) in &y.ticks {
        widest = widest.max(area.estimate_text_size(label, &tick_font).map_err(draw_err)?.0);
    }
    let desc_room = |d: Option<&str>| if d.is_some() { DESC_PX + 8 } else { 0 };
    let mut chart = ChartBuilder::on(area)
        .margin_top(12)
        .margin_right(18)
        .margin_left(8)
        .margin_bottom(6)
        .x_label_area_size(TICK_PX + 12 + desc_room(x_desc))
        .y_label_area_size(widest + 14 + desc_room(y_desc))
        .build_cartesian_2d(x.coord(), y.coord())
        .map_err(draw_err)?;
    let x_fmt = |v: &f64| x.label_at(*v);
    let y_fmt = |v: &f64| y.label_at(*v);
    let mut mesh = chart.configure_mesh();
    mesh.x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(tick_font.clone())
        .axis_desc_style(font(DESC_PX))
        .axis_style(AXIS)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT);
    if !grid {
        mesh.disable_mesh();
    }
    if let Some(d) = x_desc {
        mesh.x_desc(d);
    }
    if let Some(d) = y_desc {
        mesh.y_desc(d);
    }
    mesh.draw().map_err(draw_err)?;
    Ok(chart)
}

/// Draws the finite stretches of `(xs[i], ys[i])` as lines; a lone point as a dot.
pub(super) fn draw_line<DB: DrawingBackend>(
    chart: &mut ChartContext<DB, Coords>,
    xs: &[f64],
    ys: &[f64],
    colour: RGBColor,
    width: u32,
) -> Result<(), ChartError> {
    let n = xs.len().min(ys.len());
    for run in runs(n, |i| xs[i].is_finite() && ys[i].is_finite()) {
        if run.len() == 1 {
            let p = (xs[run.start], ys[run.start]);
            chart.draw_series(std::iter::once(Circle::new(p, width + 2, colour.filled()))).map_err(draw_err)?;
        } else {
            let points = run.map(|i| (xs[i], ys[i]));
            chart.draw_series(LineSeries::new(points, colour.stroke_width(width))).map_err(draw_err)?;
        }
    }
    Ok(())
}

/// Dashed vertical lines at the axis's marked days, each with its label at the top (its
/// number in the order of the marks when the label would not fit beside the line).
pub(super) fn draw_marks<DB: DrawingBackend>(
    chart: &mut ChartContext<DB, Coords>,
    days: &super::DailyAxis,
    y: &Scale,
) -> Result<(), ChartError> {
    for (k, mark) in days.marks.iter().enumerate() {
        let Some(i) = days.dates.iter().position(|d| *d == mark.date) else { continue };
        let x = i as f64;
        let line = DashedLineSeries::new(vec![(x, y.lo), (x, y.hi)], 6, 4, MUTED.stroke_width(1));
        chart.draw_series(line).map_err(draw_err)?;
        // Labels step down so that marks close together stay readable.
        let step = (y.hi - y.lo) * 0.06 * (k % 3) as f64;
        let style = font(TICK_PX).color(&MUTED);
        let text = Text::new(format!(" {}", mark.label), (x, y.hi - step), style);
        chart.draw_series(std::iter::once(text)).map_err(draw_err)?;
    }
    Ok(())
}

/// The status quo's line: black and heavier than the measures'.
pub(super) const STATUS_QUO: RGBColor = RGBColor(0, 0, 0);

/// Draws `shape` (0 none, then circle, triangle, square, cross, diamond, repeating) at
/// every `every`-th finite point of the line, so that lines differ in grey print too.
pub(super) fn draw_markers<DB: DrawingBackend>(
    chart: &mut ChartContext<DB, Coords>,
    xs: &[f64],
    ys: &[f64],
    colour: RGBColor,
    shape: usize,
    every: usize,
) -> Result<(), ChartError> {
    if shape == 0 {
        return Ok(());
    }
    let n = xs.len().min(ys.len());
    let offset = (shape * every / 5) % every.max(1);
    let points: Vec<(f64, f64)> = (offset..n)
        .step_by(every.max(1))
        .filter(|&i| xs[i].is_finite() && ys[i].is_finite())
        .map(|i| (xs[i], ys[i]))
        .collect();
    let (r, style) = (5, colour.filled());
    let at = |p: (f64, f64)| EmptyElement::at(p);
    let drawn = match (shape - 1) % 5 {
        0 => chart.draw_series(points.into_iter().map(|p| at(p) + Circle::new((0, 0), r, style))),
        1 => chart.draw_series(
            points.into_iter().map(|p| at(p) + Polygon::new(vec![(0, -r - 1), (-r - 1, r), (r + 1, r)], style)),
        ),
        2 => chart.draw_series(points.into_iter().map(|p| at(p) + Rectangle::new([(-r, -r), (r, r)], style))),
        3 => chart.draw_series(points.into_iter().map(|p| {
            at(p)
                + PathElement::new(vec![(-r, -r), (r, r)], colour.stroke_width(3))
                + PathElement::new(vec![(-r, r), (r, -r)], colour.stroke_width(3))
        })),
        _ => chart.draw_series(
            points
                .into_iter()
                .map(|p| at(p) + Polygon::new(vec![(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)], style)),
        ),
    };
    drawn.map(|_| ()).map_err(draw_err)
}

/// One marker of `shape` centred at pixel `at`.
pub(super) fn draw_marker_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    colour: RGBColor,
    shape: usize,
) -> Result<(), ChartError> {
    let (x, y) = at;
    let r = 5;
    let style = colour.filled();
    match (shape.max(1) - 1) % 5 {
        0 => area.draw(&Circle::new(at, r, style)).map_err(draw_err)?,
        1 => area
            .draw(&Polygon::new(vec![(x, y - r - 1), (x - r - 1, y + r), (x + r + 1, y + r)], style))
            .map_err(draw_err)?,
        2 => area.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], style)).map_err(draw_err)?,
        3 => {
            for (a, b) in [((x - r, y - r), (x + r, y + r)), ((x - r, y + r), (x + r, y - r))] {
                area.draw(&PathElement::new(vec![a, b], colour.stroke_width(3))).map_err(draw_err)?;
            }
        }
        _ => area
            .draw(&Polygon::new(vec![(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)], style))
            .map_err(draw_err)?,
    }
    Ok(())
}

/// Fills between `lo` and `hi` over the stretches where both are finite; a lone day as a bar.
pub(super) fn draw_band<DB: DrawingBackend>(
    chart: &mut ChartContext<DB, Coords>,
    xs: &[f64],
    lo: &[f64],
    hi: &[f64],
    fill: RGBAColor,
) -> Result<(), ChartError> {
    let n = xs.len().min(lo.len()).min(hi.len());
    for run in runs(n, |i| xs[i].is_finite() && lo[i].is_finite() && hi[i].is_finite()) {
        if run.len() == 1 {
            let (x, a, b) = (xs[run.start], lo[run.start], hi[run.start]);
            let bar = PathElement::new(vec![(x, a), (x, b)], fill.stroke_width(8));
            chart.draw_series(std::iter::once(bar)).map_err(draw_err)?;
        } else {
            let upper = run.clone().map(|i| (xs[i], hi[i]));
            let lower = run.rev().map(|i| (xs[i], lo[i]));
            let polygon = Polygon::new(upper.chain(lower).collect::<Vec<_>>(), fill.filled());
            chart.draw_series(std::iter::once(polygon)).map_err(draw_err)?;
        }
    }
    Ok(())
}

/// Draws the title centred at the top and returns the area below it.
pub(super) fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let area = root.margin(6, 0, 0, 0);
    area.titled(title, font(TITLE_PX)).map_err(draw_err)
}

/// About how many tick labels of `label_px` pixels fit along `length_px` pixels.
pub(super) fn tick_budget(length_px: u32, label_px: u32) -> usize {
    (length_px / label_px.max(1)).clamp(2, 14) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_scales_have_round_ticks_covering_the_data() {
        let s = Scale::numeric(0.0, 37.0, 8, false, Lang::De, "y").unwrap();
        assert_eq!((s.lo, s.hi), (0.0, 40.0));
        assert_eq!(
            s.ticks.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(),
            ["0", "5", "10", "15", "20", "25", "30", "35", "40"]
        );
        let s = Scale::numeric(0.1, 0.35, 6, false, Lang::De, "y").unwrap();
        assert!(s.ticks.iter().any(|t| t.1 == "0,25"), "{s:?}");
        let heads = Scale::numeric(3.0, 6.0, 10, true, Lang::De, "x").unwrap();
        assert!(heads.ticks.iter().all(|t| t.0.fract() == 0.0), "{heads:?}");
    }

    #[test]
    fn a_flat_or_huge_range_does_not_panic() {
        let s = Scale::numeric(5.0, 5.0, 8, false, Lang::De, "y").unwrap();
        assert!(s.lo < 5.0 && s.hi > 5.0);
        let z = Scale::numeric(0.0, 0.0, 8, false, Lang::De, "y").unwrap();
        assert!(z.hi > z.lo);
        assert!(matches!(Scale::numeric(-f64::MAX, f64::MAX, 8, false, Lang::De, "y"), Err(ChartError::Range { .. })));
    }

    #[test]
    fn runs_split_at_gaps() {
        let v = [1.0, f64::NAN, 2.0, 3.0, f64::INFINITY, 4.0];
        assert_eq!(runs(v.len(), |i| v[i].is_finite()), vec![0..1, 2..4, 5..6]);
        assert!(runs(0, |_| true).is_empty());
    }
}
