//! How messages leave, configured like everything else: flags, then `TANFANG_*` environment
//! variables, then defaults (files under the data folder). Secrets never show in `Debug`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use clap::{Args, ValueEnum};
use lettre::message::Mailbox;

use super::transport::{AliyunSms, MailTransport, SmsTransport};
use crate::db::DatabaseUrl;
use crate::domain::message::MessageKind;

/// A secret setting (a password in a URL, an AccessKey secret): kept out of `Debug`.
#[derive(Clone)]
pub struct Secret(pub String);

impl FromStr for Secret {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_string()))
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MailChoice {
    /// `.eml` files under the outbox folder.
    File,
    /// An SMTP server (`--smtp-url`).
    Smtp,
    /// Only a line in the log.
    Log,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmsChoice {
    /// JSON files under the outbox folder.
    File,
    /// 阿里云短信服务 `SendSms`.
    Aliyun,
    /// Only a line in the log.
    Log,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WorkerChoice {
    /// `tanfang serve` sends the outbox itself.
    On,
    /// Another process (`tanfang worker`) sends it.
    Off,
}

#[derive(Debug, Clone, Args)]
pub struct NotifyArgs {
    /// How mail leaves: `file` (default), `smtp` or `log`.
    #[arg(long, env = "TANFANG_MAIL_TRANSPORT", value_enum, default_value_t = MailChoice::File)]
    pub mail_transport: MailChoice,
    /// The SMTP server: `smtp://user:password@host:587?tls=required` (STARTTLS),
    /// `smtps://user:password@host:465` (TLS from the start), or `smtp://host:25` (no TLS: only
    /// for a relay on the same host or a trusted network).
    #[arg(long, env = "TANFANG_SMTP_URL")]
    pub smtp_url: Option<Secret>,
    /// The sender of mail.
    #[arg(long, env = "TANFANG_MAIL_FROM", default_value = "探访 <noreply@tanfang.invalid>")]
    pub mail_from: String,
    /// How SMS leave: `file` (default), `aliyun` or `log`.
    #[arg(long, env = "TANFANG_SMS_TRANSPORT", value_enum, default_value_t = SmsChoice::File)]
    pub sms_transport: SmsChoice,
    /// 阿里云短信服务's endpoint.
    #[arg(
        long,
        env = "TANFANG_ALIYUN_SMS_ENDPOINT",
        default_value = "https://dysmsapi.aliyuncs.com/"
    )]
    pub aliyun_endpoint: String,
    #[arg(long, env = "TANFANG_ALIYUN_ACCESS_KEY_ID")]
    pub aliyun_access_key_id: Option<String>,
    #[arg(long, env = "TANFANG_ALIYUN_ACCESS_KEY_SECRET")]
    pub aliyun_access_key_secret: Option<Secret>,
    /// The approved signature name (短信签名), e.g. `某某区民政局`.
    #[arg(long, env = "TANFANG_SMS_SIGN_NAME")]
    pub sms_sign_name: Option<String>,
    /// The approved template code of each kind, `KIND=CODE` (repeat the flag, or separate
    /// with commas in the variable), e.g. `case_opened=SMS_123456789`.
    #[arg(long = "sms-template", env = "TANFANG_SMS_TEMPLATES", value_delimiter = ',')]
    pub sms_templates: Vec<String>,
    /// The folder of the file transports. Defaults to `outbox` beside the SQLite file, or
    /// `data/outbox` for PostgreSQL.
    #[arg(long, env = "TANFANG_OUTBOX_DIR")]
    pub outbox_dir: Option<PathBuf>,
    /// The address people reach this server at, for links in messages (unsubscribe,
    /// calendar feeds). Defaults to `http://` and the listening address.
    #[arg(long, env = "TANFANG_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Whether `tanfang serve` sends the outbox itself (`on`, default) or leaves it to
    /// `tanfang worker` processes (`off`).
    #[arg(long, env = "TANFANG_WORKER", value_enum, default_value_t = WorkerChoice::On)]
    pub worker: WorkerChoice,
    /// How often an idle worker looks for due messages, in milliseconds.
    #[arg(long, env = "TANFANG_WORKER_POLL_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub worker_poll_ms: u64,
}

impl NotifyArgs {
    /// File transports under `dir`, the worker off: what the tests start with.
    pub fn files_in(dir: &Path) -> NotifyArgs {
        NotifyArgs {
            mail_transport: MailChoice::File,
            smtp_url: None,
            mail_from: "探访 <noreply@tanfang.invalid>".to_string(),
            sms_transport: SmsChoice::File,
            aliyun_endpoint: "https://dysmsapi.aliyuncs.com/".to_string(),
            aliyun_access_key_id: None,
            aliyun_access_key_secret: None,
            sms_sign_name: None,
            sms_templates: Vec::new(),
            outbox_dir: Some(dir.to_path_buf()),
            public_url: None,
            worker: WorkerChoice::Off,
            worker_poll_ms: 1000,
        }
    }

    /// The outbox folder for `db`.
    pub fn outbox_dir(&self, db: &DatabaseUrl) -> PathBuf {
        self.outbox_dir.clone().unwrap_or_else(|| match db {
            DatabaseUrl::Sqlite(file) => match file.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir.join("outbox"),
                _ => PathBuf::from("outbox"),
            },
            DatabaseUrl::Postgres(_) => Path::new("data").join("outbox"),
        })
    }

    /// The mail transport these settings ask for; an error names the setting that is missing
    /// or wrong.
    pub fn mail(&self, db: &DatabaseUrl) -> Result<MailTransport, String> {
        let from: Mailbox = self
            .mail_from
            .parse()
            .map_err(|e| format!("TANFANG_MAIL_FROM (--mail-from) is not a mail address: {e}"))?;
        match self.mail_transport {
            MailChoice::File => Ok(MailTransport::Files {
                dir: self.outbox_dir(db).join("mail"),
                from,
            }),
            MailChoice::Log => Ok(MailTransport::Log),
            MailChoice::Smtp => {
                let url = self
                    .smtp_url
                    .as_ref()
                    .ok_or("--mail-transport smtp needs TANFANG_SMTP_URL (--smtp-url)")?;
                MailTransport::smtp(&url.0, from)
            }
        }
    }

    /// The SMS transport these settings ask for.
    pub fn sms(&self, db: &DatabaseUrl) -> Result<SmsTransport, String> {
        match self.sms_transport {
            SmsChoice::File => Ok(SmsTransport::Files {
                dir: self.outbox_dir(db).join("sms"),
            }),
            SmsChoice::Log => Ok(SmsTransport::Log),
            SmsChoice::Aliyun => {
                let missing = |what: &str| format!("--sms-transport aliyun needs {what}");
                let key_id = self
                    .aliyun_access_key_id
                    .clone()
                    .ok_or_else(|| missing("TANFANG_ALIYUN_ACCESS_KEY_ID"))?;
                let secret = self
                    .aliyun_access_key_secret
                    .clone()
                    .ok_or_else(|| missing("TANFANG_ALIYUN_ACCESS_KEY_SECRET"))?;
                let sign_name = self
                    .sms_sign_name
                    .clone()
                    .ok_or_else(|| missing("TANFANG_SMS_SIGN_NAME"))?;
                Ok(SmsTransport::Aliyun(AliyunSms::new(
                    self.aliyun_endpoint.clone(),
                    key_id,
                    secret.0,
                    sign_name,
                    parse_templates(&self.sms_templates)?,
                )))
            }
        }
    }
}

/// `KIND=CODE` pairs into a map; an unknown kind or a pair without `=` is an error naming it.
pub fn parse_templates(pairs: &[String]) -> Result<BTreeMap<MessageKind, String>, String> {
    let mut templates = BTreeMap::new();
    for pair in pairs.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let (kind, code) = pair
            .split_once('=')
            .ok_or_else(|| format!("--sms-template {pair}: expected KIND=CODE"))?;
        let kind = MessageKind::parse_code(kind.trim()).ok_or_else(|| {
            let kinds: Vec<&str> = MessageKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("--sms-template {pair}: unknown kind (one of {})", kinds.join(", "))
        })?;
        templates.insert(kind, code.trim().to_string());
    }
    Ok(templates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_codes_are_read_per_kind_and_unknown_kinds_refused() {
        let map = parse_templates(&["case_opened=SMS_1".into(), " elder_code = SMS_2 ".into()]).expect("parses");
        assert_eq!(map[&MessageKind::CaseOpened], "SMS_1");
        assert_eq!(map[&MessageKind::ElderCode], "SMS_2");
        let err = parse_templates(&["nonsense=SMS_3".into()]).expect_err("unknown");
        assert!(err.contains("unknown kind"), "{err}");
    }

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let mut args = NotifyArgs::files_in(Path::new("/tmp/x"));
        args.smtp_url = Some(Secret("smtp://u:hunter2@mail:587".into()));
        args.aliyun_access_key_secret = Some(Secret("s3cr3t".into()));
        let shown = format!("{args:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("s3cr3t"), "{shown}");
    }
}
