//! [`AscClient`]: the handle every operation hangs off. Cloning is cheap (one `Arc`); clones
//! share the JWT, the rate budget, the counters and the connection pools.

use std::sync::Arc;

use url::Url;

use super::config::{AscConfig, ConfigError};
use super::error::AscError;
use super::rate_limit::RateBudget;
use super::stats::RequestStats;
use super::transport::Transport;

/// A client of the App Store Connect API for one API key.
#[derive(Debug, Clone)]
pub struct AscClient {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub api: Transport,
    /// For upload-operation URLs only: no default headers, so the JWT can never go there.
    pub uploads: reqwest::Client,
}

impl AscClient {
    /// A client for `config`. Nothing is sent until the first operation.
    pub fn new(config: AscConfig) -> Result<Self, AscError> {
        let uploads = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.upload_timeout)
            .user_agent(concat!("shotbridge/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ConfigError::HttpClient(e.to_string()))?;
        let api = Transport::new(config)?;
        Ok(AscClient {
            inner: Arc::new(Inner { api, uploads }),
        })
    }

    /// A client configured from `ASC_API_URL` and the `ASC_*` credential variables.
    pub fn from_env() -> Result<Self, AscError> {
        AscClient::new(AscConfig::from_env()?)
    }

    /// The API root requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.api.config.base_url
    }

    /// The key id requests are signed with (e.g. `2X9R4HXF34`), for messages.
    pub fn key_id(&self) -> &str {
        self.inner.api.config.key.key_id()
    }

    /// The hourly request budget as ASC last reported it (`None` before the first answer).
    pub fn rate_budget(&self) -> Option<RateBudget> {
        self.inner.api.rate_budget()
    }

    /// What this client (and its clones) sent so far.
    pub fn stats(&self) -> RequestStats {
        self.inner.api.counters.snapshot()
    }
}
