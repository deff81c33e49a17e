//! The sandbox's API keys and JWT checks: an ES256 key generated at start whose PKCS#8 PEM is
//! handed to tests, extra keys tests register or revoke, and Apple's token rules (known `kid`,
//! `aud` appstoreconnect-v1, `iss` the issuer id, lifetime at most 20 minutes, not expired).

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use p256::SecretKey;
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rand::Rng;
use secrecy::SecretString;
use serde::Deserialize;

/// Apple's audience for App Store Connect tokens.
pub const AUDIENCE: &str = "appstoreconnect-v1";
/// Apple refuses tokens whose `exp - iat` exceeds 20 minutes.
pub const MAX_LIFETIME_SECS: i64 = 20 * 60;
/// Tolerance for clocks that run a little ahead of the sandbox's (an `iat` slightly ahead).
const CLOCK_SKEW_SECS: i64 = 60;

/// What a client needs to talk to the sandbox, like an ASC API key.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// A UUID, like the issuer id on App Store Connect's Users and Access page.
    pub issuer_id: String,
    /// Ten characters, like `2X9R4HXF34`.
    pub key_id: String,
    /// The `.p8` contents: an unencrypted PKCS#8 PEM EC P-256 private key.
    pub private_key_pem: SecretString,
}

/// Why a key could not be made or registered.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the public key is not a PEM-encoded EC P-256 key: {0}")]
    BadPublicKey(#[source] jsonwebtoken::errors::Error),
    #[error("could not encode the generated key: {0}")]
    Encode(String),
}

/// A freshly generated key pair: the private PEM and the public PEM.
pub(crate) fn generate_key() -> Result<(SecretString, String), KeyError> {
    let mut rng = rand::rng();
    // A random 32-byte string is a valid P-256 scalar except with negligible probability.
    let secret = loop {
        let bytes: [u8; 32] = rng.random();
        if let Ok(key) = SecretKey::from_slice(&bytes) {
            break key;
        }
    };
    let private = secret
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| KeyError::Encode(e.to_string()))?;
    let public = secret
        .public_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| KeyError::Encode(e.to_string()))?;
    Ok((SecretString::from(private.to_string()), public))
}

/// A new key id: ten upper-case letters and digits.
pub(crate) fn new_key_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    (0..10)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// The keys the sandbox accepts, by key id, and the issuer they belong to.
pub(crate) struct KeyRing {
    pub issuer_id: String,
    keys: HashMap<String, DecodingKey>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("issuer_id", &self.issuer_id)
            .field("key_ids", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Why a token was refused (logged for tests, never shown beyond Apple's generic 401).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("no Authorization bearer token")]
    Missing,
    #[error("the token header is unreadable or not ES256")]
    BadHeader,
    #[error("the key id is unknown or revoked")]
    UnknownKey,
    #[error("the token does not verify: {0}")]
    Invalid(String),
    #[error("the token lives longer than 20 minutes")]
    TooLong,
    #[error("the token was issued in the future")]
    IssuedInFuture,
}

#[derive(Debug, Deserialize)]
struct Claims {
    iat: i64,
    exp: i64,
}

impl KeyRing {
    pub fn new(issuer_id: String) -> Self {
        Self {
            issuer_id,
            keys: HashMap::new(),
        }
    }

    /// Accepts tokens signed by this public key (PEM) under this key id.
    pub fn add(&mut self, key_id: &str, public_key_pem: &str) -> Result<(), KeyError> {
        let key =
            DecodingKey::from_ec_pem(public_key_pem.as_bytes()).map_err(KeyError::BadPublicKey)?;
        self.keys.insert(key_id.to_owned(), key);
        Ok(())
    }

    /// Stops accepting this key id. Returns whether it was known.
    pub fn revoke(&mut self, key_id: &str) -> bool {
        self.keys.remove(key_id).is_some()
    }

    /// Checks an `Authorization` header value against Apple's rules.
    // TODO: individual keys (`sub: "user"` instead of `iss`) and `scope` claims are not
    // accepted yet; only team keys, which is what Shotbridge asks users for.
    pub fn verify(&self, authorization: Option<&str>) -> Result<(), TokenError> {
        let token = authorization
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(TokenError::Missing)?;
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::BadHeader)?;
        if header.alg != Algorithm::ES256 {
            return Err(TokenError::BadHeader);
        }
        let key = header
            .kid
            .as_deref()
            .and_then(|k| self.keys.get(k))
            .ok_or(TokenError::UnknownKey)?;
        let mut validation = Validation::new(Algorithm::ES256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[self.issuer_id.as_str()]);
        validation.set_required_spec_claims(&["exp", "iat", "aud", "iss"]);
        validation.leeway = 0;
        let data = jsonwebtoken::decode::<Claims>(token, key, &validation)
            .map_err(|e| TokenError::Invalid(e.to_string()))?;
        let Claims { iat, exp } = data.claims;
        if exp - iat > MAX_LIFETIME_SECS {
            return Err(TokenError::TooLong);
        }
        if iat > unix_now() + CLOCK_SKEW_SECS {
            return Err(TokenError::IssuedInFuture);
        }
        Ok(())
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
