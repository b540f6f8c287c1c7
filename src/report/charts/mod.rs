//! Charts for reports: fan charts of daily figures, policy comparisons, paired differences,
//! parameter sweeps and two-parameter heat maps.
//!
//! This module only draws what it is given. It knows nothing of scenarios, replications or
//! key figures: callers pass plain numbers, names and labels in the report's language; the
//! chart's own words (legend keys, "no data"), numbers and dates follow [`ChartFile::lang`].
//! It depends on `plotters` (with its `plotters-backend`), `ab_glyph` (pure-Rust font
//! rendering) and `png` only, never on another amtsim module, and reads no system font.
//!
//! Every chart is written as SVG or PNG ([`Format`]) to a temporary file beside the target,
//! which is then renamed into place, so a chart file is never half-written. Text is laid out
//! and, for PNG, rasterised with the embedded DejaVu Sans font (`assets/fonts/`), so nothing
//! depends on the fonts of the machine. Series are coloured from the colour-blind-safe
//! Okabe–Ito palette, heat maps use a viridis scale. Values that are NaN or infinite are
//! skipped and leave gaps; inputs that leave nothing to draw give a [`ChartError`].
//!
//! ```no_run
//! use std::path::Path;
//! use amtsim::report::charts::{line_chart, Axis, ChartFile, DailyAxis, Format, LineSeries};
//!
//! let days = DailyAxis::new("Datum", vec!["2025-01-01".into(), "2025-01-02".into()]);
//! let series = [LineSeries { name: "Status quo".into(), values: vec![12.0, 15.5] }];
//! let file = ChartFile::new(Path::new("queue.svg"), Format::Svg);
//! line_chart(&file, "Warteschlange", &days, &Axis::new("Wartende (Personen)"), &series)?;
//! # Ok::<(), amtsim::report::charts::ChartError>(())
//! ```

mod dates;
mod difference;
mod fan;
mod frame;
mod heat;
mod lang;
mod legend;
mod line;
mod typeset;
mod xy;

pub use difference::{difference_chart, DiffRow};
pub use fan::{fan_chart, FanSeries};
pub use heat::{heat_map, HeatGrid};
pub use lang::Lang;
pub use line::{line_chart, LineSeries};
pub use xy::{xy_chart, xy_chart_marked, Marks, XYSeries};

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use typeset::Typeset;

/// The embedded font (DejaVu Sans; licence in `assets/fonts/DejaVuSans-LICENSE.txt`).
static FONT_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// File format of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics; text stays text (searchable, selectable).
    Svg,
    /// 8-bit RGB raster image.
    Png,
}

/// Where a chart goes, in which format, at which size and in which language.
#[derive(Debug, Clone, Copy)]
pub struct ChartFile<'a> {
    /// Target file; written through a temporary file beside it, then renamed.
    pub path: &'a Path,
    /// SVG or PNG.
    pub format: Format,
    /// Width in pixels (SVG: user units), at least [`ChartFile::MIN_SIZE_PX`].
    pub width_px: u32,
    /// Height in pixels (SVG: user units), at least [`ChartFile::MIN_SIZE_PX`].
    pub height_px: u32,
    /// Language of the chart's own words, numbers and dates (default German).
    pub lang: Lang,
}

impl<'a> ChartFile<'a> {
    /// Report size: 900 × 450 px.
    pub const DEFAULT_SIZE_PX: (u32, u32) = (900, 450);
    /// Smallest width or height accepted; below it titles and axes no longer fit.
    pub const MIN_SIZE_PX: u32 = 200;
    /// Largest width or height accepted (a PNG of 8000 × 8000 px takes 192 MB to draw).
    pub const MAX_SIZE_PX: u32 = 8000;

    /// A German chart file of report size, 900 × 450 px.
    pub fn new(path: &'a Path, format: Format) -> Self {
        let (width_px, height_px) = Self::DEFAULT_SIZE_PX;
        ChartFile { path, format, width_px, height_px, lang: Lang::De }
    }

    /// The same file in another language.
    pub fn with_lang(self, lang: Lang) -> Self {
        ChartFile { lang, ..self }
    }

    /// The same file at another size.
    pub fn with_size(self, width_px: u32, height_px: u32) -> Self {
        ChartFile { width_px, height_px, ..self }
    }
}

/// A numeric axis: its label names the quantity and its unit, e.g. "Wartende (Personen)".
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Axis label with unit.
    pub label: String,
}

impl Axis {
    /// An axis with this label.
    pub fn new(label: impl Into<String>) -> Self {
        Axis { label: label.into() }
    }
}

/// The x axis of daily series: one ISO date per day; series values are indexed by day.
///
/// Dates are labelled at month starts (every month, or every 2, 3, 6 or 12 months for long
/// spans), or at days or Mondays for spans shorter than two months.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyAxis {
    /// Axis label, e.g. "Datum".
    pub label: String,
    /// `"YYYY-MM-DD"` for each day, in order; day `i` of every series belongs to `dates[i]`.
    pub dates: Vec<String>,
    /// Days marked with a dashed line and a label: dated changes, shocks, policies from a date.
    pub marks: Vec<DayMark>,
}

/// A marked day of a daily axis.
#[derive(Debug, Clone, PartialEq)]
pub struct DayMark {
    /// `"YYYY-MM-DD"`; a date outside the axis is not drawn.
    pub date: String,
    pub label: String,
}

impl DailyAxis {
    /// A daily axis with this label and these dates.
    pub fn new(label: impl Into<String>, dates: Vec<String>) -> Self {
        DailyAxis { label: label.into(), dates, marks: Vec::new() }
    }

    /// The axis with these days marked.
    pub fn with_marks(mut self, marks: Vec<DayMark>) -> Self {
        self.marks = marks;
        self
    }
}

/// Why a chart could not be drawn or written. Nothing is written when drawing fails.
#[derive(Debug)]
pub enum ChartError {
    /// An input that must not be empty is (no series, no days, no rows, ...).
    Empty {
        /// What is empty, e.g. "series" or "dates".
        what: String,
    },
    /// Two inputs that must have the same length do not.
    LengthMismatch {
        /// Which input, e.g. "series \"Status quo\": p25".
        what: String,
        /// The length it must have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// Every value is NaN or infinite: there is nothing to draw.
    NoFiniteValues {
        /// Which values.
        what: String,
    },
    /// A date of a [`DailyAxis`] is not a valid `YYYY-MM-DD` date.
    InvalidDate {
        /// Its position.
        index: usize,
        /// The text found.
        value: String,
    },
    /// Width or height outside `ChartFile::MIN_SIZE_PX..=ChartFile::MAX_SIZE_PX`.
    InvalidSize {
        /// Requested width.
        width_px: u32,
        /// Requested height.
        height_px: u32,
    },
    /// Values too large to scale an axis (their span overflows).
    Range {
        /// Which values.
        what: String,
    },
    /// plotters failed while drawing, or the embedded font could not be loaded.
    Draw(String),
    /// PNG encoding failed.
    Encode(String),
    /// The file could not be written.
    Io {
        /// The target file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::Empty { what } => write!(f, "chart input {what} is empty; give at least one"),
            ChartError::LengthMismatch { what, expected, found } => {
                write!(f, "chart input {what} has {found} values, expected {expected} (one per x position)")
            }
            ChartError::NoFiniteValues { what } => {
                write!(f, "chart input {what}: every value is NaN or infinite, nothing to draw")
            }
            ChartError::InvalidDate { index, value } => {
                write!(f, "chart dates[{index}] = {value:?} is not a date of the form YYYY-MM-DD")
            }
            ChartError::InvalidSize { width_px, height_px } => write!(
                f,
                "chart size {width_px}x{height_px} px is outside {min}..={max} px per side",
                min = ChartFile::MIN_SIZE_PX,
                max = ChartFile::MAX_SIZE_PX
            ),
            ChartError::Range { what } => write!(f, "chart input {what}: values too large to scale an axis"),
            ChartError::Draw(msg) => write!(f, "drawing the chart failed: {msg}"),
            ChartError::Encode(msg) => write!(f, "encoding the PNG failed: {msg}"),
            ChartError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for ChartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ChartError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Turns any plotters error into [`ChartError::Draw`].
fn draw_err<E: fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// A validated chart, ready to draw on any plotters backend in the given language.
trait Chart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, lang: Lang) -> Result<(), ChartError>;
}

/// Registers the embedded font with plotters under the family name `frame::FONT`, once per
/// process. [`Typeset`] measures and draws all chart text itself; the registration is the
/// fallback for any text plotters would lay out on its own.
fn register_font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok =
        *REGISTERED.get_or_init(|| plotters::style::register_font(frame::FONT, FontStyle::Normal, FONT_TTF).is_ok());
    if ok {
        Ok(())
    } else {
        Err(ChartError::Draw("the embedded font DejaVuSans.ttf could not be parsed".into()))
    }
}

/// Draws `chart` in memory in the requested format, then writes the file atomically.
fn render(file: &ChartFile, chart: &impl Chart) -> Result<(), ChartError> {
    let (w, h) = (file.width_px, file.height_px);
    let allowed = ChartFile::MIN_SIZE_PX..=ChartFile::MAX_SIZE_PX;
    if !allowed.contains(&w) || !allowed.contains(&h) {
        return Err(ChartError::InvalidSize { width_px: w, height_px: h });
    }
    register_font()?;
    let bytes = match file.format {
        Format::Svg => {
            let mut svg = String::new();
            {
                let root = Typeset::vector(SVGBackend::with_string(&mut svg, (w, h)))?.into_drawing_area();
                root.fill(&WHITE).map_err(draw_err)?;
                chart.draw(&root, file.lang)?;
                root.present().map_err(draw_err)?;
            }
            svg.into_bytes()
        }
        Format::Png => {
            let mut rgb = vec![255u8; w as usize * h as usize * 3];
            {
                let root = Typeset::raster(BitMapBackend::with_buffer(&mut rgb, (w, h)))?.into_drawing_area();
                chart.draw(&root, file.lang)?;
                root.present().map_err(draw_err)?;
            }
            encode_png(&rgb, w, h)?
        }
    };
    write_atomic(file.path, &bytes)
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let encode_err = |e: png::EncodingError| ChartError::Encode(e.to_string());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(encode_err)?;
    writer.write_image_data(rgb).map_err(encode_err)?;
    writer.finish().map_err(encode_err)?;
    Ok(out)
}

/// Writes the file whole or not at all (the output layer's temporary file and rename).
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ChartError> {
    crate::output::write_atomic(path, bytes).map_err(|e| match e {
        crate::output::OutputError::Io { path, source } => ChartError::Io { path, source },
        other => ChartError::Io { path: path.to_path_buf(), source: std::io::Error::other(other.to_string()) },
    })
}

/// Checks shared by the chart tests: SVG parses and holds given texts, PNG decodes to the
/// requested size and is more than a flat colour.
#[cfg(test)]
mod test_support {
    use std::collections::HashSet;
    use std::path::{Path, PathBuf};

    use super::DailyAxis;

    /// A temporary directory and a path in it.
    pub fn temp_path(name: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        (dir, path)
    }

    /// Every text node of the SVG at `path`, trimmed; panics unless it parses as XML.
    pub fn svg_texts(path: &Path) -> Vec<String> {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: not XML: {e}", path.display()));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        doc.descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == "text")
            .map(|n| n.text().unwrap_or("").trim().to_string())
            .collect()
    }

    /// Panics unless every one of `wanted` is the text of some `<text>` element.
    pub fn assert_svg_has_texts(path: &Path, wanted: &[&str]) {
        let texts = svg_texts(path);
        for w in wanted {
            assert!(texts.iter().any(|t| t == w), "{w:?} not among the SVG texts {texts:?}");
        }
    }

    /// Decodes the PNG at `path`, checks its size and returns the number of distinct colours.
    pub fn png_colours(path: &Path, width: u32, height: u32) -> usize {
        let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
        let mut reader = png::Decoder::new(file).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (width, height));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf[..info.buffer_size()].chunks_exact(3).map(|p| (p[0], p[1], p[2])).collect::<HashSet<_>>().len()
    }

    /// Consecutive ISO dates from 2025-01-01 (within 2025).
    pub fn days_2025(n: usize) -> DailyAxis {
        const MONTH_DAYS: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        let mut dates = Vec::with_capacity(n);
        'outer: for (m, len) in MONTH_DAYS.iter().enumerate() {
            for d in 1..=*len {
                if dates.len() == n {
                    break 'outer;
                }
                dates.push(format!("2025-{:02}-{d:02}", m + 1));
            }
        }
        assert_eq!(dates.len(), n, "days_2025 covers one year at most");
        DailyAxis::new("Datum", dates)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_file_and_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing-dir").join("chart.svg");
        let err = write_atomic(&target, b"<svg/>").unwrap_err();
        assert!(matches!(err, ChartError::Io { .. }));
        assert!(err.to_string().contains("missing-dir"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("chart.svg");
        write_atomic(&target, b"old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn sizes_outside_the_limits_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tiny.png");
        let file = ChartFile::new(&path, Format::Png).with_size(50, 450);
        let series = [LineSeries { name: "a".into(), values: vec![1.0, 2.0] }];
        let days = DailyAxis::new("Datum", vec!["2025-01-01".into(), "2025-01-02".into()]);
        let err = line_chart(&file, "t", &days, &Axis::new("y"), &series).unwrap_err();
        assert!(matches!(err, ChartError::InvalidSize { width_px: 50, height_px: 450 }), "{err}");
        assert!(!path.exists());
    }
}
