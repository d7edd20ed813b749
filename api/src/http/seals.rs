//! `PUT /seal` (the office's seal image as the body, its type in `Content-Type`; at most 1 MiB)
//! and `GET /seal` (the image, for the office's own screen). The same bearer token as
//! `/graphql`; the rules are in [`crate::service::proofs::upload_seal`].

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::call_of;
use crate::error::{AppError, AppResult};
use crate::service::proofs::{self, MAX_SEAL_BYTES};
use crate::state::AppState;

/// `PUT /seal`: 200 with `{"contentType", "byteSize"}`. Too large is 413, an unsupported type
/// 415, other input errors 400.
pub async fn upload(req: HttpRequest, body: web::Payload, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = match body.to_bytes_limited(MAX_SEAL_BYTES).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "seal upload body not received");
            return Err(AppError::field("body", "bad_request", "未能完整接收图片，请重试"));
        }
        Err(_) => return Err(AppError::field("body", "too_large", "印章图片不能超过 1 MB")),
    };
    let seal = state
        .db
        .run(move |c| proofs::upload_seal(c, &call, &content_type, &bytes))
        .await?;
    Ok(HttpResponse::Ok().json(json!({ "contentType": seal.content_type, "byteSize": seal.image.len() })))
}

/// `GET /seal`: the caller's office's seal image; 404 when it has none.
pub async fn download(req: HttpRequest, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    let seal = state
        .db
        .run(move |c| proofs::my_seal(c, &call))
        .await?
        .ok_or(AppError::NotFound { what: "印章" })?;
    Ok(HttpResponse::Ok()
        .content_type(seal.content_type)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .body(seal.image))
}
