//! `POST /graphql`: one operation per request. Batches are refused (juniper_actix would run an
//! unbounded array of them); the body is capped; the schema's parser limits bound depth,
//! tokens and fields before anything executes.

use actix_web::{web, HttpResponse};
use juniper::http::GraphQLRequest;
use serde_json::json;

use super::{Context, Schema};
use crate::db::Database;

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

fn refuse(message: &str) -> HttpResponse {
    HttpResponse::BadRequest()
        .json(json!({ "errors": [{ "message": message, "extensions": { "code": "BAD_REQUEST" } }] }))
}

pub async fn graphql(body: web::Bytes, schema: web::Data<Schema>, db: web::Data<Database>) -> HttpResponse {
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return refuse("不支持批量请求，请每次发送一个操作 (batched requests are not supported)");
    }
    let request: GraphQLRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => return refuse(&format!("请求体不是有效的 GraphQL JSON (invalid request body): {e}")),
    };
    let context = Context::new(db.get_ref().clone());
    let response = request.execute(&schema, &context).await;
    if response.is_ok() {
        HttpResponse::Ok().json(&response)
    } else {
        HttpResponse::BadRequest().json(&response)
    }
}

pub async fn graphiql() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(juniper::http::graphiql::graphiql_source("/graphql", None))
}
