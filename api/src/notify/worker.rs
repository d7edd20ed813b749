//! 发送进程 — takes due rows of the outbox, sends them, and settles each: sent, tried again
//! later with backoff, or dead-lettered with its error. It runs inside `tanfang serve` on a
//! thread of its own, or alone as `tanfang worker`; several may run on one PostgreSQL.
//!
//! **At least once.** A row is leased (for [`LEASE`]) in one transaction, sent, and settled in
//! another. A worker that dies after sending and before settling leaves the row leased; when
//! the lease runs out another worker sends it again, with the same message id. Within a
//! lease no other worker takes the row (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the single
//! writer on SQLite), so a row is sent once in the normal case.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::TimeDelta;

use super::jobs::{self, Job};
use super::queue::OUTBOX_RECIPIENT;
use super::transport::{MailTransport, Outgoing, SmsTransport};
use crate::auth::crypto::PersonalDataCipher;
use crate::clock::Clock;
use crate::db::records::OutboxRow;
use crate::db::{outbox, write_transaction, Database};
use crate::domain::access::Actor;
use crate::domain::message::{settle, Channel, Delivery, Settlement};
use crate::domain::policy::PackRegistry;
use crate::error::{AppError, AppResult};
use crate::service::Call;

/// How long a taken row is the taker's: long enough to send a batch, short enough that a
/// crashed worker's rows go out again within minutes.
pub const LEASE: TimeDelta = TimeDelta::seconds(120);

/// How many rows one pass takes.
pub const BATCH: i64 = 100;

/// How many messages of a pass are sent at once, each sender on its own connection (decision:
/// a mail server answers a message in tens of milliseconds on a round trip or two, so one
/// sender alone would hold 200 alarms for ten seconds; eight keep a pass of 100 under a
/// second on loopback and stay well inside what an SMTP relay or an SMS API allows a client).
pub const SENDERS: usize = 8;

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
}

impl Pass {
    pub fn taken(&self) -> usize {
        self.sent + self.retried + self.dead
    }
}

pub struct Worker {
    db: Database,
    cipher: PersonalDataCipher,
    packs: Arc<PackRegistry>,
    clock: Clock,
    mail: MailTransport,
    sms: SmsTransport,
    /// The period each job last ran for, as this worker knows it (only the jobs' loop takes
    /// the lock).
    ran: Mutex<HashMap<&'static str, String>>,
}

impl Worker {
    pub fn new(
        db: Database,
        cipher: PersonalDataCipher,
        packs: Arc<PackRegistry>,
        clock: Clock,
        mail: MailTransport,
        sms: SmsTransport,
    ) -> Worker {
        Worker {
            db,
            cipher,
            packs,
            clock,
            mail,
            sms,
            ran: Mutex::new(HashMap::new()),
        }
    }

    fn call(&self) -> Call {
        Call::at(
            self.clock.now(),
            Actor::system("outbox worker"),
            self.cipher.clone(),
            self.packs.clone(),
        )
    }

    /// Takes up to `limit` due rows under a lease (one transaction).
    pub fn take(&self, limit: i64) -> AppResult<Vec<OutboxRow>> {
        let now = self.clock.now().naive_utc();
        self.db.with_conn(|conn| {
            Ok(write_transaction(conn, |c| {
                outbox::take_due(c, now, now + LEASE, limit)
            })?)
        })
    }

    /// Sends one taken row through its channel's transport.
    pub fn deliver(&self, row: &OutboxRow) -> Delivery {
        let Some(enc) = &row.recipient_enc else {
            return Delivery::Fatal("the message has no receiver".into());
        };
        let Ok(to) = self.cipher.decrypt(OUTBOX_RECIPIENT, enc) else {
            return Delivery::Fatal("the receiver cannot be decrypted with this server's keys".into());
        };
        let unsubscribe = match (row.kind.may_opt_out(), &row.recipient_user_id) {
            (true, Some(account)) => Some(super::unsubscribe::url(&self.call(), account, row.kind)),
            _ => None,
        };
        let out = Outgoing {
            row,
            to: &to,
            unsubscribe: unsubscribe.as_deref(),
            at: self.clock.now(),
        };
        match row.channel {
            Channel::Email => self.mail.send(&out),
            Channel::Sms => self.sms.send(&out),
            Channel::InApp => Delivery::Fatal("an in-app message has no transport".into()),
        }
    }

    /// Settles what a pass sent, in one transaction.
    pub fn settle(&self, results: &[(OutboxRow, Delivery)]) -> AppResult<Pass> {
        let now = self.clock.now().naive_utc();
        self.db.with_conn(|conn| {
            write_transaction(conn, |c| {
                let mut pass = Pass::default();
                let mut sent = Vec::new();
                for (row, delivery) in results {
                    let settlement = settle(delivery.clone(), row.attempts);
                    match &settlement {
                        Settlement::Sent => {
                            sent.push(row.id.as_str());
                            pass.sent += 1;
                        }
                        Settlement::RetryAfter(delay, error) => {
                            outbox::retry_later(c, &row.id, now + *delay, error)?;
                            pass.retried += 1;
                        }
                        Settlement::Dead(error) => {
                            tracing::warn!(message_id = %row.id, kind = row.kind.as_str(), %error, "message dead-lettered");
                            outbox::mark_dead(c, &row.id, now, error)?;
                            pass.dead += 1;
                        }
                    }
                    // A code is of no use once sent, nor in a dead letter an admin reads.
                    if row.secret && !matches!(settlement, Settlement::RetryAfter(..)) {
                        let (body, params) = blank_secret(row);
                        outbox::blank(c, &row.id, &body, params.as_deref())?;
                    }
                }
                outbox::mark_sent(c, &sent, now)?;
                Ok::<_, AppError>(pass)
            })
        })
    }

    /// One pass: take a batch, send it, settle it.
    pub fn run_once(&self) -> AppResult<Pass> {
        let rows = self.take(BATCH)?;
        if rows.is_empty() {
            return Ok(Pass::default());
        }
        let deliveries = self.deliver_all(&rows);
        let results: Vec<(OutboxRow, Delivery)> = rows.into_iter().zip(deliveries).collect();
        self.settle(&results)
    }

    /// Sends a pass's rows, [`SENDERS`] at a time, in the order taken (alarms first): each
    /// sender takes the next unsent row. The deliveries come back in the rows' order.
    fn deliver_all(&self, rows: &[OutboxRow]) -> Vec<Delivery> {
        let next = AtomicUsize::new(0);
        let mut deliveries: Vec<Option<Delivery>> = vec![None; rows.len()];
        let done = std::thread::scope(|scope| {
            let senders: Vec<_> = (0..SENDERS.min(rows.len()))
                .map(|_| {
                    scope.spawn(|| {
                        let mut sent = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(row) = rows.get(i) else { break sent };
                            sent.push((i, self.deliver(row)));
                        }
                    })
                })
                .collect();
            senders
                .into_iter()
                .flat_map(|s| s.join().unwrap_or_default())
                .collect::<Vec<_>>()
        });
        for (i, delivery) in done {
            if let Some(slot) = deliveries.get_mut(i) {
                *slot = Some(delivery);
            }
        }
        // A sender that panicked leaves its rows unsettled as a failure that may pass.
        deliveries
            .into_iter()
            .map(|d| d.unwrap_or_else(|| Delivery::Retry("the sender stopped unexpectedly".into())))
            .collect()
    }

    /// Runs every periodic job whose period has begun and that no worker has run for it yet.
    pub fn run_due_jobs(&self) -> AppResult<usize> {
        let call = self.call();
        let mut done = self.ran.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut ran = 0;
        for job in jobs::JOBS {
            let period = job.cadence.period(self.clock.now());
            if done.get(job.name) == Some(&period) {
                continue;
            }
            if self.run_job(job, &period, &call)? {
                ran += 1;
            }
            done.insert(job.name, period);
        }
        Ok(ran)
    }

    fn run_job(&self, job: &Job, period: &str, call: &Call) -> AppResult<bool> {
        let claimed = self.db.with_conn(|conn| {
            Ok(write_transaction(conn, |c| {
                outbox::claim_run(c, job.name, period, call.now)
            })?)
        })?;
        if !claimed {
            return Ok(false);
        }
        let outcome = self.db.with_conn(|conn| (job.run)(conn, call));
        let note = match &outcome {
            Ok(n) => format!("ok: {n}"),
            Err(e) => format!("failed: {e}"),
        };
        if let Err(e) = &outcome {
            tracing::error!(job = job.name, period, error = %e, "periodic job failed");
        }
        self.db.with_conn(|conn| {
            Ok(write_transaction(conn, |c| {
                outbox::finish_run(c, job.name, period, call.now, &note)
            })?)
        })?;
        Ok(true)
    }

    /// Runs until `stop` is set, on two threads: one sends — passes back to back while there is
    /// work, otherwise a look every `poll` —, the other runs the periodic jobs, a look every
    /// `poll`. A job that takes long (a district's lost-contact sweep, a month's statements)
    /// never holds back a risk alarm raised meanwhile. A failing pass or job (the database
    /// away) is logged and tried again.
    pub fn run(self, poll: Duration, stop: &AtomicBool) {
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    if let Err(e) = self.run_due_jobs() {
                        tracing::error!(error = %e, "periodic jobs failed");
                    }
                    std::thread::sleep(poll);
                }
            });
            while !stop.load(Ordering::Relaxed) {
                match self.run_once() {
                    Ok(pass) if pass.taken() > 0 => continue,
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "outbox pass failed"),
                }
                std::thread::sleep(poll);
            }
        });
    }
}

/// The body and parameters of a sent secret message with its code replaced by `******`.
fn blank_secret(row: &OutboxRow) -> (String, Option<String>) {
    let params: Option<serde_json::Map<String, serde_json::Value>> =
        row.params.as_deref().and_then(|p| serde_json::from_str(p).ok());
    let mut body = row.body.clone();
    let mut blanked = params.clone();
    if let (Some(params), Some(out)) = (&params, &mut blanked) {
        if let Some(code) = params.get("code").and_then(|c| c.as_str()).filter(|c| !c.is_empty()) {
            body = body.replace(code, "******");
            out.insert("code".into(), serde_json::Value::String("******".into()));
        }
    }
    (body, blanked.map(|p| serde_json::Value::Object(p).to_string()))
}
