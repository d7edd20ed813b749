//! Queries on the administrative tree.

use diesel::prelude::*;

use super::models::AreaRow;
use super::schema::areas;
use super::DbConn;
use crate::domain::area::{AreaLevel, UrbanRural};

pub fn find(conn: &mut DbConn, code: &str) -> QueryResult<Option<AreaRow>> {
    areas::table
        .find(code)
        .select(AreaRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_many(conn: &mut DbConn, codes: &[String]) -> QueryResult<Vec<AreaRow>> {
    super::chunked::load(codes, |codes| {
        areas::table
            .filter(areas::code.eq_any(codes))
            .select(AreaRow::as_select())
            .load(conn)
    })
}

/// Children of `parent`, or the districts when `parent` is `None`, ordered by code.
pub fn children(conn: &mut DbConn, parent: Option<&str>) -> QueryResult<Vec<AreaRow>> {
    let query = areas::table
        .select(AreaRow::as_select())
        .order(areas::code.asc())
        .into_boxed();
    match parent {
        Some(parent) => query.filter(areas::parent_code.eq(parent)).load(conn),
        // Cities (市) have no parent either, but the top of the stored tree is the districts.
        None => query
            .filter(areas::parent_code.is_null())
            .filter(areas::level.eq(AreaLevel::District))
            .load(conn),
    }
}

pub fn insert(conn: &mut DbConn, row: &AreaRow) -> QueryResult<()> {
    insert_many(conn, std::slice::from_ref(row))
}

pub fn insert_many(conn: &mut DbConn, rows: &[AreaRow]) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(areas::table).values(rows).execute(c)).map(drop)
}

pub fn rename(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    urban_rural: Option<UrbanRural>,
    now: chrono::NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(areas::table.find(code))
        .set((
            areas::name.eq(name),
            areas::urban_rural.eq(urban_rural),
            areas::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Every node of the subtree of `code` (itself included), ordered by code.
pub fn in_subtree(conn: &mut DbConn, code: &crate::domain::area::AreaCode) -> QueryResult<Vec<AreaRow>> {
    let (low, high) = code.subtree_range();
    areas::table
        .filter(areas::code.ge(low))
        .filter(areas::code.lt(high))
        .select(AreaRow::as_select())
        .order(areas::code.asc())
        .load(conn)
}
