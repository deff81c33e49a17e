//! Translation benchmark: the real English caption fixtures into all 50 App Store locales.
//! Measures provider requests per run, time per locale, and what a re-run costs (translation
//! memory hits), for pseudo-localization and for a local fake OpenAI server.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use secrecy::SecretString;
use serde_json::{Value, json};
use shotbridge::translate::{
    MemoryLocation, OpenAiSettings, Translator, TranslatorConfig, strings_file,
};
use shotbridge_shared::Locale;
use shotbridge_shared::wire::{Provider, SourceString, TranslateRequest, TranslateResponse};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Runs of pseudo-localization without memory; the best one is kept.
const BARE_RUNS: usize = 20;

/// What the translation benchmark measured.
#[derive(Debug, Clone)]
pub struct TranslateFigures {
    /// English captions translated (all real fixtures).
    pub captions: usize,
    /// Target locales: every App Store locale.
    pub locales: usize,
    /// Target locales other than the source, the ones a provider is asked for.
    pub translated_locales: usize,
    /// Pseudo-localization without translation memory, best of [`BARE_RUNS`].
    pub pseudo_bare: TranslationRun,
    /// Pseudo-localization filling an empty translation memory, then re-run on it.
    pub pseudo_first: TranslationRun,
    pub pseudo_rerun: TranslationRun,
    /// The fake OpenAI server filling an empty translation memory, then re-run on it.
    pub openai_first: TranslationRun,
    pub openai_rerun: TranslationRun,
    /// Requests the fake OpenAI server saw on the first run and on the re-run.
    pub openai_server_first: usize,
    pub openai_server_rerun: usize,
    /// Warnings the first fake OpenAI run returned.
    pub openai_warnings: usize,
}

/// One translation of the whole batch, as the translator reported it.
#[derive(Debug, Clone, Copy)]
pub struct TranslationRun {
    /// Provider requests (`usage.requests`).
    pub requests: u32,
    /// Strings served from the translation memory (`usage.cached_strings`).
    pub memory_hits: u32,
    pub elapsed: Duration,
}

impl TranslationRun {
    fn of(response: &TranslateResponse, elapsed: Duration) -> Self {
        Self {
            requests: response.usage.requests,
            memory_hits: response.usage.cached_strings,
            elapsed,
        }
    }

    fn line(&self, label: &str, locales: usize) -> String {
        format!(
            "{label:<28} requests {:>3}  memory hits {:>5}  total {:>9.3} ms  per locale {:>7.1} µs",
            self.requests,
            self.memory_hits,
            self.elapsed.as_secs_f64() * 1e3,
            self.elapsed.as_secs_f64() * 1e6 / locales as f64,
        )
    }
}

/// Runs the benchmark: pseudo without memory, pseudo with memory (first run and re-run), the
/// fake OpenAI server with memory (first run and re-run).
pub async fn run() -> anyhow::Result<TranslateFigures> {
    let request = batch(Provider::Pseudo)?;
    let locales = request.target_locales.len();
    let translated_locales = request
        .target_locales
        .iter()
        .filter(|l| **l != request.source_locale)
        .count();

    // Pseudo-localization without memory: the pure cost, best of several runs.
    let bare = Translator::new(TranslatorConfig {
        memory: MemoryLocation::Disabled,
        ..TranslatorConfig::default()
    })
    .context("translator")?;
    let mut pseudo_bare: Option<TranslationRun> = None;
    for _ in 0..BARE_RUNS {
        let (response, elapsed) = timed(&bare, &request).await?;
        if pseudo_bare.is_none_or(|best| elapsed < best.elapsed) {
            pseudo_bare = Some(TranslationRun::of(&response, elapsed));
        }
    }
    let pseudo_bare = pseudo_bare.context("no pseudo run")?;

    // With the SQLite memory on disk: first run fills it, the re-run is all hits.
    let dir = tempfile::tempdir().context("temp dir")?;
    let translator = Translator::new(TranslatorConfig {
        memory: MemoryLocation::Dir(dir.path().to_path_buf()),
        ..TranslatorConfig::default()
    })
    .context("translator")?;
    let (first, first_elapsed) = timed(&translator, &request).await?;
    let (again, again_elapsed) = timed(&translator, &request).await?;
    ensure!(
        first.translations == again.translations,
        "the pseudo re-run from the translation memory differs from the first run"
    );
    let pseudo_first = TranslationRun::of(&first, first_elapsed);
    let pseudo_rerun = TranslationRun::of(&again, again_elapsed);

    // A local fake OpenAI server: one request per locale, none on the re-run.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fake_answer)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().context("temp dir")?;
    let settings = OpenAiSettings::new(SecretString::from("sk-bench"))
        .with_base_url(format!("{}/v1", server.uri()))
        .with_model("bench");
    let config = TranslatorConfig {
        memory: MemoryLocation::Dir(dir.path().to_path_buf()),
        ..TranslatorConfig::default()
    }
    .with_openai(settings);
    let translator = Translator::new(config).context("translator")?;
    let request = batch(Provider::Openai)?;
    let (first, elapsed) = timed(&translator, &request).await?;
    let openai_first = TranslationRun::of(&first, elapsed);
    let openai_server_first = server.received_requests().await.map_or(0, |r| r.len());
    let (again, elapsed) = timed(&translator, &request).await?;
    let openai_rerun = TranslationRun::of(&again, elapsed);
    let openai_server_rerun =
        server.received_requests().await.map_or(0, |r| r.len()) - openai_server_first;

    Ok(TranslateFigures {
        captions: request.strings.len(),
        locales,
        translated_locales,
        pseudo_bare,
        pseudo_first,
        pseudo_rerun,
        openai_first,
        openai_rerun,
        openai_server_first,
        openai_server_rerun,
        openai_warnings: first.warnings.len(),
    })
}

/// Every English caption of the fixtures, its id prefixed with the file it comes from.
fn english_captions() -> anyhow::Result<Vec<SourceString>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/captions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .with_context(|| format!("caption fixtures in {}", root.display()))?
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
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let file =
            strings_file::parse(&bytes).with_context(|| format!("parsing {}", path.display()))?;
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
    Ok(captions)
}

fn batch(provider: Provider) -> anyhow::Result<TranslateRequest> {
    Ok(TranslateRequest {
        source_locale: Locale::parse("en-US")?,
        target_locales: Locale::all().collect(),
        provider: Some(provider),
        model: None,
        tone: None,
        glossary: None,
        strings: english_captions()?,
    })
}

async fn timed(
    translator: &Translator,
    request: &TranslateRequest,
) -> anyhow::Result<(TranslateResponse, Duration)> {
    let started = Instant::now();
    let response = translator
        .translate(request)
        .await
        .context("translation runs")?;
    Ok((response, started.elapsed()))
}

/// The fake OpenAI server's answer: each item's text with the target locale (and, for
/// non-Latin scripts, a sample of letters) appended, in the JSON shape the provider expects.
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

/// The detail lines, one per run.
impl fmt::Display for TranslateFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.locales;
        writeln!(
            f,
            "{} English captions (real fixtures) into {n} locales",
            self.captions
        )?;
        let bare_label = format!("pseudo, no memory (best/{BARE_RUNS})");
        writeln!(f, "{}", self.pseudo_bare.line(&bare_label, n))?;
        writeln!(f, "{}", self.pseudo_first.line("pseudo, first run", n))?;
        writeln!(f, "{}", self.pseudo_rerun.line("pseudo, re-run", n))?;
        writeln!(f, "{}", self.openai_first.line("fake OpenAI, first run", n))?;
        writeln!(f, "{}", self.openai_rerun.line("fake OpenAI, re-run", n))?;
        writeln!(
            f,
            "fake OpenAI server saw {} requests on the first run, {} on the re-run",
            self.openai_server_first, self.openai_server_rerun
        )?;
        write!(
            f,
            "warnings on the fake OpenAI run: {}",
            self.openai_warnings
        )
    }
}
