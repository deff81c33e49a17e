//! The demo's report: one row per locale (captions, warnings, screenshots, ASC requests, time),
//! the warnings in full, and the totals.

use std::time::Duration;

use shotbridge_shared::Locale;
use shotbridge_shared::wire::{
    Provider, ScreenshotPhase, ScreenshotStatus, TranslationWarning, Usage,
};

use super::LocaleSync;
use crate::translate::WarningCode;

/// What happened to one locale.
#[derive(Debug)]
pub(super) struct LocaleRow {
    pub locale: Locale,
    /// Captions asked for and translated.
    asked: usize,
    translated: usize,
    /// What the user should look at (pseudo's own notice left out).
    warnings: Vec<TranslationWarning>,
    sync: Option<SyncSummary>,
}

#[derive(Debug)]
struct SyncSummary {
    uploaded: u32,
    kept: u32,
    failures: Vec<ScreenshotStatus>,
    requests: u64,
    took: Duration,
    rerun_uploaded: u32,
}

/// What the whole run cost.
#[derive(Debug)]
pub(super) struct Totals {
    pub usage: Usage,
    pub rerun_requests: u64,
    /// Until the last locale's captions were in.
    pub translation_time: Duration,
    pub elapsed: Duration,
}

impl LocaleRow {
    pub(super) fn new(locale: Locale) -> Self {
        Self {
            locale,
            asked: 0,
            translated: 0,
            warnings: Vec::new(),
            sync: None,
        }
    }

    pub(super) fn record_translation(
        &mut self,
        asked: usize,
        translations: &std::collections::BTreeMap<String, String>,
        warnings: Vec<TranslationWarning>,
    ) {
        self.asked = asked;
        self.translated = translations.len();
        self.warnings = warnings
            .into_iter()
            .filter(|w| w.code != WarningCode::PseudoTranslation.as_str())
            .collect();
    }

    pub(super) fn record_sync(&mut self, synced: &LocaleSync) {
        let failures = synced
            .first
            .screenshots
            .iter()
            .filter(|s| s.phase == ScreenshotPhase::Failed)
            .cloned();
        self.sync = Some(SyncSummary {
            uploaded: synced.first.counts.uploaded,
            kept: synced.first.counts.kept,
            failures: failures.collect(),
            requests: synced.first.requests.api_requests,
            took: synced.took,
            rerun_uploaded: synced.again.counts.uploaded,
        });
    }

    /// Every caption translated and every screenshot in place.
    pub(super) fn succeeded(&self) -> bool {
        self.translated == self.asked && self.sync.as_ref().is_some_and(|s| s.failures.is_empty())
    }
}

pub(super) fn provider_name(provider: Provider) -> &'static str {
    match provider {
        Provider::Pseudo => "pseudo (offline preview of length and direction)",
        Provider::Openai => "OpenAI",
        Provider::Gemini => "Gemini",
    }
}

pub(super) fn print(rows: &[LocaleRow], totals: &Totals, provider: Provider) {
    println!(
        "{:<8} {:>8} {:>8} {:>9} {:>5} {:>7} {:>12} {:>9} {:>10}",
        "LOCALE",
        "CAPTIONS",
        "WARNINGS",
        "UPLOADED",
        "KEPT",
        "FAILED",
        "ASC REQUESTS",
        "SYNC",
        "RE-RUN"
    );
    for row in rows {
        let captions = format!("{}/{}", row.translated, row.asked);
        let Some(sync) = &row.sync else { continue };
        let rerun = format!("{} sent", sync.rerun_uploaded);
        println!(
            "{:<8} {:>8} {:>8} {:>9} {:>5} {:>7} {:>12} {:>9} {:>10}",
            row.locale.code(),
            captions,
            row.warnings.len(),
            sync.uploaded,
            sync.kept,
            sync.failures.len(),
            sync.requests,
            seconds(sync.took),
            rerun,
        );
    }
    let warned: Vec<_> = rows.iter().flat_map(|r| r.warnings.iter()).collect();
    if !warned.is_empty() {
        println!("\nCaptions to look at:");
        for w in warned {
            println!("  {} {}: {} ({})", w.locale.code(), w.id, w.message, w.code);
        }
    }
    let failed: Vec<_> = rows
        .iter()
        .filter_map(|r| r.sync.as_ref())
        .flat_map(|s| &s.failures)
        .collect();
    if !failed.is_empty() {
        println!("\nScreenshots that did not make it:");
        for s in failed {
            let (code, message) = s
                .error
                .as_ref()
                .map_or(("", ""), |e| (e.code.as_str(), e.message.as_str()));
            println!(
                "  {} {} #{} {}: {message} ({code})",
                s.locale.code(),
                s.display_type.as_str(),
                s.position,
                s.file_name
            );
        }
    }
    let u = &totals.usage;
    println!(
        "\nTranslation into {} locales in {}: {} provider requests, {} input and {} output tokens, {} \
         captions from the translation memory.",
        rows.len(),
        seconds(totals.translation_time),
        u.requests,
        u.input_tokens,
        u.output_tokens,
        u.cached_strings
    );
    let rerun_uploads: u32 = rows
        .iter()
        .filter_map(|r| r.sync.as_ref())
        .map(|s| s.rerun_uploaded)
        .sum();
    println!(
        "Unchanged re-run: {rerun_uploads} screenshots sent, {} ASC requests (reads only).",
        totals.rerun_requests
    );
    println!("Done in {}.", seconds(totals.elapsed));
    if provider == Provider::Pseudo {
        println!(
            "\nPseudo-translations show where text grows and how right-to-left looks. Set \
             OPENAI_API_KEY or GEMINI_API_KEY to translate for real; run the demo again and the \
             captions already translated come from the translation memory at no cost."
        );
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}
