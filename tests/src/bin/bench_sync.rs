//! Sync benchmark: 10 locales × 2 display types × 5 screenshots into the sandbox at 50 ms
//! latency per request. Prints wall time against the lower bound, requests per uploaded
//! screenshot, requests of the unchanged re-run, peak memory and normalization time.
//!
//! Run: `cargo run -p shotbridge-tests --bin bench_sync` (add `--release` for release figures).

use std::io::Cursor;
use std::time::{Duration, Instant};

use bytes::Bytes;
use image::{Rgb, RgbImage, Rgba, RgbaImage};
use secrecy::ExposeSecret;
use shotbridge::asc::{AscClient, AscConfig, Credentials, Platform};
use shotbridge::images;
use shotbridge::sandbox::seed::demo;
use shotbridge::sandbox::{Faults, Latency, Sandbox, SandboxConfig};
use shotbridge::sync::{
    AppRef, IncomingScreenshot, ScreenshotKey, SyncOptions, SyncPlan, SyncReport, Syncer,
};
use shotbridge_shared::wire::{PlannedScreenshot, UploadMode};
use shotbridge_shared::{DisplayType, Locale, PixelSize};
use std::path::Path;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

const LOCALES: [&str; 10] = [
    "en-US", "de-DE", "fr-FR", "ja", "ko", "es-ES", "it", "pt-BR", "zh-Hans", "nl-NL",
];
const PER_SET: u8 = 5;
const LATENCY: Duration = Duration::from_millis(50);
const UPLOADS_IN_FLIGHT: usize = 8;

/// A screenshot-like image: flat gradients with bands of fine detail (text), so it compresses
/// roughly like a real one.
fn screenshot(size: PixelSize, seed: u32) -> Bytes {
    let detail = |x: u32, y: u32| {
        if (y / 24).is_multiple_of(6) && (x / 300).is_multiple_of(2) {
            ((x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663) ^ seed) % 97) as u8
        } else {
            0
        }
    };
    let mut out = Cursor::new(Vec::new());
    RgbImage::from_fn(size.width, size.height, |x, y| {
        Rgb([
            (y / 12) as u8,
            ((x / 6) as u8).wrapping_add(detail(x, y)),
            seed as u8,
        ])
    })
    .write_to(&mut out, image::ImageFormat::Png)
    .expect("encode");
    Bytes::from(out.into_inner())
}

/// Milliseconds to normalize `bytes` (averaged over a few rounds) and the size sent, in KB.
fn normalize_ms(bytes: &Bytes, display_type: Option<DisplayType>) -> (f64, usize) {
    let rounds = 3;
    let started = Instant::now();
    let mut sent = 0;
    for _ in 0..rounds {
        sent = images::normalize(bytes.clone(), display_type)
            .expect("normalize")
            .bytes
            .len();
    }
    (
        started.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds),
        sent / 1000,
    )
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn client_for(sandbox: &Sandbox) -> AscClient {
    let given = sandbox.credentials();
    let credentials = Credentials {
        issuer_id: given.issuer_id.clone(),
        key_id: given.key_id.clone(),
        private_key: given.private_key_pem.expose_secret().to_owned().into(),
    };
    let key = credentials.into_key().expect("sandbox key");
    AscClient::new(AscConfig::new(sandbox.base_url().as_str(), key).expect("config"))
        .expect("client")
}

async fn sync(
    client: &AscClient,
    shots: &[(PlannedScreenshot, images::NormalizedScreenshot)],
) -> SyncReport {
    let options = SyncOptions {
        uploads_in_flight: UPLOADS_IN_FLIGHT,
        poll_interval: Duration::from_millis(100),
        max_poll_interval: Duration::from_secs(1),
        ..SyncOptions::default()
    };
    let plan = SyncPlan {
        app: AppRef::BundleId(demo::BUNDLE_ID.to_owned()),
        platform: Platform::Ios,
        version: None,
        mode: UploadMode::Replace,
        screenshots: shots.iter().map(|(p, _)| p.clone()).collect(),
    };
    let prepared = Syncer::new(client.clone(), options)
        .prepare(plan)
        .await
        .expect("prepare");
    let (tx, rx) = mpsc::channel(4);
    let (progress_tx, mut progress_rx) = mpsc::channel(64);
    let feed = shots.to_vec();
    tokio::spawn(async move {
        for (planned, image) in feed {
            let _ = tx
                .send(IncomingScreenshot {
                    key: ScreenshotKey::of(&planned),
                    image,
                })
                .await;
        }
    });
    tokio::spawn(async move { while progress_rx.recv().await.is_some() {} });
    prepared
        .run(rx, progress_tx, CancellationToken::new())
        .await
}

#[tokio::main]
async fn main() {
    // Normalization time: opaque PNGs are checked and hashed; RGBA ones flattened and re-encoded.
    let sizes = [
        (DisplayType::APP_IPHONE_67, PixelSize::new(1320, 2868)),
        (
            DisplayType::APP_IPAD_PRO_3GEN_129,
            PixelSize::new(2064, 2752),
        ),
    ];
    let mut shots = Vec::new();
    let (mut opaque_time, mut opaque_n) = (Duration::ZERO, 0u32);
    for (l, code) in LOCALES.iter().enumerate() {
        for (d, (display_type, size)) in sizes.iter().enumerate() {
            for position in 1..=PER_SET {
                let seed = (l * 100 + d * 10 + usize::from(position)) as u32;
                let bytes = screenshot(*size, seed);
                let started = Instant::now();
                let image = images::normalize(bytes, Some(*display_type)).expect("normalize");
                opaque_time += started.elapsed();
                opaque_n += 1;
                let locale = Locale::parse(code).expect("locale");
                let planned = PlannedScreenshot {
                    locale,
                    display_type: *display_type,
                    position,
                    file_name: format!("{code}-{position}.png"),
                };
                shots.push((planned, image));
            }
        }
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/screenshots/ios");
    let read = |name: &str| Bytes::from(std::fs::read(fixtures.join(name)).expect("fixture"));
    let real_rgb = normalize_ms(&read("en-US/2_APP_IPHONE_67_2.png.png"), None);
    let real_rgba = normalize_ms(&read("en-GB/01_screenshot_framed.png"), None);
    let transparent = {
        let img = RgbaImage::from_fn(1320, 2868, |x, y| {
            Rgba([
                (x / 6) as u8,
                (y / 12) as u8,
                90,
                if y < 60 { 0 } else { 255 },
            ])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png)
            .expect("encode");
        normalize_ms(&Bytes::from(out.into_inner()), None)
    };
    let total_bytes: usize = shots.iter().map(|(_, i)| i.bytes.len()).sum();

    let faults = Faults {
        latency: Latency::Fixed(LATENCY),
        ..Faults::default()
    };
    let sandbox = Sandbox::start(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let client = client_for(&sandbox);

    let started = Instant::now();
    let first = sync(&client, &shots).await;
    let wall = started.elapsed();
    assert_eq!(first.counts.uploaded as usize, shots.len(), "{first}");
    let rerun = sync(&client, &shots).await;

    let n = shots.len() as u64;
    let sets = (LOCALES.len() * sizes.len()) as u64;
    let rounds_needed = n.div_ceil(UPLOADS_IN_FLIGHT as u64);
    // Sequential round trips no schedule can avoid: app, version, localizations, sets (4);
    // create localization then set (2); reserve → PUT → commit per screenshot, 8 at a time
    // (3 per round); two polls, since the sandbox shows UPLOAD_COMPLETE to the first read after
    // a commit (2). Plus the two pauses before those polls (100 ms, then 200 ms).
    let bound_trips = 4 + 2 + 3 * rounds_needed + 2;
    let poll_pauses = Duration::from_millis(300);
    let bound = LATENCY * bound_trips as u32 + poll_pauses;
    println!(
        "sync benchmark: {} locales × {} display types × {PER_SET} = {n} screenshots ({:.1} MB), {} ms latency, {UPLOADS_IN_FLIGHT} uploads in flight",
        LOCALES.len(),
        sizes.len(),
        total_bytes as f64 / 1e6,
        LATENCY.as_millis()
    );
    println!("wall time:                 {:.2} s", wall.as_secs_f64());
    println!(
        "lower bound:               {:.2} s = {} ms × (4 reads + 2 creates + 3 × ⌈{n}/{UPLOADS_IN_FLIGHT}⌉ upload round trips + 2 polls) = {} round trips, + {} ms of poll pauses",
        bound.as_secs_f64(),
        LATENCY.as_millis(),
        bound_trips,
        poll_pauses.as_millis()
    );
    println!(
        "API requests:              {} ({:.2} per uploaded screenshot; {sets} sets), upload PUTs {}",
        first.requests.api_requests,
        first.requests.api_requests as f64 / n as f64,
        first.requests.upload_requests
    );
    println!(
        "unchanged re-run:          {} API requests, {} uploaded, {} kept",
        rerun.requests.api_requests, rerun.counts.uploaded, rerun.counts.kept
    );
    println!(
        "peak RSS (VmHWM):          {} MiB (whole process: sandbox included, holding every upload)",
        peak_rss_kib().unwrap_or(0) / 1024
    );
    println!(
        "normalize, opaque PNG:     {:.1} ms per screenshot (header, checks, MD5; bytes kept)",
        opaque_time.as_secs_f64() * 1000.0 / f64::from(opaque_n)
    );
    println!(
        "normalize, real RGB PNG 1290×2796 (607 KB):    {:.1} ms (kept as is, {} KB sent)",
        real_rgb.0, real_rgb.1
    );
    println!(
        "normalize, real RGBA PNG 1290×2796 (2.4 MB):   {:.1} ms (alpha channel dropped, re-encoded: {} KB sent)",
        real_rgba.0, real_rgba.1
    );
    println!(
        "normalize, RGBA 1320×2868 with transparency:  {:.1} ms (flattened onto white, re-encoded: {} KB sent)",
        transparent.0, transparent.1
    );
    sandbox.shutdown().await;
}
