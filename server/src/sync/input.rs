//! What a sync is asked to do: the plan (app, platform, version, mode, planned screenshots), the
//! screenshots as they arrive, and the knobs that bound concurrency, memory and waiting.

use std::time::Duration;

use shotbridge_shared::wire::{PlannedScreenshot, UploadMode, UploadPlan};
use shotbridge_shared::{DisplayType, Locale};

use crate::asc::Platform;
use crate::images::NormalizedScreenshot;

/// Which app: by ASC id (`1234567890`) or by bundle id (`com.example.app`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRef {
    Id(String),
    BundleId(String),
}

/// One screenshot set: a locale × display type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SetKey {
    pub locale: Locale,
    pub display_type: DisplayType,
}

/// One planned screenshot: its set and 1-based position there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScreenshotKey {
    pub set: SetKey,
    pub position: u8,
}

impl ScreenshotKey {
    pub fn new(locale: Locale, display_type: DisplayType, position: u8) -> Self {
        Self {
            set: SetKey {
                locale,
                display_type,
            },
            position,
        }
    }

    pub fn of(planned: &PlannedScreenshot) -> Self {
        Self::new(planned.locale, planned.display_type, planned.position)
    }
}

/// What should end up in App Store Connect. Checked by [`super::Syncer::prepare`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncPlan {
    pub app: AppRef,
    pub platform: Platform,
    /// A version string (`2.1.0`); `None` picks the editable version.
    pub version: Option<String>,
    pub mode: UploadMode,
    pub screenshots: Vec<PlannedScreenshot>,
}

impl SyncPlan {
    /// The plan of a bridge `POST /v1/uploads` body. The app is `appId` if given, else
    /// `bundleId`; the platform defaults to iOS.
    pub fn from_wire(plan: UploadPlan) -> Result<Self, super::PlanError> {
        let app = match (plan.app_id, plan.bundle_id) {
            (Some(id), _) if !id.trim().is_empty() => AppRef::Id(id.trim().to_owned()),
            (_, Some(bundle)) if !bundle.trim().is_empty() => {
                AppRef::BundleId(bundle.trim().to_owned())
            }
            _ => return Err(super::PlanError::NoApp),
        };
        let platform = match plan.platform.as_deref() {
            None => Platform::Ios,
            Some(name) => {
                Platform::parse(name).ok_or_else(|| super::PlanError::Platform(name.to_owned()))?
            }
        };
        Ok(Self {
            app,
            platform,
            version: plan.version.filter(|v| !v.trim().is_empty()),
            mode: plan.mode.unwrap_or_default(),
            screenshots: plan.screenshots,
        })
    }
}

/// A screenshot's bytes, normalized, arriving for its planned place.
#[derive(Debug, Clone)]
pub struct IncomingScreenshot {
    pub key: ScreenshotKey,
    pub image: NormalizedScreenshot,
}

/// How hard a sync may push and how long it waits.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Screenshots between reservation and commit at once, over all sets.
    pub uploads_in_flight: usize,
    /// Image bytes held in memory at once (waiting for their set, or until ASC has processed
    /// them, since a failed one is sent again). Exceeded only when every byte held belongs to a
    /// set still waiting for its other screenshots, since nothing could progress otherwise.
    pub max_bytes_held: u64,
    /// How long a committed screenshot may stay processing before it is deleted and sent again
    /// once (then reported).
    pub processing_timeout: Duration,
    /// First wait between two looks at a set's processing state; it then doubles.
    pub poll_interval: Duration,
    /// Longest wait between two looks.
    pub max_poll_interval: Duration,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            uploads_in_flight: 8,
            max_bytes_held: 256 * 1024 * 1024,
            processing_timeout: Duration::from_secs(600),
            poll_interval: Duration::from_secs(2),
            max_poll_interval: Duration::from_secs(30),
        }
    }
}
