//! Statistics: what a replication records, the key figures, and estimates across replications.

pub mod appointment_log;
pub mod breakdown;
pub mod cost_record;
pub mod day_series;
pub mod enquiry_record;
pub mod estimate;
pub mod figures;
pub mod permit_record;
pub mod portal_record;
pub mod recorder;
pub mod staff_record;
pub mod survival;

pub use appointment_log::{AppointmentLog, AppointmentRow, AppointmentStatus};
pub use breakdown::{Subject, SubjectKind, BY_SUBJECT};
pub use cost_record::CostRecord;
pub use day_series::DaySeries;
pub use enquiry_record::EnquiryRecord;
pub use estimate::{Estimate, OnlineStats};
pub use figures::{completed_only, domain, figure_index, figure_values, FigureDef, FIGURES};
pub use permit_record::{CasePermits, DecisionWaits, HolderBalance, PermitDay, PermitRecord};
pub use portal_record::{PortalDay, PortalRecord, SlotOutcome};
pub use recorder::{Conservation, CountedDays, DayRecord, Recorder};
pub use staff_record::{StaffDay, StaffRecord};
pub use survival::Survival;
