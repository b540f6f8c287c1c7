//! Sweep chart: a key figure against one numeric parameter (head count, no-show rate, ...),
//! the mean as a line with dots, its confidence interval as a band, one series per setting
//! of the other parameters, and optionally a horizontal target line (staffing search).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame;
use super::legend::{legend_above, LegendEntry, Swatch};
use super::{draw_err, render, Axis, Chart, ChartError, ChartFile, Lang};

/// One series of a sweep: at each parameter value `x[i]` the figure's mean and its
/// confidence interval `low[i]..=high[i]`. Points need not be sorted; NaN or infinite
/// values are skipped (the line breaks there).
#[derive(Debug, Clone, PartialEq)]
pub struct XYSeries {
    /// Legend name, e.g. "Öffnung samstags".
    pub name: String,
    /// Parameter values.
    pub x: Vec<f64>,
    /// Mean of the figure at each parameter value.
    pub mean: Vec<f64>,
    /// Lower confidence bound at each parameter value.
    pub low: Vec<f64>,
    /// Upper confidence bound at each parameter value.
    pub high: Vec<f64>,
}

const BAND_ALPHA: f64 = 0.18;

/// Draws the figure (`y`) against the parameter (`x`); whole-number parameters get
/// whole-number ticks. `target` = `(value, label)` adds a dashed horizontal line at
/// `value`, labelled at its right end (e.g. "Ziel: 30 min").
///
/// Errors: no series, a series without points or with vectors of unequal length, no
/// finite point at all, or a failure to write the file.
pub fn xy_chart(
    file: &ChartFile,
    title: &str,
    x: &Axis,
    y: &Axis,
    series: &[XYSeries],
    target: Option<(f64, &str)>,
) -> Result<(), ChartError> {
    xy_chart_marked(file, title, x, y, series, target, None)
}

/// Points picked out of an xy chart, e.g. the head counts at which the office is
/// overloaded: drawn as crosses in the colour of a loss, with their legend label.
#[derive(Debug, Clone, PartialEq)]
pub struct Marks {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// Colour and shape of marked points: the "worse" colour of the report, a cross.
const MARK_COLOUR: RGBColor = RGBColor(184, 77, 0);
const MARK_SHAPE: usize = 4;

/// `xy_chart` with `marks` drawn over the series (a legend entry when there are any).
pub fn xy_chart_marked(
    file: &ChartFile,
    title: &str,
    x: &Axis,
    y: &Axis,
    series: &[XYSeries],
    target: Option<(f64, &str)>,
    marks: Option<&Marks>,
) -> Result<(), ChartError> {
    if series.is_empty() {
        return Err(ChartError::Empty { what: "series".into() });
    }
    for s in series {
        if s.x.is_empty() {
            return Err(ChartError::Empty { what: format!("series {:?}: x", s.name) });
        }
        for (part, v) in [("mean", &s.mean), ("low", &s.low), ("high", &s.high)] {
            frame::check_len(|| format!("series {:?}: {part}", s.name), v.len(), s.x.len())?;
        }
    }
    let points = series.iter().flat_map(|s| (0..s.x.len()).map(move |i| (s.x[i], s.mean[i])));
    let finite: Vec<(f64, f64)> = points.filter(|(a, b)| a.is_finite() && b.is_finite()).collect();
    let no_points = || ChartError::NoFiniteValues { what: "series (x, mean)".into() };
    let x_range = frame::finite_range(finite.iter().map(|p| p.0)).ok_or_else(no_points)?;
    let bounds = series.iter().flat_map(|s| s.low.iter().chain(&s.high).copied());
    let target_value = target.map(|t| t.0).filter(|v| v.is_finite());
    let y_values = finite.iter().map(|p| p.1).chain(bounds).chain(target_value);
    let y_range = frame::finite_range(y_values).ok_or_else(no_points)?;
    let integer_x = finite.iter().all(|p| p.0.fract() == 0.0);
    let target = target.filter(|t| t.0.is_finite());
    let marks = marks.filter(|m| !m.points.is_empty());
    render(file, &Sweep { title, x, y, series, target, x_range, y_range, integer_x, marks })
}

struct Sweep<'a> {
    title: &'a str,
    x: &'a Axis,
    y: &'a Axis,
    series: &'a [XYSeries],
    target: Option<(f64, &'a str)>,
    x_range: (f64, f64),
    y_range: (f64, f64),
    integer_x: bool,
    marks: Option<&'a Marks>,
}

impl Chart for Sweep<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, lang: Lang) -> Result<(), ChartError> {
        let area = frame::titled(root, self.title)?;
        let mut entries: Vec<LegendEntry> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| LegendEntry { label: s.name.clone(), swatch: Swatch::LineBand(frame::series_colour(i)) })
            .collect();
        if let Some(m) = self.marks {
            entries.push(LegendEntry { label: m.label.clone(), swatch: Swatch::Marker(MARK_COLOUR, MARK_SHAPE) });
        }
        let key = frame::MUTED;
        entries.push(LegendEntry { label: String::new(), swatch: Swatch::Line(key) });
        entries.push(LegendEntry { label: lang.words().mean.into(), swatch: Swatch::Line(key) });
        entries.push(LegendEntry { label: lang.words().ci_95.into(), swatch: Swatch::Band(key.mix(BAND_ALPHA + 0.1)) });
        let plot = legend_above(&area, &entries)?;

        let (w, h) = plot.dim_in_pixel();
        let (x0, x1) = self.x_range;
        let pad = if x1 > x0 { (x1 - x0) * 0.04 } else { x0.abs().max(1.0) * 0.1 };
        let budget = frame::tick_budget(w, 70);
        let x = frame::Scale::numeric_within(x0 - pad, x1 + pad, budget, self.integer_x, lang, "series x")?;
        let y = frame::value_axis(self.y_range.0, self.y_range.1, frame::tick_budget(h, 45), lang, "series")?;
        let mut chart = frame::build_chart(&plot, &x, &y, Some(&self.x.label), Some(&self.y.label), true)?;

        let sorted: Vec<Vec<usize>> = self
            .series
            .iter()
            .map(|s| {
                let mut order: Vec<usize> = (0..s.x.len()).collect();
                order.sort_by(|&a, &b| s.x[a].total_cmp(&s.x[b]));
                order
            })
            .collect();
        let pick = |v: &[f64], order: &[usize]| order.iter().map(|&i| v[i]).collect::<Vec<f64>>();
        for (i, (s, order)) in self.series.iter().zip(&sorted).enumerate() {
            let c = frame::series_colour(i);
            frame::draw_band(
                &mut chart,
                &pick(&s.x, order),
                &pick(&s.low, order),
                &pick(&s.high, order),
                c.mix(BAND_ALPHA),
            )?;
        }
        if let Some((value, label)) = self.target {
            let line = DashedLineSeries::new(vec![(x.lo, value), (x.hi, value)], 8, 5, frame::TEXT.stroke_width(2));
            chart.draw_series(line).map_err(draw_err)?;
            let style = frame::font(frame::TICK_PX).pos(Pos::new(HPos::Right, VPos::Bottom));
            let text = EmptyElement::at((x.hi, value)) + Text::new(label.to_string(), (-6, -5), style);
            chart.draw_series(std::iter::once(text)).map_err(draw_err)?;
        }
        for (i, (s, order)) in self.series.iter().zip(&sorted).enumerate() {
            let c = frame::series_colour(i);
            let (xs, means) = (pick(&s.x, order), pick(&s.mean, order));
            frame::draw_line(&mut chart, &xs, &means, c, 2)?;
            let dots = xs.iter().zip(&means).filter(|(a, b)| a.is_finite() && b.is_finite());
            chart.draw_series(dots.map(|(a, b)| Circle::new((*a, *b), 4, c.filled()))).map_err(draw_err)?;
        }
        if let Some(m) = self.marks {
            let (xs, ys): (Vec<f64>, Vec<f64>) = m.points.iter().copied().unzip();
            frame::draw_markers(&mut chart, &xs, &ys, MARK_COLOUR, MARK_SHAPE, 1)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::test_support::*;
    use crate::report::charts::Format;

    /// Mean wait falling with head count, like an Erlang C curve.
    fn staffing(name: &str, scale: f64) -> XYSeries {
        let x: Vec<f64> = (4..=10).map(f64::from).collect();
        let mean: Vec<f64> = x.iter().map(|c| scale * 200.0 / (c - 3.0).powi(2)).collect();
        let low = mean.iter().map(|m| m * 0.85).collect();
        let high = mean.iter().map(|m| m * 1.15).collect();
        XYSeries { name: name.into(), x, mean, low, high }
    }

    #[test]
    fn svg_holds_title_axes_target_and_every_series_name() {
        let (_dir, path) = temp_path("xy.svg");
        let series = [staffing("ohne Samstag", 1.0), staffing("mit Samstag", 0.7)];
        let (x, y) = (Axis::new("Sachbearbeitende (Köpfe)"), Axis::new("mittlere Wartezeit (min)"));
        let file = ChartFile::new(&path, Format::Svg);
        xy_chart(&file, "Personalbedarf – Wartezeit", &x, &y, &series, Some((30.0, "Ziel: 30 min"))).unwrap();
        assert_svg_has_texts(
            &path,
            &[
                "Personalbedarf – Wartezeit",
                "Sachbearbeitende (Köpfe)",
                "mittlere Wartezeit (min)",
                "ohne Samstag",
                "mit Samstag",
                "Ziel: 30 min",
                "95 %-KI",
            ],
        );
        // Whole-number parameter: no fractional x ticks.
        assert!(!svg_texts(&path).iter().any(|t| t == "4,5"));
    }

    #[test]
    fn png_has_the_requested_size_and_real_content() {
        let (_dir, path) = temp_path("xy.png");
        let file = ChartFile::new(&path, Format::Png).with_size(800, 600);
        let series = [staffing("a", 1.0)];
        xy_chart(&file, "Sweep", &Axis::new("x"), &Axis::new("y"), &series, None).unwrap();
        assert!(png_colours(&path, 800, 600) > 30);
    }

    #[test]
    fn unsorted_nan_single_and_flat_points_are_drawn() {
        let mut s = staffing("gemischt", 1.0);
        s.x.reverse();
        s.mean[2] = f64::NAN;
        s.high[4] = f64::INFINITY;
        let one =
            XYSeries { name: "ein Punkt".into(), x: vec![0.07], mean: vec![5.0], low: vec![5.0], high: vec![5.0] };
        let (_dir, path) = temp_path("mixed.png");
        let (x, y) = (Axis::new("x"), Axis::new("y"));
        xy_chart(&ChartFile::new(&path, Format::Png), "gemischt", &x, &y, &[s, one.clone()], None).unwrap();
        assert!(png_colours(&path, 900, 450) > 20);
        let svg = path.with_extension("svg");
        xy_chart(&ChartFile::new(&svg, Format::Svg), "ein Punkt", &x, &y, &[one], Some((f64::NAN, "nie"))).unwrap();
        assert_svg_has_texts(&svg, &["ein Punkt"]);
        assert!(!svg_texts(&svg).iter().any(|t| t == "nie"), "a NaN target is not drawn");
    }

    #[test]
    fn empty_or_mismatched_series_are_an_error() {
        let (_dir, path) = temp_path("bad.svg");
        let file = ChartFile::new(&path, Format::Svg);
        let (x, y) = (Axis::new("x"), Axis::new("y"));
        assert!(matches!(xy_chart(&file, "t", &x, &y, &[], None), Err(ChartError::Empty { .. })));
        let empty = XYSeries { name: "leer".into(), x: vec![], mean: vec![], low: vec![], high: vec![] };
        assert!(matches!(xy_chart(&file, "t", &x, &y, &[empty], None), Err(ChartError::Empty { .. })));
        let mut short = staffing("kurz", 1.0);
        short.low.pop();
        let err = xy_chart(&file, "t", &x, &y, &[short], None).unwrap_err();
        assert!(err.to_string().contains("\"kurz\": low"), "{err}");
        assert!(!path.exists());
    }
}
