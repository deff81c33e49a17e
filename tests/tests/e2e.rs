//! End to end, as the Figma plugin does it: against a real `shotbridge serve --sandbox`, over
//! HTTP only, translate the real captions (NDJSON), declare the upload plan, PUT each real
//! screenshot one at a time while following the event stream, then check what the sandbox App
//! Store Connect holds, screenshot by screenshot; a second identical upload sends nothing.
//!
//! Needs the `shotbridge` binary beside the test binaries (`cargo test --workspace` builds it),
//! or its path in `SHOTBRIDGE_BIN`.

// A panic is how this test fails.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::time::Duration;

use futures::StreamExt;
use serde_json::{Value, json};
use shotbridge_tests::bridge::{Bridge, fixture};

const LOCALES: [&str; 3] = ["de-DE", "ja", "ar-SA"];
const IPHONE: &str = "APP_IPHONE_67";
const IPAD: &str = "APP_IPAD_PRO_3GEN_129";

/// The real screenshots: (display type, position, file name, fixture path).
const SHOTS: [(&str, u8, &str, &str); 3] = [
    (
        IPHONE,
        1,
        "01_screenshot_framed.png",
        "screenshots/ios/en-GB/01_screenshot_framed.png",
    ),
    (
        IPHONE,
        2,
        "2_APP_IPHONE_67_2.png.png",
        "screenshots/ios/en-US/2_APP_IPHONE_67_2.png.png",
    ),
    (
        IPAD,
        1,
        "0_APP_IPAD_PRO_3GEN_129_0.png",
        "screenshots/ios/en-US/0_APP_IPAD_PRO_3GEN_129_0.png",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plugin_flow_lands_every_screenshot_in_the_sandbox() {
    let bridge = Bridge::start_sandbox().await;

    let health = bridge.get("/v1/health").await;
    assert_eq!(health["sandbox"], true, "{health}");
    assert_eq!(health["appStoreConnect"], "sandbox", "{health}");

    let apps = bridge.get("/v1/apps").await;
    let app = apps
        .as_array()
        .and_then(|apps| {
            apps.iter()
                .find(|a| a["bundleId"] == "com.example.shotbridge.demo")
        })
        .unwrap_or_else(|| panic!("the demo app is listed: {apps}"))
        .clone();
    let app_id = app["id"].as_str().unwrap().to_owned();
    let versions = bridge.get(&format!("/v1/apps/{app_id}/versions")).await;
    let editable: Vec<&Value> = versions
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["editable"] == true && v["platform"] == "IOS")
        .collect();
    assert_eq!(editable.len(), 1, "one editable iOS version: {versions}");
    let version = editable[0]["versionString"].as_str().unwrap().to_owned();

    translate_captions(&bridge).await;

    // Declare the plan, as the plugin does before exporting any frame.
    let screenshots: Vec<Value> = LOCALES
        .iter()
        .flat_map(|locale| {
            SHOTS
                .iter()
                .map(move |(display_type, position, file_name, _)| {
                    json!({"locale": locale, "displayType": display_type, "position": position,
                       "fileName": file_name})
                })
        })
        .collect();
    let plan = json!({"appId": app_id, "platform": "IOS", "version": version, "mode": "replace",
                      "screenshots": screenshots});
    let (first, md5s) = upload(&bridge, &plan).await;
    assert_eq!(first["state"], "complete", "{first}");
    assert_eq!(first["counts"]["uploaded"], 9, "{first}");
    for status in first["screenshots"].as_array().unwrap() {
        assert_eq!(status["phase"], "complete", "{status}");
    }

    // What App Store Connect holds now, set by set, in order.
    let world = bridge.get("/v1/sandbox").await;
    for locale in LOCALES {
        for display_type in [IPHONE, IPAD] {
            let held = set_in(&world, &version, locale, display_type);
            let wanted: Vec<_> = SHOTS.iter().filter(|s| s.0 == display_type).collect();
            assert_eq!(
                held.len(),
                wanted.len(),
                "{locale} {display_type}: {held:?}"
            );
            for (screenshot, (_, position, file_name, _)) in held.iter().zip(wanted) {
                assert_eq!(
                    screenshot["fileName"], *file_name,
                    "{locale} {display_type}"
                );
                assert_eq!(screenshot["state"], "COMPLETE", "{screenshot}");
                let md5 = &md5s[&(locale.to_owned(), display_type.to_owned(), *position)];
                assert_eq!(
                    screenshot["sourceFileChecksum"],
                    md5.as_str(),
                    "{screenshot}"
                );
                assert_eq!(
                    screenshot["receivedMd5"],
                    md5.as_str(),
                    "bytes arrived intact"
                );
            }
        }
    }

    // The same frames again: everything is already there, nothing is sent.
    let (again, _) = upload(&bridge, &plan).await;
    assert_eq!(again["state"], "complete", "{again}");
    assert_eq!(again["counts"]["uploaded"], 0, "{again}");
    assert_eq!(again["counts"]["kept"], 9, "{again}");
    assert_eq!(again["counts"]["bytesSent"], 0, "{again}");

    bridge.stop().await;
}

/// The captions of the real screenshots, into every locale in one request, streamed.
async fn translate_captions(bridge: &Bridge) {
    let mut strings = Vec::new();
    for kind in ["keyword", "title"] {
        let file = fixture(&format!("captions/listen-anonymously/en-US/{kind}.strings"));
        let text = String::from_utf8(file).unwrap();
        for line in text.lines().filter(|l| l.contains(" = ")) {
            let (key, value) = line.split_once(" = ").unwrap();
            let value = value.trim().trim_end_matches(';').trim_matches('"');
            strings.push(
                json!({"id": format!("{}.{kind}", key.trim_matches('"')), "text": value,
                                "maxChars": 60}),
            );
        }
    }
    assert_eq!(strings.len(), 6);
    let request = json!({"sourceLocale": "en-US", "targetLocales": LOCALES, "strings": strings});
    let lines = bridge.post_ndjson("/v1/translate", &request).await;
    let mut locales_done = Vec::new();
    for line in &lines[..lines.len() - 1] {
        assert_eq!(line["type"], "locale", "{line}");
        let translations = line["translations"].as_object().unwrap();
        assert_eq!(translations.len(), 6, "every caption of {line}");
        locales_done.push(line["locale"].as_str().unwrap().to_owned());
    }
    locales_done.sort();
    let mut wanted: Vec<String> = LOCALES.iter().map(|l| (*l).to_owned()).collect();
    wanted.sort();
    assert_eq!(locales_done, wanted, "one line per locale");
    let summary = lines.last().unwrap();
    assert_eq!(summary["type"], "summary", "{summary}");
}

type Md5s = BTreeMap<(String, String, u8), String>;

/// Declares the plan, follows the events while PUTting every body one at a time, and returns
/// the final report with the MD5 the bridge reported for each body.
async fn upload(bridge: &Bridge, plan: &Value) -> (Value, Md5s) {
    let created = bridge.post("/v1/uploads", plan).await;
    let id = created["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    assert_eq!(created["expected"], 9, "{created}");

    let mut events = bridge.events(&format!("/v1/uploads/{id}/events")).await;
    let mut md5s = Md5s::new();
    for locale in LOCALES {
        for (display_type, position, _, path) in SHOTS {
            let received = bridge
                .put_png(
                    &format!("/v1/uploads/{id}/screenshots/{locale}/{display_type}/{position}"),
                    fixture(path),
                )
                .await;
            assert_eq!(received["displayType"], display_type, "{received}");
            let md5 = received["md5"].as_str().unwrap().to_owned();
            md5s.insert((locale.to_owned(), display_type.to_owned(), position), md5);
            if path.ends_with("01_screenshot_framed.png") {
                assert_eq!(
                    received["normalized"], true,
                    "the RGBA screenshot is flattened: {received}"
                );
            }
        }
    }

    let finished = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(event) = events.next().await {
            if event["type"] == "finished" {
                return event["report"].clone();
            }
        }
        panic!("the event stream ended before the upload finished");
    })
    .await
    .expect("the upload finishes");
    let report = bridge.get(&format!("/v1/uploads/{id}")).await;
    assert_eq!(report, finished, "the report matches the last event");
    (report, md5s)
}

/// The screenshots of one set of the demo app's iOS version, in display order.
fn set_in<'a>(world: &'a Value, version: &str, locale: &str, display_type: &str) -> Vec<&'a Value> {
    let app = world["apps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["bundleId"] == "com.example.shotbridge.demo")
        .expect("demo app");
    let version = app["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["platform"] == "IOS" && v["versionString"] == version)
        .expect("the version");
    let Some(localization) = version["localizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["locale"] == locale)
    else {
        return Vec::new();
    };
    localization["screenshotSets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["displayType"] == display_type)
        .map(|s| s["screenshots"].as_array().unwrap().iter().collect())
        .unwrap_or_default()
}
