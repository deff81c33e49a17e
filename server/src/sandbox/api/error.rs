//! Apple's error responses: `{"errors":[{id, status, code, title, detail, source}]}` with the
//! codes and titles App Store Connect uses, as one type handlers return.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Where in the request an error points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A JSON Pointer into the body, e.g. `/data/attributes/locale`.
    Pointer(String),
    /// A query parameter name, e.g. `filter[foo]`.
    Parameter(String),
}

/// One error as Apple sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub title: String,
    pub detail: String,
    pub source: Option<Source>,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, title: &str, detail: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_owned(),
            title: title.to_owned(),
            detail: detail.into(),
            source: None,
        }
    }

    fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.source = Some(Source::Pointer(pointer.into()));
        self
    }

    fn parameter(mut self, name: impl Into<String>) -> Self {
        self.source = Some(Source::Parameter(name.into()));
        self
    }

    pub fn path_error(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "PATH_ERROR",
            "The URL path is invalid.",
            format!("The path provided does not match a defined resource type: {path}"),
        )
    }

    pub fn method_not_allowed(method: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "The request method is not valid for the resource path.",
            format!("The request method '{method}' is not valid for the resource path."),
        )
    }

    pub fn not_found(resource_type: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "The specified resource does not exist",
            format!("There is no resource of type '{resource_type}' with id '{id}'"),
        )
    }

    pub fn parameter_illegal(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "PARAMETER_ERROR.ILLEGAL",
            "A parameter provided is not allowed for this request",
            format!("The parameter '{name}' can not be used with this request"),
        )
        .parameter(name)
    }

    pub fn parameter_invalid(name: &str, value: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "PARAMETER_ERROR.INVALID",
            "A parameter has an invalid value",
            format!("'{value}' is not a valid value for the parameter '{name}'"),
        )
        .parameter(name)
    }

    pub fn not_authorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "NOT_AUTHORIZED",
            "Authentication credentials are missing or invalid.",
            "Provide a properly configured and signed bearer token, and make sure that it has \
             not expired. Learn more about Generating Tokens for API Requests \
             https://developer.apple.com/go/?id=api-generating-tokens",
        )
    }

    pub fn rate_limited() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMIT_EXCEEDED",
            "The request rate limit has been reached.",
            "We've received too many requests for this API. Please wait and try again or slow \
             down your request rate.",
        )
    }

    /// The body is not JSON at all.
    pub fn entity_invalid(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "ENTITY_INVALID",
            "The request entity is invalid",
            detail,
        )
    }

    /// JSON, but not the document this request needs (wrong shape or types).
    pub fn unprocessable(detail: impl Into<String>, pointer: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "ENTITY_UNPROCESSABLE",
            "The request entity is not processable",
            detail,
        )
        .pointer(pointer)
    }

    pub fn attribute_required(attribute: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ENTITY_ERROR.ATTRIBUTE.REQUIRED",
            "The provided entity is missing a required attribute",
            format!("You must provide a value for the attribute '{attribute}' with this request"),
        )
        .pointer(format!("/data/attributes/{attribute}"))
    }

    pub fn attribute_invalid(attribute: &str, detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ENTITY_ERROR.ATTRIBUTE.INVALID",
            "The provided entity includes an attribute with an invalid value",
            detail,
        )
        .pointer(format!("/data/attributes/{attribute}"))
    }

    pub fn attribute_duplicate(attribute: &str, value: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE",
            "The provided entity includes an attribute with a value that has already been used",
            format!("Entity with {attribute}: '{value}' already exists. Try updating."),
        )
        .pointer(format!("/data/attributes/{attribute}"))
    }

    pub fn unknown_attribute(attribute: &str, resource_type: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ENTITY_ERROR.ATTRIBUTE.UNKNOWN",
            "The provided entity includes an unknown attribute",
            format!("'{attribute}' is not an attribute on the resource '{resource_type}'"),
        )
        .pointer(format!("/data/attributes/{attribute}"))
    }

    pub fn unknown_relationship(relationship: &str, resource_type: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ENTITY_ERROR.RELATIONSHIP.UNKNOWN",
            "The provided entity includes an unknown relationship",
            format!("'{relationship}' is not a relationship on the resource '{resource_type}'"),
        )
        .pointer(format!("/data/relationships/{relationship}"))
    }

    pub fn id_mismatch(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ENTITY_ERROR.ID.INVALID",
            "The provided entity includes an invalid id",
            detail,
        )
        .pointer("/data/id")
    }

    pub fn relationship_required(relationship: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ENTITY_ERROR.RELATIONSHIP.REQUIRED",
            "The provided entity is missing a required relationship",
            format!(
                "You must provide a value for the relationship '{relationship}' with this request"
            ),
        )
        .pointer(format!("/data/relationships/{relationship}"))
    }

    pub fn relationship_invalid(pointer: &str, detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ENTITY_ERROR.RELATIONSHIP.INVALID",
            "The provided entity includes a relationship with an invalid value",
            detail,
        )
        .pointer(pointer)
    }

    pub fn state_error(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "STATE_ERROR",
            "The request cannot be fulfilled because of the state of another resource.",
            detail,
        )
    }

    /// The localization already has a set of this display type.
    pub fn set_exists(display_type: &str) -> Self {
        Self::state_error(format!("Screenshot Set Already Exists! ({display_type})"))
    }

    /// The set already holds ten screenshots.
    pub fn set_full() -> Self {
        Self::state_error("Too many screenshots (10)")
    }

    /// An injected or internal server error, with Apple-like bodies: JSON for 500 and 503,
    /// the edge's plain text for 502 and 504.
    pub fn server_error(status: StatusCode) -> Response {
        match status.as_u16() {
            502 => text(status, "Could not process this request"),
            504 => text(
                status,
                "<html><body><h1>504 Gateway Time-out</h1></body></html>",
            ),
            503 => Self::new(
                status,
                "SERVICE_UNAVAILABLE",
                "The service is currently unavailable.",
                "The request could not be completed. Try again later.",
            )
            .into_response(),
            _ => Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "UNEXPECTED_ERROR",
                "An unexpected error occurred.",
                "An unexpected error occurred on the server side. If this issue continues, \
                 contact us at https://developer.apple.com/contact/.",
            )
            .into_response(),
        }
    }

    fn body(&self) -> Value {
        let mut error = json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "status": self.status.as_u16().to_string(),
            "code": self.code,
            "title": self.title,
            "detail": self.detail,
        });
        match &self.source {
            Some(Source::Pointer(p)) => error["source"] = json!({ "pointer": p }),
            Some(Source::Parameter(p)) => error["source"] = json!({ "parameter": p }),
            None => {}
        }
        json!({ "errors": [error] })
    }
}

fn text(status: StatusCode, body: &'static str) -> Response {
    let mut response = (status, body).into_response();
    let content_type = if body.starts_with('<') {
        "text/html"
    } else {
        "text/plain"
    };
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}
