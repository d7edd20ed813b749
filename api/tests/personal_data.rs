//! No plaintext ID numbers at rest, in logs, or in mail.
//!
//! Runs the real binary on SQLite: `tanfang demo`, then `tanfang serve` with debug logging,
//! and real operations over HTTP (sign-ins, a new elder file with a known 身份证号, an update,
//! refused files — wrong check digit, duplicate —, an unmasked read, a visitor's registration,
//! failed sign-ins). Then it stops the server and reads every byte the two processes left
//! behind — the database file with its `-wal` and `-shm` files, and both processes' output —
//! looking for any 18-character run that is a valid ID number (17 digits and a digit or X that
//! pass `IdNumber::parse`), and for the exact numbers and phone numbers the test sent.
//!
//! Only the unmasked read's HTTP answer may carry a full number (that is its purpose, and it is
//! audited); storage and logs may not, and neither may the answer to an ordinary read, which is
//! scanned too.
//!
//! Mail: Tanfang sends no mail yet, so there is nothing to check. When mail is built, its
//! outgoing messages (or the test mailbox) belong in this scan too.
#![allow(clippy::unwrap_used)]

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde_json::{json, Value};
use tanfang::domain::clock;
use tanfang::domain::id_number::{IdNumber, Sex};

const BIN: &str = env!("CARGO_BIN_EXE_tanfang");
const DEMO_PASSWORD: &str = tanfang::demo::DEMO_PASSWORD;
const DISTRICT: &str = tanfang::demo::generate::DEMO_DISTRICT_CODE;
/// The first village of the first town: `town.organizer` and `village.staff` both reach it.
const VILLAGE: &str = "500199001001";

// --- The scanner ----------------------------------------------------------------------------

/// One valid ID number found in a byte buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hit {
    offset: usize,
    number: String,
}

/// Every valid 身份证号 in `bytes`: each window of 17 ASCII digits followed by a digit or X/x
/// that passes `IdNumber::parse`. Windows inside longer runs of digits count too, so a number
/// embedded in a longer one (a 残疾证号 is the ID number plus two digits) is found.
fn id_numbers_in(bytes: &[u8], today: NaiveDate) -> Vec<Hit> {
    let mut hits = Vec::new();
    // How many ASCII digits end right before position `i`.
    let mut digits = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if digits >= 17 && (b.is_ascii_digit() || b == b'X' || b == b'x') {
            let start = i - 17;
            let window = String::from_utf8_lossy(&bytes[start..=i]);
            if let Some(number) = IdNumber::parse(&window, today)
                .ok()
                .filter(|_| !inside_uuid(bytes, start))
            {
                hits.push(Hit {
                    offset: start,
                    number: number.as_str().to_string(),
                });
            }
        }
        digits = if b.is_ascii_digit() { digits + 1 } else { 0 };
    }
    hits
}

/// Whether `offset` lies inside a UUID (`8-4-4-4-12` hex digits): digits that begin in a
/// UUID's last group and run on into the next stored value (a slot's elder id, then its
/// village code and month) are not an ID number, however their check digit falls. A number
/// stored right after a UUID begins where the UUID ends, and is still found.
fn inside_uuid(bytes: &[u8], offset: usize) -> bool {
    const SHAPE: &[u8; 36] = b"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    (offset.saturating_sub(35)..=offset).any(|start| {
        bytes.get(start..start + 36).is_some_and(|w| {
            w.iter()
                .zip(SHAPE)
                .all(|(b, s)| if *s == b'-' { *b == b'-' } else { b.is_ascii_hexdigit() })
        })
    })
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// What surrounds a hit, for the failure message: printable, with the number itself masked.
fn context(bytes: &[u8], hit: &Hit) -> String {
    let start = hit.offset.saturating_sub(60);
    let end = (hit.offset + 18 + 12).min(bytes.len());
    let before: String = String::from_utf8_lossy(&bytes[start..hit.offset])
        .chars()
        .map(|c| if c.is_control() { '.' } else { c })
        .collect();
    let after: String = String::from_utf8_lossy(&bytes[hit.offset + 18..end])
        .chars()
        .map(|c| if c.is_control() { '.' } else { c })
        .collect();
    let masked = format!("{}********{}", &hit.number[..6], &hit.number[14..]);
    format!("…{before}[{masked}]{after}…")
}

#[test]
fn the_scanner_finds_planted_numbers_and_nothing_else() {
    let today = clock::district_date(tanfang::clock::Clock::system().now());
    let birth = NaiveDate::from_ymd_opt(1951, 7, 9).unwrap();
    let number = IdNumber::from_parts_as_of(DISTRICT, birth, 417, Sex::Male, today).unwrap();
    let number = number.as_str();

    let mut buffer = vec![0u8, 0xff, 0x13, b'"'];
    buffer.extend_from_slice(number.as_bytes());
    buffer.extend_from_slice(b"\"\x00\x02\x7f");
    let hits = id_numbers_in(&buffer, today);
    assert_eq!(hits.len(), 1, "a number between binary bytes");
    assert_eq!(hits[0].number, number);
    assert_eq!(hits[0].offset, 4);

    // Inside a longer run of digits (a disability certificate number), at the end of a buffer,
    // and with a lower-case check character.
    let certificate = format!("{{\"certificate_no\":\"{number}43\"}}");
    assert_eq!(id_numbers_in(certificate.as_bytes(), today).len(), 1);
    assert_eq!(id_numbers_in(number.as_bytes(), today).len(), 1);
    let with_x = (0u16..1000)
        .filter_map(|seq| IdNumber::from_parts_as_of(DISTRICT, birth, seq, Sex::Female, today).ok())
        .find(|n| n.as_str().ends_with('X'))
        .unwrap();
    let lower = with_x.as_str().to_lowercase();
    assert_eq!(id_numbers_in(format!("x{lower}x").as_bytes(), today).len(), 1);

    // Not numbers: a wrong check digit, a masked number, 17 digits, timestamps and codes.
    let mut wrong = number[..17].to_string();
    wrong.push(if number.ends_with('0') { '1' } else { '0' });
    let innocent = format!(
        "{wrong} {} {} 2026-11-23T04:48:11.130956Z 500199001001 20261123000002",
        with_x.masked(),
        &number[..17]
    );
    assert!(id_numbers_in(innocent.as_bytes(), today).is_empty());
    assert!(context(&buffer, &hits[0]).contains("500199********"));
}

// --- A hand-written HTTP/1.1 client ------------------------------------------------------------

/// Sends one request and returns the status and body (`Connection: close`, so the body ends
/// when the stream does; chunked bodies are decoded).
fn http(port: u16, method: &str, path: &str, token: Option<&str>, body: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n{auth}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line: {head}")))?;
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
        data = &data[line_end + 2..];
        if size == 0 || data.len() < size {
            break;
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
    out
}

/// A `tanfang serve` child process, killed when dropped (also when a check fails).
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(db: &Path, log: PathBuf) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let out = File::create(&log).expect("server log file");
        let err = out.try_clone().expect("log handle");
        let child = Command::new(BIN)
            .args(["serve", "--db"])
            .arg(db)
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "debug")
            .env_remove("TANFANG_DB")
            .env_remove("TANFANG_KEY_FILE")
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()
            .expect("start tanfang serve");
        let mut server = Server { child, port, log };
        server.wait_for_health();
        server
    }

    fn wait_for_health(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok((200, _)) = http(self.port, "GET", "/health", None, "") {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                panic!("tanfang serve exited with {status}:\n{log}");
            }
            assert!(Instant::now() < deadline, "tanfang serve did not become healthy");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn graphql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut body = json!({ "query": query });
        body["variables"] = variables;
        let body = body.to_string();
        let (status, text) = http(self.port, "POST", "/graphql", token, &body).expect("POST /graphql");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("HTTP {status}: not JSON ({e}): {text}"))
    }

    fn ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let answer = self.graphql(token, query, variables);
        assert!(answer.get("errors").is_none(), "unexpected errors: {answer:#}");
        answer["data"].clone()
    }

    fn login(&self, username: &str, password: &str) -> String {
        let data = self.ok(None, LOGIN, json!({ "u": username, "p": password }));
        data["login"]["accessToken"].as_str().expect("access token").to_string()
    }

    /// Stops the server the hard way: nothing gets a chance to tidy the WAL up.
    fn kill(mut self) -> PathBuf {
        self.child.kill().expect("kill tanfang serve");
        self.child.wait().expect("reap tanfang serve");
        self.log.clone()
    }
}

const LOGIN: &str = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
const CREATE_ELDER: &str =
    "mutation($input: ElderFileInput!) { createElder(input: $input) { id version idNumber phone } }";
const UPDATE_ELDER: &str = "mutation($id: String!, $v: Int!, $input: ElderFileInput!) {
    updateElder(id: $id, version: $v, input: $input) { id version idNumber disabilityCertificateNo } }";
const UNMASK: &str = "mutation($id: String!, $reason: String!) {
    unmaskElder(id: $id, reason: $reason) { idNumber phone emergencyContactPhones } }";
/// What a village clerk reads without unmasking: the file, its history, the village's list.
const READ_BACK: &str = "query($id: String!, $v: String!) {
    elder(id: $id) { idNumber disabilityCertificateNo history { changes } }
    elders(first: 100, filter: { villageCode: $v }) { edges { node { idNumber disabilityCertificateNo } } } }";
const REGISTER: &str = "mutation($input: VisitorRegistrationInput!) { registerVisitor(input: $input) { id idNumber } }";

fn error_code(answer: &Value) -> Option<&str> {
    answer["errors"][0]["extensions"]["code"].as_str()
}

fn error_field_codes(answer: &Value) -> Vec<String> {
    answer["errors"][0]["extensions"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}",
                        f["field"].as_str().unwrap_or(""),
                        f["code"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn elder_input(id_number: &str, phone: &str, contact_phone: &str) -> Value {
    json!({
        "name": "周桂芳",
        "idNumber": id_number,
        "phone": phone,
        "villageCode": VILLAGE,
        "residenceAddress": "示范路 18 号",
        "urbanRural": "URBAN",
        "abilityLevel": "MILDLY_IMPAIRED",
        "economicStatus": "MINIMUM_LIVING",
        "livingArrangement": "ALONE",
        "familyMembers": [{ "name": "周强", "relation": "儿子", "phone": contact_phone }],
        "emergencyContacts": [
            { "name": "周强", "relation": "儿子", "phone": contact_phone },
            { "name": "王丽", "relation": "居委会工作人员", "phone": "023-67001234" }
        ],
        "categories": ["LIVING_ALONE"],
        "consent": "CONSENTED",
        "consentRecordedOn": "2025-06-01",
        "sharesWithFamily": true
    })
}

/// A file the process wrote, with its bytes.
struct Artifact {
    name: String,
    bytes: Vec<u8>,
}

#[test]
fn no_plaintext_id_number_at_rest_or_in_logs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("t.db");
    let today = clock::district_date(tanfang::clock::Clock::system().now());

    // 1. The demo district, with its output captured.
    let demo = Command::new(BIN)
        .args(["demo", "--db"])
        .arg(&db)
        .args(["--elders", "300"])
        .env("RUST_LOG", "debug")
        .env_remove("TANFANG_DB")
        .env_remove("TANFANG_KEY_FILE")
        .output()
        .expect("run tanfang demo");
    assert!(
        demo.status.success(),
        "tanfang demo failed: {}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let mut demo_output = demo.stdout.clone();
    demo_output.extend_from_slice(&demo.stderr);

    // 2. The server, and the suite's operations over HTTP.
    let server = Server::start(&db, dir.path().join("serve.log"));
    let organizer = server.login("town.organizer", DEMO_PASSWORD);
    let staff = server.login("village.staff", DEMO_PASSWORD);

    // Demo elders use order codes below 600; 871 cannot collide with them.
    let birth = NaiveDate::from_ymd_opt(1944, 3, 15).unwrap();
    let elder_number = IdNumber::from_parts_as_of(DISTRICT, birth, 871, Sex::Male, today).unwrap();
    let elder_number = elder_number.as_str().to_string();
    let (elder_phone, contact_phone) = ("13812345678", "13900001111");
    let certificate = format!("{elder_number}42");

    let created = server.ok(
        Some(&organizer),
        CREATE_ELDER,
        json!({ "input": elder_input(&elder_number, elder_phone, contact_phone) }),
    )["createElder"]
        .clone();
    let elder_id = created["id"].as_str().expect("elder id").to_string();
    let masked = created["idNumber"].as_str().expect("masked number").to_string();
    assert_eq!(masked, format!("{}********{}", &elder_number[..6], &elder_number[14..]));

    // The village staff adds the disability certificate (残疾证号: the ID number and two digits).
    let mut update = elder_input(&elder_number, elder_phone, contact_phone);
    update["residenceAddress"] = json!("示范路 20 号");
    update["disabilityGrade"] = json!(2);
    update["disabilityCertificateNo"] = json!(certificate);
    let updated = server.ok(
        Some(&staff),
        UPDATE_ELDER,
        json!({ "id": elder_id, "v": 1, "input": update }),
    );
    assert_eq!(updated["updateElder"]["version"], 2);

    // Refused files: a mistyped check digit, and the same person again.
    let mut mistyped = elder_number[..17].to_string();
    mistyped.push(if elder_number.ends_with('3') { '4' } else { '3' });
    let refused = server.graphql(
        Some(&organizer),
        CREATE_ELDER,
        json!({ "input": elder_input(&mistyped, elder_phone, contact_phone) }),
    );
    assert_eq!(error_code(&refused), Some("INVALID_INPUT"), "{refused:#}");
    assert!(
        error_field_codes(&refused).contains(&"idNumber:check_digit".to_string()),
        "{refused:#}"
    );
    let duplicate = server.graphql(
        Some(&staff),
        CREATE_ELDER,
        json!({ "input": elder_input(&elder_number, elder_phone, contact_phone) }),
    );
    assert_eq!(error_code(&duplicate), Some("INVALID_INPUT"), "{duplicate:#}");
    assert!(
        error_field_codes(&duplicate).contains(&"idNumber:duplicate".to_string()),
        "{duplicate:#}"
    );

    // An unmasked read: its answer carries the full number (allowed, audited).
    let unmasked = server.ok(
        Some(&organizer),
        UNMASK,
        json!({ "id": elder_id, "reason": "核实低保申请材料" }),
    );
    assert_eq!(unmasked["unmaskElder"]["idNumber"], elder_number.as_str());
    assert_eq!(unmasked["unmaskElder"]["phone"], elder_phone);

    // A visitor registers with a known number; a second try with the same number is refused.
    let visitor_birth = NaiveDate::from_ymd_opt(1990, 10, 3).unwrap();
    let visitor_number = IdNumber::from_parts_as_of(DISTRICT, visitor_birth, 337, Sex::Female, today).unwrap();
    let visitor_number = visitor_number.as_str().to_string();
    let visitor_phone = "13700002222";
    let registration = |username: &str| {
        json!({ "input": {
            "username": username, "password": "correct-horse-42", "realName": "刘晓燕",
            "idNumber": visitor_number, "phone": visitor_phone, "homeVillageCode": VILLAGE,
            "kind": "VOLUNTEER" } })
    };
    let registered = server.ok(None, REGISTER, registration("liu.xiaoyan"));
    assert!(registered["registerVisitor"]["id"].is_string());
    let again = server.graphql(None, REGISTER, registration("liu.xiaoyan2"));
    assert!(
        error_field_codes(&again).contains(&"idNumber:duplicate".to_string()),
        "{again:#}"
    );

    // Failed sign-ins: a wrong password and an unknown account.
    for (username, password) in [("town.organizer", "not-the-password"), ("nobody.here", "whatever-123")] {
        let failed = server.graphql(None, LOGIN, json!({ "u": username, "p": password }));
        assert_eq!(error_code(&failed), Some("LOGIN_FAILED"), "{failed:#}");
    }

    // Ordinary reads show masked numbers only: the full number is for unmaskElder (audited).
    let read = server.graphql(Some(&staff), READ_BACK, json!({ "id": elder_id, "v": VILLAGE }));
    assert!(read.get("errors").is_none(), "{read:#}");
    assert_eq!(
        read["data"]["elder"]["idNumber"],
        masked.as_str(),
        "the file reads back masked"
    );

    // 3. Stop the server and collect everything both processes left behind.
    let log = server.kill();
    let mut artifacts = vec![
        Artifact {
            name: "output of tanfang demo".into(),
            bytes: demo_output,
        },
        Artifact {
            name: "HTTP answer to ordinary reads (elder, history, elders)".into(),
            bytes: read.to_string().into_bytes(),
        },
    ];
    // Every file, in sub-folders too (the photo store lives beside the database).
    let mut folders = vec![dir.path().to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("list temp dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            let bytes = std::fs::read(&path).expect("read artifact");
            artifacts.push(Artifact { name, bytes });
        }
    }
    let names: Vec<&str> = artifacts.iter().map(|a| a.name.as_str()).collect();

    // The scan is not vacuous: the files are there, hold this test's data, and the log saw
    // the requests.
    let artifact = |name: &str| artifacts.iter().find(|a| a.name == name);
    let db_bytes = artifact("t.db").map_or(0, |a| a.bytes.len());
    assert!(
        db_bytes > 100_000,
        "the database file is there ({db_bytes} bytes): {names:?}"
    );
    assert!(
        artifact("t.db-wal").is_some(),
        "the killed server left its write-ahead log: {names:?}"
    );
    let stored = ["t.db", "t.db-wal"]
        .iter()
        .any(|name| artifact(name).is_some_and(|a| contains(&a.bytes, &masked) && contains(&a.bytes, "示范路 20 号")));
    assert!(
        stored,
        "the new elder file (masked number, updated address) is in the scanned files"
    );
    let log_text = std::fs::read_to_string(&log).expect("server log");
    assert!(
        log_text.contains("POST /graphql"),
        "the server log saw the requests:\n{log_text}"
    );

    // 4. No valid ID number anywhere, and none of the values this test sent.
    let mut report = Vec::new();
    for a in &artifacts {
        let hits = id_numbers_in(&a.bytes, today);
        if hits.is_empty() {
            continue;
        }
        let embedded = hits
            .iter()
            .filter(|h| a.bytes.get(h.offset + 18).is_some_and(u8::is_ascii_digit))
            .count();
        report.push(format!(
            "{}: {} valid ID numbers ({embedded} of them the start of a longer run of digits), e.g.",
            a.name,
            hits.len()
        ));
        // A few from different places in the file.
        let step = (hits.len() / 4).max(1);
        for hit in hits.iter().step_by(step).take(4) {
            report.push(format!("    @{}: {}", hit.offset, context(&a.bytes, hit)));
        }
    }
    let secrets = [
        ("the elder's ID number", elder_number.as_str()),
        ("the elder's ID number (first 17)", &elder_number[..17]),
        ("the mistyped ID number", mistyped.as_str()),
        ("the visitor's ID number", visitor_number.as_str()),
        ("the visitor's ID number (first 17)", &visitor_number[..17]),
        ("the elder's phone", elder_phone),
        ("the contact's phone", contact_phone),
        ("the visitor's phone", visitor_phone),
    ];
    for a in &artifacts {
        for (what, value) in secrets {
            if contains(&a.bytes, value) || contains(&a.bytes, &value.to_lowercase()) {
                report.push(format!("{}: {what}, sent by this test, in plaintext", a.name));
            }
        }
    }
    assert!(
        report.is_empty(),
        "plaintext personal numbers at rest or in logs (scanned {names:?}):\n{}",
        report.join("\n")
    );
}

#[test]
fn a_run_of_digits_that_begins_inside_a_uuid_is_not_an_id_number() {
    let uuid = "01a24f74-ce43-75b9-8677-745befeff847";
    let run = format!("{uuid}5001990010022026-12");
    // The digits that begin in the UUID's last group: inside it.
    let digits_at = uuid.len() - 3;
    assert!(inside_uuid(run.as_bytes(), digits_at));
    // A value that starts where the UUID ends is outside it, and so is one with no UUID.
    assert!(!inside_uuid(run.as_bytes(), uuid.len()));
    assert!(!inside_uuid(b"name:110101199003074514;", 5));
}
