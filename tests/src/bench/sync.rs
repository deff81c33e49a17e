//! Sync benchmark: 10 locales × 2 display types × 5 screenshots into the sandbox at 50 ms
//! latency per request. Measures wall time against its lower bound, requests per uploaded
//! screenshot, requests of the unchanged re-run, peak memory and normalization time.

use std::fmt;
use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use bytes::Bytes;
use image::{Rgb, RgbImage, Rgba, RgbaImage};
use shotbridge::asc::{AscClient, Platform};
use shotbridge::images;
use shotbridge::sandbox::seed::demo;
use shotbridge::sandbox::{Faults, Latency, Sandbox, SandboxConfig};
use shotbridge::sync::{
    AppRef, IncomingScreenshot, ScreenshotKey, SyncOptions, SyncPlan, SyncReport, Syncer,
};
use shotbridge_shared::wire::{PlannedScreenshot, UploadMode};
use shotbridge_shared::{DisplayType, Locale, PixelSize};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::peak_rss_kib;

const LOCALES: [&str; 10] = [
    "en-US", "de-DE", "fr-FR", "ja", "ko", "es-ES", "it", "pt-BR", "zh-Hans", "nl-NL",
];
const PER_SET: u8 = 5;
const LATENCY: Duration = Duration::from_millis(50);
const UPLOADS_IN_FLIGHT: usize = 8;
/// The two display types synced, at the pixel size each set's screenshots are drawn in.
const SIZES: [(DisplayType, PixelSize); 2] = [
    (DisplayType::APP_IPHONE_67, PixelSize::new(1320, 2868)),
    (
        DisplayType::APP_IPAD_PRO_3GEN_129,
        PixelSize::new(2064, 2752),
    ),
];

/// What the sync benchmark measured.
#[derive(Debug, Clone)]
pub struct SyncFigures {
    /// Screenshots synced (and uploaded by the first run).
    pub screenshots: u64,
    /// Screenshot sets they fill (locales × display types).
    pub sets: u64,
    /// Normalized bytes of all screenshots, what the first run uploads.
    pub total_bytes: usize,
    /// Wall time of the first sync into the empty sandbox.
    pub wall: Duration,
    pub lower_bound: LowerBound,
    /// ASC API requests of the first sync (upload PUTs not included).
    pub api_requests: u64,
    /// Upload-operation PUTs of the first sync.
    pub upload_requests: u64,
    /// ASC API requests of the second sync of the same screenshots.
    pub rerun_api_requests: u64,
    pub rerun_uploaded: u32,
    pub rerun_kept: u32,
    /// VmHWM of the process after both syncs (sandbox included), if `/proc` tells it.
    pub peak_rss_kib: Option<u64>,
    /// Mean time to normalize one generated opaque PNG (checks and MD5, bytes kept).
    pub normalize_opaque: Duration,
    /// The real opaque RGB fixture, kept as is.
    pub normalize_real_rgb: Normalization,
    /// The real RGBA fixture, alpha channel dropped and re-encoded.
    pub normalize_real_rgba: Normalization,
    /// A generated RGBA image with transparency, flattened onto white and re-encoded.
    pub normalize_transparent: Normalization,
}

/// Sequential round trips no schedule can avoid, at the injected latency.
#[derive(Debug, Clone, Copy)]
pub struct LowerBound {
    pub latency: Duration,
    /// Rounds of `uploads_in_flight` uploads: ⌈screenshots / uploads_in_flight⌉.
    pub upload_rounds: u64,
    pub uploads_in_flight: usize,
    /// 4 reads + 2 creates + 3 per upload round + 2 polls.
    pub round_trips: u64,
    /// The pauses before the two polls.
    pub poll_pauses: Duration,
}

impl LowerBound {
    fn for_screenshots(screenshots: u64) -> Self {
        let upload_rounds = screenshots.div_ceil(UPLOADS_IN_FLIGHT as u64);
        // App, version, localizations, sets (4); create localization then set (2); reserve →
        // PUT → commit per screenshot, 8 at a time (3 per round); two polls, since the sandbox
        // shows UPLOAD_COMPLETE to the first read after a commit (2). Plus the two pauses
        // before those polls (100 ms, then 200 ms).
        Self {
            latency: LATENCY,
            upload_rounds,
            uploads_in_flight: UPLOADS_IN_FLIGHT,
            round_trips: 4 + 2 + 3 * upload_rounds + 2,
            poll_pauses: Duration::from_millis(300),
        }
    }

    pub fn total(&self) -> Duration {
        self.latency * self.round_trips as u32 + self.poll_pauses
    }

    /// How the bound is made, e.g. `50 ms × (4 reads + … + 2 polls) = 45 round trips + 300 ms`.
    pub fn formula(&self, screenshots: u64) -> String {
        format!(
            "{} ms × (4 reads + 2 creates + 3 × ⌈{screenshots}/{}⌉ upload round trips + 2 polls) = {} round trips, + {} ms of poll pauses",
            self.latency.as_millis(),
            self.uploads_in_flight,
            self.round_trips,
            self.poll_pauses.as_millis()
        )
    }
}

/// Time to normalize one image (mean of a few rounds) and the size it sends.
#[derive(Debug, Clone, Copy)]
pub struct Normalization {
    pub time: Duration,
    pub sent_kb: usize,
}

impl Normalization {
    pub fn ms(&self) -> f64 {
        self.time.as_secs_f64() * 1000.0
    }
}

/// Runs the benchmark: normalizes the screenshots, syncs them into an empty sandbox, then syncs
/// them again unchanged.
pub async fn run() -> anyhow::Result<SyncFigures> {
    let (shots, normalize_opaque) = planned_screenshots()?;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/screenshots/ios");
    let read = |name: &str| -> anyhow::Result<Bytes> {
        let path = fixtures.join(name);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        Ok(Bytes::from(bytes))
    };
    let normalize_real_rgb = normalization(&read("en-US/2_APP_IPHONE_67_2.png.png")?)?;
    let normalize_real_rgba = normalization(&read("en-GB/01_screenshot_framed.png")?)?;
    let transparent = RgbaImage::from_fn(1320, 2868, |x, y| {
        Rgba([
            (x / 6) as u8,
            (y / 12) as u8,
            90,
            if y < 60 { 0 } else { 255 },
        ])
    });
    let normalize_transparent = normalization(&encode_png(&transparent)?)?;
    let total_bytes = shots.iter().map(|(_, i)| i.bytes.len()).sum();

    let faults = Faults {
        latency: Latency::Fixed(LATENCY),
        ..Faults::default()
    };
    let sandbox = Sandbox::start(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await
    .context("starting the sandbox")?;
    let client = client_for(&sandbox)?;

    let started = Instant::now();
    let first = sync(&client, &shots).await?;
    let wall = started.elapsed();
    ensure!(first.counts.uploaded as usize == shots.len(), "{first}");
    let rerun = sync(&client, &shots).await?;
    sandbox.shutdown().await;

    let screenshots = shots.len() as u64;
    Ok(SyncFigures {
        screenshots,
        sets: (LOCALES.len() * SIZES.len()) as u64,
        total_bytes,
        wall,
        lower_bound: LowerBound::for_screenshots(screenshots),
        api_requests: first.requests.api_requests,
        upload_requests: first.requests.upload_requests,
        rerun_api_requests: rerun.requests.api_requests,
        rerun_uploaded: rerun.counts.uploaded,
        rerun_kept: rerun.counts.kept,
        peak_rss_kib: peak_rss_kib(),
        normalize_opaque,
        normalize_real_rgb,
        normalize_real_rgba,
        normalize_transparent,
    })
}

/// Every screenshot of the plan, normalized, and the mean time normalizing one took. Opaque
/// PNGs are checked and hashed; nothing is re-encoded.
fn planned_screenshots() -> anyhow::Result<(
    Vec<(PlannedScreenshot, images::NormalizedScreenshot)>,
    Duration,
)> {
    let mut shots = Vec::new();
    let mut normalizing = Duration::ZERO;
    for (l, code) in LOCALES.iter().enumerate() {
        let locale = Locale::parse(code)?;
        for (d, (display_type, size)) in SIZES.iter().enumerate() {
            for position in 1..=PER_SET {
                let seed = (l * 100 + d * 10 + usize::from(position)) as u32;
                let bytes = screenshot(*size, seed)?;
                let started = Instant::now();
                let image = images::normalize(bytes, Some(*display_type))?;
                normalizing += started.elapsed();
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
    let mean = normalizing / u32::try_from(shots.len())?;
    Ok((shots, mean))
}

/// A screenshot-like image: flat gradients with bands of fine detail (text), so it compresses
/// roughly like a real one.
fn screenshot(size: PixelSize, seed: u32) -> anyhow::Result<Bytes> {
    let detail = |x: u32, y: u32| {
        if (y / 24).is_multiple_of(6) && (x / 300).is_multiple_of(2) {
            ((x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663) ^ seed) % 97) as u8
        } else {
            0
        }
    };
    let image = RgbImage::from_fn(size.width, size.height, |x, y| {
        Rgb([
            (y / 12) as u8,
            ((x / 6) as u8).wrapping_add(detail(x, y)),
            seed as u8,
        ])
    });
    encode_png(&image)
}

fn encode_png<P: image::PixelWithColorType>(
    image: &image::ImageBuffer<P, Vec<P::Subpixel>>,
) -> anyhow::Result<Bytes>
where
    [P::Subpixel]: image::EncodableLayout,
{
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(Bytes::from(out.into_inner()))
}

/// Normalizes `bytes` a few times; the mean time and the size sent, in KB.
fn normalization(bytes: &Bytes) -> anyhow::Result<Normalization> {
    let rounds = 3;
    let started = Instant::now();
    let mut sent = 0;
    for _ in 0..rounds {
        sent = images::normalize(bytes.clone(), None)?.bytes.len();
    }
    Ok(Normalization {
        time: started.elapsed() / rounds,
        sent_kb: sent / 1000,
    })
}

fn client_for(sandbox: &Sandbox) -> anyhow::Result<AscClient> {
    AscClient::new(sandbox.asc_config().context("client config")?).context("client")
}

async fn sync(
    client: &AscClient,
    shots: &[(PlannedScreenshot, images::NormalizedScreenshot)],
) -> anyhow::Result<SyncReport> {
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
        .context("preparing the sync")?;
    let (tx, rx) = mpsc::channel(4);
    let (progress_tx, mut progress_rx) = mpsc::channel(64);
    let feed = shots.to_vec();
    tokio::spawn(async move {
        for (planned, image) in feed {
            let key = ScreenshotKey::of(&planned);
            let _ = tx.send(IncomingScreenshot { key, image }).await;
        }
    });
    tokio::spawn(async move { while progress_rx.recv().await.is_some() {} });
    Ok(prepared
        .run(rx, progress_tx, CancellationToken::new())
        .await)
}

/// The detail lines, one figure each.
impl fmt::Display for SyncFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.screenshots;
        writeln!(
            f,
            "sync benchmark: {} locales × {} display types × {PER_SET} = {n} screenshots ({:.1} MB), {} ms latency, {UPLOADS_IN_FLIGHT} uploads in flight",
            LOCALES.len(),
            SIZES.len(),
            self.total_bytes as f64 / 1e6,
            LATENCY.as_millis()
        )?;
        writeln!(
            f,
            "wall time:                 {:.2} s",
            self.wall.as_secs_f64()
        )?;
        writeln!(
            f,
            "lower bound:               {:.2} s = {}",
            self.lower_bound.total().as_secs_f64(),
            self.lower_bound.formula(n)
        )?;
        writeln!(
            f,
            "API requests:              {} ({:.2} per uploaded screenshot; {} sets), upload PUTs {}",
            self.api_requests,
            self.api_requests_per_screenshot(),
            self.sets,
            self.upload_requests
        )?;
        writeln!(
            f,
            "unchanged re-run:          {} API requests, {} uploaded, {} kept",
            self.rerun_api_requests, self.rerun_uploaded, self.rerun_kept
        )?;
        writeln!(
            f,
            "peak RSS (VmHWM):          {} MiB (whole process: sandbox included, holding every upload)",
            self.peak_rss_kib.unwrap_or(0) / 1024
        )?;
        writeln!(
            f,
            "normalize, opaque PNG:     {:.1} ms per screenshot (header, checks, MD5; bytes kept)",
            self.normalize_opaque.as_secs_f64() * 1000.0
        )?;
        writeln!(
            f,
            "normalize, real RGB PNG 1290×2796 (607 KB):    {:.1} ms (kept as is, {} KB sent)",
            self.normalize_real_rgb.ms(),
            self.normalize_real_rgb.sent_kb
        )?;
        writeln!(
            f,
            "normalize, real RGBA PNG 1290×2796 (2.4 MB):   {:.1} ms (alpha channel dropped, re-encoded: {} KB sent)",
            self.normalize_real_rgba.ms(),
            self.normalize_real_rgba.sent_kb
        )?;
        write!(
            f,
            "normalize, RGBA 1320×2868 with transparency:  {:.1} ms (flattened onto white, re-encoded: {} KB sent)",
            self.normalize_transparent.ms(),
            self.normalize_transparent.sent_kb
        )
    }
}

impl SyncFigures {
    pub fn api_requests_per_screenshot(&self) -> f64 {
        self.api_requests as f64 / self.screenshots as f64
    }
}
