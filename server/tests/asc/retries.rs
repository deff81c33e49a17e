//! What is retried and what is not: 429 waits out `Retry-After`; 5xx and dropped connections
//! are retried for GET, upload PUTs and the commit PATCH; a creating POST that failed is never
//! repeated and reports "uncertain"; a 401 refreshes the token once.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde_json::json;
use shotbridge::asc::{AscClient, RateBudget, UploadOperation};
use shotbridge_shared::DisplayType;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::contract;
use super::support::{Step, asc_error, bearer_tokens, client, config_for, ok, scripted};

fn apps_page() -> serde_json::Value {
    json!({"data": [{"type": "apps", "id": "1", "attributes": {"name": "A", "bundleId": "com.a"}}], "links": {"self": "x"}})
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apps"))
        .respond_with(
            asc_error(
                429,
                "RATE_LIMIT_EXCEEDED",
                "The request rate limit has been reached.",
                "",
            )
            .insert_header("Retry-After", "1"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apps"))
        .respond_with(ok(apps_page()))
        .mount(&server)
        .await;
    let started = Instant::now();
    let apps = client(&server).list_apps().await.unwrap();
    assert_eq!(apps.len(), 1);
    // The backoff alone would wait at most 40 ms; Retry-After asked for a second.
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn server_errors_are_retried_for_get_put_and_patch() {
    let server = MockServer::start().await;
    for (verb, route) in [
        ("GET", "/v1/apps"),
        ("PUT", "/blob/1"),
        ("PATCH", "/v1/appScreenshots/s1"),
    ] {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(2)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/v1/apps"))
        .respond_with(ok(apps_page()))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/blob/1"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("PATCH")).and(path("/v1/appScreenshots/s1"))
        .respond_with(ok(json!({"data": {"type": "appScreenshots", "id": "s1", "attributes": {"assetDeliveryState": {"state": "UPLOAD_COMPLETE"}}}})))
        .mount(&server).await;
    let asc = client(&server);
    assert_eq!(asc.list_apps().await.unwrap().len(), 1);
    let op = UploadOperation {
        method: "PUT".into(),
        url: format!("{}/blob/1", server.uri()),
        offset: 0,
        length: 3,
        request_headers: vec![],
    };
    asc.upload_parts("a.png", &[op], &Bytes::from_static(b"png"))
        .await
        .unwrap();
    asc.commit_screenshot("s1", "0123456789abcdef0123456789abcdef")
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    for verb in ["GET", "PUT", "PATCH"] {
        assert_eq!(
            requests
                .iter()
                .filter(|r| r.method.as_str() == verb)
                .count(),
            3,
            "{verb} was not retried twice"
        );
    }
    assert_eq!(asc.stats().retries, 6);
    contract::assert_valid(&requests);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_get() {
    let body = apps_page().to_string();
    let server = scripted(vec![Step::Drop, Step::Respond(200, body)]).await;
    let asc = AscClient::new(config_for(&server.url)).unwrap();
    assert_eq!(asc.list_apps().await.unwrap().len(), 1);
    assert_eq!(server.connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_dropped_connection_on_the_commit_is_retried() {
    let body = json!({"data": {"type": "appScreenshots", "id": "s1", "attributes": {"assetDeliveryState": {"state": "UPLOAD_COMPLETE"}}}}).to_string();
    let server = scripted(vec![Step::Drop, Step::Respond(200, body)]).await;
    let asc = AscClient::new(config_for(&server.url)).unwrap();
    asc.commit_screenshot("s1", "0123456789abcdef0123456789abcdef")
        .await
        .unwrap();
    assert_eq!(server.connections.load(Ordering::SeqCst), 2);
    assert!(
        server
            .requests
            .lock()
            .unwrap()
            .iter()
            .all(|r| r.starts_with("PATCH /v1/appScreenshots/s1"))
    );
}

#[tokio::test]
async fn a_creating_post_that_got_a_5xx_is_not_repeated() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/appScreenshotSets"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .create_screenshot_set("loc-1", DisplayType::APP_IPHONE_67)
        .await
        .unwrap_err();
    assert!(error.is_uncertain(), "{error}");
    contract::assert_valid(&server.received_requests().await.unwrap());
}

#[tokio::test]
async fn a_creating_post_whose_connection_dropped_is_not_repeated() {
    let server = scripted(vec![Step::Drop, Step::Respond(201, "{}".into())]).await;
    let asc = AscClient::new(config_for(&server.url)).unwrap();
    let error = asc
        .reserve_screenshot("set-1", "a.png", 10)
        .await
        .unwrap_err();
    assert!(error.is_uncertain(), "{error}");
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_creating_post_refused_with_429_is_sent_again() {
    // A 429 means ASC did not act on the request, so sending it again cannot create twice.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/appScreenshotSets"))
        .respond_with(asc_error(
            429,
            "RATE_LIMIT_EXCEEDED",
            "The request rate limit has been reached.",
            "",
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path("/v1/appScreenshotSets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"type": "appScreenshotSets", "id": "set-1", "attributes": {"screenshotDisplayType": "APP_IPHONE_67"}}})))
        .expect(1).mount(&server).await;
    let set = client(&server)
        .create_screenshot_set("loc-1", DisplayType::APP_IPHONE_67)
        .await
        .unwrap();
    assert_eq!(set.id, "set-1");
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apps"))
        .respond_with(asc_error(
            401,
            "NOT_AUTHORIZED",
            "Authentication credentials are missing or invalid.",
            "Provide a properly configured and signed bearer token",
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apps"))
        .respond_with(ok(apps_page()))
        .mount(&server)
        .await;
    let asc = client(&server);
    assert_eq!(asc.list_apps().await.unwrap().len(), 1);
    let tokens = bearer_tokens(&server.received_requests().await.unwrap());
    assert_eq!(tokens.len(), 2);
    assert_ne!(
        tokens[0], tokens[1],
        "the retry must carry a newly signed token"
    );
    assert_eq!(asc.stats().token_refreshes, 1);
    // Later requests keep using the new token.
    asc.list_apps().await.unwrap();
    assert_eq!(
        bearer_tokens(&server.received_requests().await.unwrap())[2],
        tokens[1]
    );
}

#[tokio::test]
async fn a_second_401_is_reported_in_plain_words() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apps"))
        .respond_with(asc_error(
            401,
            "NOT_AUTHORIZED",
            "Authentication credentials are missing or invalid.",
            "",
        ))
        .expect(2)
        .mount(&server)
        .await;
    let error = client(&server).list_apps().await.unwrap_err();
    assert!(error.is_unauthorized());
    let message = error.to_string();
    assert!(
        message.contains("Apple rejected the API key") && message.contains("clock"),
        "{message}"
    );
    assert!(
        !message.contains("Bearer") && !message.contains("eyJ"),
        "the token leaked: {message}"
    );
}

#[tokio::test]
async fn concurrent_requests_share_one_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apps"))
        .respond_with(ok(apps_page()))
        .mount(&server)
        .await;
    let asc = client(&server);
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let asc = asc.clone();
            tokio::spawn(async move { asc.list_apps().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let tokens = bearer_tokens(&server.received_requests().await.unwrap());
    assert_eq!(tokens.len(), 8);
    assert!(tokens.iter().all(|t| t == &tokens[0]));
}

#[tokio::test]
async fn a_retried_delete_that_finds_nothing_is_done() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/appScreenshots/s1"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/appScreenshots/s1"))
        .respond_with(asc_error(
            404,
            "NOT_FOUND",
            "The specified resource does not exist",
            "",
        ))
        .mount(&server)
        .await;
    client(&server).delete_screenshot("s1").await.unwrap();
    // A 404 on the first attempt is a real error.
    let error = client(&server).delete_screenshot("s1").await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
}

#[tokio::test]
async fn the_rate_budget_is_read_from_every_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apps"))
        .respond_with(ok(apps_page()).insert_header(
            "x-rate-limit",
            "user-hour-lim:3600;user-hour-rem:3598;, user-minute-lim:150;user-minute-rem:149;",
        ))
        .mount(&server)
        .await;
    let asc = client(&server);
    assert_eq!(asc.rate_budget(), None);
    asc.list_apps().await.unwrap();
    assert_eq!(
        asc.rate_budget(),
        Some(RateBudget {
            limit: 3600,
            remaining: 3598
        })
    );
}
