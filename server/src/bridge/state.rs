//! What every request handler shares: the token and allowed hosts, the credentials in force,
//! the memory budget, the uploads in flight, and the shutdown signal.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use tokio_util::sync::CancellationToken;

use super::budget::{ByteBudget, DEFAULT_BUDGET_BYTES};
use super::keychain::SecretStore;
use super::security::{AllowedHosts, PairingToken};
use super::vault::{CredentialSet, CredentialVault};

/// How long a stopped upload may take to clean up (finish or delete its reservations).
#[allow(dead_code)]
const CLEANUP_WAIT: Duration = Duration::from_secs(10);

/// How the bridge is set up for one run.
#[derive(Debug)]
pub struct BridgeSettings {
    pub token: PairingToken,
    /// The address the listener is bound to (its port decides the allowed `Host`s).
    pub bound: SocketAddr,
    /// Credentials from the environment; the keychain fills what they lack.
    pub credentials: CredentialSet,
    pub keychain: Arc<dyn SecretStore>,
    /// Image bytes held in memory at most.
    pub budget_bytes: usize,
    /// How long a PUT waits for room in the budget before answering 503.
    pub budget_wait: Duration,
    /// Whether App Store Connect is the in-process sandbox.
    pub sandbox: bool,
}

impl BridgeSettings {
    /// Settings for a bridge on `bound` with nothing configured yet.
    pub fn new(token: PairingToken, bound: SocketAddr, keychain: Arc<dyn SecretStore>) -> Self {
        Self {
            token,
            bound,
            credentials: CredentialSet::default(),
            keychain,
            budget_bytes: DEFAULT_BUDGET_BYTES,
            budget_wait: Duration::from_secs(30),
            sandbox: false,
        }
    }
}

/// Shared state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub token: PairingToken,
    pub hosts: AllowedHosts,
    pub vault: CredentialVault,
    pub budget: Arc<ByteBudget>,
    pub budget_wait: Duration,
    pub sandbox: bool,
    /// Cancelled when the bridge shuts down: ends event streams and stops uploads.
    pub shutdown: CancellationToken,
}

impl AppState {
    pub fn new(settings: BridgeSettings) -> Self {
        Self {
            hosts: AllowedHosts::new(settings.bound.ip(), settings.bound.port()),
            token: settings.token,
            vault: CredentialVault::with_remembered(settings.credentials, settings.keychain),
            budget: ByteBudget::new(settings.budget_bytes),
            budget_wait: settings.budget_wait,
            sandbox: settings.sandbox,
            shutdown: CancellationToken::new(),
        }
    }
}

impl AppState {
    /// Lets uploads that have all their bodies finish within `grace`; stops the rest, which
    /// then report their unfinished screenshots as interrupted.
    pub async fn finish_uploads(&self, grace: Duration) {
        // TODO: wait on the upload registry once uploads are wired.
        let _ = grace;
    }
}

impl FromRef<AppState> for PairingToken {
    fn from_ref(state: &AppState) -> Self {
        state.token.clone()
    }
}

impl FromRef<AppState> for AllowedHosts {
    fn from_ref(state: &AppState) -> Self {
        state.hosts.clone()
    }
}
