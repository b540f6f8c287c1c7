//! Writing results: summary.json, daily.csv, the console table, and safe file handling.
//! Reads results only; nothing here feeds back into a simulation.

mod daily_csv;
mod files;
mod summary;
mod table;

pub use daily_csv::{
    daily_csv, permits_daily_csv, portal_daily_csv, staff_daily_csv, DAILY_COLUMNS, PERMIT_COLUMNS, PORTAL_COLUMNS,
    STAFF_COLUMNS,
};
pub use files::{prepare_out_dir, write_atomic, OutputError};
pub use summary::{summary_json, RunRecord};
pub use table::summary_table;
