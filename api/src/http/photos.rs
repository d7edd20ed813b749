//! `POST /photos` (the raw image as the body, its type in `Content-Type`; at most 8 MiB) and
//! `GET /photos/{sha256}`. The same bearer token as `/graphql`; the rules are in
//! [`crate::service::photos`].

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::{call_of, error_response, status_of};
use crate::domain::photo::{PhotoError, MAX_PHOTO_BYTES};
use crate::error::AppError;
use crate::service::photos;
use crate::startup::AppState;

/// Input errors of an upload: too large is 413, an unsupported type 415, the rest 400.
fn refuse(error: &AppError) -> HttpResponse {
    let status = match error {
        AppError::InvalidInput(input) => match input.fields.first().map(|f| f.code.as_str()) {
            Some("too_large") => StatusCode::PAYLOAD_TOO_LARGE,
            Some("unsupported_type") => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::BAD_REQUEST,
        },
        other => status_of(other),
    };
    error_response(status, error)
}

/// `POST /photos`: 201 with `{"ref", "sha256", "contentType", "byteSize"}`.
pub async fn upload(req: HttpRequest, body: web::Payload, state: web::Data<AppState>) -> HttpResponse {
    // Who is calling and whether they may upload, before reading the body.
    let call = match call_of(&req, &state)
        .await
        .and_then(|call| photos::may_upload(&call).map(|()| call))
    {
        Ok(call) => call,
        Err(e) => return refuse(&e),
    };
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
            let error = AppError::field(
                "body",
                "bad_request",
                "未能完整接收图片，请重试 (the request body could not be read)",
            );
            return refuse(&error);
        }
        Err(_) => {
            let error = AppError::field("body", "too_large", PhotoError::TooLarge.to_string());
            return refuse(&error);
        }
    };
    match photos::upload(&state.db, call, state.photos.clone(), content_type, bytes).await {
        Ok(photo) => HttpResponse::Created()
            .insert_header((header::LOCATION, format!("/{}", photo.reference)))
            .json(photo),
        Err(e) => refuse(&e),
    }
}

/// `GET /photos/{sha256}`: the image with its type, cacheable by the browser only.
pub async fn download(req: HttpRequest, sha256: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let call = match call_of(&req, &state).await {
        Ok(call) => call,
        Err(e) => return refuse(&e),
    };
    match photos::read(&state.db, call, state.photos.clone(), sha256.into_inner()).await {
        Ok((kind, bytes)) => HttpResponse::Ok()
            .content_type(kind.as_str())
            .insert_header((header::CACHE_CONTROL, "private, max-age=86400"))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
            .body(bytes),
        Err(e) => refuse(&e),
    }
}
