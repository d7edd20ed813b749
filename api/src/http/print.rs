//! `GET /records/{id}/print/{form}`: a visit record printed as a district's paper form
//! (`yubei-3`, `emeishan-1`, `linzi-2`, `jiangmen-3`), and `GET /elders/{id}/print/{form}`: an elder file
//! printed as a registration form (`yubei-2`, `jiangmen-2`) — an HTML page to print, or with
//! `?download=1` a file to archive. A registration form prints its numbers in full with
//! `?reason=…` (at least 4 characters), for an account that may unmask (audited with it).
//! `GET /elders/{id}/print/notice`: the written notice of the elder's responsible contact
//! (书面告知) for the elder and their family, masked and unmasked the same way.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::call_of;
use crate::domain::id::{ElderId, RecordId};
use crate::domain::record::print::PaperForm;
use crate::domain::register::RegisterForm;
use crate::error::{AppError, AppResult};
use crate::service::exports::Masking;
use crate::service::{pairings, records, registers};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct PrintQuery {
    download: Option<String>,
    reason: Option<String>,
}

/// A printed page: never cached, and with `?download=1` a file named `name` to archive.
fn page(query: &PrintQuery, name: &str, html: String) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if query.download.as_deref().is_some_and(|d| d == "1" || d == "true") {
        response.insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")));
    }
    response.body(html)
}

pub async fn print(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<PrintQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let (id, form) = path.into_inner();
    let Some(form) = PaperForm::parse(&form) else {
        let codes: Vec<&str> = PaperForm::ALL.iter().map(|f| f.code()).collect();
        return Err(AppError::field(
            "form",
            "unknown_form",
            format!("可打印的表：{}", codes.join("、")),
        ));
    };
    let call = call_of(&req, &state).await?;
    let (row, html) = records::print(&state.db, call, state.photos.clone(), RecordId::from(id), form).await?;
    // Named by its 记录编号 (2026-000123), as people quote it, not by the elder's id.
    let name = format!("visit-record-{}-{}.html", row.record_no, form.code());
    Ok(page(&query, &name, html))
}

pub async fn print_elder(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<PrintQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let (id, form) = path.into_inner();
    let masking = Masking::from_reason(query.reason.as_deref())?;
    let Some(form) = RegisterForm::parse(&form) else {
        let codes: Vec<&str> = RegisterForm::ALL.iter().map(|f| f.code()).collect();
        return Err(AppError::field(
            "form",
            "unknown_form",
            format!("可打印的登记表：{}", codes.join("、")),
        ));
    };
    let call = call_of(&req, &state).await?;
    let id = ElderId::from(id);
    let name = format!("elder-{id}-{}.html", form.code());
    let html = state
        .db
        .run(move |c| registers::print(c, &call, &id, form, &masking))
        .await?;
    Ok(page(&query, &name, html))
}

/// `GET /elders/{id}/print/notice`: 书面告知 — the notice of the elder's responsible contact for
/// the elder and their family (masked; `?reason=…` prints the contact's phone in full).
pub async fn print_notice(
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<PrintQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let masking = Masking::from_reason(query.reason.as_deref())?;
    let call = call_of(&req, &state).await?;
    let id = ElderId::from(path.into_inner());
    let name = format!("elder-{id}-notice.html");
    let html = state
        .db
        .run(move |c| pairings::print_notice(c, &call, &id, &masking))
        .await?;
    Ok(page(&query, &name, html))
}
