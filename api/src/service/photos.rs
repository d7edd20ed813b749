//! 巡访照片 — uploading and reading the photo and signature images that visit records reference.
//!
//! Files are content-addressed: `<dir>/<sha[0..2]>/<sha>`, where `sha` is the SHA-256 of the
//! stored bytes, which are the upload with its metadata stripped ([`crate::domain::photo`]).
//! The `photos` row holds the type, the size and who uploaded it first.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::audit::{self, Subject};
use super::Call;
use crate::db::photos::{self, PhotoRow};
use crate::db::{Database, DbConn};
use crate::domain::access::Permission;
use crate::domain::area::AreaCode;
use crate::domain::id::AccountId;
use crate::domain::input::Coded;
use crate::domain::photo::{self, PhotoError};
use crate::domain::record::format::{ImageType, Sha256Hex};
use crate::error::{AppError, AppResult};

/// The folder that holds the image files.
#[derive(Debug, Clone)]
pub struct PhotoStore {
    pub dir: PathBuf,
}

impl PhotoStore {
    pub fn new(dir: impl Into<PathBuf>) -> PhotoStore {
        PhotoStore { dir: dir.into() }
    }

    /// Creates the folder if it does not exist.
    pub fn create_dir(&self) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)
    }

    /// Where the file of `sha` lives: `<dir>/<sha[0..2]>/<sha>`.
    pub fn path_of(&self, sha: &Sha256Hex) -> PathBuf {
        let sha = sha.as_str();
        self.dir.join(&sha[..2]).join(sha)
    }

    /// Writes the file of `sha` unless it exists: to a temporary file in the same folder,
    /// synced, then renamed into place, so a reader never sees half a file.
    fn put(&self, sha: &Sha256Hex, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path_of(sha);
        if path.is_file() {
            return Ok(());
        }
        let folder = self.dir.join(&sha.as_str()[..2]);
        fs::create_dir_all(&folder)?;
        let temp = folder.join(format!(".{}.{}.tmp", sha.as_str(), uuid::Uuid::new_v4().simple()));
        let written = fs::File::create_new(&temp).and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        });
        let placed = written.and_then(|()| match fs::rename(&temp, &path) {
            // Another upload of the same bytes won the race (platforms that refuse to replace).
            Err(_) if path.is_file() => Ok(()),
            other => other,
        });
        if placed.is_err() {
            let _ = fs::remove_file(&temp);
        }
        placed
    }

    fn get(&self, sha: &Sha256Hex) -> std::io::Result<Vec<u8>> {
        fs::read(self.path_of(sha))
    }
}

/// A stored image, as a visit record references it (`{ref, sha256, contentType}`) plus its
/// size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhotoRef {
    /// `photos/<sha256>`.
    #[serde(rename = "ref")]
    pub reference: String,
    pub sha256: String,
    pub content_type: ImageType,
    pub byte_size: i64,
}

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `UNAUTHENTICATED`/`FORBIDDEN` unless the actor may upload: visitors (who record visits)
/// and staff who keep elder files.
pub fn may_upload(call: &Call) -> AppResult<()> {
    if call.actor.can(Permission::ClaimSlots) || call.actor.can(Permission::WriteElders) {
        Ok(())
    } else {
        Err(call.denied())
    }
}

pub(super) fn refused(error: PhotoError) -> AppError {
    let field = match error {
        PhotoError::UnsupportedType | PhotoError::TypeMismatch { .. } => "contentType",
        _ => "body",
    };
    AppError::field(field, error.code(), error.to_string())
}

/// An upload checked and stripped of its metadata, with its hash: what the store writes
/// and the `photos` row records.
#[derive(Debug, Clone)]
pub struct CleanPhoto {
    pub kind: ImageType,
    pub sha: Sha256Hex,
    pub bytes: Vec<u8>,
    pub byte_size: i32,
    pub uploaded_by: AccountId,
}

/// Checks that the actor may upload and that `bytes` are an image of the declared
/// `content_type`, strips the metadata and hashes what is left. CPU work only: no
/// connection, no file.
pub fn prepare(call: &Call, content_type: &str, bytes: &[u8]) -> AppResult<CleanPhoto> {
    may_upload(call)?;
    let uploaded_by = call.actor.user_id.clone().ok_or_else(|| call.denied())?;
    let (kind, clean) = photo::clean(content_type, bytes).map_err(refused)?;
    let sha = Sha256Hex::parse(&sha256_hex(&clean))
        .ok_or_else(|| AppError::Internal("sha256 is not 64 hex digits".into()))?;
    let byte_size = i32::try_from(clean.len()).map_err(|_| refused(PhotoError::TooLarge))?;
    Ok(CleanPhoto {
        kind,
        sha,
        bytes: clean,
        byte_size,
        uploaded_by,
    })
}

impl PhotoStore {
    /// Writes the photo's file (once; see [`PhotoStore::put`]).
    pub fn store(&self, photo: &CleanPhoto) -> AppResult<()> {
        self.put(&photo.sha, &photo.bytes).map_err(|e| {
            AppError::Internal(format!(
                "cannot store photo {}: {e}",
                self.path_of(&photo.sha).display()
            ))
        })
    }

    /// Reads the file of `sha`.
    pub fn load(&self, sha: &Sha256Hex) -> AppResult<Vec<u8>> {
        self.get(sha)
            .map_err(|e| AppError::Internal(format!("cannot read photo {}: {e}", self.path_of(sha).display())))
    }
}

/// Records a photo whose file is stored (once: the first uploader is kept, and only the first
/// upload is audited). The statements of [`upload`].
pub fn record(conn: &mut DbConn, call: &Call, photo: &CleanPhoto) -> AppResult<PhotoRef> {
    let row = PhotoRow {
        sha256: photo.sha.as_str().to_string(),
        content_type: photo.kind,
        byte_size: photo.byte_size,
        uploaded_by: photo.uploaded_by.clone(),
        uploaded_at: call.now,
    };
    crate::db::write_transaction(conn, |conn| {
        if photos::insert_if_new(conn, &row)? {
            let subject = Subject {
                object_type: "photo",
                object_id: Some(&row.sha256),
                area_code: call.actor.area.as_ref().map(AreaCode::as_str),
            };
            let after = json!({ "contentType": row.content_type, "byteSize": row.byte_size });
            audit::record(conn, call, "photo.upload", subject, None, None, Some(&after))?;
        }
        Ok::<_, AppError>(())
    })?;
    Ok(PhotoRef {
        reference: format!("photos/{}", row.sha256),
        sha256: row.sha256,
        content_type: photo.kind,
        byte_size: i64::from(row.byte_size),
    })
}

/// 上传照片 — checks an image of the declared `content_type`, strips its metadata, stores it
/// under its hash (once) and records it (once). Uploading the same picture again gives the
/// same reference.
///
/// The checking, stripping, hashing and the file write run off the pool ([`super::off_pool`]);
/// a connection is taken only afterwards, for the row, so slow uploads never hold one. The
/// file is written before the row that names it: a crash in between leaves a file no row
/// names (harmless, and written again by the next upload), never a row without its file.
pub async fn upload(
    db: &Database,
    call: Call,
    store: PhotoStore,
    content_type: String,
    bytes: impl AsRef<[u8]> + Send + 'static,
) -> AppResult<PhotoRef> {
    upload_with(db, call, content_type, bytes, move |photo| store.store(photo)).await
}

/// [`upload`] with the file write given (tests make it wait).
async fn upload_with(
    db: &Database,
    call: Call,
    content_type: String,
    bytes: impl AsRef<[u8]> + Send + 'static,
    write_file: impl FnOnce(&CleanPhoto) -> AppResult<()> + Send + 'static,
) -> AppResult<PhotoRef> {
    let (call, photo) = super::off_pool(move || {
        let photo = prepare(&call, &content_type, bytes.as_ref())?;
        write_file(&photo)?;
        Ok((call, photo))
    })
    .await?;
    db.run(move |conn| record(conn, &call, &photo)).await
}

/// A photo the caller may read: its hash and type, and the village to audit the read under
/// (`None` for the uploader, whose reads are not audited).
#[derive(Debug, Clone)]
pub struct ReadablePhoto {
    pub sha: Sha256Hex,
    pub kind: ImageType,
    pub audit_village: Option<String>,
}

/// Whether the caller may read the photo `sha`: its uploader, or whoever can see a visit
/// record that references it (the record's visitor, or an actor whose `ReadElders` scope
/// holds the record's village). Anyone else gets `NOT_FOUND`, as for a photo that does not
/// exist. The statements of [`read`].
pub fn readable(conn: &mut DbConn, call: &Call, sha: &str) -> AppResult<ReadablePhoto> {
    if !call.actor.is_signed_in() && !call.actor.is_system() {
        return Err(AppError::Unauthenticated);
    }
    let not_found = || AppError::NotFound { what: "照片" };
    let sha = Sha256Hex::parse(sha).ok_or_else(not_found)?;
    let row = photos::find(conn, sha.as_str())?.ok_or_else(not_found)?;
    let own = call.actor.user_id.as_ref() == Some(&row.uploaded_by);
    let audit_village = if own {
        None
    } else {
        Some(photos::village_of_record_showing(conn, &call.actor, sha.as_str())?.ok_or_else(not_found)?)
    };
    Ok(ReadablePhoto {
        sha,
        kind: row.content_type,
        audit_village,
    })
}

/// Audits a read of the photo by someone other than its uploader (`photo.read`).
pub fn audit_read(conn: &mut DbConn, call: &Call, photo: &ReadablePhoto) -> AppResult<()> {
    if let Some(village) = &photo.audit_village {
        let subject = Subject {
            object_type: "photo",
            object_id: Some(photo.sha.as_str()),
            area_code: Some(village),
        };
        audit::record(conn, call, "photo.read", subject, None, None, None)?;
    }
    Ok(())
}

/// 查看照片 — the image `sha` and its type, for whoever [`readable`] lets read it. A read by
/// anyone but the uploader is audited (`photo.read`) once the file is read.
///
/// The file is read off the pool, between two short uses of a connection (the check; the
/// audit entry, only when there is one to write).
pub async fn read(db: &Database, call: Call, store: PhotoStore, sha: String) -> AppResult<(ImageType, Vec<u8>)> {
    let check = call.clone();
    let photo = db.run(move |conn| readable(conn, &check, &sha)).await?;
    let (photo, bytes) = super::off_pool(move || {
        let bytes = store.load(&photo.sha)?;
        Ok((photo, bytes))
    })
    .await?;
    let kind = photo.kind;
    if photo.audit_village.is_some() {
        db.run(move |conn| audit_read(conn, &call, &photo)).await?;
    }
    Ok((kind, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small JPEG without metadata (structure only, as the cleaner checks it).
    #[cfg(feature = "graphql")]
    fn jpeg() -> Vec<u8> {
        fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
            let length = u16::try_from(payload.len() + 2).expect("short segment");
            [&[0xFF, marker][..], &length.to_be_bytes(), payload].concat()
        }
        [
            vec![0xFF, 0xD8],
            segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"),
            segment(0xDB, &[0u8; 65]),
            segment(0xC0, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
            segment(0xC4, &[0u8; 17]),
            segment(0xDA, &[1, 1, 0, 0, 63, 0]),
            vec![0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78],
            vec![0xFF, 0xD9],
        ]
        .concat()
    }

    /// With a pool of one connection, an upload stopped in the middle of its file write holds
    /// no connection: a GraphQL read runs meanwhile. No timing is involved: the write waits
    /// until the read has answered. (Were the connection held, the read would wait for the
    /// pool's 10-second timeout and fail.)
    #[cfg(feature = "graphql")]
    #[actix_web::test]
    async fn photo_upload_holds_no_connection_while_its_file_is_written() {
        use crate::auth::keys::Keys;
        use crate::db::DatabaseUrl;
        use crate::domain::access::{AccountStatus, Actor, Role};
        use crate::graphql::{self, Context};
        use crate::service::accounts::{insert_account, new_user};

        let dir = tempfile::tempdir().expect("temp dir");
        let db = Database::open_with_pool(&DatabaseUrl::Sqlite(dir.path().join("t.db")), 1).expect("database");
        db.with_conn(crate::db::run_migrations).expect("migrated");
        let keys = Keys::generate();
        let now = crate::clock::Clock::system().now();
        let packs = std::sync::Arc::new(crate::domain::policy::PackRegistry::builtin().expect("packs"));
        let system = Call::at(now, Actor::system("test"), keys.cipher(), packs.clone());
        let row = new_user(&system, "visitor".into(), "探访员".into(), "-".into(), Role::Visitor);
        let user = db
            .with_conn(|c| insert_account(c, &system, &row, "account.create"))
            .expect("account");
        let actor = Actor::account(
            &user.id,
            &user.username,
            Role::Visitor,
            None,
            None,
            None,
            AccountStatus::Active,
        );
        let call = Call::at(now, actor.clone(), keys.cipher(), packs.clone());
        let store = PhotoStore::new(dir.path().join("photos"));

        let (writing, is_writing) = std::sync::mpsc::channel::<()>();
        let (go_on, may_go_on) = std::sync::mpsc::channel::<()>();
        let writer = store.clone();
        let upload = actix_web::rt::spawn({
            let db = db.clone();
            async move {
                upload_with(&db, call, "image/jpeg".into(), jpeg(), move |photo| {
                    writing.send(()).map_err(|e| AppError::Internal(e.to_string()))?;
                    may_go_on.recv().map_err(|e| AppError::Internal(e.to_string()))?;
                    writer.store(photo)
                })
                .await
            }
        });
        actix_web::web::block(move || is_writing.recv())
            .await
            .expect("joined")
            .expect("the upload reached its file write");

        let context = Context {
            db: crate::graphql::context::RequestDb::new(db.clone()),
            cipher: keys.cipher(),
            tokens: keys.token_signer(),
            actor,
            session_id: None,
            client_addr: "test".into(),
            clock: crate::clock::Clock::system(),
            packs,
        };
        let schema = graphql::schema();
        let (answer, errors) = juniper::execute("{ me { id } }", None, &schema, &juniper::Variables::new(), &context)
            .await
            .expect("executed");
        assert!(errors.is_empty(), "{errors:?}");
        let answer = serde_json::to_value(&answer).expect("json");
        assert_eq!(answer["me"]["id"], user.id.as_str());
        // The request ends: its connection goes back to the pool (as the handler drops it).
        drop(context);

        go_on.send(()).expect("the upload waits");
        let photo = upload.await.expect("joined").expect("uploaded");
        let sha = Sha256Hex::parse(&photo.sha256).expect("hash");
        assert_eq!(store.load(&sha).expect("file"), jpeg());
        let recorded = db.with_conn(|c| Ok(photos::find(c, &photo.sha256)?)).expect("row");
        assert_eq!(recorded.map(|r| r.uploaded_by), Some(user.id));
    }

    #[test]
    fn photo_hash_is_lowercase_hex_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn photo_files_are_written_once_under_their_hash_without_leftovers() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = PhotoStore::new(dir.path().join("photos"));
        let sha = Sha256Hex::parse(&sha256_hex(b"picture")).expect("hex");
        store.put(&sha, b"picture").expect("written");
        store.put(&sha, b"picture").expect("second write is a no-op");
        let path = store.path_of(&sha);
        assert_eq!(
            path,
            dir.path().join("photos").join(&sha.as_str()[..2]).join(sha.as_str())
        );
        assert_eq!(store.get(&sha).expect("read"), b"picture");
        let files: Vec<_> = fs::read_dir(path.parent().expect("folder"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(files, vec![std::ffi::OsString::from(sha.as_str())]);
    }
}
