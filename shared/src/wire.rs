//! Wire types of the bridge HTTP API (DESIGN.md): JSON in camelCase, shared by the server and,
//! through generated TypeScript, by the Figma plugin.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

use crate::{DisplayType, Locale, PixelSize};

/// `GET /v1/health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub version: String,
    /// Whether this bridge talks to the in-memory sandbox instead of Apple.
    pub sandbox: bool,
    /// Providers usable right now (`pseudo` always; `openai`/`gemini` once a key is set).
    pub providers: Vec<Provider>,
    pub app_store_connect: AscStatus,
}

/// Where App Store Connect credentials stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum AscStatus {
    Configured,
    Sandbox,
    Missing,
}

/// A translation provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Provider {
    Pseudo,
    Openai,
    Gemini,
}

/// `PUT /v1/credentials`. Held in memory by the bridge; never echoed back.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub app_store_connect: Option<AscCredentials>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub openai: Option<OpenAiCredentials>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub gemini: Option<GeminiCredentials>,
    /// Keep them in the OS keychain for the next run.
    #[serde(default)]
    #[ts(optional)]
    pub remember: Option<bool>,
}

/// An App Store Connect API key (Users and Access → Integrations).
#[derive(Clone, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AscCredentials {
    /// A UUID shown above the key list.
    pub issuer_id: String,
    /// A short id like `2X9R4HXF34`.
    pub key_id: String,
    /// The `.p8` file's PEM text.
    pub private_key: String,
}

impl std::fmt::Debug for AscCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AscCredentials")
            .field("issuer_id", &self.issuer_id)
            .field("key_id", &self.key_id)
            .field("private_key", &"[redacted]")
            .finish()
    }
}

#[derive(Clone, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpenAiCredentials {
    pub api_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub base_url: Option<String>,
}

impl std::fmt::Debug for OpenAiCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiCredentials")
            .field("api_key", &"[redacted]")
            .field("model", &self.model)
            .field("base_url", &self.base_url)
            .finish()
    }
}

#[derive(Clone, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GeminiCredentials {
    pub api_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub model: Option<String>,
}

impl std::fmt::Debug for GeminiCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeminiCredentials")
            .field("api_key", &"[redacted]")
            .field("model", &self.model)
            .finish()
    }
}

/// One app of `GET /v1/apps`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppSummary {
    pub id: String,
    pub name: String,
    pub bundle_id: String,
    pub platforms: Vec<String>,
}

/// One version of `GET /v1/apps/{id}/versions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VersionSummary {
    pub id: String,
    pub platform: String,
    pub version_string: String,
    /// ASC's `appVersionState`, e.g. `PREPARE_FOR_SUBMISSION`.
    pub state: String,
    /// Whether screenshots may be changed in this state.
    pub editable: bool,
    /// Locales that already have a version localization.
    pub locales: Vec<Locale>,
}

/// A glossary entry: a term to keep as is, or to translate a fixed way per locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GlossaryEntry {
    pub term: String,
    #[serde(default)]
    #[ts(optional)]
    pub keep: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub translations: Option<BTreeMap<String, String>>,
}

/// A caption to translate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SourceString {
    pub id: String,
    pub text: String,
    /// Longest allowed translation, in graphemes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max_chars: Option<u32>,
    /// What the string is for, to help the translator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub context: Option<String>,
}

/// `POST /v1/translate` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TranslateRequest {
    pub source_locale: Locale,
    pub target_locales: Vec<Locale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub provider: Option<Provider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub glossary: Option<Vec<GlossaryEntry>>,
    pub strings: Vec<SourceString>,
}

/// Something the user should look at in a translation (too long, term missing…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TranslationWarning {
    pub locale: Locale,
    pub id: String,
    /// Stable code, e.g. `TOO_LONG`, `KEEP_TERM_MISSING`, `NOT_TRANSLATED`.
    pub code: String,
    pub message: String,
}

/// What a translation run cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub requests: u32,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Strings served from the translation memory at no cost.
    pub cached_strings: u32,
}

/// `POST /v1/translate` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TranslateResponse {
    /// locale → string id → text.
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
    pub warnings: Vec<TranslationWarning>,
    pub usage: Usage,
}

/// One NDJSON line of a streamed translation: a finished locale, or the closing summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum TranslateStreamLine {
    #[serde(rename_all = "camelCase")]
    Locale {
        locale: Locale,
        translations: BTreeMap<String, String>,
        warnings: Vec<TranslationWarning>,
    },
    #[serde(rename_all = "camelCase")]
    Summary {
        usage: Usage,
        warnings: Vec<TranslationWarning>,
    },
}

/// How an upload treats screenshots already in a set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum UploadMode {
    /// Make each touched set equal to the plan; identical screenshots are kept.
    #[default]
    Replace,
    /// Add after what is there.
    Append,
}

/// One planned screenshot of `POST /v1/uploads`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlannedScreenshot {
    pub locale: Locale,
    pub display_type: DisplayType,
    /// 1-based place in the set.
    pub position: u8,
    pub file_name: String,
}

/// `POST /v1/uploads` request: `appId` or `bundleId`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadPlan {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub app_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub bundle_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mode: Option<UploadMode>,
    pub screenshots: Vec<PlannedScreenshot>,
}

/// `POST /v1/uploads` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadCreated {
    pub id: String,
    pub app_id: String,
    pub version_id: String,
    pub version_string: String,
    /// Number of bodies the upload waits for.
    pub expected: u32,
}

/// `PUT …/screenshots/{locale}/{displayType}/{position}` answer (202): what the bytes are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScreenshotReceived {
    pub size: PixelSize,
    pub display_type: DisplayType,
    /// MD5 (hex) of the bytes that will be sent to App Store Connect.
    pub md5: String,
    /// Whether the image was re-encoded (alpha flattened).
    pub normalized: bool,
    pub bytes: u64,
}

/// Where one screenshot stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum ScreenshotPhase {
    /// Planned; the body has not arrived yet.
    Waiting,
    Received,
    Normalized,
    /// Identical to what ASC already holds; nothing sent.
    Skipped,
    Uploading,
    Processing,
    Complete,
    Failed,
    /// Stopped by a cancel or shutdown before it finished.
    Interrupted,
}

impl ScreenshotPhase {
    /// Whether nothing more will happen to the screenshot.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Skipped | Self::Complete | Self::Failed | Self::Interrupted
        )
    }
}

/// A screenshot's error, in ASC's words and in plain words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScreenshotError {
    /// ASC's error code (e.g. `IMAGE_ALPHA_NOT_ALLOWED`) or a Shotbridge code.
    pub code: String,
    pub message: String,
}

/// One screenshot's line in an upload report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScreenshotStatus {
    pub locale: Locale,
    pub display_type: DisplayType,
    pub position: u8,
    pub file_name: String,
    pub phase: ScreenshotPhase,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub md5: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ScreenshotError>,
}

/// Where the whole upload stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum UploadState {
    /// Waiting for bodies or working on them.
    Running,
    Complete,
    /// Finished with at least one failed screenshot.
    Failed,
    Cancelled,
}

/// Totals of an upload.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadCounts {
    pub kept: u32,
    pub uploaded: u32,
    pub deleted: u32,
    pub reordered: u32,
    pub failed: u32,
    /// Requests made to App Store Connect.
    pub asc_requests: u32,
    /// Image bytes sent to App Store Connect.
    pub bytes_sent: u64,
}

/// `GET /v1/uploads/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadReport {
    pub id: String,
    pub state: UploadState,
    pub screenshots: Vec<ScreenshotStatus>,
    pub counts: UploadCounts,
}

/// One Server-Sent Event of `GET /v1/uploads/{id}/events` (`event:` is the `type`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum UploadEvent {
    /// A screenshot moved to a new phase.
    #[serde(rename_all = "camelCase")]
    Screenshot { status: ScreenshotStatus },
    /// The upload ended; the report is final.
    #[serde(rename_all = "camelCase")]
    Finished { report: UploadReport },
}

/// The body of every error answer: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// Stable, e.g. `UNAUTHORIZED`, `INVALID_PLAN`, `ASC_REJECTED`.
    pub code: String,
    /// Plain words: what happened and what to do.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
}

/// One row of the locale table (`shotbridge locales`, the plugin's language picker).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocaleRow {
    pub code: String,
    pub english_name: String,
    pub native_name: String,
    pub script: String,
    pub direction: crate::Direction,
}
