//! `GET /unsubscribe?a=&k=&t=` and `POST /unsubscribe?a=&k=&t=`: the one-click unsubscribe
//! link every optional mail carries (its `List-Unsubscribe` header and its last line). GET
//! shows a page (Chinese first, English below) saying which kind of message will stop, with a
//! button that POSTs; POST — the button, or a mail reader's RFC 8058 one-click request with
//! the body `List-Unsubscribe=One-Click` — switches the kind off. No sign-in: the signed token
//! is the key. A forged or altered link answers 404 and a kind that may not be switched off
//! 400, each with a plain Chinese page, and nothing is written. GET never writes, so a mail
//! scanner that follows links unsubscribes nobody.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use minijinja::context;
use serde::Deserialize;

use crate::domain::access::Actor;
use crate::domain::id::AccountId;
use crate::domain::message::MessageKind;
use crate::error::{AppError, AppResult};
use crate::service::{preferences, Call};
use crate::state::AppState;

const TEMPLATE: &str = "pages/unsubscribe.html";

/// The link's query: account, kind, token.
#[derive(Debug, Deserialize)]
struct Link {
    a: Option<String>,
    k: Option<String>,
    t: Option<String>,
}

/// A link read from the query: `None` when a part is missing or the kind unknown.
fn parse(req: &HttpRequest) -> Option<(AccountId, MessageKind, String)> {
    let link = web::Query::<Link>::from_query(req.query_string()).ok()?.into_inner();
    let kind = MessageKind::parse_code(link.k?.as_str())?;
    Some((AccountId::from(link.a?), kind, link.t?))
}

fn call(state: &AppState) -> Call {
    Call::at(
        state.clock.now(),
        Actor::system("unsubscribe link"),
        state.keys.cipher(),
        state.packs.clone(),
    )
}

fn page(status: StatusCode, title: &str, values: minijinja::Value) -> AppResult<HttpResponse> {
    let html = crate::templates::render(TEMPLATE, &context! { title => title, ..values })?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        // The page's URL holds the token: never sent on to another site.
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(html))
}

/// The plain page of a link that does not work: 404 for a forged, altered or incomplete link
/// (saying nothing of whose it might be), 400 for a kind that may not be switched off.
fn refused(error: AppError) -> AppResult<HttpResponse> {
    match error {
        AppError::NotFound { .. } => invalid(),
        AppError::InvalidInput(_) => page(
            StatusCode::BAD_REQUEST,
            "无法退订",
            context! {
                state => "refused",
                reason_zh => "这类通知是风险告警或探访确认码，关系到老人的安全，不能退订。",
                reason_en => "These messages are alarms about an elder's safety and cannot be unsubscribed from.",
            },
        ),
        other => Err(other),
    }
}

fn invalid() -> AppResult<HttpResponse> {
    page(
        StatusCode::NOT_FOUND,
        "链接无效",
        context! {
            state => "refused",
            reason_zh => "这个退订链接无效或不完整。请直接点击邮件中的链接，或登录后在“通知设置”中管理通知。",
            reason_en => "This unsubscribe link is not valid. Use the link in the mail as it is, or sign in and change your notification settings.",
        },
    )
}

/// `GET /unsubscribe`: the confirmation page of a genuine link.
pub async fn confirm_page(req: HttpRequest, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let Some((account, kind, token)) = parse(&req) else {
        return invalid();
    };
    let call = call(&state);
    let checked = {
        let token = token.clone();
        let account = account.clone();
        state
            .db
            .run(move |c| preferences::unsubscribe_link(c, &call, &account, kind, &token))
            .await
    };
    match checked {
        Ok(_) => page(
            StatusCode::OK,
            "退订通知",
            context! {
                state => "confirm",
                kind_zh => kind.label_zh(),
                kind_en => kind.label_en(),
                action => format!("/unsubscribe?{}", req.query_string()),
            },
        ),
        Err(e) => refused(e),
    }
}

/// `POST /unsubscribe`: switches the link's kind off for its account (RFC 8058 one-click,
/// or the confirmation page's button), and answers 已退订.
pub async fn unsubscribe(req: HttpRequest, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let Some((account, kind, token)) = parse(&req) else {
        return invalid();
    };
    let call = call(&state);
    let done = state
        .db
        .run(move |c| preferences::unsubscribe(c, &call, &account, kind, &token))
        .await;
    match done {
        Ok(()) => page(
            StatusCode::OK,
            "已退订",
            context! { state => "done", kind_zh => kind.label_zh(), kind_en => kind.label_en() },
        ),
        Err(e) => refused(e),
    }
}
