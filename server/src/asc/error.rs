//! Errors of the ASC client: ASC's own `errors[]` kept typed (status, code, title, detail,
//! source), plain-words explanations of the common codes, and the one distinction callers must
//! act on: [`AscError::is_uncertain`] (a creating request may have happened: re-read, reconcile)
//! versus every other error (definite: nothing was changed, or the change is known to have failed).

use std::fmt;

use serde::Deserialize;

use super::auth::KeyError;
use super::config::ConfigError;

/// Where in the request ASC found the problem.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorSource {
    /// A JSON Pointer into the request body, e.g. `/data/attributes/locale`.
    Pointer(String),
    /// A query parameter, e.g. `filter[platform]`.
    Parameter(String),
}

/// One entry of ASC's `errors[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorItem {
    /// Hierarchical, dot-separated, e.g. `ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE`.
    pub code: String,
    pub title: String,
    pub detail: Option<String>,
    pub source: Option<ErrorSource>,
}

impl ErrorItem {
    /// Whether the code is `prefix` or a more specific code below it (`STATE_ERROR` matches
    /// `STATE_ERROR.SCREENSHOT_REQUIRED.APP_IPHONE_67`, not `STATE_ERRORS`).
    pub fn has_code(&self, prefix: &str) -> bool {
        code_matches(&self.code, prefix)
    }

    /// What happened and what to do, in plain words, when the error is a known one.
    pub fn explanation(&self) -> Option<&'static str> {
        if self.mentions("too many screenshots") {
            return Some(TOO_MANY_SCREENSHOTS);
        }
        explain(&self.code)
    }

    fn mentions(&self, words: &str) -> bool {
        let words = words.to_ascii_lowercase();
        self.title.to_ascii_lowercase().contains(&words)
            || self
                .detail
                .as_deref()
                .is_some_and(|d| d.to_ascii_lowercase().contains(&words))
    }
}

fn code_matches(code: &str, prefix: &str) -> bool {
    code == prefix
        || (code.len() > prefix.len()
            && code.starts_with(prefix)
            && code.as_bytes().get(prefix.len()) == Some(&b'.'))
}

/// ASC answered a request with an error status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status, e.g. 409.
    pub status: u16,
    /// The request, as `METHOD /path` (never the query's secrets: there are none, and no token).
    pub request: String,
    /// ASC's `errors[]`; empty when the body was not an ASC error document.
    pub errors: Vec<ErrorItem>,
}

impl ApiError {
    /// Whether any entry's code is `prefix` or below it.
    pub fn has_code(&self, prefix: &str) -> bool {
        self.errors.iter().any(|e| e.has_code(prefix))
    }

    /// The first entry's explanation that is known, else one for the status.
    pub fn explanation(&self) -> Option<&'static str> {
        self.errors
            .iter()
            .find_map(ErrorItem::explanation)
            .or(match self.status {
                401 => explain("NOT_AUTHORIZED"),
                403 => explain("FORBIDDEN_ERROR"),
                429 => explain("RATE_LIMIT_EXCEEDED"),
                500..=599 => Some(SERVER_TROUBLE),
                _ => None,
            })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "App Store Connect answered {} to {}",
            self.status, self.request
        )?;
        for item in &self.errors {
            write!(f, "; {}: {}", item.code, item.title)?;
            if let Some(detail) = &item.detail {
                write!(f, " ({detail})")?;
            }
        }
        if let Some(explanation) = self.explanation() {
            write!(f, ". {explanation}")?;
        }
        Ok(())
    }
}

/// Everything the ASC client can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AscError {
    /// Bad base URL or missing credentials; nothing was sent.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The API key cannot sign; nothing was sent.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The caller passed something ASC would refuse (bad checksum, invalid upload operation);
    /// nothing was sent.
    #[error("{0}")]
    InvalidInput(String),
    /// ASC answered with an error status (after the retries that were safe).
    #[error("{0}")]
    Api(ApiError),
    /// A creating request (POST) failed in a way that leaves unknown whether ASC carried it out
    /// (a 5xx, a timeout, a dropped connection after sending). It was not repeated: re-read the
    /// state and reconcile.
    #[error(
        "{request} may or may not have taken effect ({cause}); it was not repeated, so the current \
         state must be read again"
    )]
    Uncertain { request: String, cause: String },
    /// ASC could not be reached (after the retries that were safe).
    #[error("could not reach App Store Connect for {request}: {cause}")]
    Transport { request: String, cause: String },
    /// An upload-operation PUT failed (after retries).
    #[error("uploading part {part} of {file_name} failed: {cause}")]
    Upload {
        file_name: String,
        part: usize,
        cause: String,
    },
    /// ASC answered 2xx with a body that is not what Apple documents.
    #[error("App Store Connect sent an unexpected answer to {request}: {cause}")]
    Decode { request: String, cause: String },
    /// No app with this id or bundle id in the account the key belongs to.
    #[error(
        "no app {what} in this App Store Connect account; check the id, and that the API key \
         belongs to the team that owns the app"
    )]
    AppNotFound { what: String },
    /// The app has no version whose screenshots can be changed.
    #[error("{0}")]
    NoEditableVersion(NoEditableVersion),
}

/// Details of [`AscError::NoEditableVersion`]: what was looked for and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoEditableVersion {
    pub platform: String,
    pub version_string: Option<String>,
    /// `(versionString, appVersionState)` of every version found.
    pub found: Vec<(String, String)>,
}

impl fmt::Display for NoEditableVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wanted = match &self.version_string {
            Some(v) => format!("version {v} for {}", self.platform),
            None => format!("a {} version", self.platform),
        };
        write!(f, "App Store Connect has no editable {wanted}")?;
        if self.found.is_empty() {
            write!(f, " (the app has no such version)")?;
        } else {
            let found: Vec<String> = self
                .found
                .iter()
                .map(|(v, s)| format!("{v} is {s}"))
                .collect();
            write!(f, " (found: {})", found.join(", "))?;
        }
        write!(
            f,
            "; screenshots can be changed only in a version that is being prepared or was \
             rejected: create a new version in App Store Connect, or name another one"
        )
    }
}

impl AscError {
    /// Whether a creating request may have taken effect: re-read the state and reconcile instead
    /// of treating the operation as failed (or repeating it blindly).
    pub fn is_uncertain(&self) -> bool {
        matches!(self, AscError::Uncertain { .. })
    }

    /// Whether ASC refused a create because the entity already exists (a duplicate locale,
    /// "Screenshot Set Already Exists!"): re-read and use the existing one.
    pub fn is_duplicate(&self) -> bool {
        let Some(api) = self.api_error() else {
            return false;
        };
        api.status == 409
            && (api.has_code("ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE")
                || api.errors.iter().any(|e| e.mentions("already exists")))
    }

    /// Whether ASC refused because the set already holds the most screenshots allowed (10).
    pub fn is_set_full(&self) -> bool {
        self.api_error().is_some_and(|api| {
            api.errors
                .iter()
                .any(|e| e.mentions("too many screenshots"))
        })
    }

    /// Whether Apple rejected the credentials (401).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// Whether the thing addressed does not exist (404, or no such app).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404) || matches!(self, AscError::AppNotFound { .. })
    }

    /// The HTTP status ASC answered with, if it answered with an error.
    pub fn status(&self) -> Option<u16> {
        self.api_error().map(|a| a.status)
    }

    /// ASC's error document, if ASC answered with an error.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            AscError::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Whether ASC's answer carries an error code `prefix` (or one below it).
    pub fn has_code(&self, prefix: &str) -> bool {
        self.api_error().is_some_and(|a| a.has_code(prefix))
    }

    /// The first ASC error code, for reports (e.g. `STATE_ERROR`).
    pub fn code(&self) -> Option<&str> {
        self.api_error()
            .and_then(|a| a.errors.first())
            .map(|e| e.code.as_str())
    }
}

const TOO_MANY_SCREENSHOTS: &str = "A screenshot set holds at most 10 screenshots per display \
    type and locale; delete some (or use replace) before adding more.";
const SERVER_TROUBLE: &str = "App Store Connect had a temporary problem; try again in a few \
    minutes.";

/// Plain-words explanations, by code prefix; the most specific prefix wins.
const EXPLANATIONS: &[(&str, &str)] = &[
    (
        "NOT_AUTHORIZED",
        "Apple rejected the API key. Check the Key ID and Issuer ID (Users and Access > \
         Integrations in App Store Connect), that the key has not been revoked, that the .p8 \
         file is the one downloaded for this key, and that this computer's clock is correct.",
    ),
    (
        "FORBIDDEN_ERROR",
        "The API key is not allowed to do this. Screenshots need a key with the App Manager or \
         Admin role.",
    ),
    (
        "FORBIDDEN.REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED",
        "The account holder must accept the latest agreements in App Store Connect (Business > \
         Agreements) before the API can be used.",
    ),
    (
        "RATE_LIMIT_EXCEEDED",
        "The API key used up its hourly request budget. Wait a while (the budget refills over \
         the hour) and run again; work already done is kept.",
    ),
    (
        "STATE_ERROR",
        "App Store Connect refused because of the state of the version or set, e.g. the version \
         is in review or already released. Pick a version that is being prepared.",
    ),
    (
        "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE",
        "It already exists in App Store Connect (e.g. this locale was already added); the \
         existing one is used instead.",
    ),
    (
        "ENTITY_ERROR.RELATIONSHIP.INVALID",
        "App Store Connect did not accept the resource it was attached to (e.g. a set or \
         localization that was deleted meanwhile); read the current state and try again.",
    ),
    (
        "ENTITY_ERROR",
        "App Store Connect did not accept a value that was sent; the detail says which.",
    ),
    ("TOO_MANY_SCREENSHOTS", TOO_MANY_SCREENSHOTS),
    (
        "IMAGE_INCORRECT_DIMENSIONS",
        "The image's pixel size is not one Apple accepts for this display type. Export the \
         frame at an accepted size for that display type, or choose the display type that \
         matches the image.",
    ),
    (
        "IMAGE_ALPHA_NOT_ALLOWED",
        "The image has transparency (an alpha channel), which Apple refuses. Flatten it onto an \
         opaque background and upload again.",
    ),
];

/// What an ASC error code (or an `assetDeliveryState` error code) means and what to do, in
/// plain words; `None` for a code without a known explanation. Codes match by prefix.
pub fn explain(code: &str) -> Option<&'static str> {
    EXPLANATIONS
        .iter()
        .filter(|(prefix, _)| code_matches(code, prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, text)| *text)
}
