//! Two real peers on loopback for the outbox's transports: an SMTP server (mailin-embedded)
//! that keeps every mail it receives, and an HTTP server speaking 阿里云短信服务's `SendSms`
//! that checks each request's signature the way the provider documents it, independently of
//! the server's code, and answers with the code a test asks for.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use base64::Engine;
use hmac::{Hmac, Mac};
use mailin_embedded::response::OK;
use mailin_embedded::{Handler, Response, Server, SslConfig};
use tanfang::db::Database;
use tanfang::notify::config::parse_templates;
use tanfang::notify::transport::{AliyunSms, MailTransport, SmsTransport};
use tanfang::notify::worker::Worker;

/// One mail as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
    /// When the server had the whole mail (the end of `DATA`).
    pub at: Instant,
}

#[derive(Clone)]
struct Collect {
    inbox: Arc<Mutex<Vec<Received>>>,
    current: Option<Received>,
}

impl Handler for Collect {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            from: from.to_string(),
            to: to.to_vec(),
            data: Vec::new(),
            at: Instant::now(),
        });
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(mail) = &mut self.current {
            mail.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(mut mail) = self.current.take() {
            mail.at = Instant::now();
            self.inbox.lock().expect("inbox").push(mail);
        }
        OK
    }
}

/// A real SMTP server on a free loopback port; it runs until the test process ends.
pub struct SmtpServer {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Received>>>,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let mut server = Server::new(Collect {
            inbox: inbox.clone(),
            current: None,
        });
        server
            .with_name("mail.test")
            // More threads than the worker has senders: each pooled connection holds a thread.
            .with_num_threads(16)
            .with_ssl(SslConfig::None)
            .expect("no tls")
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpServer { port, inbox }
    }

    /// `smtp://127.0.0.1:PORT` (no TLS on loopback): what `TANFANG_SMTP_URL` would say.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.inbox.lock().expect("inbox").clone()
    }

    /// How many mails have arrived (without copying them).
    pub fn count(&self) -> usize {
        self.inbox.lock().expect("inbox").len()
    }
}

/// One `SendSms` request the loopback provider accepted as correctly signed.
#[derive(Debug, Clone)]
pub struct SmsRequest {
    pub params: BTreeMap<String, String>,
    /// The code the provider answered.
    pub answered: String,
    /// When the provider had read the request.
    pub at: Instant,
}

impl SmsRequest {
    pub fn template_params(&self) -> serde_json::Value {
        serde_json::from_str(&self.params["TemplateParam"]).expect("TemplateParam is JSON")
    }
}

/// A loopback stand-in for 阿里云短信服务 (`SendSms`, version 2017-05-25): it recomputes each
/// request's signature from the AccessKey secret, answers `SignatureDoesNotMatch` when it
/// differs, and otherwise answers the next code of its script (then `OK`).
pub struct SmsProvider {
    pub port: u16,
    requests: Arc<Mutex<Vec<SmsRequest>>>,
    script: Arc<Mutex<Vec<String>>>,
}

pub const SMS_KEY_ID: &str = "LTAItestkeyid";
pub const SMS_KEY_SECRET: &str = "loopback-secret";

impl SmsProvider {
    pub fn start() -> SmsProvider {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind sms");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
        let (seen, next) = (requests.clone(), script.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, next) = (seen.clone(), next.clone());
                std::thread::spawn(move || serve_one(stream, &seen, &next));
            }
        });
        SmsProvider { port, requests, script }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The codes the next requests are answered with, in order (`OK` after them).
    pub fn answer_next(&self, codes: &[&str]) {
        let mut script = self.script.lock().expect("script");
        script.extend(codes.iter().map(|c| (*c).to_string()));
    }

    /// The correctly signed requests received.
    pub fn requests(&self) -> Vec<SmsRequest> {
        self.requests.lock().expect("requests").clone()
    }

    /// How many correctly signed requests have arrived.
    pub fn count(&self) -> usize {
        self.requests.lock().expect("requests").len()
    }
}

fn serve_one(stream: TcpStream, seen: &Mutex<Vec<SmsRequest>>, script: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                break;
            }
        }
        let target = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let query = target.split_once('?').map_or("", |(_, q)| q);
        let params: BTreeMap<String, String> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (decode(k), decode(v)))
            .collect();
        let code = if params.get("Signature") == Some(&expected_signature(&params)) {
            let code = {
                let mut script = script.lock().expect("script");
                if script.is_empty() {
                    "OK".to_string()
                } else {
                    script.remove(0)
                }
            };
            seen.lock().expect("seen").push(SmsRequest {
                params: params.clone(),
                answered: code.clone(),
                at: Instant::now(),
            });
            code
        } else {
            "SignatureDoesNotMatch".to_string()
        };
        let body = serde_json::json!({
            "Code": code, "Message": if code == "OK" { "OK" } else { "refused by the loopback provider" },
            "RequestId": "00000000-0000-0000-0000-000000000000", "BizId": "loopback^0",
        })
        .to_string();
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if reader.get_mut().write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// The signature of the documentation: HMAC-SHA1, keyed with the secret and `&`, over
/// `GET&%2F&` + the percent-encoded, sorted, percent-encoded query (without `Signature`).
fn expected_signature(params: &BTreeMap<String, String>) -> String {
    let canonical: Vec<String> = params
        .iter()
        .filter(|(k, _)| k.as_str() != "Signature")
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    let to_sign = format!("GET&%2F&{}", encode(&canonical.join("&")));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{SMS_KEY_SECRET}&").as_bytes()).expect("key");
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => {
                let hex = std::str::from_utf8(hex).unwrap_or("");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A worker of `app`, as `tanfang serve` runs it, that mails through `smtp` and texts through
/// `sms` with the template codes `templates` (`kind=CODE`, as `--sms-template` takes them).
pub fn worker(app: &crate::TestApp, smtp: &SmtpServer, sms: &SmsProvider, templates: &[&str]) -> Worker {
    let db = Database::open(&app.db.url).expect("open");
    let from = "探访 <noreply@tanfang.test>".parse().expect("from");
    let mail = MailTransport::smtp(&smtp.url(), from).expect("smtp");
    let templates: Vec<String> = templates.iter().map(|t| (*t).to_string()).collect();
    let sms = SmsTransport::Aliyun(AliyunSms::new(
        sms.endpoint(),
        SMS_KEY_ID.into(),
        SMS_KEY_SECRET.into(),
        "某某区民政局".into(),
        parse_templates(&templates).expect("templates"),
    ));
    Worker::new(db, app.keys().cipher(), crate::packs(), app.clock.clone(), mail, sms)
}

/// Gives `username` a mail address, stored as the server stores one.
pub fn set_email(app: &crate::TestApp, username: &str, address: &str) {
    let enc = app.keys().cipher().encrypt("users.email", address);
    let sql = format!("UPDATE users SET email_enc = '{enc}', email_masked = 'x***' WHERE username = '{username}'");
    diesel::connection::SimpleConnection::batch_execute(&mut app.db.connect(), &sql).expect("set email");
}
