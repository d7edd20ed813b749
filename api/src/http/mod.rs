//! Plain HTTP endpoints beside GraphQL, for what is a file rather than a graph: photo upload
//! and download ([`photos`]), a visit record printed as a district's paper form ([`mod@print`]),
//! a student's certificate and a school's certificates CSV ([`certificates`]), a visitor's
//! calendar feed ([`calendar`]), a mail's one-click unsubscribe link ([`unsubscribe`]) and a
//! city's roll-up of its districts as xlsx or CSV ([`city`]); and the web client's built
//! assets, precompressed ([`assets`]).
//! What they share with GraphQL: turning a bearer token into an [`Actor`]. Each handler returns
//! `AppResult<HttpResponse>`; an error becomes its JSON answer `{"error": {code, message,
//! field}}` through [`AppError`]'s `ResponseError` impl, the one error mapping of
//! [`crate::error`].

pub mod assets;
pub mod calendar;
pub mod certificates;
pub mod city;
pub mod exports;
pub mod figure_exports;
pub mod imports;
pub mod photos;
pub mod print;
pub mod seals;
pub mod unsubscribe;

use actix_web::http::header::AUTHORIZATION;
use actix_web::HttpRequest;

use crate::domain::access::Actor;
use crate::error::{AppError, AppResult};
use crate::service::{sessions, Call};
use crate::state::AppState;

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
