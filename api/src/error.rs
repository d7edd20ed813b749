//! The application's errors and their one mapping to GraphQL errors.
//!
//! Every GraphQL error carries `extensions.code`; input errors also carry
//! `extensions.fields: [{field, code, message}]` so that a form can show each message next to
//! its field. Internal details (SQL, file paths) are logged, never returned.

use juniper::{FieldError, IntoFieldError, Object, ScalarValue, Value};

use crate::domain::input::InvalidInput;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    InvalidInput(#[from] InvalidInput),
    #[error("{what}不存在 (not found)")]
    NotFound { what: &'static str },
    #[error("该记录已被他人修改，请刷新后重试 (the record changed since it was read)")]
    VersionConflict,
    #[error("请先登录 (sign in first)")]
    Unauthenticated,
    #[error("无权执行此操作 (not permitted)")]
    Forbidden,
    /// One answer for every failed login, whatever the cause, so that it never tells whether
    /// an account exists.
    #[error("用户名或密码错误，或尝试过于频繁，请稍后再试 (login failed)")]
    LoginFailed,
    /// A unique constraint refused a row: something with the same key was stored meanwhile
    /// by a concurrent twin of this call. `field` names the input it collides on, when known.
    #[error("{}", duplicate_message(.field))]
    Duplicate { field: Option<&'static str> },
    #[error("database error: {0}")]
    Database(diesel::result::Error),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// A unique-constraint violation is the domain's answer (`DUPLICATE`, naming the field), never
/// `INTERNAL`; every other database error stays internal.
impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match &e {
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, info) => {
                AppError::Duplicate {
                    field: duplicate_field(info.as_ref()),
                }
            }
            _ => AppError::Database(e),
        }
    }
}

/// The input field a unique constraint guards, from PostgreSQL's table and detail ("Key
/// (submission_id)=(…) already exists.") or SQLite's message ("UNIQUE constraint failed:
/// visit_records.submission_id"). The key's value is never kept.
fn duplicate_field(info: &dyn diesel::result::DatabaseErrorInformation) -> Option<&'static str> {
    let (table, columns) = match (info.table_name(), info.details()) {
        (Some(table), Some(details)) => {
            let columns = details.strip_prefix("Key (")?.split_once(")=")?.0;
            (table.to_string(), columns.to_string())
        }
        _ => {
            let failed = info.message().strip_prefix("UNIQUE constraint failed: ")?;
            let table = failed.split_once('.')?.0.to_string();
            let columns = failed
                .split(", ")
                .filter_map(|c| c.split_once('.').map(|(_, col)| col))
                .collect::<Vec<_>>()
                .join(", ");
            (table, columns)
        }
    };
    let field = match (table.as_str(), columns.as_str()) {
        ("visit_records" | "record_drafts", "submission_id") => "submissionId",
        ("visit_records", "elder_id, visit_no") => "visitNo",
        ("users", "username") => "username",
        ("users" | "elders", "id_number_index") => "idNumber",
        ("ledger_transfers", "id") => "transferId",
        ("ledger_transfers", "reverses_id") => "reversesId",
        ("service_certifications", "account_id") => "accountId",
        ("service_certifications", "certificate_no") => "certificateNo",
        ("spot_checks", "month, record_id") => "month",
        ("areas", "code") => "code",
        _ => return None,
    };
    Some(field)
}

fn duplicate_message(field: &Option<&'static str>) -> String {
    let label = match field {
        Some("submissionId") => "提交编号",
        Some("visitNo") => "探访次序",
        Some("username") => "用户名",
        Some("idNumber") => "身份证号",
        Some("transferId") => "转账编号",
        Some("reversesId") => "被冲正的转账",
        Some("accountId") => "学生服务账户",
        Some("certificateNo") => "证明编号",
        Some("month") => "抽查月份",
        Some("code") => "区划代码",
        _ => "该记录",
    };
    let english = field.map_or_else(|| "duplicate".to_string(), |f| format!("duplicate {f}"));
    format!("{label}与同时提交的另一请求重复，请刷新后查看结果 ({english})")
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable(e.to_string())
    }
}

impl AppError {
    /// The stable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::InvalidInput(_) => "INVALID_INPUT",
            AppError::NotFound { .. } => "NOT_FOUND",
            AppError::VersionConflict => "VERSION_CONFLICT",
            AppError::Duplicate { .. } => "DUPLICATE",
            AppError::Unauthenticated => "UNAUTHENTICATED",
            AppError::Forbidden => "FORBIDDEN",
            AppError::LoginFailed => "LOGIN_FAILED",
            AppError::Database(_) | AppError::Internal(_) => "INTERNAL",
            AppError::Unavailable(_) => "UNAVAILABLE",
        }
    }

    /// Whether the call lost a race to a concurrent twin (a unique violation, or PostgreSQL's
    /// serialization failure): run again, it sees what the twin stored and answers as a
    /// repeat would ([`crate::db::write_transaction`] does so).
    pub fn lost_race(&self) -> bool {
        match self {
            AppError::Duplicate { .. } => true,
            AppError::Database(e) => crate::db::lost_race(e),
            _ => false,
        }
    }

    /// A single field error, the common case in services.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> AppError {
        AppError::InvalidInput(InvalidInput::single(field, code, message))
    }
}

fn text<S: ScalarValue>(s: &str) -> Value<S> {
    Value::scalar(s.to_string())
}

impl<S: ScalarValue> IntoFieldError<S> for AppError {
    fn into_field_error(self) -> FieldError<S> {
        let mut extensions = Object::with_capacity(2);
        extensions.add_field("code", text(self.code()));
        let message = match &self {
            AppError::Database(_) | AppError::Internal(_) | AppError::Unavailable(_) => {
                tracing::error!(error = %self, "request failed");
                match self {
                    AppError::Unavailable(_) => "数据库暂不可用，请稍后再试 (database unavailable)".to_string(),
                    _ => "服务器内部错误 (internal error)".to_string(),
                }
            }
            AppError::InvalidInput(input) => {
                let fields = input
                    .fields
                    .iter()
                    .map(|f| {
                        let mut o = Object::with_capacity(3);
                        o.add_field("field", text(&f.field));
                        o.add_field("code", text(&f.code));
                        o.add_field("message", text(&f.message));
                        Value::Object(o)
                    })
                    .collect();
                extensions.add_field("fields", Value::List(fields));
                self.to_string()
            }
            AppError::Duplicate { field: Some(field) } => {
                let mut o = Object::with_capacity(3);
                o.add_field("field", text(field));
                o.add_field("code", text("duplicate"));
                o.add_field("message", text(&self.to_string()));
                extensions.add_field("fields", Value::List(vec![Value::Object(o)]));
                self.to_string()
            }
            _ => self.to_string(),
        };
        FieldError::new(message, Value::Object(extensions))
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error};
    use diesel::{Connection, RunQueryDsl};

    use super::AppError;

    #[test]
    fn a_unique_violation_on_sqlite_is_duplicate_naming_the_field() {
        let mut conn = diesel::SqliteConnection::establish(":memory:").expect("sqlite");
        conn.batch_execute("CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE)")
            .expect("table");
        let insert = |conn: &mut diesel::SqliteConnection, id: &str| {
            diesel::sql_query(format!("INSERT INTO users VALUES ('{id}', 'twin')")).execute(conn)
        };
        insert(&mut conn, "a").expect("first");
        let error = AppError::from(insert(&mut conn, "b").expect_err("second"));
        assert!(
            matches!(
                error,
                AppError::Duplicate {
                    field: Some("username")
                }
            ),
            "{error:?}"
        );
        assert_eq!(error.code(), "DUPLICATE");
        assert!(error.lost_race());
        assert!(error.to_string().starts_with("用户名"), "{error}");
    }

    struct PgInfo;
    impl DatabaseErrorInformation for PgInfo {
        fn message(&self) -> &str {
            "duplicate key value violates unique constraint \"visit_records_elder_visit_no\""
        }
        fn details(&self) -> Option<&str> {
            Some("Key (elder_id, visit_no)=(e1, 3) already exists.")
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            Some("visit_records")
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            Some("visit_records_elder_visit_no")
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    #[test]
    fn a_unique_violation_on_postgres_names_the_field_and_other_errors_stay_internal() {
        let error = AppError::from(Error::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            Box::new(PgInfo),
        ));
        assert!(
            matches!(error, AppError::Duplicate { field: Some("visitNo") }),
            "{error:?}"
        );
        assert!(!error.to_string().contains("e1"), "the key's value is not shown");
        let other = AppError::from(Error::DatabaseError(
            DatabaseErrorKind::ForeignKeyViolation,
            Box::new(PgInfo),
        ));
        assert_eq!(other.code(), "INTERNAL");
        assert!(!other.lost_race());
    }
}
