//! Apple's refusals: conflicts, failed processing, incomplete commits, bad tokens, bad queries,
//! bad bodies, the hourly budget.

use p256::SecretKey;
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use serde_json::json;
use shotbridge::sandbox::seed::demo;
use shotbridge::sandbox::{AssetState, RateLimit, SandboxConfig};

use super::support::{Client, TokenSpec, error, md5_hex, now, png, rgba_png, sign, start};

#[tokio::test]
async fn duplicate_unknown_locale_and_locked_version() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    assert_eq!(
        client
            .create_localization(demo::IOS_VERSION_ID, "ja")
            .await
            .status,
        StatusCode::CREATED
    );
    let again = client.create_localization(demo::IOS_VERSION_ID, "ja").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let e = error(&again);
    assert_eq!(e["code"], "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE");
    assert_eq!(
        e["detail"],
        "Entity with locale: 'ja' already exists. Try updating."
    );
    assert_eq!(e["source"]["pointer"], "/data/attributes/locale");

    let unknown = client
        .create_localization(demo::IOS_VERSION_ID, "ja-JP")
        .await;
    assert_eq!(unknown.status, StatusCode::CONFLICT);
    assert_eq!(error(&unknown)["code"], "ENTITY_ERROR.ATTRIBUTE.INVALID");

    let create = |attributes: serde_json::Value| {
        json!({"data": {"type": "appStoreVersionLocalizations", "attributes": attributes,
            "relationships": {"appStoreVersion": {"data": {"type": "appStoreVersions", "id": demo::IOS_VERSION_ID}}}}})
    };
    let not_a_url = client
        .post(
            "/v1/appStoreVersionLocalizations",
            create(json!({"locale": "it", "supportUrl": "example dot com"})),
        )
        .await;
    assert_eq!(not_a_url.status, StatusCode::CONFLICT);
    assert_eq!(error(&not_a_url)["code"], "ENTITY_ERROR.ATTRIBUTE.INVALID");
    assert_eq!(
        error(&not_a_url)["source"]["pointer"],
        "/data/attributes/supportUrl"
    );
    let urls = client
        .post(
            "/v1/appStoreVersionLocalizations",
            create(json!({"locale": "it", "supportUrl": "https://example.com/help", "marketingUrl": null})),
        )
        .await;
    assert_eq!(urls.status, StatusCode::CREATED);

    let locked = client
        .create_localization(demo::LOCKED_VERSION_ID, "fr-FR")
        .await;
    assert_eq!(locked.status, StatusCode::CONFLICT);
    assert_eq!(error(&locked)["code"], "STATE_ERROR");
    let live = client
        .create_set(demo::IOS_LIVE_EN_US_LOCALIZATION_ID, "APP_IPHONE_67")
        .await;
    assert_eq!(error(&live)["code"], "STATE_ERROR");
    let world = sandbox.snapshot().await;
    assert!(
        world
            .localization(demo::LOCKED_EN_US_LOCALIZATION_ID)
            .unwrap()
            .screenshot_sets
            .is_empty()
    );
    assert_eq!(
        world.app(demo::LOCKED_BUNDLE_ID).unwrap().versions[0]
            .localizations
            .len(),
        1
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn sets_hold_ten_and_each_display_type_once() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let set = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPHONE_67")
        .await;
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();
    let twice = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPHONE_67")
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let bad_type = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPHONE_69")
        .await;
    assert_eq!(error(&bad_type)["code"], "ENTITY_ERROR.ATTRIBUTE.INVALID");
    for i in 0..10 {
        let r = client.reserve(&set_id, &format!("{i}.png"), 1000).await;
        assert_eq!(r.status, StatusCode::CREATED, "reservation {i}");
    }
    let eleventh = client.reserve(&set_id, "10.png", 1000).await;
    assert_eq!(eleventh.status, StatusCode::CONFLICT);
    assert_eq!(error(&eleventh)["code"], "STATE_ERROR");
    let world = sandbox.snapshot().await;
    assert_eq!(world.screenshots().count(), 10);

    // A reorder must name exactly the set's screenshots.
    let order = client
        .get(&format!(
            "/v1/appScreenshotSets/{set_id}/relationships/appScreenshots"
        ))
        .await;
    let mut ids: Vec<serde_json::Value> = order.body["data"].as_array().unwrap().clone();
    ids.pop();
    let partial = client
        .patch(
            &format!("/v1/appScreenshotSets/{set_id}/relationships/appScreenshots"),
            json!({ "data": ids }),
        )
        .await;
    assert_eq!(partial.status, StatusCode::CONFLICT);
    assert_eq!(error(&partial)["code"], "ENTITY_ERROR.RELATIONSHIP.INVALID");
    sandbox.shutdown().await;
}

async fn processed(client: &Client, display_type: &str, bytes: &[u8]) -> serde_json::Value {
    let set = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, display_type)
        .await;
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();
    let id = client.upload(&set_id, "shot.png", bytes).await;
    client.wait_processed(&id).await
}

#[tokio::test]
async fn processing_refuses_wrong_size_alpha_and_garbage() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    // 1284×2778 is a 6.5" size, not accepted for APP_IPHONE_67.
    let wrong = processed(&client, "APP_IPHONE_67", &png(1284, 2778, 3)).await;
    let state = &wrong["data"]["attributes"]["assetDeliveryState"];
    assert_eq!(state["state"], "FAILED");
    assert_eq!(state["errors"][0]["code"], "IMAGE_INCORRECT_DIMENSIONS");
    assert!(
        state["errors"][0]["description"]
            .as_str()
            .unwrap()
            .contains("1284x2778")
    );
    assert_eq!(wrong["data"]["attributes"]["imageAsset"], json!(null));

    let alpha = processed(&client, "APP_IPHONE_65", &rgba_png(1284, 2778)).await;
    let state = &alpha["data"]["attributes"]["assetDeliveryState"];
    assert_eq!(state["state"], "FAILED");
    assert_eq!(state["errors"][0]["code"], "IMAGE_ALPHA_NOT_ALLOWED");

    let garbage = processed(&client, "APP_IPHONE_61", b"this is not an image at all").await;
    assert_eq!(
        garbage["data"]["attributes"]["assetDeliveryState"]["state"],
        "FAILED"
    );

    // A checksum that does not match the bytes fails processing too.
    let set = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPHONE_58")
        .await;
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();
    let bytes = png(1170, 2532, 4);
    let r = client.reserve(&set_id, "a.png", bytes.len()).await;
    client.put_parts(&r.body, &bytes).await;
    let id = r.body["data"]["id"].as_str().unwrap();
    assert_eq!(
        client.commit(id, &md5_hex(b"other bytes")).await.status,
        StatusCode::OK
    );
    let mismatch = client.wait_processed(id).await;
    assert_eq!(
        mismatch["data"]["attributes"]["assetDeliveryState"]["state"],
        "FAILED"
    );

    let world = sandbox.snapshot().await;
    assert_eq!(
        world
            .screenshots()
            .filter(|s| s.state == AssetState::FAILED)
            .count(),
        4
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_commit_before_every_byte_arrived_is_refused() {
    let (sandbox, client) = start(SandboxConfig {
        part_size: 1000,
        ..SandboxConfig::default()
    })
    .await;
    let set = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPHONE_67")
        .await;
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();
    let bytes = png(1290, 2796, 5);
    let r = client.reserve(&set_id, "a.png", bytes.len()).await;
    let id = r.body["data"]["id"].as_str().unwrap().to_owned();
    let ops = r.body["data"]["attributes"]["uploadOperations"]
        .as_array()
        .unwrap();
    assert_eq!(client.put_part(&ops[0], &bytes).await, StatusCode::OK);
    let early = client.commit(&id, &md5_hex(&bytes)).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(
        early.body["errors"][0]["source"]["pointer"],
        "/data/attributes/uploaded"
    );
    let world = sandbox.snapshot().await;
    let shot = world.screenshots().next().unwrap();
    assert_eq!(shot.state, AssetState::AWAITING_UPLOAD);
    assert_eq!(shot.bytes_received, 1000);

    // A part with the wrong Content-Type or length is refused; the rest completes it.
    let op = &ops[1];
    let wrong = client
        .http
        .put(op["url"].as_str().unwrap())
        .header("Content-Type", "image/jpeg")
        .body(vec![0u8; 1000])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let short = client
        .http
        .put(op["url"].as_str().unwrap())
        .header("Content-Type", "image/png")
        .body(vec![0u8; 10])
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), StatusCode::BAD_REQUEST);
    client.put_parts(&r.body, &bytes).await;
    assert_eq!(
        client.commit(&id, &md5_hex(&bytes)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        client.put_part(&ops[0], &bytes).await,
        StatusCode::FORBIDDEN,
        "parts after the commit"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bad_tokens_get_not_authorized() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let c = sandbox.credentials().clone();
    let pem = c.private_key_pem.expose_secret().to_owned();
    let other = SecretKey::from_slice(&[7u8; 32]).unwrap();
    let other_pem = other.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
    let good = TokenSpec {
        kid: &c.key_id,
        issuer: &c.issuer_id,
        audience: "appstoreconnect-v1",
        iat: now() - 10,
        exp: now() + 600,
        key_pem: &pem,
    };
    let cases = [
        (
            "wrong kid",
            TokenSpec {
                kid: "WRONGKID00",
                ..good
            },
        ),
        (
            "expired",
            TokenSpec {
                iat: now() - 1300,
                exp: now() - 100,
                ..good
            },
        ),
        (
            "lifetime over 20 minutes",
            TokenSpec {
                exp: now() + 1300,
                ..good
            },
        ),
        (
            "wrong signature",
            TokenSpec {
                key_pem: &other_pem,
                ..good
            },
        ),
        (
            "wrong audience",
            TokenSpec {
                audience: "appstoreconnect-v2",
                ..good
            },
        ),
        (
            "wrong issuer",
            TokenSpec {
                issuer: "00000000-0000-0000-0000-000000000000",
                ..good
            },
        ),
    ];
    for (why, spec) in cases {
        let response = client
            .http
            .get(format!("{}/v1/apps", client.base))
            .bearer_auth(sign(&spec))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{why}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "NOT_AUTHORIZED", "{why}");
    }
    let none = client
        .http
        .get(format!("{}/v1/apps", client.base))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(client.get("/v1/apps").await.status, StatusCode::OK);

    // An extra key works once registered, and not after it is revoked.
    let public = other
        .public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    sandbox.add_key("EXTRAKEY01", &public).await.unwrap();
    let extra = sign(&TokenSpec {
        kid: "EXTRAKEY01",
        key_pem: &other_pem,
        ..good
    });
    let ok = client
        .http
        .get(format!("{}/v1/apps", client.base))
        .bearer_auth(&extra)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(sandbox.revoke_key("EXTRAKEY01").await);
    let revoked = client
        .http
        .get(format!("{}/v1/apps", client.base))
        .bearer_auth(&extra)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sandbox.requests().await.counters.unauthorized, 8);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bad_queries_paths_and_bodies() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let unknown = client.get("/v1/apps?filter[colour]=red").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&unknown)["code"], "PARAMETER_ERROR.ILLEGAL");
    assert_eq!(error(&unknown)["source"]["parameter"], "filter[colour]");
    let too_many = client
        .get(&format!(
            "/v1/appStoreVersionLocalizations/{}/appScreenshotSets?limit[appScreenshots]=51",
            demo::IOS_EN_US_LOCALIZATION_ID
        ))
        .await;
    assert_eq!(error(&too_many)["code"], "PARAMETER_ERROR.INVALID");
    let bad_enum = client
        .get(&format!(
            "/v1/apps/{}/appStoreVersions?filter[platform]=ANDROID",
            demo::APP_ID
        ))
        .await;
    assert_eq!(error(&bad_enum)["code"], "PARAMETER_ERROR.INVALID");
    let path = client.get("/v1/appScreenshotz").await;
    assert_eq!(
        (path.status, error(&path)["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("PATH_ERROR"))
    );
    let id = client.get("/v1/appScreenshots/nope").await;
    assert_eq!(
        (id.status, error(&id)["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("NOT_FOUND"))
    );
    let method = client.delete("/v1/apps").await;
    assert_eq!(error(&method)["code"], "METHOD_NOT_ALLOWED");

    let set = client
        .create_set(demo::IOS_EN_US_LOCALIZATION_ID, "APP_IPHONE_67")
        .await;
    let set_id = set.body["data"]["id"].as_str().unwrap().to_owned();
    let rel = json!({"appScreenshotSet": {"data": {"type": "appScreenshotSets", "id": set_id}}});
    let cases = [
        (
            json!({"data": {"type": "appScreenshot", "attributes": {"fileName": "a.png", "fileSize": 1}, "relationships": rel}}),
            422,
            "ENTITY_UNPROCESSABLE",
        ),
        (
            json!({"data": {"type": "appScreenshots", "attribute": {"fileName": "a.png", "fileSize": 1}, "relationships": rel}}),
            422,
            "ENTITY_UNPROCESSABLE",
        ),
        (
            json!({"data": {"type": "appScreenshots", "attributes": {"fileName": "a.png", "fileSize": "1"}, "relationships": rel}}),
            422,
            "ENTITY_UNPROCESSABLE",
        ),
        (
            json!({"data": {"type": "appScreenshots", "attributes": {"fileName": "a.png"}, "relationships": rel}}),
            409,
            "ENTITY_ERROR.ATTRIBUTE.REQUIRED",
        ),
        (
            json!({"data": {"type": "appScreenshots", "attributes": {"fileName": "a.png", "fileSize": 1, "md5": "x"}, "relationships": rel}}),
            409,
            "ENTITY_ERROR.ATTRIBUTE.UNKNOWN",
        ),
        (
            json!({"data": {"type": "appScreenshots", "attributes": {"fileName": "a.png", "fileSize": 1}}}),
            409,
            "ENTITY_ERROR.RELATIONSHIP.REQUIRED",
        ),
        (
            json!({"data": {"type": "appScreenshots", "attributes": {"fileName": "a.png", "fileSize": 1},
            "relationships": {"appScreenshotSet": {"data": {"type": "appStoreVersionLocalizations", "id": set_id}}}}}),
            409,
            "ENTITY_ERROR.RELATIONSHIP.INVALID",
        ),
    ];
    for (body, status, code) in cases {
        let answer = client.post("/v1/appScreenshots", body.clone()).await;
        assert_eq!(answer.status.as_u16(), status, "{body}");
        assert_eq!(error(&answer)["code"], code, "{body}");
    }
    assert_eq!(sandbox.snapshot().await.screenshots().count(), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_hourly_budget_is_reported_and_enforced() {
    let (sandbox, client) = start(SandboxConfig {
        rate_limit: RateLimit { per_hour: 3 },
        ..SandboxConfig::default()
    })
    .await;
    for left in [2, 1, 0] {
        let answer = client.get("/v1/apps").await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(
            answer.headers["x-rate-limit"],
            format!("user-hour-lim:3;user-hour-rem:{left};").as_str()
        );
    }
    let refused = client.get("/v1/apps").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error(&refused)["code"], "RATE_LIMIT_EXCEEDED");
    assert!(refused.headers.contains_key("retry-after"));
    assert_eq!(sandbox.requests().await.counters.rate_limited, 1);
    sandbox.shutdown().await;
}
