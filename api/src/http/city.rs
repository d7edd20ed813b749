//! `GET /city-overview.xlsx?month=2026-11` and `GET /city-overview.csv?month=…` — the city's
//! roll-up of its districts ([`crate::service::city`]), as a file; `city=4407` picks the city
//! when the caller's place does not say it.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::call_of;
use crate::domain::period::Month;
use crate::error::{AppError, AppResult};
use crate::service::city;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct OverviewQuery {
    month: String,
    city: Option<String>,
}

pub async fn export(
    req: HttpRequest,
    format: web::Path<String>,
    query: web::Query<OverviewQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let format = format.into_inner();
    if !matches!(format.as_str(), "xlsx" | "csv") {
        return Err(AppError::NotFound { what: "导出格式" });
    }
    let call = call_of(&req, &state).await?;
    let OverviewQuery { month, city: city_code } = query.into_inner();
    let month = Month::parse(&month).ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
    let overview = state
        .db
        .run(move |c| city::overview(c, &call, month, city_code.as_deref()))
        .await?;
    let name = city::file_name(&overview, &format);
    let (content_type, body) = if format == "xlsx" {
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            city::xlsx(&overview)?,
        )
    } else {
        ("text/csv; charset=utf-8", city::csv(&overview).into_bytes())
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(body))
}
