//! Response bodies checked against the response schemas of Apple's OpenAPI document (the
//! trimmed copy in `fixtures/asc-openapi-responses.json`, see `fixtures/SOURCES.md`).
//! Resource `attributes` and `relationships` are closed here, so an attribute Apple does not
//! define fails the check.

use std::sync::OnceLock;

use reqwest::StatusCode;
use serde_json::{Value, json};
use shotbridge::sandbox::SandboxConfig;
use shotbridge::sandbox::seed::demo;

use super::support::start;

const RESOURCES: [&str; 5] = [
    "App",
    "AppStoreVersion",
    "AppStoreVersionLocalization",
    "AppScreenshotSet",
    "AppScreenshot",
];

fn defs() -> &'static Value {
    static DEFS: OnceLock<Value> = OnceLock::new();
    DEFS.get_or_init(|| {
        let fixture: Value =
            serde_json::from_str(include_str!("../fixtures/asc-openapi-responses.json")).unwrap();
        let mut defs = fixture["$defs"].clone();
        for name in RESOURCES {
            for member in ["attributes", "relationships"] {
                defs[name]["properties"][member]["additionalProperties"] = json!(false);
            }
        }
        defs
    })
}

/// Fails the test unless `body` validates against Apple's schema `name`.
pub fn assert_schema(name: &str, body: &Value) {
    assert!(
        defs().get(name).is_some(),
        "no schema {name} in the fixture"
    );
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/$defs/{name}"),
        "$defs": defs(),
    });
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} does not validate:\n{}\n{body:#}",
        errors.join("\n")
    );
}

#[test]
fn the_check_rejects_invented_attributes() {
    let body = json!({"data": {"type": "apps", "id": "1", "attributes": {"name": "x", "color": "red"}},
                      "links": {"self": "http://x/v1/apps/1"}});
    let schema = json!({"$ref": "#/$defs/AppResponse", "$defs": defs()});
    assert!(!jsonschema::validator_for(&schema).unwrap().is_valid(&body));
}

#[tokio::test]
async fn error_bodies_and_remaining_documents_match_apple_schemas() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let app = client
        .get(&format!(
            "/v1/apps/{}?include=appStoreVersions",
            demo::APP_ID
        ))
        .await;
    assert_eq!(app.status, StatusCode::OK);
    assert_schema("AppResponse", &app.body);
    assert_eq!(app.body["included"].as_array().unwrap().len(), 3);

    let versions = client
        .get(&format!(
            "/v1/apps/{}/appStoreVersions?include=appStoreVersionLocalizations,app",
            demo::APP_ID
        ))
        .await;
    assert_schema("AppStoreVersionsResponse", &versions.body);

    let loc = client
        .get(&format!(
            "/v1/appStoreVersionLocalizations/{}",
            demo::IOS_EN_US_LOCALIZATION_ID
        ))
        .await;
    assert_eq!(loc.status, StatusCode::OK);
    assert_schema("AppStoreVersionLocalizationResponse", &loc.body);

    let set = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPHONE_65")
        .await;
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();
    client.reserve(&set_id, "a.png", 10).await;
    let shots = client
        .get(&format!(
            "/v1/appScreenshotSets/{set_id}/appScreenshots?include=appScreenshotSet"
        ))
        .await;
    assert_eq!(shots.status, StatusCode::OK);
    assert_schema("AppScreenshotsResponse", &shots.body);
    let one = client
        .get(&format!(
            "/v1/appScreenshotSets/{set_id}?include=appScreenshots"
        ))
        .await;
    assert_schema("AppScreenshotSetResponse", &one.body);

    for answer in [
        client.get("/v1/apps?filter[colour]=red").await,
        client.get("/v1/nothingHere").await,
        client.get("/v1/apps/404").await,
        client
            .create_localization(demo::IOS_VERSION_ID, "en-US")
            .await,
    ] {
        assert!(answer.status.is_client_error());
        assert_schema("ErrorResponse", &answer.body);
    }
    sandbox.shutdown().await;
}
