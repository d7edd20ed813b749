//! `GET /calendar/{token}.ics`: a visitor's calendar feed, read by calendar apps with no
//! sign-in; the secret token in the path is the only key. An unknown or revoked token is a
//! bare 404: no body says whether such a feed ever existed.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::error::AppResult;
use crate::service::calendar;
use crate::state::AppState;

pub async fn feed(file: web::Path<String>, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let Some(token) = file.into_inner().strip_suffix(".ics").map(str::to_string) else {
        return Ok(HttpResponse::NotFound().finish());
    };
    let now = state.clock.now();
    match state.db.run(move |c| calendar::feed(c, now, &token)).await? {
        Some(ics) => Ok(HttpResponse::Ok()
            .content_type("text/calendar; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "private, max-age=300"))
            .insert_header((header::CONTENT_DISPOSITION, "inline; filename=\"tanfang.ics\""))
            .body(ics)),
        None => Ok(HttpResponse::NotFound().finish()),
    }
}

/// The request line as the access log writes it, a feed's secret token replaced by `…`, and
/// an unsubscribe link's query (account and token) too, and the free-text `reason` for an
/// unmasked download or print (it may name a person).
pub fn logged_request_line(req: &actix_web::dev::ServiceRequest) -> String {
    let path = req.path();
    let shown = match path.strip_prefix("/calendar/") {
        Some(_) => "/calendar/….ics".to_string(),
        None if path == "/unsubscribe" => "/unsubscribe?…".to_string(),
        None => match req.query_string() {
            "" => path.to_string(),
            query => format!("{path}?{}", without_reason(query)),
        },
    };
    format!("{} {} {:?}", req.method(), shown, req.version())
}

/// `query` with the value of each `reason` parameter replaced by `…`.
fn without_reason(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("reason", _)) => "reason=…",
            _ => pair,
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn the_access_log_never_writes_a_feed_token() {
        let line = logged_request_line(&TestRequest::get().uri("/calendar/cal_secret123.ics").to_srv_request());
        assert!(!line.contains("secret123"), "{line}");
        let line = logged_request_line(
            &TestRequest::post()
                .uri("/unsubscribe?a=u1&k=visit_reminder&t=tok9")
                .to_srv_request(),
        );
        assert!(!line.contains("tok9") && !line.contains("u1"), "{line}");
        let line = logged_request_line(&TestRequest::get().uri("/records/1/print/x?y=2").to_srv_request());
        assert!(line.contains("/records/1/print/x?y=2"), "{line}");
        let line = logged_request_line(
            &TestRequest::get()
                .uri("/exports/yubei-1?area=500199&reason=%E5%BC%A0%E4%B8%89&period=2026-H2")
                .to_srv_request(),
        );
        assert!(
            line.contains("/exports/yubei-1?area=500199&reason=…&period=2026-H2"),
            "{line}"
        );
    }
}
