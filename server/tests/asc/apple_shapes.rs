//! Answers Apple's document allows but a convenient mock would not send: `links.next` as a
//! relative reference (`format: uri-reference`), `null` attributes, a listing filter the server
//! did not apply. Every answer here is first checked against Apple's response schema.

use serde_json::{Value, json};
use shotbridge::asc::Platform;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

use super::contract;
use super::support::{client, ok};

/// `body` as a 200 answer, after checking Apple could send it as `schema`.
fn apple(schema: &str, body: Value) -> wiremock::ResponseTemplate {
    contract::assert_apple_shaped(schema, &body);
    ok(body)
}

fn app(id: &str) -> Value {
    json!({"type": "apps", "id": id,
        "attributes": {"name": format!("App {id}"), "bundleId": format!("com.example.{id}")},
        "links": {"self": format!("https://api.appstoreconnect.apple.com/v1/apps/{id}")}})
}

fn version(id: &str, platform: &str, version_string: &Value, state: &str) -> Value {
    json!({"type": "appStoreVersions", "id": id,
        "attributes": {"platform": platform, "versionString": version_string, "appVersionState": state}})
}

#[tokio::test]
async fn a_relative_next_link_is_followed_on_the_api_origin() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apps"))
        .and(query_param("cursor", "eyJvZmZzZXQiOiIyIn0"))
        .respond_with(apple(
            "AppsResponse",
            json!({"data": [app("3")],
            "links": {"self": "/v1/apps?cursor=eyJvZmZzZXQiOiIyIn0&limit=200"},
            "meta": {"paging": {"total": 3, "limit": 200}}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/v1/apps"))
        .respond_with(apple("AppsResponse", json!({"data": [app("1"), app("2")],
            "links": {"self": "/v1/apps?limit=200", "next": "/v1/apps?cursor=eyJvZmZzZXQiOiIyIn0&limit=200"},
            "meta": {"paging": {"total": 3, "limit": 200, "nextCursor": "eyJvZmZzZXQiOiIyIn0"}}})))
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
async fn the_editable_version_is_of_the_asked_platform_even_if_the_filter_was_not_applied() {
    let server = MockServer::start().await;
    // A server that ignores `filter[platform]` (as `filter[screenshotDisplayType]` has been seen
    // to be ignored) answers with the versions of every platform.
    Mock::given(method("GET")).and(path("/v1/apps/app-1/appStoreVersions"))
        .respond_with(apple("AppStoreVersionsResponse", json!({"data": [
            version("mac", "MAC_OS", &json!("3.0"), "PREPARE_FOR_SUBMISSION"),
            version("ios", "IOS", &json!("2.0"), "PREPARE_FOR_SUBMISSION"),
            version("tv", "TV_OS", &json!("2.5"), "PREPARE_FOR_SUBMISSION")],
            "links": {"self": "https://api.appstoreconnect.apple.com/v1/apps/app-1/appStoreVersions"}})))
        .mount(&server).await;
    let asc = client(&server);
    let chosen = asc
        .find_editable_version("app-1", Platform::Ios, None)
        .await
        .unwrap();
    assert_eq!(chosen.id, "ios");
    assert!(
        asc.find_editable_version("app-1", Platform::VisionOs, None)
            .await
            .is_err(),
        "no visionOS version exists, so none is editable"
    );
    contract::assert_valid(&server.received_requests().await.unwrap());
}

#[tokio::test]
async fn null_attributes_read_as_absent_instead_of_failing_the_listing() {
    let server = MockServer::start().await;
    let mut odd = version("odd", "IOS", &Value::Null, "PREPARE_FOR_SUBMISSION");
    odd["attributes"]["platform"] = Value::Null;
    Mock::given(method("GET")).and(path("/v1/apps/app-1/appStoreVersions"))
        .respond_with(apple("AppStoreVersionsResponse", json!({"data": [
            version("v2", "IOS", &json!("2.0"), "PREPARE_FOR_SUBMISSION"), odd],
            "links": {"self": "https://api.appstoreconnect.apple.com/v1/apps/app-1/appStoreVersions"}})))
        .mount(&server).await;
    let asc = client(&server);
    let versions = asc
        .list_versions("app-1", Some(Platform::Ios))
        .await
        .unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].version_string, "");
    assert_eq!(versions[1].platform, None);
    assert_eq!(
        asc.find_editable_version("app-1", Platform::Ios, None)
            .await
            .unwrap()
            .id,
        "v2"
    );
}

#[tokio::test]
async fn html_gateway_errors_are_retried_and_reported_by_status() {
    let server = MockServer::start().await;
    let html = "<html><head><title>502 Bad Gateway</title></head><body>Could not process this request</body></html>";
    Mock::given(method("GET"))
        .and(path("/v1/apps/app-1"))
        .respond_with(wiremock::ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apps/app-1"))
        .respond_with(apple(
            "AppResponse",
            json!({"data": app("app-1"),
            "links": {"self": "https://api.appstoreconnect.apple.com/v1/apps/app-1"}}),
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apps/app-1"))
        .respond_with(wiremock::ResponseTemplate::new(504).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let asc = client(&server);
    assert_eq!(asc.get_app("app-1").await.unwrap().id, "app-1");
    let error = asc.get_app("app-1").await.unwrap_err();
    assert_eq!(error.status(), Some(504));
    let message = error.to_string();
    assert!(
        message.contains("504") && !message.contains("<html>"),
        "{message}"
    );
}

#[tokio::test]
async fn upload_operation_headers_are_sent_once_each_even_when_they_name_the_length() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/blob/part"))
        .respond_with(wiremock::ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let asc = client(&server);
    let bytes = bytes::Bytes::from(vec![7u8; 300]);
    let operation = shotbridge::asc::UploadOperation {
        method: "put".into(),
        url: format!(
            "{}/blob/part?partNumber=1&Signature=abc%2Bdef%3D&Expires=1588275658",
            server.uri()
        ),
        offset: 100,
        length: 200,
        request_headers: vec![
            ("content-type".into(), "image/png".into()),
            ("Content-Length".into(), "200".into()),
            ("x-amz-meta-part".into(), "1".into()),
        ],
    };
    asc.upload_parts("a.png", &[operation], &bytes)
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let put = &requests[0];
    assert_eq!(put.method.as_str(), "PUT");
    assert_eq!(
        put.url.query(),
        Some("partNumber=1&Signature=abc%2Bdef%3D&Expires=1588275658")
    );
    assert_eq!(put.headers.get_all("content-length").iter().count(), 1);
    assert_eq!(put.headers.get("content-length").unwrap(), "200");
    assert_eq!(put.headers.get("x-amz-meta-part").unwrap(), "1");
    assert!(put.headers.get("authorization").is_none());
    assert_eq!(put.body.len(), 200);
}
