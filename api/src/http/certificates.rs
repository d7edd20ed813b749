//! `GET /certificates/{id}` (a printable 志愿服务记录证明) and `GET /certificates.csv?term=`
//! (a school's certificates of a term, for its own systems).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::{call_of, error_response, status_of};
use crate::error::AppError;
use crate::service::certifications;
use crate::startup::AppState;

fn refuse(e: &AppError) -> HttpResponse {
    error_response(status_of(e), e)
}

pub async fn certificate(req: HttpRequest, id: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let call = match call_of(&req, &state).await {
        Ok(call) => call,
        Err(e) => return refuse(&e),
    };
    let id = id.into_inner();
    match state
        .db
        .run(move |c| certifications::certificate_html(c, &call, &id))
        .await
    {
        Ok(html) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(html),
        Err(e) => refuse(&e),
    }
}

#[derive(Deserialize)]
pub struct TermQuery {
    term: String,
}

pub async fn csv(req: HttpRequest, query: web::Query<TermQuery>, state: web::Data<AppState>) -> HttpResponse {
    let call = match call_of(&req, &state).await {
        Ok(call) => call,
        Err(e) => return refuse(&e),
    };
    let term = query.into_inner().term;
    let safe: String = term
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let name = format!("certificates-{safe}.csv");
    match state
        .db
        .run(move |c| certifications::certificates_csv(c, &call, &term))
        .await
    {
        Ok(csv) => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
            .body(csv),
        Err(e) => refuse(&e),
    }
}
