//! The client's whole single-screenshot flow against the in-memory sandbox ASC, and every API
//! request it sent checked against Apple's document.

use std::io::Cursor;

use bytes::Bytes;
use md5::{Digest, Md5};
use shotbridge::asc::{AscClient, AssetState, Platform};
use shotbridge::sandbox::seed::demo;
use shotbridge::sandbox::{Sandbox, SandboxConfig};
use shotbridge_shared::{DisplayType, Locale};
use url::Url;

use super::contract::Contract;

/// An opaque 1290×2796 PNG (an accepted APP_IPHONE_67 size).
fn screenshot_png() -> Bytes {
    let image = image::RgbImage::from_fn(1290, 2796, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    Bytes::from(out.into_inner())
}

#[tokio::test]
async fn one_screenshot_end_to_end_against_the_sandbox() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let asc = AscClient::new(sandbox.asc_config().unwrap()).unwrap();

    let app = asc.find_app_by_bundle_id(demo::BUNDLE_ID).await.unwrap();
    let version = asc
        .find_editable_version(&app.id, Platform::Ios, None)
        .await
        .unwrap();
    assert_eq!(version.id, demo::IOS_VERSION_ID);
    let de = Locale::parse("de-DE").unwrap();
    let localization = asc.create_localization(&version.id, de).await.unwrap();
    let set = asc
        .create_screenshot_set(&localization.id, DisplayType::APP_IPHONE_67)
        .await
        .unwrap();
    let png = screenshot_png();
    let md5_hex = hex::encode(Md5::digest(&png));
    let reservation = asc
        .reserve_screenshot(&set.id, "01-home.png", png.len() as u64)
        .await
        .unwrap();
    asc.upload_parts("01-home.png", &reservation.upload_operations, &png)
        .await
        .unwrap();
    asc.commit_screenshot(&reservation.id, &md5_hex)
        .await
        .unwrap();
    let mut state = AssetState::UploadComplete;
    for _ in 0..10 {
        state = asc
            .get_screenshot(&reservation.id)
            .await
            .unwrap()
            .state()
            .cloned()
            .unwrap();
        if state.is_terminal() {
            break;
        }
    }
    assert_eq!(state, AssetState::Complete);
    asc.set_screenshot_order(&set.id, std::slice::from_ref(&reservation.id))
        .await
        .unwrap();

    let sets = asc.list_screenshot_sets(&localization.id).await.unwrap();
    let set = sets
        .iter()
        .find(|s| s.display_type == Some(DisplayType::APP_IPHONE_67))
        .unwrap();
    assert_eq!(set.screenshots.len(), 1);
    assert_eq!(
        set.screenshots[0].source_file_checksum.as_deref(),
        Some(md5_hex.as_str())
    );
    let localizations = asc.list_localizations(&version.id).await.unwrap();
    assert!(localizations.iter().any(|l| l.locale == Some(de)));

    let log = sandbox.requests().await;
    let contract = Contract::load();
    let mut checked = 0;
    for record in &log.entries {
        if !Contract::is_api_path(&record.path) {
            assert!(!record.authorization, "the JWT went to an upload URL");
            continue;
        }
        let query = record
            .query
            .as_deref()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let url = Url::parse(&format!("http://sandbox{}{query}", record.path)).unwrap();
        let body = record
            .body
            .as_ref()
            .map(|b| serde_json::to_vec(b).unwrap())
            .unwrap_or_default();
        contract.check(&record.method, &url, &body).unwrap();
        checked += 1;
    }
    assert_eq!(checked as u64, asc.stats().api_requests);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn doctor_lists_the_sandbox_apps_and_names_a_wrong_key_id() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let credentials = sandbox.credentials();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("AuthKey_SANDBOX.p8");
    std::fs::write(
        &key_file,
        secrecy::ExposeSecret::expose_secret(&credentials.private_key_pem),
    )
    .unwrap();
    let env = |key_id: &str| {
        vec![
            ("ASC_API_URL", sandbox.base_url().to_string()),
            ("ASC_ISSUER_ID", credentials.issuer_id.clone()),
            ("ASC_KEY_ID", key_id.to_owned()),
            ("ASC_PRIVATE_KEY_PATH", key_file.display().to_string()),
        ]
    };
    let run = super::doctor::doctor(&env(&credentials.key_id)).await;
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout.contains("the key works") && run.stdout.contains(demo::BUNDLE_ID),
        "{}",
        run.stdout
    );
    let run = super::doctor::doctor(&env("WRONGKEY42")).await;
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stdout.contains("Apple rejected the key") && run.stdout.contains("Key ID"),
        "{}",
        run.stdout
    );
    sandbox.shutdown().await;
}
