//! The legend: centred rows of swatches and names between the title and the plot.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::draw_err;
use super::frame::{font, LEGEND_PX};
use super::ChartError;

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy)]
pub(super) enum Swatch {
    /// A solid line.
    Line(RGBColor),
    /// A line with a marker (its shape: `frame::draw_marker`) and a width.
    MarkedLine(RGBColor, usize, u32),
    /// A line over a translucent band.
    LineBand(RGBColor),
    /// A filled box.
    Band(RGBAColor),
    /// A dot on a horizontal error bar.
    ErrorBar(RGBColor),
    /// A marker alone (its shape: `frame::draw_marker`), for points picked out.
    Marker(RGBColor, usize),
}

/// One line of a legend.
#[derive(Debug, Clone)]
pub(super) struct LegendEntry {
    pub label: String,
    pub swatch: Swatch,
}

const SWATCH_W: i32 = 30;
const LEGEND_ROW_PX: i32 = 22;
/// Space between legend entries in a row; an entry with an empty label adds as much again.
const LEGEND_GAP_PX: i32 = 22;

/// Draws the legend as centred rows across the top of `area` (wrapping when a row is
/// full) and returns the area below it for the plot.
pub(super) fn legend_above<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let style = font(LEGEND_PX).pos(Pos::new(HPos::Left, VPos::Center));
    let (w, _) = area.dim_in_pixel();
    let usable = w as i32 - 24;
    // Lay out: (entry, x offset within its row) per row, and each row's width.
    let mut rows: Vec<(Vec<(usize, i32)>, i32)> = vec![(Vec::new(), 0)];
    for (k, e) in entries.iter().enumerate() {
        if e.label.is_empty() {
            if let Some(row) = rows.last_mut().filter(|r| !r.0.is_empty()) {
                row.1 += LEGEND_GAP_PX;
            }
            continue;
        }
        let text_w = area.estimate_text_size(&e.label, &style).map_err(draw_err)?.0 as i32;
        let entry_w = SWATCH_W + 6 + text_w;
        let last = rows.len() - 1;
        let start = if rows[last].0.is_empty() { 0 } else { rows[last].1 + LEGEND_GAP_PX };
        if !rows[last].0.is_empty() && start + entry_w > usable {
            rows.push((vec![(k, 0)], entry_w));
        } else {
            rows[last].0.push((k, start));
            rows[last].1 = start + entry_w;
        }
    }
    let height = rows.len() as i32 * LEGEND_ROW_PX + 6;
    let (legend, plot) = area.split_vertically(height);
    for (r, (row, row_w)) in rows.iter().enumerate() {
        let y = r as i32 * LEGEND_ROW_PX + LEGEND_ROW_PX / 2 + 2;
        let left = (w as i32 - row_w) / 2;
        for &(k, x) in row {
            draw_entry(&legend, &entries[k], left + x, y, &style)?;
        }
    }
    Ok(plot)
}

fn draw_entry<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    e: &LegendEntry,
    x0: i32,
    y: i32,
    style: &TextStyle,
) -> Result<(), ChartError> {
    let line = |c: RGBColor| PathElement::new(vec![(x0, y), (x0 + SWATCH_W, y)], c.stroke_width(3));
    let block = |c: RGBAColor| Rectangle::new([(x0, y - 7), (x0 + SWATCH_W, y + 7)], c.filled());
    match e.swatch {
        Swatch::Line(c) => area.draw(&line(c)).map_err(draw_err)?,
        Swatch::MarkedLine(c, shape, width) => {
            area.draw(&PathElement::new(vec![(x0, y), (x0 + SWATCH_W, y)], c.stroke_width(width))).map_err(draw_err)?;
            if shape > 0 {
                super::frame::draw_marker_at(area, (x0 + SWATCH_W / 2, y), c, shape)?;
            }
        }
        Swatch::LineBand(c) => {
            area.draw(&block(c.mix(0.25))).map_err(draw_err)?;
            area.draw(&line(c)).map_err(draw_err)?;
        }
        Swatch::Band(c) => area.draw(&block(c)).map_err(draw_err)?,
        Swatch::Marker(c, shape) => super::frame::draw_marker_at(area, (x0 + SWATCH_W / 2, y), c, shape)?,
        Swatch::ErrorBar(c) => {
            area.draw(&PathElement::new(vec![(x0, y), (x0 + SWATCH_W, y)], c.stroke_width(2))).map_err(draw_err)?;
            for x in [x0, x0 + SWATCH_W] {
                area.draw(&PathElement::new(vec![(x, y - 5), (x, y + 5)], c.stroke_width(2))).map_err(draw_err)?;
            }
            area.draw(&Circle::new((x0 + SWATCH_W / 2, y), 4, c.filled())).map_err(draw_err)?;
        }
    }
    area.draw(&Text::new(e.label.clone(), (x0 + SWATCH_W + 6, y), style.clone())).map_err(draw_err)
}
