//! 发送渠道 — how a message leaves: by SMTP (lettre), through an SMS provider's HTTP API
//! (阿里云 `SendSms`), into files under the data folder (the embedded default: the demo
//! sends with no provider and its messages can be read), or only into the log.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::PoolConfig;
use lettre::{Message, SmtpTransport, Transport as _};
use uuid::Uuid;

use super::aliyun::{self, Answer, SendSms};
use crate::db::records::OutboxRow;
use crate::domain::message::{Delivery, MessageKind};

/// One message ready to leave: its row and its receiver's address or number, decrypted.
pub struct Outgoing<'a> {
    pub row: &'a OutboxRow,
    pub to: &'a str,
    /// The one-click unsubscribe link of an optional mail (`List-Unsubscribe`).
    pub unsubscribe: Option<&'a str>,
    /// When it is sent (the provider checks a request's timestamp against its clock).
    pub at: DateTime<Utc>,
}

/// Where mail goes.
pub enum MailTransport {
    Smtp { smtp: Box<SmtpTransport>, from: Mailbox },
    Files { dir: PathBuf, from: Mailbox },
    Log,
}

/// Where SMS go.
pub enum SmsTransport {
    Aliyun(AliyunSms),
    Files { dir: PathBuf },
    Log,
}

/// The 阿里云 `SendSms` client: its endpoint, AccessKey, signature name and the template
/// code the district filed for each kind.
pub struct AliyunSms {
    pub endpoint: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    pub sign_name: String,
    pub templates: BTreeMap<MessageKind, String>,
    pub agent: ureq::Agent,
}

impl AliyunSms {
    pub fn new(
        endpoint: String,
        access_key_id: String,
        access_key_secret: String,
        sign_name: String,
        templates: BTreeMap<MessageKind, String>,
    ) -> AliyunSms {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(15)))
            .http_status_as_error(false)
            .build()
            .into();
        AliyunSms {
            endpoint,
            access_key_id,
            access_key_secret,
            sign_name,
            templates,
            agent,
        }
    }

    /// The signed query string of one SMS (what the request's URL carries after `?`).
    pub fn signed_query(&self, template_code: &str, out: &Outgoing<'_>, nonce: &str, timestamp: &str) -> String {
        let request = SendSms {
            access_key_id: &self.access_key_id,
            phone: out.to,
            sign_name: &self.sign_name,
            template_code,
            template_param: out.row.params.as_deref().unwrap_or("{}"),
            out_id: &out.row.id,
            nonce,
            timestamp,
        };
        let params: Vec<(&str, String)> = request.params().into_iter().collect();
        let signature = aliyun::signature("GET", &params, &self.access_key_secret);
        format!(
            "Signature={}&{}",
            aliyun::percent_encode(&signature),
            aliyun::canonical_query(&params)
        )
    }

    fn send(&self, out: &Outgoing<'_>) -> Delivery {
        let Some(template_code) = self.templates.get(&out.row.kind) else {
            return Delivery::Fatal(format!(
                "no SMS template code is configured for {} (--sms-template {}=SMS_…)",
                out.row.kind.as_str(),
                out.row.kind.as_str()
            ));
        };
        let nonce = Uuid::new_v4().to_string();
        let timestamp = out.at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let url = format!(
            "{}?{}",
            self.endpoint.trim_end_matches('?'),
            self.signed_query(template_code, out, &nonce, &timestamp)
        );
        let response = match self.agent.get(&url).call() {
            Ok(response) => response,
            Err(e) => return Delivery::Retry(format!("SMS provider unreachable: {e}")),
        };
        let status = response.status().as_u16();
        let body: serde_json::Value = match response.into_body().read_json() {
            Ok(body) => body,
            Err(e) => return Delivery::Retry(format!("SMS provider answered HTTP {status} without JSON: {e}")),
        };
        let code = body.get("Code").and_then(|c| c.as_str()).unwrap_or("");
        let message = body.get("Message").and_then(|c| c.as_str()).unwrap_or("");
        match aliyun::answer(code) {
            Answer::Accepted => Delivery::Sent,
            Answer::TryAgain => Delivery::Retry(format!("SMS provider: {code} {message}")),
            Answer::Refused if status >= 500 => {
                Delivery::Retry(format!("SMS provider HTTP {status}: {code} {message}"))
            }
            Answer::Refused => Delivery::Fatal(format!("SMS provider refused: {code} {message}")),
        }
    }
}

impl SmsTransport {
    pub fn send(&self, out: &Outgoing<'_>) -> Delivery {
        match self {
            SmsTransport::Aliyun(client) => client.send(out),
            SmsTransport::Files { dir } => {
                let params: serde_json::Value = out
                    .row
                    .params
                    .as_deref()
                    .and_then(|p| serde_json::from_str(p).ok())
                    .unwrap_or_default();
                let file = serde_json::json!({
                    "messageId": out.row.id,
                    "kind": out.row.kind.as_str(),
                    "to": out.to,
                    "params": params,
                    "text": out.row.body,
                });
                write_file(dir, &format!("{}.json", out.row.id), file.to_string().as_bytes())
            }
            SmsTransport::Log => {
                log_message("sms", out);
                Delivery::Sent
            }
        }
    }
}

impl MailTransport {
    /// SMTP at `url` (`smtp://user:pass@host:587?tls=required` for STARTTLS, `smtps://…` for
    /// TLS from the start, `smtp://host:25` without TLS for a relay on the same host), with a
    /// pool that keeps a connection open between messages, one for each of a pass's senders.
    pub fn smtp(url: &str, from: Mailbox) -> Result<MailTransport, String> {
        let smtp = SmtpTransport::from_url(url)
            .map_err(|e| format!("SMTP URL: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .pool_config(PoolConfig::new().max_size(super::worker::SENDERS as u32))
            .build();
        Ok(MailTransport::Smtp {
            smtp: Box::new(smtp),
            from,
        })
    }

    pub fn send(&self, out: &Outgoing<'_>) -> Delivery {
        match self {
            MailTransport::Smtp { smtp, from } => {
                let message = match build_mail(from, out) {
                    Ok(message) => message,
                    Err(e) => return Delivery::Fatal(e),
                };
                match smtp.send(&message) {
                    Ok(_) => Delivery::Sent,
                    Err(e) if e.is_permanent() => Delivery::Fatal(format!("SMTP: {e}")),
                    Err(e) => Delivery::Retry(format!("SMTP: {e}")),
                }
            }
            MailTransport::Files { dir, from } => match build_mail(from, out) {
                Ok(message) => write_file(dir, &format!("{}.eml", out.row.id), &message.formatted()),
                Err(e) => Delivery::Fatal(e),
            },
            MailTransport::Log => {
                log_message("email", out);
                Delivery::Sent
            }
        }
    }
}

/// The `Message-ID` of a row: the same on every try.
pub fn message_id(row: &OutboxRow) -> String {
    format!("<{}@tanfang>", row.id)
}

/// The mail of a row: plain text and HTML, an attachment when it has one, its stable
/// `Message-ID`, and for an optional kind the one-click unsubscribe headers (RFC 8058).
pub fn build_mail(from: &Mailbox, out: &Outgoing<'_>) -> Result<Message, String> {
    let to: Mailbox = out
        .to
        .parse::<lettre::Address>()
        .map(|address| Mailbox::new(Some(out.row.recipient_name.clone()), address))
        .map_err(|e| format!("the receiver's address is not valid: {e}"))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(out.row.subject.clone().unwrap_or_default())
        .message_id(Some(message_id(out.row)));
    if let Some(url) = out.unsubscribe {
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_string(),
            ));
    }
    let body = MultiPart::alternative()
        .singlepart(SinglePart::plain(out.row.body.clone()))
        .singlepart(SinglePart::html(out.row.html_body.clone().unwrap_or_default()));
    let content = match (&out.row.attachment_name, &out.row.attachment) {
        (Some(name), Some(file)) => {
            let kind = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                .map_err(|e| format!("attachment type: {e}"))?;
            MultiPart::mixed()
                .multipart(body)
                .singlepart(Attachment::new(name.clone()).body(file.clone(), kind))
        }
        _ => body,
    };
    builder
        .multipart(content)
        .map_err(|e| format!("the mail cannot be built: {e}"))
}

/// Writes `name` into `dir` whole or not at all (a temporary file renamed), so a reader of
/// the folder never sees half a message; a message sent again overwrites its own file.
fn write_file(dir: &Path, name: &str, content: &[u8]) -> Delivery {
    let result = std::fs::create_dir_all(dir).and_then(|()| {
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, content)?;
        std::fs::rename(&tmp, dir.join(name))
    });
    match result {
        Ok(()) => Delivery::Sent,
        Err(e) => Delivery::Retry(format!("cannot write the message file: {e}")),
    }
}

/// The log transport: that a message of a kind went to a masked receiver, and its id —
/// never its text (a code) or the receiver's number.
fn log_message(channel: &str, out: &Outgoing<'_>) {
    tracing::info!(
        channel,
        kind = out.row.kind.as_str(),
        message_id = %out.row.id,
        to = out.row.recipient_masked.as_deref().unwrap_or(""),
        "message sent to the log only"
    );
}
