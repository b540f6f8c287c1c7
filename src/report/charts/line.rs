//! Line chart of daily values, one line per series: policies compared day by day.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::dates;
use super::frame;
use super::legend::{legend_above, LegendEntry, Swatch};
use super::{render, Axis, Chart, ChartError, ChartFile, DailyAxis, Lang};

/// One line: a value per day of the [`DailyAxis`]; NaN or infinite values leave gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    /// Legend name, e.g. the policy.
    pub name: String,
    /// One value per day.
    pub values: Vec<f64>,
}

/// Draws daily series as lines: x = the days, labelled with dates; y = `y`; one colour
/// per series, named in the legend.
///
/// Errors: no series or no days, a series whose length is not the number of days, a
/// malformed date, no finite value at all, or a failure to write the file.
pub fn line_chart(
    file: &ChartFile,
    title: &str,
    days: &DailyAxis,
    y: &Axis,
    series: &[LineSeries],
) -> Result<(), ChartError> {
    let chart = Lines::new(title, days, y, series)?;
    render(file, &chart)
}

struct Lines<'a> {
    title: &'a str,
    days: &'a DailyAxis,
    y: &'a Axis,
    series: &'a [LineSeries],
    range: (f64, f64),
}

impl<'a> Lines<'a> {
    fn new(title: &'a str, days: &'a DailyAxis, y: &'a Axis, series: &'a [LineSeries]) -> Result<Self, ChartError> {
        if series.is_empty() {
            return Err(ChartError::Empty { what: "series".into() });
        }
        let n = days.dates.len();
        if n == 0 {
            return Err(ChartError::Empty { what: "dates".into() });
        }
        for s in series {
            frame::check_len(|| format!("series {:?}: values", s.name), s.values.len(), n)?;
        }
        let all = series.iter().flat_map(|s| s.values.iter().copied());
        let range = frame::finite_range(all).ok_or(ChartError::NoFiniteValues { what: "series".into() })?;
        Ok(Lines { title, days, y, series, range })
    }
}

impl Chart for Lines<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, lang: Lang) -> Result<(), ChartError> {
        let area = frame::titled(root, self.title)?;
        // The first series is the status quo: black and heavier; each other has its colour
        // and its marker, so that the lines differ in grey print too.
        let style = |i: usize| match i {
            0 => (frame::STATUS_QUO, 0, 3),
            _ => (frame::series_colour(i - 1), i, 2),
        };
        let entries: Vec<LegendEntry> = (self.series.iter().enumerate())
            .map(|(i, s)| {
                let (colour, shape, width) = style(i);
                LegendEntry { label: s.name.clone(), swatch: Swatch::MarkedLine(colour, shape, width) }
            })
            .collect();
        let plot = legend_above(&area, &entries)?;

        let (w, h) = plot.dim_in_pixel();
        let x = dates::date_scale(self.days, frame::tick_budget(w, 60), lang)?;
        let y = frame::value_axis(self.range.0, self.range.1, frame::tick_budget(h, 45), lang, "series")?;
        let mut chart = frame::build_chart(&plot, &x, &y, Some(&self.days.label), Some(&self.y.label), true)?;
        let xs: Vec<f64> = (0..self.days.dates.len()).map(|i| i as f64).collect();
        let every = (xs.len() / 12).max(1);
        // The status quo last, on top.
        for (i, s) in self.series.iter().enumerate().rev() {
            let (colour, shape, width) = style(i);
            frame::draw_line(&mut chart, &xs, &s.values, colour, width)?;
            frame::draw_markers(&mut chart, &xs, &s.values, colour, shape, every)?;
        }
        frame::draw_marks(&mut chart, self.days, &y)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::test_support::*;
    use crate::report::charts::Format;

    fn policies(n: usize) -> Vec<LineSeries> {
        let wave = |level: f64, amp: f64| (0..n).map(|d| level + amp * (d as f64 / 20.0).sin()).collect();
        vec![
            LineSeries { name: "Status quo".into(), values: wave(30.0, 8.0) },
            LineSeries { name: "Öffnung samstags".into(), values: wave(22.0, 6.0) },
            LineSeries { name: "Mehr Termine im Portal".into(), values: wave(15.0, 4.0) },
        ]
    }

    #[test]
    fn svg_holds_title_axes_and_every_series_name() {
        let (_dir, path) = temp_path("lines.svg");
        let y = Axis::new("Fortgeschickte (Personen/Tag)");
        line_chart(
            &ChartFile::new(&path, Format::Svg),
            "Fortgeschickte – Vergleich",
            &days_2025(200),
            &y,
            &policies(200),
        )
        .unwrap();
        assert_svg_has_texts(
            &path,
            &[
                "Fortgeschickte – Vergleich",
                "Fortgeschickte (Personen/Tag)",
                "Datum",
                "Status quo",
                "Öffnung samstags",
                "Mehr Termine im Portal",
            ],
        );
    }

    #[test]
    fn png_has_the_requested_size_and_real_content() {
        let (_dir, path) = temp_path("lines.png");
        let file = ChartFile::new(&path, Format::Png).with_size(640, 360);
        line_chart(&file, "Vergleich", &days_2025(120), &Axis::new("Personen"), &policies(120)).unwrap();
        assert!(png_colours(&path, 640, 360) > 30);
    }

    #[test]
    fn gaps_one_day_and_flat_values_are_drawn() {
        let mut series = policies(50);
        series[0].values[10..20].fill(f64::NAN);
        series[1].values[5] = f64::NEG_INFINITY;
        series[2].values.fill(7.0);
        let (_dir, path) = temp_path("gaps.png");
        let y = Axis::new("y");
        line_chart(&ChartFile::new(&path, Format::Png), "Lücken", &days_2025(50), &y, &series).unwrap();
        assert!(png_colours(&path, 900, 450) > 20);

        let one = [LineSeries { name: "ein Wert".into(), values: vec![0.0] }];
        let svg = path.with_extension("svg");
        line_chart(&ChartFile::new(&svg, Format::Svg), "Ein Tag", &days_2025(1), &y, &one).unwrap();
        assert_svg_has_texts(&svg, &["ein Wert", "01.01.2025"]);
    }

    #[test]
    fn empty_or_mismatched_input_is_an_error() {
        let (_dir, path) = temp_path("bad.svg");
        let file = ChartFile::new(&path, Format::Svg);
        let y = Axis::new("y");
        assert!(matches!(line_chart(&file, "t", &days_2025(3), &y, &[]), Err(ChartError::Empty { .. })));
        let err = line_chart(&file, "t", &days_2025(4), &y, &policies(3)).unwrap_err();
        assert!(matches!(err, ChartError::LengthMismatch { expected: 4, found: 3, .. }), "{err}");
        let nan = [LineSeries { name: "n".into(), values: vec![f64::NAN; 4] }];
        assert!(matches!(line_chart(&file, "t", &days_2025(4), &y, &nan), Err(ChartError::NoFiniteValues { .. })));
        assert!(!path.exists());
    }
}
