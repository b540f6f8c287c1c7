//! Statistics: what a replication records, the key figures, and estimates across replications.

pub mod estimate;
pub mod figures;
pub mod recorder;

pub use estimate::{Estimate, OnlineStats};
pub use figures::{figure_index, figure_values, FigureDef, FIGURES};
pub use recorder::{Conservation, DayRecord, Recorder};
