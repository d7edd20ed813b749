//! Storage on both backends: migrations from empty, the two schemas agree, `/health`.

use std::collections::BTreeSet;

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl};
use tanfang::db::{Database, DbConn};
use tanfang_e2e::{backends, per_backend, Backend, TestApp, TestDatabase};

/// One fact about the schema, normalised so that the two backends' catalogues compare:
/// a column with its type and nullability, an index (UNIQUE constraints and keys included)
/// by its columns, or a foreign key.
#[derive(QueryableByName, Debug)]
struct Fact {
    #[diesel(sql_type = Text)]
    fact: String,
}

/// PostgreSQL's type names in the words the SQLite migrations declare.
const PG_TYPES: &str = "CASE c.udt_name WHEN 'text' THEN 'TEXT' WHEN 'varchar' THEN 'TEXT' \
    WHEN 'int4' THEN 'INTEGER' WHEN 'int8' THEN 'BIGINT' WHEN 'bool' THEN 'BOOLEAN' \
    WHEN 'timestamp' THEN 'TIMESTAMP' WHEN 'date' THEN 'DATE' WHEN 'float8' THEN 'DOUBLE PRECISION' \
    ELSE upper(c.udt_name) END";

/// Every column (type, nullability), index (its columns in order, unique or not, partial or
/// not; primary keys and UNIQUE constraints are indexes on both backends) and foreign key
/// (columns, referenced table and columns, ON DELETE) of the application's tables, one line
/// each.
fn schema_facts(conn: &mut DbConn) -> BTreeSet<String> {
    let queries: Vec<String> = match conn {
        DbConn::Sqlite(_) => {
            let tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                          AND name <> '__diesel_schema_migrations'";
            vec![
                format!(
                    "SELECT 'column ' || m.name || '.' || p.name || ' ' || upper(p.type) || \
                            CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN ' not null' ELSE ' null' END AS fact \
                     FROM ({tables}) m JOIN pragma_table_info(m.name) p"
                ),
                // An INTEGER PRIMARY KEY is the rowid and has no index row: list keys apart.
                format!(
                    "SELECT 'key ' || name || '(' || columns || ')' AS fact FROM ( \
                       SELECT m.name AS name, group_concat(p.name, ',') AS columns \
                       FROM ({tables}) m JOIN pragma_table_info(m.name) p WHERE p.pk > 0 \
                       GROUP BY m.name ORDER BY m.name, p.pk)"
                ),
                format!(
                    "SELECT CASE WHEN l.\"unique\" = 1 THEN 'unique index ' ELSE 'index ' END || m.name || '(' || \
                            (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) || ')' || \
                            CASE WHEN l.partial = 1 THEN ' partial' ELSE '' END AS fact \
                     FROM ({tables}) m JOIN pragma_index_list(m.name) l WHERE l.origin <> 'pk'"
                ),
                format!(
                    "SELECT 'foreign key ' || m.name || '(' || group_concat(f.\"from\", ',') || ') -> ' || f.\"table\" || '(' || \
                            group_concat(coalesce(f.\"to\", '?'), ',') || ') on delete ' || lower(f.on_delete) AS fact \
                     FROM ({tables}) m JOIN pragma_foreign_key_list(m.name) f GROUP BY m.name, f.id"
                ),
            ]
        }
        DbConn::Postgres(_) => {
            let app_tables = "n.nspname = 'public' AND t.relname <> '__diesel_schema_migrations'";
            vec![
                format!(
                    "SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' || {PG_TYPES} || \
                            CASE WHEN c.is_nullable = 'YES' THEN ' null' ELSE ' not null' END AS fact \
                     FROM information_schema.columns c \
                     WHERE c.table_schema = 'public' AND c.table_name <> '__diesel_schema_migrations'"
                ),
                format!(
                    "SELECT CASE WHEN i.indisprimary THEN 'key ' WHEN i.indisunique THEN 'unique index ' ELSE 'index ' END || \
                            t.relname || '(' || \
                            (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord) \
                             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) || ')' || \
                            CASE WHEN i.indpred IS NOT NULL THEN ' partial' ELSE '' END AS fact \
                     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
                     WHERE {app_tables}"
                ),
                format!(
                    "SELECT 'foreign key ' || t.relname || '(' || \
                            (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord) \
                             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) || ') -> ' || r.relname || '(' || \
                            (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord) \
                             JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum) || ') on delete ' || \
                            CASE c.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade' \
                                               WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END AS fact \
                     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid \
                     JOIN pg_namespace n ON n.oid = t.relnamespace WHERE c.contype = 'f' AND {app_tables}"
                ),
            ]
        }
    };
    let mut facts = BTreeSet::new();
    for query in queries {
        let rows = diesel::sql_query(&query)
            .load::<Fact>(conn)
            .unwrap_or_else(|e| panic!("{e}: {query}"));
        facts.extend(rows.into_iter().map(|r| r.fact));
    }
    facts
}

fn migrated_schema(backend: Backend) -> BTreeSet<String> {
    let db = TestDatabase::empty(backend);
    let (database, applied) = Database::open_and_migrate(&db.url).expect("migrate from empty");
    assert!(
        !applied.is_empty(),
        "{backend:?}: an empty database gets every migration"
    );
    let (_, again) = Database::open_and_migrate(&db.url).expect("migrate again");
    assert!(again.is_empty(), "{backend:?}: a second run applies nothing");
    drop(database);
    schema_facts(&mut db.connect())
}

#[test]
fn migrations_apply_from_empty_and_both_backends_agree() {
    let mut schemas = Vec::new();
    for backend in backends() {
        let facts = migrated_schema(backend);
        for table in [
            "areas",
            "elders",
            "elder_categories",
            "elder_changes",
            "elder_status_changes",
        ] {
            assert!(
                facts.iter().any(|f| f.starts_with(&format!("column {table}."))),
                "{backend:?} lacks table {table}"
            );
        }
        for exactly_once in [
            "unique index ledger_transfers",
            "unique index visit_records(submission_id)",
            "unique index visit_records(elder_id,visit_no)",
        ] {
            assert!(
                facts.iter().any(|f| f.starts_with(exactly_once)),
                "{backend:?} lacks {exactly_once}…: {facts:#?}"
            );
        }
        schemas.push((backend, facts));
    }
    if let [(_, sqlite), (_, postgres)] = schemas.as_slice() {
        let only_sqlite: Vec<_> = sqlite.difference(postgres).collect();
        let only_postgres: Vec<_> = postgres.difference(sqlite).collect();
        assert!(
            only_sqlite.is_empty() && only_postgres.is_empty(),
            "schemas differ:\n only in SQLite: {only_sqlite:?}\n only in PostgreSQL: {only_postgres:?}"
        );
    }
}

async fn health_answers_when_the_database_does(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app.get("/health").await;
    assert_eq!(status, 200, "{backend:?}: {body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(json["status"], "ok");
    let (status, page) = app.get("/").await;
    assert_eq!(status, 200);
    assert!(page.contains("探访") && page.contains("/graphiql"), "{page}");
    let (status, graphiql) = app.get("/graphiql").await;
    assert_eq!(status, 200);
    assert!(graphiql.to_lowercase().contains("graphiql"));
}
per_backend!(health_answers_when_the_database_does);

/// `TANFANG_NOW` is for tests and demonstrations: a production server refuses to start with its
/// clock set, before it touches the database.
#[test]
fn production_refuses_a_set_clock() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = tanfang::db::DatabaseUrl::Sqlite(dir.path().join("tanfang.db"));
    let mut config = tanfang::config::ServerConfig::for_tests(url, dir.path().join("tanfang.keys"));
    config.environment = tanfang::config::Environment::Production;
    config.clock = tanfang::clock::Clock::starting_at(tanfang_e2e::now());
    let refused = tanfang::startup::Application::build(&config).err().expect("refused");
    assert!(refused.to_string().contains("TANFANG_NOW"), "{refused}");
    assert!(!dir.path().join("tanfang.db").exists(), "nothing was opened");
}

/// A stored code the build does not know is an error that names the column, the enum and the
/// code — never read as some other value (an unknown role was once read as village staff).
async fn an_unknown_stored_code_is_an_error_not_a_guess(backend: Backend) {
    use tanfang_e2e::town;
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district(&app).await;
    let (staff_id, staff) = town::staff(&app, &organizer, "staff.code", "VILLAGE_STAFF", town::VILLAGE).await;
    let mut conn = app.db.connect();
    diesel::sql_query(format!("UPDATE users SET role = 'superuser' WHERE id = '{staff_id}'"))
        .execute(&mut conn)
        .expect("corrupt the role");
    let error = tanfang::db::users::by_id(&mut conn, &staff_id).expect_err("an unknown role does not load");
    let message = tanfang::error::AppError::from(error).to_string();
    assert!(
        message.contains("role") && message.contains("Role") && message.contains("superuser"),
        "{backend:?}: {message}"
    );
    // The account's token no longer acts as anything: the request is refused (the bearer
    // check answers UNAUTHENTICATED for any failure), never served as some role.
    let answer = app
        .with(&staff)
        .graphql("{ me { id role } }", serde_json::json!({}))
        .await;
    assert!(answer["data"]["me"].is_null(), "{answer:#}");
    assert_eq!(
        tanfang_e2e::error_code(&answer).as_deref(),
        Some("UNAUTHENTICATED"),
        "{answer:#}"
    );
    // Other accounts are unaffected.
    let me = app.with(&admin).ok("{ me { role } }", serde_json::json!({})).await;
    assert_eq!(me["me"]["role"], "DISTRICT_ADMIN");
}
per_backend!(an_unknown_stored_code_is_an_error_not_a_guess);
