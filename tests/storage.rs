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
    WHEN 'bytea' THEN 'BLOB' \
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
}
per_backend!(health_answers_when_the_database_does);

/// A writer that writes in a loop, one short transaction after another (a job offering every
/// open slot), does not starve a request that writes beside it: the request gets its turn
/// instead of failing with "database is locked" when SQLite's own wait runs out.
async fn a_writer_in_a_loop_does_not_starve_a_request_beside_it(backend: Backend) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use tanfang::db::write_transaction;
    use tanfang::error::AppError;

    let app = TestApp::spawn(backend).await;
    let database = Database::open(&app.db.url).expect("open");
    let stop = AtomicBool::new(false);
    let touch = "UPDATE job_runs SET outcome = outcome WHERE job = 'nothing'";
    std::thread::scope(|scope| {
        let looping = scope.spawn(|| {
            let mut turns = 0_u32;
            // At most 15 s: longer than SQLite's own wait (busy_timeout, 10 s).
            while !stop.load(Ordering::Relaxed) && turns < 1_500 {
                database
                    .with_conn(|conn| {
                        write_transaction(conn, |c| {
                            diesel::sql_query(touch).execute(c)?;
                            std::thread::sleep(std::time::Duration::from_millis(10));
                            Ok::<_, AppError>(())
                        })
                    })
                    .expect("the loop writes");
                turns += 1;
            }
            turns
        });
        std::thread::sleep(std::time::Duration::from_millis(100));
        let request = database.with_conn(|conn| {
            write_transaction(conn, |c| {
                diesel::sql_query(
                    "INSERT INTO job_runs (job, period, started_at) VALUES ('request', '2026-11', '2026-11-18 02:00:00')",
                )
                .execute(c)?;
                Ok::<_, AppError>(())
            })
        });
        stop.store(true, Ordering::Relaxed);
        let turns = looping.join().expect("loop");
        assert!(request.is_ok(), "the request got its turn: {request:?}");
        assert!(turns > 0, "the loop was writing the while");
    });
}
per_backend!(a_writer_in_a_loop_does_not_starve_a_request_beside_it);

/// GraphiQL is the page the web client's build bundles (`graphiql.html` of the web directory),
/// so it opens offline; before the client is built, a page says how to build it; in production
/// neither `/graphiql` nor the built file is served.
#[actix_rt::test]
async fn graphiql_is_the_bundled_page_and_is_never_served_in_production() {
    let dir = tempfile::tempdir().expect("temp dir");
    let web = dir.path().join("web");
    std::fs::create_dir(&web).expect("web dir");
    std::fs::write(web.join("index.html"), "<!doctype html><title>探访</title>").expect("index");
    let bundled = r#"<!doctype html><title>探访 API · GraphiQL</title><script type="module" src="/assets/graphiql-x.js"></script>"#;
    let get = |environment, web_dir: std::path::PathBuf| {
        let dir = dir.path().to_path_buf();
        async move {
            let url = tanfang::db::DatabaseUrl::Sqlite(dir.join(format!("{environment:?}.db")));
            let mut config = tanfang::config::ServerConfig::for_tests(url, dir.join("tanfang.keys"));
            config.environment = environment;
            config.web_dir = web_dir;
            let app = tanfang::startup::Application::build(&config).expect("server starts");
            let base = format!("http://127.0.0.1:{}", app.port());
            actix_rt::spawn(app.run_until_stopped());
            let client = awc::Client::default();
            let mut answers = Vec::new();
            for path in ["/graphiql", "/graphiql.html"] {
                let mut response = client.get(format!("{base}{path}")).send().await.expect("GET");
                let body = response.body().await.expect("body");
                answers.push((response.status().as_u16(), String::from_utf8_lossy(&body).into_owned()));
            }
            answers
        }
    };
    use tanfang::config::Environment::{Development, Production};

    // Not built yet: a page saying how, loading nothing from anywhere.
    let answers = get(Development, dir.path().join("not-built")).await;
    assert_eq!(answers[0].0, 404);
    assert!(
        answers[0].1.contains("GraphiQL 尚未构建") && answers[0].1.contains("npm run build"),
        "{}",
        answers[0].1
    );
    assert!(!answers[0].1.contains("<script"), "{}", answers[0].1);

    // Built: the bundled page itself, with no script from another host.
    std::fs::write(web.join("graphiql.html"), bundled).expect("graphiql page");
    let answers = get(Development, web.clone()).await;
    assert_eq!(answers[0], (200, bundled.to_string()));

    // In production `/graphiql` is only a deep link of the app (its index page), and the built
    // page itself is not served.
    let answers = get(Production, web).await;
    assert!(!answers[0].1.contains("GraphiQL"), "{}", answers[0].1);
    assert_eq!(
        answers[1].0, 404,
        "the built page is not served in production: {}",
        answers[1].1
    );
}

/// The client's built assets go out as the build's Brotli copy to a browser that accepts Brotli
/// (typed as the original, cached for good: their names are content hashes), and as the file
/// itself otherwise; nothing outside `assets/` is reached through that route.
#[actix_rt::test]
async fn built_assets_go_out_as_their_brotli_copy_when_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let web = dir.path().join("web");
    std::fs::create_dir_all(web.join("assets")).expect("assets dir");
    std::fs::write(web.join("index.html"), "<!doctype html><title>探访</title>").expect("index");
    let script = "console.log('不让一位独居老人被遗忘');".repeat(40);
    std::fs::write(web.join("assets/app-1a2b.js"), &script).expect("script");
    // The server sends the copy as it is: these bytes need not be Brotli for the test.
    let copy = b"brotli copy of app-1a2b.js".to_vec();
    std::fs::write(web.join("assets/app-1a2b.js.br"), &copy).expect("copy");
    std::fs::write(web.join("assets/plain-3c4d.css"), "main{color:red}").expect("style");
    std::fs::write(web.join("secret.txt"), "not an asset").expect("secret");

    let url = tanfang::db::DatabaseUrl::Sqlite(dir.path().join("tanfang.db"));
    let mut config = tanfang::config::ServerConfig::for_tests(url, dir.path().join("tanfang.keys"));
    config.web_dir = web;
    let app = tanfang::startup::Application::build(&config).expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    actix_rt::spawn(app.run_until_stopped());
    let client = awc::Client::default();
    let get = |path: &'static str, accept: &'static str| {
        let request = client
            .get(format!("{base}{path}"))
            .insert_header(("accept-encoding", accept));
        async move {
            let mut response = request.send().await.expect("GET");
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string()
            };
            let head = (
                response.status().as_u16(),
                header("content-encoding"),
                header("content-type"),
                header("cache-control"),
                header("vary"),
            );
            let body = response.body().await.expect("body").to_vec();
            (head, body)
        }
    };

    let ((status, encoding, kind, cache, vary), body) = get("/assets/app-1a2b.js", "gzip, deflate, br, zstd").await;
    assert_eq!((status, encoding.as_str()), (200, "br"));
    assert_eq!(body, copy);
    assert!(kind.starts_with("text/javascript"), "{kind}");
    assert!(cache.contains("immutable"), "{cache}");
    assert!(vary.to_ascii_lowercase().contains("accept-encoding"), "{vary}");

    for refusing in ["identity", "br;q=0"] {
        let ((status, encoding, kind, _, _), body) = get("/assets/app-1a2b.js", refusing).await;
        assert_eq!((status, encoding.as_str()), (200, ""), "{refusing}");
        assert_eq!(body, script.as_bytes(), "{refusing}");
        assert!(kind.starts_with("text/javascript"), "{kind}");
    }

    // No copy: the file itself.
    let ((status, encoding, _, _, _), body) = get("/assets/plain-3c4d.css", "br").await;
    assert_eq!(
        (status, encoding.as_str(), body.as_slice()),
        (200, "", b"main{color:red}".as_slice())
    );

    for outside in [
        "/assets/..%2Fsecret.txt",
        "/assets/.%2E%2Fsecret.txt",
        "/assets/missing.js",
    ] {
        let ((status, _, _, _, _), body) = get(outside, "br").await;
        assert_eq!(status, 404, "{outside}: {}", String::from_utf8_lossy(&body));
    }
}

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
    let error =
        tanfang::db::users::by_id(&mut conn, &staff_id.as_str().into()).expect_err("an unknown role does not load");
    names_the_stored_code(backend, error, ["role", "Role", "superuser"]);
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

/// The error of reading a row with an unknown stored code names the column, the enum and the
/// code (`[column, enum, code]`), so that whoever reads the log knows what to repair.
fn names_the_stored_code(backend: Backend, error: diesel::result::Error, words: [&str; 3]) {
    let message = tanfang::error::AppError::from(error).to_string();
    assert!(words.iter().all(|w| message.contains(w)), "{backend:?}: {message}");
}

/// The same for the elder file: a stored ability level or category this build does not know
/// refuses the file with an internal error naming the column, the enum and the code — never
/// shown as no ability level, never left out of the categories.
async fn an_unknown_stored_elder_code_is_an_error_not_a_guess(backend: Backend) {
    use tanfang::domain::access::Scope;
    use tanfang_e2e::town;
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = town::district(&app).await;
    let ability = town::key_elder(&app, &organizer, town::VILLAGE, 1).await;
    let category = town::key_elder(&app, &organizer, town::VILLAGE, 2).await;
    let intact = town::key_elder(&app, &organizer, town::VILLAGE, 3).await;
    let mut conn = app.db.connect();
    diesel::sql_query(format!(
        "UPDATE elders SET ability_level = 'bedridden' WHERE id = '{ability}'"
    ))
    .execute(&mut conn)
    .expect("corrupt the ability level");
    diesel::sql_query(format!(
        "INSERT INTO elder_categories (elder_id, category) VALUES ('{category}', 'astronaut')"
    ))
    .execute(&mut conn)
    .expect("store an unknown category");
    let read = "query($id: String!) { elder(id: $id) { id abilityLevel categories } }";
    for id in [&ability, &category] {
        let answer = app
            .with(&organizer)
            .graphql(read, serde_json::json!({ "id": id }))
            .await;
        assert!(answer["data"]["elder"].is_null(), "{backend:?}: {answer:#}");
        assert_eq!(
            tanfang_e2e::error_code(&answer).as_deref(),
            Some("INTERNAL"),
            "{backend:?}: {answer:#}"
        );
    }
    let error = tanfang::db::elders::find(&mut conn, &Scope::System, &ability.as_str().into())
        .expect_err("an unknown ability level does not load");
    names_the_stored_code(backend, error, ["ability_level", "AbilityLevel", "bedridden"]);
    let error = tanfang::db::elders::categories_of(&mut conn, &[category.as_str().into()])
        .expect_err("an unknown category does not load");
    names_the_stored_code(backend, error, ["category", "Category", "astronaut"]);
    // Other files are unaffected.
    let answer = app.with(&organizer).ok(read, serde_json::json!({ "id": intact })).await;
    assert_eq!(
        answer["elder"]["abilityLevel"], "SEVERELY_IMPAIRED",
        "{backend:?}: {answer:#}"
    );
}
per_backend!(an_unknown_stored_elder_code_is_an_error_not_a_guess);

/// A visit record's stored status and a risk case's stored severity that the build does not
/// know are errors when read, through the API too — never shown as no status, or as some
/// other value.
async fn an_unknown_record_status_or_case_severity_is_an_error_not_a_guess(backend: Backend) {
    use tanfang_e2e::town;
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = town::district(&app).await;
    let elder = town::key_elder(&app, &organizer, town::VILLAGE, 1).await;
    let at = tanfang_e2e::today()
        .and_hms_opt(6, 0, 0)
        .expect("06:00")
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    // No carer: a major risk that opens a case of high severity.
    let findings = serde_json::json!({ "support": { "hasCarer": false } });
    let record = tanfang_e2e::accepted_visit_finding(&app, &organizer, &elder, "IN_PERSON", &at, findings).await;
    let read_record = "query($id: String!) { visitRecord(id: $id) { id status mode } }";
    let read_board = "query($a: String!) { riskCases(areaCode: $a) { id kind severity status } }";
    let record_read = app
        .with(&organizer)
        .ok(read_record, serde_json::json!({ "id": record }))
        .await;
    assert_eq!(record_read["visitRecord"]["status"], "ACCEPTED");
    let board = app
        .with(&organizer)
        .ok(read_board, serde_json::json!({ "a": town::TOWN }))
        .await;
    assert_eq!(board["riskCases"][0]["severity"], "HIGH", "{board:#}");
    let case_id = board["riskCases"][0]["id"].as_str().expect("case id").to_string();
    let refused = |answer: &serde_json::Value, field: &str| {
        assert!(answer["data"][field].is_null(), "{backend:?}: {answer:#}");
        assert_eq!(
            tanfang_e2e::error_code(answer).as_deref(),
            Some("INTERNAL"),
            "{backend:?}: {answer:#}"
        );
    };

    let mut conn = app.db.connect();
    diesel::sql_query(format!(
        "UPDATE risk_cases SET severity = 'apocalyptic' WHERE id = '{case_id}'"
    ))
    .execute(&mut conn)
    .expect("corrupt the severity");
    let error =
        tanfang::db::records::case(&mut conn, &case_id.as_str().into()).expect_err("an unknown severity does not load");
    names_the_stored_code(backend, error, ["severity", "Severity", "apocalyptic"]);
    let answer = app
        .with(&organizer)
        .graphql(read_board, serde_json::json!({ "a": town::TOWN }))
        .await;
    refused(&answer, "riskCases");
    // The record itself does not hold the severity: it still reads.
    let still = app
        .with(&organizer)
        .ok(read_record, serde_json::json!({ "id": record }))
        .await;
    assert_eq!(still["visitRecord"]["status"], "ACCEPTED");

    diesel::sql_query(format!(
        "UPDATE visit_records SET status = 'archived' WHERE id = '{record}'"
    ))
    .execute(&mut conn)
    .expect("corrupt the status");
    let error =
        tanfang::db::records::record(&mut conn, &record.as_str().into()).expect_err("an unknown status does not load");
    names_the_stored_code(backend, error, ["status", "RecordStatus", "archived"]);
    let answer = app
        .with(&organizer)
        .graphql(read_record, serde_json::json!({ "id": record }))
        .await;
    refused(&answer, "visitRecord");
}
per_backend!(an_unknown_record_status_or_case_severity_is_an_error_not_a_guess);

/// Runs the down.sql of the migration `name`; returns its version.
fn revert<DB: diesel::backend::Backend>(
    conn: &mut impl diesel::connection::BoxableConnection<DB>,
    migrations: &impl diesel::migration::MigrationSource<DB>,
    name: &str,
) -> String {
    let all = migrations.migrations().expect("migrations");
    let found = all
        .iter()
        .find(|m| m.name().to_string() == name)
        .expect("the migration");
    found.revert(conn).expect("revert");
    found.name().version().to_string()
}

/// Reverts the migration `name` and forgets that it ran, leaving the database as before it
/// (the migrations after it touch other tables); returns its version.
fn revert_and_forget(conn: &mut DbConn, name: &str) -> String {
    let version = match conn {
        DbConn::Sqlite(c) => revert(c, &tanfang::db::SQLITE_MIGRATIONS, name),
        DbConn::Postgres(c) => revert(c, &tanfang::db::POSTGRES_MIGRATIONS, name),
    };
    diesel::sql_query(format!(
        "DELETE FROM __diesel_schema_migrations WHERE version = '{version}'"
    ))
    .execute(conn)
    .expect("forget the migration");
    version
}

/// Lists stored comma-joined, as before the JSON lists migration, read as the same lists after
/// it: the visitor profile's weekdays, days off, skills and languages, the slots' and the
/// surges' modes and the surges' tiers. Empty items, which the comma-joined lists skipped,
/// are dropped; quotes are kept.
async fn comma_joined_lists_read_the_same_after_the_json_migration(backend: Backend) {
    use tanfang_e2e::{text, town};
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = town::district(&app).await;
    let (visitor_id, visitor) = town::visitor(&app, &organizer, 1, 4, false).await;
    let profile = serde_json::json!({ "organisationKind": "SCHOOL", "organisationName": "一中",
        "homeVillageCode": town::VILLAGE, "capacityPerMonth": 4, "weekdays": [6, 1, 3],
        "unavailableDates": ["2026-12-24", "2026-12-01"], "skills": ["护理", "手语\"初级\""], "sex": "FEMALE" });
    app.with(&visitor)
        .ok(town::PROFILE, serde_json::json!({ "input": profile, "v": 1 }))
        .await;
    town::key_elder(&app, &organizer, town::VILLAGE, 1).await;
    let month = tanfang::domain::period::Month::of(tanfang_e2e::today())
        .next()
        .to_string();
    app.with(&organizer)
        .ok(
            "mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { created } }",
            serde_json::json!({ "m": month, "a": town::TOWN }),
        )
        .await;
    let surge = serde_json::json!({ "kind": "EXTREME_WEATHER", "label": "寒潮", "areaCode": town::TOWN,
        "startsOn": "2026-11-20", "endsOn": "2026-11-25", "tiers": ["key"], "modes": ["PHONE", "VIDEO"] });
    app.with(&organizer)
        .ok(
            "mutation($input: SurgeInput!) { declareSurge(input: $input) { id } }",
            serde_json::json!({ "input": surge }),
        )
        .await;
    let lists = || async {
        app.with(&organizer)
            .ok(
                "query($u: String!, $m: String!, $a: String!) {
                   visitorProfile(userId: $u) { organisationKind weekdays unavailableDates skills languages sex }
                   visitSlots(month: $m, areaCode: $a) { id modes }
                   surges(areaCode: $a) { id tiers modes } }",
                serde_json::json!({ "u": visitor_id, "m": month, "a": town::TOWN }),
            )
            .await
    };
    let mut before = lists().await;
    assert_eq!(
        before["visitorProfile"]["weekdays"],
        serde_json::json!([1, 3, 6]),
        "{backend:?}: {before:#}"
    );
    assert!(
        before["visitSlots"].as_array().is_some_and(|s| !s.is_empty()),
        "{before:#}"
    );
    assert_eq!(before["surges"][0]["tiers"], serde_json::json!(["key"]), "{before:#}");

    // Back to the migration before: the lists are comma-joined text again.
    let mut conn = app.db.connect();
    let version = revert_and_forget(&mut conn, "2026-12-07-000015_json_lists");
    let profile_column =
        |conn: &mut DbConn, column: &str| text(conn, &format!("SELECT {column} AS t FROM visitor_profiles"));
    assert_eq!(profile_column(&mut conn, "weekdays"), "1,3,6", "{backend:?}");
    assert_eq!(profile_column(&mut conn, "unavailable_dates"), "2026-12-01,2026-12-24");
    assert_eq!(profile_column(&mut conn, "skills"), "护理,手语\"初级\"");
    assert_eq!(profile_column(&mut conn, "languages"), "");
    assert_eq!(text(&mut conn, "SELECT tiers AS t FROM surges"), "key");
    assert_eq!(text(&mut conn, "SELECT modes AS t FROM surges"), "phone,video");
    // Empty items, as the comma-joined lists allowed (and skipped when read).
    diesel::sql_query("UPDATE visitor_profiles SET languages = ',普通话,,,重庆话,'")
        .execute(&mut conn)
        .expect("a list with empty items");
    before["visitorProfile"]["languages"] = serde_json::json!(["普通话", "重庆话"]);

    let applied = tanfang::db::run_migrations(&mut conn).expect("migrate");
    assert_eq!(applied, [version], "{backend:?}");
    assert_eq!(profile_column(&mut conn, "weekdays"), "[1,3,6]", "{backend:?}");
    assert_eq!(profile_column(&mut conn, "skills"), r#"["护理","手语\"初级\""]"#);
    assert_eq!(profile_column(&mut conn, "languages"), r#"["普通话","重庆话"]"#);
    assert_eq!(text(&mut conn, "SELECT modes AS t FROM surges"), r#"["phone","video"]"#);
    let after = lists().await;
    assert_eq!(after, before, "{backend:?}");
}
per_backend!(comma_joined_lists_read_the_same_after_the_json_migration);

/// A database from before facts were dated: every file's facts become its first change,
/// taking effect on the day the elder entered service, and the tier and both rates of every
/// past month are what they were.
async fn past_months_read_the_same_after_facts_are_dated(backend: Backend) {
    use tanfang_e2e::{accepted_visit, count, town};
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = town::district(&app).await;
    let key = town::key_elder(&app, &organizer, town::VILLAGE, 1).await;
    let born = chrono::NaiveDate::from_ymd_opt(1950, 3, 3).expect("date");
    let (general, mut input) =
        town::elder_file(&app, &organizer, born, 41, tanfang::domain::id_number::Sex::Female).await;
    // An edit before the migration: the old schema applied the current facts to every month.
    input["livingArrangement"] = serde_json::json!("WITH_SPOUSE");
    app.with(&organizer)
        .ok(
            "mutation($id: String!, $input: ElderFileInput!) { updateElder(id: $id, version: 1, input: $input) { version } }",
            serde_json::json!({ "id": general, "input": input }),
        )
        .await;
    for (elder, day) in [
        (&key, "2026-07-03"),
        (&key, "2026-07-20"),
        (&general, "2026-08-09"),
        (&key, "2026-09-02"),
    ] {
        accepted_visit(&app, &organizer, elder, "IN_PERSON", &format!("{day}T10:00:00")).await;
    }
    let figures = || async {
        let mut all = Vec::new();
        for month in ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"] {
            let answer = app
                .with(&organizer)
                .ok(
                    "query($m: String!, $a: String!, $k: String!, $g: String!, $d: LocalDate!) {
                       coverage(month: $m, areaCode: $a) { total { elders met due overdue contacted }
                         closed { nowTotal { elders met due overdue contacted } } }
                       k: elderTier(elderId: $k, on: $d) { tierId rule }
                       g: elderTier(elderId: $g, on: $d) { tierId rule } }",
                    serde_json::json!({ "m": month, "a": town::TOWN, "k": key, "g": general,
                        "d": format!("{month}-15") }),
                )
                .await;
            all.push(answer);
        }
        all
    };
    let before = figures().await;
    // The past months closed at their deadlines, before these elders were registered: their
    // figures as they would be now are computed from the files.
    assert_eq!(
        before[1]["coverage"]["closed"]["nowTotal"]["met"], 1,
        "{backend:?}: {:#}",
        before[1]
    );

    let mut conn = app.db.connect();
    let version = revert_and_forget(&mut conn, "2026-12-08-000016_fact_changes");
    let applied = tanfang::db::run_migrations(&mut conn).expect("migrate");
    assert_eq!(applied, [version], "{backend:?}");
    let call = tanfang::service::Call::at(
        tanfang_e2e::now(),
        tanfang::domain::access::Actor::system("test"),
        app.keys().cipher(),
        tanfang_e2e::packs(),
    );
    let dated = tanfang::service::elders::backfill_fact_changes(&mut conn, &call).expect("backfill");
    assert_eq!(dated, 2, "{backend:?}");
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) AS n FROM elder_fact_changes WHERE effective_from = '2025-06-01' AND reason IS NULL"
        ),
        2
    );
    assert_eq!(figures().await, before, "{backend:?}");
}
per_backend!(past_months_read_the_same_after_facts_are_dated);

/// A mode code this build does not know, stored in a slot's modes, is an error that names the
/// column, the item type and the code — never a slot with fewer modes.
async fn an_unknown_mode_in_a_slot_is_an_error_not_dropped(backend: Backend) {
    use tanfang_e2e::town;
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = town::district(&app).await;
    town::key_elder(&app, &organizer, town::VILLAGE, 1).await;
    let month = tanfang::domain::period::Month::of(tanfang_e2e::today())
        .next()
        .to_string();
    app.with(&organizer)
        .ok(
            "mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { created } }",
            serde_json::json!({ "m": month, "a": town::TOWN }),
        )
        .await;
    let mut conn = app.db.connect();
    let slot_id = tanfang_e2e::text(&mut conn, "SELECT id AS t FROM visit_slots ORDER BY id LIMIT 1");
    diesel::sql_query(format!(
        "UPDATE visit_slots SET modes = '[\"in_person\",\"carrier_pigeon\"]' WHERE id = '{slot_id}'"
    ))
    .execute(&mut conn)
    .expect("store an unknown mode");
    let error =
        tanfang::db::slots::find_slot(&mut conn, &slot_id.as_str().into()).expect_err("an unknown mode does not load");
    names_the_stored_code(backend, error, ["modes", "VisitMode", "carrier_pigeon"]);
    let answer = app
        .with(&organizer)
        .graphql(
            "query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a) { id modes } }",
            serde_json::json!({ "m": month, "a": town::TOWN }),
        )
        .await;
    assert_eq!(
        tanfang_e2e::error_code(&answer).as_deref(),
        Some("INTERNAL"),
        "{backend:?}: {answer:#}"
    );
}
per_backend!(an_unknown_mode_in_a_slot_is_an_error_not_dropped);
