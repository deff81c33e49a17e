//! The coordinator of one run: takes screenshots as they arrive (within the memory budget),
//! starts a set worker as soon as a set has all its screenshots, and stops on cancellation.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use shotbridge_shared::wire::{PlannedScreenshot, ScreenshotPhase, ScreenshotStatus, UploadCounts};
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::context::{ByteBudget, Context, Counters};
use super::input::{IncomingScreenshot, SetKey};
use super::progress::Progress;
use super::set_worker::{Arrived, SetJob, work_set};
use super::{PreparedSync, SyncReport};

/// A set still waiting for some of its screenshots.
struct PendingSet {
    planned: BTreeMap<u8, PlannedScreenshot>,
    arrived: BTreeMap<u8, Arrived>,
}

pub(super) async fn run(
    prepared: PreparedSync,
    mut images: mpsc::Receiver<IncomingScreenshot>,
    progress: mpsc::Sender<ScreenshotStatus>,
    cancel: CancellationToken,
) -> SyncReport {
    let mode = prepared.mode();
    let PreparedSync {
        syncer,
        plan,
        version,
        localizations,
        mut remote_sets,
        stats_before,
        ..
    } = prepared;
    let client = syncer.client().clone();
    let options = syncer.options().clone();

    let ctx = Arc::new(Context {
        upload_slots: Arc::new(Semaphore::new(options.uploads_in_flight.max(1))),
        budget: Arc::new(ByteBudget::default()),
        progress: Progress::new(&plan.screenshots, progress),
        counters: Counters::default(),
        problems: Default::default(),
        localizations: Default::default(),
        version_id: version.id.clone(),
        client,
        options,
        mode,
    });
    for (locale, id) in localizations {
        // A fresh cell set once never fails.
        let _ = ctx.localization_cell(locale).set(Ok(id));
    }
    ctx.progress.announce().await;

    let mut pending: BTreeMap<SetKey, PendingSet> = BTreeMap::new();
    for shot in &plan.screenshots {
        let key = SetKey {
            locale: shot.locale,
            display_type: shot.display_type,
        };
        let set = pending.entry(key).or_insert_with(|| PendingSet {
            planned: BTreeMap::new(),
            arrived: BTreeMap::new(),
        });
        set.planned.insert(shot.position, shot.clone());
    }

    let mut workers = JoinSet::new();
    let mut open = true;
    let cancelled = loop {
        if !open && workers.is_empty() {
            break false;
        }
        // Past the budget, take more only when nothing running could free bytes.
        let room = ctx.budget.held() < ctx.options.max_bytes_held || workers.is_empty();
        tokio::select! {
            biased;
            () = cancel.cancelled() => break true,
            Some(joined) = workers.join_next(), if !workers.is_empty() => {
                if let Err(error) = joined {
                    tracing::error!(cause = %error, "a set worker stopped unexpectedly");
                }
            }
            incoming = images.recv(), if open && room => match incoming {
                Some(incoming) => {
                    let key = incoming.key.set;
                    let complete = accept(&ctx, &mut pending, incoming).await;
                    if let Some(set) = complete.then(|| pending.remove(&key)).flatten() {
                        let job = SetJob { key, remote: remote_sets.remove(&key), shots: set.arrived };
                        let ctx = Arc::clone(&ctx);
                        let cancel = cancel.clone();
                        let span = tracing::info_span!(
                            "set",
                            locale = %key.locale,
                            display_type = %key.display_type
                        );
                        workers.spawn(
                            async move {
                                cancel.run_until_cancelled(work_set(ctx, job)).await;
                            }
                            .instrument(span),
                        );
                    }
                }
                None => {
                    open = false;
                    for (key, set) in std::mem::take(&mut pending) {
                        give_up_incomplete(&ctx, key, &set).await;
                    }
                }
            },
            () = ctx.budget.released(), if open && !room => {}
        }
    };

    if cancelled {
        workers.abort_all();
    }
    while workers.join_next().await.is_some() {}
    let leftover_phase = if cancelled {
        ScreenshotPhase::Interrupted
    } else {
        ScreenshotPhase::Failed
    };
    ctx.progress.finish_open(leftover_phase).await;

    let stats_after = ctx.client.stats();
    let requests = crate::asc::RequestStats {
        api_requests: stats_after.api_requests - stats_before.api_requests,
        upload_requests: stats_after.upload_requests - stats_before.upload_requests,
        api_bytes_sent: stats_after.api_bytes_sent - stats_before.api_bytes_sent,
        upload_bytes_sent: stats_after.upload_bytes_sent - stats_before.upload_bytes_sent,
        retries: stats_after.retries - stats_before.retries,
        token_refreshes: stats_after.token_refreshes - stats_before.token_refreshes,
    };
    let screenshots = ctx.progress.statuses();
    let failed = screenshots
        .iter()
        .filter(|s| s.phase == ScreenshotPhase::Failed)
        .count();
    let load = |c: &std::sync::atomic::AtomicU32| c.load(Ordering::Relaxed);
    let counts = UploadCounts {
        kept: load(&ctx.counters.kept),
        uploaded: load(&ctx.counters.uploaded),
        deleted: load(&ctx.counters.deleted),
        reordered: load(&ctx.counters.reordered),
        failed: u32::try_from(failed).unwrap_or(u32::MAX),
        asc_requests: u32::try_from(requests.api_requests).unwrap_or(u32::MAX),
        bytes_sent: requests.upload_bytes_sent,
    };
    let problems = ctx
        .problems
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    SyncReport {
        screenshots,
        counts,
        requests,
        cancelled,
        problems,
    }
}

/// Files an arrived screenshot with its set; `true` when the set now has all of them.
async fn accept(
    ctx: &Arc<Context>,
    pending: &mut BTreeMap<SetKey, PendingSet>,
    incoming: IncomingScreenshot,
) -> bool {
    let key = incoming.key;
    let Some(set) = pending.get_mut(&key.set) else {
        tracing::warn!(
            locale = %key.set.locale,
            display_type = %key.set.display_type,
            position = key.position,
            "a screenshot arrived that is not planned, or whose set is already being worked; ignored"
        );
        return false;
    };
    let Some(planned) = set.planned.get(&key.position).cloned() else {
        tracing::warn!(
            position = key.position,
            "a screenshot arrived for an unplanned position; ignored"
        );
        return false;
    };
    let image = incoming.image;
    let phase = if image.normalized {
        ScreenshotPhase::Normalized
    } else {
        ScreenshotPhase::Received
    };
    ctx.progress.set_md5(key, phase, image.md5.to_hex()).await;
    let held = ctx.budget.hold(image.bytes.len() as u64);
    set.arrived.insert(
        key.position,
        Arrived {
            planned,
            image,
            held,
        },
    );
    set.arrived.len() == set.planned.len()
}

/// The bodies of a set never all arrived: the set is left exactly as it was.
async fn give_up_incomplete(ctx: &Context, key: SetKey, set: &PendingSet) {
    for position in set.planned.keys() {
        let shot = super::input::ScreenshotKey {
            set: key,
            position: *position,
        };
        if set.arrived.contains_key(position) {
            ctx.progress.set(shot, ScreenshotPhase::Interrupted).await;
        } else {
            ctx.progress
                .fail(
                    shot,
                    "NOT_RECEIVED",
                    "the screenshot never arrived, so its set was left unchanged".to_owned(),
                )
                .await;
        }
    }
}
