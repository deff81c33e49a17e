//! Where the client talks to and with which key: `ASC_API_URL` (plain `http` only for loopback
//! hosts, such as the sandbox) and the credentials from `ASC_ISSUER_ID`, `ASC_KEY_ID`,
//! `ASC_PRIVATE_KEY_PATH` or `ASC_PRIVATE_KEY`, or given explicitly (as the bridge does).

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use super::auth::{ApiKey, Credentials, KeyError};

/// Apple's production API.
pub const DEFAULT_API_URL: &str = "https://api.appstoreconnect.apple.com";

/// Why the configuration cannot be used; found before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("ASC_API_URL \"{0}\" is not a URL (e.g. https://api.appstoreconnect.apple.com)")]
    BadUrl(String),
    #[error(
        "ASC_API_URL \"{0}\" uses plain http to a host that is not this computer; use https \
         (plain http is accepted only for localhost, 127.0.0.0/8 and ::1)"
    )]
    InsecureUrl(String),
    #[error("App Store Connect credentials are missing: set {}", missing.join(", "))]
    MissingCredentials { missing: Vec<&'static str> },
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("could not set up HTTPS: {0}")]
    HttpClient(String),
}

/// Everything an [`super::AscClient`] needs: base URL, key, timeouts and retry bounds.
#[derive(Debug, Clone)]
pub struct AscConfig {
    /// The API root, without `/v1`.
    pub base_url: Url,
    pub key: ApiKey,
    /// Limit for opening a connection.
    pub connect_timeout: Duration,
    /// Limit for one API request, answer included.
    pub request_timeout: Duration,
    /// Limit for one upload-operation PUT (a few MB to Apple's blob store).
    pub upload_timeout: Duration,
    /// How many times a retryable request is retried.
    pub max_retries: usize,
    /// First backoff delay; doubles (with jitter) up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// How many upload-operation parts of one screenshot go at once.
    pub upload_parallelism: usize,
}

impl AscConfig {
    /// A configuration for `base_url` with the default timeouts and retry bounds.
    pub fn new(base_url: &str, key: ApiKey) -> Result<Self, ConfigError> {
        Ok(AscConfig {
            base_url: parse_base_url(base_url)?,
            key,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            upload_timeout: Duration::from_secs(300),
            max_retries: 5,
            min_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
            upload_parallelism: 4,
        })
    }

    /// Base URL from `ASC_API_URL` (or Apple's), credentials given explicitly.
    pub fn with_credentials(credentials: Credentials) -> Result<Self, ConfigError> {
        let key = credentials.into_key()?;
        AscConfig::new(&base_url_from_env(), key)
    }

    /// Base URL and credentials from the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        AscConfig::with_credentials(credentials_from_env()?)
    }
}

/// `ASC_API_URL`, or Apple's production URL.
pub fn base_url_from_env() -> String {
    std::env::var("ASC_API_URL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_API_URL.to_owned())
}

/// The credentials in the environment, naming every variable that is missing.
pub fn credentials_from_env() -> Result<Credentials, ConfigError> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let issuer_id = var("ASC_ISSUER_ID");
    let key_id = var("ASC_KEY_ID");
    let inline = var("ASC_PRIVATE_KEY");
    let path = var("ASC_PRIVATE_KEY_PATH");
    let mut missing = Vec::new();
    if issuer_id.is_none() {
        missing.push("ASC_ISSUER_ID");
    }
    if key_id.is_none() {
        missing.push("ASC_KEY_ID");
    }
    if inline.is_none() && path.is_none() {
        missing.push("ASC_PRIVATE_KEY_PATH (or ASC_PRIVATE_KEY)");
    }
    let (Some(issuer_id), Some(key_id)) = (issuer_id, key_id) else {
        return Err(ConfigError::MissingCredentials { missing });
    };
    let private_key = match (inline, path) {
        // A `.p8` pasted into one line with literal `\n` is still a PEM.
        (Some(pem), _) => SecretString::from(pem.replace("\\n", "\n")),
        (None, Some(path)) => {
            let path = PathBuf::from(path);
            let pem = std::fs::read_to_string(&path).map_err(|e| KeyError::Read {
                path: path.display().to_string(),
                cause: e.to_string(),
            })?;
            SecretString::from(pem)
        }
        (None, None) => return Err(ConfigError::MissingCredentials { missing }),
    };
    Ok(Credentials {
        issuer_id,
        key_id,
        private_key,
    })
}

/// Parses the base URL; plain `http` only to this computer.
pub fn parse_base_url(raw: &str) -> Result<Url, ConfigError> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = Url::parse(trimmed).map_err(|_| ConfigError::BadUrl(raw.to_owned()))?;
    let host = url
        .host_str()
        .ok_or_else(|| ConfigError::BadUrl(raw.to_owned()))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => return Err(ConfigError::InsecureUrl(raw.to_owned())),
        _ => return Err(ConfigError::BadUrl(raw.to_owned())),
    }
    Ok(url)
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_for_loopback() {
        for ok in [
            "https://api.appstoreconnect.apple.com",
            "http://127.0.0.1:8080",
            "http://127.3.4.5",
            "http://localhost:7000/",
            "http://[::1]:9000",
        ] {
            assert!(parse_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.appstoreconnect.apple.com",
            "http://10.0.0.1",
            "http://[::2]",
        ] {
            assert!(
                matches!(parse_base_url(bad), Err(ConfigError::InsecureUrl(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            parse_base_url("ftp://x"),
            Err(ConfigError::BadUrl(_))
        ));
        assert!(matches!(
            parse_base_url("not a url"),
            Err(ConfigError::BadUrl(_))
        ));
    }
}
