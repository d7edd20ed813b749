//! Responsible contacts (结对联系人) and the notification order.

use juniper::graphql_object;

use super::Context;
use crate::domain::access::Role;
use crate::domain::pairing::{ChainEntry, ContactRank};
use crate::service::pairings::ResponsibleContact;

pub struct Contact(pub ResponsibleContact);

#[graphql_object(context = Context, description = "结对联系人 — the person responsible for an elder")]
impl Contact {
    fn user_id(&self) -> &str {
        self.0.user_id.as_str()
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    fn role(&self) -> Role {
        self.0.role
    }
    /// Masked (138****5678).
    fn phone_masked(&self) -> Option<&str> {
        self.0.phone_masked.as_deref()
    }
    /// Named by an organizer; `false` when it is the village staff by default.
    fn paired(&self) -> bool {
        self.0.paired
    }
    fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

pub struct NotificationEntry(pub ChainEntry);

#[graphql_object(context = Context, description = "通知顺序中的一人 — children, then close relatives, then the village")]
impl NotificationEntry {
    fn rank(&self) -> ContactRank {
        self.0.rank
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    fn relation(&self) -> &str {
        &self.0.relation
    }
    fn phone_masked(&self) -> &str {
        &self.0.phone_masked
    }
}
