//! Token, Host check, CORS preflights, body limits, loopback binding.

use reqwest::{Method, StatusCode, header};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::helpers::{TestBridge, error_code};

#[tokio::test]
async fn routes_need_the_token_but_health_does_not() {
    let bridge = TestBridge::start().await;
    let health = bridge
        .client
        .get(bridge.url("/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);

    let missing = bridge
        .client
        .get(bridge.url("/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(missing).await, "UNAUTHORIZED");

    let wrong = bridge
        .client
        .get(bridge.url("/v1/openapi.json"))
        .bearer_auth("test-token-0123456789abcdeX")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(wrong).await, "UNAUTHORIZED");

    let not_bearer = bridge
        .client
        .get(bridge.url("/v1/openapi.json"))
        .basic_auth("x", Some(&bridge.token))
        .send()
        .await
        .unwrap();
    assert_eq!(not_bearer.status(), StatusCode::UNAUTHORIZED);

    let right = bridge
        .authed(Method::GET, "/v1/openapi.json")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_foreign_host_is_refused_even_with_the_token() {
    let bridge = TestBridge::start().await;
    for host in [
        format!("evil.example:{}", bridge.port),
        "localhost".to_owned(),
    ] {
        let response = bridge
            .authed(Method::GET, "/v1/health")
            .header(header::HOST, host.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{host}");
        assert_eq!(error_code(response).await, "FORBIDDEN_HOST");
    }
    for host in [
        format!("localhost:{}", bridge.port),
        format!("127.0.0.1:{}", bridge.port),
    ] {
        let response = bridge
            .client
            .get(bridge.url("/v1/health"))
            .header(header::HOST, host.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{host}");
    }
}

#[tokio::test]
async fn a_preflight_from_the_plugin_iframe_passes_with_private_network_access() {
    let bridge = TestBridge::start().await;
    let response = bridge
        .client
        .request(
            Method::OPTIONS,
            bridge.url("/v1/uploads/x/screenshots/de-DE/APP_IPHONE_67/1"),
        )
        .header(header::ORIGIN, "null")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type",
        )
        .header("access-control-request-private-network", "true")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let headers = response.headers();
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "null");
    assert_eq!(headers["access-control-allow-private-network"], "true");
    let methods = headers[header::ACCESS_CONTROL_ALLOW_METHODS]
        .to_str()
        .unwrap();
    assert!(
        methods.contains("PUT") && methods.contains("DELETE"),
        "{methods}"
    );
    let allowed = headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        allowed.contains("authorization") && allowed.contains("content-type"),
        "{allowed}"
    );

    let foreign = bridge
        .client
        .request(Method::OPTIONS, bridge.url("/v1/apps"))
        .header(header::ORIGIN, "https://evil.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .send()
        .await
        .unwrap();
    assert!(
        foreign
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );

    let simple = bridge
        .client
        .get(bridge.url("/v1/health"))
        .header(header::ORIGIN, "null")
        .send()
        .await
        .unwrap();
    assert_eq!(
        simple.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "null"
    );
}

#[tokio::test]
async fn an_oversized_json_body_gets_413() {
    let bridge = TestBridge::start().await;
    let big = format!(
        "{{\"openai\":{{\"apiKey\":\"{}\"}}}}",
        "k".repeat(2 * 1024 * 1024)
    );
    let response = bridge
        .authed(Method::PUT, "/v1/credentials")
        .header(header::CONTENT_TYPE, "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(response).await, "PAYLOAD_TOO_LARGE");
}

#[tokio::test]
async fn an_announced_oversized_image_gets_413_before_the_body_is_read() {
    let bridge = TestBridge::start().await;
    let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", bridge.port))
        .await
        .unwrap();
    let request = format!(
        "PUT /v1/uploads/00000000-0000-4000-8000-000000000000/screenshots/de-DE/APP_IPHONE_67/1 \
         HTTP/1.1\r\nHost: localhost:{}\r\nAuthorization: Bearer {}\r\nContent-Type: image/png\r\n\
         Content-Length: {}\r\n\r\n",
        bridge.port,
        bridge.token,
        60 * 1024 * 1024
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = socket.read(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer[..n]);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("PAYLOAD_TOO_LARGE"), "{text}");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_error_format() {
    let bridge = TestBridge::start().await;
    let missing = bridge
        .authed(Method::GET, "/v1/nothing")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(missing).await, "NOT_FOUND");
    let wrong_method = bridge
        .authed(Method::DELETE, "/v1/health")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_code(wrong_method).await, "METHOD_NOT_ALLOWED");
}

#[tokio::test]
async fn a_non_loopback_address_is_refused_unless_allowed() {
    use shotbridge::bridge::server::{BindError, bind};
    let err = bind("0.0.0.0:0".parse().unwrap(), false).await.unwrap_err();
    assert!(matches!(err, BindError::NotLoopback(_)));
    assert!(err.to_string().contains("--allow-non-loopback"));
    assert!(bind("0.0.0.0:0".parse().unwrap(), true).await.is_ok());
}
