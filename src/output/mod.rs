//! Writing results: summary.json, daily.csv, the console table, the scenario copy, and safe
//! file handling.
//! Reads results only; nothing here feeds back into a simulation.

mod appointments_csv;
mod compare_files;
mod csv_row;
mod daily_csv;
mod files;
mod lock;
mod manifest;
pub mod optimise_files;
mod runs_csv;
mod scenario_copy;
pub mod schema;
pub mod select_files;
pub mod sensitivity_files;
mod staff_files;
mod summary;
mod sweep_csv;
mod table;

pub use appointments_csv::{appointments_csv, local_time, APPOINTMENT_COLUMNS};
pub use compare_files::{compare_csv, compare_json, compare_table, CompareRecord, COMPARE_COLUMNS};
pub use csv_row::push_fixed;
pub use daily_csv::{
    daily_csv, permits_daily_csv, portal_daily_csv, staff_daily_csv, DAILY_COLUMNS, PERMIT_COLUMNS, PORTAL_COLUMNS,
    STAFF_COLUMNS,
};
pub use files::{prepare_out_dir, write_atomic, write_atomic_with, OutputError};
pub use lock::{FolderLock, LockError, LOCK_FILE};
pub use manifest::{discard_manifest, holds_results, seal, verify, ManifestError, Origin, MANIFEST_FILE};
pub use runs_csv::{runs_csv, RunFigures};
pub use scenario_copy::{base_copy_name, copy_scenario_files, write_scenario_copies, SCENARIO_COPY};
pub use staff_files::{evaluation_line, staff_csv, staff_json, StaffRecord, STAFF_CURVE_COLUMNS};
pub use summary::{summary_json, RunRecord};
pub use sweep_csv::{
    csv_field, run_line, runs_header, same_sweep, split_csv_line, sweep_manifest, sweep_warnings, write_summary,
    SUMMARY_COLUMNS,
};
pub use table::{num, summary_table, team_table};
