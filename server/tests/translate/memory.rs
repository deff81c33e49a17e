//! The translation memory: a repeated batch costs nothing, changes cost only what changed.

use secrecy::SecretString;
use shotbridge::translate::{MemoryLocation, OpenAiSettings, Translator};
use shotbridge_shared::wire::SourceString;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request};

use super::helpers::*;

async fn translating_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(|r: &Request| openai_answer(&answer_json(&translate_all(&openai_payload(r)))))
        .mount(&server)
        .await;
    server
}

fn translator_in(dir: &std::path::Path, server: &MockServer) -> Translator {
    let settings = OpenAiSettings::new(SecretString::from(OPENAI_KEY))
        .with_base_url(format!("{}/v1", server.uri()))
        .with_model("gpt-test");
    let config = offline_config()
        .with_openai(settings)
        .with_memory(MemoryLocation::Dir(dir.to_path_buf()));
    Translator::new(config).unwrap()
}

fn batch() -> shotbridge_shared::wire::TranslateRequest {
    request(
        &["de-DE", "ja", "fr-FR"],
        vec![
            caption("01", "AI-Powered Translation"),
            caption("02", "Multiple AI Actions"),
        ],
    )
}

#[tokio::test]
async fn the_same_batch_twice_makes_no_second_request() {
    let server = translating_server().await;
    let dir = tempfile::tempdir().unwrap();
    let first = translator_in(dir.path(), &server)
        .translate(&batch())
        .await
        .unwrap();
    assert_eq!(bodies(&server).await.len(), 3);
    assert_eq!(first.usage.cached_strings, 0);

    // A fresh engine over the same data directory, as after a restart.
    let second = translator_in(dir.path(), &server)
        .translate(&batch())
        .await
        .unwrap();
    assert_eq!(
        bodies(&server).await.len(),
        3,
        "no provider request the second time"
    );
    assert_eq!(second.translations, first.translations);
    assert_eq!(second.usage.requests, 0);
    assert_eq!(second.usage.input_tokens, 0);
    assert_eq!(second.usage.cached_strings, 6);
}

#[tokio::test]
async fn only_changed_strings_and_constraints_are_sent_again() {
    let server = translating_server().await;
    let dir = tempfile::tempdir().unwrap();
    let translator = translator_in(dir.path(), &server);
    translator.translate(&batch()).await.unwrap();

    let mut changed = batch();
    changed.target_locales.truncate(1);
    changed.strings[1] = SourceString {
        max_chars: Some(40),
        ..changed.strings[1].clone()
    };
    let response = translator.translate(&changed).await.unwrap();
    assert_eq!(response.usage.cached_strings, 1);
    assert_eq!(response.usage.requests, 1);
    let received = bodies(&server).await;
    let last = openai_payload(&received.last().unwrap().0);
    assert_eq!(
        items(&last),
        vec![("02".to_owned(), "Multiple AI Actions".to_owned())]
    );
}

#[tokio::test]
async fn answers_with_warnings_are_not_remembered() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(|r: &Request| {
            // Echoes the English back: an untranslated answer.
            let answer = items(&openai_payload(r));
            openai_answer(&answer_json(&answer))
        })
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let translator = translator_in(dir.path(), &server);
    let one = request(&["de-DE"], vec![caption("01", "Continue the Conversation")]);
    let first = translator.translate(&one).await.unwrap();
    assert_eq!(first.warnings[0].code, "NOT_TRANSLATED");
    let again = translator.translate(&one).await.unwrap();
    assert_eq!(
        again.usage.cached_strings, 0,
        "an untranslated answer is asked for again"
    );
    assert_eq!(
        bodies(&server).await.len(),
        4,
        "two runs, each with its targeted retry"
    );
}

#[tokio::test]
async fn new_credentials_keep_the_memory() {
    let server = translating_server().await;
    let translator = openai_translator(&server);
    translator.translate(&batch()).await.unwrap();
    let credentials = shotbridge_shared::wire::Credentials {
        openai: Some(shotbridge_shared::wire::OpenAiCredentials {
            api_key: "sk-other".into(),
            model: Some("gpt-test".into()),
            base_url: Some(format!("{}/v1", server.uri())),
        }),
        ..Default::default()
    };
    let updated = translator.with_credentials(&credentials).unwrap();
    let response = updated.translate(&batch()).await.unwrap();
    assert_eq!(response.usage.requests, 0);
    assert_eq!(response.usage.cached_strings, 6);
}

#[tokio::test]
async fn a_too_long_answer_is_remembered_and_still_reported_on_the_re_run() {
    let dir = tempfile::tempdir().unwrap();
    let config = offline_config().with_memory(MemoryLocation::Dir(dir.path().to_path_buf()));
    let translator = Translator::new(config).unwrap();
    let mut one = request(
        &["de-DE"],
        vec![caption("01", "Listen without anyone knowing")],
    );
    one.provider = Some(shotbridge_shared::wire::Provider::Pseudo);
    one.strings[0].max_chars = Some(20);
    let first = translator.translate(&one).await.unwrap();
    let too_long = |r: &shotbridge_shared::wire::TranslateResponse| {
        r.warnings.iter().filter(|w| w.code == "TOO_LONG").count()
    };
    assert_eq!(too_long(&first), 1, "{:?}", first.warnings);
    let again = translator.translate(&one).await.unwrap();
    assert_eq!(again.usage.requests, 0, "the re-run asks nobody");
    assert_eq!(again.usage.cached_strings, 1);
    assert_eq!(again.translations, first.translations);
    assert_eq!(
        too_long(&again),
        1,
        "and still says the caption does not fit"
    );
}
