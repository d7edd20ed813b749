//! The application's errors and the one thing a caller is told about each ([`PublicError`]),
//! shown two ways: as an HTTP answer (here) and as a GraphQL error (`graphql::error`, with the
//! `graphql` feature).
//!
//! The plain HTTP endpoints answer `{"error": {code, message, field}}` with the status of
//! [`AppError`]'s `ResponseError` impl. Internal details (SQL, file paths) are logged, never
//! returned.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

use crate::domain::input::{InvalidField, InvalidInput};

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
    /// Too many failed logins with this name (or from this address): locked until `until`
    /// (UTC). Said with the time to try again; a name nobody has is locked the same way, so
    /// it still never tells whether an account exists.
    #[error("{}", locked_message(.until))]
    LoginLocked { until: chrono::NaiveDateTime },
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
    /// The server cannot start (its address cannot be listened on, a folder cannot be made):
    /// said to the operator as it is.
    #[error("{0}")]
    Startup(String),
}

fn locked_message(until: &chrono::NaiveDateTime) -> String {
    let at = until
        .and_utc()
        .with_timezone(&crate::domain::clock::DISTRICT_OFFSET)
        .format("%H:%M");
    format!("登录失败次数过多，已暂时锁定，请在北京时间 {at} 之后再试 (too many failed attempts; try again after {at} Beijing time)")
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
            // The file stayed locked by other writers for the whole wait: the request may be
            // tried again.
            diesel::result::Error::DatabaseError(_, info) if crate::db::is_sqlite_busy(info.message()) => {
                AppError::Unavailable(format!("数据库繁忙，请稍后再试 ({})", info.message()))
            }
            // A stored value this build cannot read (an unknown enum code): internal, with the
            // whole cause — the column (diesel's part), the enum and the code (text_enum!'s).
            diesel::result::Error::DeserializationError(inner) => {
                let mut cause = inner.to_string();
                let mut source = inner.source();
                while let Some(next) = source {
                    cause.push_str(": ");
                    cause.push_str(&next.to_string());
                    source = next.source();
                }
                AppError::Internal(format!("stored data does not read: {cause}"))
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
            AppError::LoginLocked { .. } => "LOGIN_LOCKED",
            AppError::Database(_) | AppError::Internal(_) | AppError::Startup(_) => "INTERNAL",
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

/// What a caller is told about an error: the stable code, a Chinese-first message, and the
/// input fields it concerns (empty when it concerns none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicError {
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<InvalidField>,
}

impl AppError {
    /// The one public form of an error, for GraphQL and HTTP alike. An internal error
    /// (database, outage, anything unexpected) is logged here with its details and told only
    /// by its code and a fixed sentence.
    pub fn public(&self) -> PublicError {
        let message = match self {
            AppError::Unavailable(_) => {
                tracing::error!(error = %self, "request failed");
                "数据库暂不可用，请稍后再试 (database unavailable)".to_string()
            }
            AppError::Database(_) | AppError::Internal(_) | AppError::Startup(_) => {
                tracing::error!(error = %self, "request failed");
                "服务器内部错误 (internal error)".to_string()
            }
            _ => self.to_string(),
        };
        let fields = match self {
            AppError::InvalidInput(input) => input.fields.clone(),
            AppError::Duplicate { field: Some(field) } => vec![InvalidField {
                field: (*field).to_string(),
                code: "duplicate".to_string(),
                message: message.clone(),
            }],
            _ => Vec::new(),
        };
        PublicError {
            code: self.code(),
            message,
            fields,
        }
    }
}

/// The answer of the plain HTTP endpoints (`http/`): `{"error": {code, message, field}}`. An
/// input error answers with its first field's code, message and name.
impl ResponseError for AppError {
    /// Input errors are 400, except that a first field `too_large` is 413,
    /// `unsupported_type` 415 (a photo upload's body) and `forbidden` 403 (an input this
    /// account may not give, such as a reason to unmask).
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::InvalidInput(input) => match input.fields.first().map(|f| f.code.as_str()) {
                Some("too_large") => StatusCode::PAYLOAD_TOO_LARGE,
                Some("unsupported_type") => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Some("forbidden") => StatusCode::FORBIDDEN,
                _ => StatusCode::BAD_REQUEST,
            },
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::VersionConflict | AppError::Duplicate { .. } => StatusCode::CONFLICT,
            AppError::Unauthenticated | AppError::LoginFailed => StatusCode::UNAUTHORIZED,
            AppError::LoginLocked { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Internal(_) | AppError::Startup(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let public = self.public();
        let first = public.fields.first();
        let (code, message) = match (self, first) {
            (AppError::InvalidInput(_), Some(first)) => (first.code.as_str(), first.message.as_str()),
            _ => (public.code, public.message.as_str()),
        };
        let field = first.map(|f| f.field.as_str());
        HttpResponse::build(self.status_code())
            .json(json!({ "error": { "code": code, "message": message, "field": field } }))
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error};
    use diesel::{Connection, RunQueryDsl};

    use super::*;

    /// The status and JSON body an HTTP endpoint answers with `error`.
    fn http(error: &AppError) -> (u16, serde_json::Value) {
        let response = error.error_response();
        let status = response.status().as_u16();
        let body = actix_web::body::MessageBody::try_into_bytes(response.into_body()).expect("a JSON body");
        (status, serde_json::from_slice(&body).expect("JSON"))
    }

    #[test]
    fn an_input_error_names_its_first_field_over_http() {
        let mut input = InvalidInput::single("idNumber", "checksum", "身份证号校验码错误");
        input.add("phone", "format", "电话号码格式错误");
        let error = AppError::InvalidInput(input);
        assert_eq!(
            http(&error),
            (
                400,
                json!({ "error": { "code": "checksum", "message": "身份证号校验码错误", "field": "idNumber" } })
            )
        );
    }

    #[test]
    fn a_photo_too_large_is_413_and_of_an_unsupported_type_415() {
        assert_eq!(http(&AppError::field("body", "too_large", "太大")).0, 413);
        assert_eq!(http(&AppError::field("body", "unsupported_type", "类型")).0, 415);
        assert_eq!(http(&AppError::field("body", "malformed", "损坏")).0, 400);
        let (status, body) = http(&AppError::field("reason", "forbidden", "无权"));
        assert_eq!((status, &body["error"]["field"]), (403, &json!("reason")));
    }

    #[test]
    fn each_error_has_its_status_and_code_over_http() {
        let cases = [
            (AppError::NotFound { what: "照片" }, 404, "NOT_FOUND"),
            (AppError::VersionConflict, 409, "VERSION_CONFLICT"),
            (AppError::Duplicate { field: None }, 409, "DUPLICATE"),
            (AppError::Unauthenticated, 401, "UNAUTHENTICATED"),
            (AppError::LoginFailed, 401, "LOGIN_FAILED"),
            (
                AppError::LoginLocked {
                    until: chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
                        .and_then(|d| d.and_hms_opt(2, 30, 0))
                        .unwrap_or_default(),
                },
                429,
                "LOGIN_LOCKED",
            ),
            (AppError::Forbidden, 403, "FORBIDDEN"),
        ];
        for (error, status, code) in cases {
            let message = error.to_string();
            assert_eq!(
                http(&error),
                (
                    status,
                    json!({ "error": { "code": code, "message": message, "field": null } })
                ),
                "{error:?}"
            );
        }
    }

    #[test]
    fn a_duplicate_names_its_field_over_http() {
        let error = AppError::Duplicate {
            field: Some("username"),
        };
        let message = error.to_string();
        assert_eq!(
            http(&error),
            (
                409,
                json!({ "error": { "code": "DUPLICATE", "message": message, "field": "username" } })
            )
        );
    }

    #[test]
    fn internal_details_are_never_told_over_http() {
        let cases = [
            (
                AppError::Internal("/srv/photos/ab/cd: permission denied".into()),
                500,
                "INTERNAL",
                "服务器内部错误 (internal error)",
            ),
            (
                AppError::Database(Error::QueryBuilderError("SELECT id_number FROM elders".into())),
                500,
                "INTERNAL",
                "服务器内部错误 (internal error)",
            ),
            (
                AppError::Unavailable("connection to 10.0.0.5:5432 refused".into()),
                503,
                "UNAVAILABLE",
                "数据库暂不可用，请稍后再试 (database unavailable)",
            ),
        ];
        for (error, status, code, message) in cases {
            assert_eq!(
                http(&error),
                (
                    status,
                    json!({ "error": { "code": code, "message": message, "field": null } })
                )
            );
        }
    }

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
