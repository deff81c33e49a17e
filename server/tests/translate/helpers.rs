//! Shared pieces: requests, translators pointed at fake servers, and fake "translations" that
//! pass validation (they change the text and use the target's script).

use std::time::Duration;

use secrecy::SecretString;
use serde_json::{Value, json};
use shotbridge::translate::{
    GeminiSettings, MemoryLocation, OpenAiSettings, RetryPolicy, Translator, TranslatorConfig,
};
use shotbridge_shared::Locale;
use shotbridge_shared::wire::{GlossaryEntry, SourceString, TranslateRequest};
use wiremock::{MockServer, Request, ResponseTemplate};

pub const OPENAI_KEY: &str = "sk-test-0123456789";
pub const GEMINI_KEY: &str = "AIza-test-0123456789";

pub fn caption(id: &str, text: &str) -> SourceString {
    SourceString {
        id: id.into(),
        text: text.into(),
        max_chars: None,
        context: None,
    }
}

pub fn request(targets: &[&str], strings: Vec<SourceString>) -> TranslateRequest {
    TranslateRequest {
        source_locale: Locale::parse("en-US").unwrap(),
        target_locales: targets.iter().map(|t| Locale::parse(t).unwrap()).collect(),
        provider: None,
        model: None,
        tone: None,
        glossary: None,
        strings,
    }
}

pub fn keep(term: &str) -> GlossaryEntry {
    GlossaryEntry {
        term: term.into(),
        keep: Some(true),
        translations: None,
    }
}

/// Retries without real waiting.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        min_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(2),
        max_hint: Duration::from_secs(60),
    }
}

pub fn offline_config() -> TranslatorConfig {
    TranslatorConfig {
        retry: fast_retries(),
        memory: MemoryLocation::InMemory,
        ..TranslatorConfig::default()
    }
}

pub fn openai_translator(server: &MockServer) -> Translator {
    let settings = OpenAiSettings::new(SecretString::from(OPENAI_KEY))
        .with_base_url(format!("{}/v1", server.uri()))
        .with_model("gpt-test");
    Translator::new(offline_config().with_openai(settings)).unwrap()
}

pub fn gemini_translator(server: &MockServer) -> Translator {
    let settings = GeminiSettings::new(SecretString::from(GEMINI_KEY))
        .with_base_url(server.uri())
        .with_model("gemini-test");
    Translator::new(offline_config().with_gemini(settings)).unwrap()
}

/// A stand-in translation that passes the checks: changed text, target script for `ja`/`ru`.
pub fn fake(target: &str, text: &str) -> String {
    match target {
        "ja" => format!("{text}です"),
        "ru" => format!("{text} — да"),
        other => format!("{text} ({other})"),
    }
}

/// The batch a request carried: its payload `{sourceLocale, targetLocale, items}`.
pub fn openai_payload(request: &Request) -> Value {
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap()
}

pub fn gemini_payload(request: &Request) -> Value {
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    serde_json::from_str(body["contents"][0]["parts"][0]["text"].as_str().unwrap()).unwrap()
}

/// `(id, text)` of every item a payload asks for.
pub fn items(payload: &Value) -> Vec<(String, String)> {
    payload["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_owned(),
                i["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Fake translations of every item of a payload.
pub fn translate_all(payload: &Value) -> Vec<(String, String)> {
    let target = payload["targetLocale"].as_str().unwrap().to_owned();
    items(payload)
        .into_iter()
        .map(|(id, text)| (id, fake(&target, &text)))
        .collect()
}

pub fn answer_json(translations: &[(String, String)]) -> String {
    let list: Vec<Value> = translations
        .iter()
        .map(|(id, text)| json!({"id": id, "text": text}))
        .collect();
    json!({ "translations": list }).to_string()
}

/// A chat completion whose content is `content`.
pub fn openai_answer(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_764_806_400,
        "model": "gpt-test",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
    }))
}

/// A `generateContent` answer whose text is `content`.
pub fn gemini_answer(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "candidates": [{"content": {"role": "model", "parts": [{"text": content}]}, "finishReason": "STOP"}],
        "usageMetadata": {"promptTokenCount": 200, "candidatesTokenCount": 40, "totalTokenCount": 240}
    }))
}

/// Bodies of every request the server received, parsed.
pub async fn bodies(server: &MockServer) -> Vec<(Request, Value)> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            let body = serde_json::from_slice(&r.body).unwrap();
            (r, body)
        })
        .collect()
}
