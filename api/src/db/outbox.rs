//! Storage of the outbox's delivery (待发通知): taking due rows under a lease, settling them,
//! dead letters, the kinds a person has switched off, and the periodic jobs' runs.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::records::OutboxRow;
use super::schema::{job_runs, notification_opt_outs, outbox};
use super::DbConn;
use crate::domain::id::AccountId;
use crate::domain::message::{Channel, MessageKind, Urgency};

/// Takes up to `limit` due rows — not sent, not dead, due by `now`, and not leased to
/// another worker — most urgent first ([`MessageKind::urgency`]: a risk found on a visit, then
/// the other alarms, then the rest), then by due time, and leases them until `lease_until`,
/// counting the try. Call inside a write transaction: on PostgreSQL the rows are read
/// `FOR UPDATE SKIP LOCKED`, so workers of several replicas never take the same row; on
/// SQLite the write transaction is the only writer.
pub fn take_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    let kinds = |most: Urgency| -> Vec<&str> {
        MessageKind::ALL
            .iter()
            .filter(|k| k.urgency() <= most)
            .map(|k| k.as_str())
            .collect()
    };
    let (at_once, alarms) = (kinds(Urgency::AtOnce), kinds(Urgency::Alarm));
    macro_rules! due {
        () => {
            outbox::table
                .filter(outbox::sent_at.is_null())
                .filter(outbox::dead_at.is_null())
                .filter(outbox::due_at.le(now))
                .filter(outbox::leased_until.is_null().or(outbox::leased_until.lt(now)))
                .order((
                    outbox::kind.eq_any(&at_once).desc(),
                    outbox::kind.eq_any(&alarms).desc(),
                    outbox::due_at,
                    outbox::id,
                ))
                .select(OutboxRow::as_select())
                .limit(limit)
        };
    }
    let mut rows: Vec<OutboxRow> = match conn {
        DbConn::Postgres(c) => due!().for_update().skip_locked().load(c)?,
        DbConn::Sqlite(c) => due!().load(c)?,
    };
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    super::on_backend!(conn, |c| diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
        .set((
            outbox::leased_until.eq(lease_until),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .execute(c))?;
    for row in &mut rows {
        row.leased_until = Some(lease_until);
        row.attempts += 1;
    }
    Ok(rows)
}

/// Marks rows sent (a pass's sent rows in one statement).
pub fn mark_sent(conn: &mut DbConn, ids: &[&str], now: NaiveDateTime) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    super::on_backend!(conn, |c| diesel::update(outbox::table.filter(outbox::id.eq_any(ids)))
        .set((
            outbox::sent_at.eq(now),
            outbox::leased_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(c))
    .map(drop)
}

/// Replaces a secret row's body and parameters (a confirmation code blanked).
pub fn blank(conn: &mut DbConn, id: &str, body: &str, params: Option<&str>) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::update(outbox::table.filter(outbox::id.eq(id)))
        .set((outbox::body.eq(body), outbox::params.eq(params)))
        .execute(c))
    .map(drop)
}

/// Puts a row back to be tried again at `due_at`, keeping the error.
pub fn retry_later(conn: &mut DbConn, id: &str, due_at: NaiveDateTime, error: &str) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::update(outbox::table.filter(outbox::id.eq(id)))
        .set((
            outbox::due_at.eq(due_at),
            outbox::leased_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(error),
        ))
        .execute(c))
    .map(drop)
}

/// Dead-letters a row with its error.
pub fn mark_dead(conn: &mut DbConn, id: &str, now: NaiveDateTime, error: &str) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::update(outbox::table.filter(outbox::id.eq(id)))
        .set((
            outbox::dead_at.eq(now),
            outbox::leased_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(error),
        ))
        .execute(c))
    .map(drop)
}

/// Dead letters about areas in `[low, high)` (a subtree's range), newest first: a page of
/// `limit` after the one with id `after`.
pub fn dead_letters_in(
    conn: &mut DbConn,
    (low, high): (&str, &str),
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    // Ids are UUIDv7 text, which sorts below `~`.
    outbox::table
        .filter(outbox::dead_at.is_not_null())
        .filter(outbox::area_code.ge(low))
        .filter(outbox::area_code.lt(high))
        .filter(outbox::id.lt(after.unwrap_or("~")))
        .order(outbox::id.desc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)
}

/// One row by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<OutboxRow>> {
    outbox::table
        .filter(outbox::id.eq(id))
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()
}

/// Sends a dead letter again: due now, its tries counted afresh.
pub fn revive(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    super::on_backend!(conn, |c| diesel::update(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::dead_at.is_not_null())
    )
    .set((
        outbox::dead_at.eq(None::<NaiveDateTime>),
        outbox::due_at.eq(now),
        outbox::attempts.eq(0),
    ))
    .execute(c))
}

/// Whether a message with `key` was written already.
pub fn exists_key(conn: &mut DbConn, key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(outbox::table.filter(outbox::dedupe_key.eq(key)))).get_result(conn)
}

/// How many rows are waiting (not sent, not dead) on `channel`.
pub fn waiting(conn: &mut DbConn, channel: Channel) -> QueryResult<i64> {
    outbox::table
        .filter(outbox::channel.eq(channel))
        .filter(outbox::sent_at.is_null())
        .filter(outbox::dead_at.is_null())
        .count()
        .get_result(conn)
}

// --- opt-outs ----------------------------------------------------------------------------

/// The kinds `user` has switched off.
pub fn opted_out(conn: &mut DbConn, user: &AccountId) -> QueryResult<Vec<MessageKind>> {
    notification_opt_outs::table
        .filter(notification_opt_outs::user_id.eq(user))
        .order(notification_opt_outs::kind)
        .select(notification_opt_outs::kind)
        .load(conn)
}

pub fn set_opt_out(
    conn: &mut DbConn,
    user: &AccountId,
    kind: MessageKind,
    out: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let row = notification_opt_outs::table
        .filter(notification_opt_outs::user_id.eq(user))
        .filter(notification_opt_outs::kind.eq(kind));
    if out {
        let exists: bool = diesel::select(diesel::dsl::exists(row)).get_result(conn)?;
        if !exists {
            super::on_backend!(conn, |c| diesel::insert_into(notification_opt_outs::table)
                .values((
                    notification_opt_outs::user_id.eq(user),
                    notification_opt_outs::kind.eq(kind),
                    notification_opt_outs::opted_out_at.eq(now),
                ))
                .execute(c))?;
        }
    } else {
        super::on_backend!(conn, |c| diesel::delete(row).execute(c))?;
    }
    Ok(())
}

// --- periodic jobs -------------------------------------------------------------------------

/// Claims the run of `job` for `period` (e.g. a day or an ISO week): true for the first
/// caller across replicas, false when another has it. Call inside a write transaction.
pub fn claim_run(conn: &mut DbConn, job: &str, period: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let inserted = super::on_backend!(conn, |c| diesel::insert_into(job_runs::table)
        .values((
            job_runs::job.eq(job),
            job_runs::period.eq(period),
            job_runs::started_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

/// Records how a job's run ended.
pub fn finish_run(conn: &mut DbConn, job: &str, period: &str, now: NaiveDateTime, outcome: &str) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::update(
        job_runs::table
            .filter(job_runs::job.eq(job))
            .filter(job_runs::period.eq(period))
    )
    .set((job_runs::finished_at.eq(now), job_runs::outcome.eq(outcome)))
    .execute(c))
    .map(drop)
}
