//! Policy packs (政策包): each district's rules for who is visited how often, as data.
//!
//! A pack is a TOML file under `api/policies/` embedded at build time ([`builtin_packs`]). It
//! declares tiers (分类), each with a condition on the elder file written in a tiny expression
//! language ([`condition`]) over a fixed vocabulary of facts ([`facts`]), and each tier's visit
//! requirements. The compliance engine ([`compliance`]) turns a pack, an elder and their
//! accepted visits into the status of every requirement of a month and the monthly visit rate.
//! The format is documented for district staff in `docs/policies.md`.

pub mod choice;
pub mod compliance;
pub mod condition;
pub mod facts;
pub mod pack;

pub use compliance::{
    evaluate_month, evaluate_period, evidence_window, visit_rate, CountedEvidence, ElderCase, ItemSource,
    MonthCompliance, PeriodCompliance, RequirementStatus, ServiceSpan, Status, Surge, SurgeKind, Visit,
};
pub use condition::{Condition, ConditionError};
pub use facts::{ElderFacts, Fact};
pub use pack::{
    builtin, builtin_packs, Festivals, PackError, PolicyPack, Requirement, RequirementKind, SurgeDefaults, Tier,
    TierId, TierMatch, TierRaise,
};

use super::text_enum;

text_enum! {
    /// 探访方式 — how a visit was made.
    pub enum VisitMode {
        InPerson => ("in_person", "上门探访"),
        Phone => ("phone", "电话问候"),
        Video => ("video", "音视频"),
        RemoteMonitoring => ("remote_monitoring", "远程监测"),
        Other => ("other", "其他"),
    }
}

#[cfg(test)]
mod tests;
