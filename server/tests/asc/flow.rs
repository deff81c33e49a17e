//! The whole single-screenshot flow against a mock ASC: find the app, pick the editable
//! version, add the localization, create the set, reserve, upload two parts, commit, poll until
//! COMPLETE, set the order, and read the set back.

use bytes::Bytes;
use md5::{Digest, Md5};
use serde_json::json;
use shotbridge::asc::{AssetState, Platform};
use shotbridge_shared::{DisplayType, Locale};
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::contract;
use super::support::{client, ok};

fn screenshot(id: &str, state: &str, checksum: Option<&str>) -> serde_json::Value {
    json!({"type": "appScreenshots", "id": id, "attributes": {
        "fileName": "01-home.png", "fileSize": 1000, "sourceFileChecksum": checksum,
        "assetDeliveryState": {"state": state, "errors": [], "warnings": []}}})
}

async fn mount_flow(server: &MockServer, md5_hex: &str) {
    let uri = server.uri();
    Mock::given(method("GET")).and(path("/v1/apps")).and(query_param("filter[bundleId]", "com.example.app"))
        .respond_with(ok(json!({"data": [{"type": "apps", "id": "app-1",
            "attributes": {"name": "Example", "bundleId": "com.example.app", "sku": "EX1", "primaryLocale": "en-US"},
            "relationships": {"appStoreVersions": {"data": [{"type": "appStoreVersions", "id": "v-10"}]}}}],
            "included": [{"type": "appStoreVersions", "id": "v-10", "attributes": {"platform": "IOS"}}],
            "links": {"self": format!("{uri}/v1/apps")}})))
        .expect(1).mount(server).await;
    Mock::given(method("GET")).and(path("/v1/apps/app-1/appStoreVersions")).and(query_param("filter[platform]", "IOS"))
        .respond_with(ok(json!({"data": [
            {"type": "appStoreVersions", "id": "v-11", "attributes": {"platform": "IOS", "versionString": "1.1", "appVersionState": "PREPARE_FOR_SUBMISSION"}},
            {"type": "appStoreVersions", "id": "v-10", "attributes": {"platform": "IOS", "versionString": "1.0", "appVersionState": "READY_FOR_DISTRIBUTION"}}],
            "links": {"self": "x"}})))
        .expect(1).mount(server).await;
    Mock::given(method("GET")).and(path("/v1/appStoreVersions/v-11/appStoreVersionLocalizations"))
        .respond_with(ok(json!({"data": [{"type": "appStoreVersionLocalizations", "id": "loc-en",
            "attributes": {"locale": "en-US"}, "relationships": {"appScreenshotSets": {"data": [{"type": "appScreenshotSets", "id": "set-en"}]}}}],
            "included": [{"type": "appScreenshotSets", "id": "set-en", "attributes": {"screenshotDisplayType": "APP_IPHONE_67"}}],
            "links": {"self": "x"}})))
        .expect(1).mount(server).await;
    Mock::given(method("POST")).and(path("/v1/appStoreVersionLocalizations"))
        .and(body_partial_json(json!({"data": {"attributes": {"locale": "de-DE"}}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"type": "appStoreVersionLocalizations", "id": "loc-de", "attributes": {"locale": "de-DE"}}})))
        .expect(1).mount(server).await;
    Mock::given(method("GET"))
        .and(path(
            "/v1/appStoreVersionLocalizations/loc-de/appScreenshotSets",
        ))
        .respond_with(ok(json!({"data": [], "links": {"self": "x"}})))
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("POST")).and(path("/v1/appScreenshotSets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"type": "appScreenshotSets", "id": "set-de", "attributes": {"screenshotDisplayType": "APP_IPHONE_67"}}})))
        .expect(1).mount(server).await;
    Mock::given(method("POST")).and(path("/v1/appScreenshots"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"type": "appScreenshots", "id": "shot-1", "attributes": {
            "fileName": "01-home.png", "fileSize": 1000, "sourceFileChecksum": null, "assetType": "SCREENSHOT",
            "assetDeliveryState": {"state": "AWAITING_UPLOAD", "errors": [], "warnings": []},
            "uploadOperations": [
                {"method": "PUT", "url": format!("{uri}/blob/shot-1?partNumber=1&Signature=s3cr3t"), "offset": 0, "length": 600,
                 "requestHeaders": [{"name": "Content-Type", "value": "image/png"}]},
                {"method": "PUT", "url": format!("{uri}/blob/shot-1?partNumber=2&Signature=s3cr3t"), "offset": 600, "length": 400,
                 "requestHeaders": [{"name": "Content-Type", "value": "image/png"}]}]}}})))
        .expect(1).mount(server).await;
    Mock::given(method("PUT"))
        .and(path("/blob/shot-1"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(server)
        .await;
    Mock::given(method("PATCH")).and(path("/v1/appScreenshots/shot-1"))
        .and(body_partial_json(json!({"data": {"id": "shot-1", "attributes": {"uploaded": true, "sourceFileChecksum": md5_hex}}})))
        .respond_with(ok(json!({"data": screenshot("shot-1", "UPLOAD_COMPLETE", Some(md5_hex))})))
        .expect(1).mount(server).await;
    Mock::given(method("GET"))
        .and(path("/v1/appScreenshots/shot-1"))
        .respond_with(ok(
            json!({"data": screenshot("shot-1", "UPLOAD_COMPLETE", Some(md5_hex))}),
        ))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/appScreenshots/shot-1"))
        .respond_with(ok(
            json!({"data": screenshot("shot-1", "COMPLETE", Some(md5_hex))}),
        ))
        .mount(server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(
            "/v1/appScreenshotSets/set-de/relationships/appScreenshots",
        ))
        .and(body_partial_json(
            json!({"data": [{"type": "appScreenshots", "id": "shot-1"}]}),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET")).and(path("/v1/appStoreVersionLocalizations/loc-de/appScreenshotSets"))
        .respond_with(ok(json!({"data": [{"type": "appScreenshotSets", "id": "set-de", "attributes": {"screenshotDisplayType": "APP_IPHONE_67"},
            "relationships": {"appScreenshots": {"data": [{"type": "appScreenshots", "id": "shot-1"}]}}}],
            "included": [screenshot("shot-1", "COMPLETE", Some(md5_hex))], "links": {"self": "x"}})))
        .mount(server).await;
}

#[tokio::test]
async fn one_screenshot_from_app_to_ordered_set() {
    let server = MockServer::start().await;
    let file = Bytes::from((0..1000u32).map(|i| (i % 251) as u8).collect::<Vec<_>>());
    let md5_hex = hex::encode(Md5::digest(&file));
    mount_flow(&server, &md5_hex).await;
    let asc = client(&server);

    let app = asc.find_app_by_bundle_id("com.example.app").await.unwrap();
    assert_eq!(
        (app.id.as_str(), app.name.as_str(), app.platforms.as_slice()),
        ("app-1", "Example", &[Platform::Ios][..])
    );
    let version = asc
        .find_editable_version(&app.id, Platform::Ios, None)
        .await
        .unwrap();
    assert_eq!(
        (version.id.as_str(), version.version_string.as_str()),
        ("v-11", "1.1")
    );
    let localizations = asc.list_localizations(&version.id).await.unwrap();
    assert_eq!(
        localizations[0].locale,
        Some(Locale::parse("en-US").unwrap())
    );
    let en_sets = localizations[0].screenshot_sets.as_ref().unwrap();
    assert_eq!(en_sets[0].display_type, Some(DisplayType::APP_IPHONE_67));
    let de = asc
        .create_localization(&version.id, Locale::parse("de-DE").unwrap())
        .await
        .unwrap();
    assert_eq!(de.id, "loc-de");
    assert!(asc.list_screenshot_sets(&de.id).await.unwrap().is_empty());
    let set = asc
        .create_screenshot_set(&de.id, DisplayType::APP_IPHONE_67)
        .await
        .unwrap();
    let reservation = asc
        .reserve_screenshot(&set.id, "01-home.png", file.len() as u64)
        .await
        .unwrap();
    assert_eq!(reservation.state(), Some(&AssetState::AwaitingUpload));
    assert_eq!(reservation.upload_operations.len(), 2);
    asc.upload_parts("01-home.png", &reservation.upload_operations, &file)
        .await
        .unwrap();
    let committed = asc
        .commit_screenshot(&reservation.id, &md5_hex)
        .await
        .unwrap();
    assert_eq!(committed.state(), Some(&AssetState::UploadComplete));
    let mut polls = 0;
    let done = loop {
        polls += 1;
        let shot = asc.get_screenshot(&reservation.id).await.unwrap();
        if shot.state().is_some_and(|s| s.is_terminal()) {
            break shot;
        }
        assert!(polls < 5, "processing never finished");
    };
    assert_eq!((done.state(), polls), (Some(&AssetState::Complete), 2));
    asc.set_screenshot_order(&set.id, std::slice::from_ref(&reservation.id))
        .await
        .unwrap();
    let sets = asc.list_screenshot_sets(&de.id).await.unwrap();
    assert_eq!(
        sets[0].screenshots[0].source_file_checksum.as_deref(),
        Some(md5_hex.as_str())
    );

    let requests = server.received_requests().await.unwrap();
    let puts: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path().starts_with("/blob/"))
        .collect();
    assert_eq!(puts.len(), 2);
    for put in &puts {
        assert!(
            put.headers.get("authorization").is_none(),
            "the JWT went to an upload URL"
        );
        assert_eq!(put.headers.get("content-type").unwrap(), "image/png");
        let part = put
            .url
            .query_pairs()
            .find(|(k, _)| k == "partNumber")
            .unwrap()
            .1;
        let expected = if part == "1" {
            &file[..600]
        } else {
            &file[600..]
        };
        assert_eq!(put.body, expected, "part {part} carries the wrong bytes");
    }
    let api: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path().starts_with("/v1/"))
        .collect();
    assert!(api.iter().all(|r| {
        r.headers
            .get("authorization")
            .is_some_and(|v| v.to_str().unwrap().starts_with("Bearer "))
    }));
    let stats = asc.stats();
    assert_eq!(
        (
            stats.api_requests,
            stats.upload_requests,
            stats.upload_bytes_sent
        ),
        (api.len() as u64, 2, 1000)
    );
    assert_eq!(contract::assert_valid(&requests), api.len());
}
