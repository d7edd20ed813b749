//! 模板 — the one template engine (minijinja) and the one set of templates, embedded at build
//! time from `api/templates/`:
//! - `messages/…`: the texts of SMS and mail ([`crate::notify::compose`]);
//! - `pages/…`: every printable page — the record forms (`pages/record/*.html`), the
//!   registration forms of one elder (`pages/elder/*.html`), the volunteer-service certificate
//!   (`pages/certificate.html`), the flat tables of the exports as a page to print (the 台帐,
//!   统计表, 汇总表 and 月探访率, `pages/ledger.html`) — and the unsubscribe page.
//!
//! The code decides what a page says (which rows, which boxes are ticked, what is masked); the
//! templates only lay it out, so an office's IT person can read and adjust them
//! (`docs/printing.md`).
//!
//! Rules for every template: a value the code did not pass is an error, never an empty gap;
//! `.html` templates escape every value (`<script>` prints as text). Pages escape the five
//! HTML characters `& < > " '` and nothing else (minijinja's default also writes `/` as
//! `&#x2f;`, which a browser reads alike but which made printed URLs and scale names such as
//! 无变化/较好/较差 harder to read in a saved file).

use std::sync::LazyLock;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Serialize;

use crate::error::AppError;

/// The templates, by name (their path under `api/templates/`).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "messages/layout.html",
        include_str!("../templates/messages/layout.html"),
    ),
    (
        "messages/sms/case_opened.txt",
        include_str!("../templates/messages/sms/case_opened.txt"),
    ),
    (
        "messages/sms/lost_contact.txt",
        include_str!("../templates/messages/sms/lost_contact.txt"),
    ),
    (
        "messages/sms/elder_code.txt",
        include_str!("../templates/messages/sms/elder_code.txt"),
    ),
    (
        "messages/sms/visit_reminder.txt",
        include_str!("../templates/messages/sms/visit_reminder.txt"),
    ),
    (
        "messages/mail/case_opened.zh.txt",
        include_str!("../templates/messages/mail/case_opened.zh.txt"),
    ),
    (
        "messages/mail/case_opened.en.txt",
        include_str!("../templates/messages/mail/case_opened.en.txt"),
    ),
    (
        "messages/mail/lost_contact.zh.txt",
        include_str!("../templates/messages/mail/lost_contact.zh.txt"),
    ),
    (
        "messages/mail/lost_contact.en.txt",
        include_str!("../templates/messages/mail/lost_contact.en.txt"),
    ),
    (
        "messages/mail/case_overdue.zh.txt",
        include_str!("../templates/messages/mail/case_overdue.zh.txt"),
    ),
    (
        "messages/mail/case_overdue.en.txt",
        include_str!("../templates/messages/mail/case_overdue.en.txt"),
    ),
    (
        "messages/mail/claim_confirmed.zh.txt",
        include_str!("../templates/messages/mail/claim_confirmed.zh.txt"),
    ),
    (
        "messages/mail/claim_confirmed.en.txt",
        include_str!("../templates/messages/mail/claim_confirmed.en.txt"),
    ),
    (
        "messages/mail/visit_reminder.zh.txt",
        include_str!("../templates/messages/mail/visit_reminder.zh.txt"),
    ),
    (
        "messages/mail/visit_reminder.en.txt",
        include_str!("../templates/messages/mail/visit_reminder.en.txt"),
    ),
    (
        "messages/mail/slot_offered.zh.txt",
        include_str!("../templates/messages/mail/slot_offered.zh.txt"),
    ),
    (
        "messages/mail/slot_offered.en.txt",
        include_str!("../templates/messages/mail/slot_offered.en.txt"),
    ),
    (
        "messages/mail/overdue_digest.zh.txt",
        include_str!("../templates/messages/mail/overdue_digest.zh.txt"),
    ),
    (
        "messages/mail/overdue_digest.en.txt",
        include_str!("../templates/messages/mail/overdue_digest.en.txt"),
    ),
    (
        "messages/mail/review_due.zh.txt",
        include_str!("../templates/messages/mail/review_due.zh.txt"),
    ),
    (
        "messages/mail/review_due.en.txt",
        include_str!("../templates/messages/mail/review_due.en.txt"),
    ),
    (
        "messages/mail/school_summary.zh.txt",
        include_str!("../templates/messages/mail/school_summary.zh.txt"),
    ),
    (
        "messages/mail/school_summary.en.txt",
        include_str!("../templates/messages/mail/school_summary.en.txt"),
    ),
    (
        "messages/mail/time_bank_statement.zh.txt",
        include_str!("../templates/messages/mail/time_bank_statement.zh.txt"),
    ),
    (
        "messages/mail/time_bank_statement.en.txt",
        include_str!("../templates/messages/mail/time_bank_statement.en.txt"),
    ),
    (
        "messages/mail/no_show.zh.txt",
        include_str!("../templates/messages/mail/no_show.zh.txt"),
    ),
    (
        "messages/mail/no_show.en.txt",
        include_str!("../templates/messages/mail/no_show.en.txt"),
    ),
    (
        "messages/mail/capacity_reduced.zh.txt",
        include_str!("../templates/messages/mail/capacity_reduced.zh.txt"),
    ),
    (
        "messages/mail/capacity_reduced.en.txt",
        include_str!("../templates/messages/mail/capacity_reduced.en.txt"),
    ),
    (
        "messages/mail/capacity_restored.zh.txt",
        include_str!("../templates/messages/mail/capacity_restored.zh.txt"),
    ),
    (
        "messages/mail/capacity_restored.en.txt",
        include_str!("../templates/messages/mail/capacity_restored.en.txt"),
    ),
    (
        "pages/unsubscribe.html",
        include_str!("../templates/pages/unsubscribe.html"),
    ),
    ("pages/print.css", include_str!("../templates/pages/print.css")),
    (
        "pages/record/parts.html",
        include_str!("../templates/pages/record/parts.html"),
    ),
    (
        "pages/record/form.html",
        include_str!("../templates/pages/record/form.html"),
    ),
    (
        "pages/elder/register.html",
        include_str!("../templates/pages/elder/register.html"),
    ),
    (
        "pages/elder/notice.html",
        include_str!("../templates/pages/elder/notice.html"),
    ),
    (
        "pages/certificate.html",
        include_str!("../templates/pages/certificate.html"),
    ),
    ("pages/proof.html", include_str!("../templates/pages/proof.html")),
    ("pages/ledger.html", include_str!("../templates/pages/ledger.html")),
];

static ENV: LazyLock<Result<Environment<'static>, String>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // A parameter the code forgot is an error, never an empty gap on a page or in a message.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if state.name().starts_with("pages/") && *state.auto_escape() == AutoEscape::Html && !value.is_safe() {
            let text = if value.is_none() {
                String::new()
            } else {
                value.to_string()
            };
            out.write_str(&escape(&text)).map_err(minijinja::Error::from)
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    for (name, source) in TEMPLATES {
        env.add_template(name, source).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(env)
});

/// The environment holding every template.
pub fn env() -> Result<&'static Environment<'static>, AppError> {
    ENV.as_ref().map_err(|e| AppError::Internal(format!("templates: {e}")))
}

/// The source of a template as embedded.
pub fn source(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// An error of template `name`.
pub fn error(name: &str, e: &minijinja::Error) -> AppError {
    AppError::Internal(format!("template {name}: {e}"))
}

/// Renders template `name` with `context`.
pub fn render(name: &str, context: &impl Serialize) -> Result<String, AppError> {
    env()?
        .get_template(name)
        .and_then(|t| t.render(Value::from(minijinja::value::Serde(context))))
        .map_err(|e| error(name, &e))
}

/// HTML-escapes text (`& < > " '`) so that anything from a record or an elder file prints as
/// text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn every_template_parses() {
        let env = env().unwrap();
        for (name, _) in TEMPLATES {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn pages_escape_the_five_characters_and_keep_slashes() {
        let env = env().unwrap();
        let mut env = env.clone();
        env.add_template("pages/t.html", "{{ x }}|{{ y }}|{{ z }}").unwrap();
        let html = env
            .get_template("pages/t.html")
            .unwrap()
            .render(minijinja::context! { x => "<script>a&'b\"</script>", y => "/photos/1.jpg", z => () })
            .unwrap();
        assert_eq!(html, "&lt;script&gt;a&amp;&#39;b&quot;&lt;/script&gt;|/photos/1.jpg|");
    }

    #[test]
    fn a_printed_table_escapes_its_cells_and_spans_its_headings() {
        use crate::domain::export::table::{Heading, Table, Value};
        let table = Table {
            title: "台帐".into(),
            line: "填表单位：一镇".into(),
            headings: vec![Heading::one("姓名"), Heading::group("亲属情况", &["姓名", "电话"])],
            rows: vec![vec![
                Value::text("<b>甲</b>"),
                Value::text("乙"),
                Value::text("138****0000"),
            ]],
            note: "说明".into(),
        };
        let html = render(
            "pages/ledger.html",
            &table.page("一镇", Some("2026年下半年".into()), "2026年11月18日".into()),
        )
        .unwrap();
        assert!(
            html.contains("<th rowspan=\"2\">姓名</th><th colspan=\"2\">亲属情况</th>"),
            "{html}"
        );
        assert!(html.contains("<td>&lt;b&gt;甲&lt;/b&gt;</td>"), "{html}");
        assert!(html.contains("统计期：2026年下半年") && html.contains("制表日期：2026年11月18日"));
    }

    #[test]
    fn a_value_the_code_forgot_is_an_error() {
        let err = render("pages/certificate.html", &serde_json::json!({})).unwrap_err();
        assert!(err.to_string().contains("pages/certificate.html"), "{err}");
    }
}
