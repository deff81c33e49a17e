//! Checking a plan and reading what ASC holds, before anything is written: the app, the
//! editable version, its localizations and the sets of the localizations the plan touches.

use std::collections::{BTreeMap, BTreeSet};

use futures::future::try_join_all;
use shotbridge_shared::DisplayType;

use crate::asc::{AscClient, Platform, ScreenshotSet};

use super::input::{AppRef, SetKey, SyncOptions, SyncPlan};
use super::{PlanError, PlanErrors, PreparedSync, SyncError};

/// Starts syncs: one client, one set of options.
#[derive(Debug, Clone)]
pub struct Syncer {
    client: AscClient,
    options: SyncOptions,
}

impl Syncer {
    pub fn new(client: AscClient, options: SyncOptions) -> Self {
        Self { client, options }
    }

    pub fn client(&self) -> &AscClient {
        &self.client
    }

    pub fn options(&self) -> &SyncOptions {
        &self.options
    }

    /// Checks the plan (at most 10 per set, positions 1..=n, display types of the platform),
    /// then reads the app, its editable version, the version's localizations and the screenshot
    /// sets of every localization the plan touches: one request each. Writes nothing.
    #[tracing::instrument(skip_all, fields(platform = %plan.platform))]
    pub async fn prepare(&self, plan: SyncPlan) -> Result<PreparedSync, SyncError> {
        check_plan(&plan).map_err(PlanErrors)?;
        let client = &self.client;
        let stats_before = client.stats();
        let app = match &plan.app {
            AppRef::Id(id) => client.get_app(id).await?,
            AppRef::BundleId(bundle_id) => client.find_app_by_bundle_id(bundle_id).await?,
        };
        let version = client
            .find_editable_version(&app.id, plan.platform, plan.version.as_deref())
            .await?;
        let localizations = client.list_localizations(&version.id).await?;

        let touched: BTreeSet<_> = plan.screenshots.iter().map(|s| s.locale).collect();
        let wanted: Vec<_> = localizations
            .iter()
            .filter(|l| l.locale.is_some_and(|locale| touched.contains(&locale)))
            .collect();
        // A localization known to have no sets needs no second look.
        let reads = wanted.iter().map(|l| async move {
            match &l.screenshot_sets {
                Some(sets) if sets.is_empty() => Ok(Vec::new()),
                _ => client.list_screenshot_sets(&l.id).await,
            }
        });
        let sets_per_localization = try_join_all(reads).await?;

        let mut localization_ids = BTreeMap::new();
        let mut remote_sets: BTreeMap<SetKey, ScreenshotSet> = BTreeMap::new();
        for (localization, sets) in wanted.iter().zip(sets_per_localization) {
            let Some(locale) = localization.locale else {
                continue;
            };
            localization_ids.insert(locale, localization.id.clone());
            for set in sets {
                let Some(display_type) = set.display_type else {
                    continue;
                };
                // Two sets of one display type should not exist; the first one is used.
                remote_sets
                    .entry(SetKey {
                        locale,
                        display_type,
                    })
                    .or_insert(set);
            }
        }
        tracing::debug!(
            app_id = %app.id,
            version = %version.version_string,
            localizations = localization_ids.len(),
            sets = remote_sets.len(),
            "read the current screenshots"
        );
        Ok(PreparedSync::new(
            self.clone(),
            plan,
            app,
            version,
            localization_ids,
            remote_sets,
            stats_before,
        ))
    }
}

/// Every problem of the plan, or none.
pub fn check_plan(plan: &SyncPlan) -> Result<(), Vec<PlanError>> {
    let mut problems = Vec::new();
    if plan.screenshots.is_empty() {
        problems.push(PlanError::Empty);
    }
    let mut per_set: BTreeMap<SetKey, Vec<u8>> = BTreeMap::new();
    let mut wrong_platform = BTreeSet::new();
    for shot in &plan.screenshots {
        let key = SetKey {
            locale: shot.locale,
            display_type: shot.display_type,
        };
        per_set.entry(key).or_default().push(shot.position);
        if shot.file_name.trim().is_empty() {
            problems.push(PlanError::FileName {
                locale: shot.locale,
                display_type: shot.display_type,
                position: shot.position,
            });
        }
        let expected = platform_of(shot.display_type);
        if expected != plan.platform && wrong_platform.insert(shot.display_type) {
            problems.push(PlanError::WrongPlatform {
                display_type: shot.display_type,
                platform: plan.platform,
                expected,
            });
        }
    }
    for (key, mut positions) in per_set {
        let count = positions.len();
        if count > 10 {
            problems.push(PlanError::TooMany {
                locale: key.locale,
                display_type: key.display_type,
                count,
            });
            continue;
        }
        positions.sort_unstable();
        let expected: Vec<u8> = (1..).take(count).collect();
        if positions != expected {
            problems.push(PlanError::Positions {
                locale: key.locale,
                display_type: key.display_type,
                count,
                found: positions,
            });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The platform whose App Store versions hold screenshots of a display type.
pub fn platform_of(display_type: DisplayType) -> Platform {
    match display_type {
        DisplayType::APP_DESKTOP => Platform::MacOs,
        DisplayType::APP_APPLE_TV => Platform::TvOs,
        DisplayType::APP_APPLE_VISION_PRO => Platform::VisionOs,
        _ => Platform::Ios,
    }
}
