//! The Gemini provider against a fake `generateContent` server.

use serde_json::{Value, json};
use shotbridge::translate::TranslateError;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::helpers::*;

const ENDPOINT: &str = "/v1beta/models/gemini-test:generateContent";

fn translating() -> impl Fn(&Request) -> ResponseTemplate {
    |r: &Request| gemini_answer(&answer_json(&translate_all(&gemini_payload(r))))
}

#[tokio::test]
async fn one_checked_request_per_locale_with_schema_and_key_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(translating())
        .mount(&server)
        .await;
    let strings = vec![
        caption("history", "bitcoin done right"),
        caption("splash", "beautiful simplicity"),
    ];
    let response = gemini_translator(&server)
        .translate(&request(&["ja", "ru"], strings))
        .await
        .unwrap();

    assert_eq!(response.warnings, vec![]);
    assert_eq!(
        response.translations["ja"]["splash"],
        "beautiful simplicityです"
    );
    assert_eq!(response.usage.requests, 2);
    assert_eq!(response.usage.input_tokens, 400);
    let received = bodies(&server).await;
    assert_eq!(received.len(), 2, "exactly one request per locale");
    for (request, body) in &received {
        assert_eq!(request.headers["x-goog-api-key"], GEMINI_KEY);
        assert!(
            !request.url.as_str().contains(GEMINI_KEY),
            "the key is not in the URL"
        );
        let config = &body["generationConfig"];
        assert_eq!(config["responseMimeType"], "application/json");
        let schema = &config["responseSchema"];
        assert_eq!(schema["type"], "OBJECT");
        assert_eq!(
            schema["properties"]["translations"]["items"]["required"],
            json!(["id", "text"])
        );
        assert_eq!(
            schema["properties"]["translations"]["items"]["properties"]["id"]["enum"],
            json!(["history", "splash"])
        );
        assert!(
            body["systemInstruction"]["parts"][0]["text"]
                .as_str()
                .unwrap()
                .contains("App Store")
        );
        assert_eq!(items(&gemini_payload(request)).len(), 2);
    }
}

#[tokio::test]
async fn a_per_minute_limit_waits_for_the_retry_delay() {
    let server = MockServer::start().await;
    let limited = json!({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota exceeded",
        "details": [
            {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
             "violations": [{"quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0s"}]}});
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(ResponseTemplate::new(429).set_body_json(limited))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(translating())
        .mount(&server)
        .await;
    let response = gemini_translator(&server)
        .translate(&request(
            &["de-DE"],
            vec![caption("send", "connects directly to the bitcoin network")],
        ))
        .await
        .unwrap();
    assert_eq!(response.warnings, vec![]);
    assert_eq!(response.usage.requests, 2);
}

async fn failing_with(status: u16, body: Value) -> (usize, TranslateError) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    let err = gemini_translator(&server)
        .translate(&request(
            &["de-DE"],
            vec![caption("new", "maximum security")],
        ))
        .await
        .unwrap_err();
    (bodies(&server).await.len(), err)
}

#[tokio::test]
async fn a_daily_quota_stops_at_once() {
    let (sent, err) = failing_with(429, json!({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED",
        "message": "You exceeded your current quota",
        "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure",
                     "violations": [{"quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]},
                    {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "12s"}]}}))
    .await;
    assert!(
        matches!(err, TranslateError::QuotaExhausted { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("PerDay"), "{err}");
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn an_invalid_key_is_named_plainly() {
    let (sent, err) = failing_with(400, json!({"error": {"code": 400, "status": "INVALID_ARGUMENT",
        "message": "API key not valid. Please pass a valid API key.",
        "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]}}))
    .await;
    assert!(matches!(err, TranslateError::InvalidKey { .. }), "{err:?}");
    assert!(
        err.to_string().contains("Gemini refused the API key"),
        "{err}"
    );
    assert!(!err.to_string().contains(GEMINI_KEY));
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn an_unknown_model_is_named() {
    let (_, err) = failing_with(
        404,
        json!({"error": {"code": 404, "status": "NOT_FOUND",
        "message": "models/gemini-test is not found for API version v1beta"}}),
    )
    .await;
    assert!(
        matches!(err, TranslateError::UnknownModel { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("GEMINI_MODEL"), "{err}");
}

#[tokio::test]
async fn a_missing_id_and_malformed_json_are_reported() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(|r: &Request| {
            let payload = gemini_payload(r);
            if payload["targetLocale"] == "ja" {
                return gemini_answer("Sure! Here are your translations:");
            }
            let mut answer = translate_all(&payload);
            answer.retain(|(id, _)| id != "receive");
            gemini_answer(&answer_json(&answer))
        })
        .mount(&server)
        .await;
    let strings = vec![
        caption("send", "connects directly"),
        caption("receive", "no servers to get hacked"),
    ];
    let response = gemini_translator(&server)
        .translate(&request(&["de-DE", "ja"], strings))
        .await
        .unwrap();
    let mut codes: Vec<_> = response
        .warnings
        .iter()
        .map(|w| format!("{} {} {}", w.locale, w.id, w.code))
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "de-DE receive MISSING",
            "ja receive PROVIDER_FAILED",
            "ja send PROVIDER_FAILED"
        ]
    );
    assert_eq!(
        response.translations["de-DE"]["send"],
        "connects directly (de-DE)"
    );
}
