//! The world a sandbox starts with: the demo world, and a small builder for tests that need
//! their own apps, versions, localizations or existing screenshots.

use serde::{Deserialize, Serialize};
use shotbridge_shared::DisplayType;

/// Ids and bundle ids of the demo world, for tests and docs.
pub mod demo {
    /// "Shotbridge Demo", the app everything works on.
    pub const APP_ID: &str = "6447390001";
    pub const BUNDLE_ID: &str = "com.example.shotbridge.demo";
    /// IOS 1.1, `PREPARE_FOR_SUBMISSION`, with `en-US`.
    pub const IOS_VERSION_ID: &str = "0b5a6c1e-3f2d-4a8b-9c7e-1d2f3a4b5c61";
    pub const IOS_EN_US_LOCALIZATION_ID: &str = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e71";
    /// IOS 1.0, `READY_FOR_DISTRIBUTION` (live, not editable), with `en-US`.
    pub const IOS_LIVE_VERSION_ID: &str = "0b5a6c1e-3f2d-4a8b-9c7e-1d2f3a4b5c60";
    pub const IOS_LIVE_EN_US_LOCALIZATION_ID: &str = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e70";
    /// MAC_OS 1.1, `PREPARE_FOR_SUBMISSION`, with `en-US` (for `APP_DESKTOP` sets).
    pub const MAC_VERSION_ID: &str = "0b5a6c1e-3f2d-4a8b-9c7e-1d2f3a4b5c62";
    pub const MAC_EN_US_LOCALIZATION_ID: &str = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e72";
    /// "Shotbridge Locked", whose only version is `IN_REVIEW` (nothing is editable).
    pub const LOCKED_APP_ID: &str = "6447390002";
    pub const LOCKED_BUNDLE_ID: &str = "com.example.shotbridge.locked";
    pub const LOCKED_VERSION_ID: &str = "0b5a6c1e-3f2d-4a8b-9c7e-1d2f3a4b5c63";
    pub const LOCKED_EN_US_LOCALIZATION_ID: &str = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e73";
}

/// The platform of an App Store version (`Platform` in Apple's API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum Platform {
    IOS,
    MAC_OS,
    TV_OS,
    VISION_OS,
}

/// `AppVersionState` in Apple's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum AppVersionState {
    ACCEPTED,
    DEVELOPER_REJECTED,
    IN_REVIEW,
    INVALID_BINARY,
    METADATA_REJECTED,
    PENDING_APPLE_RELEASE,
    PENDING_DEVELOPER_RELEASE,
    PREPARE_FOR_SUBMISSION,
    PROCESSING_FOR_DISTRIBUTION,
    READY_FOR_DISTRIBUTION,
    READY_FOR_REVIEW,
    REJECTED,
    REPLACED_WITH_NEW_VERSION,
    WAITING_FOR_EXPORT_COMPLIANCE,
    WAITING_FOR_REVIEW,
}

impl AppVersionState {
    /// Whether screenshots and localizations of a version in this state can change. These are
    /// the states fastlane treats as editable.
    pub fn is_editable(self) -> bool {
        use AppVersionState::*;
        matches!(
            self,
            PREPARE_FOR_SUBMISSION
                | DEVELOPER_REJECTED
                | REJECTED
                | METADATA_REJECTED
                | WAITING_FOR_REVIEW
                | INVALID_BINARY
        )
    }
}

/// The whole starting world.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorldSeed {
    pub apps: Vec<AppSeed>,
}

impl WorldSeed {
    /// No apps at all.
    pub fn empty() -> Self {
        Self::default()
    }

    /// "Shotbridge Demo" (IOS 1.1 editable, IOS 1.0 live, MAC_OS 1.1 editable, each with
    /// `en-US`) and "Shotbridge Locked" (IOS 1.0 `IN_REVIEW`); ids in [`demo`].
    pub fn demo() -> Self {
        use AppVersionState::*;
        Self::empty()
            .app(
                AppSeed::new(demo::APP_ID, "Shotbridge Demo", demo::BUNDLE_ID)
                    .version(
                        VersionSeed::new(demo::IOS_VERSION_ID, Platform::IOS, "1.1")
                            .state(PREPARE_FOR_SUBMISSION)
                            .localization(LocalizationSeed::new(
                                demo::IOS_EN_US_LOCALIZATION_ID,
                                "en-US",
                            )),
                    )
                    .version(
                        VersionSeed::new(demo::IOS_LIVE_VERSION_ID, Platform::IOS, "1.0")
                            .state(READY_FOR_DISTRIBUTION)
                            .localization(LocalizationSeed::new(
                                demo::IOS_LIVE_EN_US_LOCALIZATION_ID,
                                "en-US",
                            )),
                    )
                    .version(
                        VersionSeed::new(demo::MAC_VERSION_ID, Platform::MAC_OS, "1.1")
                            .state(PREPARE_FOR_SUBMISSION)
                            .localization(LocalizationSeed::new(
                                demo::MAC_EN_US_LOCALIZATION_ID,
                                "en-US",
                            )),
                    ),
            )
            .app(
                AppSeed::new(
                    demo::LOCKED_APP_ID,
                    "Shotbridge Locked",
                    demo::LOCKED_BUNDLE_ID,
                )
                .version(
                    VersionSeed::new(demo::LOCKED_VERSION_ID, Platform::IOS, "1.0")
                        .state(IN_REVIEW)
                        .localization(LocalizationSeed::new(
                            demo::LOCKED_EN_US_LOCALIZATION_ID,
                            "en-US",
                        )),
                ),
            )
    }

    /// Adds an app.
    pub fn app(mut self, app: AppSeed) -> Self {
        self.apps.push(app);
        self
    }
}

/// An app (`apps` resource).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppSeed {
    /// Numeric-looking, like Apple's (`6447390001`).
    pub id: String,
    pub name: String,
    pub bundle_id: String,
    pub sku: String,
    pub primary_locale: String,
    pub versions: Vec<VersionSeed>,
}

impl AppSeed {
    /// An app with `primaryLocale` `en-US` and a SKU derived from the bundle id.
    pub fn new(id: &str, name: &str, bundle_id: &str) -> Self {
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            bundle_id: bundle_id.to_owned(),
            sku: bundle_id.replace('.', "_").to_uppercase(),
            primary_locale: "en-US".to_owned(),
            versions: Vec::new(),
        }
    }

    /// Adds an App Store version.
    pub fn version(mut self, version: VersionSeed) -> Self {
        self.versions.push(version);
        self
    }
}

/// An App Store version (`appStoreVersions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSeed {
    pub id: String,
    pub platform: Platform,
    pub version_string: String,
    pub state: AppVersionState,
    pub localizations: Vec<LocalizationSeed>,
}

impl VersionSeed {
    /// A version in `PREPARE_FOR_SUBMISSION` without localizations.
    pub fn new(id: &str, platform: Platform, version_string: &str) -> Self {
        Self {
            id: id.to_owned(),
            platform,
            version_string: version_string.to_owned(),
            state: AppVersionState::PREPARE_FOR_SUBMISSION,
            localizations: Vec::new(),
        }
    }

    pub fn state(mut self, state: AppVersionState) -> Self {
        self.state = state;
        self
    }

    pub fn localization(mut self, localization: LocalizationSeed) -> Self {
        self.localizations.push(localization);
        self
    }
}

/// A version localization (`appStoreVersionLocalizations`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalizationSeed {
    pub id: String,
    /// An ASC locale code, exactly as ASC spells it (`en-US`, `ja`, `zh-Hans`).
    pub locale: String,
    pub screenshot_sets: Vec<ScreenshotSetSeed>,
}

impl LocalizationSeed {
    pub fn new(id: &str, locale: &str) -> Self {
        Self {
            id: id.to_owned(),
            locale: locale.to_owned(),
            screenshot_sets: Vec::new(),
        }
    }

    pub fn screenshot_set(mut self, set: ScreenshotSetSeed) -> Self {
        self.screenshot_sets.push(set);
        self
    }
}

/// A screenshot set that already exists, with its screenshots in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenshotSetSeed {
    pub id: String,
    pub display_type: DisplayType,
    pub screenshots: Vec<ScreenshotSeed>,
}

impl ScreenshotSetSeed {
    pub fn new(id: &str, display_type: DisplayType) -> Self {
        Self {
            id: id.to_owned(),
            display_type,
            screenshots: Vec::new(),
        }
    }

    pub fn screenshot(mut self, screenshot: ScreenshotSeed) -> Self {
        self.screenshots.push(screenshot);
        self
    }
}

/// A screenshot that was uploaded earlier. The sandbox processes its bytes at start, so it is
/// `COMPLETE` (or `FAILED`, if the image does not fit the set) with the MD5 of `bytes` as its
/// `sourceFileChecksum`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenshotSeed {
    pub id: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl ScreenshotSeed {
    pub fn new(id: &str, file_name: &str, bytes: Vec<u8>) -> Self {
        Self {
            id: id.to_owned(),
            file_name: file_name.to_owned(),
            bytes,
        }
    }
}
