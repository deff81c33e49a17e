//! The one error type of the bridge API: stable codes, fitting statuses, and the JSON body
//! `{"error": {"code", "message", "details?"}}`. Internal errors become a bland 500; the cause is
//! attached to the response and logged once by [`log_and_jsonify`], never sent to the client.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, extract::FromRequest};
use serde_json::Value;
use shotbridge_shared::wire::{ErrorBody, ErrorDetail};

/// An answer that is not a success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(
        "This request needs the pairing token: send `Authorization: Bearer <token>` with the token `shotbridge serve` printed."
    )]
    Unauthorized,
    #[error("Requests must address the bridge as localhost or 127.0.0.1 with its port.")]
    ForbiddenHost,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{message}")]
    InvalidPlan {
        message: String,
        details: Option<Value>,
    },
    #[error("{0}")]
    InvalidImage(String),
    #[error("{0}")]
    InvalidCredentials(String),
    #[error("The body is larger than the {limit_bytes} bytes this route accepts.")]
    PayloadTooLarge { limit_bytes: usize },
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    KeychainUnavailable(String),
    #[error(
        "No App Store Connect key is set: give one with PUT /v1/credentials, set ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH, or start the bridge with --sandbox."
    )]
    AscNotConfigured,
    #[error("{message}")]
    AscRejected {
        message: String,
        details: Option<Value>,
    },
    #[error("{0}")]
    ProviderError(String),
    #[error("The bridge is busy with other screenshots; try again in {} s.", retry_after.as_secs())]
    Busy { retry_after: Duration },
    #[error("The bridge is shutting down; start it again and retry.")]
    ShuttingDown,
    #[error("Something went wrong inside the bridge; its log says more.")]
    Internal(#[source] anyhow::Error),
}

/// Attached to a 500 answer so that [`log_and_jsonify`] logs the cause exactly once.
#[derive(Debug, Clone)]
struct InternalCause(Arc<anyhow::Error>);

impl ApiError {
    /// The stable machine-readable code the plugin switches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "UNAUTHORIZED",
            Self::ForbiddenHost => "FORBIDDEN_HOST",
            Self::NotFound(_) => "NOT_FOUND",
            Self::BadRequest(_) => "BAD_REQUEST",
            Self::InvalidPlan { .. } => "INVALID_PLAN",
            Self::InvalidImage(_) => "INVALID_IMAGE",
            Self::InvalidCredentials(_) => "INVALID_CREDENTIALS",
            Self::PayloadTooLarge { .. } => "PAYLOAD_TOO_LARGE",
            Self::UnsupportedMediaType(_) => "UNSUPPORTED_MEDIA_TYPE",
            Self::Conflict(_) => "CONFLICT",
            Self::KeychainUnavailable(_) => "KEYCHAIN_UNAVAILABLE",
            Self::AscNotConfigured => "ASC_NOT_CONFIGURED",
            Self::AscRejected { .. } => "ASC_REJECTED",
            Self::ProviderError(_) => "PROVIDER_ERROR",
            Self::Busy { .. } => "BUSY",
            Self::ShuttingDown => "SHUTTING_DOWN",
            Self::Internal(_) => "INTERNAL",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::ForbiddenHost => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) | Self::InvalidImage(_) => StatusCode::BAD_REQUEST,
            Self::InvalidPlan { .. } | Self::InvalidCredentials(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Conflict(_) | Self::KeychainUnavailable(_) => StatusCode::CONFLICT,
            Self::AscNotConfigured => StatusCode::PRECONDITION_FAILED,
            Self::AscRejected { .. } | Self::ProviderError(_) => StatusCode::BAD_GATEWAY,
            Self::Busy { .. } | Self::ShuttingDown => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn details(&self) -> Option<Value> {
        match self {
            Self::InvalidPlan { details, .. } | Self::AscRejected { details, .. } => {
                details.clone()
            }
            Self::PayloadTooLarge { limit_bytes } => {
                Some(serde_json::json!({ "limitBytes": limit_bytes }))
            }
            Self::Busy { retry_after } => {
                Some(serde_json::json!({ "retryAfterSeconds": retry_after.as_secs() }))
            }
            _ => None,
        }
    }

    /// The wire form of this error.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
                details: self.details(),
            },
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        Self::Internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), Json(self.body())).into_response();
        if let Self::Busy { retry_after } = &self {
            let secs = retry_after.as_secs().max(1).to_string();
            if let Ok(value) = HeaderValue::from_str(&secs) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if let Self::Internal(cause) = self {
            response
                .extensions_mut()
                .insert(InternalCause(Arc::new(cause)));
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge {
                limit_bytes: JSON_LIMIT,
            },
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::UnsupportedMediaType(
                "Send JSON with `Content-Type: application/json`.".to_owned(),
            ),
            _ => Self::BadRequest(format!(
                "The JSON body is not valid: {}",
                rejection.body_text()
            )),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::BadRequest(format!(
            "A part of the path is not valid: {}",
            rejection.body_text()
        ))
    }
}

/// Largest JSON body any route accepts.
pub const JSON_LIMIT: usize = 1024 * 1024;

/// `axum::Json` whose rejections answer in the bridge's error format.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

/// Outermost error middleware: logs an internal error's cause once, and turns every error answer
/// that is not already JSON (axum's 405, a layer's 413, a timeout…) into the bridge's format.
pub async fn log_and_jsonify(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if let Some(InternalCause(cause)) = response.extensions().get::<InternalCause>() {
        tracing::error!(
            cause = format!("{cause:#}"),
            "request failed inside the bridge"
        );
    }
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("NOT_FOUND", "There is no such route in this bridge."),
        StatusCode::METHOD_NOT_ALLOWED => (
            "METHOD_NOT_ALLOWED",
            "This route does not answer that method.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "PAYLOAD_TOO_LARGE",
            "The body is larger than this route accepts.",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "UNSUPPORTED_MEDIA_TYPE",
            "This route does not accept that content type.",
        ),
        s if s.is_server_error() => (
            "INTERNAL",
            "Something went wrong inside the bridge; its log says more.",
        ),
        _ => ("BAD_REQUEST", "The request is not valid."),
    };
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.to_owned(),
            message: message.to_owned(),
            details: None,
        },
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut fresh = (status, Json(body)).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE {
            fresh.headers_mut().insert(name.clone(), value.clone());
        }
    }
    fresh
}
