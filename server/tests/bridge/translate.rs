//! `POST /v1/translate`: JSON by default, NDJSON lines per locale with the matching `Accept`.

use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use super::helpers::{TestBridge, error_code};

fn request() -> Value {
    json!({
        "sourceLocale": "en-US",
        "targetLocales": ["de-DE", "ja", "ar-SA"],
        "provider": "pseudo",
        "strings": [{ "id": "title", "text": "Track every habit" }, { "id": "cta", "text": "Start now" }],
    })
}

#[tokio::test]
async fn json_answers_every_locale_and_string() {
    let bridge = TestBridge::start().await;
    let response = bridge
        .authed(Method::POST, "/v1/translate")
        .json(&request())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    for locale in ["de-DE", "ja", "ar-SA"] {
        let strings = body["translations"][locale].as_object().unwrap();
        assert_eq!(strings.len(), 2, "{locale}");
        assert_ne!(strings["title"], "Track every habit");
    }
}

#[tokio::test]
async fn ndjson_streams_one_line_per_locale_then_a_summary() {
    let bridge = TestBridge::start().await;
    let response = bridge
        .authed(Method::POST, "/v1/translate")
        .header(header::ACCEPT, "application/x-ndjson")
        .json(&request())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/x-ndjson"
    );
    let text = response.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{text}");
    let mut locales: Vec<&str> = lines[..3]
        .iter()
        .map(|l| l["locale"].as_str().unwrap())
        .collect();
    locales.sort_unstable();
    assert_eq!(locales, ["ar-SA", "de-DE", "ja"]);
    assert!(lines[..3].iter().all(|l| l["type"] == "locale"));
    assert_eq!(lines[3]["type"], "summary");
}

#[tokio::test]
async fn a_provider_without_a_key_is_a_clear_error() {
    let bridge = TestBridge::start().await;
    let mut body = request();
    body["provider"] = json!("openai");
    let response = bridge
        .authed(Method::POST, "/v1/translate")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(error_code(response).await, "BAD_REQUEST");
}
