//! Policy packs (政策包): each district's rules for who is visited how often, as data.
//!
//! A pack is a TOML file under `api/policies/` embedded at build time and parsed once into the
//! [`PackRegistry`] ([`registry`]). It declares tiers (分类), each with a condition on the elder
//! file written in a tiny expression language ([`condition`]) over a fixed vocabulary of facts
//! ([`facts`]), and each tier's visit requirements ([`pack`]). Surges ([`surge`]) add
//! requirements for a while. The compliance engine ([`compliance`]) turns a pack, an elder and
//! their accepted visits into the status of every requirement of a month and the monthly visit
//! rate. A district's choice of pack over time is [`choice`]. The format is documented for
//! district staff in `docs/policies.md`.
//!
//! The modules depend one way: `facts` ← `condition` ← `pack` (with `visit_mode`) ← `surge` ←
//! `compliance`; `registry` loads packs; `choice` stands alone.

pub mod choice;
pub mod compliance;
pub mod condition;
pub mod facts;
pub mod history;
pub mod pack;
pub mod registry;
pub mod surge;
pub mod visit_mode;

pub use compliance::{
    contact_rate, evaluate_month, evaluate_period, evidence_window, visit_rate, CountedEvidence, ElderCase, ItemSource,
    MonthCompliance, PeriodCompliance, RequirementStatus, ServiceSpan, Status, Visit,
};
pub use condition::{Condition, ConditionError};
pub use facts::{ElderFacts, Fact, FactTimeline};
pub use history::{FactChange, FactInputs};
pub use pack::{
    Festivals, LostContact, PackError, PolicyPack, Reporting, Requirement, RequirementKind, SurgeDefaults, Tier,
    TierId, TierMatch, TierRaise,
};
pub use registry::PackRegistry;
pub use surge::{festival_windows, FestivalWindow, Surge, SurgeKind};
pub use visit_mode::VisitMode;

#[cfg(test)]
mod tests;
