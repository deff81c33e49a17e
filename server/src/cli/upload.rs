//! `shotbridge upload`: syncs a fastlane-style screenshot folder (`DIR/<locale>/<files>`) to App
//! Store Connect, for CI. Every file is checked before anything is sent; progress goes to a bar
//! on a terminal and to plain lines otherwise.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args as ClapArgs;
use indicatif::{ProgressBar, ProgressStyle};
use shotbridge_shared::DisplayType;
use shotbridge_shared::wire::{ScreenshotPhase, ScreenshotStatus, UploadMode, UploadState};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::asc::{AscClient, AscConfig, Platform};
use crate::sandbox::{AppSeed, Sandbox, SandboxConfig, VersionSeed, WorldSeed};
use crate::sync::{AppRef, SyncOptions, SyncPlan, Syncer, folder};

use super::Outcome;

/// Upload a fastlane-style screenshot folder (DIR/<locale>/*.png|jpg) to App Store Connect.
#[derive(Debug, ClapArgs)]
#[command(group(clap::ArgGroup::new("app").required(true).args(["bundle_id", "app_id"])))]
pub struct Args {
    /// The folder holding one sub-folder per locale (en-US, de-DE, ja, …).
    #[arg(long)]
    pub dir: PathBuf,
    /// The app's bundle id, e.g. com.example.app.
    #[arg(long)]
    pub bundle_id: Option<String>,
    /// The app's App Store Connect id (digits).
    #[arg(long)]
    pub app_id: Option<String>,
    /// The version string; default: the version being prepared.
    #[arg(long)]
    pub version: Option<String>,
    /// IOS, MAC_OS, TV_OS or VISION_OS.
    #[arg(long, default_value = "IOS", value_parser = parse_platform)]
    pub platform: Platform,
    /// Make each touched set hold exactly the folder's screenshots (default: add after what is
    /// there, skipping identical ones).
    #[arg(long)]
    pub replace: bool,
    /// Read App Store Connect and print what would change; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Seconds a screenshot may stay processing before it is deleted and sent again once.
    #[arg(long, default_value_t = 600)]
    pub processing_timeout: u64,
    /// The display type for sizes that fit two (2048×2732: APP_IPAD_PRO_3GEN_129 or
    /// APP_IPAD_PRO_129); other sizes still map by themselves.
    #[arg(long)]
    pub display_type: Option<DisplayType>,
    /// Run against an in-process sandbox App Store Connect: nothing reaches Apple.
    #[arg(long)]
    pub sandbox: bool,
}

fn parse_platform(raw: &str) -> Result<Platform, String> {
    Platform::parse(raw).ok_or_else(|| format!("\"{raw}\" is not IOS, MAC_OS, TV_OS or VISION_OS"))
}

pub async fn run(args: Args) -> Outcome {
    let shots = match folder::scan(&args.dir, args.display_type) {
        Ok(shots) => shots,
        Err(problems) => {
            eprintln!(
                "error: {} problem(s) in {}; nothing was sent:",
                problems.len(),
                args.dir.display()
            );
            for problem in problems {
                eprintln!("  {problem}");
            }
            return Outcome::BadInput;
        }
    };
    for (set, count) in folder::sets(&shots) {
        println!("{} {}: {count} screenshot(s)", set.locale, set.display_type);
    }

    // The sandbox lives as long as this command.
    let (client, _sandbox) = match connect(&args).await {
        Ok(connected) => connected,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::BadInput;
        }
    };
    let options = SyncOptions {
        processing_timeout: Duration::from_secs(args.processing_timeout),
        ..SyncOptions::default()
    };
    let app = match (&args.app_id, &args.bundle_id) {
        (Some(id), _) => AppRef::Id(id.clone()),
        (None, Some(bundle_id)) => AppRef::BundleId(bundle_id.clone()),
        (None, None) => return Outcome::BadInput, // clap requires one
    };
    let plan = SyncPlan {
        app,
        platform: args.platform,
        version: args.version.clone(),
        mode: if args.replace {
            UploadMode::Replace
        } else {
            UploadMode::Append
        },
        screenshots: folder::plan(&shots),
    };
    let prepared = match Syncer::new(client, options).prepare(plan).await {
        Ok(prepared) => prepared,
        Err(error) => {
            eprintln!("error: {error}");
            return if error.is_bad_input() {
                Outcome::BadInput
            } else {
                Outcome::JobFailed
            };
        }
    };
    println!(
        "{} ({}) version {} ({})",
        prepared.app().name,
        prepared.app().bundle_id,
        prepared.version().version_string,
        prepared.version().state
    );

    if args.dry_run {
        return match folder::checksums(&shots).await {
            Ok(md5s) => {
                println!("{}", prepared.preview(&md5s));
                Outcome::Success
            }
            Err(problems) => {
                for problem in problems {
                    eprintln!("error: {problem}");
                }
                Outcome::BadInput
            }
        };
    }

    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("stopping…");
            on_ctrl_c.cancel();
        }
    });
    let (images_tx, images_rx) = mpsc::channel(2);
    let (progress_tx, progress_rx) = mpsc::channel(64);
    let total = shots.len() as u64;
    let feeder = tokio::spawn(folder::feed(shots, images_tx));
    let printer = tokio::spawn(show_progress(progress_rx, total));
    let report = prepared.run(images_rx, progress_tx, cancel).await;
    let unreadable = feeder.await.unwrap_or_default();
    let _ = printer.await;

    for problem in &unreadable {
        eprintln!("error: {problem}");
    }
    println!("{report}");
    match report.state() {
        UploadState::Complete if unreadable.is_empty() => Outcome::Success,
        _ => Outcome::JobFailed,
    }
}

/// The client, from the environment or for an in-process sandbox (kept running by the caller).
async fn connect(args: &Args) -> Result<(AscClient, Option<Sandbox>), String> {
    if !args.sandbox {
        let config = AscConfig::from_env().map_err(|e| e.to_string())?;
        return AscClient::new(config)
            .map(|c| (c, None))
            .map_err(|e| e.to_string());
    }
    let config = SandboxConfig {
        world: sandbox_world(args),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config).await.map_err(|e| e.to_string())?;
    eprintln!(
        "note: --sandbox: uploading to an in-memory App Store Connect at {}; nothing reaches Apple",
        sandbox.base_url()
    );
    let config = sandbox.asc_config().map_err(|e| e.to_string())?;
    let client = AscClient::new(config).map_err(|e| e.to_string())?;
    Ok((client, Some(sandbox)))
}

/// The demo world plus the app named on the command line, with an editable version of each
/// platform, so any bundle id works in the sandbox.
fn sandbox_world(args: &Args) -> WorldSeed {
    use crate::sandbox::{AppVersionState, Platform as SandboxPlatform};
    let bundle_id = args
        .bundle_id
        .clone()
        .unwrap_or_else(|| "com.example.sandbox".to_owned());
    let app_id = args
        .app_id
        .clone()
        .unwrap_or_else(|| "6400000001".to_owned());
    let version = args.version.clone().unwrap_or_else(|| "1.0".to_owned());
    let mut app = AppSeed::new(&app_id, "Sandbox App", &bundle_id);
    for (n, platform) in [SandboxPlatform::IOS, SandboxPlatform::MAC_OS]
        .into_iter()
        .enumerate()
    {
        app = app.version(
            VersionSeed::new(&format!("sandbox-version-{n}"), platform, &version)
                .state(AppVersionState::PREPARE_FOR_SUBMISSION),
        );
    }
    WorldSeed::demo().app(app)
}

/// Prints progress: a bar on a terminal, a line per finished screenshot otherwise.
async fn show_progress(mut statuses: mpsc::Receiver<ScreenshotStatus>, total: u64) {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
            bar.set_style(style);
        }
        bar
    });
    while let Some(status) = statuses.recv().await {
        let line = format!(
            "{} {} #{} {}: {}",
            status.locale,
            status.display_type,
            status.position,
            status.file_name,
            phase_word(status.phase)
        );
        match &bar {
            Some(bar) => {
                if status.phase.is_final() {
                    bar.inc(1);
                }
                bar.set_message(line);
            }
            None if status.phase.is_final() || status.phase == ScreenshotPhase::Uploading => {
                match &status.error {
                    Some(error) => println!("{line} {}: {}", error.code, error.message),
                    None => println!("{line}"),
                }
            }
            None => {}
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}

fn phase_word(phase: ScreenshotPhase) -> &'static str {
    match phase {
        ScreenshotPhase::Waiting => "waiting",
        ScreenshotPhase::Received => "read",
        ScreenshotPhase::Normalized => "flattened",
        ScreenshotPhase::Skipped => "already there",
        ScreenshotPhase::Uploading => "uploading",
        ScreenshotPhase::Processing => "processing",
        ScreenshotPhase::Complete => "complete",
        ScreenshotPhase::Failed => "FAILED",
        ScreenshotPhase::Interrupted => "interrupted",
    }
}
