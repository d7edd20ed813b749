//! List columns: a list of domain values stored as a JSON array in a TEXT column
//! (`["phone","in_person"]`, `[1,3,5]`, `["2026-11-20"]`), each item in its serde form (the
//! stored code of a domain enum, an ISO date, a number, a string). TEXT on both backends, so
//! that one Rust type serves both.
//!
//! Reading is strict: a stored value that is not a JSON array of the item type — an unknown
//! mode code, a malformed date — is a deserialization error naming the item type and the stored
//! text (diesel adds the column), never a shorter list.

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A list column's value: the items, in order. Immutable once made (from a `Vec`, an iterator,
/// or a stored row).
#[derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct JsonList<T> {
    items: Vec<T>,
    /// The stored JSON text: kept from the row it was read from, or made when the value is
    /// first written. Diesel binds a text value by reference, for as long as the value itself
    /// lives, so the text is kept with the items. (Serialising a list of domain values does
    /// not fail; should it, the write fails with the cause.)
    stored: OnceLock<Result<String, String>>,
}

impl<T> JsonList<T> {
    /// The items, in order.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items, in order, owned.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<T: Serialize> JsonList<T> {
    /// The JSON text stored for this list.
    fn stored(&self) -> &Result<String, String> {
        self.stored.get_or_init(|| {
            serde_json::to_string(&self.items)
                .map_err(|e| format!("a list of {} does not serialise: {e}", item_name::<T>()))
        })
    }
}

/// The item type's own name, without its module path (`VisitMode`, `NaiveDate`, `u8`).
fn item_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
}

impl<T> From<Vec<T>> for JsonList<T> {
    fn from(items: Vec<T>) -> JsonList<T> {
        JsonList {
            items,
            stored: OnceLock::new(),
        }
    }
}

impl<T> FromIterator<T> for JsonList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> JsonList<T> {
        JsonList::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T> Default for JsonList<T> {
    fn default() -> JsonList<T> {
        JsonList::from(Vec::new())
    }
}

impl<T> Deref for JsonList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<'a, T> IntoIterator for &'a JsonList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T: Clone> Clone for JsonList<T> {
    fn clone(&self) -> JsonList<T> {
        JsonList {
            items: self.items.clone(),
            stored: self.stored.clone(),
        }
    }
}

/// Two lists are equal when their items are (the stored text is only a cache of them).
impl<T: PartialEq> PartialEq for JsonList<T> {
    fn eq(&self, other: &JsonList<T>) -> bool {
        self.items == other.items
    }
}

impl<T: Eq> Eq for JsonList<T> {}

impl<T: fmt::Debug> fmt::Debug for JsonList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

/// As the JSON array it is stored as (for audit entries).
impl<T: Serialize> Serialize for JsonList<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(serializer)
    }
}

impl<T, DB> FromSql<Text, DB> for JsonList<T>
where
    DB: Backend,
    String: FromSql<Text, DB>,
    T: DeserializeOwned,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let text = String::from_sql(bytes)?;
        match serde_json::from_str::<Vec<T>>(&text) {
            Ok(items) => Ok(JsonList {
                items,
                stored: OnceLock::from(Ok(text)),
            }),
            Err(e) => Err(format!("not a JSON list of {} ({e}): {text:?}", item_name::<T>()).into()),
        }
    }
}

impl<T, DB> ToSql<Text, DB> for JsonList<T>
where
    DB: Backend,
    str: ToSql<Text, DB>,
    T: Serialize + fmt::Debug,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        match self.stored() {
            Ok(text) => text.as_str().to_sql(out),
            Err(cause) => Err(cause.clone().into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::policy::VisitMode;

    fn read<T: DeserializeOwned>(text: &str) -> Result<Vec<T>, String> {
        serde_json::from_str::<Vec<T>>(text).map_err(|e| e.to_string())
    }

    #[test]
    fn lists_are_stored_as_json_arrays_of_their_codes() {
        let modes: JsonList<VisitMode> = vec![VisitMode::Phone, VisitMode::InPerson].into();
        assert_eq!(modes.stored().as_deref(), Ok(r#"["phone","in_person"]"#));
        let days: JsonList<u8> = [1, 3, 5].into_iter().collect();
        assert_eq!(days.stored().as_deref(), Ok("[1,3,5]"));
        let dates: JsonList<NaiveDate> = vec![NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date")].into();
        assert_eq!(dates.stored().as_deref(), Ok(r#"["2026-11-20"]"#));
        let none: JsonList<String> = JsonList::default();
        assert_eq!(none.stored().as_deref(), Ok("[]"));
        let skills: JsonList<String> = vec!["手语, \"方言\"".to_string()].into();
        assert_eq!(
            read::<String>(skills.stored().as_deref().expect("stored")),
            Ok(vec!["手语, \"方言\"".to_string()]),
            "an item may hold commas and quotes"
        );
    }

    #[test]
    fn an_item_that_does_not_read_is_an_error_not_dropped() {
        assert!(read::<VisitMode>(r#"["phone","carrier_pigeon"]"#).is_err());
        assert!(read::<NaiveDate>(r#"["2026-02-30"]"#).is_err());
        assert!(read::<u8>("[1,-3]").is_err());
        assert!(
            read::<VisitMode>("phone,in_person").is_err(),
            "comma-joined text is not a list"
        );
        assert_eq!(item_name::<VisitMode>(), "VisitMode");
    }
}
