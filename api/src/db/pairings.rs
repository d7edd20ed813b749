//! Queries on responsible contacts (结对联系人).

use diesel::prelude::*;

use super::models::{PairingRow, UserRow};
use super::schema::elder_pairings;
use super::DbConn;
use crate::domain::access::Role;
use crate::domain::id::ElderId;

pub fn of_elder(conn: &mut DbConn, elder_id: &ElderId) -> QueryResult<Option<PairingRow>> {
    elder_pairings::table
        .find(elder_id)
        .select(PairingRow::as_select())
        .first(conn)
        .optional()
}

/// Sets the elder's pairing, replacing any earlier one.
pub fn upsert(conn: &mut DbConn, row: &PairingRow) -> QueryResult<()> {
    let updated = diesel::update(elder_pairings::table.find(&row.elder_id))
        .set(row)
        .execute(conn)?;
    if updated == 0 {
        super::on_backend!(conn, |c| diesel::insert_into(elder_pairings::table)
            .values(row)
            .execute(c))?;
    }
    Ok(())
}

/// The village's first active staff account: the default responsible contact.
pub fn village_staff(conn: &mut DbConn, village_code: &str) -> QueryResult<Option<UserRow>> {
    super::users::first_active(conn, Role::VillageStaff, village_code)
}
