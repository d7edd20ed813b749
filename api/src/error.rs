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
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
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
            AppError::Unauthenticated => "UNAUTHENTICATED",
            AppError::Forbidden => "FORBIDDEN",
            AppError::LoginFailed => "LOGIN_FAILED",
            AppError::Database(_) | AppError::Internal(_) => "INTERNAL",
            AppError::Unavailable(_) => "UNAVAILABLE",
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
            _ => self.to_string(),
        };
        FieldError::new(message, Value::Object(extensions))
    }
}

pub type AppResult<T> = Result<T, AppError>;
