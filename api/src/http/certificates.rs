//! `GET /certificates/{id}` (a printable 志愿服务记录证明) and `GET /certificates.csv?term=`
//! (a school's certificates of a term, for its own systems), and `GET /proofs/{id}` (an office's
//! 志愿服务记录证明 for any visitor).

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
