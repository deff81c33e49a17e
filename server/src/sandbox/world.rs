//! The in-memory world: apps, versions, localizations, screenshot sets and screenshots, each
//! by id with its parent and ordered children, plus the reservation state of every screenshot.

use std::collections::HashMap;
use std::time::Instant;

use md5::{Digest, Md5};
use shotbridge_shared::DisplayType;

use super::config::Processing;
use super::processing::{self, Outcome};
use super::seed::{AppVersionState, Platform, WorldSeed};
use super::snapshot::{
    AppSnapshot, AssetError, AssetState, LocalizationSnapshot, ScreenshotSetSnapshot,
    ScreenshotSnapshot, VersionSnapshot, WorldSnapshot,
};

#[derive(Debug, Clone)]
pub(crate) struct App {
    pub id: String,
    pub name: String,
    pub bundle_id: String,
    pub sku: String,
    pub primary_locale: String,
    pub version_ids: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Version {
    pub id: String,
    pub platform: Platform,
    pub version_string: String,
    pub state: AppVersionState,
    pub localization_ids: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Localization {
    pub id: String,
    pub version_id: String,
    pub locale: String,
    pub description: Option<String>,
    pub keywords: Option<String>,
    pub marketing_url: Option<String>,
    pub promotional_text: Option<String>,
    pub support_url: Option<String>,
    pub whats_new: Option<String>,
    pub set_ids: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ScreenshotSet {
    pub id: String,
    pub localization_id: String,
    pub display_type: DisplayType,
    pub screenshot_ids: Vec<String>,
}

/// One upload operation of a reservation and what arrived for it.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub offset: u64,
    pub length: u64,
    pub data: Option<Vec<u8>>,
}

/// Where a screenshot is in its life.
#[derive(Debug, Clone)]
pub(crate) enum Phase {
    AwaitingUpload,
    Processing {
        committed_at: Instant,
        reads: u32,
        outcome: Outcome,
    },
    Done(Outcome),
}

#[derive(Debug, Clone)]
pub(crate) struct Screenshot {
    pub id: String,
    pub set_id: String,
    pub file_name: String,
    pub file_size: u64,
    pub asset_token: String,
    /// The secret in this reservation's upload URLs.
    pub upload_token: String,
    pub parts: Vec<Part>,
    /// Every part PUT of this reservation fails (an injected fault).
    pub broken: bool,
    pub checksum: Option<String>,
    pub phase: Phase,
}

impl Screenshot {
    pub fn bytes_received(&self) -> u64 {
        self.parts
            .iter()
            .filter(|p| p.data.is_some())
            .map(|p| p.length)
            .sum()
    }

    /// The whole file, once every part has arrived.
    pub fn assembled(&self) -> Option<Vec<u8>> {
        let mut bytes = Vec::with_capacity(usize::try_from(self.file_size).unwrap_or(0));
        for part in &self.parts {
            bytes.extend_from_slice(part.data.as_deref()?);
        }
        Some(bytes)
    }

    /// What the next read will see, without counting as a read (for snapshots).
    pub fn visible(&self, processing: Processing) -> (AssetState, Option<&Outcome>) {
        match &self.phase {
            Phase::Processing {
                committed_at,
                reads,
                outcome,
            } if *reads >= processing.reads
                && committed_at.elapsed() >= processing.min_duration =>
            {
                (outcome_state(outcome), Some(outcome))
            }
            _ => self.rendered(),
        }
    }

    /// What a response shows now: `UPLOAD_COMPLETE` until a read has moved processing on.
    pub fn rendered(&self) -> (AssetState, Option<&Outcome>) {
        match &self.phase {
            Phase::AwaitingUpload => (AssetState::AWAITING_UPLOAD, None),
            Phase::Processing { .. } => (AssetState::UPLOAD_COMPLETE, None),
            Phase::Done(outcome) => (outcome_state(outcome), Some(outcome)),
        }
    }

    /// Records a client read, before its response is rendered: once `processing.reads` reads
    /// have seen `UPLOAD_COMPLETE` and `processing.min_duration` has passed, processing ends.
    pub fn observe(&mut self, processing: Processing) {
        let finished = match &mut self.phase {
            Phase::Processing {
                committed_at,
                reads,
                outcome,
            } => {
                if *reads >= processing.reads && committed_at.elapsed() >= processing.min_duration {
                    Some(outcome.clone())
                } else {
                    *reads += 1;
                    None
                }
            }
            _ => None,
        };
        if let Some(outcome) = finished {
            self.phase = Phase::Done(outcome);
        }
    }
}

fn outcome_state(outcome: &Outcome) -> AssetState {
    match outcome {
        Outcome::Complete { .. } => AssetState::COMPLETE,
        Outcome::Failed { .. } => AssetState::FAILED,
    }
}

/// MD5 of `bytes` as 32 lowercase hex digits, as ASC's `sourceFileChecksum`.
pub(crate) fn md5_hex(bytes: &[u8]) -> String {
    hex::encode(Md5::digest(bytes))
}

/// All resources by id.
#[derive(Debug, Default)]
pub(crate) struct World {
    pub apps: Vec<App>,
    pub versions: HashMap<String, Version>,
    pub localizations: HashMap<String, Localization>,
    pub sets: HashMap<String, ScreenshotSet>,
    pub screenshots: HashMap<String, Screenshot>,
    /// Upload token → screenshot id.
    pub uploads: HashMap<String, String>,
}

impl World {
    /// Builds the world from its seed; seeded screenshots are processed at once.
    pub fn from_seed(seed: &WorldSeed) -> Self {
        let mut world = World::default();
        for app in &seed.apps {
            world.apps.push(App {
                id: app.id.clone(),
                name: app.name.clone(),
                bundle_id: app.bundle_id.clone(),
                sku: app.sku.clone(),
                primary_locale: app.primary_locale.clone(),
                version_ids: app.versions.iter().map(|v| v.id.clone()).collect(),
            });
            for version in &app.versions {
                world.versions.insert(
                    version.id.clone(),
                    Version {
                        id: version.id.clone(),
                        platform: version.platform,
                        version_string: version.version_string.clone(),
                        state: version.state,
                        localization_ids: version
                            .localizations
                            .iter()
                            .map(|l| l.id.clone())
                            .collect(),
                    },
                );
                for loc in &version.localizations {
                    world.localizations.insert(
                        loc.id.clone(),
                        Localization {
                            id: loc.id.clone(),
                            version_id: version.id.clone(),
                            locale: loc.locale.clone(),
                            set_ids: loc.screenshot_sets.iter().map(|s| s.id.clone()).collect(),
                            ..Localization::default()
                        },
                    );
                    for set in &loc.screenshot_sets {
                        world.seed_set(&loc.id, set);
                    }
                }
            }
        }
        world
    }

    fn seed_set(&mut self, localization_id: &str, set: &super::seed::ScreenshotSetSeed) {
        self.sets.insert(
            set.id.clone(),
            ScreenshotSet {
                id: set.id.clone(),
                localization_id: localization_id.to_owned(),
                display_type: set.display_type,
                screenshot_ids: set.screenshots.iter().map(|s| s.id.clone()).collect(),
            },
        );
        for shot in &set.screenshots {
            let size = u64::try_from(shot.bytes.len()).unwrap_or(u64::MAX);
            self.screenshots.insert(
                shot.id.clone(),
                Screenshot {
                    id: shot.id.clone(),
                    set_id: set.id.clone(),
                    file_name: shot.file_name.clone(),
                    file_size: size,
                    asset_token: format!("seeded-{}", shot.id),
                    upload_token: String::new(),
                    parts: vec![Part {
                        offset: 0,
                        length: size,
                        data: Some(shot.bytes.clone()),
                    }],
                    broken: false,
                    checksum: Some(md5_hex(&shot.bytes)),
                    phase: Phase::Done(processing::inspect(&shot.bytes, set.display_type)),
                },
            );
        }
    }

    pub fn app(&self, id: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.id == id)
    }

    /// Whether a localization's version can change now.
    pub fn localization_editable(&self, localization_id: &str) -> bool {
        self.localizations
            .get(localization_id)
            .and_then(|l| self.versions.get(&l.version_id))
            .is_some_and(|v| v.state.is_editable())
    }

    /// Removes a screenshot and its upload token; the set keeps the order of the others.
    pub fn remove_screenshot(&mut self, id: &str) -> Option<Screenshot> {
        let shot = self.screenshots.remove(id)?;
        self.uploads.remove(&shot.upload_token);
        if let Some(set) = self.sets.get_mut(&shot.set_id) {
            set.screenshot_ids.retain(|s| s != id);
        }
        Some(shot)
    }

    /// Removes a set with all its screenshots.
    pub fn remove_set(&mut self, id: &str) -> Option<ScreenshotSet> {
        let set = self.sets.remove(id)?;
        for shot in &set.screenshot_ids {
            if let Some(s) = self.screenshots.remove(shot) {
                self.uploads.remove(&s.upload_token);
            }
        }
        if let Some(loc) = self.localizations.get_mut(&set.localization_id) {
            loc.set_ids.retain(|s| s != id);
        }
        Some(set)
    }

    /// A copy of everything, for tests.
    pub fn snapshot(&self, processing: Processing) -> WorldSnapshot {
        WorldSnapshot {
            apps: self
                .apps
                .iter()
                .map(|app| AppSnapshot {
                    id: app.id.clone(),
                    name: app.name.clone(),
                    bundle_id: app.bundle_id.clone(),
                    versions: app
                        .version_ids
                        .iter()
                        .filter_map(|id| self.versions.get(id))
                        .map(|v| self.version_snapshot(v, processing))
                        .collect(),
                })
                .collect(),
        }
    }

    fn version_snapshot(&self, v: &Version, processing: Processing) -> VersionSnapshot {
        VersionSnapshot {
            id: v.id.clone(),
            platform: v.platform,
            version_string: v.version_string.clone(),
            state: v.state,
            localizations: v
                .localization_ids
                .iter()
                .filter_map(|id| self.localizations.get(id))
                .map(|l| LocalizationSnapshot {
                    id: l.id.clone(),
                    locale: l.locale.clone(),
                    screenshot_sets: l
                        .set_ids
                        .iter()
                        .filter_map(|id| self.sets.get(id))
                        .map(|s| ScreenshotSetSnapshot {
                            id: s.id.clone(),
                            display_type: s.display_type,
                            screenshots: s
                                .screenshot_ids
                                .iter()
                                .filter_map(|id| self.screenshots.get(id))
                                .map(|shot| screenshot_snapshot(shot, processing))
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

fn screenshot_snapshot(shot: &Screenshot, processing: Processing) -> ScreenshotSnapshot {
    let (state, outcome) = shot.visible(processing);
    let (errors, size): (Vec<AssetError>, _) = match outcome {
        Some(Outcome::Complete { width, height }) => (Vec::new(), Some((*width, *height))),
        Some(Outcome::Failed { errors, size }) => {
            (errors.clone(), size.map(|s| (s.width, s.height)))
        }
        None => (Vec::new(), None),
    };
    ScreenshotSnapshot {
        id: shot.id.clone(),
        file_name: shot.file_name.clone(),
        file_size: shot.file_size,
        source_file_checksum: shot.checksum.clone(),
        received_md5: shot.assembled().map(|b| md5_hex(&b)),
        bytes_received: shot.bytes_received(),
        state,
        errors,
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
    }
}
