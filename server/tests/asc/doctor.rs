//! `shotbridge doctor`, run as the real binary against a mock ASC (and a mock OpenAI).

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::{ISSUER_ID, KEY_ID, asc_error, ok};

pub(super) struct Run {
    pub code: Option<i32>,
    pub stdout: String,
}

pub(super) async fn doctor(env: &[(&str, String)]) -> Run {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_shotbridge"));
    command.arg("doctor");
    for name in [
        "ASC_API_URL",
        "ASC_ISSUER_ID",
        "ASC_KEY_ID",
        "ASC_PRIVATE_KEY",
        "ASC_PRIVATE_KEY_PATH",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "GEMINI_API_KEY",
        "GEMINI_BASE_URL",
    ] {
        command.env_remove(name);
    }
    command.env("RUST_LOG", "warn");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().await.unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    }
}

fn asc_env(server: &MockServer, key_file: &str) -> Vec<(&'static str, String)> {
    vec![
        ("ASC_API_URL", server.uri()),
        ("ASC_ISSUER_ID", ISSUER_ID.to_owned()),
        ("ASC_KEY_ID", KEY_ID.to_owned()),
        (
            "ASC_PRIVATE_KEY_PATH",
            format!(
                "{}/tests/fixtures/keys/{key_file}",
                env!("CARGO_MANIFEST_DIR")
            ),
        ),
    ]
}

#[tokio::test]
async fn a_working_key_lists_the_apps_and_checks_the_provider() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/apps"))
        .respond_with(ok(json!({"data": [
            {"type": "apps", "id": "1111", "attributes": {"name": "Tide Tables", "bundleId": "com.example.tides"}},
            {"type": "apps", "id": "2222", "attributes": {"name": "Night Sky", "bundleId": "com.example.sky"}}],
            "links": {"self": "x"}})))
        .expect(1).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/openai/v1/models"))
        .and(header("authorization", "Bearer sk-test-do-not-print"))
        .respond_with(ok(json!({"object": "list", "data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let mut env = asc_env(&server, "p256.p8");
    env.push(("OPENAI_API_KEY", "sk-test-do-not-print".to_owned()));
    env.push(("OPENAI_BASE_URL", format!("{}/openai/v1", server.uri())));
    let run = doctor(&env).await;
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    for expected in [
        "the key works",
        "Tide Tables",
        "com.example.tides",
        "1111",
        "Night Sky",
        "OpenAI is reachable",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing {expected:?} in:\n{}",
            run.stdout
        );
    }
    assert!(
        !run.stdout.contains("sk-test-do-not-print") && !run.stdout.contains("BEGIN"),
        "a key was printed:\n{}",
        run.stdout
    );
    super::contract::assert_valid(&server.received_requests().await.unwrap());
}

#[tokio::test]
async fn a_rejected_key_says_what_to_check_and_fails() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/apps"))
        .respond_with(asc_error(401, "NOT_AUTHORIZED", "Authentication credentials are missing or invalid.", "Provide a properly configured and signed bearer token, and make sure that it has not expired."))
        .mount(&server).await;
    let run = doctor(&asc_env(&server, "p256.p8")).await;
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    for expected in [
        "Apple rejected the key",
        "Key ID",
        "Issuer ID",
        "revoked",
        "clock",
        "pseudo (offline)",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing {expected:?} in:\n{}",
            run.stdout
        );
    }
}

#[tokio::test]
async fn missing_credentials_say_what_to_set() {
    let run = doctor(&[]).await;
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert!(
        run.stdout.contains("ASC_ISSUER_ID") && run.stdout.contains("ASC_PRIVATE_KEY_PATH"),
        "{}",
        run.stdout
    );
}

#[tokio::test]
async fn a_key_that_cannot_sign_is_reported_before_anything_is_sent() {
    let server = MockServer::start().await;
    let run = doctor(&asc_env(&server, "p256-sec1.pem")).await;
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert!(run.stdout.contains("PKCS#8"), "{}", run.stdout);
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "a request was sent with a bad key"
    );
}

#[tokio::test]
async fn a_rejected_gemini_key_is_reported() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1beta/models")).and(header("x-goog-api-key", "gm-test"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {"code": 400, "message": "API key not valid.", "status": "INVALID_ARGUMENT"}})))
        .expect(1).mount(&server).await;
    let run = doctor(&[
        ("GEMINI_API_KEY", "gm-test".to_owned()),
        ("GEMINI_BASE_URL", server.uri()),
    ])
    .await;
    assert!(
        run.stdout.contains("Gemini rejected the key"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("gm-test"));
}
