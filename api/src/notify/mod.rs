//! 通知 — messages that reach people. Use cases write them into the outbox in their own
//! transaction ([`queue`]), rendered from templates ([`compose`]); a worker ([`worker`])
//! sends them through the configured transports ([`transport`]: SMTP, 阿里云短信, files, the
//! log) and runs the periodic jobs ([`jobs`]).

pub mod aliyun;
pub mod compose;
pub mod config;
pub mod jobs;
pub mod queue;
pub mod transport;
pub mod unsubscribe;
pub mod worker;

use std::sync::OnceLock;

static PUBLIC_BASE: OnceLock<String> = OnceLock::new();

/// Sets the address people reach this server at (`--public-url`), the base of every link
/// handed out: in messages and calendar feed URLs alike, never the request's `Host` header
/// (which a client chooses). The first setting of the process holds (one server per process).
pub fn set_public_base(url: &str) {
    let _ = PUBLIC_BASE.set(url.trim_end_matches('/').to_string());
}

/// The base of links handed out (`http://127.0.0.1:8080` until set).
pub fn public_base() -> &'static str {
    PUBLIC_BASE.get().map_or("http://127.0.0.1:8080", String::as_str)
}
