//! 认证与密钥 (authentication and secrets): everything that touches key material.
//!
//! - [`keys`] — the server's three secrets (data, blind-index and token keys), loaded from the
//!   environment or from a generated key file, never from a literal in the code.
//! - [`crypto`] — 个人信息加密 (personal data at rest): 身份证号 and phone numbers encrypted with
//!   AES-256-GCM, plus a keyed blind index for exact-match search and duplicate detection.
//! - [`password`] — 密码 (passwords): Argon2id hashes, the password policy, and a dummy
//!   verification so a login for an unknown account costs as much as one for a real account.
//! - [`token`] — 令牌 (tokens): short-lived HS256 access JWTs verified per RFC 8725 (fixed
//!   algorithm allowlist, `iss`/`aud`/`exp`/`nbf`, explicit `at+jwt` type) and opaque refresh
//!   tokens of which the database stores only a SHA-256 hash, so a session can be revoked.
//!
//! Nothing in this module logs or formats key material, plaintext personal data or passwords:
//! the `Debug` output of the key-holding types is `Name { .. }` and error messages name only
//! the source (environment variable, file, field).

pub mod crypto;
pub mod keys;
pub mod password;
pub mod token;
