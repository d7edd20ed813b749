//! 巡访照片 — uploading and reading the photo and signature images that visit records reference.
//!
//! Files are content-addressed: `<dir>/<sha[0..2]>/<sha>`, where `sha` is the SHA-256 of the
//! stored bytes, which are the upload with its metadata stripped ([`crate::domain::photo`]).
//! The `photos` row holds the type, the size and who uploaded it first.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::audit::{self, Subject};
use super::Call;
use crate::db::schema::{photos, visit_records};
use crate::db::DbConn;
use crate::domain::access::Permission;
use crate::domain::area::AreaCode;
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

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = photos)]
struct PhotoRow {
    sha256: String,
    content_type: String,
    byte_size: i32,
    uploaded_by: String,
    uploaded_at: chrono::NaiveDateTime,
}

fn refused(error: PhotoError) -> AppError {
    let field = match error {
        PhotoError::UnsupportedType | PhotoError::TypeMismatch { .. } => "contentType",
        _ => "body",
    };
    AppError::field(field, error.code(), error.to_string())
}

/// 上传照片 — checks an image of the declared `content_type`, strips its metadata, stores it
/// under its hash (once) and records it (once). Uploading the same picture again gives the
/// same reference.
pub fn upload(
    conn: &mut DbConn,
    call: &Call,
    store: &PhotoStore,
    content_type: &str,
    bytes: &[u8],
) -> AppResult<PhotoRef> {
    may_upload(call)?;
    let uploader = call.actor.user_id.clone().ok_or_else(|| call.denied())?;
    let (kind, clean) = photo::clean(content_type, bytes).map_err(refused)?;
    let hex = sha256_hex(&clean);
    let sha = Sha256Hex::parse(&hex).ok_or_else(|| AppError::Internal("sha256 is not 64 hex digits".into()))?;
    let byte_size = i32::try_from(clean.len()).map_err(|_| refused(PhotoError::TooLarge))?;
    store
        .put(&sha, &clean)
        .map_err(|e| AppError::Internal(format!("cannot store photo {}: {e}", store.path_of(&sha).display())))?;
    let row = PhotoRow {
        sha256: hex.clone(),
        content_type: kind.as_str().to_string(),
        byte_size,
        uploaded_by: uploader,
        uploaded_at: call.now,
    };
    crate::db::write_transaction(conn, |conn| {
        let inserted = match conn {
            DbConn::Sqlite(c) => diesel::insert_or_ignore_into(photos::table).values(&row).execute(c)?,
            DbConn::Postgres(c) => diesel::insert_into(photos::table)
                .values(&row)
                .on_conflict_do_nothing()
                .execute(c)?,
        };
        if inserted > 0 {
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
        reference: format!("photos/{hex}"),
        sha256: hex,
        content_type: kind,
        byte_size: i64::from(byte_size),
    })
}

/// 查看照片 — the image `sha` and its type, for its uploader, or for whoever can see a visit
/// record that references it (the record's visitor, or an actor whose `ReadElders` scope holds
/// the record's village). Anyone else gets `NOT_FOUND`, as for a photo that does not exist. A
/// read by anyone but the uploader is audited (`photo.read`).
pub fn read(conn: &mut DbConn, call: &Call, store: &PhotoStore, sha: &str) -> AppResult<(ImageType, Vec<u8>)> {
    if !call.actor.is_signed_in() && !call.actor.is_system() {
        return Err(AppError::Unauthenticated);
    }
    let not_found = || AppError::NotFound { what: "照片" };
    let sha = Sha256Hex::parse(sha).ok_or_else(not_found)?;
    let row = photos::table
        .find(sha.as_str())
        .select(PhotoRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    let own = call.actor.user_id.as_deref() == Some(row.uploaded_by.as_str());
    let granted_by = if own {
        None
    } else {
        Some(visible_record_village(conn, call, sha.as_str())?.ok_or_else(not_found)?)
    };
    let kind = ImageType::parse_code(&row.content_type)
        .ok_or_else(|| AppError::Internal(format!("photo {} has content type {:?}", row.sha256, row.content_type)))?;
    let bytes = store
        .get(&sha)
        .map_err(|e| AppError::Internal(format!("cannot read photo {}: {e}", store.path_of(&sha).display())))?;
    if let Some(village) = granted_by {
        let subject = Subject {
            object_type: "photo",
            object_id: Some(sha.as_str()),
            area_code: Some(&village),
        };
        audit::record(conn, call, "photo.read", subject, None, None, None)?;
    }
    Ok((kind, bytes))
}

/// The village of a visit record that references `sha` and that the actor can see, if any
/// ([`crate::db::scope::records_showing_photo`]).
fn visible_record_village(conn: &mut DbConn, call: &Call, sha: &str) -> AppResult<Option<String>> {
    Ok(crate::db::scope::records_showing_photo(&call.actor, sha)
        .select(visit_records::village_code)
        .order(visit_records::id)
        .first(conn)
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

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
