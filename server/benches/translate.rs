//! Translation benchmark: the real English caption fixtures into all 50 App Store locales.
//! Prints provider requests per run, time per locale, and what a re-run costs (translation
//! memory hits), for pseudo-localization and for a local fake OpenAI server.
//!
//! Run with `cargo bench -p shotbridge --bench translate`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::{Value, json};
use shotbridge::translate::{
    MemoryLocation, OpenAiSettings, Translator, TranslatorConfig, strings_file,
};
use shotbridge_shared::Locale;
use shotbridge_shared::wire::{Provider, SourceString, TranslateRequest, TranslateResponse};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn english_captions() -> Vec<SourceString> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/captions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("caption fixtures")
        .flatten()
        .flat_map(|app| {
            std::fs::read_dir(app.path().join("en-US"))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|f| f.path())
        .filter(|p| p.extension().is_some_and(|e| e == "strings"))
        .collect();
    files.sort();
    let mut captions = Vec::new();
    for path in files {
        let file = strings_file::parse(&std::fs::read(&path).expect("readable")).expect("parses");
        let prefix = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        for mut caption in file.to_source_strings() {
            caption.id = format!("{prefix}/{}", caption.id);
            captions.push(caption);
        }
    }
    captions
}

fn batch(provider: Provider) -> TranslateRequest {
    TranslateRequest {
        source_locale: Locale::parse("en-US").expect("en-US"),
        target_locales: Locale::all().collect(),
        provider: Some(provider),
        model: None,
        tone: None,
        glossary: None,
        strings: english_captions(),
    }
}

async fn timed(
    translator: &Translator,
    request: &TranslateRequest,
) -> (TranslateResponse, Duration) {
    let started = Instant::now();
    let response = translator
        .translate(request)
        .await
        .expect("translation runs");
    (response, started.elapsed())
}

fn report(label: &str, response: &TranslateResponse, elapsed: Duration, locales: usize) {
    println!(
        "{label:<28} requests {:>3}  memory hits {:>5}  total {:>9.3} ms  per locale {:>7.1} µs",
        response.usage.requests,
        response.usage.cached_strings,
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e6 / locales as f64,
    );
}

fn fake_answer(request: &Request) -> ResponseTemplate {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
    let payload: Value =
        serde_json::from_str(body["messages"][1]["content"].as_str().unwrap_or("{}"))
            .unwrap_or_default();
    let target = payload["targetLocale"].as_str().unwrap_or_default();
    let script_sample = match Locale::parse(target).map(|l| l.info().script) {
        Ok("Latn") | Err(_) => "",
        Ok(_) => " ア Я ע ب अ ব ગ ਕ ಕ മ ଓ த త ไ 한 字 Ω",
    };
    let items: Vec<Value> = payload["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|i| json!({"id": i["id"], "text": format!("{} ~{target}{script_sample}", i["text"].as_str().unwrap_or_default())}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "bench", "object": "chat.completion", "created": 0, "model": "bench",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant",
            "content": json!({"translations": items}).to_string()}}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    }))
}

#[tokio::main]
async fn main() {
    let request = batch(Provider::Pseudo);
    let locales = request.target_locales.len();
    println!(
        "{} English captions (real fixtures) into {locales} locales",
        request.strings.len()
    );

    // Pseudo-localization without memory: the pure cost, best of several runs.
    let bare = Translator::new(TranslatorConfig {
        memory: MemoryLocation::Disabled,
        ..TranslatorConfig::default()
    })
    .expect("translator");
    let mut best: Option<(TranslateResponse, Duration)> = None;
    for _ in 0..20 {
        let run = timed(&bare, &request).await;
        if best.as_ref().is_none_or(|(_, d)| run.1 < *d) {
            best = Some(run);
        }
    }
    if let Some((response, elapsed)) = &best {
        report("pseudo, no memory (best/20)", response, *elapsed, locales);
    }

    // With the SQLite memory on disk: first run fills it, the re-run is all hits.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = TranslatorConfig {
        memory: MemoryLocation::Dir(dir.path().to_path_buf()),
        ..TranslatorConfig::default()
    };
    let translator = Translator::new(config.clone()).expect("translator");
    let (first, elapsed) = timed(&translator, &request).await;
    report("pseudo, first run", &first, elapsed, locales);
    let (again, elapsed) = timed(&translator, &request).await;
    report("pseudo, re-run", &again, elapsed, locales);
    assert_eq!(first.translations, again.translations);

    // A local fake OpenAI server: one request per locale, none on the re-run.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fake_answer)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = OpenAiSettings::new(SecretString::from("sk-bench"))
        .with_base_url(format!("{}/v1", server.uri()))
        .with_model("bench");
    let config = TranslatorConfig {
        memory: MemoryLocation::Dir(dir.path().to_path_buf()),
        ..TranslatorConfig::default()
    }
    .with_openai(settings);
    let translator = Translator::new(config).expect("translator");
    let request = batch(Provider::Openai);
    let (first, elapsed) = timed(&translator, &request).await;
    report("fake OpenAI, first run", &first, elapsed, locales);
    let sent = server.received_requests().await.map_or(0, |r| r.len());
    let (again, elapsed) = timed(&translator, &request).await;
    report("fake OpenAI, re-run", &again, elapsed, locales);
    let sent_again = server.received_requests().await.map_or(0, |r| r.len()) - sent;
    println!("fake OpenAI server saw {sent} requests on the first run, {sent_again} on the re-run");
    let warnings = first.warnings.len();
    println!("warnings on the fake OpenAI run: {warnings}");
}
