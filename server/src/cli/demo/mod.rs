//! `shotbridge demo`: the whole job on the bundled sample, with embedded defaults and no
//! account: translate the real English captions into the chosen locales, normalize the real
//! screenshots, sync them into each locale's screenshot sets, run the sync once more to show
//! that nothing unchanged is sent again, and print a report per locale.
//!
//! Without ASC credentials and `--bundle-id`/`--app-id` everything goes to the in-memory
//! sandbox ASC; without an AI key the captions are pseudo-translated (offline).

mod report;
mod sample;
mod target;

use std::time::{Duration, Instant};

use futures::StreamExt;
use shotbridge_shared::Locale;
use shotbridge_shared::wire::{Provider, TranslateRequest, TranslateStreamLine};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::Outcome;
use super::translate::ProviderArg;
use crate::images::{self, NormalizedScreenshot};
use crate::sync::{IncomingScreenshot, ScreenshotKey, SyncPlan, SyncReport, Syncer};
use crate::translate::{Translator, TranslatorConfig};
use report::{LocaleRow, Totals};
use target::Target;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Languages to localize into: ASC codes or folder names, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "de-DE,ja,ar-SA,fr-FR,pt-BR"
    )]
    pub locales: Vec<String>,
    /// pseudo (offline preview), openai or gemini; default: the first with a key, else pseudo.
    #[arg(long, value_enum)]
    pub provider: Option<ProviderArg>,
    /// Upload to this app of your App Store Connect account (needs ASC credentials in the
    /// environment and a real provider) instead of the sandbox.
    #[arg(long, conflicts_with = "app_id")]
    pub bundle_id: Option<String>,
    /// Like --bundle-id, by the app's Apple ID (the number in App Store Connect's URL).
    #[arg(long, alias = "app")]
    pub app_id: Option<String>,
    /// The version to fill (default: the editable one).
    #[arg(long)]
    pub version: Option<String>,
}

pub async fn run(args: &Args) -> Outcome {
    match demo(args).await {
        Ok(outcome) => outcome,
        Err(DemoError::BadInput(message)) => {
            eprintln!("error: {message}");
            Outcome::BadInput
        }
        Err(DemoError::Failed(message)) => {
            eprintln!("error: {message}");
            Outcome::JobFailed
        }
    }
}

/// Why the demo stopped before its report.
#[derive(Debug)]
enum DemoError {
    /// Found before anything was sent.
    BadInput(String),
    Failed(String),
}

async fn demo(args: &Args) -> Result<Outcome, DemoError> {
    let started = Instant::now();
    let locales = parse_locales(&args.locales)?;
    let captions = sample::captions().map_err(|e| DemoError::Failed(e.to_string()))?;
    let translator = TranslatorConfig::from_env()
        .and_then(Translator::new)
        .map_err(|e| DemoError::BadInput(e.to_string()))?;
    let provider = args
        .provider
        .map_or_else(|| translator.default_provider(), Provider::from);
    let request = TranslateRequest {
        source_locale: Locale::parse("en-US").map_err(|e| DemoError::Failed(e.to_string()))?,
        target_locales: locales.clone(),
        provider: Some(provider),
        model: None,
        tone: None,
        glossary: None,
        strings: captions,
    };
    translator
        .check(&request)
        .map_err(|e| DemoError::BadInput(e.to_string()))?;
    let target = Target::choose(args, provider).await?;
    let screenshots = normalize_sample()?;

    println!(
        "Shotbridge demo: {} captions and {} screenshots into {} locales",
        request.strings.len(),
        screenshots.len(),
        locales.len()
    );
    println!(
        "  captions by:          {}",
        report::provider_name(provider)
    );
    println!("  App Store Connect:    {}", target.describe());
    for shot in screenshots.iter().filter(|s| s.image.normalized) {
        println!(
            "  flattened alpha:      {} (App Store Connect refuses transparency)",
            shot.file_name
        );
    }
    println!();

    let mut rows: Vec<LocaleRow> = locales.iter().map(|&l| LocaleRow::new(l)).collect();
    let translating = Instant::now();
    let usage = translate_into(&translator, request, &mut rows).await?;
    let translation_time = translating.elapsed();

    let syncs = locales
        .iter()
        .map(|&locale| sync_locale(&target, locale, &screenshots));
    let outcomes = futures::future::join_all(syncs).await;
    let mut rerun_requests = 0;
    for (row, outcome) in rows.iter_mut().zip(outcomes) {
        let synced = outcome?;
        rerun_requests += synced.again.requests.api_requests;
        row.record_sync(&synced);
    }

    let totals = Totals {
        usage,
        rerun_requests,
        translation_time,
        elapsed: started.elapsed(),
    };
    report::print(&rows, &totals, provider);
    target.finish().await;
    Ok(if rows.iter().all(LocaleRow::succeeded) {
        Outcome::Success
    } else {
        Outcome::JobFailed
    })
}

fn parse_locales(names: &[String]) -> Result<Vec<Locale>, DemoError> {
    let mut locales = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let locale = Locale::parse(name).map_err(|e| DemoError::BadInput(e.to_string()))?;
        if !locales.contains(&locale) {
            locales.push(locale);
        }
    }
    if locales.is_empty() {
        return Err(DemoError::BadInput(
            "name at least one locale with --locales".into(),
        ));
    }
    Ok(locales)
}

/// A bundled screenshot, ready for ASC.
#[derive(Debug)]
struct ReadyScreenshot {
    file_name: &'static str,
    image: NormalizedScreenshot,
}

fn normalize_sample() -> Result<Vec<ReadyScreenshot>, DemoError> {
    sample::screenshots()
        .into_iter()
        .map(|shot| {
            images::normalize(shot.bytes, None)
                .map(|image| ReadyScreenshot {
                    file_name: shot.file_name,
                    image,
                })
                .map_err(|e| DemoError::Failed(format!("{}: {e}", shot.file_name)))
        })
        .collect()
}

/// Translates the captions, filling each locale's row as its translations arrive.
async fn translate_into(
    translator: &Translator,
    request: TranslateRequest,
    rows: &mut [LocaleRow],
) -> Result<shotbridge_shared::wire::Usage, DemoError> {
    let asked = request.strings.len();
    let mut lines = std::pin::pin!(translator.translate_stream(request));
    while let Some(line) = lines.next().await {
        match line.map_err(|e| DemoError::Failed(e.to_string()))? {
            TranslateStreamLine::Locale {
                locale,
                translations,
                warnings,
            } => {
                if let Some(row) = rows.iter_mut().find(|r| r.locale == locale) {
                    row.record_translation(asked, &translations, warnings);
                }
            }
            TranslateStreamLine::Summary { usage, .. } => return Ok(usage),
        }
    }
    Err(DemoError::Failed(
        "the translation ended without its summary".into(),
    ))
}

/// Syncs one locale's screenshot sets, then runs the same plan again, which must find every
/// screenshot already there.
async fn sync_locale(
    target: &Target,
    locale: Locale,
    screenshots: &[ReadyScreenshot],
) -> Result<LocaleSync, DemoError> {
    let plan = target.plan(locale, screenshots.iter().map(|s| (s.file_name, &s.image)));
    let started = Instant::now();
    let first = sync_once(target, plan.clone(), screenshots).await?;
    let took = started.elapsed();
    let again = sync_once(target, plan, screenshots).await?;
    Ok(LocaleSync { first, took, again })
}

async fn sync_once(
    target: &Target,
    plan: SyncPlan,
    screenshots: &[ReadyScreenshot],
) -> Result<SyncReport, DemoError> {
    let syncer = Syncer::new(
        target.client().map_err(DemoError::Failed)?,
        target.sync_options(),
    );
    let keys: Vec<ScreenshotKey> = plan.screenshots.iter().map(ScreenshotKey::of).collect();
    let prepared = syncer.prepare(plan).await.map_err(|e| {
        if e.is_bad_input() {
            DemoError::BadInput(e.to_string())
        } else {
            DemoError::Failed(e.to_string())
        }
    })?;
    let (images, incoming) = mpsc::channel(keys.len().max(1));
    for (key, shot) in keys.into_iter().zip(screenshots) {
        let _ = images
            .send(IncomingScreenshot {
                key,
                image: shot.image.clone(),
            })
            .await;
    }
    drop(images);
    let (progress, mut phases) = mpsc::channel(64);
    let drain = tokio::spawn(async move { while phases.recv().await.is_some() {} });
    let report = prepared
        .run(incoming, progress, CancellationToken::new())
        .await;
    let _ = drain.await;
    Ok(report)
}

/// One locale's sync, and the same plan run once more.
#[derive(Debug)]
struct LocaleSync {
    first: SyncReport,
    took: Duration,
    again: SyncReport,
}

/// How often the demo looks at processing in the sandbox, which finishes within moments.
const SANDBOX_POLL: Duration = Duration::from_millis(100);
