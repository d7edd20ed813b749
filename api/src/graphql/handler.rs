//! `POST /graphql`: one operation per request. Batches are refused (juniper_actix would run an
//! unbounded array of them); the body is capped; the schema's parser limits bound depth,
//! tokens and fields before anything executes. A bearer token is verified before the
//! operation runs: a bad one is answered 401, no token means an anonymous caller.

use actix_web::{web, HttpRequest, HttpResponse};
use juniper::http::GraphQLRequest;
use serde_json::json;

use super::context::RequestDb;
use super::{Context, Schema};
use crate::state::AppState;

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

fn refuse(status: actix_web::http::StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }))
}

pub async fn graphql(
    req: HttpRequest,
    body: web::Bytes,
    schema: web::Data<Schema>,
    state: web::Data<AppState>,
) -> HttpResponse {
    use actix_web::http::StatusCode;
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "不支持批量请求，请每次发送一个操作 (batched requests are not supported)",
        );
    }
    let request: GraphQLRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                &format!("请求体不是有效的 GraphQL JSON (invalid request body): {e}"),
            )
        }
    };
    let Ok((actor, session_id)) = crate::http::authenticate(&req, &state).await else {
        return unauthenticated();
    };
    let context = Context {
        db: RequestDb::new(state.db.clone()),
        cipher: state.keys.cipher(),
        tokens: state.keys.token_signer(),
        actor,
        session_id,
        client_addr: req
            .peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_else(|| "unknown".into()),
        clock: state.clock.clone(),
        packs: state.packs.clone(),
    };
    let response = request.execute(&schema, &context).await;
    // The request's connection goes back to the pool before the answer is written.
    drop(context);
    if response.is_ok() {
        HttpResponse::Ok().json(&response)
    } else {
        HttpResponse::BadRequest().json(&response)
    }
}

fn unauthenticated() -> HttpResponse {
    refuse(
        actix_web::http::StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        "登录已失效，请重新登录 (invalid or expired token)",
    )
}

pub async fn graphiql() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(juniper::http::graphiql::graphiql_source("/graphql", None))
}
