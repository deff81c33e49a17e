//! `GET /v1/apps` and `GET /v1/apps/{id}/versions`: what the key can see in App Store Connect,
//! so the plugin can offer the app and version to upload to.

use axum::Json;
use axum::extract::{Path, State};
use shotbridge_shared::wire::{AppSummary, ErrorBody, VersionSummary};

use super::error::ApiError;
use super::state::AppState;
use super::uploads::engine::from_asc;

/// The account's apps.
#[utoipa::path(
    get,
    path = "/v1/apps",
    tag = "appStoreConnect",
    responses(
        (status = 200, description = "The apps the key can see", body = Vec<AppSummary>),
        (status = 401, description = "Missing or wrong pairing token", body = ErrorBody),
        (status = 412, description = "No App Store Connect key is set", body = ErrorBody),
        (status = 502, description = "App Store Connect refused", body = ErrorBody),
    )
)]
pub async fn list_apps(State(state): State<AppState>) -> Result<Json<Vec<AppSummary>>, ApiError> {
    let apps = state
        .asc_client()?
        .list_apps()
        .await
        .map_err(|e| from_asc(&e))?;
    Ok(Json(
        apps.into_iter()
            .map(|app| AppSummary {
                id: app.id,
                name: app.name,
                bundle_id: app.bundle_id,
                platforms: app
                    .platforms
                    .iter()
                    .map(|p| p.as_str().to_owned())
                    .collect(),
            })
            .collect(),
    ))
}

/// The app's versions, with whether screenshots can be changed and which locales exist.
#[utoipa::path(
    get,
    path = "/v1/apps/{id}/versions",
    tag = "appStoreConnect",
    params(("id" = String, Path, description = "The app's App Store Connect id")),
    responses(
        (status = 200, description = "The app's versions", body = Vec<VersionSummary>),
        (status = 401, description = "Missing or wrong pairing token", body = ErrorBody),
        (status = 404, description = "No such app", body = ErrorBody),
        (status = 412, description = "No App Store Connect key is set", body = ErrorBody),
        (status = 502, description = "App Store Connect refused", body = ErrorBody),
    )
)]
pub async fn list_versions(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<VersionSummary>>, ApiError> {
    let client = state.asc_client()?;
    let versions = client
        .list_versions(&id, None)
        .await
        .map_err(|e| from_asc(&e))?;
    let mut summaries = Vec::with_capacity(versions.len());
    for version in versions {
        let editable = version.is_editable();
        // Localizations are listed only where screenshots can change; others answer none.
        let locales = if editable {
            client
                .list_localizations(&version.id)
                .await
                .map_err(|e| from_asc(&e))?
                .into_iter()
                .filter_map(|l| l.locale)
                .collect()
        } else {
            Vec::new()
        };
        summaries.push(VersionSummary {
            id: version.id,
            platform: version
                .platform
                .map_or_else(String::new, |p| p.as_str().to_owned()),
            version_string: version.version_string,
            state: version.state,
            editable,
            locales,
        });
    }
    Ok(Json(summaries))
}
