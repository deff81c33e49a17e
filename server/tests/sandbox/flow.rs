//! The whole single-screenshot flow, as a client following Apple's documentation runs it.

use reqwest::StatusCode;
use serde_json::json;
use shotbridge::sandbox::seed::demo;
use std::time::Duration;

use shotbridge::sandbox::{AssetState, Endpoint, Platform, Processing, SandboxConfig};
use shotbridge_shared::DisplayType;

use super::schema::assert_schema;
use super::support::{md5_hex, png, start};

#[tokio::test]
async fn full_single_screenshot_flow() {
    // Small parts so one screenshot needs several upload operations.
    let (sandbox, client) = start(SandboxConfig {
        part_size: 16 * 1024,
        ..SandboxConfig::default()
    })
    .await;

    // 1. The app by bundle id.
    let apps = client
        .get(&format!("/v1/apps?filter[bundleId]={}", demo::BUNDLE_ID))
        .await;
    assert_eq!(apps.status, StatusCode::OK);
    assert_schema("AppsResponse", &apps.body);
    assert_eq!(apps.body["data"].as_array().unwrap().len(), 1);
    let app_id = apps.body["data"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(app_id, demo::APP_ID);
    let rate = apps.headers["x-rate-limit"].to_str().unwrap().to_owned();
    assert_eq!(rate, "user-hour-lim:3600;user-hour-rem:3599;");

    // 2. The editable IOS version.
    let versions = client
        .get(&format!("/v1/apps/{app_id}/appStoreVersions?filter[platform]=IOS&filter[appVersionState]=PREPARE_FOR_SUBMISSION,DEVELOPER_REJECTED"))
        .await;
    assert_eq!(versions.status, StatusCode::OK);
    assert_schema("AppStoreVersionsResponse", &versions.body);
    let data = versions.body["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["attributes"]["versionString"], "1.1");
    let version_id = data[0]["id"].as_str().unwrap().to_owned();

    // 3. A new localization.
    let created = client.create_localization(&version_id, "de-DE").await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_schema("AppStoreVersionLocalizationResponse", &created.body);
    assert_eq!(created.body["data"]["attributes"]["locale"], "de-DE");
    let loc_id = created.body["data"]["id"].as_str().unwrap().to_owned();
    let listed = client
        .get(&format!("/v1/appStoreVersions/{version_id}/appStoreVersionLocalizations?include=appScreenshotSets&limit[appScreenshotSets]=50"))
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_schema("AppStoreVersionLocalizationsResponse", &listed.body);
    let locales: Vec<&str> = listed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["attributes"]["locale"].as_str().unwrap())
        .collect();
    assert_eq!(locales, ["en-US", "de-DE"]);

    // 4. A screenshot set.
    let set = client.create_set(&loc_id, "APP_IPHONE_67").await;
    assert_eq!(set.status, StatusCode::CREATED, "{}", set.body);
    assert_schema("AppScreenshotSetResponse", &set.body);
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();

    // 5. Reserve: several upload operations covering the file exactly, AWAITING_UPLOAD.
    let first = png(1290, 2796, 1);
    assert!(
        first.len() > 3 * 16 * 1024,
        "the test image should need several parts"
    );
    let reservation = client.reserve(&set_id, "01.png", first.len()).await;
    assert_eq!(
        reservation.status,
        StatusCode::CREATED,
        "{}",
        reservation.body
    );
    assert_schema("AppScreenshotResponse", &reservation.body);
    let attrs = &reservation.body["data"]["attributes"];
    assert_eq!(attrs["assetDeliveryState"]["state"], "AWAITING_UPLOAD");
    assert_eq!(attrs["sourceFileChecksum"], json!(null));
    assert_eq!(attrs["fileSize"], json!(first.len()));
    let ops = attrs["uploadOperations"].as_array().unwrap();
    assert!(ops.len() > 1);
    let covered: u64 = ops.iter().map(|o| o["length"].as_u64().unwrap()).sum();
    assert_eq!(covered, first.len() as u64);
    assert_eq!(ops[1]["offset"], ops[0]["length"]);
    assert_eq!(
        ops[0]["requestHeaders"],
        json!([{"name": "Content-Type", "value": "image/png"}])
    );
    let first_id = reservation.body["data"]["id"].as_str().unwrap().to_owned();

    // 6. PUT the parts (in reverse order), then commit with the MD5.
    client.put_parts(&reservation.body, &first).await;
    let committed = client.commit(&first_id, &md5_hex(&first)).await;
    assert_eq!(committed.status, StatusCode::OK, "{}", committed.body);
    assert_schema("AppScreenshotResponse", &committed.body);
    assert_eq!(
        committed.body["data"]["attributes"]["assetDeliveryState"]["state"],
        "UPLOAD_COMPLETE"
    );
    assert_eq!(
        committed.body["data"]["attributes"]["sourceFileChecksum"],
        json!(md5_hex(&first))
    );

    // 7. Poll until COMPLETE: the first read still sees UPLOAD_COMPLETE.
    let done = client.wait_processed(&first_id).await;
    assert_schema("AppScreenshotResponse", &done);
    let attrs = &done["data"]["attributes"];
    assert_eq!(attrs["assetDeliveryState"]["state"], "COMPLETE", "{done}");
    assert_eq!(attrs["imageAsset"]["width"], 1290);
    assert_eq!(attrs["imageAsset"]["height"], 2796);
    assert!(
        attrs["imageAsset"]["templateUrl"]
            .as_str()
            .unwrap()
            .contains("{w}x{h}bb.{f}")
    );

    // 8. A second screenshot, then reorder: second first.
    let second = png(1290, 2796, 2);
    let second_id = client.upload(&set_id, "02.png", &second).await;
    client.wait_processed(&second_id).await;
    let reorder = client
        .patch(
            &format!("/v1/appScreenshotSets/{set_id}/relationships/appScreenshots"),
            json!({"data": [{"type": "appScreenshots", "id": second_id}, {"type": "appScreenshots", "id": first_id}]}),
        )
        .await;
    assert_eq!(reorder.status, StatusCode::NO_CONTENT, "{}", reorder.body);
    let order = client
        .get(&format!(
            "/v1/appScreenshotSets/{set_id}/relationships/appScreenshots"
        ))
        .await;
    assert_eq!(order.status, StatusCode::OK);
    assert_schema(
        "AppScreenshotSetAppScreenshotsLinkagesResponse",
        &order.body,
    );
    let ids: Vec<&str> = order.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second_id.as_str(), first_id.as_str()]);

    // The set listing with screenshots included, in the new order.
    let sets = client
        .get(&format!("/v1/appStoreVersionLocalizations/{loc_id}/appScreenshotSets?include=appScreenshots&limit[appScreenshots]=50&fields[appScreenshots]=fileName,sourceFileChecksum,assetDeliveryState"))
        .await;
    assert_eq!(sets.status, StatusCode::OK);
    assert_schema("AppScreenshotSetsResponse", &sets.body);
    let included = sets.body["included"].as_array().unwrap();
    assert_eq!(included[0]["attributes"]["fileName"], "02.png");
    assert!(
        included[0]["attributes"].get("fileSize").is_none(),
        "sparse fieldset ignored"
    );

    // The world agrees, and no JWT went to a blob URL.
    let world = sandbox.snapshot().await;
    let version = world
        .app(demo::BUNDLE_ID)
        .unwrap()
        .version(Platform::IOS, "1.1")
        .unwrap();
    let shots = &version
        .localization("de-DE")
        .unwrap()
        .screenshot_set(DisplayType::APP_IPHONE_67)
        .unwrap()
        .screenshots;
    assert_eq!(shots.len(), 2);
    assert_eq!(shots[0].file_name, "02.png");
    assert_eq!(
        shots[1].received_md5.as_deref(),
        Some(md5_hex(&first).as_str())
    );
    assert_eq!(shots[1].source_file_checksum, shots[1].received_md5);
    assert!(shots.iter().all(|s| s.state == AssetState::COMPLETE));
    let log = sandbox.requests().await;
    assert!(log.counters.blob_requests >= 4);
    assert_eq!(log.counters.blob_requests_with_authorization, 0);
    assert!(
        log.entries
            .iter()
            .filter(|e| e.endpoint == Endpoint::Api)
            .all(|e| e.authorization)
    );
    let reservation_log = log.matching("POST", "/v1/appScreenshots").next().unwrap();
    assert_eq!(reservation_log.status, Some(201));
    assert_eq!(
        reservation_log.body.as_ref().unwrap()["data"]["attributes"]["fileName"],
        "01.png"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn pagination_follows_links_next() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let first = client.get("/v1/apps?limit=1").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_schema("AppsResponse", &first.body);
    assert_eq!(first.body["meta"]["paging"]["total"], 2);
    assert_eq!(first.body["data"][0]["id"], demo::APP_ID);
    let next = first.body["links"]["next"].as_str().unwrap().to_owned();
    let second = client.get(&next).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.body["data"][0]["id"], demo::LOCKED_APP_ID);
    assert!(second.body["links"].get("next").is_none());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn deleting_a_screenshot_and_a_set() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let set = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPAD_PRO_3GEN_129")
        .await;
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();
    let shot = client.reserve(&set_id, "a.png", 100).await;
    let shot_id = shot.body["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        client
            .delete(&format!("/v1/appScreenshots/{shot_id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        client
            .get(&format!("/v1/appScreenshots/{shot_id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    client.reserve(&set_id, "b.png", 100).await;
    assert_eq!(
        client
            .delete(&format!("/v1/appScreenshotSets/{set_id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let world = sandbox.snapshot().await;
    assert_eq!(world.screenshots().count(), 0);
    assert!(
        world
            .localization(demo::IOS_EN_US_LOCALIZATION_ID)
            .unwrap()
            .screenshot_sets
            .is_empty()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn processing_lasts_the_configured_number_of_reads() {
    let processing = Processing {
        reads: 3,
        min_duration: Duration::ZERO,
    };
    let (sandbox, client) = start(SandboxConfig {
        processing,
        ..SandboxConfig::default()
    })
    .await;
    let set = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPHONE_67")
        .await;
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();
    let id = client.upload(&set_id, "a.png", &png(1290, 2796, 7)).await;
    let mut seen = Vec::new();
    for _ in 0..5 {
        let answer = client.get(&format!("/v1/appScreenshots/{id}")).await;
        seen.push(
            answer.body["data"]["attributes"]["assetDeliveryState"]["state"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(
        seen,
        [
            "UPLOAD_COMPLETE",
            "UPLOAD_COMPLETE",
            "UPLOAD_COMPLETE",
            "COMPLETE",
            "COMPLETE"
        ]
    );
    sandbox.shutdown().await;
}
