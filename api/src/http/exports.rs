//! `GET /exports/{form}?area=CODE&period=…[&reason=…]` — a district's forms as files:
//! `yubei-1` (the 台帐 of a half-year `2026-H2` or a month `2026-11`), `yubei-2` (the 登记表,
//! one sheet per elder) and `half-year` (the half-yearly pack as one zip); `linzi-1` (the
//! 台账 of 采集表), `jiangmen-1` (情况统计表, of a `period`), `jiangmen-2` (登记表) and `ningbo-2`
//! (汇总表; `&format=csv` for CSV). The forms that are one flat table (yubei-1, linzi-1,
//! jiangmen-1, ningbo-2) also as the page to print with `&format=html` (打印预览, shown inline).
//! Masked unless a `reason` is given by an account that may unmask (audited with the reason).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::call_of;
use crate::domain::export::ExportFile;
use crate::domain::export::HTML;
use crate::error::{AppError, AppResult};
use crate::service::exports::{self, Masking, TableFormat};
use crate::service::exports_forms;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ExportQuery {
    area: String,
    period: Option<String>,
    reason: Option<String>,
    /// `xlsx` (the default), `csv` (`ningbo-2`) or `html` (a flat table as the page to print).
    format: Option<String>,
}

pub async fn export(
    req: HttpRequest,
    form: web::Path<String>,
    query: web::Query<ExportQuery>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let masking = Masking::from_reason(query.reason.as_deref())?;
    let period = || {
        let text = query.period.as_deref().unwrap_or_default();
        exports::parse_period(text)
            .ok_or_else(|| AppError::field("period", "bad_period", "统计期格式应为 2026-H2（半年）或 2026-11（月）"))
    };
    let format = TableFormat::parse(query.format.as_deref())?;
    exports::check_format(form.as_str(), format)?;
    let call = call_of(&req, &state).await?;
    let area = query.area.clone();
    let file = match form.as_str() {
        "yubei-1" => {
            let period = period()?;
            state
                .db
                .run(move |c| exports::yubei_ledger(c, &call, &area, &period, &masking, format))
                .await?
        }
        "yubei-2" => {
            state
                .db
                .run(move |c| exports::yubei_registrations(c, &call, &area, &masking))
                .await?
        }
        "half-year" => {
            let period = period()?;
            exports::half_year_pack(&state.db, call, state.photos.clone(), area, period, masking).await?
        }
        // The linzi, jiangmen and ningbo forms (service/exports_forms.rs).
        "linzi-1" => {
            state
                .db
                .run(move |c| exports_forms::linzi_ledger(c, &call, &area, &masking, format))
                .await?
        }
        "jiangmen-1" => {
            let period = period()?;
            state
                .db
                .run(move |c| exports_forms::jiangmen_statistics(c, &call, &area, &period, &masking, format))
                .await?
        }
        "jiangmen-2" => {
            state
                .db
                .run(move |c| exports_forms::jiangmen_registrations(c, &call, &area, &masking))
                .await?
        }
        "ningbo-2" => {
            state
                .db
                .run(move |c| exports_forms::ningbo_summary(c, &call, &area, &masking, format))
                .await?
        }
        _ => {
            return Err(AppError::field(
                "form",
                "unknown_form",
                "可导出的表：yubei-1（渝北台帐）、yubei-2（渝北登记表）、half-year（半年报送材料）、\
                 linzi-1（临淄信息采集表台账）、jiangmen-1（江门情况统计表）、jiangmen-2（江门登记表）、\
                 ningbo-2（宁波农村留守老年人基本情况汇总表）",
            ))
        }
    };
    Ok(download(file))
}

/// The file as an attachment, its Chinese name in `filename*` (RFC 6266/5987) and an ASCII
/// fallback in `filename`; a page to print (HTML) inline, under the same name when saved.
pub fn download(file: ExportFile) -> HttpResponse {
    let how = if file.content_type == HTML {
        "inline"
    } else {
        "attachment"
    };
    let fallback: String = {
        let ext = file.file_name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
        format!("export.{ext}")
    };
    let disposition = format!(
        "{how}; filename=\"{fallback}\"; filename*=UTF-8''{}",
        percent_encode(&file.file_name)
    );
    HttpResponse::Ok()
        .content_type(file.content_type)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .body(file.bytes)
}

/// RFC 5987 `value-chars`: attr-chars as they are, every other byte as `%XX`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_percent_encoded() {
        assert_eq!(percent_encode("台帐 a.xlsx"), "%E5%8F%B0%E5%B8%90%20a.xlsx");
    }
}
