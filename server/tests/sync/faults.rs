//! Every kind of fault at once: the sync still ends with every screenshot COMPLETE in the right
//! set and order, with no duplicates and no orphans.

use std::time::Duration;

use shotbridge::sandbox::{Burst, Faults, Latency, ProcessingFailures, SandboxConfig};
use shotbridge_shared::wire::{ScreenshotPhase, UploadMode};

use super::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn converges_through_latency_5xx_drops_429s_part_failures_and_a_failed_processing() {
    let faults = Faults {
        latency: Latency::Range(Duration::from_millis(1), Duration::from_millis(5)),
        server_error_rate: 0.05,
        false_failure_rate: 0.03,
        drop_before_rate: 0.03,
        drop_after_rate: 0.03,
        rate_limit_burst: Some(Burst {
            every: 40,
            length: 3,
            retry_after: Duration::from_secs(1),
        }),
        part_failure_rate: 0.2,
        processing_failures: ProcessingFailures {
            first: 1,
            rate: 0.0,
        },
        ..Faults::default()
    };
    let (sandbox, client) = start(SandboxConfig {
        seed: 7,
        faults,
        ..SandboxConfig::default()
    })
    .await;
    let shots = grid(&["en-US", "de-DE", "ja"], 3, 1);

    let (report, statuses) = sync(&client, &shots, UploadMode::Replace).await;

    assert_eq!(report.counts.failed, 0, "{report}");
    assert!(
        report
            .screenshots
            .iter()
            .all(|s| s.phase == ScreenshotPhase::Complete),
        "{report}"
    );
    assert_eq!(report.counts.uploaded, 18, "{report}");
    assert_holds_exactly(&sandbox.snapshot().await, &shots);

    let log = sandbox.requests().await;
    // Retries and re-reads after faults still speak Apple's documented API.
    assert!(super::contract::assert_sandbox_log_valid(&log) > 0);
    let injected = &log.counters.faults;
    use shotbridge::sandbox::FaultKind;
    let wanted = [
        FaultKind::ServerError,
        FaultKind::RateLimitBurst,
        FaultKind::PartFailure,
        FaultKind::ProcessingFailure,
    ];
    for kind in wanted {
        assert!(
            injected.get(&kind).is_some_and(|n| *n > 0),
            "{kind:?} was never injected: the test proves nothing"
        );
    }
    // Progress went out for every screenshot, ending in Complete.
    for s in &shots {
        let last = statuses.iter().rev().find(|st| {
            st.locale == s.planned.locale
                && st.display_type == s.planned.display_type
                && st.position == s.planned.position
        });
        assert_eq!(last.map(|st| st.phase), Some(ScreenshotPhase::Complete));
    }
}
