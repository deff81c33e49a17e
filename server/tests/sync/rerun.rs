//! Running again with nothing changed sends nothing and reads as little as the API allows;
//! a dry run reads only; a bad plan is refused before any request.

use shotbridge::sandbox::SandboxConfig;
use shotbridge::sync::{PlanError, SyncError, Syncer};
use shotbridge_shared::wire::{ScreenshotPhase, UploadMode};

use super::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_rerun_uploads_nothing_and_reads_once_per_localization() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let shots = grid(&["en-US", "fr-FR"], 2, 2);
    let (first, _) = sync(&client, &shots, UploadMode::Replace).await;
    assert_eq!(first.counts.uploaded, 8, "{first}");
    let before = sandbox.requests().await.entries.len();

    let (second, _) = sync(&client, &shots, UploadMode::Replace).await;

    assert_eq!(
        (
            second.counts.uploaded,
            second.counts.deleted,
            second.counts.reordered
        ),
        (0, 0, 0)
    );
    assert_eq!(second.counts.kept, 8);
    assert!(
        second
            .screenshots
            .iter()
            .all(|s| s.phase == ScreenshotPhase::Skipped)
    );
    let log = sandbox.requests().await;
    let rerun = &log.entries[before..];
    let summary: Vec<String> = rerun
        .iter()
        .map(|r| format!("{} {}", r.method, r.template))
        .collect();
    assert!(rerun.iter().all(|r| r.method == "GET"), "{summary:#?}");
    // The app, the version, the version's localizations, then one read per localization.
    assert_eq!(rerun.len(), 3 + 2, "{summary:#?}");
    assert_eq!(second.requests.api_requests, 5);
    assert_holds_exactly(&sandbox.snapshot().await, &shots);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_reads_only_and_tells_what_would_change() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let shots = grid(&["en-US", "ja"], 2, 3);
    let prepared = Syncer::new(client.clone(), options())
        .prepare(plan(&shots, UploadMode::Replace))
        .await
        .unwrap();
    let md5s = shots
        .iter()
        .map(|s| (shotbridge::sync::ScreenshotKey::of(&s.planned), s.image.md5))
        .collect();

    let preview = prepared.preview(&md5s);

    assert_eq!(preview.totals(), (0, 8, 0, 0, 0));
    assert!(
        preview.sets.iter().any(|s| s.creates_localization),
        "ja must be created"
    );
    assert!(!preview.writes_nothing());
    assert!(preview.to_string().contains("nothing was changed"));
    let log = sandbox.requests().await;
    assert!(
        log.entries.iter().all(|r| r.method == "GET"),
        "a dry run wrote something"
    );
    assert_eq!(sandbox.snapshot().await.screenshots().count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_with_gaps_is_refused_before_anything_is_sent() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let mut shots = grid(&["en-US"], 3, 4);
    shots.retain(|s| s.planned.position != 2);
    let err = Syncer::new(client, options())
        .prepare(plan(&shots, UploadMode::Replace))
        .await
        .unwrap_err();
    let SyncError::Plan(problems) = &err else {
        panic!("{err}")
    };
    assert!(
        problems
            .0
            .iter()
            .all(|p| matches!(p, PlanError::Positions { .. })),
        "{err}"
    );
    assert_eq!(problems.0.len(), 2, "both sets have the gap: {err}");
    assert!(err.is_bad_input());
    assert!(sandbox.requests().await.entries.is_empty());
}
