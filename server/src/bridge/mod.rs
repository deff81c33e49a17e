//! The local HTTP API the Figma plugin talks to (DESIGN.md, "Bridge HTTP API").
//!
//! # Layout
//! - [`router`] builds the whole API for a given [`AppState`]; [`server`] binds and serves it.
//! - [`security`]: pairing token, `Host` check, CORS. [`error`]: the JSON error format.
//! - [`vault`] and [`keychain`]: credentials in memory and in the OS keychain.
//! - [`budget`]: the bound on image bytes in memory.
//! - One module per route group: [`health`], [`credentials`], [`apps`], [`translate`],
//!   [`uploads`], [`openapi`].

pub mod apps;
pub mod budget;
pub mod credentials;
pub mod error;
pub mod health;
pub mod keychain;
pub mod openapi;
pub mod sandbox_world;
pub mod security;
pub mod server;
pub mod state;
pub mod translate;
pub mod uploads;
pub mod vault;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::header;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::{Extension, Router};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::ApiError;
pub use state::{AppState, BridgeSettings};

/// The API's routes and their OpenAPI document, from the same handler list.
pub fn api(state: &AppState) -> OpenApiRouter<AppState> {
    let public = OpenApiRouter::new().routes(routes!(health::health));
    let protected = OpenApiRouter::new()
        .routes(routes!(openapi::openapi_json))
        .routes(routes!(credentials::put_credentials))
        .routes(routes!(apps::list_apps))
        .routes(routes!(apps::list_versions))
        .routes(routes!(sandbox_world::sandbox_world))
        .routes(routes!(translate::translate))
        .routes(routes!(uploads::routes::create_upload))
        .routes(routes!(
            uploads::routes::get_upload,
            uploads::routes::cancel_upload
        ))
        .routes(routes!(uploads::routes::put_screenshot))
        .routes(routes!(uploads::routes::upload_events))
        .route_layer(from_fn_with_state(state.clone(), security::require_token));
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(public)
        .merge(protected)
}

/// The bridge API for `state`, with security, limits, error format and tracing applied.
pub fn router(state: AppState) -> Router {
    let (routes, document) = api(&state).split_for_parts();
    let layers = ServiceBuilder::new()
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
        ]))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let path = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("unmatched", MatchedPath::as_str);
                    tracing::info_span!("request", method = %request.method(), path)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO))
                .on_failure(()),
        )
        .layer(from_fn(error::log_and_jsonify))
        .layer(CatchPanicLayer::new())
        .layer(from_fn_with_state(
            state.hosts.clone(),
            security::check_host,
        ))
        .layer(security::cors())
        .layer(DefaultBodyLimit::max(error::JSON_LIMIT));
    routes
        .fallback(|| async {
            ApiError::NotFound("There is no such route in this bridge.".to_owned()).into_response()
        })
        .layer(Extension(openapi::Document(Arc::new(document))))
        .layer(layers)
        .with_state(state)
}
