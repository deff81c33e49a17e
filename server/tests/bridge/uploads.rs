//! Uploads against the sandbox App Store Connect: the plan check, 50 concurrent PUTs under a
//! memory budget, the event stream, the report, cancellation without orphans.

use std::collections::BTreeMap;
use std::time::Duration;

use futures::StreamExt;
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use shotbridge::sandbox::seed::demo;
use shotbridge::sandbox::{AssetState, Faults, Latency, SandboxConfig};
use shotbridge_shared::Locale;
use shotbridge_shared::wire::{ScreenshotPhase, UploadEvent, UploadState};

use super::helpers::{TestBridge, error_code, screenshot_png};

fn plan(locales: &[&str], per_set: u8) -> Value {
    let screenshots: Vec<Value> = locales
        .iter()
        .flat_map(|locale| {
            (1..=per_set).map(move |position| {
                json!({
                    "locale": locale,
                    "displayType": "APP_IPHONE_67",
                    "position": position,
                    "fileName": format!("{locale}-{position}.png"),
                })
            })
        })
        .collect();
    json!({ "bundleId": demo::BUNDLE_ID, "screenshots": screenshots })
}

async fn create(bridge: &TestBridge, plan: &Value) -> String {
    let response = bridge
        .authed(Method::POST, "/v1/uploads")
        .json(plan)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["versionString"], "1.1");
    created["id"].as_str().unwrap().to_owned()
}

async fn put(
    bridge: &TestBridge,
    id: &str,
    locale: &str,
    position: u8,
    body: Vec<u8>,
) -> reqwest::Response {
    bridge
        .authed(
            Method::PUT,
            &format!("/v1/uploads/{id}/screenshots/{locale}/APP_IPHONE_67/{position}"),
        )
        .header(header::CONTENT_TYPE, "image/png")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Reads the event stream until `finished`; returns every event in order.
async fn events_until_finished(bridge: &TestBridge, id: &str) -> Vec<UploadEvent> {
    let response = bridge
        .authed(Method::GET, &format!("/v1/uploads/{id}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut stream = eventsource_stream::EventStream::new(response.bytes_stream());
    let mut events = Vec::new();
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        let parsed: UploadEvent = serde_json::from_str(&event.data).unwrap();
        let name = match parsed {
            UploadEvent::Screenshot { .. } => "screenshot",
            UploadEvent::Finished { .. } => "finished",
        };
        assert_eq!(event.event, name);
        let done = name == "finished";
        events.push(parsed);
        if done {
            break;
        }
    }
    events
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_puts_complete_within_the_memory_budget() {
    // 50 sets of one screenshot, one per locale of the catalog: each set can be worked as soon
    // as its body arrives, whatever order the 50 requests reach the bridge in.
    let locales: Vec<&str> = Locale::all().map(Locale::code).collect();
    assert_eq!(locales.len(), 50);
    let bodies: Vec<Vec<u8>> = (0..50).map(screenshot_png).collect();
    let largest = bodies.iter().map(Vec::len).max().unwrap();
    // Room for 8 bodies of the 50: the others must wait their turn.
    let budget = largest * 8;
    let (bridge, sandbox) = TestBridge::with_sandbox(SandboxConfig::default(), |s| {
        s.budget_bytes = budget;
        s.budget_wait = Duration::from_secs(120);
    })
    .await;
    let id = create(&bridge, &plan(&locales, 1)).await;
    let events = {
        let client = bridge.client.clone();
        let url = bridge.url(&format!("/v1/uploads/{id}/events"));
        let token = bridge.token.clone();
        // Subscribed before the first body; collected until `finished`.
        let probe = TestBridgeRef { client, url, token };
        tokio::spawn(async move { probe.collect().await })
    };

    let mut puts = Vec::new();
    for (i, body) in bodies.into_iter().enumerate() {
        let locale = locales[i];
        let position = 1;
        let (client, url, token) = (
            bridge.client.clone(),
            bridge.url(&format!(
                "/v1/uploads/{id}/screenshots/{locale}/APP_IPHONE_67/{position}"
            )),
            bridge.token.clone(),
        );
        puts.push(tokio::spawn(async move {
            let response = client
                .put(url)
                .bearer_auth(token)
                .header(header::CONTENT_TYPE, "image/png")
                .body(body)
                .send()
                .await
                .unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }));
    }
    for put in puts {
        let (status, body) = put.await.unwrap();
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        assert_eq!(body["displayType"], "APP_IPHONE_67");
        assert_eq!(body["md5"].as_str().unwrap().len(), 32);
    }

    let events = events.await.unwrap();
    let Some(UploadEvent::Finished { report }) = events.last() else {
        panic!("no finished event")
    };
    assert_eq!(report.state, UploadState::Complete, "{report:?}");
    assert_eq!(report.screenshots.len(), 50);
    assert!(
        report
            .screenshots
            .iter()
            .all(|s| s.phase == ScreenshotPhase::Complete)
    );
    assert_eq!(report.counts.uploaded, 50);

    let peak = bridge.state.budget.peak();
    println!("memory budget {budget} bytes, peak held {peak} bytes, largest body {largest} bytes");
    assert!(peak <= budget, "peak {peak} over budget {budget}");
    assert!(peak >= largest);
    assert_eq!(bridge.state.budget.in_use(), 0);

    let world = sandbox.snapshot().await;
    let app = world.app(demo::BUNDLE_ID).unwrap();
    let mut complete = BTreeMap::new();
    for localization in app.versions.iter().flat_map(|v| v.localizations.iter()) {
        for set in &localization.screenshot_sets {
            for shot in &set.screenshots {
                assert_eq!(shot.state, AssetState::COMPLETE, "{}", shot.file_name);
                *complete.entry(localization.locale.clone()).or_insert(0) += 1;
            }
        }
    }
    assert_eq!(complete.len(), 50, "{complete:?}");
    assert!(complete.values().all(|&n| n == 1), "{complete:?}");

    let report: Value = bridge
        .authed(Method::GET, &format!("/v1/uploads/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(report["state"], "complete");
}

/// What a spawned task needs to read the event stream.
struct TestBridgeRef {
    client: reqwest::Client,
    url: String,
    token: String,
}

impl TestBridgeRef {
    async fn collect(self) -> Vec<UploadEvent> {
        let response = self
            .client
            .get(self.url)
            .bearer_auth(self.token)
            .send()
            .await
            .unwrap();
        let mut stream = eventsource_stream::EventStream::new(response.bytes_stream());
        let mut events = Vec::new();
        while let Some(event) = stream.next().await {
            let parsed: UploadEvent = serde_json::from_str(&event.unwrap().data).unwrap();
            let done = matches!(parsed, UploadEvent::Finished { .. });
            events.push(parsed);
            if done {
                break;
            }
        }
        events
    }
}

#[tokio::test]
async fn a_late_subscriber_gets_the_state_of_every_screenshot_then_the_end() {
    let (bridge, _sandbox) = TestBridge::with_sandbox(SandboxConfig::default(), |_| {}).await;
    let id = create(&bridge, &plan(&["de-DE"], 2)).await;
    for position in 1..=2u8 {
        let response = put(
            &bridge,
            &id,
            "de-DE",
            position,
            screenshot_png(100 + u32::from(position)),
        )
        .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }
    let first = events_until_finished(&bridge, &id).await;
    assert!(matches!(first.last(), Some(UploadEvent::Finished { .. })));
    // After the end: one event per screenshot with its final state, then `finished` again.
    let late = events_until_finished(&bridge, &id).await;
    assert_eq!(late.len(), 3);
    for event in &late[..2] {
        let UploadEvent::Screenshot { status } = event else {
            panic!("{event:?}")
        };
        assert_eq!(status.phase, ScreenshotPhase::Complete);
    }
}

#[tokio::test]
async fn bad_plans_and_bad_bodies_are_refused_before_anything_is_sent() {
    let (bridge, sandbox) = TestBridge::with_sandbox(SandboxConfig::default(), |_| {}).await;
    let mut gap = plan(&["de-DE"], 3);
    gap["screenshots"].as_array_mut().unwrap().remove(1);
    let response = bridge
        .authed(Method::POST, "/v1/uploads")
        .json(&gap)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "INVALID_PLAN");
    assert!(
        body["error"]["details"]["problems"][0]
            .as_str()
            .unwrap()
            .contains("missing 2")
    );

    let mut unknown = plan(&["de-DE"], 1);
    unknown["screenshots"][0]["locale"] = json!("xx-YY");
    let response = bridge
        .authed(Method::POST, "/v1/uploads")
        .json(&unknown)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response).await, "INVALID_PLAN");

    let mut locked = plan(&["de-DE"], 1);
    locked["bundleId"] = json!(demo::LOCKED_BUNDLE_ID);
    let response = bridge
        .authed(Method::POST, "/v1/uploads")
        .json(&locked)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(response).await, "INVALID_PLAN");

    let id = create(&bridge, &plan(&["de-DE"], 1)).await;
    let not_png = put(
        &bridge,
        &id,
        "de-DE",
        1,
        b"GIF89a not a screenshot".to_vec(),
    )
    .await;
    assert_eq!(not_png.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(not_png).await, "INVALID_IMAGE");
    let unplanned = put(&bridge, &id, "de-DE", 2, screenshot_png(7)).await;
    assert_eq!(unplanned.status(), StatusCode::NOT_FOUND);
    let wrong_type = bridge
        .authed(
            Method::PUT,
            &format!("/v1/uploads/{id}/screenshots/de-DE/APP_IPHONE_67/1"),
        )
        .header(header::CONTENT_TYPE, "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The slot is still open after the bad body: a good one is accepted, a second refused.
    assert_eq!(
        put(&bridge, &id, "de-DE", 1, screenshot_png(7))
            .await
            .status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        put(&bridge, &id, "de-DE", 1, screenshot_png(7))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    events_until_finished(&bridge, &id).await;
    let world = sandbox.snapshot().await;
    let shots: usize = world
        .localizations()
        .flat_map(|l| l.screenshot_sets.iter())
        .map(|s| s.screenshots.len())
        .sum();
    assert_eq!(shots, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_leaves_no_orphan_in_app_store_connect() {
    let config = SandboxConfig {
        faults: Faults {
            latency: Latency::Fixed(Duration::from_millis(40)),
            ..Faults::default()
        },
        ..SandboxConfig::default()
    };
    let (bridge, sandbox) = TestBridge::with_sandbox(config, |_| {}).await;
    let id = create(&bridge, &plan(&["de-DE", "fr-FR"], 3)).await;
    for position in 1..=3u8 {
        let response = put(
            &bridge,
            &id,
            "de-DE",
            position,
            screenshot_png(u32::from(position)),
        )
        .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }
    // fr-FR gets one body of three; de-DE is being worked on when the cancel comes.
    assert_eq!(
        put(&bridge, &id, "fr-FR", 1, screenshot_png(9))
            .await
            .status(),
        StatusCode::ACCEPTED
    );
    let response = bridge
        .authed(Method::DELETE, &format!("/v1/uploads/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["state"], "cancelled", "{report}");
    for shot in report["screenshots"].as_array().unwrap() {
        let phase = shot["phase"].as_str().unwrap();
        assert!(
            ["complete", "skipped", "interrupted", "failed"].contains(&phase),
            "{shot}"
        );
    }
    let world = sandbox.snapshot().await;
    for localization in world.localizations() {
        for set in &localization.screenshot_sets {
            for shot in &set.screenshots {
                assert_ne!(
                    shot.state,
                    AssetState::AWAITING_UPLOAD,
                    "orphan reservation {}",
                    shot.file_name
                );
                assert!(
                    shot.file_name.starts_with("de-DE"),
                    "stray {}",
                    shot.file_name
                );
            }
        }
    }
    assert_eq!(
        put(&bridge, &id, "fr-FR", 2, screenshot_png(10))
            .await
            .status(),
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn a_full_memory_budget_answers_503_with_retry_after() {
    let body = screenshot_png(21);
    let room = body.len() + body.len() / 2;
    let (bridge, _sandbox) = TestBridge::with_sandbox(SandboxConfig::default(), |s| {
        s.budget_bytes = room;
        s.budget_wait = Duration::from_millis(200);
    })
    .await;
    let id = create(&bridge, &plan(&["de-DE"], 2)).await;
    // The first body waits in memory for its set's second one and holds the budget.
    assert_eq!(
        put(&bridge, &id, "de-DE", 1, body).await.status(),
        StatusCode::ACCEPTED
    );
    let busy = put(&bridge, &id, "de-DE", 2, screenshot_png(22)).await;
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        busy.headers()[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert_eq!(error_code(busy).await, "BUSY");
    assert!(bridge.state.budget.peak() <= room);
}

#[tokio::test]
async fn a_shutdown_reports_unfinished_screenshots_as_interrupted() {
    let (bridge, sandbox) = TestBridge::with_sandbox(SandboxConfig::default(), |_| {}).await;
    let id = create(&bridge, &plan(&["de-DE"], 2)).await;
    assert_eq!(
        put(&bridge, &id, "de-DE", 1, screenshot_png(31))
            .await
            .status(),
        StatusCode::ACCEPTED
    );
    let state = bridge.state.clone();
    bridge.stop().await;
    let report = state.uploads.get(&id).unwrap().board.report();
    assert_eq!(report.state, UploadState::Cancelled, "{report:?}");
    assert!(
        report
            .screenshots
            .iter()
            .all(|s| s.phase == ScreenshotPhase::Interrupted),
        "{report:?}"
    );
    let world = sandbox.snapshot().await;
    assert!(
        world
            .localizations()
            .all(|l| l.screenshot_sets.iter().all(|s| s.screenshots.is_empty()))
    );
}
