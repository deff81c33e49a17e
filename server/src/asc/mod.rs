//! The App Store Connect API client: one cheaply clonable [`AscClient`] that signs its requests
//! with a cached ES256 JWT, follows Apple's JSON:API documents, paces itself by `X-Rate-Limit`,
//! retries what is safe to retry and never blindly repeats a creating POST.
//!
//! # Layout
//! - [`auth`]: the API key (`.p8`), issuer and key ids, and the cached JWT.
//! - [`config`]: base URL and credentials, from the environment or given explicitly.
//! - [`error`]: [`AscError`], ASC's `errors[]` and plain-words explanations of their codes.
//! - [`types`]: the resources Shotbridge reads and writes (apps, versions, localizations,
//!   screenshot sets, screenshots, upload operations).
//! - `transport`: sending one API request: auth, retries, pacing, statistics, pagination.
//! - `jsonapi`: the JSON:API document shapes ASC answers with.
//! - [`rate_limit`]: parsing `X-Rate-Limit` and the pacing it implies.
//! - `apps`, `localizations`, `screenshots`, `upload`: the operations, by resource.

pub mod auth;
pub mod config;
pub mod error;
pub mod rate_limit;
pub mod types;

mod apps;
mod client;
mod jsonapi;
mod localizations;
mod screenshots;
mod stats;
mod transport;
mod upload;

pub use auth::{ApiKey, Credentials, KeyError};
pub use client::AscClient;
pub use config::{AscConfig, ConfigError, DEFAULT_API_URL};
pub use error::{ApiError, AscError, ErrorItem, ErrorSource, NoEditableVersion, explain};
pub use rate_limit::RateBudget;
pub use stats::RequestStats;
pub(crate) use transport::describe as describe_network_error;
pub use types::{
    App, AppStoreVersion, AssetDeliveryState, AssetError, AssetState, Platform, Screenshot,
    ScreenshotSet, ScreenshotSetSummary, UploadOperation, VersionLocalization,
};
