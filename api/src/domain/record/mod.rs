//! The shared visit-record format (探访记录共享格式): one canonical record of a visit that every
//! party reads and from which each district's paper form can be printed. The format is
//! documented field by field, with its mapping to the seed paper forms, in
//! `docs/record-format.md`; its JSON Schema is `docs/record-format.schema.json`.
//!
//! [`format`] parses a record at the edge; [`risk`] finds the major risks it reveals;
//! [`signal`] raises fraud signals for review; [`scale`] maps the grading scales;
//! [`confirmation`] decides how the elder's confirmation of a visit is accepted.

pub mod case;
pub mod confirmation;
pub mod format;
pub mod print;
pub mod risk;
pub mod scale;
pub mod signal;
pub mod spot_check;

pub use format::VisitRecord;

use crate::domain::text_enum;

text_enum! {
    /// 审核状态 of a record; the same code is the status of its row in `visits`, and only
    /// accepted visits count for compliance.
    pub enum RecordStatus {
        Submitted => ("submitted", "待审核"),
        Accepted => ("accepted", "已通过"),
        Rejected => ("rejected", "不通过"),
        Returned => ("returned", "退回修改"),
    }
}
pub use scale::{
    parse, Change, FourGrade, Grade, GradeError, GradingScale, IllnessChange, Level, Safety, Scale, ThreeGrade,
};

/// Version of the shared record format this code reads and writes (semantic versioning; the
/// `formatVersion` field of every record and the `version` of the JSON Schema).
pub const FORMAT_VERSION: &str = "1.2.0";
