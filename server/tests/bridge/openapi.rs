//! The served OpenAPI document lists exactly the routes of the contract, and each of them is
//! routed (none of them falls through to the 404 fallback).

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::helpers::TestBridge;

/// The routes DESIGN.md promises, plus the document itself and the sandbox's contents.
const CONTRACT: &[(&str, &str)] = &[
    ("get", "/v1/health"),
    ("get", "/v1/openapi.json"),
    ("put", "/v1/credentials"),
    ("get", "/v1/apps"),
    ("get", "/v1/apps/{id}/versions"),
    ("post", "/v1/translate"),
    ("post", "/v1/uploads"),
    (
        "put",
        "/v1/uploads/{id}/screenshots/{locale}/{displayType}/{position}",
    ),
    ("get", "/v1/uploads/{id}"),
    ("get", "/v1/uploads/{id}/events"),
    ("delete", "/v1/uploads/{id}"),
    ("get", "/v1/sandbox"),
];

#[tokio::test]
async fn the_document_lists_every_route_and_every_listed_route_is_served() {
    let bridge = TestBridge::start().await;
    let doc: Value = bridge
        .authed(Method::GET, "/v1/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut listed = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            listed.insert((method.clone(), path.clone()));
        }
    }
    let contract: BTreeSet<(String, String)> = CONTRACT
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(listed, contract);

    for (method, path) in &listed {
        let concrete = path
            .replace("{id}", "00000000-0000-4000-8000-000000000000")
            .replace("{locale}", "de-DE")
            .replace("{displayType}", "APP_IPHONE_67")
            .replace("{position}", "1");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let response = bridge
            .authed(method.clone(), &concrete)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap_or_default();
        let fell_through = status == StatusCode::NOT_FOUND
            && body["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("no such route");
        assert!(
            !fell_through && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
    }
}
