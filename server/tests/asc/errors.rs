//! How ASC's answers become results: pagination, the editable-version choice and its error,
//! duplicates and full sets told apart, the commit fallback, unknown values kept, explanations.

use serde_json::json;
use shotbridge::asc::{AscError, AssetState, Platform, explain};
use shotbridge_shared::{DisplayType, Locale};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

use super::contract;
use super::support::{asc_error, client, ok};

fn app(id: &str) -> serde_json::Value {
    json!({"type": "apps", "id": id, "attributes": {"name": format!("App {id}"), "bundleId": format!("com.example.{id}")}})
}

#[tokio::test]
async fn listings_follow_links_next_to_the_end() {
    let server = MockServer::start().await;
    let next = format!("{}/v1/apps?cursor=Mg&limit=200", server.uri());
    Mock::given(method("GET")).and(path("/v1/apps")).and(query_param("cursor", "Mg"))
        .respond_with(ok(json!({"data": [app("3")], "links": {"self": "x"}, "meta": {"paging": {"total": 3, "limit": 2}}})))
        .expect(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/v1/apps"))
        .respond_with(ok(json!({"data": [app("1"), app("2")], "links": {"self": "x", "next": next}, "meta": {"paging": {"total": 3, "limit": 2}}})))
        .expect(1).mount(&server).await;
    let ids: Vec<String> = client(&server)
        .list_apps()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, ["1", "2", "3"]);
    contract::assert_valid(&server.received_requests().await.unwrap());
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/apps"))
        .respond_with(ok(json!({"data": [app("1")], "links": {"next": "https://elsewhere.example.com/v1/apps?cursor=x"}})))
        .mount(&server).await;
    let error = client(&server).list_apps().await.unwrap_err();
    assert!(matches!(error, AscError::Decode { .. }), "{error}");
}

#[tokio::test]
async fn no_editable_version_names_the_states_found() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/apps/app-1/appStoreVersions"))
        .respond_with(ok(json!({"data": [
            {"type": "appStoreVersions", "id": "v2", "attributes": {"platform": "IOS", "versionString": "2.0", "appVersionState": "IN_REVIEW"}},
            {"type": "appStoreVersions", "id": "v1", "attributes": {"platform": "IOS", "versionString": "1.0", "appVersionState": "READY_FOR_DISTRIBUTION"}}],
            "links": {"self": "x"}})))
        .mount(&server).await;
    let asc = client(&server);
    let error = asc
        .find_editable_version("app-1", Platform::Ios, None)
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("2.0 is IN_REVIEW") && message.contains("1.0 is READY_FOR_DISTRIBUTION"),
        "{message}"
    );
    let error = asc
        .find_editable_version("app-1", Platform::Ios, Some("3.0"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("version 3.0"), "{error}");
}

#[tokio::test]
async fn the_highest_editable_version_or_the_named_one_is_chosen() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/apps/app-1/appStoreVersions"))
        .respond_with(ok(json!({"data": [
            {"type": "appStoreVersions", "id": "a", "attributes": {"platform": "IOS", "versionString": "2.9", "appVersionState": "METADATA_REJECTED"}},
            {"type": "appStoreVersions", "id": "b", "attributes": {"platform": "IOS", "versionString": "2.10", "appVersionState": "PREPARE_FOR_SUBMISSION"}},
            {"type": "appStoreVersions", "id": "c", "attributes": {"platform": "IOS", "versionString": "2.8", "appVersionState": "READY_FOR_SALE"}}],
            "links": {"self": "x"}})))
        .mount(&server).await;
    let asc = client(&server);
    assert_eq!(
        asc.find_editable_version("app-1", Platform::Ios, None)
            .await
            .unwrap()
            .id,
        "b"
    );
    assert_eq!(
        asc.find_editable_version("app-1", Platform::Ios, Some("2.9"))
            .await
            .unwrap()
            .id,
        "a"
    );
}

#[tokio::test]
async fn a_duplicate_locale_is_reported_distinctly() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/appStoreVersionLocalizations"))
        .respond_with(asc_error(
            409,
            "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE",
            "The provided entity includes an attribute with a value that has already been used",
            "Entity with locale: 'ja' already exists. Try updating.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .create_localization("v1", Locale::parse("ja").unwrap())
        .await
        .unwrap_err();
    assert!(error.is_duplicate() && !error.is_uncertain(), "{error}");
    assert!(
        error.has_code("ENTITY_ERROR")
            && error.has_code("ENTITY_ERROR.ATTRIBUTE.INVALID")
            && !error.has_code("ENTITY_ERR")
    );
    assert_eq!(error.status(), Some(409));
    contract::assert_valid(&server.received_requests().await.unwrap());
}

#[tokio::test]
async fn a_full_set_is_reported_distinctly() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/appScreenshots"))
        .respond_with(asc_error(
            409,
            "STATE_ERROR",
            "Too many screenshots (10)",
            "",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .reserve_screenshot("set-1", "11.png", 100)
        .await
        .unwrap_err();
    assert!(error.is_set_full() && !error.is_duplicate(), "{error}");
    assert!(error.to_string().contains("at most 10"), "{error}");
}

#[tokio::test]
async fn a_failed_commit_is_accepted_when_the_screenshot_is_already_committed() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1/appScreenshots/s1"))
        .respond_with(asc_error(
            409,
            "STATE_ERROR",
            "The request cannot be fulfilled because of the state of another resource.",
            "",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/v1/appScreenshots/s1"))
        .respond_with(ok(json!({"data": {"type": "appScreenshots", "id": "s1", "attributes": {
            "sourceFileChecksum": "0123456789abcdef0123456789abcdef", "assetDeliveryState": {"state": "COMPLETE"}}}})))
        .expect(1).mount(&server).await;
    let shot = client(&server)
        .commit_screenshot("s1", "0123456789abcdef0123456789abcdef")
        .await
        .unwrap();
    assert_eq!(shot.state(), Some(&AssetState::Complete));
}

#[tokio::test]
async fn a_failed_commit_of_a_screenshot_still_awaiting_upload_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1/appScreenshots/s1"))
        .respond_with(asc_error(
            409,
            "ENTITY_ERROR",
            "The file size does not match",
            "",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/v1/appScreenshots/s1"))
        .respond_with(ok(json!({"data": {"type": "appScreenshots", "id": "s1", "attributes": {"assetDeliveryState": {"state": "AWAITING_UPLOAD"}}}})))
        .mount(&server).await;
    let error = client(&server)
        .commit_screenshot("s1", "0123456789abcdef0123456789abcdef")
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ENTITY_ERROR"));
    let bad = client(&server)
        .commit_screenshot("s1", "0123456789ABCDEF0123456789ABCDEF")
        .await
        .unwrap_err();
    assert!(
        matches!(bad, AscError::InvalidInput(_)),
        "an upper-case checksum must be refused before sending"
    );
}

#[tokio::test]
async fn unknown_display_types_and_locales_are_kept_not_fatal() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/appStoreVersionLocalizations/loc-1/appScreenshotSets"))
        .respond_with(ok(json!({"data": [
            {"type": "appScreenshotSets", "id": "s-new", "attributes": {"screenshotDisplayType": "APP_IPHONE_71"}, "relationships": {"appScreenshots": {"data": []}}},
            {"type": "appScreenshotSets", "id": "s-67", "attributes": {"screenshotDisplayType": "APP_IPHONE_67"},
             "relationships": {"appScreenshots": {"data": [{"type": "appScreenshots", "id": "b"}, {"type": "appScreenshots", "id": "a"}]}}}],
            "included": [
                {"type": "appScreenshots", "id": "a", "attributes": {"fileName": "a.png", "assetDeliveryState": {"state": "FAILED", "errors": [{"code": "IMAGE_ALPHA_NOT_ALLOWED", "description": "Alpha channel not allowed"}]}}},
                {"type": "appScreenshots", "id": "b", "attributes": {"fileName": "b.png", "assetDeliveryState": {"state": "PROCESSING_SOMEHOW"}}}],
            "links": {"self": "x"}})))
        .mount(&server).await;
    Mock::given(method("GET")).and(path("/v1/appStoreVersions/v1/appStoreVersionLocalizations"))
        .respond_with(ok(json!({"data": [{"type": "appStoreVersionLocalizations", "id": "l1", "attributes": {"locale": "xx-YY"}}], "links": {"self": "x"}})))
        .mount(&server).await;
    let asc = client(&server);
    let sets = asc.list_screenshot_sets("loc-1").await.unwrap();
    assert_eq!(
        (sets[0].display_type, sets[0].display_type_raw.as_str()),
        (None, "APP_IPHONE_71")
    );
    assert_eq!(sets[1].display_type, Some(DisplayType::APP_IPHONE_67));
    // Display order is the relationship's order, not the order of `included`.
    let order: Vec<&str> = sets[1].screenshots.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(order, ["b", "a"]);
    assert_eq!(
        sets[1].screenshots[0].state(),
        Some(&AssetState::Other("PROCESSING_SOMEHOW".into()))
    );
    let failed = &sets[1].screenshots[1];
    assert_eq!(failed.errors()[0].code, "IMAGE_ALPHA_NOT_ALLOWED");
    assert!(
        failed.errors()[0]
            .explanation()
            .unwrap()
            .contains("transparency")
    );
    let localizations = asc.list_localizations("v1").await.unwrap();
    assert_eq!(
        (
            localizations[0].locale,
            localizations[0].locale_code.as_str()
        ),
        (None, "xx-YY")
    );
    contract::assert_valid(&server.received_requests().await.unwrap());
}

#[test]
fn common_codes_have_plain_explanations_by_prefix() {
    for code in [
        "NOT_AUTHORIZED",
        "FORBIDDEN_ERROR",
        "FORBIDDEN.REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED",
        "RATE_LIMIT_EXCEEDED",
        "STATE_ERROR",
        "STATE_ERROR.SCREENSHOT_REQUIRED.APP_IPHONE_67",
        "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE",
        "ENTITY_ERROR.RELATIONSHIP.INVALID",
        "IMAGE_INCORRECT_DIMENSIONS",
        "IMAGE_ALPHA_NOT_ALLOWED",
    ] {
        assert!(explain(code).is_some(), "{code} has no explanation");
    }
    assert!(
        explain("FORBIDDEN.REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED")
            .unwrap()
            .contains("agreements")
    );
    assert!(
        explain("ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE")
            .unwrap()
            .contains("already exists")
    );
    assert_ne!(
        explain("ENTITY_ERROR.RELATIONSHIP.INVALID"),
        explain("ENTITY_ERROR")
    );
    assert_eq!(explain("SOMETHING_NEW"), None);
}
