//! 写入待发通知 — how a use case makes a message due: in its own transaction, one outbox row
//! per receiver and channel, its text rendered from the kind's template now. The worker
//! ([`super::worker`]) sends it later. Texts never carry an ID number, and carry about the
//! elder only what the receiver's role may read (the village, the surname, the kind of risk).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde_json::Value;
use uuid::Uuid;

use super::compose::{self, Lang};
use crate::db::models::UserRow;
use crate::db::records::OutboxRow;
use crate::db::users::USER_EMAIL;
use crate::db::{outbox, records, DbConn};
use crate::domain::id::{AccountId, CaseId};
use crate::domain::message::{mask_email, Channel, MessageKind};
use crate::error::{AppError, AppResult};
use crate::service::Call;

/// Encryption context of the outbox's recipients (phone numbers and mail addresses).
pub const OUTBOX_RECIPIENT: &str = "outbox.recipient";

/// What every row of one message shares.
#[derive(Debug, Clone)]
pub struct Message {
    pub kind: MessageKind,
    pub case_id: Option<CaseId>,
    /// When it is due (now unless later: a reminder written ahead).
    pub due_at: Option<NaiveDateTime>,
    /// One message per key: a message whose key was written already is not written again.
    pub dedupe_key: Option<String>,
    /// The area it is about (a case's village, the receiver's area).
    pub area_code: Option<String>,
}

impl Message {
    pub fn new(kind: MessageKind) -> Message {
        Message {
            kind,
            case_id: None,
            due_at: None,
            dedupe_key: None,
            area_code: None,
        }
    }

    /// The message is about `area_code`.
    pub fn in_area(mut self, area_code: &str) -> Message {
        self.area_code = Some(area_code.to_string());
        self
    }

    pub fn for_case(kind: MessageKind, case_id: &CaseId) -> Message {
        Message {
            case_id: Some(case_id.clone()),
            ..Message::new(kind)
        }
    }

    pub fn keyed(mut self, key: String) -> Message {
        self.dedupe_key = Some(key);
        self
    }

    fn row(
        &self,
        call: &Call,
        channel: Channel,
        recipient_kind: &str,
        recipient_name: &str,
        body: String,
    ) -> OutboxRow {
        OutboxRow {
            id: Uuid::now_v7().to_string(),
            case_id: self.case_id.clone(),
            channel,
            recipient_kind: recipient_kind.to_string(),
            recipient_name: recipient_name.to_string(),
            recipient_enc: None,
            recipient_masked: None,
            recipient_user_id: None,
            body,
            created_at: call.now,
            sent_at: None,
            attempts: 0,
            kind: self.kind,
            params: None,
            subject: None,
            html_body: None,
            attachment_name: None,
            attachment: None,
            secret: false,
            due_at: match channel {
                Channel::InApp => None,
                Channel::Sms | Channel::Email => Some(self.due_at.unwrap_or(call.now)),
            },
            leased_until: None,
            last_error: None,
            dead_at: None,
            area_code: self.area_code.clone(),
            dedupe_key: self.dedupe_key.clone(),
        }
    }
}

/// A phone number to text, and whose it is (`recipient_kind` such as `emergency_contact`,
/// `elder`, `visitor`; `name` as staff may read it).
pub struct Phone<'a> {
    pub recipient_kind: &'a str,
    pub name: &'a str,
    pub number: &'a str,
    pub masked: &'a str,
}

/// A file attached to a mail (an `.ics` of a claimed visit).
pub struct Attachment {
    pub name: String,
    pub content: String,
}

/// Whether `account` has switched `kind` off (never for the kinds that cannot be).
pub fn switched_off(conn: &mut DbConn, account: &AccountId, kind: MessageKind) -> AppResult<bool> {
    Ok(kind.may_opt_out() && outbox::opted_out(conn, account)?.contains(&kind))
}

fn written_already(conn: &mut DbConn, message: &Message) -> AppResult<bool> {
    match &message.dedupe_key {
        Some(key) => Ok(outbox::exists_key(conn, key)?),
        None => Ok(false),
    }
}

/// Writes an SMS of `message.kind` to `to`, its template filled with `params`. A `secret`
/// parameter (a confirmation code) is blanked once the SMS is sent.
pub fn sms(
    conn: &mut DbConn,
    call: &Call,
    message: &Message,
    to: &Phone<'_>,
    params: BTreeMap<String, String>,
    secret: bool,
) -> AppResult<()> {
    if written_already(conn, message)? {
        return Ok(());
    }
    let text = compose::sms(message.kind, params)?;
    let mut row = message.row(call, Channel::Sms, to.recipient_kind, to.name, text.text);
    row.recipient_enc = Some(call.cipher.encrypt(OUTBOX_RECIPIENT, to.number));
    row.recipient_masked = Some(to.masked.to_string());
    row.params = Some(serde_json::to_string(&text.params).map_err(|e| AppError::Internal(e.to_string()))?);
    row.secret = secret;
    Ok(records::insert_outbox(conn, &[row])?)
}

/// Tells an account: a line in the app always, and a mail in its language when it has an
/// address and has not switched the kind off. `context` fills the mail's template; the
/// receiver's name is added as `receiver`. Returns whether a mail was written.
pub fn to_account(
    conn: &mut DbConn,
    call: &Call,
    message: &Message,
    account: &UserRow,
    recipient_kind: &str,
    context: Value,
    attachment: Option<Attachment>,
) -> AppResult<bool> {
    if written_already(conn, message)? {
        return Ok(false);
    }
    let message = &match (&message.area_code, &account.area_code) {
        (None, Some(area)) => message.clone().in_area(area),
        _ => message.clone(),
    };
    let lang = Lang::of_locale(account.locale.as_deref());
    let mut context = context;
    if let Value::Object(map) = &mut context {
        map.insert("receiver".into(), Value::String(account.display_name.clone()));
    }
    if switched_off(conn, &account.id, message.kind)? {
        return Ok(false);
    }
    let unsubscribe = message
        .kind
        .may_opt_out()
        .then(|| super::unsubscribe::url(call, &account.id, message.kind));
    let mail = compose::mail(message.kind, lang, &context, unsubscribe.as_deref())?;
    let mut in_app = message.row(
        call,
        Channel::InApp,
        recipient_kind,
        &account.display_name,
        mail.subject.clone(),
    );
    in_app.recipient_user_id = Some(account.id.clone());
    // The key belongs to the message, which the mail row carries when there is one.
    let mut rows = vec![];
    let mut mailed = false;
    if let Some(enc) = &account.email_enc {
        let address = call
            .cipher
            .decrypt(USER_EMAIL, enc)
            .map_err(|_| AppError::Internal("account email cannot be decrypted".into()))?;
        let mut row = message.row(call, Channel::Email, recipient_kind, &account.display_name, mail.text);
        row.recipient_enc = Some(call.cipher.encrypt(OUTBOX_RECIPIENT, &address));
        row.recipient_masked = Some(mask_email(&address));
        row.recipient_user_id = Some(account.id.clone());
        row.subject = Some(mail.subject);
        row.html_body = Some(mail.html);
        if let Some(file) = attachment {
            row.attachment_name = Some(file.name);
            row.attachment = Some(file.content);
        }
        in_app.dedupe_key = None;
        rows.push(row);
        mailed = true;
    }
    rows.push(in_app);
    records::insert_outbox(conn, &rows)?;
    Ok(mailed)
}

/// Writes a line shown in the app only (`account` when it is someone's, else a role's line
/// such as the town's when no one owns a case yet).
pub fn in_app(
    conn: &mut DbConn,
    call: &Call,
    message: &Message,
    recipient_kind: &str,
    recipient_name: &str,
    account: Option<&AccountId>,
    line: String,
) -> AppResult<()> {
    if written_already(conn, message)? {
        return Ok(());
    }
    let mut row = message.row(call, Channel::InApp, recipient_kind, recipient_name, line);
    row.recipient_user_id = account.cloned();
    Ok(records::insert_outbox(conn, &[row])?)
}
