//! Fan chart of a daily figure across replications: the median as a line, the middle 50%
//! and 90% of the replications as translucent bands, one colour per series.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::dates;
use super::frame;
use super::legend::{legend_above, LegendEntry, Swatch};
use super::{render, Axis, Chart, ChartError, ChartFile, DailyAxis, Lang};

/// One daily figure summarised across replications: all five vectors have one value per
/// day of the [`DailyAxis`]; NaN or infinite values leave gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct FanSeries {
    /// Legend name, e.g. "Anwesende Sachbearbeitende" or a policy name.
    pub name: String,
    /// Median across replications.
    pub median: Vec<f64>,
    /// 5% quantile (lower edge of the 90% band).
    pub p05: Vec<f64>,
    /// 25% quantile (lower edge of the 50% band).
    pub p25: Vec<f64>,
    /// 75% quantile (upper edge of the 50% band).
    pub p75: Vec<f64>,
    /// 95% quantile (upper edge of the 90% band).
    pub p95: Vec<f64>,
}

const BAND_50_ALPHA: f64 = 0.30;
const BAND_90_ALPHA: f64 = 0.13;

/// Draws a fan chart of daily series: x = the days, labelled with dates; y = `y`. Each
/// series gets its own colour, the legend names every series and explains the bands.
///
/// Errors: no series or no days ([`ChartError::Empty`]), a vector whose length is not the
/// number of days ([`ChartError::LengthMismatch`]), a malformed date, no finite value at
/// all, or a failure to write the file.
pub fn fan_chart(
    file: &ChartFile,
    title: &str,
    days: &DailyAxis,
    y: &Axis,
    series: &[FanSeries],
) -> Result<(), ChartError> {
    let chart = Fan::new(title, days, y, series)?;
    render(file, &chart)
}

struct Fan<'a> {
    title: &'a str,
    days: &'a DailyAxis,
    y: &'a Axis,
    series: &'a [FanSeries],
    range: (f64, f64),
}

impl<'a> Fan<'a> {
    fn new(title: &'a str, days: &'a DailyAxis, y: &'a Axis, series: &'a [FanSeries]) -> Result<Self, ChartError> {
        if series.is_empty() {
            return Err(ChartError::Empty { what: "series".into() });
        }
        let n = days.dates.len();
        if n == 0 {
            return Err(ChartError::Empty { what: "dates".into() });
        }
        for s in series {
            for (part, values) in s.parts() {
                frame::check_len(|| format!("series {:?}: {part}", s.name), values.len(), n)?;
            }
        }
        let all = series.iter().flat_map(|s| s.parts().into_iter().flat_map(|(_, v)| v.iter().copied()));
        let range = frame::finite_range(all).ok_or(ChartError::NoFiniteValues { what: "series".into() })?;
        Ok(Fan { title, days, y, series, range })
    }
}

impl FanSeries {
    fn parts(&self) -> [(&'static str, &[f64]); 5] {
        [("median", &self.median), ("p05", &self.p05), ("p25", &self.p25), ("p75", &self.p75), ("p95", &self.p95)]
    }
}

impl Chart for Fan<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, lang: Lang) -> Result<(), ChartError> {
        let area = frame::titled(root, self.title)?;
        let mut entries: Vec<LegendEntry> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| LegendEntry { label: s.name.clone(), swatch: Swatch::LineBand(frame::series_colour(i)) })
            .collect();
        // The bands are explained once, after the series names.
        let (key, words) = (frame::MUTED, lang.words());
        entries.push(LegendEntry { label: String::new(), swatch: Swatch::Line(key) });
        entries.push(LegendEntry { label: words.median.into(), swatch: Swatch::Line(key) });
        entries.push(LegendEntry { label: words.band_50.into(), swatch: Swatch::Band(key.mix(BAND_50_ALPHA + 0.1)) });
        entries.push(LegendEntry { label: words.band_90.into(), swatch: Swatch::Band(key.mix(BAND_90_ALPHA + 0.05)) });
        let plot = legend_above(&area, &entries)?;

        let (w, h) = plot.dim_in_pixel();
        let x = dates::date_scale(self.days, frame::tick_budget(w, 60), lang)?;
        let y = frame::value_axis(self.range.0, self.range.1, frame::tick_budget(h, 45), lang, "series")?;
        let mut chart = frame::build_chart(&plot, &x, &y, Some(&self.days.label), Some(&self.y.label), true)?;
        let xs: Vec<f64> = (0..self.days.dates.len()).map(|i| i as f64).collect();
        for (i, s) in self.series.iter().enumerate() {
            let c = frame::series_colour(i);
            frame::draw_band(&mut chart, &xs, &s.p05, &s.p95, c.mix(BAND_90_ALPHA))?;
            frame::draw_band(&mut chart, &xs, &s.p25, &s.p75, c.mix(BAND_50_ALPHA))?;
        }
        for (i, s) in self.series.iter().enumerate() {
            frame::draw_line(&mut chart, &xs, &s.median, frame::series_colour(i), 2)?;
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

    /// A seasonal queue: the median rises over the year, bands widen with it.
    fn queue(name: &str, n: usize, level: f64) -> FanSeries {
        let median: Vec<f64> = (0..n).map(|d| level + 10.0 * (d as f64 / 30.0).sin() + d as f64 * 0.05).collect();
        let off = |k: f64| median.iter().enumerate().map(|(d, m)| m + k * (2.0 + d as f64 * 0.02)).collect();
        FanSeries {
            name: name.into(),
            median: median.clone(),
            p05: off(-2.0),
            p25: off(-0.8),
            p75: off(0.8),
            p95: off(2.0),
        }
    }

    fn two_series(n: usize) -> Vec<FanSeries> {
        vec![queue("Status quo", n, 40.0), queue("Zusätzliche Kraft – 5 €/Termin", n, 25.0)]
    }

    #[test]
    fn svg_holds_title_axes_dates_and_every_series_name() {
        let (_dir, path) = temp_path("fan.svg");
        let file = ChartFile::new(&path, Format::Svg);
        let y = Axis::new("Wartende (Personen)");
        fan_chart(&file, "Warteschlange Notfallschalter – Jahresverlauf", &days_2025(365), &y, &two_series(365))
            .unwrap();
        assert_svg_has_texts(
            &path,
            &[
                "Warteschlange Notfallschalter – Jahresverlauf",
                "Wartende (Personen)",
                "Datum",
                "Status quo",
                "Zusätzliche Kraft – 5 €/Termin",
                "Jan 2025",
                "Mär",
                "Median",
                "90 %-Intervall",
            ],
        );
    }

    #[test]
    fn english_charts_have_english_keys_and_numbers() {
        let (_dir, path) = temp_path("fan-en.svg");
        let file = ChartFile::new(&path, Format::Svg).with_lang(Lang::En);
        let mut series = two_series(365);
        series.iter_mut().for_each(|s| s.p95.iter_mut().for_each(|v| *v /= 100.0));
        series.iter_mut().for_each(|s| s.p05.iter_mut().for_each(|v| *v /= 100.0));
        fan_chart(&file, "Queue", &days_2025(365), &Axis::new("Waiting (persons)"), &series).unwrap();
        assert_svg_has_texts(&path, &["Median", "50% interval", "90% interval", "Jan 2025", "Mar"]);
        let texts = svg_texts(&path);
        assert!(!texts.iter().any(|t| t.contains("Intervall") || t == "Mär"), "{texts:?}");
    }

    #[test]
    fn png_has_the_requested_size_and_real_content() {
        let (_dir, path) = temp_path("fan.png");
        let file = ChartFile::new(&path, Format::Png).with_size(1000, 500);
        fan_chart(&file, "Wartende", &days_2025(365), &Axis::new("Wartende (Personen)"), &two_series(365)).unwrap();
        assert!(png_colours(&path, 1000, 500) > 50);
    }

    #[test]
    fn nan_gaps_and_a_single_day_are_drawn() {
        let mut s = queue("Lücken", 60, 10.0);
        for d in 20..30 {
            s.median[d] = f64::NAN;
            s.p05[d] = f64::INFINITY;
        }
        s.p95[45] = f64::NAN;
        let (_dir, path) = temp_path("gaps.png");
        let y = Axis::new("Personen");
        fan_chart(&ChartFile::new(&path, Format::Png), "Lücken", &days_2025(60), &y, &[s]).unwrap();
        assert!(png_colours(&path, 900, 450) > 20);

        let one = FanSeries {
            name: "Ein Tag".into(),
            median: vec![3.0],
            p05: vec![1.0],
            p25: vec![2.0],
            p75: vec![4.0],
            p95: vec![5.0],
        };
        let svg = path.with_extension("svg");
        fan_chart(&ChartFile::new(&svg, Format::Svg), "Ein Tag", &days_2025(1), &y, &[one]).unwrap();
        assert_svg_has_texts(&svg, &["Ein Tag", "01.01.2025"]);
    }

    #[test]
    fn flat_values_do_not_collapse_the_axis() {
        let flat = FanSeries {
            name: "konstant".into(),
            median: vec![4.0; 10],
            p05: vec![4.0; 10],
            p25: vec![4.0; 10],
            p75: vec![4.0; 10],
            p95: vec![4.0; 10],
        };
        let (_dir, path) = temp_path("flat.png");
        fan_chart(&ChartFile::new(&path, Format::Png), "Konstant", &days_2025(10), &Axis::new("y"), &[flat]).unwrap();
        assert!(png_colours(&path, 900, 450) > 10);
    }

    #[test]
    fn empty_or_mismatched_input_is_an_error_and_writes_nothing() {
        let (_dir, path) = temp_path("bad.svg");
        let file = ChartFile::new(&path, Format::Svg);
        let y = Axis::new("y");
        let err = fan_chart(&file, "t", &days_2025(5), &y, &[]).unwrap_err();
        assert!(matches!(err, ChartError::Empty { .. }), "{err}");
        let err = fan_chart(&file, "t", &days_2025(0), &y, &two_series(0)).unwrap_err();
        assert!(matches!(err, ChartError::Empty { .. }), "{err}");
        let mut short = queue("kurz", 5, 1.0);
        short.p75.pop();
        let err = fan_chart(&file, "t", &days_2025(5), &y, &[short]).unwrap_err();
        assert!(err.to_string().contains("\"kurz\": p75"), "{err}");
        let nan = FanSeries {
            name: "leer".into(),
            median: vec![f64::NAN; 3],
            p05: vec![f64::NAN; 3],
            p25: vec![f64::NAN; 3],
            p75: vec![f64::NAN; 3],
            p95: vec![f64::NAN; 3],
        };
        let err = fan_chart(&file, "t", &days_2025(3), &y, &[nan]).unwrap_err();
        assert!(matches!(err, ChartError::NoFiniteValues { .. }), "{err}");
        assert!(!path.exists());
    }
}
