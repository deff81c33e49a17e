//! The App Store Connect resources Shotbridge reads and writes, as plain Rust values.
//!
//! Values ASC sends that Shotbridge does not know (a new display type, a new locale) never fail
//! a response: the raw string is kept beside the parsed value, which is then `None`.

use std::fmt;

use serde::{Deserialize, Serialize};
use shotbridge_shared::{DisplayType, Locale};

/// The platform of an App Store version (`filter[platform]`, `platform`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Platform {
    Ios,
    MacOs,
    TvOs,
    VisionOs,
}

impl Platform {
    /// The name as ASC spells it: `IOS`, `MAC_OS`, `TV_OS`, `VISION_OS`.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Ios => "IOS",
            Platform::MacOs => "MAC_OS",
            Platform::TvOs => "TV_OS",
            Platform::VisionOs => "VISION_OS",
        }
    }

    /// Parses ASC's spelling (case-insensitive); `None` for a platform this build does not know.
    pub fn parse(name: &str) -> Option<Platform> {
        [
            Platform::Ios,
            Platform::MacOs,
            Platform::TvOs,
            Platform::VisionOs,
        ]
        .into_iter()
        .find(|p| p.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An app of the account (`apps`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct App {
    /// ASC's numeric-looking id, e.g. `1234567890`.
    pub id: String,
    pub name: String,
    /// E.g. `com.example.app`.
    pub bundle_id: String,
    pub sku: Option<String>,
    /// The app's primary locale code as ASC sent it, e.g. `en-US`.
    pub primary_locale: Option<String>,
    /// Platforms of the app's App Store versions, when the listing included them (deduplicated).
    pub platforms: Vec<Platform>,
}

/// App Store version states in which screenshots can still be changed.
pub const EDITABLE_VERSION_STATES: [&str; 6] = [
    "PREPARE_FOR_SUBMISSION",
    "DEVELOPER_REJECTED",
    "REJECTED",
    "METADATA_REJECTED",
    "WAITING_FOR_REVIEW",
    "INVALID_BINARY",
];

/// An App Store version (`appStoreVersions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppStoreVersion {
    pub id: String,
    /// `None` when ASC sent a platform this build does not know.
    pub platform: Option<Platform>,
    /// E.g. `2.1.0`.
    pub version_string: String,
    /// `appVersionState` as ASC sent it, e.g. `PREPARE_FOR_SUBMISSION`.
    pub state: String,
}

impl AppStoreVersion {
    /// Whether screenshots of this version can still be changed (by `appVersionState`).
    pub fn is_editable(&self) -> bool {
        EDITABLE_VERSION_STATES.contains(&self.state.as_str())
    }
}

/// A screenshot set as listed inside a localization: its id and display type only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScreenshotSetSummary {
    pub id: String,
    /// `None` when ASC sent a display type this build does not know (see `display_type_raw`).
    pub display_type: Option<DisplayType>,
    pub display_type_raw: String,
}

/// One locale of an App Store version (`appStoreVersionLocalizations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionLocalization {
    pub id: String,
    /// `None` when ASC sent a locale code this build does not know (see `locale_code`).
    pub locale: Option<Locale>,
    /// The code exactly as ASC sent it.
    pub locale_code: String,
    /// The localization's screenshot sets (id and display type), when ASC included them;
    /// `None` when the listing did not say (the sets must then be listed to know).
    pub screenshot_sets: Option<Vec<ScreenshotSetSummary>>,
}

/// A screenshot set (`appScreenshotSets`): one locale × display type, up to 10 screenshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScreenshotSet {
    pub id: String,
    /// `None` when ASC sent a display type this build does not know (see `display_type_raw`).
    pub display_type: Option<DisplayType>,
    pub display_type_raw: String,
    /// The set's screenshots in display order (empty for a set just created).
    pub screenshots: Vec<Screenshot>,
}

/// Most screenshots one set may hold.
pub const MAX_SCREENSHOTS_PER_SET: usize = 10;

/// `assetDeliveryState.state`: where a screenshot is in Apple's processing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum AssetState {
    /// Reserved; the bytes have not been committed yet.
    AwaitingUpload,
    /// Committed; Apple is processing it.
    UploadComplete,
    /// Processed; the only state in which a screenshot counts as done.
    Complete,
    /// Processing failed (terminal); see the errors, delete and upload again.
    Failed,
    /// A state this build does not know, as ASC sent it.
    Other(String),
}

impl AssetState {
    pub fn parse(raw: &str) -> AssetState {
        match raw {
            "AWAITING_UPLOAD" => AssetState::AwaitingUpload,
            "UPLOAD_COMPLETE" => AssetState::UploadComplete,
            "COMPLETE" => AssetState::Complete,
            "FAILED" => AssetState::Failed,
            other => AssetState::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            AssetState::AwaitingUpload => "AWAITING_UPLOAD",
            AssetState::UploadComplete => "UPLOAD_COMPLETE",
            AssetState::Complete => "COMPLETE",
            AssetState::Failed => "FAILED",
            AssetState::Other(raw) => raw,
        }
    }

    /// Whether Apple will not change the state by itself any more.
    pub fn is_terminal(&self) -> bool {
        matches!(self, AssetState::Complete | AssetState::Failed)
    }
}

impl fmt::Display for AssetState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of `assetDeliveryState.errors` or `.warnings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetError {
    /// E.g. `IMAGE_INCORRECT_DIMENSIONS`, `IMAGE_ALPHA_NOT_ALLOWED`.
    pub code: String,
    /// Apple's own words (the field is `description`, not `message`).
    pub description: Option<String>,
}

impl AssetError {
    /// What happened and what to do, in plain words, when the code is a known one.
    pub fn explanation(&self) -> Option<&'static str> {
        super::error::explain(&self.code)
    }
}

/// `assetDeliveryState` of a screenshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetDeliveryState {
    pub state: AssetState,
    pub errors: Vec<AssetError>,
    pub warnings: Vec<AssetError>,
}

/// One part of a reservation's upload: send bytes `[offset, offset + length)` of the file with
/// exactly this method, URL and headers. The URL is pre-signed: no JWT goes there.
#[derive(Clone, PartialEq, Eq)]
pub struct UploadOperation {
    pub method: String,
    pub url: String,
    pub offset: u64,
    pub length: u64,
    /// `(name, value)` pairs to send verbatim.
    pub request_headers: Vec<(String, String)>,
}

impl fmt::Debug for UploadOperation {
    // The pre-signed URL is a credential for the upload; only its host is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = url::Url::parse(&self.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        f.debug_struct("UploadOperation")
            .field("method", &self.method)
            .field("host", &host)
            .field("offset", &self.offset)
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

/// A screenshot (`appScreenshots`): a reservation until committed, then an asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Screenshot {
    pub id: String,
    pub file_name: Option<String>,
    pub file_size: Option<u64>,
    /// Lowercase hex MD5 of the uploaded file, once committed.
    pub source_file_checksum: Option<String>,
    /// `None` when ASC did not send it (e.g. not among the requested fields).
    pub asset_delivery_state: Option<AssetDeliveryState>,
    /// The parts still to upload (only on a fresh reservation).
    #[serde(skip)]
    pub upload_operations: Vec<UploadOperation>,
}

impl Screenshot {
    /// The processing state; `None` when ASC did not send one.
    pub fn state(&self) -> Option<&AssetState> {
        self.asset_delivery_state.as_ref().map(|d| &d.state)
    }

    /// Processing errors ASC reported (empty unless failed).
    pub fn errors(&self) -> &[AssetError] {
        self.asset_delivery_state
            .as_ref()
            .map(|d| d.errors.as_slice())
            .unwrap_or_default()
    }
}
