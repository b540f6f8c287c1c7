//! Text set with the embedded font, for both backends.
//!
//! plotters' own ab_glyph text drawing drops each glyph's side bearing and rounds the pen
//! position per glyph, which makes PNG text look unevenly spaced. [`Typeset`] wraps a
//! backend, measures text with the real advances and kerning of the embedded font (so the
//! SVG and PNG layouts agree), and for raster backends draws glyphs itself, anti-aliased
//! and at sub-pixel pen positions. Everything else is passed through unchanged.

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, Glyph, PxScale, ScaleFont};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};

use super::{ChartError, FONT_TTF};

/// The embedded font, parsed once.
fn embedded_font() -> Result<&'static FontRef<'static>, ChartError> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_TTF).ok())
        .as_ref()
        .ok_or_else(|| ChartError::Draw("the embedded font DejaVuSans.ttf could not be parsed".into()))
}

/// A backend whose text is measured, and for rasters drawn, with the embedded font.
pub(super) struct Typeset<B> {
    inner: B,
    font: &'static FontRef<'static>,
    /// Draw glyphs here (raster) or pass text on as text (SVG).
    raster: bool,
}

impl<B: DrawingBackend> Typeset<B> {
    pub fn vector(inner: B) -> Result<Self, ChartError> {
        Ok(Typeset { inner, font: embedded_font()?, raster: false })
    }

    pub fn raster(inner: B) -> Result<Self, ChartError> {
        Ok(Typeset { inner, font: embedded_font()?, raster: true })
    }

    /// Glyphs of `text` on a baseline at the font's ascent, their total advance and the
    /// line height. `size` is plotters' font size; the em is `size / 1.24` px, as in SVG.
    fn layout(&self, text: &str, size: f64) -> (Vec<Glyph>, f32, f32) {
        let em_px = (size / 1.24) as f32;
        let units = self.font.units_per_em().unwrap_or(2048.0);
        let scaled = self.font.as_scaled(PxScale::from(em_px * self.font.height_unscaled() / units));
        let mut caret = 0.0f32;
        let mut prev = None;
        let mut glyphs = Vec::with_capacity(text.len());
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            glyphs.push(id.with_scale_and_position(scaled.scale(), point(caret, scaled.ascent())));
            caret += scaled.h_advance(id);
            prev = Some(id);
        }
        (glyphs, caret, scaled.ascent() - scaled.descent())
    }
}

impl<B: DrawingBackend> DrawingBackend for Typeset<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let (_, width, height) = self.layout(text, style.size());
        Ok((width.ceil() as u32, height.ceil() as u32))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if !self.raster {
            return self.inner.draw_text(text, style, pos);
        }
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (glyphs, width, height) = self.layout(text, style.size());
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Right => -width,
            HPos::Center => -width / 2.0,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.inner.get_size();
        let mut pixels = Vec::new();
        for mut glyph in glyphs {
            glyph.position.x += dx.round();
            glyph.position.y += dy.round();
            let Some(outline) = self.font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                if coverage > 0.0 {
                    let (x, y) = (bounds.min.x as i32 + gx as i32, bounds.min.y as i32 + gy as i32);
                    let (x, y) = transform.transform(x, y);
                    pixels.push(((pos.0 + x, pos.1 + y), coverage.min(1.0)));
                }
            });
        }
        for ((x, y), coverage) in pixels {
            if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
                let c = BackendColor { alpha: color.alpha * f64::from(coverage), rgb: color.rgb };
                self.inner.draw_pixel((x, y), c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::frame::FONT;

    #[test]
    fn the_font_has_every_glyph_german_report_text_needs() {
        let font = embedded_font().unwrap();
        for c in "äöüÄÖÜß–−€„“·".chars() {
            assert_ne!(font.glyph_id(c).0, 0, "no glyph for {c:?}");
        }
    }

    /// Draws `text` at `at` on a white raster; returns its measured size and the box
    /// (x0, y0, x1, y1) of the pixels that were inked.
    fn ink(text: &str, transform: FontTransform, at: (i32, i32)) -> ((u32, u32), (i32, i32, i32, i32)) {
        let (w, h) = (300u32, 300u32);
        let mut buf = vec![255u8; (w * h * 3) as usize];
        let style = (FONT, 20).into_font().transform(transform).color(&BLACK);
        let size;
        {
            let mut backend = Typeset::raster(BitMapBackend::with_buffer(&mut buf, (w, h))).unwrap();
            size = backend.estimate_text_size(text, &style).unwrap();
            backend.draw_text(text, &style, at).unwrap();
            backend.present().unwrap();
        }
        let mut bbox = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        for (k, p) in buf.chunks_exact(3).enumerate() {
            if p != [255, 255, 255] {
                let (x, y) = ((k as u32 % w) as i32, (k as u32 / w) as i32);
                bbox = (bbox.0.min(x), bbox.1.min(y), bbox.2.max(x), bbox.3.max(y));
            }
        }
        (size, bbox)
    }

    #[test]
    fn raster_text_is_drawn_where_it_was_measured() {
        let ((w, h), (x0, y0, x1, y1)) = ink("Größe – 5 €", FontTransform::None, (20, 20));
        assert!(x1 > x0 && y1 > y0, "nothing drawn");
        assert!((19..=22).contains(&x0), "starts at the anchor: {x0}");
        assert!(x1 - x0 >= w as i32 * 9 / 10 && x1 <= 20 + w as i32 + 1, "width {w}, ink {x0}..{x1}");
        assert!(y0 >= 20 && y1 <= 20 + h as i32 + 1, "height {h}, ink {y0}..{y1}");
    }

    #[test]
    fn rotated_raster_text_runs_upwards() {
        let ((w, _), (x0, y0, x1, y1)) = ink("Wartende (Personen)", FontTransform::Rotate270, (20, 250));
        assert!(y1 - y0 > 4 * (x1 - x0), "ink box {x0}..{x1} x {y0}..{y1} is not vertical");
        assert!(y1 <= 251 && y0 >= 250 - w as i32 - 1, "Rotate270 text runs up from its anchor: {y0}..{y1}");
    }

    #[test]
    fn vector_text_is_passed_on_as_text() {
        let mut svg = String::new();
        {
            let mut backend = Typeset::vector(SVGBackend::with_string(&mut svg, (100, 40))).unwrap();
            backend.draw_text("Öffnung", &(FONT, 14).into_font().color(&BLACK), (5, 5)).unwrap();
            backend.present().unwrap();
        }
        assert!(svg.contains(">\nÖffnung\n</text>") || svg.contains(">Öffnung"), "{svg}");
    }
}
