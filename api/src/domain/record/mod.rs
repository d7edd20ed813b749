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

/// 记录编号 — a record's number as people write it, `2026-000123`: the district's 123rd record
/// first submitted in 2026 (Beijing time). Decision: per district and year, because a district
/// files and hands in its records by year (渝北 twice a year); the year is that of the first
/// submission, so numbers are given in order and never change (a record sent back keeps its
/// number, a rejected one keeps it too). The visit's own date is on the record beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordNo {
    pub year: i32,
    pub seq: u32,
}

impl RecordNo {
    /// `2026-000123` (at least six digits).
    pub fn parse(text: &str) -> Option<RecordNo> {
        let (year, seq) = text.split_once('-')?;
        if year.len() != 4 || seq.len() < 6 {
            return None;
        }
        Some(RecordNo {
            year: year.parse().ok()?,
            seq: seq.parse().ok()?,
        })
    }
}

impl std::fmt::Display for RecordNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:06}", self.year, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::RecordNo;

    #[test]
    fn a_record_number_reads_back_as_written() {
        let no = RecordNo { year: 2026, seq: 123 };
        assert_eq!(no.to_string(), "2026-000123");
        assert_eq!(RecordNo::parse("2026-000123"), Some(no));
        let big = RecordNo {
            year: 2026,
            seq: 1_234_567,
        };
        assert_eq!(RecordNo::parse(&big.to_string()), Some(big));
        assert_eq!(RecordNo::parse("2026-12"), None);
        assert_eq!(RecordNo::parse("0190f3a2-7c4e"), None);
    }
}
