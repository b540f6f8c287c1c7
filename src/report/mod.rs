//! Reports for people: charts (plotters, SVG and PNG with an embedded font) and, built on
//! them, the committee report. Reads results only; nothing here feeds a simulation.

pub mod charts;
