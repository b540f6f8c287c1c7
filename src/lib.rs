//! amtsim: a discrete-event simulator of the capacity and backlog of a public office,
//! first of all a German immigration office (Ausländerbehörde).
//!
//! The pipeline: a TOML scenario is read and validated ([`scenario`]), prepared once into a
//! [`model::Plan`], simulated in independent replications ([`experiment`]) on the
//! domain-free [`engine`], and summarised into key figures with confidence intervals
//! ([`stats`]) that [`output`] writes as JSON, CSV and tables.
//!
//! ```
//! let text = r#"
//! [simulation]
//! start_date = "2025-01-06"
//! days = 7
//! replications = 2
//! [calendar]
//! opening_hours = { monday = ["08:00-12:00"], tuesday = ["08:00-12:00"] }
//! [[case_types]]
//! name = "renewal"
//! arrivals = { process = "fixed_daily", count = 5, days = "open_days", windows = ["07:00-10:00"] }
//! channels = { walkin = 1.0 }
//! service_time = { dist = "deterministic", value_min = 10 }
//! [[staff]]
//! name = "clerks"
//! head_count = 1
//! work = "walkin"
//! "#;
//! let loaded = amtsim::scenario::load_str(text, "example.toml", &[]).unwrap();
//! let plan = amtsim::model::Plan::new(loaded.scenario);
//! let results = amtsim::experiment::run_replications(&plan, 2);
//! let served = amtsim::stats::figure_index("walkin_served").unwrap();
//! // Two open days with five walk-ins each, all served within the morning.
//! assert_eq!(results[0].figures[served], 10.0);
//! ```

pub mod calendar;
pub mod decide;
pub mod dist;
pub mod engine;
pub mod experiment;
pub mod fit;
pub mod input;
pub mod memory;
pub mod model;
pub mod output;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod stats;
pub mod theory;

/// The version with the commit it was built from, as `--version` prints it and result
/// folders record it.
pub const VERSION_TEXT: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("AMTSIM_COMMIT"), ")");
