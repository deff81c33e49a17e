//! `PUT /v1/credentials`: the plugin hands over keys; they are checked, held in memory, and
//! with `remember: true` kept in the OS keychain. Nothing of them is ever sent back.

use axum::extract::State;
use axum::http::StatusCode;
use shotbridge_shared::wire::{Credentials, ErrorBody};

use super::error::{ApiError, ApiJson};
use super::state::AppState;
use super::vault::{CredentialError, CredentialSet};

/// Sets (or replaces) App Store Connect and provider keys for this run.
#[utoipa::path(
    put,
    path = "/v1/credentials",
    tag = "bridge",
    request_body = Credentials,
    responses(
        (status = 204, description = "The keys are in use"),
        (status = 401, description = "Missing or wrong pairing token", body = ErrorBody),
        (status = 409, description = "remember was asked but no OS keychain is available", body = ErrorBody),
        (status = 422, description = "A key is malformed", body = ErrorBody),
    )
)]
pub async fn put_credentials(
    State(state): State<AppState>,
    ApiJson(credentials): ApiJson<Credentials>,
) -> Result<StatusCode, ApiError> {
    let incoming = CredentialSet::from_wire(&credentials).map_err(into_api)?;
    let remember = credentials.remember.unwrap_or(false);
    let vault = state.vault.clone();
    tokio::task::spawn_blocking(move || vault.update(incoming, remember))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(into_api)?;
    tracing::info!(remember, "credentials updated");
    Ok(StatusCode::NO_CONTENT)
}

fn into_api(err: CredentialError) -> ApiError {
    match err {
        CredentialError::Malformed(message) => ApiError::InvalidCredentials(message),
        CredentialError::Keychain(e) => ApiError::KeychainUnavailable(format!(
            "The keys were not changed: {e}. Send them without `remember`, or set them in the \
             environment."
        )),
    }
}
