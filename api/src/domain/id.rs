//! 编号 — the ids of stored things, one type per kind, so that a visitor's id cannot stand
//! where a slot's belongs. An id is opaque text (usually a UUID): nothing here checks its
//! format, so an id that names nothing is answered "not found" where it is looked up, as
//! before. Stored as text; in JSON a bare string.

/// Declares an id type: a `String` newtype stored as text (`as_str`), built from text at the
/// edge (`From<String>`, `new`) and, with `fresh = new_v4` or `fresh = now_v7`, a new UUID of
/// that version for a new thing (`fresh`). Ids the system derives from what they identify
/// (ledger accounts, postings) are declared without `fresh`.
macro_rules! id_type {
    (
        $(#[$meta:meta])*
        pub struct $name:ident;
        fresh = $fresh:ident
    ) => {
        id_type! { $(#[$meta])* pub struct $name; }

        impl $name {
            /// A new, unique id (a UUID, as text).
            pub fn fresh() -> $name {
                $name(uuid::Uuid::$fresh().to_string())
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident;
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[serde(transparent)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub struct $name(String);

        impl<DB: diesel::backend::Backend> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                String::from_sql(bytes).map($name)
            }
        }

        impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                self.0.as_str().to_sql(out)
            }
        }

        impl $name {
            /// The id as given (from a request, a row, a derivation).
            pub fn new(id: impl Into<String>) -> $name {
                $name(id.into())
            }

            /// The id as stored and as the API shows it.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> $name {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> $name {
                $name(id.to_string())
            }
        }

        /// A UUID's usual text (lowercase, hyphenated), as stored.
        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> $name {
                $name(id.to_string())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// Whether `id` is one a client may choose: a random or time-ordered UUID (v4, v7). Ids the
/// system derives are v5, so a client can never take the id of a posting to come.
pub fn is_client_chosen(id: &str) -> bool {
    matches!(uuid::Uuid::parse_str(id).map(|u| u.get_version_num()), Ok(4 | 7))
}

id_type! {
    /// 老人档案编号 — an elder file's id. Time-ordered (UUIDv7) since the import of large sheets:
    /// a new file's rows and its index entries go to the end of each index instead of a random
    /// page. Files made before keep their random (v4) ids; both are opaque text.
    pub struct ElderId;
    fresh = now_v7
}

id_type! {
    /// 账号编号 — an account's id (a user: staff, visitor, school admin, family). Whoever
    /// visits, organizes, records or approves is named by it.
    pub struct AccountId;
    fresh = new_v4
}

id_type! {
    /// 学校编号 — a school's id.
    pub struct SchoolId;
    fresh = new_v4
}

id_type! {
    /// 探访时段编号 — a visit slot's id.
    pub struct SlotId;
    fresh = now_v7
}

id_type! {
    /// 探访记录编号 — a visit record's id (also the id of the visit it counts as).
    pub struct RecordId;
    fresh = now_v7
}

id_type! {
    /// 服务记录编号 — the id of a care service given to an elder or a holder (a redemption's
    /// care has its redemption's id).
    pub struct CareServiceId;
    fresh = now_v7
}

id_type! {
    /// 证明编号 — the id of a 志愿服务记录证明 an office issued (its printed number is another).
    pub struct ProofId;
    fresh = now_v7
}

id_type! {
    /// 更正申请编号 — the id of a visitor's request to correct a visit's minutes.
    pub struct CorrectionId;
    fresh = now_v7
}

id_type! {
    /// 组织编号 — an organisation's id (a school, 社工站, team, provider or office).
    pub struct OrganisationId;
    fresh = now_v7
}

id_type! {
    /// 服务合同编号 — a purchase-of-service contract's id.
    pub struct ContractId;
    fresh = now_v7
}

id_type! {
    /// 风险个案编号 — a risk case's id.
    pub struct CaseId;
    fresh = now_v7
}

id_type! {
    /// 转介编号 — a referral's id.
    pub struct ReferralId;
    fresh = now_v7
}

id_type! {
    /// 加密探访编号 — a declared surge's id.
    pub struct SurgeId;
    fresh = now_v7
}

id_type! {
    /// 抽查编号 — the id of one spot check (one drawn record of a month's sample).
    pub struct SpotCheckId;
    fresh = now_v7
}

id_type! {
    /// 服务证明编号 — a service certification's id (not the certificate number printed on it).
    pub struct CertificationId;
    fresh = now_v7
}

id_type! {
    /// 账户编号 — a ledger account's id, derived from what identifies the account.
    pub struct LedgerAccountId;
}

id_type! {
    /// 交易编号 — a ledger transfer's id: chosen by the client or derived by the system.
    pub struct TransferId;
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_id_is_its_text() {
        let id = ElderId::from("e-1".to_string());
        assert_eq!(id.as_str(), "e-1");
        assert_eq!(id.to_string(), "e-1");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"e-1\"");
        assert_eq!(serde_json::from_str::<ElderId>("\"e-1\"").unwrap(), id);
    }

    #[test]
    fn fresh_ids_are_uuids_of_the_version_used_so_far() {
        let elder = uuid::Uuid::parse_str(ElderId::fresh().as_str()).unwrap();
        assert_eq!(elder.get_version_num(), 7);
        let record = uuid::Uuid::parse_str(RecordId::fresh().as_str()).unwrap();
        assert_eq!(record.get_version_num(), 7);
        assert_ne!(SlotId::fresh(), SlotId::fresh());
    }
}
