//! `POST /v1/translate`: caption translation as one JSON answer, or with
//! `Accept: application/x-ndjson` as one line per locale as it completes, then a summary line.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use shotbridge_shared::wire::{
    ErrorBody, TranslateRequest, TranslateResponse, TranslateStreamLine,
};

use super::error::{ApiError, ApiJson};
use super::state::AppState;
use crate::translate::TranslateError;

const NDJSON: &str = "application/x-ndjson";

fn from_translate(err: &TranslateError) -> ApiError {
    let message = err.to_string();
    let mut chars = message.chars();
    let message: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if err.is_bad_input() {
        ApiError::BadRequest(message)
    } else {
        ApiError::ProviderError(message)
    }
}

/// Translates captions into the target locales (unchanged ones come from the memory).
#[utoipa::path(
    post,
    path = "/v1/translate",
    tag = "translate",
    request_body = TranslateRequest,
    responses(
        (status = 200, description = "Translations; with Accept: application/x-ndjson one TranslateStreamLine per line, the last a summary",
            content(
                (TranslateResponse = "application/json"),
                (TranslateStreamLine = "application/x-ndjson"),
            )),
        (status = 400, description = "The request cannot be translated as it is", body = ErrorBody),
        (status = 401, description = "Missing or wrong pairing token", body = ErrorBody),
        (status = 502, description = "The provider refused or failed", body = ErrorBody),
    )
)]
pub async fn translate(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<TranslateRequest>,
) -> Result<Response, ApiError> {
    let translator = state.translator()?;
    translator.check(&request).map_err(|e| from_translate(&e))?;
    let wants_lines = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(NDJSON));
    tracing::info!(
        source = request.source_locale.code(),
        targets = request.target_locales.len(),
        strings = request.strings.len(),
        streaming = wants_lines,
        "translation asked"
    );
    if !wants_lines {
        let response: TranslateResponse = translator
            .translate(&request)
            .await
            .map_err(|e| from_translate(&e))?;
        return Ok(Json(response).into_response());
    }
    let lines = translator.translate_stream(request).map(|line| {
        let text = match line {
            Ok(line) => serde_json::to_string(&line),
            Err(e) => {
                tracing::warn!(cause = %e, "translation stopped");
                // The status is already sent: the error travels as the last line.
                serde_json::to_string(&from_translate(&e).body())
            }
        };
        text.map(|mut t| {
            t.push('\n');
            t
        })
    });
    let mut response = Body::from_stream(lines).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(NDJSON));
    Ok(response)
}
