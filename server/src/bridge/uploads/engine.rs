//! Starts an upload's sync run: prepares the plan against App Store Connect (nothing is written
//! yet), registers the upload, and connects bodies, progress and cancellation to the sync engine.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::json;
use shotbridge_shared::wire::{ScreenshotStatus, UploadCreated, UploadPlan};
use tokio::sync::mpsc;
use tracing::Instrument;
use uuid::Uuid;

use super::board::Board;
use super::plan::Slot;
use super::registry::Upload;
use crate::asc::AscError;
use crate::bridge::error::ApiError;
use crate::bridge::state::AppState;
use crate::sync::{SyncError, SyncPlan, Syncer};

/// Progress events buffered between the sync run and the board.
const PROGRESS_BUFFER: usize = 256;

fn from_sync(err: SyncError) -> ApiError {
    match err {
        SyncError::Plan(errors) => {
            let problems: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
            ApiError::InvalidPlan {
                message: upper_first(&errors.to_string()),
                details: Some(json!({ "problems": problems })),
            }
        }
        SyncError::Asc(e) => from_asc(&e),
    }
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// App Store Connect errors as the plugin sees them: the user's input at fault is a 4xx
/// with ASC's words, the rest is ASC refusing.
pub fn from_asc(err: &AscError) -> ApiError {
    let message = upper_first(&err.to_string());
    match err {
        AscError::Config(_) | AscError::Key(_) => ApiError::InvalidCredentials(message),
        AscError::AppNotFound { .. } => ApiError::NotFound(message),
        AscError::NoEditableVersion(_) => ApiError::InvalidPlan {
            message,
            details: None,
        },
        _ if err.is_unauthorized() => ApiError::AscRejected {
            message: format!(
                "{message} App Store Connect refused the API key; check it is active and has the \
                 App Manager role."
            ),
            details: None,
        },
        _ => ApiError::AscRejected {
            message,
            details: err.status().map(|s| json!({ "ascStatus": s })),
        },
    }
}

/// Prepares and starts the upload; answers what `POST /v1/uploads` returns.
pub async fn start(
    state: &AppState,
    plan: UploadPlan,
    slots: BTreeSet<Slot>,
) -> Result<UploadCreated, ApiError> {
    let client = state.asc_client()?;
    let sync_plan = SyncPlan::from_wire(plan).map_err(|e| ApiError::InvalidPlan {
        message: upper_first(&e.to_string()),
        details: None,
    })?;
    let prepared = Syncer::new(client, state.sync.clone())
        .prepare(sync_plan)
        .await
        .map_err(from_sync)?;

    let id = Uuid::new_v4();
    let board = Arc::new(Board::new(id.to_string(), prepared.planned()));
    let (upload, images_rx, done) = Upload::new(id, Arc::clone(&board), slots);
    let created = UploadCreated {
        id: id.to_string(),
        app_id: prepared.app().id.clone(),
        version_id: prepared.version().id.clone(),
        version_string: prepared.version().version_string.clone(),
        expected: u32::try_from(prepared.expected()).unwrap_or(u32::MAX),
    };
    state.uploads.insert(Arc::clone(&upload));

    let (progress_tx, mut progress_rx) = mpsc::channel::<ScreenshotStatus>(PROGRESS_BUFFER);
    // Detached from the request span: the run outlives the request that started it.
    let span =
        tracing::info_span!(parent: None, "upload", upload_id = %id, app_id = %created.app_id);
    let cancel = upload.cancel.clone();
    tokio::spawn(
        async move {
            tracing::info!(expected = upload.planned_count(), "upload started");
            let progress = {
                let board = Arc::clone(&board);
                async move {
                    while let Some(status) = progress_rx.recv().await {
                        tracing::debug!(
                            locale = status.locale.code(),
                            display_type = %status.display_type,
                            position = status.position,
                            phase = ?status.phase,
                            "screenshot phase"
                        );
                        board.update(status);
                    }
                }
            };
            let run = prepared.run(images_rx, progress_tx, cancel);
            let (report, ()) = tokio::join!(run, progress);
            board.interrupt_unfinished(
                "INTERRUPTED",
                "The upload stopped before this screenshot was done; run it again to finish.",
            );
            let state = report.state();
            for problem in &report.problems {
                tracing::warn!(problem = problem.as_str(), "upload problem");
            }
            tracing::info!(
                state = ?state,
                uploaded = report.counts.uploaded,
                kept = report.counts.kept,
                failed = report.counts.failed,
                "upload finished"
            );
            board.finish(state, report.counts);
            let _ = done.send(true);
        }
        .instrument(span),
    );
    Ok(created)
}
