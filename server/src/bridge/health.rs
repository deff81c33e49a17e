//! `GET /v1/health`: what the bridge can do right now, without any secret. Needs no token, so
//! the plugin can tell "bridge not running" from "token wrong".

use axum::Json;
use axum::extract::State;
use shotbridge_shared::wire::{AscStatus, Health};

use super::state::AppState;

/// Whether the bridge runs, talks to the sandbox or Apple, and which providers are ready.
#[utoipa::path(
    get,
    path = "/v1/health",
    tag = "bridge",
    security(()),
    responses((status = 200, description = "The bridge is running", body = Health))
)]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(state.health())
}

impl AppState {
    /// What `GET /v1/health` answers.
    pub fn health(&self) -> Health {
        let credentials = self.vault.snapshot();
        let app_store_connect = if self.sandbox {
            AscStatus::Sandbox
        } else if credentials.asc.is_some() {
            AscStatus::Configured
        } else {
            AscStatus::Missing
        };
        Health {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            sandbox: self.sandbox,
            providers: credentials.providers(),
            app_store_connect,
        }
    }
}
