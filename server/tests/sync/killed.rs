//! The real binary: killed halfway through an upload, then run again, converges to the planned
//! state; a folder with problems exits 2 before anything is sent.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use secrecy::ExposeSecret;
use shotbridge::sandbox::seed::demo;
use shotbridge::sandbox::{Faults, Latency, Sandbox, SandboxConfig};
use shotbridge_shared::DisplayType;
use tokio::process::Command;

use super::common::*;

fn upload_command(sandbox: &Sandbox, dir: &Path) -> Command {
    let credentials = sandbox.credentials();
    let mut command = Command::new(env!("CARGO_BIN_EXE_shotbridge"));
    command
        .args([
            "upload",
            "--replace",
            "--bundle-id",
            demo::BUNDLE_ID,
            "--dir",
        ])
        .arg(dir)
        .env("ASC_API_URL", sandbox.base_url().as_str())
        .env("ASC_ISSUER_ID", &credentials.issuer_id)
        .env("ASC_KEY_ID", &credentials.key_id)
        .env(
            "ASC_PRIVATE_KEY",
            credentials.private_key_pem.expose_secret(),
        )
        .env_remove("ASC_PRIVATE_KEY_PATH")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Writes the shots as `dir/<locale>/<file name>`.
fn write_folder(dir: &Path, shots: &[Shot]) {
    for s in shots {
        let folder = dir.join(s.planned.locale.code());
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(&s.planned.file_name), &s.image.bytes).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_midway_then_run_again_converges() {
    let faults = Faults {
        latency: Latency::Fixed(Duration::from_millis(25)),
        ..Faults::default()
    };
    let (sandbox, _client) = start(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let shots = grid(&["en-US", "de-DE"], 3, 5);
    write_folder(dir.path(), &shots);

    let mut first = upload_command(&sandbox, dir.path()).spawn().unwrap();
    // Wait for the first reservation or commit to reach the sandbox, then kill the process.
    let reached = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let log = sandbox.requests().await;
            let writes = log.entries.iter().filter(|r| {
                (r.method == "POST" && r.template == "/v1/appScreenshots")
                    || (r.method == "PATCH" && r.template == "/v1/appScreenshots/{id}")
            });
            if writes.count() >= 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(reached.is_ok(), "the first run never reserved a screenshot");
    first.kill().await.unwrap();
    let halfway = sandbox.snapshot().await;
    let done = halfway
        .screenshots()
        .filter(|s| s.state == shotbridge::sandbox::AssetState::COMPLETE)
        .count();
    assert!(
        done < shots.len(),
        "the first run finished before it was killed; the test proves nothing"
    );

    let second = upload_command(&sandbox, dir.path()).output().await.unwrap();
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert_eq!(
        second.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_holds_exactly(&sandbox.snapshot().await, &shots);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folder_problems_exit_2_listing_every_one_before_anything_is_sent() {
    let (sandbox, _client) = start(SandboxConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en-US");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::write(
        en.join("ipad.png"),
        png(shotbridge_shared::PixelSize::new(2048, 2732), 1),
    )
    .unwrap();
    std::fs::write(
        en.join("odd.png"),
        png(shotbridge_shared::PixelSize::new(1000, 1000), 2),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("klingon")).unwrap();

    let out = upload_command(&sandbox, dir.path()).output().await.unwrap();

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("ipad.png") && stderr.contains(DisplayType::APP_IPAD_PRO_129.as_str()),
        "{stderr}"
    );
    assert!(stderr.contains("--display-type"), "{stderr}");
    assert!(
        stderr.contains("odd.png") && stderr.contains("nearest"),
        "{stderr}"
    );
    assert!(stderr.contains("klingon"), "{stderr}");
    assert!(
        sandbox.requests().await.entries.is_empty(),
        "something was sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_midway_reports_interrupted_and_the_next_run_converges() {
    use shotbridge::sync::{IncomingScreenshot, ScreenshotKey, Syncer};
    use shotbridge_shared::wire::{ScreenshotPhase, UploadMode, UploadState};
    use tokio::sync::mpsc;
    use tokio_util::sync::CancellationToken;

    let faults = Faults {
        latency: Latency::Fixed(Duration::from_millis(10)),
        ..Faults::default()
    };
    let (sandbox, client) = start(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await;
    let shots = grid(&["en-US", "it"], 3, 6);
    let prepared = Syncer::new(client.clone(), options())
        .prepare(plan(&shots, UploadMode::Replace))
        .await
        .unwrap();
    let (images_tx, images_rx) = mpsc::channel(16);
    for s in &shots {
        let key = ScreenshotKey::of(&s.planned);
        images_tx
            .send(IncomingScreenshot {
                key,
                image: s.image.clone(),
            })
            .await
            .unwrap();
    }
    let (progress_tx, mut progress_rx) =
        mpsc::channel::<shotbridge_shared::wire::ScreenshotStatus>(16);
    let cancel = CancellationToken::new();
    let on_first_processing = cancel.clone();
    // Cancel as soon as the first screenshot is committed.
    tokio::spawn(async move {
        while let Some(status) = progress_rx.recv().await {
            if status.phase == ScreenshotPhase::Processing {
                on_first_processing.cancel();
            }
        }
    });

    let report = prepared.run(images_rx, progress_tx, cancel).await;

    assert!(report.cancelled);
    assert_eq!(report.state(), UploadState::Cancelled);
    assert!(
        report
            .screenshots
            .iter()
            .any(|s| s.phase == ScreenshotPhase::Interrupted),
        "{report}"
    );
    drop(images_tx);

    let (again, _) = sync(&client, &shots, UploadMode::Replace).await;
    assert_eq!(again.state(), UploadState::Complete, "{again}");
    assert_holds_exactly(&sandbox.snapshot().await, &shots);
}
