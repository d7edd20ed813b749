//! `GET /exports/rates?area=CODE&period=2026-11[&format=csv|html]` (月探访率 by town and
//! village; `html` the page to print),
//! `GET /exports/time-bank?area=CODE&period=2026-11` (时间银行对账单 of an area's holders),
//! `GET /exports/volunteers?area=CODE&period=2026-11[&format=csv|html]` (志愿者概况; with
//! `organisation=ID` instead of `area`, an organisation's members),
//! `GET /exports/time-bank/me?period=2026-11` (the caller's own) and
//! `GET /exports/service-credit?period=2026-autumn[&school=ID][&format=csv|html]` (a school's
//! students' 学时/学分) — the figures of [`crate::service::figure_exports`] as files.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::call_of;
use super::exports::download;
use crate::error::{AppError, AppResult};
use crate::service::exports::TableFormat;
use crate::service::figure_exports as figures;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct FiguresQuery {
    area: Option<String>,
    period: Option<String>,
    format: Option<String>,
    school: Option<String>,
    organisation: Option<String>,
}

fn required_area(query: &FiguresQuery) -> AppResult<String> {
    query
        .area
        .clone()
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| AppError::field("area", "required", "请选择区划（area）"))
}

/// The xlsx-only statements refuse another format, naming the field.
fn xlsx_only(query: &FiguresQuery) -> AppResult<()> {
    match TableFormat::parse(query.format.as_deref())? {
        TableFormat::Xlsx => Ok(()),
        TableFormat::Csv | TableFormat::Html => Err(AppError::field(
            "format",
            "xlsx_only",
            "对账单有两张表（汇总和明细），只导出 xlsx",
        )),
    }
}

pub async fn rates(
    req: HttpRequest,
    query: web::Query<FiguresQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let area = required_area(&query)?;
    let month = figures::parse_month(query.period.as_deref())?;
    let format = TableFormat::parse(query.format.as_deref())?;
    let call = call_of(&req, &state).await?;
    let file = state
        .db
        .run(move |c| figures::rates(c, &call, &area, month, format))
        .await?;
    Ok(download(file))
}

/// `GET /exports/volunteers?area=CODE&period=2026-11[&format=csv|html]`: 志愿者概况 (an
/// organisation's members with `organisation=ID` instead of `area`).
pub async fn volunteers(
    req: HttpRequest,
    query: web::Query<FiguresQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let of = match query.organisation.clone().filter(|o| !o.trim().is_empty()) {
        Some(id) => figures::VolunteersOf::Organisation(id.into()),
        None => figures::VolunteersOf::Area(required_area(&query)?),
    };
    let period = figures::parse_period(query.period.as_deref())?;
    let format = TableFormat::parse(query.format.as_deref())?;
    let call = call_of(&req, &state).await?;
    let file = state
        .db
        .run(move |c| figures::volunteers(c, &call, &of, &period, format))
        .await?;
    Ok(download(file))
}

pub async fn time_bank(
    req: HttpRequest,
    query: web::Query<FiguresQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let area = required_area(&query)?;
    let period = figures::parse_period(query.period.as_deref())?;
    xlsx_only(&query)?;
    let call = call_of(&req, &state).await?;
    let file = state
        .db
        .run(move |c| figures::time_bank(c, &call, &area, &period))
        .await?;
    Ok(download(file))
}

pub async fn my_time_bank(
    req: HttpRequest,
    query: web::Query<FiguresQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let period = figures::parse_period(query.period.as_deref())?;
    xlsx_only(&query)?;
    let call = call_of(&req, &state).await?;
    let file = state.db.run(move |c| figures::my_time_bank(c, &call, &period)).await?;
    Ok(download(file))
}

pub async fn service_credit(
    req: HttpRequest,
    query: web::Query<FiguresQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let term = figures::parse_term(query.period.as_deref())?;
    let format = TableFormat::parse(query.format.as_deref())?;
    let call = call_of(&req, &state).await?;
    let school = query.school;
    let file = state
        .db
        .run(move |c| figures::service_credit(c, &call, school.as_deref(), term, format))
        .await?;
    Ok(download(file))
}
