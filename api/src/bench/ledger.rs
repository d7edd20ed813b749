//! `tanfang bench ledger`: posting throughput of the double-entry ledger against plain
//! INSERTs of the same rows, in the same run, and the cost of reading a balance.
//!
//! - **ledger**: `--transfers` postings (issuing account → one of `--accounts` holders, as an
//!   accepted record posts), each through [`service::ledger::transfer`] in its own write
//!   transaction (lock both accounts, look the id up, check kinds, books and floors, insert
//!   the transfer, update both accounts' totals), sent from `--threads` threads, each on its
//!   own pooled connection.
//! - **plain insert** (the baseline): the same rows (same ids and content), one INSERT per
//!   write transaction, same threads, into `ledger_bench_baseline`, a copy of
//!   `ledger_transfers` with the same columns, keys, foreign keys and indexes, created for the
//!   run and dropped after it.
//!
//! The two sides alternate, `--runs` times each; throughput is the median. Then one account
//! gets 10 postings and another 10,000, and reading each balance (the account row, O(1)) is
//! timed, beside summing the account's transfers (O(n)) for comparison. Every id the bench
//! writes starts with a fresh prefix, so it can run again on the same database; the ledger
//! rows it writes stay (a district of their own, `bench-…`).

use std::fmt;
use std::io::IsTerminal;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::sql_types::BigInt;
use diesel::{ExpressionMethods, QueryableByName, RunQueryDsl};
use indicatif::{ProgressBar, ProgressStyle};

use crate::auth::keys::Keys;
use crate::db::ledger::{self as store, AccountRow};
use crate::db::{write_transaction, Database, DbConn};
use crate::domain::access::Actor;
use crate::domain::id::{AccountId, LedgerAccountId, RecordId, TransferId};
use crate::domain::ledger::{posting_id, AccountKind, Book, Posted, TransferContent, TransferKind, TransferOutcome};
use crate::domain::policy::PackRegistry;
use crate::error::{AppError, AppResult};
use crate::service::{self, Call};

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct LedgerBenchOptions {
    pub transfers: usize,
    pub threads: usize,
    pub accounts: usize,
    /// Issuing accounts the postings are spread over (a district has one per book; more show
    /// what waiting on that one row costs).
    pub issuing: usize,
    pub runs: usize,
}

/// What one invocation measured.
#[derive(Debug, Clone)]
pub struct LedgerBench {
    pub backend: &'static str,
    pub options: LedgerBenchOptions,
    /// Each run's time for `transfers` postings.
    pub ledger: Vec<Duration>,
    /// Each run's time for `transfers` plain INSERTs.
    pub plain: Vec<Duration>,
    /// Median time of one balance read of the account with 10 and with 10,000 transfers.
    pub balance_small: Duration,
    pub balance_large: Duration,
    /// Median time of summing the transfers of the same two accounts.
    pub sum_small: Duration,
    pub sum_large: Duration,
    /// Every bench account's totals equal the sums of its transfers, and debits = credits.
    pub consistent: bool,
}

const SMALL: usize = 10;
const LARGE: usize = 10_000;
const BALANCE_READS: usize = 2_000;
const SUM_READS: usize = 50;

diesel::table! {
    ledger_bench_baseline (id) {
        id -> Text,
        debit_account_id -> Text,
        credit_account_id -> Text,
        amount_minutes -> BigInt,
        kind -> Text,
        record_id -> Nullable<Text>,
        reverses_id -> Nullable<Text>,
        memo -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

/// `ledger_transfers`' definition (migration 2026-11-30-000011) under another name.
const BASELINE_TABLE: &str = "
CREATE TABLE IF NOT EXISTS ledger_bench_baseline (
    id TEXT PRIMARY KEY NOT NULL,
    debit_account_id TEXT NOT NULL REFERENCES ledger_accounts (id),
    credit_account_id TEXT NOT NULL REFERENCES ledger_accounts (id),
    amount_minutes BIGINT NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT,
    reverses_id TEXT UNIQUE REFERENCES ledger_bench_baseline (id),
    memo TEXT,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_bench_baseline_debit ON ledger_bench_baseline (debit_account_id, created_at);
CREATE INDEX IF NOT EXISTS ledger_bench_baseline_credit ON ledger_bench_baseline (credit_account_id, created_at);
CREATE INDEX IF NOT EXISTS ledger_bench_baseline_record ON ledger_bench_baseline (record_id);
";

/// One transfer to send: its id and content.
struct Job {
    id: TransferId,
    content: TransferContent,
}

/// The bench's accounts: issuing accounts and holders (no user behind them).
struct Accounts {
    district: String,
    issuing: Vec<LedgerAccountId>,
    holders: Vec<LedgerAccountId>,
}

impl Accounts {
    fn create(
        conn: &mut DbConn,
        prefix: &str,
        issuing: usize,
        holders: usize,
        now: NaiveDateTime,
    ) -> AppResult<Accounts> {
        let district = format!("bench-{prefix}");
        let accounts = Accounts {
            issuing: (0..issuing).map(|i| format!("{district}-issuing{i}").into()).collect(),
            holders: (0..holders).map(|i| format!("{district}-holder{i}").into()).collect(),
            district,
        };
        write_transaction(conn, |c| {
            let kinds = (accounts.issuing.iter().map(|i| (i, AccountKind::Issuing)))
                .chain(accounts.holders.iter().map(|h| (h, AccountKind::Holder)));
            for (id, kind) in kinds {
                store::ensure_account(
                    c,
                    &AccountRow::opened(id.clone(), Book::TimeBank, kind, &accounts.district, now),
                )?;
            }
            Ok::<_, AppError>(())
        })?;
        Ok(accounts)
    }

    /// `count` postings of accepted records, spread over the holders.
    fn postings(&self, tag: &str, count: usize, holders: &[LedgerAccountId]) -> Vec<Job> {
        (0..count)
            .zip(holders.iter().cycle())
            .zip(self.issuing.iter().cycle())
            .map(|((i, holder), issuing)| {
                let record = RecordId::new(format!("{}-{tag}-{i}", self.district));
                Job {
                    id: posting_id(&record, &AccountId::from(holder.as_str()), "holder"),
                    content: TransferContent {
                        debit_account_id: issuing.clone(),
                        credit_account_id: holder.clone(),
                        amount_minutes: 15 * (1 + i64::try_from(i % 16).unwrap_or(0)),
                        kind: TransferKind::Posting,
                        record_id: Some(record),
                        reverses_id: None,
                        memo: None,
                    },
                }
            })
            .collect()
    }
}

fn created(outcome: TransferOutcome, id: &TransferId) -> AppResult<()> {
    match outcome {
        TransferOutcome::Created => Ok(()),
        TransferOutcome::Exists => Err(AppError::Internal(format!("bench transfer {id} existed already"))),
    }
}

/// Sends every job through `send`, spread over `threads` threads with a connection each;
/// the wall time from the moment all threads are ready.
fn timed(
    db: &Database,
    threads: usize,
    jobs: &[Job],
    bar: &ProgressBar,
    send: &(dyn Fn(&mut DbConn, &Job) -> AppResult<()> + Sync),
) -> AppResult<Duration> {
    let barrier = Barrier::new(threads + 1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    db.with_conn(|conn| {
                        for job in jobs.iter().skip(t).step_by(threads) {
                            send(conn, job)?;
                            bar.inc(1);
                        }
                        Ok(())
                    })
                })
            })
            .collect();
        barrier.wait();
        let started = Instant::now();
        let mut result = Ok(());
        for handle in handles {
            let joined = handle
                .join()
                .map_err(|_| AppError::Internal("a bench thread panicked".into()))
                .and_then(|r| r);
            result = result.and(joined);
        }
        result.map(|()| started.elapsed())
    })
}

fn insert_plain(conn: &mut DbConn, call: &Call, job: &Job) -> AppResult<()> {
    use ledger_bench_baseline as b;
    let c = &job.content;
    write_transaction(conn, |conn| {
        let values = (
            b::id.eq(&job.id),
            b::debit_account_id.eq(&c.debit_account_id),
            b::credit_account_id.eq(&c.credit_account_id),
            b::amount_minutes.eq(c.amount_minutes),
            b::kind.eq(c.kind.as_str()),
            b::record_id.eq(c.record_id.as_ref()),
            b::reverses_id.eq(c.reverses_id.as_ref()),
            b::memo.eq(c.memo.as_deref()),
            b::created_by.eq(&call.actor.label),
            b::created_at.eq(call.now),
        );
        crate::db::on_backend!(conn, |inner| diesel::insert_into(b::table)
            .values(values)
            .execute(inner))?;
        Ok::<_, AppError>(())
    })
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// The median time of `reads` calls of `read`, alternating between the two accounts.
fn read_times(
    conn: &mut DbConn,
    accounts: [&LedgerAccountId; 2],
    reads: usize,
    read: impl Fn(&mut DbConn, &LedgerAccountId) -> AppResult<i64>,
) -> AppResult<[Duration; 2]> {
    let mut times = [Vec::with_capacity(reads), Vec::with_capacity(reads)];
    for _ in 0..reads {
        for (account, times) in accounts.iter().zip(&mut times) {
            let started = Instant::now();
            std::hint::black_box(read(conn, account)?);
            times.push(started.elapsed());
        }
    }
    Ok([median(&times[0]), median(&times[1])])
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Whether the bench district's floor accounts hold the sums of their transfers, its counter
/// accounts (which keep no running totals) hold none, and its debits equal its credits.
fn totals_agree(conn: &mut DbConn, district: &str) -> AppResult<bool> {
    let sum = |side: &str| {
        format!("COALESCE((SELECT SUM(t.amount_minutes) FROM ledger_transfers t WHERE t.{side}_account_id = a.id), 0)")
    };
    let kept = |side: &str| format!("CASE WHEN a.no_overdraft THEN {} ELSE 0 END", sum(side));
    let wrong: Count = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM ledger_accounts a WHERE a.district_code = '{district}' \
         AND (a.debits_posted <> {} OR a.credits_posted <> {})",
        kept("debit"),
        kept("credit")
    ))
    .get_result(conn)?;
    let unbalanced: Count = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM (SELECT SUM({}) AS d, SUM({}) AS c FROM ledger_accounts a \
         WHERE a.district_code = '{district}') s WHERE s.d <> s.c",
        sum("debit"),
        sum("credit")
    ))
    .get_result(conn)?;
    Ok(wrong.n == 0 && unbalanced.n == 0)
}

/// Runs the benchmark on `db` (migrated).
pub fn run(db: &Database, packs: Arc<PackRegistry>, options: LedgerBenchOptions) -> AppResult<LedgerBench> {
    let keys = Keys::generate();
    let call = Call::at(
        crate::clock::Clock::system().now(),
        Actor::system("bench"),
        keys.cipher(),
        packs,
    );
    let prefix = uuid::Uuid::now_v7().simple().to_string();
    let threads = options.threads.max(1);
    let runs = options.runs.max(1);
    let accounts = db.with_conn(|c| {
        c.batch_execute(BASELINE_TABLE)?;
        Accounts::create(
            c,
            &prefix,
            options.issuing.max(1),
            options.accounts.max(1) + 2,
            call.now,
        )
    })?;
    // The last two holders are kept for the balance reads.
    let Some((spread, readers)) = accounts.holders.split_last_chunk::<2>() else {
        return Err(AppError::Internal(
            "the bench made fewer than two holders to read balances of".into(),
        ));
    };

    let bar = if std::io::stdout().is_terminal() {
        ProgressBar::new((2 * runs * options.transfers + SMALL + LARGE) as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .map_err(|e| AppError::Internal(e.to_string()))?
            .progress_chars("=> "),
    );

    let (mut ledger, mut plain) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let jobs = accounts.postings(&format!("r{run}"), options.transfers, spread);
        bar.set_message(format!("run {}/{runs}: plain INSERT", run + 1));
        plain.push(timed(db, threads, &jobs, &bar, &|conn, job| {
            insert_plain(conn, &call, job)
        })?);
        bar.set_message(format!("run {}/{runs}: ledger", run + 1));
        ledger.push(timed(db, threads, &jobs, &bar, &|conn, job| {
            created(service::ledger::transfer(conn, &call, &job.id, &job.content)?, &job.id)
        })?);
    }

    bar.set_message("balances: 10 and 10,000 transfers");
    let [small, large] = readers;
    for (tag, count, holder) in [("small", SMALL, small), ("large", LARGE, large)] {
        let jobs = accounts.postings(tag, count, std::slice::from_ref(holder));
        db.with_conn(|conn| {
            write_transaction(conn, |c| {
                for job in &jobs {
                    let outcome = service::ledger::apply(c, &call.actor.label, call.now, &job.id, &job.content)?;
                    created(outcome, &job.id)?;
                    bar.inc(1);
                }
                Ok::<_, AppError>(())
            })
        })?;
    }
    bar.finish_and_clear();
    let balance = |conn: &mut DbConn, id: &LedgerAccountId| -> AppResult<i64> {
        let row = store::account(conn, id)?.ok_or(AppError::NotFound { what: "账户" })?;
        Ok(Posted {
            debits: row.debits_posted,
            credits: row.credits_posted,
        }
        .balance())
    };
    let summed = |conn: &mut DbConn, id: &LedgerAccountId| -> AppResult<i64> {
        Ok(store::posted_credits_since(conn, id, NaiveDateTime::default())?)
    };
    let (balances, sums, consistent) = db.with_conn(|conn| {
        let check = |conn: &mut DbConn, id: &LedgerAccountId| -> AppResult<()> {
            if balance(conn, id)? == summed(conn, id)? {
                Ok(())
            } else {
                Err(AppError::Internal(format!(
                    "account {id}: balance ≠ sum of its transfers"
                )))
            }
        };
        check(conn, small)?;
        check(conn, large)?;
        let balances = read_times(conn, [small, large], BALANCE_READS, balance)?;
        let sums = read_times(conn, [small, large], SUM_READS, summed)?;
        Ok((balances, sums, totals_agree(conn, &accounts.district)?))
    })?;
    db.with_conn(|c| Ok(c.batch_execute("DROP TABLE ledger_bench_baseline")?))?;

    Ok(LedgerBench {
        backend: db.url().backend_name(),
        options: LedgerBenchOptions {
            threads,
            runs,
            issuing: options.issuing.max(1),
            ..options
        },
        ledger,
        plain,
        balance_small: balances[0],
        balance_large: balances[1],
        sum_small: sums[0],
        sum_large: sums[1],
        consistent,
    })
}

impl LedgerBench {
    fn per_second(&self, time: Duration) -> f64 {
        self.options.transfers as f64 / time.as_secs_f64().max(1e-9)
    }

    /// Ledger throughput / plain INSERT throughput (medians).
    pub fn ratio(&self) -> f64 {
        self.per_second(median(&self.ledger)) / self.per_second(median(&self.plain)).max(1e-9)
    }
}

impl fmt::Display for LedgerBench {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.options;
        let list = |times: &[Duration]| {
            times
                .iter()
                .map(|t| format!("{:.0}", self.per_second(*t)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let micros = |d: Duration| d.as_secs_f64() * 1e6;
        writeln!(f, "backend        {}", self.backend)?;
        writeln!(
            f,
            "transfers      {} per run and side, {} threads, {} runs (medians), {} issuing → {} holder accounts",
            o.transfers, o.threads, o.runs, o.issuing, o.accounts
        )?;
        writeln!(
            f,
            "ledger         {:.0} transfers/s  (runs: {})  service::ledger::transfer, one write transaction each",
            self.per_second(median(&self.ledger)),
            list(&self.ledger)
        )?;
        writeln!(
            f,
            "plain insert   {:.0} rows/s       (runs: {})  the same rows into a copy of ledger_transfers, one INSERT per write transaction",
            self.per_second(median(&self.plain)),
            list(&self.plain)
        )?;
        writeln!(f, "ratio          {:.2}x  (target >= 0.5x)", self.ratio())?;
        writeln!(
            f,
            "balance read   {:.1} µs with {SMALL} transfers, {:.1} µs with {LARGE} transfers: ratio {:.2}  (target ≈ 1)",
            micros(self.balance_small),
            micros(self.balance_large),
            micros(self.balance_large) / micros(self.balance_small).max(1e-9)
        )?;
        writeln!(
            f,
            "summing        {:.1} µs with {SMALL} transfers, {:.1} µs with {LARGE} transfers: ratio {:.0}  (for comparison)",
            micros(self.sum_small),
            micros(self.sum_large),
            micros(self.sum_large) / micros(self.sum_small).max(1e-9)
        )?;
        write!(f, "consistent     {}", if self.consistent { "yes" } else { "NO" })
    }
}
