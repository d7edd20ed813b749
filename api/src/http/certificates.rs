//! `GET /certificates/{id}` (a printable 志愿服务记录证明) and `GET /certificates.csv?term=`
//! (a school's certificates of a term, for its own systems), and `GET /proofs/{id}` (an office's
//! 志愿服务记录证明 for any visitor) and `GET /proofs/batch?from=&to=` (its proofs of a period, to
//! print at once).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::call_of;
use crate::domain::id::CertificationId;
use crate::error::AppResult;
use crate::service::certifications;
use crate::state::AppState;

pub async fn certificate(
    req: HttpRequest,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    let id = CertificationId::from(id.into_inner());
    let html = state
        .db
        .run(move |c| certifications::certificate_html(c, &call, &id))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html))
}

/// `GET /proofs/{id}`: a printable 志愿服务记录证明 an office issued (民政部令第67号).
pub async fn proof(req: HttpRequest, id: web::Path<String>, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    let id = crate::domain::id::ProofId::from(id.into_inner());
    let html = state
        .db
        .run(move |c| crate::service::proofs::proof_html(c, &call, &id))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html))
}

#[derive(Deserialize)]
pub struct PeriodQuery {
    from: String,
    to: String,
}

fn day(field: &'static str, text: &str) -> AppResult<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| crate::error::AppError::field(field, "invalid", "日期格式应为 2026-01-31"))
}

/// `GET /proofs/batch?from=&to=`: every proof the caller's office issued whose period ends in
/// the range, one page to print (批量打印).
pub async fn proofs_batch(
    req: HttpRequest,
    query: web::Query<PeriodQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    let PeriodQuery { from, to } = query.into_inner();
    let (from, to) = (day("from", &from)?, day("to", &to)?);
    let html = state
        .db
        .run(move |c| crate::service::proofs::batch_html(c, &call, from, to))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html))
}

#[derive(Deserialize)]
pub struct TermQuery {
    term: String,
}

pub async fn csv(
    req: HttpRequest,
    query: web::Query<TermQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    let term = query.into_inner().term;
    let safe: String = term
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let name = format!("certificates-{safe}.csv");
    let csv = state
        .db
        .run(move |c| certifications::certificates_csv(c, &call, &term))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(csv))
}
