//! How a [`Translator`](super::Translator) is configured: provider keys, base URLs and models,
//! where the translation memory lives, concurrency and retry policy. Built from the environment
//! (DESIGN.md) or explicitly, e.g. from keys the Figma plugin hands the bridge.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use shotbridge_shared::wire::{GeminiCredentials, OpenAiCredentials, Provider};
use url::Url;

/// OpenAI's own endpoint; any OpenAI-compatible server can stand in through `OPENAI_BASE_URL`.
pub const DEFAULT_OPENAI_BASE_URL: &str = "https://api.openai.com/v1";
/// A current small OpenAI model with structured outputs; override with `OPENAI_MODEL`.
pub const DEFAULT_OPENAI_MODEL: &str = "gpt-5-mini";
/// Google's Gemini API host (native `generateContent`).
pub const DEFAULT_GEMINI_BASE_URL: &str = "https://generativelanguage.googleapis.com";
/// A current fast Gemini model with JSON output; override with `GEMINI_MODEL`.
pub const DEFAULT_GEMINI_MODEL: &str = "gemini-2.5-flash";
/// Name of the translation memory file inside the data directory.
pub const MEMORY_FILE_NAME: &str = "translation-memory.sqlite3";

/// Why a configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{variable} is not a valid URL ({value}): give a full URL such as {example}")]
    InvalidUrl {
        variable: &'static str,
        value: String,
        example: &'static str,
    },
    #[error(
        "{variable} uses plain http for {host}: API keys may only travel over https, or plain \
         http to this computer (localhost, 127.0.0.1)"
    )]
    InsecureUrl {
        variable: &'static str,
        host: String,
    },
    #[error("the {provider} API key is empty; paste the whole key")]
    EmptyKey { provider: &'static str },
    #[error("the {provider} model name is empty")]
    EmptyModel { provider: &'static str },
    #[error("no data directory for the translation memory; set SHOTBRIDGE_DATA_DIR")]
    NoDataDir,
    #[error("the translation memory at {path} cannot be opened: {cause}")]
    Memory { path: String, cause: String },
    #[error("concurrency must be at least 1")]
    ZeroConcurrency,
    #[error("the HTTP client cannot start: {0}")]
    Http(String),
}

/// An OpenAI (or OpenAI-compatible) account.
#[derive(Debug, Clone)]
pub struct OpenAiSettings {
    /// Sent as `Authorization: Bearer …`; never logged.
    pub api_key: SecretString,
    /// Up to and including the version segment, e.g. `https://api.openai.com/v1`; no trailing
    /// slash (paths are appended verbatim).
    pub base_url: String,
    /// Used when a request names no model.
    pub model: String,
}

impl OpenAiSettings {
    /// The key with OpenAI's own endpoint and the default model.
    pub fn new(api_key: SecretString) -> Self {
        Self {
            api_key,
            base_url: DEFAULT_OPENAI_BASE_URL.to_owned(),
            model: DEFAULT_OPENAI_MODEL.to_owned(),
        }
    }

    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    pub fn with_model(mut self, model: impl Into<String>) -> Self {
        self.model = model.into();
        self
    }

    /// From the body of `PUT /v1/credentials`.
    pub fn from_credentials(credentials: &OpenAiCredentials) -> Self {
        let mut settings = Self::new(SecretString::from(credentials.api_key.clone()));
        if let Some(base_url) = &credentials.base_url {
            settings.base_url = base_url.clone();
        }
        if let Some(model) = &credentials.model {
            settings.model = model.clone();
        }
        settings
    }

    pub(crate) fn checked(mut self) -> Result<Self, ConfigError> {
        if self.api_key.expose_secret().trim().is_empty() {
            return Err(ConfigError::EmptyKey { provider: "OpenAI" });
        }
        if self.model.trim().is_empty() {
            return Err(ConfigError::EmptyModel { provider: "OpenAI" });
        }
        self.base_url =
            checked_base_url("OPENAI_BASE_URL", &self.base_url, DEFAULT_OPENAI_BASE_URL)?;
        Ok(self)
    }
}

/// A Google Gemini API account (native `generateContent`).
#[derive(Debug, Clone)]
pub struct GeminiSettings {
    /// Sent as `x-goog-api-key`; never logged.
    pub api_key: SecretString,
    /// The API host, e.g. `https://generativelanguage.googleapis.com` (`/v1beta/…` is appended).
    pub base_url: String,
    pub model: String,
}

impl GeminiSettings {
    pub fn new(api_key: SecretString) -> Self {
        Self {
            api_key,
            base_url: DEFAULT_GEMINI_BASE_URL.to_owned(),
            model: DEFAULT_GEMINI_MODEL.to_owned(),
        }
    }

    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    pub fn with_model(mut self, model: impl Into<String>) -> Self {
        self.model = model.into();
        self
    }

    /// From the body of `PUT /v1/credentials`.
    pub fn from_credentials(credentials: &GeminiCredentials) -> Self {
        let mut settings = Self::new(SecretString::from(credentials.api_key.clone()));
        if let Some(model) = &credentials.model {
            settings.model = model.clone();
        }
        settings
    }

    pub(crate) fn checked(mut self) -> Result<Self, ConfigError> {
        if self.api_key.expose_secret().trim().is_empty() {
            return Err(ConfigError::EmptyKey { provider: "Gemini" });
        }
        if self.model.trim().is_empty() {
            return Err(ConfigError::EmptyModel { provider: "Gemini" });
        }
        self.base_url =
            checked_base_url("GEMINI_BASE_URL", &self.base_url, DEFAULT_GEMINI_BASE_URL)?;
        Ok(self)
    }
}

/// Where the translation memory is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoryLocation {
    /// A SQLite file named [`MEMORY_FILE_NAME`] in this directory (created if missing).
    Dir(PathBuf),
    /// Kept only as long as the translator lives (tests, one-off runs).
    InMemory,
    /// Every string goes to the provider.
    Disabled,
}

/// Options of the offline pseudo-localizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PseudoOptions {
    /// Wrap right-to-left targets (ar-SA, he, ur-PK) in RLE…PDF marks so mirroring shows; with
    /// `true`, every target is rendered right-to-left (a bidi preview like Android's ar-XB).
    pub force_rtl: bool,
}

/// Retries of one provider request on 429 and 5xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: usize,
    /// First backoff delay; doubles per retry, with jitter.
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// A provider's own retry hint (`Retry-After`, Gemini `retryDelay`) is honoured up to this;
    /// a longer wait is reported instead of waited out.
    pub max_hint: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_hint: Duration::from_secs(90),
        }
    }
}

/// Everything a [`Translator`](super::Translator) is built from.
#[derive(Debug, Clone)]
pub struct TranslatorConfig {
    pub openai: Option<OpenAiSettings>,
    pub gemini: Option<GeminiSettings>,
    /// Used when a request names no provider; `None` picks OpenAI, then Gemini, whichever has a
    /// key, else pseudo-localization.
    pub default_provider: Option<Provider>,
    pub pseudo: PseudoOptions,
    pub memory: MemoryLocation,
    /// Locales translated at the same time.
    pub concurrency: usize,
    pub retry: RetryPolicy,
    /// Limit for one provider request (a whole locale's batch).
    pub request_timeout: Duration,
}

impl Default for TranslatorConfig {
    /// Offline: pseudo-localization only, memory in RAM.
    fn default() -> Self {
        Self {
            openai: None,
            gemini: None,
            default_provider: None,
            pseudo: PseudoOptions::default(),
            memory: MemoryLocation::InMemory,
            concurrency: 4,
            retry: RetryPolicy::default(),
            request_timeout: Duration::from_secs(120),
        }
    }
}

impl TranslatorConfig {
    /// From `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_MODEL`, `GEMINI_API_KEY`,
    /// `GEMINI_BASE_URL`, `GEMINI_MODEL` and `SHOTBRIDGE_DATA_DIR` (default: the platform data
    /// directory). Empty variables count as unset.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let openai = var("OPENAI_API_KEY").map(|key| {
            let mut s = OpenAiSettings::new(SecretString::from(key.trim().to_owned()));
            if let Some(base) = var("OPENAI_BASE_URL") {
                s.base_url = base;
            }
            if let Some(model) = var("OPENAI_MODEL") {
                s.model = model;
            }
            s
        });
        let gemini = var("GEMINI_API_KEY").map(|key| {
            let mut s = GeminiSettings::new(SecretString::from(key.trim().to_owned()));
            if let Some(base) = var("GEMINI_BASE_URL") {
                s.base_url = base;
            }
            if let Some(model) = var("GEMINI_MODEL") {
                s.model = model;
            }
            s
        });
        let dir = match var("SHOTBRIDGE_DATA_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("", "", "Shotbridge")
                .map(|d| d.data_dir().to_path_buf())
                .ok_or(ConfigError::NoDataDir)?,
        };
        Ok(Self {
            openai,
            gemini,
            memory: MemoryLocation::Dir(dir),
            ..Self::default()
        })
    }

    pub fn with_openai(mut self, settings: OpenAiSettings) -> Self {
        self.openai = Some(settings);
        self
    }

    pub fn with_gemini(mut self, settings: GeminiSettings) -> Self {
        self.gemini = Some(settings);
        self
    }

    pub fn with_memory(mut self, memory: MemoryLocation) -> Self {
        self.memory = memory;
        self
    }
}

/// Parses a provider base URL; https anywhere, plain http only to this computer.
fn checked_base_url(
    variable: &'static str,
    value: &str,
    example: &'static str,
) -> Result<String, ConfigError> {
    let trimmed = value.trim().trim_end_matches('/');
    let invalid = || ConfigError::InvalidUrl {
        variable,
        value: value.to_owned(),
        example,
    };
    let url = Url::parse(trimmed).map_err(|_| invalid())?;
    let host = url.host_str().ok_or_else(invalid)?.to_owned();
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(ConfigError::InsecureUrl { variable, host }),
        _ => return Err(invalid()),
    }
    Ok(trimmed.to_owned())
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_lose_trailing_slashes_and_refuse_plain_http_abroad() {
        assert_eq!(
            checked_base_url("X", "https://api.example.com/v1/", "e").unwrap(),
            "https://api.example.com/v1"
        );
        assert!(checked_base_url("X", "http://127.0.0.1:8080/v1", "e").is_ok());
        assert!(checked_base_url("X", "http://localhost:11434/v1", "e").is_ok());
        let err = checked_base_url("X", "http://example.com/v1", "e").unwrap_err();
        assert!(matches!(err, ConfigError::InsecureUrl { .. }), "{err}");
        assert!(checked_base_url("X", "api.openai.com", "e").is_err());
    }

    #[test]
    fn environment_keys_models_and_data_dir_are_read() {
        let config = TranslatorConfig::from_lookup(|name| match name {
            "OPENAI_API_KEY" => Some("sk-test".into()),
            "OPENAI_MODEL" => Some("gpt-test".into()),
            "GEMINI_API_KEY" => Some("  ".into()),
            "SHOTBRIDGE_DATA_DIR" => Some("/tmp/sb".into()),
            _ => None,
        })
        .unwrap();
        let openai = config.openai.unwrap();
        assert_eq!(openai.model, "gpt-test");
        assert_eq!(openai.base_url, DEFAULT_OPENAI_BASE_URL);
        assert!(config.gemini.is_none(), "a blank key counts as unset");
        assert_eq!(config.memory, MemoryLocation::Dir(PathBuf::from("/tmp/sb")));
    }
}
