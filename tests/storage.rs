//! Storage on both backends: migrations from empty, the two schemas agree, `/health`.

use std::collections::BTreeSet;

use diesel::sql_types::{Integer, Text};
use diesel::{QueryableByName, RunQueryDsl};
use tanfang::db::{Database, DbConn};
use tanfang_e2e::{backends, Backend, TestApp, TestDatabase};

#[derive(QueryableByName, Debug)]
struct ColumnInfo {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

/// (table, column, nullable) of every application table.
fn columns(conn: &mut DbConn) -> BTreeSet<(String, String, bool)> {
    let query = match conn {
        DbConn::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name, \
                    CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 0 ELSE 1 END AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'"
        }
        DbConn::Postgres(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                    CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable \
             FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'"
        }
    };
    diesel::sql_query(query)
        .load::<ColumnInfo>(conn)
        .expect("read schema")
        .into_iter()
        .map(|c| (c.table_name, c.column_name, c.nullable == 1))
        .collect()
}

fn migrated_columns(backend: Backend) -> BTreeSet<(String, String, bool)> {
    let db = TestDatabase::new(backend);
    let (database, applied) = Database::open_and_migrate(&db.url).expect("migrate from empty");
    assert!(
        !applied.is_empty(),
        "{backend:?}: an empty database gets every migration"
    );
    let (_, again) = Database::open_and_migrate(&db.url).expect("migrate again");
    assert!(again.is_empty(), "{backend:?}: a second run applies nothing");
    drop(database);
    columns(&mut db.connect())
}

#[test]
fn migrations_apply_from_empty_and_both_backends_agree() {
    let mut schemas = Vec::new();
    for backend in backends() {
        let cols = migrated_columns(backend);
        for table in [
            "areas",
            "elders",
            "elder_categories",
            "elder_changes",
            "elder_status_changes",
        ] {
            assert!(
                cols.iter().any(|(t, _, _)| t == table),
                "{backend:?} lacks table {table}"
            );
        }
        schemas.push((backend, cols));
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

#[actix_rt::test]
async fn health_answers_when_the_database_does() {
    for backend in backends() {
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
}
