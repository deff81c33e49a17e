//! What tests assert on: a copy of the whole world (apps → versions → localizations → screenshot
//! sets → screenshots, in display order) and the log of requests the sandbox saw.

use std::collections::BTreeMap;

use serde::Serialize;
use shotbridge_shared::DisplayType;

use super::seed::{AppVersionState, Platform};

/// The whole world at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorldSnapshot {
    pub apps: Vec<AppSnapshot>,
}

impl WorldSnapshot {
    /// The app with this bundle id.
    pub fn app(&self, bundle_id: &str) -> Option<&AppSnapshot> {
        self.apps.iter().find(|a| a.bundle_id == bundle_id)
    }

    /// Every version localization of every app.
    pub fn localizations(&self) -> impl Iterator<Item = &LocalizationSnapshot> {
        self.apps
            .iter()
            .flat_map(|a| &a.versions)
            .flat_map(|v| &v.localizations)
    }

    /// The localization with this id.
    pub fn localization(&self, id: &str) -> Option<&LocalizationSnapshot> {
        self.localizations().find(|l| l.id == id)
    }

    /// Every screenshot of every set.
    pub fn screenshots(&self) -> impl Iterator<Item = &ScreenshotSnapshot> {
        self.localizations()
            .flat_map(|l| &l.screenshot_sets)
            .flat_map(|s| &s.screenshots)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppSnapshot {
    pub id: String,
    pub name: String,
    pub bundle_id: String,
    pub versions: Vec<VersionSnapshot>,
}

impl AppSnapshot {
    /// The version with this platform and version string.
    pub fn version(&self, platform: Platform, version_string: &str) -> Option<&VersionSnapshot> {
        self.versions
            .iter()
            .find(|v| v.platform == platform && v.version_string == version_string)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionSnapshot {
    pub id: String,
    pub platform: Platform,
    pub version_string: String,
    pub state: AppVersionState,
    pub localizations: Vec<LocalizationSnapshot>,
}

impl VersionSnapshot {
    /// The localization with this locale code.
    pub fn localization(&self, locale: &str) -> Option<&LocalizationSnapshot> {
        self.localizations.iter().find(|l| l.locale == locale)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalizationSnapshot {
    pub id: String,
    pub locale: String,
    pub screenshot_sets: Vec<ScreenshotSetSnapshot>,
}

impl LocalizationSnapshot {
    /// The set of this display type.
    pub fn screenshot_set(&self, display_type: DisplayType) -> Option<&ScreenshotSetSnapshot> {
        self.screenshot_sets
            .iter()
            .find(|s| s.display_type == display_type)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScreenshotSetSnapshot {
    pub id: String,
    pub display_type: DisplayType,
    /// In display order.
    pub screenshots: Vec<ScreenshotSnapshot>,
}

/// `assetDeliveryState.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum AssetState {
    AWAITING_UPLOAD,
    UPLOAD_COMPLETE,
    COMPLETE,
    FAILED,
}

impl AssetState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AWAITING_UPLOAD => "AWAITING_UPLOAD",
            Self::UPLOAD_COMPLETE => "UPLOAD_COMPLETE",
            Self::COMPLETE => "COMPLETE",
            Self::FAILED => "FAILED",
        }
    }
}

/// One of `assetDeliveryState.errors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetError {
    pub code: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScreenshotSnapshot {
    pub id: String,
    pub file_name: String,
    /// As reserved.
    pub file_size: u64,
    /// As committed by the client (`None` before the commit).
    pub source_file_checksum: Option<String>,
    /// MD5 (lowercase hex) of the bytes actually received, once every byte is there.
    pub received_md5: Option<String>,
    /// Distinct bytes received so far over all parts.
    pub bytes_received: u64,
    /// What a client reading the screenshot now would see.
    pub state: AssetState,
    pub errors: Vec<AssetError>,
    /// Decoded pixel size, once processing is done and the image decoded.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// A kind of injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum FaultKind {
    Latency,
    /// A 5xx before the request was applied.
    ServerError,
    /// The request was applied, then answered 5xx.
    FalseFailure,
    /// The connection was cut before the request was applied.
    DroppedBefore,
    /// The request was applied, then the connection was cut.
    DroppedAfter,
    /// A 429 from a burst.
    RateLimitBurst,
    /// An upload part answered 500.
    PartFailure,
    /// An upload part of a broken reservation answered 500.
    BrokenReservation,
    /// A committed screenshot was made to fail processing.
    ProcessingFailure,
}

/// Whether a request went to the API or to a blob (upload operation) URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Endpoint {
    Api,
    Blob,
}

/// One request as the sandbox saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRecord {
    /// 0, 1, 2, … in arrival order.
    pub seq: u64,
    pub endpoint: Endpoint,
    pub method: String,
    /// The path as sent.
    pub path: String,
    /// The path with ids replaced: `/v1/appScreenshots/{id}`, `/blobstore/{token}/{part}`.
    pub template: String,
    pub query: Option<String>,
    /// The status sent; `None` when the connection was cut instead.
    pub status: Option<u16>,
    /// Whether an `Authorization` header came with it (a defect on blob URLs).
    pub authorization: bool,
    /// The JSON body of API requests that had one.
    pub body: Option<serde_json::Value>,
    /// Size of the body in bytes.
    pub body_len: usize,
    /// The headers of blob requests (name lowercased, value), to check `requestHeaders`.
    pub headers: Vec<(String, String)>,
    /// Faults injected into this request (latency may come with another).
    pub faults: Vec<FaultKind>,
}

/// Totals over the run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counters {
    pub api_requests: u64,
    pub blob_requests: u64,
    /// API requests answered 401.
    pub unauthorized: u64,
    /// API requests answered 429 (bursts and the hourly budget).
    pub rate_limited: u64,
    /// Blob requests that carried an `Authorization` header.
    pub blob_requests_with_authorization: u64,
    /// Injected faults by kind (processing failures included).
    pub faults: BTreeMap<FaultKind, u64>,
}

impl Counters {
    /// How many faults of this kind were injected.
    pub fn fault(&self, kind: FaultKind) -> u64 {
        self.faults.get(&kind).copied().unwrap_or(0)
    }
}

/// The request log and its counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RequestLog {
    pub entries: Vec<RequestRecord>,
    pub counters: Counters,
}

impl RequestLog {
    /// The entries whose template and method match, e.g. `("POST", "/v1/appScreenshots")`.
    pub fn matching<'a>(
        &'a self,
        method: &'a str,
        template: &'a str,
    ) -> impl Iterator<Item = &'a RequestRecord> + 'a {
        self.entries
            .iter()
            .filter(move |e| e.method == method && e.template == template)
    }
}
