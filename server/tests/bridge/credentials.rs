//! `PUT /v1/credentials`: keys are checked, used, kept in the keychain on request, and never
//! come back out.

use std::sync::Arc;

use p256::pkcs8::{EncodePrivateKey, LineEnding};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use shotbridge::bridge::keychain::{MemoryKeychain, SecretStore};

use super::helpers::{TestBridge, error_code};

/// A throwaway P-256 key in the `.p8` format.
pub fn p8_key() -> String {
    let key = p256::SecretKey::from_slice(&[7u8; 32]).unwrap();
    key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string()
}

fn asc(private_key: &str) -> Value {
    json!({
        "issuerId": "57246542-96fe-1a63-e053-0824d011072a",
        "keyId": "2X9R4HXF34",
        "privateKey": private_key,
    })
}

#[tokio::test]
async fn valid_keys_are_used_and_never_returned() {
    let bridge = TestBridge::start().await;
    let pem = p8_key();
    let response = bridge
        .authed(Method::PUT, "/v1/credentials")
        .json(&json!({ "appStoreConnect": asc(&pem), "openai": { "apiKey": "sk-test-secret-1" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.text().await.unwrap().is_empty());

    let health = bridge
        .client
        .get(bridge.url("/v1/health"))
        .send()
        .await
        .unwrap();
    let text = health.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["appStoreConnect"], "configured");
    assert_eq!(body["providers"], json!(["pseudo", "openai"]));
    assert!(!text.contains("sk-test-secret-1"));
    let pem_line = pem.lines().nth(1).unwrap();
    assert!(!text.contains(pem_line));
}

#[tokio::test]
async fn a_malformed_key_is_refused_with_plain_words_and_changes_nothing() {
    let bridge = TestBridge::start().await;
    let truncated = p8_key().lines().take(2).collect::<Vec<_>>().join("\n");
    for (private_key, words) in [
        ("not a key".to_owned(), "not a PEM file"),
        (
            format!("{truncated}\n-----END PRIVATE KEY-----"),
            "App Store Connect key is refused",
        ),
    ] {
        let response = bridge
            .authed(Method::PUT, "/v1/credentials")
            .json(&json!({ "appStoreConnect": asc(&private_key) }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "INVALID_CREDENTIALS");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{message}");
    }
    let mut bad_issuer = asc(&p8_key());
    bad_issuer["issuerId"] = json!("my-team");
    let response = bridge
        .authed(Method::PUT, "/v1/credentials")
        .json(&json!({ "appStoreConnect": bad_issuer }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response).await, "INVALID_CREDENTIALS");
    assert_eq!(
        bridge.state.health().app_store_connect,
        shotbridge_shared::wire::AscStatus::Missing
    );
}

#[tokio::test]
async fn remember_keeps_the_keys_in_the_keychain_for_the_next_run() {
    let keychain = Arc::new(MemoryKeychain::default());
    let bridge = TestBridge::start_with(keychain.clone(), |_| {}).await;
    let response = bridge
        .authed(Method::PUT, "/v1/credentials")
        .json(&json!({ "gemini": { "apiKey": "gm-secret-2" }, "remember": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let stored = keychain.load().unwrap().unwrap();
    assert!(stored.expose_secret().contains("gm-secret-2"));
    bridge.stop().await;

    let next_run = TestBridge::start_with(keychain, |_| {}).await;
    let providers = next_run.state.health().providers;
    assert!(
        providers.contains(&shotbridge_shared::wire::Provider::Gemini),
        "{providers:?}"
    );
}

#[tokio::test]
async fn remember_without_a_keychain_is_refused_and_changes_nothing() {
    let bridge = TestBridge::start_with(Arc::new(MemoryKeychain::unavailable()), |_| {}).await;
    let response = bridge
        .authed(Method::PUT, "/v1/credentials")
        .json(&json!({ "openai": { "apiKey": "sk-secret-3" }, "remember": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "KEYCHAIN_UNAVAILABLE");
    assert!(!body.to_string().contains("sk-secret-3"));
    assert_eq!(
        bridge.state.health().providers,
        vec![shotbridge_shared::wire::Provider::Pseudo]
    );
}
