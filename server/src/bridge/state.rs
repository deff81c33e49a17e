//! What every request handler shares: the token and allowed hosts, the credentials in force,
//! the memory budget, the uploads in flight, and the shutdown signal.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use tokio_util::sync::CancellationToken;

use crate::asc::{AscClient, AscError};
use crate::sandbox::Sandbox;
use crate::sync::SyncOptions;
use crate::translate::{GeminiSettings, OpenAiSettings, Translator};

use super::budget::{ByteBudget, DEFAULT_BUDGET_BYTES};
use super::error::ApiError;
use super::keychain::SecretStore;
use super::security::{AllowedHosts, PairingToken};
use super::uploads::registry::Registry;
use super::vault::{CredentialSet, CredentialVault};

/// How long a stopped upload may take to clean up (finish or delete its reservations).
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
    /// A client fixed for the whole run (the sandbox's); otherwise one is built from the
    /// credentials in force.
    pub asc_client: Option<AscClient>,
    /// The in-process sandbox, when App Store Connect is the sandbox (`GET /v1/sandbox`).
    pub sandbox_world: Option<Arc<Sandbox>>,
    /// `ASC_API_URL` or Apple's; where clients built from credentials talk to.
    pub asc_base_url: String,
    /// The translation engine with its memory; provider keys come from the credentials.
    pub translator: Translator,
    pub sync: SyncOptions,
}

impl BridgeSettings {
    /// Settings for a bridge on `bound` with nothing configured yet.
    pub fn new(
        token: PairingToken,
        bound: SocketAddr,
        keychain: Arc<dyn SecretStore>,
        translator: Translator,
    ) -> Self {
        Self {
            token,
            bound,
            credentials: CredentialSet::default(),
            keychain,
            budget_bytes: DEFAULT_BUDGET_BYTES,
            budget_wait: Duration::from_secs(30),
            sandbox: false,
            asc_client: None,
            sandbox_world: None,
            asc_base_url: crate::asc::DEFAULT_API_URL.to_owned(),
            translator,
            sync: SyncOptions::default(),
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
    /// The in-process sandbox, if that is where uploads go.
    pub sandbox_world: Option<Arc<Sandbox>>,
    pub asc: AscSource,
    pub translator: Translator,
    pub sync: SyncOptions,
    pub uploads: Arc<Registry>,
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
            sandbox_world: settings.sandbox_world,
            asc: match settings.asc_client {
                Some(client) => AscSource::Fixed(client),
                None => AscSource::FromCredentials {
                    base_url: settings.asc_base_url,
                },
            },
            translator: settings.translator,
            sync: settings.sync,
            uploads: Arc::new(Registry::default()),
            shutdown: CancellationToken::new(),
        }
    }
}

/// A client for the in-process sandbox, with the key it generated.
pub fn sandbox_client(sandbox: &Sandbox) -> Result<AscClient, AscError> {
    AscClient::new(sandbox.asc_config()?)
}

/// Where App Store Connect clients come from.
#[derive(Debug, Clone)]
pub enum AscSource {
    /// One client for the run (the sandbox).
    Fixed(AscClient),
    /// Built from the credentials in force, against this base URL.
    FromCredentials { base_url: String },
}

impl AppState {
    /// A client for App Store Connect with the credentials in force.
    pub fn asc_client(&self) -> Result<AscClient, ApiError> {
        match &self.asc {
            AscSource::Fixed(client) => Ok(client.clone()),
            AscSource::FromCredentials { base_url } => {
                let Some(key) = self.vault.snapshot().asc else {
                    return Err(ApiError::AscNotConfigured);
                };
                self.vault.asc_client(base_url, &key)
            }
        }
    }

    /// The translator with the provider keys in force.
    pub fn translator(&self) -> Result<Translator, ApiError> {
        let credentials = self.vault.snapshot();
        let openai = credentials.openai.map(|k| {
            let mut s = OpenAiSettings::new(k.api_key);
            if let Some(url) = k.base_url {
                s = s.with_base_url(url);
            }
            if let Some(model) = k.model {
                s = s.with_model(model);
            }
            s
        });
        let gemini = credentials.gemini.map(|k| {
            let mut s = GeminiSettings::new(k.api_key);
            if let Some(url) = k.base_url {
                s = s.with_base_url(url);
            }
            if let Some(model) = k.model {
                s = s.with_model(model);
            }
            s
        });
        self.translator
            .with_openai(openai)
            .and_then(|t| t.with_gemini(gemini))
            .map_err(|e| {
                ApiError::ProviderError(format!(
                    "The translation provider settings cannot be used: {e}."
                ))
            })
    }

    /// Lets uploads that have all their bodies finish within `grace`; stops the rest, which
    /// then report their unfinished screenshots as interrupted.
    pub async fn finish_uploads(&self, grace: Duration) {
        let deadline = tokio::time::Instant::now() + grace;
        let running = self.uploads.running();
        for upload in &running {
            if !upload.all_arrived() {
                // Its missing bodies can no longer arrive: stop it now, cleanly.
                upload.cancel.cancel();
            }
        }
        for upload in &running {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if !upload.wait_done(left).await {
                tracing::warn!(upload_id = %upload.id, "upload still running at shutdown; stopping it");
                upload.cancel.cancel();
            }
        }
        for upload in &running {
            if !upload.wait_done(CLEANUP_WAIT).await {
                tracing::warn!(upload_id = %upload.id, "upload did not finish cleaning up");
            }
        }
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
