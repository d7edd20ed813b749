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

/// GraphiQL (outside production): the page the web client's build bundles with its code and
/// styles (`graphiql.html` in the web directory), so that it opens without the internet. Before
/// the web client is built, a page saying how to build it.
pub async fn graphiql(page: web::Data<GraphiqlPage>) -> HttpResponse {
    match actix_web::rt::task::spawn_blocking({
        let path = page.0.clone();
        move || std::fs::read(path)
    })
    .await
    {
        Ok(Ok(html)) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header(("Cache-Control", "no-cache"))
            .body(html),
        _ => HttpResponse::NotFound()
            .content_type("text/html; charset=utf-8")
            .body(GRAPHIQL_NOT_BUILT),
    }
}

/// Where the built GraphiQL page is (`graphiql.html` of the web directory).
#[derive(Clone)]
pub struct GraphiqlPage(pub std::path::PathBuf);

const GRAPHIQL_NOT_BUILT: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>GraphiQL 尚未构建</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto; line-height: 1.6">
<h1>GraphiQL 尚未构建</h1>
<p>GraphiQL 随网页端一起构建，不从互联网加载。请先运行 <code>scripts/run.sh</code>（或在 web-client 中运行
<code>npm run build</code>），再打开本页。</p>
<p>GraphiQL is built with the web client and never loads from the internet: run
<code>scripts/run.sh</code> (or <code>npm run build</code> in web-client) first.</p>
</body></html>"#;
