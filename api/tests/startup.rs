//! Starting the server as an operator would, with its output going to a file (a pipe here):
//! a port another program holds is reported as a busy port, not as a database outage, and the
//! log written to a file carries no terminal colour codes.
#![allow(clippy::unwrap_used)]

use std::net::TcpListener;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tanfang");

#[test]
fn a_busy_port_is_reported_as_busy_and_the_log_has_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    // Another program holds the port for the whole test.
    let holder = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = holder.local_addr().unwrap().to_string();

    let out = Command::new(BIN)
        .args(["serve", "--addr", &addr, "--db"])
        .arg(&db)
        .arg("--photo-dir")
        .arg(dir.path().join("photos"))
        .env_remove("TANFANG_DB")
        .env_remove("TANFANG_KEY_FILE")
        .env_remove("TANFANG_ADDR")
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);

    assert!(!out.status.success(), "the server started on a busy port: {stderr}");
    assert!(stderr.contains("端口已被占用"), "{stderr}");
    assert!(stderr.contains(&addr), "the message names the address: {stderr}");
    assert!(!stderr.contains("database unavailable"), "{stderr}");
    // The migrations ran and were logged before the bind failed: there is a log to look at.
    assert!(stderr.lines().count() >= 2, "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "colour codes in a log that is not a terminal: {stderr:?}"
    );
    drop(holder);
}
