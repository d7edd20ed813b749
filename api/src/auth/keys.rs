//! 密钥 (key material): the server's three secrets and where they come from.
//!
//! - `data_key` — AES-256-GCM key for personal data at rest ([`crypto`](super::crypto));
//! - `index_key` — HMAC-SHA256 key for blind indexes;
//! - `token_key` — HS256 key for access tokens ([`token`](super::token)).
//!
//! Each key comes from its environment variable ([`DATA_KEY_VAR`], [`INDEX_KEY_VAR`],
//! [`TOKEN_KEY_VAR`]: standard base64 of exactly 32 random bytes, e.g. `openssl rand -base64 32`)
//! or, when that is not set, from a key file that is generated on first start. There is no
//! built-in default key. Several replicas sharing one PostgreSQL database must share the same
//! keys: set the environment variables (or distribute one key file) rather than letting each
//! replica generate its own.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::crypto::PersonalDataCipher;
use super::token::TokenKeys;
use crate::db::DatabaseUrl;

/// Environment variable for the data (encryption) key.
pub const DATA_KEY_VAR: &str = "TANFANG_DATA_KEY";
/// Environment variable for the blind-index key.
pub const INDEX_KEY_VAR: &str = "TANFANG_INDEX_KEY";
/// Environment variable for the token-signing key.
pub const TOKEN_KEY_VAR: &str = "TANFANG_TOKEN_KEY";
/// File name of the generated key file.
pub const KEY_FILE_NAME: &str = "tanfang.keys";

const KEY_FILE_VERSION: u32 = 1;
const KEY_LEN: usize = 32;

/// 服务器密钥 — the server's secrets. `Debug` prints `Keys { .. }` only.
#[derive(Clone)]
pub struct Keys {
    data_key: [u8; KEY_LEN],
    index_key: [u8; KEY_LEN],
    token_key: [u8; KEY_LEN],
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys").finish_non_exhaustive()
    }
}

/// Why the keys could not be loaded. Messages name the environment variable, file or field,
/// never key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// An environment variable is set but unusable.
    #[error("environment variable {var}: {problem}")]
    Env { var: &'static str, problem: String },
    /// The key file exists but its content is unusable.
    #[error("key file {}: {problem}", path.display())]
    File { path: PathBuf, problem: String },
    /// The key file or its directory could not be read or written.
    #[error("key file {}: could not {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
    /// Two of the three keys are equal; each purpose needs its own key.
    #[error("the data, index and token keys must all differ")]
    Reused,
}

/// The key file on disk. No `Debug`: it holds key material.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    version: u32,
    data_key: String,
    index_key: String,
    token_key: String,
}

impl Keys {
    /// Loads the keys: each from its environment variable if set ([`DATA_KEY_VAR`],
    /// [`INDEX_KEY_VAR`], [`TOKEN_KEY_VAR`]; standard base64 of exactly 32 bytes; an empty value
    /// is an error, not "unset"), otherwise from the key file at `path`.
    ///
    /// The key file is JSON `{"version":1,"data_key":…,"index_key":…,"token_key":…}` (standard
    /// base64). It is read only if some variable is unset. If it does not exist it is created
    /// with fresh random keys, mode 0600 on Unix, atomically (temporary file, then a link that
    /// never replaces a file another process created meanwhile), and its parent directory is
    /// created. A key file readable by group or others only logs a warning.
    ///
    /// Keys that look non-random — fewer than 16 distinct byte values (all zero, one repeated
    /// byte, a short repeated pattern) or all printable ASCII (a passphrase, not random bytes) —
    /// are refused; for 32 random bytes that happens with probability below 10⁻¹³.
    pub fn load(path: &Path) -> Result<Keys, KeyError> {
        Self::load_with(path, |var| match std::env::var(var) {
            Ok(value) => Ok(Some(value)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(KeyError::Env {
                var,
                problem: "is not valid UTF-8".into(),
            }),
        })
    }

    /// [`load`](Self::load) with the environment lookup passed in (tests use a map).
    fn load_with(
        path: &Path,
        env: impl Fn(&'static str) -> Result<Option<String>, KeyError>,
    ) -> Result<Keys, KeyError> {
        let from_env = |var: &'static str| -> Result<Option<[u8; KEY_LEN]>, KeyError> {
            env(var)?
                .map(|value| decode_key(&value).map_err(|problem| KeyError::Env { var, problem }))
                .transpose()
        };
        let data = from_env(DATA_KEY_VAR)?;
        let index = from_env(INDEX_KEY_VAR)?;
        let token = from_env(TOKEN_KEY_VAR)?;

        let keys = match (data, index, token) {
            (Some(data_key), Some(index_key), Some(token_key)) => Keys {
                data_key,
                index_key,
                token_key,
            },
            (data, index, token) => {
                let file = read_or_create(path)?;
                Keys {
                    data_key: data.unwrap_or(file.data_key),
                    index_key: index.unwrap_or(file.index_key),
                    token_key: token.unwrap_or(file.token_key),
                }
            }
        };
        if keys.data_key == keys.index_key || keys.data_key == keys.token_key || keys.index_key == keys.token_key {
            return Err(KeyError::Reused);
        }
        Ok(keys)
    }

    /// Fresh random keys (from the thread-local CSPRNG, seeded by the OS via getrandom).
    /// Used for a new key file and in tests.
    pub fn generate() -> Keys {
        Keys {
            data_key: rand::random(),
            index_key: rand::random(),
            token_key: rand::random(),
        }
    }

    /// The personal-data cipher built from the data and index keys.
    pub fn cipher(&self) -> PersonalDataCipher {
        PersonalDataCipher::new(self.data_key, self.index_key)
    }

    /// The access-token keys built from the token key.
    pub fn token_signer(&self) -> TokenKeys {
        TokenKeys::from_secret(&self.token_key)
    }
}

/// 默认密钥文件 — the default key file: beside a SQLite database file (`<db dir>/tanfang.keys`),
/// or `data/tanfang.keys` for PostgreSQL.
pub fn default_key_path(db: &DatabaseUrl) -> PathBuf {
    match db {
        DatabaseUrl::Sqlite(file) => match file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(KEY_FILE_NAME),
            _ => PathBuf::from(KEY_FILE_NAME),
        },
        DatabaseUrl::Postgres(_) => Path::new("data").join(KEY_FILE_NAME),
    }
}

/// Decodes one base64 key and checks its length and apparent randomness. The error text never
/// contains the value.
fn decode_key(value: &str) -> Result<[u8; KEY_LEN], String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("is empty; expected standard base64 of 32 random bytes".into());
    }
    let bytes = STANDARD
        .decode(value)
        .map_err(|_| "is not standard base64 (expected 32 random bytes)".to_string())?;
    let key: [u8; KEY_LEN] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| format!("decodes to {} bytes, expected {KEY_LEN}", bytes.len()))?;
    if looks_non_random(&key) {
        return Err(
            "does not look random (too few distinct bytes, or text); generate one with \
                    `openssl rand -base64 32`"
                .into(),
        );
    }
    Ok(key)
}

/// The low-entropy guard: fewer than 16 distinct byte values, or only printable ASCII.
fn looks_non_random(key: &[u8; KEY_LEN]) -> bool {
    let distinct = key.iter().collect::<BTreeSet<_>>().len();
    distinct < 16 || key.iter().all(|b| (0x20..0x7f).contains(b))
}

/// Reads the key file, or creates it with fresh keys if it does not exist.
fn read_or_create(path: &Path) -> Result<Keys, KeyError> {
    match fs::read_to_string(path) {
        Ok(text) => {
            warn_if_shared(path);
            parse_key_file(path, &text)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => create_key_file(path),
        Err(source) => Err(KeyError::Io {
            path: path.to_path_buf(),
            action: "read it",
            source,
        }),
    }
}

fn parse_key_file(path: &Path, text: &str) -> Result<Keys, KeyError> {
    let problem = |problem: String| KeyError::File {
        path: path.to_path_buf(),
        problem,
    };
    // serde_json's messages can quote values; report only the position.
    let file: KeyFile = serde_json::from_str(text).map_err(|e| {
        problem(format!(
            "not a valid key file (expected JSON with version, data_key, index_key, token_key; error at line {} column {})",
            e.line(),
            e.column()
        ))
    })?;
    if file.version != KEY_FILE_VERSION {
        return Err(problem(format!(
            "unsupported version {}, expected {KEY_FILE_VERSION}",
            file.version
        )));
    }
    let field = |name: &str, value: &str| decode_key(value).map_err(|p| problem(format!("{name} {p}")));
    Ok(Keys {
        data_key: field("data_key", &file.data_key)?,
        index_key: field("index_key", &file.index_key)?,
        token_key: field("token_key", &file.token_key)?,
    })
}

/// Creates the key file with fresh keys: parent directory, temporary file (0600) in the same
/// directory, fsync, then `hard_link` to the final name, which fails rather than replace a key
/// file another process created in the meantime — that file is then read instead.
fn create_key_file(path: &Path) -> Result<Keys, KeyError> {
    let io_err = |action: &'static str| {
        move |source| KeyError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(io_err("create its directory"))?;

    let keys = Keys::generate();
    let file = KeyFile {
        version: KEY_FILE_VERSION,
        data_key: STANDARD.encode(keys.data_key),
        index_key: STANDARD.encode(keys.index_key),
        token_key: STANDARD.encode(keys.token_key),
    };
    let mut json = serde_json::to_string_pretty(&file).map_err(|e| KeyError::File {
        path: path.to_path_buf(),
        problem: format!("could not serialise: {e}"),
    })?;
    json.push('\n');

    let tmp = dir.join(format!(".{KEY_FILE_NAME}.{}.tmp", uuid::Uuid::new_v4()));
    let written = write_private(&tmp, json.as_bytes()).and_then(|()| fs::hard_link(&tmp, path));
    let _ = fs::remove_file(&tmp);
    match written {
        Ok(()) => {
            sync_dir(dir);
            tracing::info!(path = %path.display(), "generated a new key file; back it up: without it encrypted data cannot be read");
            Ok(keys)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let text = fs::read_to_string(path).map_err(io_err("read it"))?;
            parse_key_file(path, &text)
        }
        Err(source) => Err(KeyError::Io {
            path: path.to_path_buf(),
            action: "create it",
            source,
        }),
    }
}

/// Writes a new file readable only by its owner (0600 on Unix) and flushes it to disk.
fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Makes the new directory entry durable (best effort; Unix only).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Warns when the key file can be read by group or others (Unix).
fn warn_if_shared(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if let Ok(meta) = fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                tracing::warn!(
                    path = %path.display(),
                    mode = format!("{mode:o}"),
                    "key file is accessible to group or others; run `chmod 600` on it"
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::disallowed_methods)]

    use std::collections::HashMap;

    use super::*;

    /// A map-backed environment.
    fn map_env(map: HashMap<&'static str, String>) -> impl Fn(&'static str) -> Result<Option<String>, KeyError> {
        move |var| Ok(map.get(var).cloned())
    }

    fn b64(key: &[u8]) -> String {
        STANDARD.encode(key)
    }

    fn no_env() -> impl Fn(&'static str) -> Result<Option<String>, KeyError> {
        map_env(HashMap::new())
    }

    fn same_keys(a: &Keys, b: &Keys) -> bool {
        a.data_key == b.data_key && a.index_key == b.index_key && a.token_key == b.token_key
    }

    #[test]
    fn creates_then_reloads_key_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/dir").join(KEY_FILE_NAME);
        let first = Keys::load_with(&path, no_env()).unwrap();
        assert!(path.exists());
        let second = Keys::load_with(&path, no_env()).unwrap();
        assert!(same_keys(&first, &second));
        assert!(!looks_non_random(&first.data_key));

        let text = fs::read_to_string(&path).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["version"], 1);
        assert_eq!(json["data_key"], b64(&first.data_key));
        // No temporary files left behind.
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn existing_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE_NAME);
        let first = Keys::load_with(&path, no_env()).unwrap();
        // The no-clobber path used when another process wins the race.
        let again = create_key_file(&path).unwrap();
        assert!(same_keys(&first, &again));
    }

    #[cfg(unix)]
    #[test]
    fn group_readable_file_still_loads() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE_NAME);
        let first = Keys::load_with(&path, no_env()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(same_keys(&first, &Keys::load_with(&path, no_env()).unwrap()));
    }

    #[test]
    fn env_overrides_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE_NAME);
        let env_keys = Keys::generate();
        let all = HashMap::from([
            (DATA_KEY_VAR, b64(&env_keys.data_key)),
            (INDEX_KEY_VAR, format!("  {}\n", b64(&env_keys.index_key))),
            (TOKEN_KEY_VAR, b64(&env_keys.token_key)),
        ]);
        let loaded = Keys::load_with(&path, map_env(all)).unwrap();
        assert!(same_keys(&loaded, &env_keys));
        assert!(!path.exists(), "all keys from the environment: no file needed");

        // One key from the environment, the others from the (generated) file.
        let only_token = HashMap::from([(TOKEN_KEY_VAR, b64(&env_keys.token_key))]);
        let mixed = Keys::load_with(&path, map_env(only_token)).unwrap();
        let file = Keys::load_with(&path, no_env()).unwrap();
        assert_eq!(mixed.token_key, env_keys.token_key);
        assert_eq!(mixed.data_key, file.data_key);
        assert_eq!(mixed.index_key, file.index_key);
    }

    #[test]
    fn bad_env_values_are_refused_without_echoing_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE_NAME);
        let cases = [
            String::new(),
            "not base64 at all!".to_string(),
            b64(&[0x5a; 16]),
            b64(&rand::random::<[u8; 32]>()[..31]),
            b64(&[0u8; 32]),
            b64(&[0xab; 32]),
            b64(&[1, 2, 3, 4].repeat(8)),
            b64(b"correct horse battery staple!!!!"),
        ];
        for value in cases {
            let env = map_env(HashMap::from([(DATA_KEY_VAR, value.clone())]));
            let err = Keys::load_with(&path, env).unwrap_err();
            let msg = err.to_string();
            assert!(matches!(err, KeyError::Env { var: DATA_KEY_VAR, .. }), "{msg}");
            assert!(msg.contains(DATA_KEY_VAR), "{msg}");
            assert!(value.trim().is_empty() || !msg.contains(value.trim()), "{msg}");
        }
        assert!(!path.exists());
    }

    #[test]
    fn reused_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = b64(&Keys::generate().data_key);
        let env = map_env(HashMap::from([
            (DATA_KEY_VAR, key.clone()),
            (INDEX_KEY_VAR, key),
            (TOKEN_KEY_VAR, b64(&Keys::generate().token_key)),
        ]));
        assert!(matches!(
            Keys::load_with(&dir.path().join(KEY_FILE_NAME), env),
            Err(KeyError::Reused)
        ));
    }

    #[test]
    fn bad_key_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE_NAME);
        let good = b64(&Keys::generate().data_key);
        let secret_looking = b64(&Keys::generate().index_key);
        let cases = [
            "".to_string(),
            "{".to_string(),
            format!(r#"{{"version":2,"data_key":"{good}","index_key":"{good}","token_key":"{good}"}}"#),
            format!(r#"{{"version":1,"data_key":"{good}","index_key":"{good}"}}"#),
            format!(
                r#"{{"version":"{secret_looking}","data_key":"{good}","index_key":"{good}","token_key":"{good}"}}"#
            ),
            format!(
                r#"{{"version":1,"data_key":"{}","index_key":"{good}","token_key":"{good}"}}"#,
                b64(&[0u8; 32])
            ),
        ];
        for text in cases {
            fs::write(&path, &text).unwrap();
            let err = Keys::load_with(&path, no_env()).unwrap_err();
            let msg = err.to_string();
            assert!(matches!(err, KeyError::File { .. }), "{msg}");
            assert!(msg.contains(KEY_FILE_NAME), "{msg}");
            assert!(!msg.contains(&good) && !msg.contains(&secret_looking), "{msg}");
        }
        // A directory where the file should be is an I/O error, not a new key file.
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        assert!(matches!(Keys::load_with(&path, no_env()), Err(KeyError::Io { .. })));
    }

    #[test]
    fn derived_keys_work() {
        let keys = Keys::generate();
        let cipher = keys.cipher();
        assert_eq!(
            cipher.decrypt("t", &cipher.encrypt("t", "13812345678")).unwrap(),
            "13812345678"
        );
        let signer = keys.token_signer();
        let token = signer.issue_access("u", "s", chrono::Utc::now()).unwrap();
        assert_eq!(signer.verify_access(&token, chrono::Utc::now()).unwrap().sub, "u");
        assert!(Keys::generate()
            .token_signer()
            .verify_access(&token, chrono::Utc::now())
            .is_err());
    }

    #[test]
    fn debug_hides_keys() {
        assert_eq!(format!("{:?}", Keys::generate()), "Keys { .. }");
    }

    #[test]
    fn default_paths() {
        let sqlite = |p: &str| default_key_path(&DatabaseUrl::Sqlite(PathBuf::from(p)));
        assert_eq!(sqlite("data/tanfang.db"), PathBuf::from("data/tanfang.keys"));
        assert_eq!(
            sqlite("/var/lib/tanfang/main.sqlite"),
            PathBuf::from("/var/lib/tanfang/tanfang.keys")
        );
        assert_eq!(sqlite("tanfang.db"), PathBuf::from("tanfang.keys"));
        let pg = DatabaseUrl::Postgres("postgres://u:p@localhost/tanfang".into());
        assert_eq!(default_key_path(&pg), PathBuf::from("data/tanfang.keys"));
    }
}
