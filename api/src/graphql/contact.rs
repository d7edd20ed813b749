//! 联系未果、失联与联系老人 — contact attempts, an elder's contact state, and how the holder of
//! a slot reaches the elder (shown in full, audited by the service).

use chrono::{DateTime, Utc};
use juniper::graphql_object;

use super::slot::VisitSlot;
use super::Context;
use crate::db::contacts::AttemptRow;
use crate::domain::contact::{AttemptMode, AttemptReason};
use crate::service::contacts::SlotContact as SlotContactData;

/// 未联系上 — one visit that did not happen.
pub struct ContactAttempt(pub AttemptRow);

#[graphql_object(context = Context, description = "未联系上 — a visit that did not happen (meets no requirement)")]
impl ContactAttempt {
    fn id(&self) -> &str {
        &self.0.id
    }
    fn elder_id(&self) -> &str {
        self.0.elder_id.as_str()
    }
    /// The slot it was for, if any.
    fn slot_id(&self) -> Option<&str> {
        self.0.slot_id.as_ref().map(crate::domain::id::SlotId::as_str)
    }
    fn attempted_at(&self) -> DateTime<Utc> {
        self.0.attempted_at.and_utc()
    }
    fn mode(&self) -> AttemptMode {
        self.0.mode
    }
    fn reason(&self) -> AttemptReason {
        self.0.reason
    }
    /// 原因（中文）.
    fn reason_label(&self) -> &str {
        self.0.reason.label_zh()
    }
    fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// Whether the slot was given back with it.
    fn released_slot(&self) -> bool {
        self.0.released_slot
    }
}

/// What `recordContactAttempt` did: the attempt, and the slot as it is now.
pub struct AttemptResult {
    pub attempt: ContactAttempt,
    pub slot: Option<VisitSlot>,
}

#[graphql_object(context = Context, description = "登记未联系上的结果")]
impl AttemptResult {
    fn attempt(&self) -> &ContactAttempt {
        &self.attempt
    }
    /// The slot after the attempt: still claimed, or open again when released.
    fn slot(&self) -> Option<&VisitSlot> {
        self.slot.as_ref()
    }
}

/// 联系老人 — how the holder of a slot reaches the elder, in full (each showing is audited).
pub struct SlotContact(pub SlotContactData);

#[graphql_object(context = Context, description = "联系老人 — shown to a slot's holder from the day before its window until it ends")]
impl SlotContact {
    fn slot_id(&self) -> &str {
        self.0.slot.id.as_str()
    }
    fn elder_name(&self) -> &str {
        &self.0.elder_name
    }
    /// For a phone or video slot.
    fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// For an in-person slot.
    fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    /// The first emergency contact (in-person slots).
    fn emergency_contact_name(&self) -> Option<&str> {
        self.0.contact_name.as_deref()
    }
    fn emergency_contact_relation(&self) -> Option<&str> {
        self.0.contact_relation.as_deref()
    }
    fn emergency_contact_phone(&self) -> Option<&str> {
        self.0.contact_phone.as_deref()
    }
}
