//! `GET /v1/sandbox`: everything the in-memory sandbox App Store Connect holds (apps, versions,
//! localizations, screenshot sets and their screenshots in display order), so someone trying
//! Shotbridge with `serve --sandbox`, and the end-to-end tests, can see what an upload left.

use axum::Json;
use axum::extract::State;
use shotbridge_shared::wire::ErrorBody;

use super::error::ApiError;
use super::state::AppState;
use crate::sandbox::WorldSnapshot;

/// What the sandbox holds now; only when the bridge runs with `--sandbox`.
#[utoipa::path(
    get,
    path = "/v1/sandbox",
    tag = "bridge",
    responses(
        (status = 200, description = "The sandbox's apps down to each screenshot", body = Object),
        (status = 401, description = "Missing or wrong pairing token", body = ErrorBody),
        (status = 404, description = "This bridge talks to Apple, not the sandbox", body = ErrorBody),
    )
)]
pub async fn sandbox_world(State(state): State<AppState>) -> Result<Json<WorldSnapshot>, ApiError> {
    let Some(sandbox) = &state.sandbox_world else {
        return Err(ApiError::NotFound(
            "This bridge uploads to Apple; start it with --sandbox to use the sandbox.".to_owned(),
        ));
    };
    Ok(Json(sandbox.snapshot().await))
}
