//! 巡访照片 over HTTP on both backends: an upload loses its EXIF (GPS) before it is stored under
//! its hash, the same picture is stored once, refused uploads leave no row and no file, and a
//! photo is shown only to its uploader and to whoever can see a record that references it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::json;
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang::service::photos::sha256_hex;
use tanfang_e2e::images::jpeg_with_gps;
use tanfang_e2e::town::{register_visitor, DISTRICT, TOWN, VILLAGE, VILLAGE2};
use tanfang_e2e::{count, per_backend, row_counts, Backend, TestApp, PASSWORD};

const MIB: usize = 1024 * 1024;

// ---- images, built by hand -------------------------------------------------------------

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                0xEDB8_8320 ^ (crc >> 1)
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = u32::try_from(data.len()).expect("short chunk").to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    c.extend_from_slice(&crc32(&c[4..]).to_be_bytes());
    c
}

/// A 1×1 PNG with a text chunk.
fn png_with_text() -> Vec<u8> {
    [
        vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'],
        chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
        chunk(b"tEXt", b"Comment\0GPS 29.7012N 106.6034E"),
        chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 2, 0, 1]),
        chunk(b"IEND", &[]),
    ]
    .concat()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// ---- HTTP ------------------------------------------------------------------------------

fn client() -> awc::Client {
    awc::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .finish()
}

struct Fetched {
    status: u16,
    header: std::collections::HashMap<String, String>,
    body: Vec<u8>,
}

/// `GET /photos/{sha}`.
async fn fetch(app: &TestApp, token: Option<&str>, sha: &str) -> Fetched {
    let mut request = client().get(format!("{}/photos/{sha}", app.base));
    if let Some(token) = token {
        request = request.insert_header(("authorization", format!("Bearer {token}")));
    }
    let mut response = request.send().await.expect("GET /photos");
    let header = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let body = response.body().limit(16 << 20).await.expect("body").to_vec();
    Fetched {
        status: response.status().as_u16(),
        header,
        body,
    }
}

/// Every file under `dir`, relative paths, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                out.push(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

// ---- the district ----------------------------------------------------------------------

struct People {
    admin: String,
    organizer: String,
    /// Village staff of [`VILLAGE2`].
    staff2: String,
    visitors: Vec<(String, String)>,
}

/// A town with two villages; the district admin, a town organizer, village staff of the
/// second village and two approved visitors of the first (id, token).
async fn district(app: &TestApp) -> People {
    let admin = app.bootstrap(DISTRICT, "渝北区", "admin").await;
    let area = "mutation($input: AreaInput!) { createArea(input: $input) { code } }";
    for (code, parent) in [(TOWN, DISTRICT), (VILLAGE, TOWN), (VILLAGE2, TOWN)] {
        let input = json!({ "code": code, "name": format!("区划{code}"), "parentCode": parent });
        app.with(&admin).ok(area, json!({ "input": input })).await;
    }
    let staff = "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }";
    for (username, role, code) in [("org", "TOWN_ORGANIZER", TOWN), ("staff2", "VILLAGE_STAFF", VILLAGE2)] {
        let input = json!({ "username": username, "displayName": username, "password": PASSWORD,
                            "role": role, "areaCode": code });
        app.with(&admin).ok(staff, json!({ "input": input })).await;
    }
    let organizer = app.token("org", PASSWORD).await;
    let staff2 = app.token("staff2", PASSWORD).await;
    let mut visitors = Vec::new();
    for n in 1..=2u16 {
        let born = NaiveDate::from_ymd_opt(1990, 3, 4).expect("date");
        let username = format!("visitor{n}");
        visitors.push(register_visitor(app, Some(&organizer), &username, born, 2 * n + 1, "VOLUNTEER").await);
    }
    People {
        admin,
        organizer,
        staff2,
        visitors,
    }
}

/// A submitted visit record of an elder in [`VILLAGE`] by `visitor` that references `sha`
/// (written directly: the records API is not what is under test here).
async fn record_referencing(app: &TestApp, organizer: &str, visitor: &str, sha: &str) {
    let born = NaiveDate::from_ymd_opt(1940, 5, 6).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 7, Sex::Male, tanfang_e2e::today()).expect("id");
    let elder = app
        .with(organizer)
        .create_elder(
            json!({ "name": "老人", "idNumber": id_number.as_str(), "villageCode": VILLAGE,
            "residenceAddress": "一组", "urbanRural": "RURAL", "abilityLevel": "INTACT",
            "economicStatus": "ORDINARY", "livingArrangement": "ALONE", "consent": "CONSENTED",
            "consentRecordedOn": "2025-06-01" }),
        )
        .await;
    let mut conn = app.db.connect();
    use diesel::RunQueryDsl;
    diesel::sql_query(format!(
        "INSERT INTO visit_records (id, submission_id, elder_id, village_code, slot_id, visitor_id, \
         submitted_by, visit_no, started_at, ended_at, mode, status, body_enc, body_sha256, review_comment, \
         reviewed_by, reviewed_at, submitted_at, version, record_no) VALUES ('rec-1', 'sub-1', '{elder}', '{VILLAGE}', \
         NULL, '{visitor}', '{visitor}', 1, '2026-05-06 09:00:00', '2026-05-06 10:00:00', 'in_person', \
         'submitted', 'x', 'y', NULL, NULL, NULL, '2026-05-06 10:00:00', 1, '2026-000001')"
    ))
    .execute(&mut conn)
    .expect("insert visit record");
    diesel::sql_query(format!(
        "INSERT INTO record_photos (record_id, sha256) VALUES ('rec-1', '{sha}')"
    ))
    .execute(&mut conn)
    .expect("insert record photo");
}

fn photo_reads(app: &TestApp) -> i64 {
    count(
        &mut app.db.connect(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'photo.read'",
    )
}

// ---- tests -----------------------------------------------------------------------------

async fn uploads_are_stripped_stored_once_by_hash_and_refusals_leave_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let people = district(&app).await;
    let visitor = people.visitors[0].1.clone();
    let (jpeg, jpeg_clean) = jpeg_with_gps();

    let (status, answer) = app.upload_photo(Some(&visitor), "image/jpeg", jpeg.clone()).await;
    assert_eq!(status, 201, "{backend:?}: {answer}");
    let sha = answer["sha256"].as_str().expect("sha256").to_string();
    let path = app.photo_dir.join(&sha[..2]).join(&sha);
    let stored = std::fs::read(&path).expect("the file is stored under its hash");
    assert!(
        !contains(&stored, b"Exif") && !contains(&stored, b"GPS"),
        "EXIF left in"
    );
    assert_eq!(stored, jpeg_clean, "everything but the EXIF segment is kept as is");
    assert_eq!(sha256_hex(&stored), sha);
    assert_eq!(
        answer,
        json!({ "ref": format!("photos/{sha}"), "sha256": sha, "contentType": "image/jpeg",
                "byteSize": stored.len() })
    );

    // The same picture again: the same reference, one row, one file.
    let (status, again) = app.upload_photo(Some(&visitor), "image/jpeg", jpeg.clone()).await;
    assert_eq!((status, &again), (201, &answer));
    assert_eq!(row_counts(&app, &["photos"]), [1]);
    assert_eq!(files(&app.photo_dir).len(), 1);

    // Refusals, each with its code; none writes a row, a file or an audit entry.
    let before = (row_counts(&app, &["photos", "audit_log"]), files(&app.photo_dir));
    let mut oversized = jpeg.clone();
    oversized.resize(8 * MIB + 1, 0);
    let truncated = jpeg[..jpeg.len() - 3].to_vec();
    let token = Some(visitor.as_str());
    /// What, as whom, declared type, body, expected status and code.
    type Case<'a> = (&'a str, Option<&'a str>, &'a str, Vec<u8>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            "text",
            token,
            "image/jpeg",
            b"just some text, not a picture".to_vec(),
            415,
            "unsupported_type",
        ),
        (
            "declared text",
            token,
            "text/plain",
            jpeg.clone(),
            415,
            "unsupported_type",
        ),
        ("no type", token, "", jpeg.clone(), 415, "unsupported_type"),
        (
            "PNG as JPEG",
            token,
            "image/jpeg",
            png_with_text(),
            400,
            "type_mismatch",
        ),
        ("over 8 MiB", token, "image/jpeg", oversized, 413, "too_large"),
        ("truncated", token, "image/jpeg", truncated, 400, "malformed"),
        ("empty", token, "image/jpeg", Vec::new(), 400, "empty"),
        ("anonymous", None, "image/jpeg", jpeg.clone(), 401, "UNAUTHENTICATED"),
        (
            "bad token",
            Some("not-a-token"),
            "image/jpeg",
            jpeg.clone(),
            401,
            "UNAUTHENTICATED",
        ),
        (
            "district admin",
            Some(people.admin.as_str()),
            "image/jpeg",
            jpeg.clone(),
            403,
            "FORBIDDEN",
        ),
    ];
    for (what, token, content_type, body, status, code) in cases {
        let (got, answer) = app.upload_photo(token, content_type, body).await;
        assert_eq!(got, status, "{backend:?} {what}: {answer}");
        assert_eq!(answer["error"]["code"], code, "{backend:?} {what}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(" ("),
            "{what}: Chinese first, English in parentheses: {message}"
        );
    }
    let (_, mismatch) = app.upload_photo(token, "image/jpeg", png_with_text()).await;
    assert_eq!(mismatch["error"]["field"], "contentType");
    assert_eq!(
        (row_counts(&app, &["photos", "audit_log"]), files(&app.photo_dir)),
        before,
        "{backend:?}: a refused upload wrote something"
    );

    // A PNG is accepted as a PNG, without its text chunk; organizers may upload too.
    let (status, png) = app
        .upload_photo(Some(&people.organizer), "image/png", png_with_text())
        .await;
    assert_eq!(status, 201, "{png}");
    assert_eq!(png["contentType"], "image/png");
    let sha = png["sha256"].as_str().expect("sha256");
    let stored = std::fs::read(app.photo_dir.join(&sha[..2]).join(sha)).expect("stored");
    assert!(!contains(&stored, b"tEXt") && !contains(&stored, b"GPS"));
    assert_eq!(row_counts(&app, &["photos"]), [2]);
}
per_backend!(uploads_are_stripped_stored_once_by_hash_and_refusals_leave_nothing);

async fn a_photo_is_shown_to_its_uploader_and_to_who_sees_its_record_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let people = district(&app).await;
    let (uploader, other) = (people.visitors[0].1.clone(), people.visitors[1].clone());
    let (jpeg, _) = jpeg_with_gps();
    let (status, answer) = app.upload_photo(Some(&uploader), "image/jpeg", jpeg).await;
    assert_eq!(status, 201, "{answer}");
    let sha = answer["sha256"].as_str().expect("sha256").to_string();
    let stored = std::fs::read(app.photo_dir.join(&sha[..2]).join(&sha)).expect("stored");

    let mine = fetch(&app, Some(&uploader), &sha).await;
    assert_eq!(mine.status, 200, "{backend:?}");
    assert_eq!(mine.body, stored);
    assert_eq!(mine.header["content-type"], "image/jpeg");
    assert_eq!(mine.header["cache-control"], "private, max-age=86400");
    assert_eq!(mine.header["x-content-type-options"], "nosniff");

    // Nobody else sees it yet — and cannot tell it from a photo that does not exist.
    let absent = fetch(&app, Some(&uploader), &"0".repeat(64)).await;
    assert_eq!(absent.status, 404);
    for token in [&other.1, &people.organizer, &people.staff2] {
        let theirs = fetch(&app, Some(token), &sha).await;
        assert_eq!(theirs.status, 404, "{backend:?}");
        assert_eq!(theirs.body, absent.body, "a hidden photo answers like a missing one");
    }
    assert_eq!(fetch(&app, Some(&uploader), "not-a-hash").await.status, 404);
    assert_eq!(fetch(&app, None, &sha).await.status, 401);
    assert_eq!(photo_reads(&app), 0);

    // A record by the other visitor references it: that visitor and the town organizer
    // see it (each read audited); staff of another village still do not.
    record_referencing(&app, &people.organizer, &other.0, &sha).await;
    for token in [&other.1, &people.organizer] {
        let seen = fetch(&app, Some(token), &sha).await;
        assert_eq!((seen.status, &seen.body), (200, &stored), "{backend:?}");
    }
    assert_eq!(fetch(&app, Some(&people.staff2), &sha).await.status, 404);
    assert_eq!(fetch(&app, Some(&uploader), &sha).await.status, 200);
    assert_eq!(
        photo_reads(&app),
        2,
        "{backend:?}: the uploader's own reads are not audited"
    );
}
per_backend!(a_photo_is_shown_to_its_uploader_and_to_who_sees_its_record_only);
