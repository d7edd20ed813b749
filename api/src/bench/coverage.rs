//! `tanfang bench coverage`: the monthly coverage of the demo district through the GraphQL
//! query, against the same figures from one plain SQL aggregate, in the same run — first while
//! the month is open (computed live, with every elder's dated fact changes), then once it is
//! closed (answered from what it reported). Reports the timings (median of the runs), their
//! ratios, and whether the figures agree.
//!
//! The run's clock reads the 2nd of the next month: the month has ended and is still open.
//! Each elder gets three fact changes over the year (the risk level, which yubei-2024's tiers
//! do not read, so the SQL aggregate stays exact), and each visit is accepted when it is made.
//!
//! The SQL aggregate encodes yubei-2024 for a month without festival windows (May): 重点 =
//! impaired, serious illness, severe disability, or 80+ and living alone (age on each
//! period's first day); 重点 needs an in-person visit in each half-month, 一般 one in the month.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime, TimeDelta};
use diesel::sql_types::BigInt;
use diesel::{QueryDsl, QueryableByName, RunQueryDsl};
use indicatif::ProgressBar;
use uuid::Uuid;

use crate::auth::keys::Keys;
use crate::db::models::VisitRow;
use crate::db::{Database, DbConn};
use crate::demo::generate::{self, DemoPlan, DEMO_DISTRICT_CODE};
use crate::domain::access::Actor;
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::id::ElderId;
use crate::domain::period::Month;
use crate::domain::policy::{PackRegistry, VisitMode};
use crate::domain::record::RecordStatus;
use crate::error::{AppError, AppResult};
use crate::graphql::{self, Context};
use crate::service::{self, Call};

/// What one run measured.
#[derive(Debug, Clone)]
pub struct CoverageBench {
    pub elders: i64,
    pub visits: i64,
    pub fact_changes: i64,
    /// The open month (computed live).
    pub graphql: Duration,
    pub sql: Duration,
    /// The closed month (answered from what it reported).
    pub closed: Duration,
    /// (denominator, met) from the GraphQL answer, open and closed, and from SQL.
    pub graphql_figures: (i64, i64),
    pub closed_figures: (i64, i64),
    pub sql_figures: (i64, i64),
}

#[derive(QueryableByName)]
struct Figures {
    #[diesel(sql_type = BigInt)]
    denominator: i64,
    #[diesel(sql_type = BigInt)]
    met: i64,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut DbConn, table: &str) -> AppResult<i64> {
    Ok(diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<Count>(conn)?
        .n)
}

/// Prepares the demo district with `elders` elders, yubei-2024 from 2025-01-01, and a year
/// of synthetic visits (one a month per elder, every third in person twice), then measures.
pub fn coverage(
    db: &Database,
    keys: &Keys,
    packs: &Arc<PackRegistry>,
    elders: usize,
    month: Month,
    runs: usize,
) -> AppResult<CoverageBench> {
    let plan = DemoPlan {
        towns: DemoPlan::DEFAULT_TOWNS,
        villages_per_town: DemoPlan::DEFAULT_VILLAGES_PER_TOWN,
        elders,
        ..DemoPlan::with_seed(1)
    };
    eprintln!("bench: demo district with {elders} elders …");
    let offset = TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
    let second = month.next().first_day() + TimeDelta::days(1);
    let clock = crate::clock::Clock::starting_at(
        (second.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN)) - offset).and_utc(),
    );
    let now = clock.now();
    crate::demo::run(db, keys, packs.clone(), &plan, now, &ProgressBar::hidden())?;
    let call = Call::at(now, Actor::system("bench"), keys.cipher(), packs.clone());
    db.with_conn(|c| service::elders::refresh_policy_facts(c, &call))?;
    db.with_conn(|c| {
        if service::policies::history(c, &call, DEMO_DISTRICT_CODE)?.is_empty() {
            let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(call.today);
            service::policies::choose(c, &call, DEMO_DISTRICT_CODE, "yubei-2024", first, Some("bench"))?;
        }
        Ok(())
    })?;
    add_visits(db, &plan, month, &call)?;
    add_fact_changes(db, &plan, month, &call)?;
    let (elder_count, visit_count, fact_changes) = db.with_conn(|c| {
        Ok((
            count(c, "elders")?,
            count(c, "visits")?,
            count(c, "elder_fact_changes")?,
        ))
    })?;

    let query = format!(
        "{{ coverage(month: \"{month}\", areaCode: \"{DEMO_DISTRICT_CODE}\") {{ total {{ elders met due overdue }} towns {{ code elders met }} villages {{ code elders met }} }} }}"
    );
    if db
        .with_conn(|c| Ok(crate::db::closing::find(c, DEMO_DISTRICT_CODE, &month.to_string())?))?
        .is_some()
    {
        return Err(AppError::Unavailable(format!(
            "{month} is already closed in this database: the open month can only be measured on a fresh one"
        )));
    }
    let graphql_run = GraphqlRun {
        db,
        keys,
        packs,
        clock: &clock,
        query: &query,
    };
    let (graphql, graphql_figures) = graphql_run.measure(runs)?;
    let sql = plain_sql(month);
    let sql_run = || -> AppResult<(Duration, (i64, i64))> {
        let started = Instant::now();
        let figures = db.with_conn(|c| Ok(diesel::sql_query(sql.as_str()).get_result::<Figures>(c)?))?;
        Ok((started.elapsed(), (figures.denominator, figures.met)))
    };
    let mut sql_times = Vec::new();
    let mut sql_figures = (0, 0);
    for _ in 0..runs {
        let (time, figures) = sql_run()?;
        sql_times.push(time);
        sql_figures = figures;
    }
    eprintln!("bench: closing {month} …");
    db.with_conn(|c| service::closing::close_month(c, &call, DEMO_DISTRICT_CODE, month).map(drop))?;
    let (closed, closed_figures) = graphql_run.measure(runs)?;
    Ok(CoverageBench {
        elders: elder_count,
        visits: visit_count,
        fact_changes,
        graphql,
        sql: median(sql_times),
        closed,
        graphql_figures,
        closed_figures,
        sql_figures,
    })
}

/// The coverage query through the GraphQL schema, as the system, at the bench's clock.
struct GraphqlRun<'a> {
    db: &'a Database,
    keys: &'a Keys,
    packs: &'a Arc<PackRegistry>,
    clock: &'a crate::clock::Clock,
    query: &'a str,
}

impl GraphqlRun<'_> {
    /// The median time of `runs` runs and the (denominator, met) of the answer.
    fn measure(&self, runs: usize) -> AppResult<(Duration, (i64, i64))> {
        let schema = graphql::schema();
        let runtime = actix_web::rt::System::new();
        let mut times = Vec::new();
        let mut figures = (0, 0);
        for _ in 0..runs {
            let context = Context {
                db: graphql::context::RequestDb::new(self.db.clone()),
                cipher: self.keys.cipher(),
                tokens: self.keys.token_signer(),
                actor: Actor::system("bench"),
                session_id: None,
                client_addr: "bench".into(),
                clock: self.clock.clone(),
                packs: self.packs.clone(),
            };
            let started = Instant::now();
            let (value, errors) = runtime
                .block_on(juniper::execute(
                    self.query,
                    None,
                    &schema,
                    &juniper::Variables::new(),
                    &context,
                ))
                .map_err(|e| AppError::Internal(format!("coverage query: {e}")))?;
            times.push(started.elapsed());
            if let Some(error) = errors.first() {
                return Err(AppError::Internal(format!(
                    "coverage query: {:?}",
                    error.error().message()
                )));
            }
            let json = serde_json::to_value(&value).map_err(|e| AppError::Internal(e.to_string()))?;
            let number = |path: &str| json.pointer(path).and_then(serde_json::Value::as_i64).unwrap_or(-1);
            figures = (number("/coverage/total/elders"), number("/coverage/total/met"));
        }
        Ok((median(times), figures))
    }
}

/// Three changes of the risk level per elder, taking effect on days spread over the year
/// before the end of `month` (about a quarter of the elders change inside the month), recorded
/// at the bench's clock; what each elder row keeps of its fact history follows.
fn add_fact_changes(db: &Database, plan: &DemoPlan, month: Month, call: &Call) -> AppResult<()> {
    let existing = db.with_conn(|c| count(c, "elder_fact_changes"))?;
    if existing > i64::try_from(plan.elders).unwrap_or(i64::MAX) {
        eprintln!("bench: {existing} fact changes already there");
        return Ok(());
    }
    eprintln!("bench: three fact changes per elder …");
    let levels = ["low", "medium", "high"];
    // A change takes effect no earlier than the file's first facts.
    let first: std::collections::HashMap<ElderId, NaiveDate> = db
        .with_conn(|c| {
            Ok(crate::db::schema::elder_fact_changes::table
                .group_by(crate::db::schema::elder_fact_changes::elder_id)
                .select((
                    crate::db::schema::elder_fact_changes::elder_id,
                    diesel::dsl::min(crate::db::schema::elder_fact_changes::effective_from),
                ))
                .load::<(ElderId, Option<NaiveDate>)>(c)?)
        })?
        .into_iter()
        .filter_map(|(id, day)| Some((id, day?)))
        .collect();
    let mut batch = Vec::new();
    for index in 0..plan.elders {
        let id = generate::elder_id(plan.seed, index);
        let Some(span) = first
            .get(&id)
            .map(|day| (month.last_day() - *day).num_days().min(365) + 1)
            .filter(|span| *span > 0)
        else {
            continue;
        };
        for k in 0..3_usize {
            let days_back = i64::try_from(index * 37 + k * 101).unwrap_or(0) % span;
            let mut values = serde_json::Map::new();
            values.insert(
                "riskLevel".into(),
                serde_json::Value::from(levels.get(k).copied().unwrap_or("low")),
            );
            batch.push(crate::db::models::FactChangeRow {
                id: Uuid::now_v7().to_string(),
                elder_id: id.clone(),
                effective_from: month.last_day() - TimeDelta::days(days_back),
                changes: serde_json::Value::Object(values).to_string(),
                reason: Some("bench".into()),
                recorded_by: "system:bench".into(),
                recorded_at: call.now,
            });
        }
        if batch.len() >= 3_000 {
            db.with_conn(|c| Ok(crate::db::elders::insert_fact_changes(c, &batch)?))?;
            batch.clear();
        }
    }
    db.with_conn(|c| Ok(crate::db::elders::insert_fact_changes(c, &batch)?))?;
    let ids: Vec<ElderId> = (0..plan.elders).map(|i| generate::elder_id(plan.seed, i)).collect();
    db.with_conn(|c| service::elders::refresh_facts_states(c, &ids))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// One synthetic visit a month for a year before the end of `month`, per elder: the day and
/// mode follow the elder's index, so some months meet the requirements and some do not.
fn add_visits(db: &Database, plan: &DemoPlan, month: Month, call: &Call) -> AppResult<()> {
    let existing = db.with_conn(|c| count(c, "visits"))?;
    if existing > 0 {
        eprintln!("bench: {existing} visits already there");
        return Ok(());
    }
    eprintln!("bench: a year of visits …");
    let offset = TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
    let villages: Vec<_> = generate::areas(plan)
        .into_iter()
        .filter(|a| a.level == crate::domain::area::AreaLevel::Village)
        .collect();
    let mut batch = Vec::new();
    for index in 0..plan.elders {
        let id = generate::elder_id(plan.seed, index);
        let village = generate::elder(plan, &villages, index, call.today).village_code;
        let mut m = month;
        for _ in 0..12 {
            let day = 1 + (index * 7 + usize::try_from(m.month()).unwrap_or(0)) % 28;
            let modes: &[VisitMode] = match index % 3 {
                0 => &[VisitMode::InPerson, VisitMode::InPerson],
                1 => &[VisitMode::Phone],
                _ => &[VisitMode::InPerson],
            };
            for (k, mode) in modes.iter().enumerate() {
                let date = NaiveDate::from_ymd_opt(
                    m.year(),
                    m.month(),
                    u32::try_from((day + k * 14 - 1) % 28 + 1).unwrap_or(1),
                )
                .unwrap_or(m.first_day());
                let visited_at = date.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN)) - offset;
                batch.push(VisitRow {
                    id: Uuid::now_v7().to_string(),
                    elder_id: id.clone(),
                    village_code: village.clone(),
                    visited_at,
                    mode: *mode,
                    status: RecordStatus::Accepted,
                    source: "bench".into(),
                    entered_by: "system:bench".into(),
                    entered_at: call.now,
                    accepted_at: Some(visited_at),
                    rejected_at: None,
                });
            }
            m = m.previous();
        }
        if batch.len() >= 2_000 {
            db.with_conn(|c| insert_visits(c, &batch))?;
            batch.clear();
        }
    }
    db.with_conn(|c| insert_visits(c, &batch))
}

fn insert_visits(conn: &mut DbConn, rows: &[VisitRow]) -> AppResult<()> {
    crate::db::write_transaction(conn, |c| {
        for chunk in rows.chunks(500) {
            crate::db::on_backend!(c, |inner| diesel::insert_into(crate::db::schema::visits::table)
                .values(chunk)
                .execute(inner))?;
        }
        Ok::<_, AppError>(())
    })?;
    Ok(())
}

/// The month's denominator and met count for yubei-2024 as one SQL aggregate.
fn plain_sql(month: Month) -> String {
    let offset = TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
    let utc = |d: NaiveDate| {
        (d.and_time(NaiveTime::MIN) - offset)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    let first = month.first_day();
    let sixteenth = first + TimeDelta::days(15);
    let next = month.next().first_day();
    let born_by = |d: NaiveDate| {
        d.checked_sub_months(chrono::Months::new(80 * 12))
            .unwrap_or(d)
            .to_string()
    };
    let category =
        |c: &str| format!("EXISTS (SELECT 1 FROM elder_categories k WHERE k.elder_id = e.id AND k.category = '{c}')");
    let key = |day: NaiveDate| {
        format!(
            "(e.ability_level <> 'intact' OR {disabled} OR e.has_serious_illness = TRUE OR {ill} OR COALESCE(e.disability_grade, 9) <= 2 \
              OR {handicapped} OR (e.birth_date <= '{born}' AND (e.living_arrangement = 'alone' OR {alone} OR {urban_alone})))",
            disabled = category("disabled"),
            ill = category("serious_illness"),
            handicapped = category("severely_handicapped"),
            alone = category("living_alone"),
            urban_alone = category("urban_living_alone"),
            born = born_by(day),
        )
    };
    let in_person = |from: NaiveDate, to: NaiveDate| {
        format!(
            "EXISTS (SELECT 1 FROM visits v WHERE v.elder_id = e.id AND v.status = 'accepted' AND v.mode = 'in_person' \
             AND v.visited_at >= '{}' AND v.visited_at < '{}')",
            utc(from),
            utc(to)
        )
    };
    format!(
        "SELECT COUNT(*) AS denominator, \
                COALESCE(SUM(CASE WHEN ({key1} OR {month_visit}) AND (NOT {key1} OR {half1}) AND (NOT {key2} OR {half2}) \
                             THEN 1 ELSE 0 END), 0) AS met \
         FROM elders e WHERE e.village_code >= '{district}' AND e.village_code < '{district}:' \
         AND e.service_status = 'in_service' AND e.service_status_since <= '{first}'",
        key1 = key(first),
        key2 = key(sixteenth),
        month_visit = in_person(first, next),
        half1 = in_person(first, sixteenth),
        half2 = in_person(sixteenth, next),
        district = DEMO_DISTRICT_CODE,
    )
}
