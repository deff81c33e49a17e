//! Fault injection: every kind happens, is counted and logged, and one seed gives one sequence.

use std::time::Duration;

use reqwest::StatusCode;
use shotbridge::sandbox::seed::demo;
use shotbridge::sandbox::{
    AssetState, Burst, FaultKind, Faults, Latency, ProcessingFailures, SandboxConfig,
};

use super::support::{md5_hex, png, start};

/// A fixed sequential script; returns (template, status, faults) for every request.
async fn script(seed: u64, faults: Faults) -> Vec<(String, Option<u16>, Vec<FaultKind>)> {
    let (sandbox, client) = start(SandboxConfig {
        seed,
        faults,
        ..SandboxConfig::default()
    })
    .await;
    for i in 0..30 {
        let _ = client
            .http
            .get(format!("{}/v1/apps?limit={}", client.base, 1 + i % 2))
            .bearer_auth(&client.token)
            .send()
            .await;
        let _ = client
            .http
            .post(format!("{}/v1/appScreenshotSets", client.base))
            .bearer_auth(&client.token)
            .json(&serde_json::json!({"data": {"type": "appScreenshotSets",
                "attributes": {"screenshotDisplayType": "APP_IPHONE_67"},
                "relationships": {"appStoreVersionLocalization": {"data": {"type": "appStoreVersionLocalizations", "id": demo::IOS_EN_US_LOCALIZATION_ID}}}}}))
            .send()
            .await;
    }
    let log = sandbox.requests().await;
    sandbox.shutdown().await;
    log.entries
        .into_iter()
        .map(|e| (e.template, e.status, e.faults))
        .collect()
}

fn noisy() -> Faults {
    Faults {
        server_error_rate: 0.2,
        false_failure_rate: 0.2,
        drop_before_rate: 0.1,
        drop_after_rate: 0.2,
        ..Faults::default()
    }
}

#[tokio::test]
async fn one_seed_gives_one_sequence_of_faults() {
    let first = script(42, noisy()).await;
    let again = script(42, noisy()).await;
    let other = script(43, noisy()).await;
    assert_eq!(first.len(), 60);
    assert_eq!(first, again);
    assert_ne!(first, other);
    assert!(first.iter().any(|(_, _, f)| !f.is_empty()));
}

#[tokio::test]
async fn every_fault_kind_happens_and_is_counted() {
    let faults = Faults {
        latency: Latency::Range(Duration::from_millis(1), Duration::from_millis(3)),
        server_error_rate: 0.15,
        false_failure_rate: 0.15,
        drop_before_rate: 0.1,
        drop_after_rate: 0.15,
        rate_limit_burst: Some(Burst {
            every: 7,
            length: 2,
            retry_after: Duration::from_secs(2),
        }),
        part_failure_rate: 0.3,
        broken_reservation_rate: 0.0,
        processing_failures: ProcessingFailures {
            first: 1,
            rate: 0.0,
        },
    };
    let (sandbox, client) = start(SandboxConfig {
        seed: 7,
        faults,
        part_size: 8 * 1024,
        ..SandboxConfig::default()
    })
    .await;
    let set_id = loop {
        if let Ok(r) = client
            .http
            .post(format!("{}/v1/appScreenshotSets", client.base))
            .bearer_auth(&client.token)
            .json(&serde_json::json!({"data": {"type": "appScreenshotSets",
                "attributes": {"screenshotDisplayType": "APP_IPHONE_67"},
                "relationships": {"appStoreVersionLocalization": {"data": {"type": "appStoreVersionLocalizations", "id": demo::IOS_EN_US_LOCALIZATION_ID}}}}}))
            .send()
            .await
            && r.status().is_success()
        {
            let body: serde_json::Value = r.json().await.unwrap();
            break body["data"]["id"].as_str().unwrap().to_owned();
        }
        // A false failure or lost response may have created it anyway: look it up.
        if let Some(set) = sandbox
            .snapshot()
            .await
            .localization(demo::IOS_EN_US_LOCALIZATION_ID)
            .unwrap()
            .screenshot_sets
            .first()
        {
            break set.id.clone();
        }
    };
    for _ in 0..40 {
        let _ = client
            .http
            .get(format!("{}/v1/apps", client.base))
            .bearer_auth(&client.token)
            .send()
            .await;
    }
    // Mutating requests, for the faults that come after a request was applied.
    for locale in shotbridge_shared::Locale::all().map(|l| l.code()) {
        let _ = client
            .http
            .post(format!("{}/v1/appStoreVersionLocalizations", client.base))
            .bearer_auth(&client.token)
            .json(
                &serde_json::json!({"data": {"type": "appStoreVersionLocalizations",
                "attributes": {"locale": locale},
                "relationships": {"appStoreVersion":
                    {"data": {"type": "appStoreVersions", "id": demo::IOS_VERSION_ID}}}}}),
            )
            .send()
            .await;
    }
    // A reservation whose parts sometimes fail: re-send until each part is stored.
    let bytes = png(1290, 2796, 9);
    let reservation = loop {
        let r = client.http.post(format!("{}/v1/appScreenshots", client.base)).bearer_auth(&client.token)
            .json(&serde_json::json!({"data": {"type": "appScreenshots", "attributes": {"fileName": "a.png", "fileSize": bytes.len()},
                "relationships": {"appScreenshotSet": {"data": {"type": "appScreenshotSets", "id": set_id}}}}}))
            .send().await;
        if let Ok(r) = r
            && r.status() == StatusCode::CREATED
        {
            break r.json::<serde_json::Value>().await.unwrap();
        }
    };
    for op in reservation["data"]["attributes"]["uploadOperations"]
        .as_array()
        .unwrap()
    {
        let mut tries = 0;
        while client.put_part(op, &bytes).await != StatusCode::OK {
            tries += 1;
            assert!(tries < 30, "a part kept failing");
        }
    }
    sandbox
        .set_faults(Faults {
            processing_failures: ProcessingFailures {
                first: 1,
                rate: 0.0,
            },
            ..Faults::default()
        })
        .await;
    let id = reservation["data"]["id"].as_str().unwrap();
    assert_eq!(
        client.commit(id, &md5_hex(&bytes)).await.status,
        StatusCode::OK
    );
    let processed = client.wait_processed(id).await;
    let state = &processed["data"]["attributes"]["assetDeliveryState"];
    assert_eq!(state["state"], "FAILED", "a fine image made to fail");
    assert_eq!(state["errors"][0]["code"], "IMAGE_TOOL_FAILURE");

    let log = sandbox.requests().await;
    for kind in [
        FaultKind::Latency,
        FaultKind::ServerError,
        FaultKind::FalseFailure,
        FaultKind::DroppedBefore,
        FaultKind::DroppedAfter,
        FaultKind::RateLimitBurst,
        FaultKind::PartFailure,
        FaultKind::ProcessingFailure,
    ] {
        let counted = log.counters.fault(kind);
        assert!(
            counted > 0,
            "{kind:?} never happened: {:?} {:?}",
            log.counters,
            log.entries
                .iter()
                .filter(|e| e.method != "GET")
                .map(|e| (&e.template, e.status, &e.faults))
                .collect::<Vec<_>>()
        );
        if kind != FaultKind::ProcessingFailure {
            let logged = log
                .entries
                .iter()
                .filter(|e| e.faults.contains(&kind))
                .count() as u64;
            assert_eq!(logged, counted, "{kind:?}");
        }
    }
    let bursts: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.faults.contains(&FaultKind::RateLimitBurst))
        .collect();
    assert!(bursts.iter().all(|e| e.status == Some(429)));
    assert!(
        log.entries
            .iter()
            .filter(|e| e.faults.contains(&FaultKind::DroppedBefore))
            .all(|e| e.status.is_none())
    );
    assert!(
        log.entries
            .iter()
            .filter(|e| e.faults.contains(&FaultKind::ServerError))
            .all(|e| e.status.is_some_and(|s| s >= 500))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_false_failure_still_applies_the_post_and_a_cut_connection_is_an_error() {
    let (sandbox, client) = start(SandboxConfig {
        faults: Faults {
            false_failure_rate: 1.0,
            ..Faults::default()
        },
        ..SandboxConfig::default()
    })
    .await;
    let answer = client
        .create_localization(demo::IOS_VERSION_ID, "fr-FR")
        .await;
    assert!(answer.status.is_server_error(), "{}", answer.status);
    let world = sandbox.snapshot().await;
    assert!(
        world.localizations().any(|l| l.locale == "fr-FR"),
        "the insert went through"
    );

    sandbox
        .set_faults(Faults {
            drop_after_rate: 1.0,
            ..Faults::default()
        })
        .await;
    let lost = client
        .http
        .post(format!("{}/v1/appStoreVersionLocalizations", client.base))
        .bearer_auth(&client.token)
        .json(&serde_json::json!({"data": {"type": "appStoreVersionLocalizations", "attributes": {"locale": "it"},
            "relationships": {"appStoreVersion": {"data": {"type": "appStoreVersions", "id": demo::IOS_VERSION_ID}}}}}))
        .send()
        .await;
    assert!(lost.is_err(), "the connection should have been cut");
    assert!(
        sandbox
            .snapshot()
            .await
            .localizations()
            .any(|l| l.locale == "it"),
        "applied before the cut"
    );

    sandbox
        .set_faults(Faults {
            drop_before_rate: 1.0,
            ..Faults::default()
        })
        .await;
    let cut = client
        .http
        .get(format!("{}/v1/apps", client.base))
        .bearer_auth(&client.token)
        .send()
        .await;
    assert!(cut.is_err());
    sandbox.set_faults(Faults::default()).await;
    assert_eq!(client.get("/v1/apps").await.status, StatusCode::OK);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn broken_reservations_fail_every_part_and_bursts_say_retry_after() {
    let faults = Faults {
        broken_reservation_rate: 1.0,
        rate_limit_burst: Some(Burst {
            every: 2,
            length: 1,
            retry_after: Duration::from_secs(5),
        }),
        ..Faults::default()
    };
    let (sandbox, client) = start(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await;
    let set = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPHONE_67")
        .await;
    assert_eq!(set.status, StatusCode::CREATED);
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();
    let bytes = png(1290, 2796, 3);
    let r = client.reserve(&set_id, "a.png", bytes.len()).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let op = &r.body["data"]["attributes"]["uploadOperations"][0];
    for _ in 0..3 {
        assert_eq!(
            client.put_part(op, &bytes).await,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
    let burst = client.get("/v1/apps").await;
    assert_eq!(burst.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(burst.headers["retry-after"], "5");
    let log = sandbox.requests().await;
    assert_eq!(log.counters.fault(FaultKind::BrokenReservation), 3);
    assert_eq!(log.counters.fault(FaultKind::RateLimitBurst), 1);
    let world = sandbox.snapshot().await;
    assert_eq!(
        world.screenshots().next().unwrap().state,
        AssetState::AWAITING_UPLOAD
    );
    sandbox.shutdown().await;
}
