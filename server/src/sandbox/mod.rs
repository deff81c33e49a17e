//! An in-memory App Store Connect for tests, `--sandbox` and `demo`: it speaks the subset of
//! Apple's API Shotbridge uses, as strictly as Apple documents it, and injects faults on demand.
//!
//! # Layout
//! - [`config`]: [`SandboxConfig`], [`Faults`], [`Processing`], [`RateLimit`].
//! - [`seed`]: the starting world ([`WorldSeed::demo`], ids in [`seed::demo`]) and its builder.
//! - [`snapshot`]: what tests read back: [`WorldSnapshot`] and the [`RequestLog`].
//! - `auth`: the generated ES256 key and Apple's JWT rules.
//! - `world`, `processing`: the resources, and what processing decides about uploaded bytes.
//! - `server`, `gate`, `faults`: the axum router, the per-request gate (log, faults, auth,
//!   rate limit), and fault draws.
//! - `api`: JSON:API documents, Apple's error bodies, query and body validation, handlers.
//! - `blobstore`: the pre-signed upload-operation URLs.

mod api;
mod auth;
mod blobstore;
mod client;
pub mod config;
mod faults;
mod gate;
mod processing;
pub mod seed;
mod server;
pub mod snapshot;
mod state;
mod world;

use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

pub use auth::{Credentials, KeyError};
pub use config::{
    Burst, Faults, Latency, Processing, ProcessingFailures, RateLimit, SandboxConfig,
};
pub use seed::{
    AppSeed, AppVersionState, LocalizationSeed, Platform, ScreenshotSeed, ScreenshotSetSeed,
    VersionSeed, WorldSeed,
};
pub use snapshot::{
    AssetError, AssetState, Counters, Endpoint, FaultKind, RequestLog, RequestRecord, WorldSnapshot,
};

use auth::KeyRing;
use state::{Shared, State};
use world::World;

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("could not create the sandbox API key: {0}")]
    Key(#[from] KeyError),
}

/// A running sandbox. Dropping it stops the server; [`Sandbox::shutdown`] also waits for it.
#[derive(Debug)]
pub struct Sandbox {
    shared: Arc<Shared>,
    credentials: Credentials,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds the port, seeds the world, generates the API key and starts serving.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| SandboxError::Bind {
                addr: config.addr,
                source,
            })?;
        let local = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: config.addr,
            source,
        })?;
        let base_url = Url::parse(&format!("http://{local}")).map_err(|e| SandboxError::Bind {
            addr: local,
            source: std::io::Error::other(e),
        })?;

        let (private_key_pem, public_key_pem) = auth::generate_key()?;
        let credentials = Credentials {
            issuer_id: uuid::Uuid::new_v4().to_string(),
            key_id: auth::new_key_id(),
            private_key_pem,
        };
        let mut keys = KeyRing::new(credentials.issuer_id.clone());
        keys.add(&credentials.key_id, &public_key_pem)?;

        let world = World::from_seed(&config.world);
        let shared = Arc::new(Shared {
            base_url,
            processing: config.processing,
            rate_limit: config.rate_limit,
            part_size: config.part_size.max(1),
            state: tokio::sync::Mutex::new(State::new(world, keys, config.faults, config.seed)),
        });

        let (stop, stopped) = oneshot::channel::<()>();
        let router = server::router(shared.clone());
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, router).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(error) = serve.await {
                tracing::error!(cause = %error, "the sandbox server stopped");
            }
        });
        tracing::debug!(url = %shared.base_url, "sandbox App Store Connect is listening");
        Ok(Sandbox {
            shared,
            credentials,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT/`: use it as `ASC_API_URL`.
    pub fn base_url(&self) -> &Url {
        &self.shared.base_url
    }

    /// The issuer id, key id and private key of the API key the sandbox accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Also accept tokens signed by this public key (PEM, EC P-256) under `key_id`.
    pub async fn add_key(&self, key_id: &str, public_key_pem: &str) -> Result<(), KeyError> {
        self.shared
            .state
            .lock()
            .await
            .keys
            .add(key_id, public_key_pem)
    }

    /// Stop accepting a key id (its tokens then get 401). Returns whether it was known.
    pub async fn revoke_key(&self, key_id: &str) -> bool {
        self.shared.state.lock().await.keys.revoke(key_id)
    }

    /// The whole world now. Reading it does not advance processing.
    pub async fn snapshot(&self) -> WorldSnapshot {
        self.shared
            .state
            .lock()
            .await
            .world
            .snapshot(self.shared.processing)
    }

    /// Every request so far, and the counters.
    pub async fn requests(&self) -> RequestLog {
        let mut log = self.shared.state.lock().await.log.clone();
        // Concurrent requests finish out of order; list them in arrival order.
        log.entries.sort_by_key(|e| e.seq);
        log
    }

    /// Replaces the faults from the next request on (the seeded draws continue).
    pub async fn set_faults(&self, faults: Faults) {
        self.shared.state.lock().await.faults = faults;
    }

    /// Stops serving and waits until the server has finished.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
