//! 通知模板 — every message's text comes from a template under `api/templates/messages`,
//! rendered with minijinja (the one environment of [`crate::templates`]) when the event that
//! causes the message is written:
//! - `sms/{kind}.txt`: the SMS text, one per kind, in Chinese. Providers in China send only
//!   templates a district has filed and had approved, so the same text is listed, with the
//!   provider's `${name}` placeholders, in `docs/operations.md`; what is sent is the template
//!   code and the parameters, and the text is rendered here for the file transport and the log.
//! - `mail/{kind}.{lang}.txt`: a mail's `subject` and `body` blocks, in Chinese (`zh`) and
//!   English (`en`). The HTML part is `layout.html` around the body's paragraphs, a single
//!   line break within one written as `<br>`.

use minijinja::Value;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::domain::message::MessageKind;
use crate::error::AppError;

/// The message templates' names, under [`crate::templates`] (one environment for messages
/// and pages).
fn message_name(rest: &str) -> String {
    format!("messages/{rest}")
}

fn env() -> Result<&'static minijinja::Environment<'static>, AppError> {
    crate::templates::env()
}

fn template_error(name: &str, e: &minijinja::Error) -> AppError {
    crate::templates::error(name, e)
}

/// The language a message is written in: Chinese unless the receiver reads English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The language of a stored locale (`en`, `en-US` → English; anything else, or none,
    /// Chinese).
    pub fn of_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l == "en" || l.starts_with("en-") => Lang::En,
            _ => Lang::Zh,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// An SMS: the template's parameters (what the provider gets) and the text they make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsText {
    pub params: BTreeMap<String, String>,
    pub text: String,
}

/// Renders the SMS of `kind` with `params`.
pub fn sms(kind: MessageKind, params: BTreeMap<String, String>) -> Result<SmsText, AppError> {
    let name = message_name(&format!("sms/{}.txt", kind.as_str()));
    let template = env()?.get_template(&name).map_err(|e| template_error(&name, &e))?;
    let text = template
        .render(Value::from(minijinja::value::Serde(&params)))
        .map_err(|e| template_error(&name, &e))?;
    Ok(SmsText {
        params,
        text: text.trim().to_string(),
    })
}

/// A mail: subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailText {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders the mail of `kind` in `lang` with `context`; `unsubscribe_url` adds the one-click
/// unsubscribe line to both parts.
pub fn mail(
    kind: MessageKind,
    lang: Lang,
    context: &impl Serialize,
    unsubscribe_url: Option<&str>,
) -> Result<MailText, AppError> {
    let name = message_name(&format!("mail/{}.{}.txt", kind.as_str(), lang.code()));
    let template = env()?.get_template(&name).map_err(|e| template_error(&name, &e))?;
    let mut captured = template
        .render_captured(Value::from(minijinja::value::Serde(context)))
        .map_err(|e| template_error(&name, &e))?;
    let (subject, body) = captured
        .with_state_mut(|state| {
            Ok::<_, minijinja::Error>((state.render_block("subject")?, state.render_block("body")?))
        })
        .map_err(|e| template_error(&name, &e))?;
    let subject = subject.trim().to_string();
    let body = body.trim().to_string();
    let (label, link) = match lang {
        Lang::Zh => ("不想再收到这类通知？", "一键退订"),
        Lang::En => ("Don't want these messages? ", "Unsubscribe"),
    };
    let text = match unsubscribe_url {
        Some(url) => format!("{body}\n\n-- \n{label}{link}：{url}\n"),
        None => format!("{body}\n"),
    };
    // Paragraphs, each as its lines: the layout escapes every line and joins them with
    // `<br>`, so a line break of the text is one in the HTML part too.
    let paragraphs: Vec<Vec<String>> = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.lines().map(|l| l.trim().to_string()).collect())
        .collect();
    let html = env()?
        .get_template(&message_name("layout.html"))
        .and_then(|t| {
            t.render(minijinja::context! {
                lang => lang.code(),
                subject => subject.clone(),
                paragraphs => paragraphs,
                unsubscribe_url => unsubscribe_url.map(String::from),
                unsubscribe_label => label,
                unsubscribe_link => link,
            })
        })
        .map_err(|e| template_error(&message_name("layout.html"), &e))?;
    Ok(MailText { subject, text, html })
}

/// The SMS templates in the form a district files with its provider (`${name}`
/// placeholders), by kind: what `docs/operations.md` lists.
pub fn sms_templates_for_provider() -> Vec<(MessageKind, String)> {
    MessageKind::ALL
        .iter()
        .filter_map(|kind| {
            let source = crate::templates::source(&message_name(&format!("sms/{}.txt", kind.as_str())))?;
            Some((*kind, provider_form(source.trim())))
        })
        .collect()
}

/// `{{ name }}` → `${name}`.
fn provider_form(source: &str) -> String {
    let mut out = String::new();
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                out.push_str(&format!("${{{}}}", after[..end].trim()));
                rest = &after[end + 2..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a message kind has an SMS template.
pub fn has_sms(kind: MessageKind) -> bool {
    crate::templates::source(&message_name(&format!("sms/{}.txt", kind.as_str()))).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn an_sms_is_its_template_with_the_parameters() {
        let sms = sms(MessageKind::ElderCode, params(&[("code", "042917"), ("purpose", "")])).expect("renders");
        assert!(sms.text.starts_with("【探访】您的探访确认码是042917，"), "{}", sms.text);
        assert_eq!(sms.params["code"], "042917");
    }

    #[test]
    fn a_missing_parameter_is_an_error_not_a_gap() {
        let err = sms(MessageKind::CaseOpened, BTreeMap::new()).expect_err("risk is missing");
        assert!(err.to_string().contains("sms/case_opened.txt"), "{err}");
    }

    #[test]
    fn a_mail_has_a_subject_text_and_escaped_html_with_the_unsubscribe_link() {
        let context = json!({
            "receiver": "李<主任>", "village": "白鹤村", "risk": "用电安全隐患", "severity": "紧急",
            "hours": 24, "due": "11月19日 10:00",
        });
        let mail = mail(
            MessageKind::CaseOpened,
            Lang::Zh,
            &context,
            Some("https://t.example/u?x=1&y=2"),
        )
        .expect("renders");
        assert_eq!(mail.subject, "【探访】新风险个案：用电安全隐患（白鹤村）");
        assert!(mail.text.starts_with("李<主任>，您好："), "{}", mail.text);
        assert!(
            mail.text.contains("一键退订：https://t.example/u?x=1&y=2"),
            "{}",
            mail.text
        );
        assert!(mail.html.contains("李&lt;主任&gt;"), "{}", mail.html);
        // minijinja escapes `/` too (`&#x2f;`), which a mail reader decodes like any entity.
        assert!(mail.html.contains("t.example&#x2f;u?x=1&amp;y=2\""), "{}", mail.html);
        let en = super::mail(MessageKind::CaseOpened, Lang::En, &context, None).expect("renders");
        assert!(!en.html.contains("Unsubscribe"), "{}", en.html);
        assert!(en.subject.starts_with("[Tanfang] New risk case"), "{}", en.subject);
        assert!(!en.text.contains("Unsubscribe"));
    }

    #[test]
    fn a_line_break_of_the_text_is_a_br_in_the_html_after_escaping() {
        let context = json!({
            "receiver": "王<b>", "village": "白鹤村\n二组", "surname": "张", "mode": "上门探访",
            "mode_en": "in person", "start": "11月19日",
        });
        let mail = mail(MessageKind::VisitReminder, Lang::Zh, &context, None).expect("renders");
        assert!(mail.text.contains("白鹤村\n二组"), "{}", mail.text);
        assert!(mail.html.contains("白鹤村<br>\n二组"), "{}", mail.html);
        assert!(mail.html.contains("王&lt;b&gt;"), "{}", mail.html);
        assert!(!mail.html.contains("<b>"), "{}", mail.html);
    }

    #[test]
    fn every_sms_template_is_listed_for_the_provider_in_the_operations_guide() {
        let guide = include_str!("../../../docs/operations.md");
        let templates = sms_templates_for_provider();
        assert!(templates.len() >= 4);
        for (kind, text) in templates {
            assert!(text.contains("${"), "{text}");
            assert!(
                guide.contains(&text),
                "docs/operations.md does not list the {} template: {text}",
                kind.as_str()
            );
        }
    }

    #[test]
    fn locales_pick_english_only_when_asked() {
        assert_eq!(Lang::of_locale(Some("en-US")), Lang::En);
        assert_eq!(Lang::of_locale(Some("zh-CN")), Lang::Zh);
        assert_eq!(Lang::of_locale(None), Lang::Zh);
    }
}
