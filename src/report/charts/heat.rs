//! Heat map of a key figure over a two-parameter grid, coloured on a viridis scale (readable
//! with every common colour-vision deficiency and in grey print), with a labelled colour
//! bar; cells without a value are grey.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{self, Scale};
use super::{draw_err, render, Axis, Chart, ChartError, ChartFile, Lang};

/// A two-parameter grid: `values[i][j]` is the figure at `x_values[i]`, `y_values[j]`.
/// Parameter values are shown as given, one column or row each (they need not be evenly
/// spaced); NaN or infinite values are drawn as grey cells.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatGrid {
    /// Axis of the first parameter, e.g. "Sachbearbeitende (Köpfe)".
    pub x: Axis,
    /// First parameter's values, one column each.
    pub x_values: Vec<f64>,
    /// Axis of the second parameter, e.g. "Nichterscheinen (Anteil)".
    pub y: Axis,
    /// Second parameter's values, one row each (first at the bottom).
    pub y_values: Vec<f64>,
    /// `values[i][j]` for `x_values[i]`, `y_values[j]`.
    pub values: Vec<Vec<f64>>,
    /// Label of the colour bar: the figure and its unit, e.g. "Wartezeit (min)".
    pub value_label: String,
}

/// Colour of cells without a finite value.
const NO_DATA: RGBColor = RGBColor(200, 200, 200);
const BAR_W: i32 = 18;

/// Viridis (matplotlib) at nine evenly spaced stops, interpolated linearly between them.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (72, 40, 120),
    (62, 74, 137),
    (49, 104, 142),
    (38, 130, 142),
    (31, 158, 137),
    (53, 183, 121),
    (109, 205, 89),
    (253, 231, 37),
];

/// The viridis colour at `t` in `0..=1` (clamped).
fn viridis(t: f64) -> RGBColor {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.5 };
    let pos = t * (VIRIDIS.len() - 1) as f64;
    let k = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let f = pos - k as f64;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Draws the grid as coloured cells with a colour bar labelled `grid.value_label`; values
/// are written into the cells when they are large enough to hold them.
///
/// Errors: no x or y values, `values` not of shape `x_values.len()` × `y_values.len()`, no
/// finite value at all, or a failure to write the file.
pub fn heat_map(file: &ChartFile, title: &str, grid: &HeatGrid) -> Result<(), ChartError> {
    let (nx, ny) = (grid.x_values.len(), grid.y_values.len());
    if nx == 0 {
        return Err(ChartError::Empty { what: "x_values".into() });
    }
    if ny == 0 {
        return Err(ChartError::Empty { what: "y_values".into() });
    }
    frame::check_len(|| "values (one row per x value)".into(), grid.values.len(), nx)?;
    for (i, row) in grid.values.iter().enumerate() {
        frame::check_len(|| format!("values[{i}] (one per y value)"), row.len(), ny)?;
    }
    let range = frame::finite_range(grid.values.iter().flatten().copied())
        .ok_or(ChartError::NoFiniteValues { what: "values".into() })?;
    let any_missing = grid.values.iter().flatten().any(|v| !v.is_finite());
    render(file, &Heat { title, grid, range, any_missing })
}

struct Heat<'a> {
    title: &'a str,
    grid: &'a HeatGrid,
    range: (f64, f64),
    any_missing: bool,
}

impl Heat<'_> {
    fn colour(&self, v: f64) -> RGBColor {
        let (lo, hi) = self.range;
        match (v.is_finite(), hi > lo) {
            (false, _) => NO_DATA,
            (true, true) => viridis((v - lo) / (hi - lo)),
            (true, false) => viridis(0.5),
        }
    }

    /// Colour-bar ticks: round values within the data range.
    fn bar_ticks(&self, budget: usize, lang: Lang) -> Result<Vec<(f64, String)>, ChartError> {
        let (lo, hi) = self.range;
        let scale = Scale::numeric(lo, hi, budget, false, lang, "values")?;
        let tol = (hi - lo).abs() * 1e-9;
        let inside: Vec<_> = scale.ticks.into_iter().filter(|(t, _)| *t >= lo - tol && *t <= hi + tol).collect();
        Ok(if inside.is_empty() { vec![(lo, lang.short_number(lo, 3))] } else { inside })
    }

    /// Decimals for the values written into cells.
    fn cell_decimals(&self) -> usize {
        let size = self.range.0.abs().max(self.range.1.abs());
        if size >= 100.0 {
            0
        } else if size >= 10.0 {
            1
        } else {
            2
        }
    }
}

/// A categorical axis for cells `0..n`, labels at the cell centres, thinned to `budget`.
fn cell_scale(values: &[f64], budget: usize, lang: Lang) -> Scale {
    let every = values.len().div_ceil(budget.max(1)).max(1);
    let ticks = values.iter().enumerate().step_by(every).map(|(i, v)| (i as f64 + 0.5, lang.short_number(*v, 4)));
    Scale { lo: 0.0, hi: values.len() as f64, ticks: ticks.collect() }
}

impl Chart for Heat<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, lang: Lang) -> Result<(), ChartError> {
        let area = frame::titled(root, self.title)?;
        let (w, h) = area.dim_in_pixel();
        let ticks = self.bar_ticks(frame::tick_budget(h, 50), lang)?;
        let no_data = lang.words().no_data;
        let tick_font = frame::font(frame::TICK_PX);
        let mut widest = 0;
        for label in ticks.iter().map(|t| t.1.as_str()).chain(self.any_missing.then_some(no_data)) {
            widest = widest.max(area.estimate_text_size(label, &tick_font).map_err(draw_err)?.0 as i32);
        }
        let strip_w = (12 + BAR_W + 8 + widest + 12 + frame::DESC_PX as i32 + 12) as u32;
        let (plot, strip) = area.split_horizontally(w.saturating_sub(strip_w.min(w / 3)));

        let (pw, ph) = plot.dim_in_pixel();
        let x = cell_scale(&self.grid.x_values, frame::tick_budget(pw, 70), lang);
        let y = cell_scale(&self.grid.y_values, frame::tick_budget(ph, 30), lang);
        let mut chart = frame::build_chart(&plot, &x, &y, Some(&self.grid.x.label), Some(&self.grid.y.label), false)?;
        let cells = self
            .grid
            .values
            .iter()
            .enumerate()
            .flat_map(|(i, row)| row.iter().enumerate().map(move |(j, v)| (i as f64, j as f64, *v)));
        let rects =
            cells.clone().map(|(i, j, v)| Rectangle::new([(i, j), (i + 1.0, j + 1.0)], self.colour(v).filled()));
        chart.draw_series(rects).map_err(draw_err)?;

        let (px, py) = chart.plotting_area().get_pixel_range();
        let cell_w = (px.end - px.start) / self.grid.x_values.len() as i32;
        let cell_h = (py.end - py.start) / self.grid.y_values.len() as i32;
        if cell_w >= 46 && cell_h >= 20 {
            let decimals = self.cell_decimals();
            let labels = cells.filter(|c| c.2.is_finite()).map(|(i, j, v)| {
                let dark = (self.colour(v).0 as u32 + self.colour(v).1 as u32) < 260;
                let ink: &'static RGBColor = if dark { &WHITE } else { &BLACK };
                let style = frame::font(frame::TICK_PX).color(ink).pos(Pos::new(HPos::Center, VPos::Center));
                Text::new(lang.number(v, decimals), (i + 0.5, j + 0.5), style)
            });
            chart.draw_series(labels).map_err(draw_err)?;
        }

        // Colour bar, aligned with the plotting area.
        let (sx, sy) = strip.get_pixel_range();
        let (top, bottom) = (py.start - sy.start, py.end - sy.start - if self.any_missing { 30 } else { 0 });
        let x0 = px.end.max(sx.start) - sx.start + 12;
        let height = (bottom - top).max(1);
        let steps = 64;
        for k in 0..steps {
            let (a, b) = (bottom - height * k / steps, bottom - height * (k + 1) / steps);
            let colour = viridis((f64::from(k) + 0.5) / f64::from(steps));
            strip.draw(&Rectangle::new([(x0, b), (x0 + BAR_W, a)], colour.filled())).map_err(draw_err)?;
        }
        let (lo, hi) = self.range;
        let label_style = tick_font.pos(Pos::new(HPos::Left, VPos::Center));
        for (v, label) in &ticks {
            let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            let yy = bottom - (t * f64::from(height)).round() as i32;
            strip
                .draw(&PathElement::new(vec![(x0 + BAR_W, yy), (x0 + BAR_W + 4, yy)], frame::TEXT))
                .map_err(draw_err)?;
            strip.draw(&Text::new(label.clone(), (x0 + BAR_W + 8, yy), label_style.clone())).map_err(draw_err)?;
        }
        if self.any_missing {
            let y0 = bottom + 12;
            strip.draw(&Rectangle::new([(x0, y0), (x0 + BAR_W, y0 + 14)], NO_DATA.filled())).map_err(draw_err)?;
            strip.draw(&Text::new(no_data, (x0 + BAR_W + 8, y0 + 7), label_style.clone())).map_err(draw_err)?;
        }
        let desc_style =
            frame::font(frame::DESC_PX).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Center, VPos::Center));
        let desc_x = x0 + BAR_W + 8 + widest + 12 + frame::DESC_PX as i32 / 2;
        strip
            .draw(&Text::new(self.grid.value_label.clone(), (desc_x, (top + bottom) / 2), desc_style))
            .map_err(draw_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::test_support::*;
    use crate::report::charts::Format;

    fn grid() -> HeatGrid {
        let x_values: Vec<f64> = (4..=9).map(f64::from).collect();
        let y_values = vec![0.0, 0.05, 0.1, 0.15, 0.2];
        let values =
            x_values.iter().map(|c| y_values.iter().map(|p| 240.0 * (1.0 - p) / (c - 3.0).powi(2)).collect()).collect();
        HeatGrid {
            x: Axis::new("Sachbearbeitende (Köpfe)"),
            x_values,
            y: Axis::new("Nichterscheinen (Anteil)"),
            y_values,
            values,
            value_label: "Wartezeit (min)".into(),
        }
    }

    #[test]
    fn viridis_runs_from_dark_purple_to_yellow() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(f64::NAN), viridis(0.5));
        // Monotone lightness (sum of channels as a rough proxy) for a colour-blind-safe scale.
        let light = |t: f64| viridis(t).0 as u32 + viridis(t).1 as u32 + viridis(t).2 as u32;
        assert!((1..=20).all(|k| light(f64::from(k) / 20.0) >= light(f64::from(k - 1) / 20.0) - 3));
    }

    #[test]
    fn svg_holds_title_axes_value_label_and_parameter_values() {
        let (_dir, path) = temp_path("heat.svg");
        heat_map(&ChartFile::new(&path, Format::Svg), "Wartezeit nach Personal und Nichterscheinen", &grid()).unwrap();
        assert_svg_has_texts(
            &path,
            &[
                "Wartezeit nach Personal und Nichterscheinen",
                "Sachbearbeitende (Köpfe)",
                "Nichterscheinen (Anteil)",
                "Wartezeit (min)",
                "4",
                "0,05",
            ],
        );
    }

    #[test]
    fn png_has_the_requested_size_and_real_content() {
        let (_dir, path) = temp_path("heat.png");
        heat_map(&ChartFile::new(&path, Format::Png).with_size(700, 500), "Heat", &grid()).unwrap();
        assert!(png_colours(&path, 700, 500) > 60);
    }

    #[test]
    fn nan_cells_are_grey_and_named_in_the_legend() {
        let mut g = grid();
        g.values[0][0] = f64::NAN;
        g.values[2][3] = f64::INFINITY;
        let (_dir, path) = temp_path("nan.png");
        heat_map(&ChartFile::new(&path, Format::Png), "NaN", &g).unwrap();
        assert!(png_colours(&path, 900, 450) > 40);
        let svg = path.with_extension("svg");
        heat_map(&ChartFile::new(&svg, Format::Svg), "NaN", &g).unwrap();
        assert_svg_has_texts(&svg, &["keine Daten"]);
        assert!(std::fs::read_to_string(&svg).unwrap().contains("#C8C8C8"), "a grey cell");
    }

    #[test]
    fn one_cell_and_equal_values_are_drawn() {
        let g = HeatGrid {
            x: Axis::new("a"),
            x_values: vec![1.0, 2.0],
            y: Axis::new("b"),
            y_values: vec![3.0],
            values: vec![vec![5.0], vec![5.0]],
            value_label: "c".into(),
        };
        let (_dir, path) = temp_path("flat.svg");
        heat_map(&ChartFile::new(&path, Format::Svg), "flach", &g).unwrap();
        assert_svg_has_texts(&path, &["c", "5,00"]);
    }

    #[test]
    fn empty_or_misshapen_grids_are_an_error() {
        let (_dir, path) = temp_path("bad.svg");
        let file = ChartFile::new(&path, Format::Svg);
        let mut g = grid();
        g.y_values.clear();
        assert!(matches!(heat_map(&file, "t", &g), Err(ChartError::Empty { .. })));
        let mut g = grid();
        g.values[3].pop();
        let err = heat_map(&file, "t", &g).unwrap_err();
        assert!(err.to_string().contains("values[3]"), "{err}");
        let mut g = grid();
        g.values.iter_mut().flatten().for_each(|v| *v = f64::NAN);
        assert!(matches!(heat_map(&file, "t", &g), Err(ChartError::NoFiniteValues { .. })));
        assert!(!path.exists());
    }
}
