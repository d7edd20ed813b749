//! Queries on the `photos` table: one row per stored image (its file lives in the photo
//! store, named by the same hash), and which visit records let an actor read it.

use diesel::prelude::*;

use super::schema::{photos, visit_records};
use super::DbConn;
use crate::domain::access::Actor;
use crate::domain::id::AccountId;
use crate::domain::record::format::ImageType;

/// A stored image: its hash, type and size, and who uploaded it first.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = photos)]
pub struct PhotoRow {
    pub sha256: String,
    pub content_type: ImageType,
    pub byte_size: i32,
    pub uploaded_by: AccountId,
    pub uploaded_at: chrono::NaiveDateTime,
}

/// Records the photo unless a row for its hash exists; whether this call added it.
pub fn insert_if_new(conn: &mut DbConn, row: &PhotoRow) -> QueryResult<bool> {
    let inserted = match conn {
        DbConn::Sqlite(c) => diesel::insert_or_ignore_into(photos::table).values(row).execute(c)?,
        DbConn::Postgres(c) => diesel::insert_into(photos::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(inserted > 0)
}

/// The photo of `sha256`, if recorded. Whether the caller may see it is
/// [`village_of_record_showing`]'s question (or the caller uploaded it).
pub fn find(conn: &mut DbConn, sha256: &str) -> QueryResult<Option<PhotoRow>> {
    photos::table
        .find(sha256)
        .select(PhotoRow::as_select())
        .first(conn)
        .optional()
}

/// The village of the first visit record that shows the photo `sha256` to `actor`
/// ([`super::scope::records_showing_photo`]), if any: the photo may be read, and the read is
/// audited under that village.
pub fn village_of_record_showing(conn: &mut DbConn, actor: &Actor, sha256: &str) -> QueryResult<Option<String>> {
    super::scope::records_showing_photo(actor, sha256)
        .select(visit_records::village_code)
        .order(visit_records::id)
        .first(conn)
        .optional()
}
