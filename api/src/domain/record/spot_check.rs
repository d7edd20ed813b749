//! 抽查 — what checking one sampled record found.

use crate::domain::text_enum;

text_enum! {
    /// 抽查结论.
    pub enum SpotCheckOutcome {
        Confirmed => ("confirmed", "属实"),
        Questionable => ("questionable", "存疑"),
        False => ("false", "不属实"),
    }
}
