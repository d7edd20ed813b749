//! Queries on `elder_imports`: one row per import of an elder sheet, with its report.

use diesel::prelude::*;

use super::schema::elder_imports;
use super::DbConn;

/// 导入记录 — one import and its report (JSON).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_imports)]
pub struct ImportRow {
    pub id: String,
    pub area_code: String,
    pub imported_by: String,
    pub imported_at: chrono::NaiveDateTime,
    pub written: bool,
    pub report: String,
}

pub fn insert(conn: &mut DbConn, row: &ImportRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(elder_imports::table)
        .values(row)
        .execute(c))
    .map(drop)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ImportRow>> {
    elder_imports::table
        .find(id)
        .select(ImportRow::as_select())
        .first(conn)
        .optional()
}
