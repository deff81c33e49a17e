//! The sandbox's axum router: Apple's API paths under `/v1` behind the gate, the upload-operation
//! URLs under `/blobstore`, and Apple's `PATH_ERROR`/`METHOD_NOT_ALLOWED` for everything else.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};

use super::api::error::ApiError;
use super::api::{apps, localizations, screenshots, sets};
use super::blobstore;
use super::gate;
use super::state::Shared;

/// The whole sandbox as one router.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/v1/apps", get(apps::list))
        .route("/v1/apps/{id}", get(apps::get))
        .route("/v1/apps/{id}/appStoreVersions", get(apps::versions))
        .route(
            "/v1/appStoreVersions/{id}/appStoreVersionLocalizations",
            get(localizations::list),
        )
        .route(
            "/v1/appStoreVersionLocalizations",
            post(localizations::create),
        )
        .route(
            "/v1/appStoreVersionLocalizations/{id}",
            get(localizations::get),
        )
        .route(
            "/v1/appStoreVersionLocalizations/{id}/appScreenshotSets",
            get(sets::list),
        )
        .route("/v1/appScreenshotSets", post(sets::create))
        .route(
            "/v1/appScreenshotSets/{id}",
            get(sets::get).delete(sets::delete),
        )
        .route(
            "/v1/appScreenshotSets/{id}/appScreenshots",
            get(sets::screenshots),
        )
        .route(
            "/v1/appScreenshotSets/{id}/relationships/appScreenshots",
            get(sets::order).patch(sets::reorder),
        )
        .route("/v1/appScreenshots", post(screenshots::reserve))
        .route(
            "/v1/appScreenshots/{id}",
            get(screenshots::get)
                .patch(screenshots::commit)
                .delete(screenshots::delete),
        )
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(path_error)
        .layer(middleware::from_fn_with_state(shared.clone(), gate::api));
    let part_limit = usize::try_from(shared.part_size)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    let blob = Router::new()
        .route("/blobstore/{token}/{part}", any(blobstore::part))
        .layer(DefaultBodyLimit::max(part_limit));
    blob.merge(api).with_state(shared)
}

async fn path_error(uri: Uri) -> Response {
    ApiError::path_error(uri.path()).into_response()
}

async fn method_not_allowed(method: Method) -> Response {
    ApiError::method_not_allowed(method.as_str()).into_response()
}
