//! The App Store Connect API key and the JWT it signs.
//!
//! A key is three things from Users and Access > Integrations in App Store Connect: the issuer
//! id (a UUID such as `57246542-96fe-1a63-e053-0824d011072a`), the key id (ten characters such
//! as `2X9R4HXF34`) and the private key, a PKCS#8 PEM `.p8` file (`AuthKey_<KEYID>.p8`) that
//! Apple lets you download once. The key is checked when it is loaded, so a key that cannot sign
//! is reported before any request is sent.

use std::fmt;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::pkcs8::DecodePrivateKey;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

/// How long a token is valid; Apple refuses more than 20 minutes.
const TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// `iat` is set this far in the past so a slightly fast ASC clock still accepts the token.
const BACKDATE: Duration = Duration::from_secs(60);
/// A cached token is replaced once it has less than this left, so no request carries a token
/// that expires in flight.
const REFRESH_MARGIN: Duration = Duration::from_secs(2 * 60);
const AUDIENCE: &str = "appstoreconnect-v1";

/// Why an API key cannot be used; found before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(
        "the issuer id \"{0}\" is not a UUID; copy the Issuer ID shown above the keys in App \
         Store Connect (Users and Access > Integrations)"
    )]
    IssuerId(String),
    #[error(
        "the key id \"{0}\" does not look like an App Store Connect key id (letters and digits, \
         like 2X9R4HXF34); copy the Key ID of the key in App Store Connect"
    )]
    KeyId(String),
    #[error("could not read the private key file {path}: {cause}")]
    Read { path: String, cause: String },
    #[error(
        "the private key is not a PEM file; use the AuthKey_<KEYID>.p8 file downloaded from App \
         Store Connect, unchanged (it starts with -----BEGIN PRIVATE KEY-----)"
    )]
    NotPem,
    #[error(
        "the private key is in the old \"EC PRIVATE KEY\" (SEC1) form, not PKCS#8; use the .p8 \
         file from App Store Connect, or convert it with `openssl pkcs8 -topk8 -nocrypt`"
    )]
    NotPkcs8,
    #[error(
        "the private key is not an App Store Connect key (those are EC P-256 keys); use the \
         AuthKey_<KEYID>.p8 file downloaded from App Store Connect"
    )]
    NotP256,
    #[error("the private key could not sign a token: {0}")]
    Signing(String),
}

/// An App Store Connect API key, checked to be able to sign. `Debug` never shows the key.
// TODO: individual keys (claims `sub: "user"` instead of `iss`) are not supported yet; team keys
// are what the App Manager role needs for screenshots.
#[derive(Clone)]
pub struct ApiKey {
    issuer_id: String,
    key_id: String,
    encoding_key: EncodingKey,
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("issuer_id", &self.issuer_id)
            .field("key_id", &self.key_id)
            .field("private_key", &"[redacted]")
            .finish()
    }
}

impl ApiKey {
    /// Builds a key from its parts; every other constructor ends here. The PEM must be the
    /// PKCS#8 P-256 key of a `.p8` file.
    pub fn new(
        issuer_id: &str,
        key_id: &str,
        private_key_pem: &SecretString,
    ) -> Result<Self, KeyError> {
        let issuer_id = issuer_id.trim();
        if uuid::Uuid::parse_str(issuer_id).is_err() {
            return Err(KeyError::IssuerId(issuer_id.to_owned()));
        }
        let key_id = key_id.trim();
        if key_id.is_empty()
            || key_id.len() > 32
            || !key_id.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(KeyError::KeyId(key_id.to_owned()));
        }
        let pem = private_key_pem.expose_secret().trim();
        check_p256_pkcs8(pem)?;
        let encoding_key =
            EncodingKey::from_ec_pem(pem.as_bytes()).map_err(|_| KeyError::NotP256)?;
        let key = ApiKey {
            issuer_id: issuer_id.to_owned(),
            key_id: key_id.to_owned(),
            encoding_key,
        };
        // Sign once now so a key that cannot sign fails here, not on the first request.
        key.sign(SystemTime::now())?;
        Ok(key)
    }

    /// Reads the private key from a `.p8` file.
    pub fn from_p8_file(issuer_id: &str, key_id: &str, path: &Path) -> Result<Self, KeyError> {
        let pem = std::fs::read_to_string(path).map_err(|e| KeyError::Read {
            path: path.display().to_string(),
            cause: e.to_string(),
        })?;
        ApiKey::new(issuer_id, key_id, &SecretString::from(pem))
    }

    /// The issuer id (a UUID).
    pub fn issuer_id(&self) -> &str {
        &self.issuer_id
    }

    /// The key id (e.g. `2X9R4HXF34`).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Signs a token issued at `now`: header `{alg: ES256, kid, typ: JWT}`, claims
    /// `{iss, iat: now - 60 s, exp: now + 15 min, aud: appstoreconnect-v1}`.
    pub fn sign(&self, now: SystemTime) -> Result<SignedToken, KeyError> {
        let now_secs = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        let claims = Claims {
            iss: &self.issuer_id,
            iat: now_secs.saturating_sub(BACKDATE.as_secs()),
            exp: now_secs + TOKEN_LIFETIME.as_secs(),
            aud: AUDIENCE,
        };
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.key_id.clone());
        header.typ = Some("JWT".to_owned());
        let token = jsonwebtoken::encode(&header, &claims, &self.encoding_key)
            .map_err(|e| KeyError::Signing(e.to_string()))?;
        Ok(SignedToken {
            token: SecretString::from(token),
            expires_at: now + TOKEN_LIFETIME,
        })
    }
}

/// Checks the PEM is a PKCS#8 EC P-256 private key, naming what it is otherwise.
fn check_p256_pkcs8(pem: &str) -> Result<(), KeyError> {
    if pem.contains("-----BEGIN EC PRIVATE KEY-----") {
        return Err(KeyError::NotPkcs8);
    }
    if !pem.contains("-----BEGIN PRIVATE KEY-----") {
        if pem.contains("-----BEGIN") {
            return Err(KeyError::NotP256);
        }
        return Err(KeyError::NotPem);
    }
    match p256::SecretKey::from_pkcs8_pem(pem) {
        Ok(_) => Ok(()),
        Err(p256::pkcs8::Error::Asn1(_)) if !pem_body_is_base64(pem) => Err(KeyError::NotPem),
        Err(_) => Err(KeyError::NotP256),
    }
}

fn pem_body_is_base64(pem: &str) -> bool {
    pem.lines().filter(|l| !l.starts_with("-----")).all(|l| {
        l.trim()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
    })
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    iat: u64,
    exp: u64,
    aud: &'a str,
}

/// A signed JWT and when it stops being valid.
#[derive(Debug, Clone)]
pub struct SignedToken {
    pub token: SecretString,
    pub expires_at: SystemTime,
}

/// Credentials as given by the user or the plugin, not yet checked.
#[derive(Clone)]
pub struct Credentials {
    pub issuer_id: String,
    pub key_id: String,
    /// The `.p8` PEM text.
    pub private_key: SecretString,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("issuer_id", &self.issuer_id)
            .field("key_id", &self.key_id)
            .field("private_key", &"[redacted]")
            .finish()
    }
}

impl Credentials {
    /// Checks the credentials can sign.
    pub fn into_key(self) -> Result<ApiKey, KeyError> {
        ApiKey::new(&self.issuer_id, &self.key_id, &self.private_key)
    }
}

/// One cached token shared by all requests of a client; a 401 replaces it once.
#[derive(Debug)]
pub(crate) struct TokenCache {
    key: ApiKey,
    current: Mutex<Option<(u64, SignedToken)>>,
}

impl TokenCache {
    pub(crate) fn new(key: ApiKey) -> Self {
        TokenCache {
            key,
            current: Mutex::new(None),
        }
    }

    /// The token to send and its generation (to invalidate exactly this one on a 401).
    pub(crate) fn token(&self) -> Result<(u64, SecretString), KeyError> {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        let now = SystemTime::now();
        if let Some((generation, token)) = current.as_ref() {
            let fresh = token
                .expires_at
                .duration_since(now)
                .is_ok_and(|left| left > REFRESH_MARGIN);
            if fresh {
                return Ok((*generation, token.token.clone()));
            }
        }
        let generation = current.as_ref().map_or(1, |(g, _)| g + 1);
        let token = self.key.sign(now)?;
        let secret = token.token.clone();
        *current = Some((generation, token));
        Ok((generation, secret))
    }

    /// Drops the token of `generation` (Apple rejected it) unless another request already did.
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((g, token)) = current.as_mut()
            && *g == generation
        {
            // Keep the generation counter; force a re-sign on the next call.
            token.expires_at = UNIX_EPOCH;
        }
    }
}
