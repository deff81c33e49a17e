//! ASC's processing going wrong: a screenshot FAILED twice is reported with ASC's code and
//! plain words; one stuck processing past the timeout is sent again once, then reported.

use std::time::Duration;

use shotbridge::sandbox::{Faults, Processing, ProcessingFailures, SandboxConfig};
use shotbridge::sync::SyncOptions;
use shotbridge_shared::DisplayType;
use shotbridge_shared::wire::{ScreenshotPhase, UploadMode};

use super::common::*;

fn one_iphone_shot() -> Vec<Shot> {
    vec![shot(
        "en-US",
        DisplayType::APP_IPHONE_67,
        1,
        png(IPHONE_69, 900),
    )]
}

fn reservations(log: &shotbridge::sandbox::RequestLog) -> usize {
    log.entries
        .iter()
        .filter(|r| r.method == "POST" && r.template == "/v1/appScreenshots")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_twice_is_reported_with_ascs_code_and_deleted() {
    let faults = Faults {
        processing_failures: ProcessingFailures {
            first: 2,
            rate: 0.0,
        },
        ..Faults::default()
    };
    let (sandbox, client) = start(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await;

    let (report, _) = sync(&client, &one_iphone_shot(), UploadMode::Replace).await;

    let failure = report
        .failures()
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    let error = failure.error.as_ref().unwrap();
    assert_eq!(error.code, "IMAGE_TOOL_FAILURE", "{report}");
    assert!(!error.message.is_empty());
    assert_eq!(
        reservations(&sandbox.requests().await),
        2,
        "retried exactly once"
    );
    assert_eq!(
        sandbox.snapshot().await.screenshots().count(),
        0,
        "FAILED ones are deleted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stuck_processing_is_sent_again_once_then_reported_and_left_for_the_next_run() {
    let processing = Processing {
        reads: 1_000_000,
        min_duration: Duration::ZERO,
    };
    let (sandbox, client) = start(SandboxConfig {
        processing,
        ..SandboxConfig::default()
    })
    .await;
    let quick_timeout = SyncOptions {
        processing_timeout: Duration::from_millis(50),
        ..options()
    };

    let (report, _) = sync_with(
        &client,
        &one_iphone_shot(),
        UploadMode::Replace,
        quick_timeout,
    )
    .await;

    let failure = report
        .failures()
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(failure.error.as_ref().unwrap().code, "PROCESSING_TIMEOUT");
    assert_eq!(failure.phase, ScreenshotPhase::Failed);
    assert_eq!(
        reservations(&sandbox.requests().await),
        2,
        "sent again exactly once"
    );
    // The first stuck copy was deleted to make room; the second stays, still processing.
    let world = sandbox.snapshot().await;
    let left: Vec<_> = world.screenshots().collect();
    assert_eq!(left.len(), 1);
    assert_eq!(
        left[0].state,
        shotbridge::sandbox::AssetState::UPLOAD_COMPLETE
    );
}
