//! The upload routes: declare a plan, send each body, read the report or the event stream,
//! cancel.

use axum::Json;
use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use shotbridge_shared::wire::{
    ErrorBody, ScreenshotPhase, ScreenshotReceived, ScreenshotStatus, UploadCreated, UploadEvent,
    UploadPlan, UploadReport,
};
use shotbridge_shared::{DisplayType, Locale};
use tracing::Instrument;

use super::plan::{self, Slot};
use super::{engine, events, receive};
use crate::bridge::error::ApiError;
use crate::bridge::state::AppState;

/// Declares an upload: the plan is checked against App Store Connect before any body is sent.
#[utoipa::path(
    post,
    path = "/v1/uploads",
    tag = "uploads",
    request_body = UploadPlan,
    responses(
        (status = 201, description = "The upload waits for its bodies", body = UploadCreated),
        (status = 401, description = "Missing or wrong pairing token", body = ErrorBody),
        (status = 412, description = "No App Store Connect key is set", body = ErrorBody),
        (status = 422, description = "The plan cannot be used; details.problems lists why", body = ErrorBody),
        (status = 502, description = "App Store Connect refused", body = ErrorBody),
    )
)]
pub async fn create_upload(
    State(state): State<AppState>,
    body: Result<Json<UploadPlan>, JsonRejection>,
) -> Result<(StatusCode, Json<UploadCreated>), ApiError> {
    let Json(plan) = body.map_err(|rejection| match rejection {
        JsonRejection::JsonDataError(e) => ApiError::InvalidPlan {
            message: format!("The upload plan cannot be used: {}", e.body_text()),
            details: None,
        },
        other => ApiError::from(other),
    })?;
    let slots = plan::check(&plan)?;
    if state.shutdown.is_cancelled() {
        return Err(ApiError::ShuttingDown);
    }
    let created = engine::start(&state, plan, slots).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

fn parse_slot(locale: &str, display_type: &str, position: &str) -> Result<Slot, ApiError> {
    let locale = Locale::parse(locale).map_err(|e| ApiError::BadRequest(format!("{e}.")))?;
    let display_type: DisplayType = display_type
        .parse()
        .map_err(|e| ApiError::BadRequest(format!("{e}.")))?;
    let position = position
        .parse::<u8>()
        .ok()
        .filter(|p| (1..=10).contains(p))
        .ok_or_else(|| {
            ApiError::BadRequest("The position must be a number from 1 to 10.".to_owned())
        })?;
    Ok(Slot {
        locale,
        display_type,
        position,
    })
}

/// One screenshot's bytes; normalized in memory and handed to the sync run at once.
#[utoipa::path(
    put,
    path = "/v1/uploads/{id}/screenshots/{locale}/{displayType}/{position}",
    tag = "uploads",
    params(
        ("id" = String, Path, description = "The upload id from POST /v1/uploads"),
        ("locale" = String, Path, description = "ASC locale code, e.g. de-DE"),
        ("displayType" = String, Path, description = "e.g. APP_IPHONE_67"),
        ("position" = u8, Path, description = "1-based place in the set", minimum = 1, maximum = 10),
    ),
    request_body(content = Vec<u8>, content_type = "image/png", description = "PNG or JPEG bytes"),
    responses(
        (status = 202, description = "Received and handed to the sync run", body = ScreenshotReceived),
        (status = 400, description = "Not a usable image for this display type", body = ErrorBody),
        (status = 401, description = "Missing or wrong pairing token", body = ErrorBody),
        (status = 404, description = "No such upload or planned screenshot", body = ErrorBody),
        (status = 409, description = "Already sent, or the upload is over", body = ErrorBody),
        (status = 413, description = "Larger than 50 MB", body = ErrorBody),
        (status = 415, description = "Not image/png or image/jpeg", body = ErrorBody),
        (status = 503, description = "The memory budget is full; retry after Retry-After", body = ErrorBody),
    )
)]
pub async fn put_screenshot(
    State(state): State<AppState>,
    Path((id, locale, display_type, position)): Path<(String, String, String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<ScreenshotReceived>), ApiError> {
    let length = receive::check_headers(&headers)?;
    let upload = state.uploads.get(&id)?;
    let slot = parse_slot(&locale, &display_type, &position)?;
    let span = tracing::info_span!(
        "screenshot",
        upload_id = %upload.id,
        locale = slot.locale.code(),
        display_type = %slot.display_type,
        position = slot.position
    );
    async move {
        upload.claim(slot)?;
        let normalized = match receive::read_and_normalize(
            &state.budget,
            state.budget_wait,
            length,
            body,
            slot.display_type,
        )
        .await
        {
            Ok(normalized) => normalized,
            Err(e) => {
                upload.release(slot);
                if let ApiError::InvalidImage(message) = &e {
                    upload
                        .board
                        .update(waiting_with_error(slot, "INVALID_IMAGE", message));
                }
                return Err(e);
            }
        };
        let received = ScreenshotReceived {
            size: normalized.size,
            display_type: normalized.display_type,
            md5: normalized.md5.to_string(),
            normalized: normalized.normalized,
            bytes: normalized.bytes.len() as u64,
        };
        upload.board.update(ScreenshotStatus {
            locale: slot.locale,
            display_type: slot.display_type,
            position: slot.position,
            file_name: String::new(),
            phase: ScreenshotPhase::Normalized,
            md5: Some(received.md5.clone()),
            error: None,
        });
        tracing::info!(
            bytes = received.bytes,
            normalized = received.normalized,
            "screenshot received"
        );
        upload.deliver(slot, normalized).await?;
        Ok((StatusCode::ACCEPTED, Json(received)))
    }
    .instrument(span)
    .await
}

fn waiting_with_error(slot: Slot, code: &str, message: &str) -> ScreenshotStatus {
    ScreenshotStatus {
        locale: slot.locale,
        display_type: slot.display_type,
        position: slot.position,
        file_name: String::new(),
        phase: ScreenshotPhase::Waiting,
        md5: None,
        error: Some(shotbridge_shared::wire::ScreenshotError {
            code: code.to_owned(),
            message: message.to_owned(),
        }),
    }
}

/// The upload's report: each screenshot's phase and error, and the totals.
#[utoipa::path(
    get,
    path = "/v1/uploads/{id}",
    tag = "uploads",
    params(("id" = String, Path, description = "The upload id")),
    responses(
        (status = 200, description = "The report as it stands", body = UploadReport),
        (status = 404, description = "No such upload", body = ErrorBody),
    )
)]
pub async fn get_upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<UploadReport>, ApiError> {
    Ok(Json(state.uploads.get(&id)?.board.report()))
}

/// Progress as Server-Sent Events: the current state of every screenshot first, then changes.
#[utoipa::path(
    get,
    path = "/v1/uploads/{id}/events",
    tag = "uploads",
    params(("id" = String, Path, description = "The upload id")),
    responses(
        (status = 200, description = "`event: screenshot|finished`, `data:` an UploadEvent", content_type = "text/event-stream", body = UploadEvent),
        (status = 404, description = "No such upload", body = ErrorBody),
    )
)]
pub async fn upload_events(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let upload = state.uploads.get(&id)?;
    Ok(events::stream(upload.board.clone(), state.shutdown))
}

/// Cancels the upload: nothing new is sent, reservations in flight are finished or deleted.
#[utoipa::path(
    delete,
    path = "/v1/uploads/{id}",
    tag = "uploads",
    params(("id" = String, Path, description = "The upload id")),
    responses(
        (status = 200, description = "Cancelled; the final report", body = UploadReport),
        (status = 202, description = "Cancelling; still cleaning up", body = UploadReport),
        (status = 404, description = "No such upload", body = ErrorBody),
    )
)]
pub async fn cancel_upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<UploadReport>), ApiError> {
    let upload = state.uploads.get(&id)?;
    upload.cancel.cancel();
    tracing::info!(upload_id = %upload.id, "upload cancel asked");
    let status = if upload.wait_done(CANCEL_WAIT).await {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    Ok((status, Json(upload.board.report())))
}

/// How long DELETE waits for the run to clean up before answering 202.
const CANCEL_WAIT: std::time::Duration = std::time::Duration::from_secs(30);
