//! Real screenshots (MIT fixtures) plus generated ones for the other sizes and kinds, read from
//! a fastlane folder and synced into the sandbox under the right display types.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{Rgb, RgbImage, Rgba, RgbaImage};
use shotbridge::asc::Platform;
use shotbridge::sandbox::SandboxConfig;
use shotbridge::sandbox::seed::demo;
use shotbridge::sync::{AppRef, IncomingScreenshot, SyncPlan, Syncer, folder};
use shotbridge_shared::wire::{ScreenshotPhase, UploadMode};
use shotbridge_shared::{DisplayType, PixelSize};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::common::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/screenshots")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn write_png(path: &Path, size: PixelSize, seed: u8) {
    RgbImage::from_pixel(size.width, size.height, Rgb([seed, 90, 160]))
        .save_with_format(path, image::ImageFormat::Png)
        .unwrap();
}

fn write_jpeg(path: &Path, size: PixelSize) {
    let mut out = Cursor::new(Vec::new());
    RgbImage::from_pixel(size.width, size.height, Rgb([20, 200, 80]))
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    std::fs::write(path, out.into_inner()).unwrap();
}

fn write_transparent_png(path: &Path, size: PixelSize) {
    // Rounded-corner style: the top rows fully transparent, the rest opaque.
    let img = RgbaImage::from_fn(size.width, size.height, |_, y| {
        if y < 40 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([30, 30, 30, 255])
        }
    });
    img.save_with_format(path, image::ImageFormat::Png).unwrap();
}

/// The fixtures' iOS folder plus generated files: `ja` gets one screenshot of every other
/// iPhone size (names with spaces, a JPEG, a landscape one), an ambiguous iPad size and real
/// transparency; `en-GB` gets the unframed twin of its framed file, which must be left out.
fn ios_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("ios"), dir.path());
    let ja = dir.path().join("ja");
    std::fs::create_dir_all(&ja).unwrap();
    write_png(
        &ja.join("iPhone 11 Pro Max 01.png"),
        PixelSize::new(1242, 2688),
        1,
    );
    write_png(
        &ja.join("iPhone 16 Pro 01.PNG"),
        PixelSize::new(1206, 2622),
        2,
    );
    write_jpeg(&ja.join("iPhone 13 01.jpeg"), PixelSize::new(1170, 2532));
    write_png(
        &ja.join("iPhone 8 Plus 01.png"),
        PixelSize::new(1242, 2208),
        3,
    );
    write_png(
        &ja.join("iPhone 16 Pro Max landscape 02.png"),
        PixelSize::new(2868, 1320),
        4,
    );
    write_transparent_png(
        &ja.join("iPhone 16 Pro Max 01.png"),
        PixelSize::new(1320, 2868),
    );
    write_png(
        &ja.join("iPad Pro 12.9 01.png"),
        PixelSize::new(2048, 2732),
        5,
    );
    write_png(
        &dir.path().join("en-GB").join("01_screenshot.png"),
        PixelSize::new(1290, 2796),
        6,
    );
    dir
}

async fn run_folder(
    client: &shotbridge::asc::AscClient,
    shots: Vec<folder::LocalScreenshot>,
    platform: Platform,
) -> shotbridge::sync::SyncReport {
    let plan = SyncPlan {
        app: AppRef::BundleId(demo::BUNDLE_ID.to_owned()),
        platform,
        version: None,
        mode: UploadMode::Replace,
        screenshots: folder::plan(&shots),
    };
    let prepared = Syncer::new(client.clone(), options())
        .prepare(plan)
        .await
        .unwrap();
    let (images_tx, images_rx): (mpsc::Sender<IncomingScreenshot>, _) = mpsc::channel(2);
    let (progress_tx, mut progress_rx) = mpsc::channel(16);
    let feeder = tokio::spawn(folder::feed(shots, images_tx));
    tokio::spawn(async move { while progress_rx.recv().await.is_some() {} });
    let report = prepared
        .run(images_rx, progress_tx, CancellationToken::new())
        .await;
    assert!(feeder.await.unwrap().is_empty());
    report
}

#[test]
fn the_ambiguous_ipad_size_needs_an_explicit_display_type() {
    let dir = ios_folder();
    std::fs::create_dir_all(dir.path().join("default")).unwrap();
    let problems = folder::scan(dir.path(), None).unwrap_err();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{text:#?}");
    assert!(
        text.iter()
            .any(|t| t.contains("iPad Pro 12.9 01.png") && t.contains("APP_IPAD_PRO_129")),
        "{text:#?}"
    );
    assert!(text.iter().any(|t| t.starts_with("default: ")), "{text:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_and_generated_screenshots_land_in_the_right_sets() {
    let dir = ios_folder();
    let shots = folder::scan(dir.path(), Some(DisplayType::APP_IPAD_PRO_129)).unwrap();
    let got: BTreeMap<(String, DisplayType), Vec<String>> =
        shots.iter().fold(BTreeMap::new(), |mut m, s| {
            m.entry((s.planned.locale.code().to_owned(), s.planned.display_type))
                .or_insert_with(Vec::new)
                .push(s.planned.file_name.clone());
            m
        });
    use DisplayType::*;
    let want: BTreeMap<(String, DisplayType), Vec<String>> = [
        (("en-GB", APP_IPHONE_67), vec!["01_screenshot_framed.png"]),
        (("en-US", APP_IPHONE_67), vec!["2_APP_IPHONE_67_2.png.png"]),
        (
            ("en-US", APP_IPAD_PRO_3GEN_129),
            vec!["0_APP_IPAD_PRO_3GEN_129_0.png"],
        ),
        (("ja", APP_IPHONE_65), vec!["iPhone 11 Pro Max 01.png"]),
        (("ja", APP_IPHONE_61), vec!["iPhone 16 Pro 01.PNG"]),
        (("ja", APP_IPHONE_58), vec!["iPhone 13 01.jpeg"]),
        (("ja", APP_IPHONE_55), vec!["iPhone 8 Plus 01.png"]),
        (
            ("ja", APP_IPHONE_67),
            vec![
                "iPhone 16 Pro Max 01.png",
                "iPhone 16 Pro Max landscape 02.png",
            ],
        ),
        (("ja", APP_IPAD_PRO_129), vec!["iPad Pro 12.9 01.png"]),
    ]
    .into_iter()
    .map(|((l, t), files)| {
        (
            (l.to_owned(), t),
            files.into_iter().map(str::to_owned).collect(),
        )
    })
    .collect();
    assert_eq!(got, want);

    let (sandbox, client) = start(SandboxConfig::default()).await;
    let report = run_folder(&client, shots.clone(), Platform::Ios).await;
    assert!(
        report
            .screenshots
            .iter()
            .all(|s| s.phase == ScreenshotPhase::Complete),
        "{report}"
    );

    // Every set holds the files' normalized bytes, COMPLETE (so flattened RGBA passed ASC's
    // alpha check), in file-name order.
    let world = sandbox.snapshot().await;
    let version = ios_version(&world);
    for ((code, display_type), files) in &want {
        let set = version
            .localization(code)
            .and_then(|l| l.screenshot_set(*display_type))
            .unwrap();
        let names: Vec<_> = set
            .screenshots
            .iter()
            .map(|s| s.file_name.clone())
            .collect();
        assert_eq!(&names, files, "{code} {display_type}");
        assert!(
            set.screenshots
                .iter()
                .all(|s| s.state == shotbridge::sandbox::AssetState::COMPLETE)
        );
    }
    let flattened = report
        .screenshots
        .iter()
        .filter(|s| s.file_name.contains("framed") || s.file_name == "iPhone 16 Pro Max 01.png");
    for status in flattened {
        let local = shots
            .iter()
            .find(|s| s.planned.file_name == status.file_name)
            .unwrap();
        let original = shotbridge::images::Md5::of(&std::fs::read(&local.path).unwrap()).to_hex();
        assert_ne!(
            status.md5.as_deref(),
            Some(original.as_str()),
            "{} was sent with its alpha channel",
            status.file_name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mac_screenshot_goes_to_the_mac_version() {
    let shots = folder::scan(&fixtures().join("macos"), None).unwrap();
    assert_eq!(shots[0].planned.display_type, DisplayType::APP_DESKTOP);
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let report = run_folder(&client, shots, Platform::MacOs).await;
    assert_eq!(report.counts.uploaded, 1, "{report}");
    let world = sandbox.snapshot().await;
    let mac = world
        .app(demo::BUNDLE_ID)
        .unwrap()
        .versions
        .iter()
        .find(|v| v.id == demo::MAC_VERSION_ID)
        .unwrap();
    let set = mac
        .localization("en-US")
        .and_then(|l| l.screenshot_set(DisplayType::APP_DESKTOP))
        .unwrap();
    assert_eq!(
        set.screenshots[0].state,
        shotbridge::sandbox::AssetState::COMPLETE
    );
}
