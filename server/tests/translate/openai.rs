//! The OpenAI provider against a fake chat-completions server.

use futures::StreamExt;
use serde_json::{Value, json};
use shotbridge::translate::{TranslateError, WarningCode};
use shotbridge_shared::wire::{SourceString, TranslateResponse, TranslateStreamLine};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::helpers::*;

const ENDPOINT: &str = "/v1/chat/completions";

/// A server that translates every item it is asked for.
async fn translating_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(|r: &Request| openai_answer(&answer_json(&translate_all(&openai_payload(r)))))
        .mount(&server)
        .await;
    server
}

fn codes(response: &TranslateResponse) -> Vec<(String, String, String)> {
    response
        .warnings
        .iter()
        .map(|w| (w.locale.to_string(), w.id.clone(), w.code.clone()))
        .collect()
}

#[tokio::test]
async fn one_checked_request_per_locale_with_model_schema_and_key() {
    let server = translating_server().await;
    let translator = openai_translator(&server);
    let strings = vec![
        caption("01", "Listen without anyone knowing"),
        caption("02", "No read receipts."),
    ];
    let response = translator
        .translate(&request(&["de-DE", "ja", "fr-FR"], strings))
        .await
        .unwrap();

    assert_eq!(response.warnings, vec![]);
    assert_eq!(
        response.translations["ja"]["01"],
        "Listen without anyone knowingです"
    );
    assert_eq!(
        response.translations["de-DE"]["02"],
        "No read receipts. (de-DE)"
    );
    assert_eq!(response.usage.requests, 3);
    assert_eq!(response.usage.input_tokens, 360);
    assert_eq!(response.usage.output_tokens, 90);

    let received = bodies(&server).await;
    assert_eq!(received.len(), 3, "exactly one request per locale");
    let mut targets = Vec::new();
    for (request, body) in &received {
        assert_eq!(
            request.headers["authorization"],
            format!("Bearer {OPENAI_KEY}").as_str()
        );
        assert_eq!(body["model"], "gpt-test");
        let format = &body["response_format"];
        assert_eq!(format["type"], "json_schema");
        assert_eq!(format["json_schema"]["strict"], true);
        let schema = &format["json_schema"]["schema"];
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(
            schema["properties"]["translations"]["items"]["properties"]["id"]["enum"],
            json!(["01", "02"])
        );
        // The fake's answer is what the schema allows; an answer with an extra field is not.
        let validator = jsonschema::validator_for(schema).unwrap();
        let payload = openai_payload(request);
        let answer: Value = serde_json::from_str(&answer_json(&translate_all(&payload))).unwrap();
        assert!(validator.is_valid(&answer));
        assert!(!validator.is_valid(&json!({"translations": [{"id": "03", "text": "x"}]})));
        assert_eq!(items(&payload).len(), 2, "all strings in one request");
        assert!(
            body["messages"][0]["content"]
                .as_str()
                .unwrap()
                .contains("App Store")
        );
        targets.push(payload["targetLocale"].as_str().unwrap().to_owned());
    }
    targets.sort();
    assert_eq!(targets, ["de-DE", "fr-FR", "ja"]);
}

#[tokio::test]
async fn an_id_missing_from_the_answer_is_asked_again_then_reported() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(|r: &Request| {
            let mut answer = translate_all(&openai_payload(r));
            answer.retain(|(id, _)| id != "02");
            openai_answer(&answer_json(&answer))
        })
        .mount(&server)
        .await;
    let strings = vec![
        caption("01", "Just share and listen"),
        caption("02", "No blue ticks"),
    ];
    let response = openai_translator(&server)
        .translate(&request(&["de-DE"], strings))
        .await
        .unwrap();

    assert_eq!(
        codes(&response),
        vec![("de-DE".into(), "02".into(), "MISSING".into())]
    );
    assert!(
        !response.translations["de-DE"].contains_key("02"),
        "no source text passed off as German"
    );
    assert_eq!(
        response.translations["de-DE"]["01"],
        "Just share and listen (de-DE)"
    );
    let received = bodies(&server).await;
    assert_eq!(received.len(), 2);
    let retry = openai_payload(&received[1].0);
    assert_eq!(
        items(&retry),
        vec![("02".to_owned(), "No blue ticks".to_owned())],
        "only the failing id"
    );
    assert!(
        retry["items"][0]["fix"][0]
            .as_str()
            .unwrap()
            .contains("missing")
    );
}

#[tokio::test]
async fn a_too_long_item_is_fixed_by_the_targeted_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(|r: &Request| {
            let payload = openai_payload(r);
            let answer: Vec<(String, String)> = items(&payload)
                .into_iter()
                .map(|(id, text)| {
                    let asked_to_shorten = payload["items"][0]["fix"]
                        .to_string()
                        .contains("at most 12");
                    let long = id == "01" && !asked_to_shorten;
                    (
                        id,
                        if long {
                            "Viel zu lange Übersetzung".to_owned()
                        } else {
                            fake("de-DE", &text)
                        },
                    )
                })
                .collect();
            openai_answer(&answer_json(&answer))
        })
        .mount(&server)
        .await;
    let strings = vec![
        SourceString {
            max_chars: Some(12),
            ..caption("01", "Fast")
        },
        caption("02", "Ready for Streaming"),
    ];
    let response = openai_translator(&server)
        .translate(&request(&["de-DE"], strings))
        .await
        .unwrap();

    assert_eq!(response.warnings, vec![]);
    assert_eq!(response.translations["de-DE"]["01"], "Fast (de-DE)");
    let received = bodies(&server).await;
    assert_eq!(received.len(), 2, "first request plus one targeted retry");
    let retry = openai_payload(&received[1].0);
    assert_eq!(items(&retry).len(), 1);
    assert_eq!(retry["items"][0]["id"], "01");
    assert_eq!(retry["items"][0]["maxChars"], 12);
    assert_eq!(response.usage.requests, 2);
}

#[tokio::test]
async fn a_dropped_keep_term_is_retried_then_reported() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(|r: &Request| {
            let payload = openai_payload(r);
            assert_eq!(payload["items"][0]["keep"], json!(["QuickMoov"]));
            let answer: Vec<(String, String)> = items(&payload)
                .into_iter()
                .map(|(id, text)| (id, fake("fr-FR", &text.replace("QuickMoov", "Quick Moov"))))
                .collect();
            openai_answer(&answer_json(&answer))
        })
        .mount(&server)
        .await;
    let mut batch = request(&["fr-FR"], vec![caption("01", "QuickMoov makes it fast")]);
    batch.glossary = Some(vec![keep("QuickMoov")]);
    let response = openai_translator(&server).translate(&batch).await.unwrap();

    assert_eq!(
        codes(&response),
        vec![("fr-FR".into(), "01".into(), "KEEP_TERM_MISSING".into())]
    );
    assert_eq!(
        response.translations["fr-FR"]["01"], "Quick Moov makes it fast (fr-FR)",
        "kept, with the warning"
    );
    let received = bodies(&server).await;
    assert_eq!(received.len(), 2);
    let retry = openai_payload(&received[1].0);
    assert!(
        retry["items"][0]["fix"]
            .to_string()
            .contains("keep \\\"QuickMoov\\\" exactly"),
        "{retry}"
    );
}

#[tokio::test]
async fn a_rate_limit_is_waited_out_then_the_answer_counts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"error": {"message": "Rate limit reached", "type": "rate_limit_error", "code": "rate_limit_exceeded"}})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(|r: &Request| openai_answer(&answer_json(&translate_all(&openai_payload(r)))))
        .mount(&server)
        .await;
    let response = openai_translator(&server)
        .translate(&request(
            &["de-DE"],
            vec![caption("01", "Instant File Analysis")],
        ))
        .await
        .unwrap();
    assert_eq!(response.warnings, vec![]);
    assert_eq!(
        response.translations["de-DE"]["01"],
        "Instant File Analysis (de-DE)"
    );
    assert_eq!(response.usage.requests, 2);
}

async fn failing_with(
    status: u16,
    body: Value,
) -> (MockServer, Result<TranslateResponse, TranslateError>) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(header(
            "authorization",
            format!("Bearer {OPENAI_KEY}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    let result = openai_translator(&server)
        .translate(&request(
            &["de-DE", "ja"],
            vec![caption("01", "Fully Customizable")],
        ))
        .await;
    (server, result)
}

#[tokio::test]
async fn an_invalid_key_stops_the_run_with_a_plain_message() {
    let (server, result) = failing_with(
        401,
        json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}}),
    )
    .await;
    let err = result.unwrap_err();
    assert!(
        matches!(err, TranslateError::InvalidKey { status: 401, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("OpenAI refused the API key"), "{message}");
    assert!(!message.contains(OPENAI_KEY), "the key never shows");
    assert!(bodies(&server).await.len() <= 2, "no retries on a bad key");
}

#[tokio::test]
async fn exhausted_quota_stops_the_run_without_retries() {
    let (server, result) = failing_with(
        429,
        json!({"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}}),
    )
    .await;
    let err = result.unwrap_err();
    assert!(
        matches!(err, TranslateError::QuotaExhausted { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("no quota left"), "{err}");
    assert_eq!(err.code(), "PROVIDER_QUOTA_EXHAUSTED");
    assert!(
        bodies(&server).await.len() <= 2,
        "one request per locale at most"
    );
}

#[tokio::test]
async fn an_unknown_model_is_named() {
    let (_server, result) = failing_with(
        404,
        json!({"error": {"message": "The model `gpt-test` does not exist", "type": "invalid_request_error", "code": "model_not_found"}}),
    )
    .await;
    let err = result.unwrap_err();
    assert!(err.to_string().contains("\"gpt-test\""), "{err}");
}

#[tokio::test]
async fn malformed_json_is_retried_then_reported_per_string() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(openai_answer(
            "{\"translations\": [{\"id\": \"01\", \"text\": ",
        ))
        .mount(&server)
        .await;
    let response = openai_translator(&server)
        .translate(&request(
            &["de-DE"],
            vec![caption("01", "Choose Your AI Model")],
        ))
        .await
        .unwrap();
    assert_eq!(
        codes(&response),
        vec![(
            "de-DE".into(),
            "01".into(),
            WarningCode::ProviderFailed.as_str().into()
        )]
    );
    assert!(
        response.warnings[0]
            .message
            .contains("not the JSON asked for"),
        "{}",
        response.warnings[0].message
    );
    assert!(response.translations["de-DE"].is_empty());
    assert_eq!(
        bodies(&server).await.len(),
        3,
        "first attempt and two retries"
    );
    assert!(shotbridge::translate::has_failures(&response));
}

#[tokio::test]
async fn the_stream_yields_each_locale_then_the_summary() {
    let server = translating_server().await;
    let strings = vec![caption("01", "Set as your default system translator")];
    let batch = request(&["de-DE", "ja", "it", "ru", "fr-FR"], strings);
    let lines: Vec<TranslateStreamLine> = openai_translator(&server)
        .translate_stream(batch)
        .map(|line| line.unwrap())
        .collect()
        .await;
    assert_eq!(lines.len(), 6);
    let mut locales: Vec<String> = lines[..5]
        .iter()
        .map(|line| match line {
            TranslateStreamLine::Locale {
                locale,
                translations,
                ..
            } => {
                assert_eq!(translations.len(), 1);
                locale.to_string()
            }
            other => panic!("a locale line was expected, got {other:?}"),
        })
        .collect();
    locales.sort();
    assert_eq!(locales, ["de-DE", "fr-FR", "it", "ja", "ru"]);
    match &lines[5] {
        TranslateStreamLine::Summary { usage, .. } => assert_eq!(usage.requests, 5),
        other => panic!("the summary comes last, got {other:?}"),
    }
}

#[tokio::test]
async fn a_bad_request_is_refused_before_anything_is_sent() {
    let server = translating_server().await;
    let translator = openai_translator(&server);
    let twice = request(&["de-DE"], vec![caption("01", "A"), caption("01", "B")]);
    let err = translator.check(&twice).unwrap_err();
    assert!(
        err.is_bad_input() && err.to_string().contains("used twice"),
        "{err}"
    );
    let mut gemini = request(&["de-DE"], vec![caption("01", "A")]);
    gemini.provider = Some(shotbridge_shared::wire::Provider::Gemini);
    let err = translator.translate(&gemini).await.unwrap_err();
    assert!(err.to_string().contains("GEMINI_API_KEY"), "{err}");
    assert_eq!(bodies(&server).await.len(), 0);
}

#[tokio::test]
async fn forced_glossary_translations_are_sent_per_locale_and_checked() {
    let server = translating_server().await;
    let mut batch = request(&["de-DE", "ja"], vec![caption("01", "Polish your writing")]);
    batch.glossary = Some(vec![shotbridge_shared::wire::GlossaryEntry {
        term: "Polish".into(),
        keep: None,
        translations: Some([("de-DE".to_owned(), "Feinschliff".to_owned())].into()),
    }]);
    let response = openai_translator(&server).translate(&batch).await.unwrap();
    assert_eq!(
        codes(&response),
        vec![("de-DE".into(), "01".into(), "FORCED_TERM_MISSING".into())],
        "the fake ignores the glossary; Japanese has no fixed term"
    );
    for (request, _) in bodies(&server).await {
        let payload = openai_payload(&request);
        let uses = &payload["items"][0]["use"];
        match payload["targetLocale"].as_str().unwrap() {
            "de-DE" => assert_eq!(
                uses,
                &json!([{"term": "Polish", "translation": "Feinschliff"}])
            ),
            _ => assert!(uses.is_null(), "{payload}"),
        }
    }
}

#[test]
fn keys_never_show_in_debug_output() {
    let server_uri = "http://127.0.0.1:9";
    let settings =
        shotbridge::translate::OpenAiSettings::new(secrecy::SecretString::from(OPENAI_KEY))
            .with_base_url(server_uri);
    let translator =
        shotbridge::translate::Translator::new(offline_config().with_openai(settings)).unwrap();
    let debug = format!("{translator:?}");
    assert!(
        debug.contains("gpt-5-mini") && !debug.contains(OPENAI_KEY),
        "{debug}"
    );
}
