//! Helpers: a sandbox with a client, generated screenshots, running a sync, reading sets back.

#![allow(dead_code)]

use std::io::Cursor;
use std::time::Duration;

use bytes::Bytes;
use image::{Rgb, RgbImage};
use shotbridge::asc::{AscClient, Platform};
use shotbridge::images::{self, NormalizedScreenshot};
use shotbridge::sandbox::seed::demo;
use shotbridge::sandbox::{self, Sandbox, SandboxConfig, WorldSnapshot};
use shotbridge::sync::{
    AppRef, IncomingScreenshot, ScreenshotKey, SyncOptions, SyncPlan, SyncReport, Syncer,
};
use shotbridge_shared::wire::{PlannedScreenshot, ScreenshotStatus, UploadMode};
use shotbridge_shared::{DisplayType, Locale, PixelSize};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

pub async fn start(config: SandboxConfig) -> (Sandbox, AscClient) {
    let sandbox = Sandbox::start(config).await.unwrap();
    let client = client_for(&sandbox);
    (sandbox, client)
}

/// A client for the sandbox with quick retries, so fault tests stay fast.
pub fn client_for(sandbox: &Sandbox) -> AscClient {
    let mut config = sandbox.asc_config().unwrap();
    config.min_backoff = Duration::from_millis(5);
    config.max_backoff = Duration::from_millis(50);
    config.max_retries = 8;
    AscClient::new(config).unwrap()
}

/// Options that keep tests quick: short polls.
pub fn options() -> SyncOptions {
    SyncOptions {
        uploads_in_flight: 4,
        poll_interval: Duration::from_millis(10),
        max_poll_interval: Duration::from_millis(100),
        ..SyncOptions::default()
    }
}

pub fn locale(code: &str) -> Locale {
    Locale::parse(code).unwrap()
}

/// An opaque PNG of `size`, its colour made from `seed` so every seed gives other bytes.
pub fn png(size: PixelSize, seed: u32) -> Bytes {
    let [_, r, g, b] = seed.wrapping_mul(2_654_435_761).to_be_bytes();
    let img = RgbImage::from_pixel(size.width, size.height, Rgb([r, g, b]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    Bytes::from(out.into_inner())
}

pub const IPHONE_69: PixelSize = PixelSize::new(1320, 2868);
pub const IPAD_13: PixelSize = PixelSize::new(2064, 2752);

/// A planned screenshot with its normalized bytes.
#[derive(Debug, Clone)]
pub struct Shot {
    pub planned: PlannedScreenshot,
    pub image: NormalizedScreenshot,
}

pub fn shot(locale_code: &str, display_type: DisplayType, position: u8, bytes: Bytes) -> Shot {
    let image = images::normalize(bytes, Some(display_type)).unwrap();
    let planned = PlannedScreenshot {
        locale: locale(locale_code),
        display_type,
        position,
        file_name: format!("{locale_code}-{display_type}-{position}.png"),
    };
    Shot { planned, image }
}

/// `locales × [6.9" iPhone, 13" iPad] × per_set` distinct screenshots; `salt` changes them all.
pub fn grid(locales: &[&str], per_set: u8, salt: u32) -> Vec<Shot> {
    let mut shots = Vec::new();
    for (l, code) in locales.iter().enumerate() {
        for (d, (display_type, size)) in [
            (DisplayType::APP_IPHONE_67, IPHONE_69),
            (DisplayType::APP_IPAD_PRO_3GEN_129, IPAD_13),
        ]
        .into_iter()
        .enumerate()
        {
            for position in 1..=per_set {
                let seed = salt * 10_000 + (l as u32) * 100 + (d as u32) * 10 + u32::from(position);
                shots.push(shot(code, display_type, position, png(size, seed)));
            }
        }
    }
    shots
}

pub fn plan(shots: &[Shot], mode: UploadMode) -> SyncPlan {
    SyncPlan {
        app: AppRef::BundleId(demo::BUNDLE_ID.to_owned()),
        platform: Platform::Ios,
        version: None,
        mode,
        screenshots: shots.iter().map(|s| s.planned.clone()).collect(),
    }
}

/// Prepares and runs a sync, feeding every screenshot; returns the report and every status sent.
pub async fn sync(
    client: &AscClient,
    shots: &[Shot],
    mode: UploadMode,
) -> (SyncReport, Vec<ScreenshotStatus>) {
    sync_with(client, shots, mode, options()).await
}

/// [`sync`] with other options.
pub async fn sync_with(
    client: &AscClient,
    shots: &[Shot],
    mode: UploadMode,
    options: SyncOptions,
) -> (SyncReport, Vec<ScreenshotStatus>) {
    let prepared = Syncer::new(client.clone(), options)
        .prepare(plan(shots, mode))
        .await
        .unwrap();
    let (images_tx, images_rx) = mpsc::channel(4);
    let (progress_tx, mut progress_rx) = mpsc::channel(16);
    let feed = shots.to_vec();
    tokio::spawn(async move {
        for s in feed {
            let key = ScreenshotKey::of(&s.planned);
            if images_tx
                .send(IncomingScreenshot {
                    key,
                    image: s.image,
                })
                .await
                .is_err()
            {
                break;
            }
        }
    });
    let collector = tokio::spawn(async move {
        let mut all = Vec::new();
        while let Some(status) = progress_rx.recv().await {
            all.push(status);
        }
        all
    });
    let report = prepared
        .run(images_rx, progress_tx, CancellationToken::new())
        .await;
    (report, collector.await.unwrap())
}

/// The editable iOS version of the demo app, as the sandbox holds it now.
pub fn ios_version(world: &WorldSnapshot) -> &sandbox::snapshot::VersionSnapshot {
    world
        .app(demo::BUNDLE_ID)
        .unwrap()
        .versions
        .iter()
        .find(|v| v.id == demo::IOS_VERSION_ID)
        .unwrap()
}

/// Asserts the version holds exactly `shots`: each set in plan order, every screenshot
/// COMPLETE with the planned checksum, no other screenshot, no duplicate localization or set.
pub fn assert_holds_exactly(world: &WorldSnapshot, shots: &[Shot]) {
    let version = ios_version(world);
    let mut locales: Vec<&str> = version
        .localizations
        .iter()
        .map(|l| l.locale.as_str())
        .collect();
    let before = locales.len();
    locales.sort_unstable();
    locales.dedup();
    assert_eq!(
        before,
        locales.len(),
        "duplicate localizations: {locales:?}"
    );

    let mut expected_total = 0;
    let mut sets: std::collections::BTreeMap<(String, DisplayType), Vec<&Shot>> =
        Default::default();
    for s in shots {
        sets.entry((s.planned.locale.code().to_owned(), s.planned.display_type))
            .or_default()
            .push(s);
    }
    for ((code, display_type), mut want) in sets {
        want.sort_by_key(|s| s.planned.position);
        let localization = version
            .localization(&code)
            .unwrap_or_else(|| panic!("no {code}"));
        let count = localization
            .screenshot_sets
            .iter()
            .filter(|s| s.display_type == display_type)
            .count();
        assert_eq!(count, 1, "{code} {display_type}: {count} sets");
        let set = localization.screenshot_set(display_type).unwrap();
        let got: Vec<(Option<String>, sandbox::AssetState)> = set
            .screenshots
            .iter()
            .map(|s| (s.source_file_checksum.clone(), s.state))
            .collect();
        let expected: Vec<(Option<String>, sandbox::AssetState)> = want
            .iter()
            .map(|s| (Some(s.image.md5.to_hex()), sandbox::AssetState::COMPLETE))
            .collect();
        assert_eq!(got, expected, "{code} {display_type}");
        expected_total += want.len();
    }
    let total: usize = version
        .localizations
        .iter()
        .flat_map(|l| &l.screenshot_sets)
        .map(|s| s.screenshots.len())
        .sum();
    assert_eq!(
        total, expected_total,
        "screenshots outside the plan (orphans)"
    );
}
