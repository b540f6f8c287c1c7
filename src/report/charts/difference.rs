//! Paired differences between two policies, one row per key figure: the mean difference
//! as a dot, its 95% confidence interval as a horizontal bar, and a line at zero, so a bar
//! that does not cross the line shows a difference beyond chance.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame;
use super::legend::{legend_above, LegendEntry, Swatch};
use super::{draw_err, render, Axis, Chart, ChartError, ChartFile, Lang};

/// One key figure: the mean paired difference and its 95% confidence interval. A NaN or
/// infinite mean leaves the row empty but labelled; non-finite bounds draw the dot alone.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffRow {
    /// Row label, e.g. "Wartezeit Notfallschalter (min)".
    pub label: String,
    /// Mean paired difference.
    pub mean: f64,
    /// Lower bound of the 95% confidence interval.
    pub low: f64,
    /// Upper bound of the 95% confidence interval.
    pub high: f64,
}

/// Draws one row per key figure (first row on top): x = `x` (the difference, with unit),
/// a dashed line at zero.
///
/// Errors: no rows, no finite value in any row, or a failure to write the file.
pub fn difference_chart(file: &ChartFile, title: &str, x: &Axis, rows: &[DiffRow]) -> Result<(), ChartError> {
    if rows.is_empty() {
        return Err(ChartError::Empty { what: "rows".into() });
    }
    let all = rows.iter().flat_map(|r| [r.mean, r.low, r.high]);
    let (lo, hi) = frame::finite_range(all).ok_or(ChartError::NoFiniteValues { what: "rows".into() })?;
    render(file, &Differences { title, x, rows, range: (lo.min(0.0), hi.max(0.0)) })
}

struct Differences<'a> {
    title: &'a str,
    x: &'a Axis,
    rows: &'a [DiffRow],
    range: (f64, f64),
}

impl Chart for Differences<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, lang: Lang) -> Result<(), ChartError> {
        let area = frame::titled(root, self.title)?;
        let colour = frame::series_colour(0);
        let entries = [LegendEntry { label: lang.words().mean_ci.into(), swatch: Swatch::ErrorBar(colour) }];
        let plot = legend_above(&area, &entries)?;

        let (w, _) = plot.dim_in_pixel();
        let (lo, hi) = self.range;
        let pad = (hi - lo) * 0.05;
        let x = frame::Scale::numeric(lo - pad, hi + pad, frame::tick_budget(w, 90), false, lang, "rows")?;
        // First row on top: row i sits at y = n - 1 - i.
        let n = self.rows.len();
        let y = frame::Scale::categories(self.rows.iter().rev().map(|r| r.label.clone()));
        let mut chart = frame::build_chart(&plot, &x, &y, Some(&self.x.label), None, true)?;

        let zero = DashedLineSeries::new(vec![(0.0, y.lo), (0.0, y.hi)], 6, 4, frame::TEXT.stroke_width(1));
        chart.draw_series(zero).map_err(draw_err)?;
        let cap = 0.12;
        for (i, r) in self.rows.iter().enumerate() {
            let row = (n - 1 - i) as f64;
            if !r.mean.is_finite() {
                let style = frame::font(frame::TICK_PX).color(&frame::MUTED).pos(Pos::new(HPos::Center, VPos::Center));
                let text = Text::new(lang.words().no_data, (0.0, row), style);
                chart.draw_series(std::iter::once(text)).map_err(draw_err)?;
                continue;
            }
            if r.low.is_finite() && r.high.is_finite() {
                let style = colour.stroke_width(2);
                let mut bars = vec![PathElement::new(vec![(r.low, row), (r.high, row)], style)];
                for end in [r.low, r.high] {
                    bars.push(PathElement::new(vec![(end, row - cap), (end, row + cap)], style));
                }
                chart.draw_series(bars).map_err(draw_err)?;
            }
            chart.draw_series(std::iter::once(Circle::new((r.mean, row), 5, colour.filled()))).map_err(draw_err)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::test_support::*;
    use crate::report::charts::Format;

    fn rows() -> Vec<DiffRow> {
        let row = |label: &str, mean: f64, half: f64| DiffRow {
            label: label.into(),
            mean,
            low: mean - half,
            high: mean + half,
        };
        vec![
            row("Wartezeit Notfallschalter (min)", -12.5, 4.0),
            row("Fortgeschickte (Personen)", -310.0 / 100.0, 1.2),
            row("Buchungsvorlauf (Tage)", 0.4, 0.9),
            row("Auslastung (Prozentpunkte)", -2.1, 0.8),
        ]
    }

    #[test]
    fn svg_holds_title_axis_and_every_row_label() {
        let (_dir, path) = temp_path("diff.svg");
        let x = Axis::new("Differenz: Samstagsöffnung − Status quo");
        difference_chart(&ChartFile::new(&path, Format::Svg), "Gepaarte Differenzen (95 %-KI)", &x, &rows()).unwrap();
        let mut wanted =
            vec!["Gepaarte Differenzen (95 %-KI)", "Differenz: Samstagsöffnung − Status quo", "Mittelwert, 95 %-KI"];
        let rows = rows();
        wanted.extend(rows.iter().map(|r| r.label.as_str()));
        assert_svg_has_texts(&path, &wanted);
    }

    #[test]
    fn png_has_the_requested_size_and_real_content() {
        let (_dir, path) = temp_path("diff.png");
        let file = ChartFile::new(&path, Format::Png).with_size(900, 300);
        difference_chart(&file, "Differenzen", &Axis::new("Differenz"), &rows()).unwrap();
        assert!(png_colours(&path, 900, 300) > 30);
    }

    #[test]
    fn nan_rows_one_row_and_zero_width_are_drawn() {
        let mut r = rows();
        r[1].mean = f64::NAN;
        r[2].low = f64::NAN;
        let (_dir, path) = temp_path("nan.svg");
        difference_chart(&ChartFile::new(&path, Format::Svg), "NaN", &Axis::new("d"), &r).unwrap();
        assert_svg_has_texts(&path, &["keine Daten", "Fortgeschickte (Personen)"]);
        let en = path.with_file_name("nan-en.svg");
        let file = ChartFile::new(&en, Format::Svg).with_lang(Lang::En);
        difference_chart(&file, "NaN", &Axis::new("d"), &r).unwrap();
        assert_svg_has_texts(&en, &["no data", "Mean, 95% CI"]);

        let zero = [DiffRow { label: "gleich".into(), mean: 0.0, low: 0.0, high: 0.0 }];
        let png = path.with_extension("png");
        difference_chart(&ChartFile::new(&png, Format::Png), "Null", &Axis::new("d"), &zero).unwrap();
        assert!(png_colours(&png, 900, 450) > 10);
    }

    #[test]
    fn empty_or_all_nan_rows_are_an_error() {
        let (_dir, path) = temp_path("bad.svg");
        let file = ChartFile::new(&path, Format::Svg);
        assert!(matches!(difference_chart(&file, "t", &Axis::new("d"), &[]), Err(ChartError::Empty { .. })));
        let nan = [DiffRow { label: "x".into(), mean: f64::NAN, low: f64::NAN, high: f64::INFINITY }];
        let err = difference_chart(&file, "t", &Axis::new("d"), &nan).unwrap_err();
        assert!(matches!(err, ChartError::NoFiniteValues { .. }), "{err}");
        assert!(!path.exists());
    }
}
