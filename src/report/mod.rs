//! Reports for people: charts (plotters, SVG and PNG with an embedded font) and, built on
//! them, the committee report. Reads results only; nothing here feeds a simulation.

pub mod assumptions;
pub mod charts;
mod csv_table;
mod error;
pub mod figure_texts;
pub mod format;
pub mod param_labels;
pub mod results;
pub mod scenario_files;
pub mod sentences;
pub mod series;

pub use charts::Lang;
pub use error::ReportError;
