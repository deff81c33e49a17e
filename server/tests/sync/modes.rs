//! Replace makes a set equal to the plan; append adds after what is there; leftovers of an
//! interrupted run are cleaned up; identical screenshots are kept in both modes.

use shotbridge::sandbox::seed::demo;
use shotbridge::sandbox::{
    AppSeed, LocalizationSeed, Platform as SandboxPlatform, SandboxConfig, ScreenshotSeed,
    ScreenshotSetSeed, VersionSeed, WorldSeed,
};
use shotbridge_shared::DisplayType;
use shotbridge_shared::wire::UploadMode;

use super::common::*;

/// The demo app with an en-US iPhone set holding `existing` (in order).
fn world_with(existing: &[(&str, bytes::Bytes)]) -> WorldSeed {
    let mut set = ScreenshotSetSeed::new("set-en-67", DisplayType::APP_IPHONE_67);
    for (id, bytes) in existing {
        set = set.screenshot(ScreenshotSeed::new(
            id,
            &format!("{id}.png"),
            bytes.to_vec(),
        ));
    }
    WorldSeed::empty().app(
        AppSeed::new(demo::APP_ID, "Demo", demo::BUNDLE_ID).version(
            VersionSeed::new(demo::IOS_VERSION_ID, SandboxPlatform::IOS, "1.1")
                .localization(LocalizationSeed::new("loc-en", "en-US").screenshot_set(set)),
        ),
    )
}

fn iphone(position: u8, seed: u32) -> Shot {
    shot(
        "en-US",
        DisplayType::APP_IPHONE_67,
        position,
        png(IPHONE_69, seed),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replace_keeps_identical_deletes_extras_and_orders_by_plan() {
    let (a, b, old) = (iphone(1, 101), iphone(2, 102), iphone(3, 199));
    // ASC holds old, b, a; the plan wants a, b, c.
    let world = world_with(&[
        ("old", old.image.bytes.clone()),
        ("b", b.image.bytes.clone()),
        ("a", a.image.bytes.clone()),
    ]);
    let (sandbox, client) = start(SandboxConfig {
        world,
        ..SandboxConfig::default()
    })
    .await;
    let shots = vec![a, b, iphone(3, 103)];

    let (report, _) = sync(&client, &shots, UploadMode::Replace).await;

    assert_eq!(
        (
            report.counts.kept,
            report.counts.uploaded,
            report.counts.deleted
        ),
        (2, 1, 1),
        "{report}"
    );
    assert_eq!(report.counts.reordered, 1);
    // Deleting, reordering and uploading all speak Apple's documented API.
    assert!(super::contract::assert_sandbox_log_valid(&sandbox.requests().await) > 0);
    let world = sandbox.snapshot().await;
    assert_holds_exactly(&world, &shots);
    let ids: Vec<_> = ios_version(&world).localizations[0].screenshot_sets[0]
        .screenshots
        .iter()
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(
        &ids[..2],
        ["a", "b"],
        "identical screenshots are kept, not re-sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn append_adds_after_what_is_there_and_skips_identical() {
    let (x, a) = (iphone(1, 201), iphone(1, 202));
    let world = world_with(&[("x", x.image.bytes.clone()), ("a", a.image.bytes.clone())]);
    let (sandbox, client) = start(SandboxConfig {
        world,
        ..SandboxConfig::default()
    })
    .await;
    let new = iphone(2, 203);

    let (report, _) = sync(&client, &[a.clone(), new.clone()], UploadMode::Append).await;

    assert_eq!(
        (
            report.counts.kept,
            report.counts.uploaded,
            report.counts.deleted
        ),
        (1, 1, 0),
        "{report}"
    );
    let world = sandbox.snapshot().await;
    let set = &ios_version(&world).localizations[0].screenshot_sets[0];
    let md5s: Vec<_> = set
        .screenshots
        .iter()
        .map(|s| s.source_file_checksum.clone().unwrap())
        .collect();
    assert_eq!(
        md5s,
        [
            x.image.md5.to_hex(),
            a.image.md5.to_hex(),
            new.image.md5.to_hex()
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn append_to_a_full_set_fails_the_extra_screenshot_only() {
    let existing: Vec<(String, bytes::Bytes)> = (0..10)
        .map(|n| (format!("e{n}"), png(IPHONE_69, 300 + n)))
        .collect();
    let refs: Vec<(&str, bytes::Bytes)> = existing
        .iter()
        .map(|(id, b)| (id.as_str(), b.clone()))
        .collect();
    let (sandbox, client) = start(SandboxConfig {
        world: world_with(&refs),
        ..SandboxConfig::default()
    })
    .await;

    let (report, _) = sync(&client, &[iphone(1, 399)], UploadMode::Append).await;

    assert_eq!(report.counts.failed, 1);
    let failure = report.failures().next().unwrap();
    assert_eq!(failure.error.as_ref().unwrap().code, "SET_FULL");
    assert_eq!(sandbox.snapshot().await.screenshots().count(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_memory_budget_smaller_than_one_screenshot_still_completes() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let shots = grid(&["en-US", "sv"], 2, 7);
    let tight = shotbridge::sync::SyncOptions {
        max_bytes_held: 1,
        uploads_in_flight: 1,
        ..options()
    };

    let (report, _) = sync_with(&client, &shots, UploadMode::Replace, tight).await;

    assert_eq!(report.counts.uploaded, 8, "{report}");
    assert_holds_exactly(&sandbox.snapshot().await, &shots);
}
