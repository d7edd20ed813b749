//! 导入 over HTTP: `POST /imports/elders?area=CODE[&dryRun=true][&validOnly=true][&update=true]`
//! with the .xlsx as the raw body (at most 64 MiB), answered with the report (JSON, with
//! `reportUrl`); `GET /imports/{id}/report.xlsx`, the report as a sheet; and
//! `GET /imports/template.xlsx?area=CODE`, Tanfang's empty template for an area. The same
//! bearer token as `/graphql`; the rules are in [`crate::service::imports`].

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::call_of;
use crate::error::{AppError, AppResult};
use crate::service::imports::{self, ImportOptions, MAX_IMPORT_BYTES};
use crate::state::AppState;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportQuery {
    area: String,
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    valid_only: bool,
    #[serde(default)]
    update: bool,
}

/// `POST /imports/elders`: 200 with the report, whether or not anything was written (the
/// report says); a file that is not a readable .xlsx is 400 naming `file`.
pub async fn elders(
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    body: web::Payload,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    call.require(crate::domain::access::Permission::ImportElders)?;
    let bytes = match body.to_bytes_limited(MAX_IMPORT_BYTES).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "import upload body not received");
            return Err(AppError::field(
                "file",
                "bad_request",
                "未能完整接收文件，请重试 (the request body could not be read)",
            ));
        }
        Err(_) => {
            return Err(AppError::field(
                "file",
                "too_large",
                "文件超过 64 MB，请分成几个表格导入",
            ))
        }
    };
    let query = query.into_inner();
    let options = ImportOptions {
        dry_run: query.dry_run,
        valid_only: query.valid_only,
        update: query.update,
    };
    let report = state
        .db
        .run(move |c| {
            imports::import_elders(
                c,
                &call,
                &query.area,
                &bytes,
                options,
                &indicatif::ProgressBar::hidden(),
            )
        })
        .await?;
    let url = format!("/imports/{}/report.xlsx", report.id);
    let mut answer = serde_json::to_value(&report).map_err(|e| AppError::Internal(e.to_string()))?;
    if let Some(object) = answer.as_object_mut() {
        object.insert("reportUrl".to_string(), serde_json::Value::String(url));
    }
    Ok(HttpResponse::Ok().json(answer))
}

fn xlsx_download(bytes: Vec<u8>, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(bytes)
}

/// `GET /imports/{id}/report.xlsx`.
pub async fn report_sheet(
    req: HttpRequest,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    let id = id.into_inner();
    let bytes = state
        .db
        .run(move |c| imports::report_sheet(&imports::report(c, &call, &id)?))
        .await?;
    Ok(xlsx_download(bytes, "import-report.xlsx"))
}

#[derive(Deserialize)]
pub struct AreaQuery {
    area: String,
}

/// `GET /imports/template.xlsx?area=CODE`.
pub async fn template(
    req: HttpRequest,
    query: web::Query<AreaQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let call = call_of(&req, &state).await?;
    let area = query.into_inner().area;
    let bytes = state.db.run(move |c| imports::template(c, &call, &area)).await?;
    Ok(xlsx_download(bytes, "import-template.xlsx"))
}
