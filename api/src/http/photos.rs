//! `POST /photos` (the raw image as the body, its type in `Content-Type`; at most 8 MiB) and
//! `GET /photos/{sha256}`. The same bearer token as `/graphql`; the rules are in
//! [`crate::service::photos`].

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};

use super::call_of;
use crate::domain::photo::{PhotoError, MAX_PHOTO_BYTES};
use crate::error::{AppError, AppResult};
use crate::service::photos;
use crate::state::AppState;

/// `POST /photos`: 201 with `{"ref", "sha256", "contentType", "byteSize"}`. Too large is 413,
/// an unsupported type 415, other input errors 400 (see [`AppError`]'s `ResponseError`).
pub async fn upload(req: HttpRequest, body: web::Payload, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    // Who is calling and whether they may upload, before reading the body.
    let call = call_of(&req, &state).await?;
    photos::may_upload(&call)?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = match body.to_bytes_limited(MAX_PHOTO_BYTES).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "photo upload body not received");
            return Err(AppError::field(
                "body",
                "bad_request",
                "未能完整接收图片，请重试 (the request body could not be read)",
            ));
        }
        Err(_) => return Err(AppError::field("body", "too_large", PhotoError::TooLarge.to_string())),
    };
    let photo = photos::upload(&state.db, call, state.photos.clone(), content_type, bytes).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/{}", photo.reference)))
        .json(photo))
}

/// `GET /photos/{sha256}`: the image with its type, cacheable by the browser only.
pub async fn download(
    req: HttpRequest,
    sha256: web::Path<String>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    let (kind, bytes) = photos::read(&state.db, call, state.photos.clone(), sha256.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type(kind.as_str())
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .body(bytes))
}
