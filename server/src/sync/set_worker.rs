//! Carrying out one set's plan: find or create the localization and the set, delete what goes,
//! upload what is new, wait for ASC's processing (retrying a failed or stuck one once), then set
//! the order if it differs.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures::future::join_all;
use shotbridge_shared::wire::{PlannedScreenshot, ScreenshotPhase};
use tokio::time::Instant;

use crate::asc::ScreenshotSet;
use crate::images::NormalizedScreenshot;

use super::context::{Context, Counters, Failure, HeldBytes};
use super::ensure;
use super::input::{ScreenshotKey, SetKey};
use super::plan::{RemoteState, SetPlan, Slot, WantedScreenshot, plan_set};
use super::remote::{remote_screenshots, remote_state};

/// Consecutive failed reads of a set's processing state before its waiting screenshots are
/// reported (each read is already retried by the client).
const MAX_UNREADABLE_POLLS: u32 = 5;

/// A screenshot of the set, with its bytes (counted against the memory budget).
#[derive(Debug)]
pub struct Arrived {
    pub planned: PlannedScreenshot,
    pub image: NormalizedScreenshot,
    /// The bytes count against the run's memory budget until this is dropped.
    #[expect(dead_code, reason = "held for its Drop, which releases the budget")]
    pub held: HeldBytes,
}

/// A set with all its screenshots, ready to be worked.
#[derive(Debug)]
pub struct SetJob {
    pub key: SetKey,
    /// The set as read by prepare; `None` when it does not exist yet.
    pub remote: Option<ScreenshotSet>,
    pub shots: BTreeMap<u8, Arrived>,
}

/// A screenshot ASC is processing.
#[derive(Debug, Clone)]
pub(super) struct Waiting {
    pub id: String,
    pub since: Instant,
    /// Whether this run uploaded it (a kept one was committed by an earlier run).
    pub ours: bool,
}

/// One set being worked.
pub(super) struct SetRun {
    pub ctx: Arc<Context>,
    pub key: SetKey,
    pub localization_id: String,
    pub set_id: String,
    pub shots: BTreeMap<u8, Arrived>,
    /// Uploads started per position (at most 2: the first and one retry).
    pub attempts: BTreeMap<u8, u8>,
    pub waiting: BTreeMap<u8, Waiting>,
    /// Position → id of the screenshot that ended COMPLETE.
    pub done: BTreeMap<u8, String>,
    /// Every screenshot id this run created or kept in the set.
    pub known: BTreeSet<String>,
    /// Ids this run deleted.
    pub deleted: BTreeSet<String>,
    /// The set's order at the last read.
    pub order: Vec<String>,
}

pub(super) async fn work_set(ctx: Arc<Context>, job: SetJob) {
    let key = job.key;
    let set = match find_or_create(&ctx, key, job.remote).await {
        Ok(found) => found,
        Err(failure) => {
            for position in job.shots.keys() {
                let shot = ScreenshotKey {
                    set: key,
                    position: *position,
                };
                ctx.progress
                    .fail(shot, &failure.code, failure.message.clone())
                    .await;
            }
            return;
        }
    };
    let (localization_id, set) = set;
    let remote = remote_screenshots(&set);
    let wanted: Vec<WantedScreenshot> = job
        .shots
        .values()
        .map(|a| WantedScreenshot {
            position: a.planned.position,
            file_name: a.planned.file_name.clone(),
            md5: a.image.md5,
        })
        .collect();
    let plan = plan_set(ctx.mode, &remote, &wanted);
    let mut run = SetRun {
        ctx,
        key,
        localization_id,
        set_id: set.id.clone(),
        shots: job.shots,
        attempts: BTreeMap::new(),
        waiting: BTreeMap::new(),
        done: BTreeMap::new(),
        known: BTreeSet::new(),
        deleted: BTreeSet::new(),
        order: set.screenshots.iter().map(|s| s.id.clone()).collect(),
    };
    run.carry_out(&plan, &remote).await;
}

async fn find_or_create(
    ctx: &Arc<Context>,
    key: SetKey,
    remote: Option<ScreenshotSet>,
) -> Result<(String, ScreenshotSet), Failure> {
    let localization_id = ensure::localization(ctx, key.locale).await?;
    let set = match remote {
        Some(set) => set,
        None => ensure::screenshot_set(ctx, &localization_id, key.display_type).await?,
    };
    Ok((localization_id, set))
}

impl SetRun {
    pub(super) fn shot(&self, position: u8) -> ScreenshotKey {
        ScreenshotKey {
            set: self.key,
            position,
        }
    }

    async fn carry_out(&mut self, plan: &SetPlan, remote: &[super::plan::RemoteScreenshot]) {
        for (position, id) in &plan.keep {
            self.known.insert(id.clone());
            let state = remote.iter().find(|r| &r.id == id).map(|r| r.state);
            if state == Some(RemoteState::Complete) {
                self.ctx
                    .progress
                    .set(self.shot(*position), ScreenshotPhase::Skipped)
                    .await;
                self.done.insert(*position, id.clone());
                self.shots.remove(position);
                Counters::add(&self.ctx.counters.kept, 1);
            } else {
                // Committed by an earlier run and still processing: wait for it, keep the
                // bytes in case it fails.
                self.ctx
                    .progress
                    .set(self.shot(*position), ScreenshotPhase::Processing)
                    .await;
                let waiting = Waiting {
                    id: id.clone(),
                    since: Instant::now(),
                    ours: false,
                };
                self.waiting.insert(*position, waiting);
            }
        }
        for position in &plan.no_room {
            let message = "the set already holds 10 screenshots; use replace, or delete some first";
            self.ctx
                .progress
                .fail(self.shot(*position), "SET_FULL", message.to_owned())
                .await;
            self.shots.remove(position);
        }

        let ids: Vec<String> = plan.delete.iter().map(|(id, _)| id.clone()).collect();
        self.delete_all(&ids).await;
        self.upload_all(plan.upload.clone()).await;
        self.wait_for_processing().await;
        self.apply_order(&plan.order).await;
    }

    /// Deletes screenshots concurrently; one that cannot be deleted is a set problem.
    pub(super) async fn delete_all(&mut self, ids: &[String]) {
        let client = &self.ctx.client;
        let results = join_all(ids.iter().map(|id| client.delete_screenshot(id))).await;
        for (id, result) in ids.iter().zip(results) {
            match result {
                Ok(()) => {
                    self.deleted.insert(id.clone());
                    Counters::add(&self.ctx.counters.deleted, 1);
                }
                Err(error) => self.ctx.problem(format!(
                    "{} {}: screenshot {id} could not be deleted: {error}",
                    self.key.locale, self.key.display_type
                )),
            }
        }
        self.order.retain(|id| !self.deleted.contains(id));
    }

    /// Reads the set again (one request: the localization's sets with their screenshots).
    pub(super) async fn read_set(&mut self) -> Result<ScreenshotSet, crate::asc::AscError> {
        let sets = self
            .ctx
            .client
            .list_screenshot_sets(&self.localization_id)
            .await?;
        let set = sets
            .into_iter()
            .find(|s| s.id == self.set_id)
            .ok_or_else(|| crate::asc::AscError::Decode {
                request: "GET appScreenshotSets".to_owned(),
                cause: "the screenshot set is gone".to_owned(),
            })?;
        self.order = set.screenshots.iter().map(|s| s.id.clone()).collect();
        Ok(set)
    }

    /// Waits, polling the set with growing pauses, until every screenshot ASC processes is
    /// COMPLETE or FAILED (or stuck past the timeout); failed and stuck ones are deleted and
    /// uploaded once more.
    async fn wait_for_processing(&mut self) {
        use backon::BackoffBuilder;
        let options = self.ctx.options.clone();
        let mut pauses = backon::ExponentialBuilder::default()
            .with_min_delay(options.poll_interval)
            .with_max_delay(options.max_poll_interval)
            .with_factor(2.0)
            .with_jitter()
            .without_max_times()
            .build();
        let mut unreadable = 0;
        while !self.waiting.is_empty() {
            tokio::time::sleep(pauses.next().unwrap_or(options.max_poll_interval)).await;
            let set = match self.read_set().await {
                Ok(set) => set,
                Err(error) if unreadable + 1 < MAX_UNREADABLE_POLLS => {
                    unreadable += 1;
                    tracing::warn!(cause = %error, "could not read the set's processing state; trying again");
                    continue;
                }
                Err(error) => {
                    // The screenshots may still turn COMPLETE; the next run will see them.
                    let failure = Failure::from_asc(&error);
                    for (position, _) in std::mem::take(&mut self.waiting) {
                        let shot = self.shot(position);
                        self.ctx
                            .progress
                            .fail(shot, &failure.code, failure.message.clone())
                            .await;
                    }
                    return;
                }
            };
            unreadable = 0;
            let mut again = Vec::new();
            for (position, waiting) in std::mem::take(&mut self.waiting) {
                let shot = self.shot(position);
                let found = set.screenshots.iter().find(|s| s.id == waiting.id);
                let outcome = match found.map(|s| (remote_state(s.state()), s)) {
                    Some((RemoteState::Complete, _)) => {
                        self.ctx.progress.set(shot, ScreenshotPhase::Complete).await;
                        let counter = if waiting.ours {
                            &self.ctx.counters.uploaded
                        } else {
                            &self.ctx.counters.kept
                        };
                        counter.fetch_add(1, Ordering::Relaxed);
                        self.done.insert(position, waiting.id.clone());
                        self.shots.remove(&position);
                        continue;
                    }
                    Some((RemoteState::Failed, s)) => Failure::from_processing(s.errors()),
                    None => Failure::new(
                        "SCREENSHOT_VANISHED",
                        "the screenshot disappeared from the set while App Store Connect processed it",
                    ),
                    Some(_) if waiting.since.elapsed() > options.processing_timeout => {
                        Failure::new(
                            "PROCESSING_TIMEOUT",
                            format!(
                                "App Store Connect was still processing the screenshot {} s \
                                 after its commit; run again later to check on it",
                                options.processing_timeout.as_secs()
                            ),
                        )
                    }
                    Some(_) => {
                        self.waiting.insert(position, waiting);
                        continue;
                    }
                };
                let retry = self.may_retry(position);
                let failed = found.is_some_and(|s| remote_state(s.state()) == RemoteState::Failed);
                // A FAILED one is garbage; a stuck one goes only to make room for its retry
                // (after the last try it stays: it may still turn COMPLETE, and the next run
                // keeps it then).
                if found.is_some() && (failed || retry) {
                    self.delete_all(std::slice::from_ref(&waiting.id)).await;
                }
                if retry {
                    tracing::info!(position, code = %outcome.code, "uploading the screenshot once more");
                    again.push(position);
                } else {
                    self.ctx
                        .progress
                        .fail(shot, &outcome.code, outcome.message)
                        .await;
                    self.shots.remove(&position);
                }
            }
            if !again.is_empty() {
                self.upload_all(again).await;
            }
        }
    }

    /// Whether a position may be uploaded (again): once, plus one retry.
    pub(super) fn may_retry(&self, position: u8) -> bool {
        self.shots.contains_key(&position) && self.attempts.get(&position).copied().unwrap_or(0) < 2
    }

    /// Sets the planned order if the set shows another one; screenshots outside the plan that
    /// remain (append mode, or ones that could not be deleted) stay, after the planned ones.
    async fn apply_order(&mut self, order: &[Slot]) {
        let mut wanted: Vec<String> = order
            .iter()
            .filter_map(|slot| match slot {
                Slot::Existing(id) => self.order.contains(id).then(|| id.clone()),
                Slot::Wanted(position) => self.done.get(position).cloned(),
            })
            .collect();
        let rest: Vec<String> = self
            .order
            .iter()
            .filter(|id| !wanted.contains(id))
            .cloned()
            .collect();
        wanted.extend(rest);
        if wanted == self.order {
            return;
        }
        match self
            .ctx
            .client
            .set_screenshot_order(&self.set_id, &wanted)
            .await
        {
            Ok(()) => {
                Counters::add(&self.ctx.counters.reordered, 1);
                self.order = wanted;
            }
            Err(error) => self.ctx.problem(format!(
                "{} {}: the order could not be set: {error}",
                self.key.locale, self.key.display_type
            )),
        }
    }
}
