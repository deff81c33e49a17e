//! [`PreparedSync`]: a checked plan with the ASC state read for it; previewed as a dry run, or
//! run with the screenshots as they arrive.

use std::collections::BTreeMap;

use shotbridge_shared::Locale;
use shotbridge_shared::wire::{PlannedScreenshot, ScreenshotStatus, UploadMode};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::asc::{App, AppStoreVersion, RequestStats, ScreenshotSet};
use crate::images::Md5;

use super::input::{IncomingScreenshot, ScreenshotKey, SetKey, SyncPlan};
use super::plan::Mode;
use super::{SyncPreview, SyncReport, Syncer, preview, run};

/// A plan ready to run: checked, with the app, the version and the touched sets read.
#[derive(Debug)]
pub struct PreparedSync {
    pub(super) syncer: Syncer,
    pub(super) plan: SyncPlan,
    pub(super) app: App,
    pub(super) version: AppStoreVersion,
    /// Localization id of each touched locale that exists.
    pub(super) localizations: BTreeMap<Locale, String>,
    /// The touched sets that exist, with their screenshots in display order.
    pub(super) remote_sets: BTreeMap<SetKey, ScreenshotSet>,
    /// The client's counters before the first read, so the report counts the reads too.
    pub(super) stats_before: RequestStats,
}

impl PreparedSync {
    pub(super) fn new(
        syncer: Syncer,
        plan: SyncPlan,
        app: App,
        version: AppStoreVersion,
        localizations: BTreeMap<Locale, String>,
        remote_sets: BTreeMap<SetKey, ScreenshotSet>,
        stats_before: RequestStats,
    ) -> Self {
        Self {
            syncer,
            plan,
            app,
            version,
            localizations,
            remote_sets,
            stats_before,
        }
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    /// The editable version the screenshots go to.
    pub fn version(&self) -> &AppStoreVersion {
        &self.version
    }

    pub fn planned(&self) -> &[PlannedScreenshot] {
        &self.plan.screenshots
    }

    /// How many screenshots the run waits for.
    pub fn expected(&self) -> usize {
        self.plan.screenshots.len()
    }

    /// The existing screenshot set of a locale × display type, as read.
    pub fn remote_set(&self, set: &SetKey) -> Option<&ScreenshotSet> {
        self.remote_sets.get(set)
    }

    /// What a run would do given the checksums of the local screenshots (the dry run). Planned
    /// screenshots missing from `md5s` are left out.
    pub fn preview(&self, md5s: &BTreeMap<ScreenshotKey, Md5>) -> SyncPreview {
        let wanted = preview::wanted_by_set(&self.plan.screenshots, md5s);
        preview::preview(self.mode(), &wanted, &self.localizations, &self.remote_sets)
    }

    pub(super) fn mode(&self) -> Mode {
        match self.plan.mode {
            UploadMode::Replace => Mode::Replace,
            UploadMode::Append => Mode::Append,
        }
    }

    /// Runs the sync. Screenshots arrive on `images` in any order; each set is worked as soon
    /// as all its planned screenshots are there, while others still arrive. Every phase change
    /// of every planned screenshot goes to `progress` (first `Waiting` for all; then `Received`
    /// or `Normalized`, then `Skipped`, or `Uploading`, `Processing`, `Complete`; `Failed` with
    /// ASC's code and a plain explanation; `Interrupted` on cancellation). Closing `images`
    /// before every body arrived fails the incomplete sets without touching them. Cancelling
    /// stops at once; ASC is left in a state the next run repairs (leftover reservations are
    /// deleted, screenshots still processing are waited for).
    pub async fn run(
        self,
        images: mpsc::Receiver<IncomingScreenshot>,
        progress: mpsc::Sender<ScreenshotStatus>,
        cancel: CancellationToken,
    ) -> SyncReport {
        run::run(self, images, progress, cancel).await
    }
}
