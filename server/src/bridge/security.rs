//! Who may talk to the bridge: the pairing token (checked in constant time), the `Host` check
//! against DNS rebinding, and CORS for the plugin iframe's `null` origin.
//!
//! CORS cannot tell the plugin from any sandboxed iframe on any web page (both send
//! `Origin: null`), so it only lets the browser read answers; the token is what authenticates.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::error::ApiError;

/// The secret the plugin must send as `Authorization: Bearer <token>`.
#[derive(Debug, Clone)]
pub struct PairingToken(Arc<SecretString>);

/// Why a token given on the command line or in `SHOTBRIDGE_TOKEN` is refused.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the pairing token must be at least {MIN_TOKEN_LEN} characters long")]
    TooShort,
    #[error("the pairing token may only contain visible ASCII characters without spaces")]
    BadCharacters,
}

/// Shortest token accepted from the user; short tokens are guessable.
pub const MIN_TOKEN_LEN: usize = 16;

impl PairingToken {
    /// A fresh random token: 32 bytes from the OS generator, base64url without padding.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(Arc::new(SecretString::from(URL_SAFE_NO_PAD.encode(bytes))))
    }

    /// A token fixed by the user (`--token`, `SHOTBRIDGE_TOKEN`).
    pub fn parse(text: &str) -> Result<Self, TokenError> {
        if text.len() < MIN_TOKEN_LEN {
            return Err(TokenError::TooShort);
        }
        if !text.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(TokenError::BadCharacters);
        }
        Ok(Self(Arc::new(SecretString::from(text.to_owned()))))
    }

    /// Compares in constant time (for equal lengths), so the answer time tells nothing.
    pub fn matches(&self, candidate: &str) -> bool {
        self.0
            .expose_secret()
            .as_bytes()
            .ct_eq(candidate.as_bytes())
            .into()
    }

    /// The token itself, for printing it once at start.
    pub fn reveal(&self) -> &str {
        self.0.expose_secret()
    }
}

/// Requires the pairing token on every route it wraps.
pub async fn require_token(
    State(token): State<PairingToken>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match presented {
        Some(candidate) if token.matches(candidate) => next.run(request).await,
        _ => ApiError::Unauthorized.into_response(),
    }
}

/// The `Host` values the bridge answers to: loopback names with its port, plus the bound
/// address when the user explicitly allowed a non-loopback one.
#[derive(Debug, Clone)]
pub struct AllowedHosts(Arc<HashSet<String>>);

impl AllowedHosts {
    pub fn new(bound: IpAddr, port: u16) -> Self {
        let mut hosts: HashSet<String> = [
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
        ]
        .into_iter()
        .collect();
        if !bound.is_loopback() && !bound.is_unspecified() {
            hosts.insert(match bound {
                IpAddr::V4(ip) => format!("{ip}:{port}"),
                IpAddr::V6(ip) => format!("[{ip}]:{port}"),
            });
        }
        Self(Arc::new(hosts))
    }

    fn allows(&self, host: &str) -> bool {
        self.0.contains(&host.to_ascii_lowercase())
    }
}

/// Refuses requests whose `Host` is not the bridge's own (a rebinding DNS name).
pub async fn check_host(
    State(allowed): State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match host {
        Some(host) if allowed.allows(host) => next.run(request).await,
        _ => {
            tracing::warn!(
                host = host.unwrap_or(""),
                "refused a request for a foreign host"
            );
            ApiError::ForbiddenHost.into_response()
        }
    }
}

/// Origins whose pages may read the bridge's answers: the plugin iframe (`null`) and Figma's
/// own web and desktop pages.
const ALLOWED_ORIGINS: [&str; 3] = ["null", "https://www.figma.com", "https://figma.com"];

/// CORS for the plugin: no cookies, the headers and methods the API uses, and the
/// private-network answer Chrome asks for before a public page reaches localhost.
pub fn cors() -> CorsLayer {
    let origins: Vec<HeaderValue> = ALLOWED_ORIGINS
        .iter()
        .map(|o| HeaderValue::from_static(o))
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([header::RETRY_AFTER])
        .allow_private_network(true)
        .max_age(std::time::Duration::from_secs(600))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_are_long_and_distinct() {
        let (a, b) = (PairingToken::generate(), PairingToken::generate());
        assert_eq!(a.reveal().len(), 43);
        assert_ne!(a.reveal(), b.reveal());
        assert!(a.matches(a.reveal()));
        assert!(!a.matches(b.reveal()));
        assert!(!a.matches(""));
    }

    #[test]
    fn user_tokens_are_checked() {
        assert!(matches!(
            PairingToken::parse("short"),
            Err(TokenError::TooShort)
        ));
        assert!(matches!(
            PairingToken::parse("has a space in it, sadly"),
            Err(TokenError::BadCharacters)
        ));
        assert!(PairingToken::parse("0123456789abcdef").is_ok());
    }

    #[test]
    fn only_loopback_hosts_with_the_port_are_allowed() {
        let hosts = AllowedHosts::new(IpAddr::from([127, 0, 0, 1]), 7531);
        assert!(hosts.allows("localhost:7531"));
        assert!(hosts.allows("LOCALHOST:7531"));
        assert!(hosts.allows("127.0.0.1:7531"));
        assert!(hosts.allows("[::1]:7531"));
        assert!(!hosts.allows("localhost"));
        assert!(!hosts.allows("localhost:7532"));
        assert!(!hosts.allows("evil.example:7531"));
    }
}
