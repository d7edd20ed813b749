//! Plain HTTP endpoints beside GraphQL ([`photos`]), and what they share with it: turning a
//! bearer token into an [`Actor`], and JSON error answers `{"error": {code, message, field}}`.

pub mod certificates;
pub mod photos;
pub mod print;

use actix_web::http::header::AUTHORIZATION;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde_json::json;

use crate::domain::access::Actor;
use crate::error::{AppError, AppResult};
use crate::service::{sessions, Call};
use crate::startup::AppState;

/// Who is calling, and the session behind the token: a verified `Authorization: Bearer`
/// token's account, or anonymous when the header is absent. A malformed header or a token
/// that does not verify (signature, expiry, revoked session, disabled account) is
/// `UNAUTHENTICATED`; a database outage is `UNAVAILABLE`.
pub async fn authenticate(req: &HttpRequest, state: &AppState) -> AppResult<(Actor, Option<String>)> {
    let Some(token) = bearer(req)? else {
        return Ok((Actor::anonymous(), None));
    };
    let tokens = state.keys.token_signer();
    let now = state.clock.now().naive_utc();
    let (actor, session) = state
        .db
        .run(move |c| sessions::authenticate(c, &tokens, &token, now))
        .await?;
    Ok((actor, Some(session)))
}

/// A [`Call`] made now by the request's caller (see [`authenticate`]).
pub async fn call_of(req: &HttpRequest, state: &AppState) -> AppResult<Call> {
    let (actor, _) = authenticate(req, state).await?;
    Ok(Call::at(
        state.clock.now(),
        actor,
        state.keys.cipher(),
        state.packs.clone(),
    ))
}

/// The bearer token, if the request has an Authorization header; `UNAUTHENTICATED` if the
/// header is malformed.
fn bearer(req: &HttpRequest) -> AppResult<Option<String>> {
    let Some(value) = req.headers().get(AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| AppError::Unauthenticated)?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim().to_string()))
        }
        _ => Err(AppError::Unauthenticated),
    }
}

/// The HTTP status of an error; input errors are 400.
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::InvalidInput(_) => StatusCode::BAD_REQUEST,
        AppError::NotFound { .. } => StatusCode::NOT_FOUND,
        AppError::VersionConflict | AppError::Duplicate { .. } => StatusCode::CONFLICT,
        AppError::Unauthenticated | AppError::LoginFailed => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// `{"error": {"code", "message", "field"}}` with `status`. An input error answers with its
/// first field's code and message; internal details are logged, never returned.
pub fn error_response(status: StatusCode, error: &AppError) -> HttpResponse {
    let (code, message, field) = match error {
        AppError::InvalidInput(input) => match input.fields.first() {
            Some(first) => (first.code.clone(), first.message.clone(), Some(first.field.clone())),
            None => (error.code().to_string(), error.to_string(), None),
        },
        AppError::Duplicate { field } => (error.code().to_string(), error.to_string(), field.map(str::to_string)),
        AppError::Unavailable(_) => {
            tracing::error!(error = %error, "request failed");
            (
                error.code().to_string(),
                "数据库暂不可用，请稍后再试 (database unavailable)".to_string(),
                None,
            )
        }
        AppError::Database(_) | AppError::Internal(_) => {
            tracing::error!(error = %error, "request failed");
            (
                error.code().to_string(),
                "服务器内部错误 (internal error)".to_string(),
                None,
            )
        }
        _ => (error.code().to_string(), error.to_string(), None),
    };
    HttpResponse::build(status).json(json!({ "error": { "code": code, "message": message, "field": field } }))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn bearer_tokens_are_read_and_malformed_headers_refused() {
        let with = |value: &str| {
            bearer(
                &TestRequest::default()
                    .insert_header((AUTHORIZATION, value))
                    .to_http_request(),
            )
        };
        assert_eq!(with("Bearer abc").ok(), Some(Some("abc".to_string())));
        assert_eq!(with("bearer  abc ").ok(), Some(Some("abc".to_string())));
        assert!(with("Basic abc").is_err());
        assert!(with("Bearer ").is_err());
        assert!(matches!(bearer(&TestRequest::default().to_http_request()), Ok(None)));
    }
}
