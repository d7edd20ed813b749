//! 令牌 (tokens): short-lived access JWTs and opaque, revocable refresh tokens.
//!
//! Access tokens follow RFC 8725 (JWT best current practices):
//! - one algorithm, HS256, fixed by the server — never taken from the token header, never `none`;
//! - `iss`, `aud`, `exp`, `nbf` (and `sub`) required and checked, with 5 s leeway;
//! - explicit typing: header `typ: "at+jwt"` (RFC 9068) and claim `typ: "access"`, so no other
//!   JWT signed with the same key, and no refresh token, passes as an access token.
//!
//! Refresh tokens are not JWTs: 32 random bytes, handed to the client once. The database keeps
//! only their SHA-256 hash, so a leaked database does not yield usable tokens and deleting the
//! row revokes the session.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `iss` of every access token.
pub const ISSUER: &str = "tanfang";
/// `aud` of every access token.
pub const AUDIENCE: &str = "tanfang-api";
/// Lifetime of an access token (15 minutes).
pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;
/// JWT header `typ` of an access token (RFC 9068).
pub const ACCESS_HEADER_TYP: &str = "at+jwt";
/// `typ` claim of an access token.
pub const ACCESS_CLAIM_TYP: &str = "access";
/// Prefix of a refresh token string.
pub const REFRESH_PREFIX: &str = "rt_";

/// The only signing algorithm accepted.
const ALGORITHM: Algorithm = Algorithm::HS256;
/// Clock skew tolerated for `exp` and `nbf`, in seconds.
const LEEWAY_SECONDS: u64 = 5;

/// 令牌密钥 — HS256 signing and verification keys made from the server's token key.
/// `Debug` prints `TokenKeys { .. }` only.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenKeys").finish_non_exhaustive()
    }
}

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Issuer, always [`ISSUER`].
    pub iss: String,
    /// Audience, always [`AUDIENCE`].
    pub aud: String,
    /// The user id.
    pub sub: String,
    /// The session id (the refresh-token row); lets a revoked session be refused.
    pub sid: String,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Not before (Unix seconds).
    pub nbf: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
    /// Token type, always [`ACCESS_CLAIM_TYP`].
    pub typ: String,
}

/// Why a token could not be issued or verified.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    /// Any verification failure other than expiry: bad signature, algorithm, type, issuer,
    /// audience, not yet valid, malformed. Deliberately one variant, without detail.
    #[error("invalid token")]
    Invalid,
    /// A correctly signed access token whose `exp` has passed: the client should refresh.
    #[error("token expired")]
    Expired,
    /// The token could not be signed (an internal fault).
    #[error("could not issue token: {0}")]
    Issue(String),
}

impl TokenKeys {
    /// Builds the keys from the HMAC secret; [`Keys`](super::keys::Keys) always supplies 32
    /// random bytes (RFC 7518 §3.2: an HS256 key must be at least 256 bits).
    pub fn from_secret(secret: &[u8]) -> Self {
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// 签发 — issues an access token for `user_id`'s session `session_id`, valid from `now`
    /// for [`ACCESS_TTL_SECONDS`].
    pub fn issue_access(&self, user_id: &str, session_id: &str, now: DateTime<Utc>) -> Result<String, TokenError> {
        let iat = now.timestamp();
        let claims = AccessClaims {
            iss: ISSUER.to_string(),
            aud: AUDIENCE.to_string(),
            sub: user_id.to_string(),
            sid: session_id.to_string(),
            iat,
            nbf: iat,
            exp: iat + ACCESS_TTL_SECONDS,
            typ: ACCESS_CLAIM_TYP.to_string(),
        };
        let mut header = Header::new(ALGORITHM);
        header.typ = Some(ACCESS_HEADER_TYP.to_string());
        jsonwebtoken::encode(&header, &claims, &self.encoding).map_err(|e| TokenError::Issue(e.to_string()))
    }

    /// 校验 — verifies an access token at instant `now` (the server's clock): algorithm HS256
    /// only (the header's `alg` must equal it, it is never used to choose), signature, `iss`,
    /// `aud`, `exp` and `nbf` (5 s leeway), header `typ == "at+jwt"` and claim `typ == "access"`.
    /// The times are checked here against `now`, not by the JWT library against the wall clock.
    ///
    /// Returns [`TokenError::Expired`] only for an otherwise valid, correctly signed token.
    pub fn verify_access(&self, token: &str, now: DateTime<Utc>) -> Result<AccessClaims, TokenError> {
        let mut validation = Validation::new(ALGORITHM);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);

        let data =
            jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &validation).map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })?;
        if data.header.alg != ALGORITHM
            || data.header.typ.as_deref() != Some(ACCESS_HEADER_TYP)
            || data.claims.typ != ACCESS_CLAIM_TYP
        {
            return Err(TokenError::Invalid);
        }
        let leeway = i64::try_from(LEEWAY_SECONDS).unwrap_or(i64::MAX);
        let now = now.timestamp();
        if now < data.claims.nbf.saturating_sub(leeway) {
            return Err(TokenError::Invalid);
        }
        if now > data.claims.exp.saturating_add(leeway) {
            return Err(TokenError::Expired);
        }
        Ok(data.claims)
    }
}

/// 刷新令牌 — a new opaque refresh token: `"rt_"` + base64url(32 random bytes), and its SHA-256
/// hash (lowercase hex), which is the only thing the database stores.
pub fn new_refresh_token() -> (String, String) {
    let bytes: [u8; 32] = rand::random();
    let token = format!("{REFRESH_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_refresh_token(&token);
    (token, hash)
}

/// The stored form of a refresh token: SHA-256 of the whole token string, lowercase hex.
/// (A plain hash suffices: the token carries 256 random bits, so it cannot be guessed.)
pub fn hash_refresh_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::disallowed_methods)]

    use super::*;
    use chrono::Duration;
    use hmac::{Hmac, Mac};
    use serde_json::{json, Value};

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-test";

    fn keys() -> TokenKeys {
        TokenKeys::from_secret(SECRET)
    }

    fn valid_claims() -> Value {
        let now = Utc::now().timestamp();
        json!({
            "iss": ISSUER, "aud": AUDIENCE, "sub": "user-1", "sid": "session-1",
            "iat": now, "nbf": now, "exp": now + ACCESS_TTL_SECONDS, "typ": "access",
        })
    }

    fn b64(v: &Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    }

    /// Signs header and claims by hand with HMAC-SHA256, whatever the header says.
    fn hand_signed_hs256(header: &Value, claims: &Value, secret: &[u8]) -> String {
        let signing_input = format!("{}.{}", b64(header), b64(claims));
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret).unwrap();
        mac.update(signing_input.as_bytes());
        format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        )
    }

    /// Encodes `claims` with the right key through jsonwebtoken, with the given header.
    fn signed_with(header: &Header, claims: &Value) -> String {
        jsonwebtoken::encode(header, claims, &EncodingKey::from_secret(SECRET)).unwrap()
    }

    fn at_header(alg: Algorithm) -> Header {
        let mut h = Header::new(alg);
        h.typ = Some("at+jwt".into());
        h
    }

    #[test]
    fn valid_token_verifies() {
        let now = Utc::now();
        let token = keys().issue_access("user-1", "session-1", now).unwrap();
        let claims = keys().verify_access(&token, Utc::now()).unwrap();
        assert_eq!(claims.sub, "user-1");
        assert_eq!(claims.sid, "session-1");
        assert_eq!(claims.iss, ISSUER);
        assert_eq!(claims.aud, AUDIENCE);
        assert_eq!(claims.typ, "access");
        assert_eq!(claims.iat, now.timestamp());
        assert_eq!(claims.exp - claims.iat, ACCESS_TTL_SECONDS);
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.typ.as_deref(), Some("at+jwt"));
        assert_eq!(header.alg, Algorithm::HS256);
        // The hand-built HS256 helper agrees with the library, so the attacks below are real.
        assert!(keys()
            .verify_access(
                &hand_signed_hs256(&json!({"alg":"HS256","typ":"at+jwt"}), &valid_claims(), SECRET),
                Utc::now()
            )
            .is_ok());
    }

    #[test]
    fn alg_none_rejected() {
        for alg in ["none", "None", "NONE"] {
            let token = format!(
                "{}.{}.",
                b64(&json!({"alg": alg, "typ": "at+jwt"})),
                b64(&valid_claims())
            );
            assert_eq!(
                keys().verify_access(&token, Utc::now()),
                Err(TokenError::Invalid),
                "{alg}"
            );
        }
    }

    #[test]
    fn other_key_rejected() {
        let token =
            TokenKeys::from_secret(b"another secret of thirty-two bytes!!").issue_access("user-1", "s", Utc::now());
        assert_eq!(
            keys().verify_access(&token.unwrap(), Utc::now()),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn other_algorithms_with_right_key_rejected() {
        for alg in [Algorithm::HS384, Algorithm::HS512] {
            let token = signed_with(&at_header(alg), &valid_claims());
            assert_eq!(
                keys().verify_access(&token, Utc::now()),
                Err(TokenError::Invalid),
                "{alg:?}"
            );
        }
        // Header claims HS512 but the signature is HS256 with the right key.
        let token = hand_signed_hs256(&json!({"alg":"HS512","typ":"at+jwt"}), &valid_claims(), SECRET);
        assert_eq!(keys().verify_access(&token, Utc::now()), Err(TokenError::Invalid));
    }

    #[test]
    fn expired_rejected() {
        let token = keys()
            .issue_access("user-1", "s", Utc::now() - Duration::hours(1))
            .unwrap();
        assert_eq!(keys().verify_access(&token, Utc::now()), Err(TokenError::Expired));
        // Just past expiry plus leeway.
        let past = Utc::now() - Duration::seconds(ACCESS_TTL_SECONDS + LEEWAY_SECONDS as i64 + 2);
        let token = keys().issue_access("user-1", "s", past).unwrap();
        assert_eq!(keys().verify_access(&token, Utc::now()), Err(TokenError::Expired));
        // An expired token with a bad signature is Invalid, not Expired.
        let token = TokenKeys::from_secret(b"another secret of thirty-two bytes!!")
            .issue_access("user-1", "s", Utc::now() - Duration::hours(1))
            .unwrap();
        assert_eq!(keys().verify_access(&token, Utc::now()), Err(TokenError::Invalid));
    }

    /// A server whose clock was set (tests, the demo) judges tokens by that clock.
    #[test]
    fn validity_is_judged_at_the_given_instant_not_the_wall_clock() {
        let set = Utc::now() - Duration::days(200);
        let token = keys().issue_access("user-1", "s", set).unwrap();
        assert!(keys().verify_access(&token, set + Duration::minutes(1)).is_ok());
        assert_eq!(keys().verify_access(&token, Utc::now()), Err(TokenError::Expired));
        assert_eq!(
            keys().verify_access(&token, set - Duration::minutes(1)),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn not_yet_valid_rejected() {
        let token = keys()
            .issue_access("user-1", "s", Utc::now() + Duration::minutes(5))
            .unwrap();
        assert_eq!(keys().verify_access(&token, Utc::now()), Err(TokenError::Invalid));
        // Within the leeway is accepted.
        let token = keys()
            .issue_access("user-1", "s", Utc::now() + Duration::seconds(2))
            .unwrap();
        assert!(keys().verify_access(&token, Utc::now()).is_ok());
    }

    #[test]
    fn wrong_audience_or_issuer_rejected() {
        for (field, value) in [
            ("aud", json!("other-api")),
            ("aud", json!(["other-api"])),
            ("iss", json!("someone-else")),
        ] {
            let mut claims = valid_claims();
            claims[field] = value;
            let token = signed_with(&at_header(Algorithm::HS256), &claims);
            assert_eq!(
                keys().verify_access(&token, Utc::now()),
                Err(TokenError::Invalid),
                "{field}"
            );
        }
    }

    #[test]
    fn missing_claims_rejected() {
        for field in ["iss", "aud", "exp", "nbf", "sub", "sid", "typ"] {
            let mut claims = valid_claims();
            claims.as_object_mut().unwrap().remove(field);
            let token = signed_with(&at_header(Algorithm::HS256), &claims);
            assert_eq!(
                keys().verify_access(&token, Utc::now()),
                Err(TokenError::Invalid),
                "{field}"
            );
        }
    }

    #[test]
    fn refresh_typ_claim_rejected() {
        let mut claims = valid_claims();
        claims["typ"] = json!("refresh");
        let token = signed_with(&at_header(Algorithm::HS256), &claims);
        assert_eq!(keys().verify_access(&token, Utc::now()), Err(TokenError::Invalid));
    }

    #[test]
    fn header_typ_missing_or_other_rejected() {
        let mut header = Header::new(Algorithm::HS256);
        header.typ = None;
        assert_eq!(
            keys().verify_access(&signed_with(&header, &valid_claims()), Utc::now()),
            Err(TokenError::Invalid)
        );
        // A generic JWT ("typ": "JWT") signed with the same key does not pass either.
        let header = Header::new(Algorithm::HS256);
        assert_eq!(
            keys().verify_access(&signed_with(&header, &valid_claims()), Utc::now()),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn refresh_token_string_rejected() {
        let (token, _) = new_refresh_token();
        assert_eq!(keys().verify_access(&token, Utc::now()), Err(TokenError::Invalid));
        assert_eq!(keys().verify_access("", Utc::now()), Err(TokenError::Invalid));
        assert_eq!(keys().verify_access("a.b.c", Utc::now()), Err(TokenError::Invalid));
    }

    #[test]
    fn tampered_payload_rejected() {
        let token = keys().issue_access("user-1", "session-1", Utc::now()).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        let mut claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        claims["sub"] = json!("admin");
        let tampered = format!("{}.{}.{}", parts[0], b64(&claims), parts[2]);
        assert_eq!(keys().verify_access(&tampered, Utc::now()), Err(TokenError::Invalid));
        // Tampered signature.
        let mut sig = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        sig[0] ^= 1;
        let tampered = format!("{}.{}.{}", parts[0], parts[1], URL_SAFE_NO_PAD.encode(sig));
        assert_eq!(keys().verify_access(&tampered, Utc::now()), Err(TokenError::Invalid));
    }

    #[test]
    fn refresh_tokens() {
        let (token, hash) = new_refresh_token();
        assert!(token.starts_with("rt_"));
        assert_eq!(URL_SAFE_NO_PAD.decode(&token[3..]).unwrap().len(), 32);
        assert_eq!(hash, hash_refresh_token(&token));
        assert_eq!(hash.len(), 64);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert!(!hash.contains(&token[3..]));
        let (other, other_hash) = new_refresh_token();
        assert_ne!(token, other);
        assert_ne!(hash, other_hash);
        // Known SHA-256 value.
        assert_eq!(
            hash_refresh_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn debug_hides_keys() {
        assert_eq!(format!("{:?}", keys()), "TokenKeys { .. }");
    }
}
