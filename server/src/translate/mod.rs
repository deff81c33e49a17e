//! Caption translation: one engine, built once from configuration, that translates a batch of
//! captions into many locales with a provider (offline pseudo-localization, OpenAI, Gemini),
//! a glossary, validation with one targeted retry, and a translation memory.
//!
//! # Layout
//! - [`config`]: keys, base URLs, models, memory location, concurrency, retry policy.
//! - [`error`]: run-stopping errors and the stable warning codes.
//! - `engine`: one locale from memory lookup to validated answer.
//! - `batch`: what one provider request carries.
//! - [`prompt`]: the versioned prompt, payload and answer schema; `conventions`: each market's
//!   quotation marks, punctuation and form of address.
//! - [`pseudo`], `openai`, `gemini`: the providers; `failure`: error classes and retries.
//! - [`validate`], [`tokens`]: checks of every answer.
//! - [`memory`]: the SQLite translation memory.
//! - [`strings_file`]: Apple `.strings` files (fastlane frameit captions).
//!
//! # Contract
//! - One provider request per target locale carries every string not in memory; locales run in
//!   parallel, at most `concurrency` at a time.
//! - A string whose translation fails a check is asked for once more; what still fails comes
//!   back with a warning. A string the provider never returned is absent from `translations`
//!   and has a `MISSING` warning; a locale whose request failed has `PROVIDER_FAILED` ones.
//! - A bad key, exhausted quota or unknown model stops the whole run with a [`TranslateError`].
//! - Pseudo-localized locales carry a `PSEUDO_TRANSLATION` warning (id `*`); see
//!   [`is_pseudo`]. They must never be uploaded as real locales.

pub mod config;
pub mod error;
pub mod memory;
pub mod prompt;
pub mod pseudo;
pub mod strings_file;
pub mod tokens;
pub mod validate;

mod batch;
mod conventions;
mod engine;
mod failure;
mod gemini;
mod openai;

use std::collections::BTreeSet;
use std::sync::Arc;

use futures::{Stream, StreamExt};
use shotbridge_shared::Locale;
use shotbridge_shared::wire::{
    Credentials, Provider, TranslateRequest, TranslateResponse, TranslateStreamLine, Usage,
};

pub use config::{
    ConfigError, GeminiSettings, MemoryLocation, OpenAiSettings, PseudoOptions, RetryPolicy,
    TranslatorConfig,
};
pub use error::{TranslateError, WHOLE_LOCALE_ID, WarningCode};
pub use prompt::PROMPT_VERSION;

use batch::{BatchAnswer, BatchJob};
use engine::{LocaleOutcome, Plan};
use failure::ProviderError;
use gemini::GeminiProvider;
use memory::Memory;
use openai::OpenAiProvider;

/// The model name recorded for pseudo-localization.
pub const PSEUDO_MODEL: &str = "pseudo-v1";
/// Most strings one request may carry.
// TODO: split larger batches into several requests per locale instead of refusing them; a
// screenshot set holds a few dozen captions, so no caller needs more yet.
pub const MAX_STRINGS: usize = 200;

/// The translation engine. Cheap to clone; clones share the memory and HTTP connections.
#[derive(Debug, Clone)]
pub struct Translator {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: TranslatorConfig,
    http: reqwest::Client,
    openai: Option<OpenAiProvider>,
    gemini: Option<GeminiProvider>,
    memory: Option<Memory>,
    retry: RetryPolicy,
    pseudo: PseudoOptions,
}

/// A provider ready for one request.
enum Backend<'a> {
    Pseudo,
    OpenAi(&'a OpenAiProvider),
    Gemini(&'a GeminiProvider),
}

impl Backend<'_> {
    async fn translate(
        &self,
        job: &BatchJob,
        pseudo: PseudoOptions,
    ) -> Result<BatchAnswer, ProviderError> {
        match self {
            Self::Pseudo => {
                let rtl =
                    pseudo.force_rtl || job.target.direction() == shotbridge_shared::Direction::Rtl;
                Ok(pseudo::translate(job, rtl))
            }
            Self::OpenAi(provider) => provider.translate(job).await,
            Self::Gemini(provider) => provider.translate(job).await,
        }
    }
}

impl Translator {
    /// Builds the engine: checks keys and URLs, opens the translation memory.
    pub fn new(config: TranslatorConfig) -> Result<Self, ConfigError> {
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .build()
            .map_err(|e| ConfigError::Http(e.to_string()))?;
        let memory = Memory::open(&config.memory)?;
        Self::assemble(config, http, memory)
    }

    fn assemble(
        mut config: TranslatorConfig,
        http: reqwest::Client,
        memory: Option<Memory>,
    ) -> Result<Self, ConfigError> {
        if config.concurrency == 0 {
            return Err(ConfigError::ZeroConcurrency);
        }
        config.openai = config
            .openai
            .take()
            .map(OpenAiSettings::checked)
            .transpose()?;
        config.gemini = config
            .gemini
            .take()
            .map(GeminiSettings::checked)
            .transpose()?;
        let openai = config
            .openai
            .as_ref()
            .map(|s| OpenAiProvider::new(s, http.clone()));
        let gemini = config
            .gemini
            .as_ref()
            .map(|s| GeminiProvider::new(s, http.clone()));
        let (retry, pseudo) = (config.retry, config.pseudo);
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                http,
                openai,
                gemini,
                memory,
                retry,
                pseudo,
            }),
        })
    }

    /// The same engine with the OpenAI account replaced (`None` removes it); memory shared.
    pub fn with_openai(&self, settings: Option<OpenAiSettings>) -> Result<Self, ConfigError> {
        let config = TranslatorConfig {
            openai: settings,
            ..self.inner.config.clone()
        };
        Self::assemble(config, self.inner.http.clone(), self.inner.memory.clone())
    }

    /// The same engine with the Gemini account replaced (`None` removes it); memory shared.
    pub fn with_gemini(&self, settings: Option<GeminiSettings>) -> Result<Self, ConfigError> {
        let config = TranslatorConfig {
            gemini: settings,
            ..self.inner.config.clone()
        };
        Self::assemble(config, self.inner.http.clone(), self.inner.memory.clone())
    }

    /// The same engine with the provider keys of a `PUT /v1/credentials` body applied (absent
    /// providers keep their current account).
    pub fn with_credentials(&self, credentials: &Credentials) -> Result<Self, ConfigError> {
        let mut config = self.inner.config.clone();
        if let Some(openai) = &credentials.openai {
            config.openai = Some(OpenAiSettings::from_credentials(openai));
        }
        if let Some(gemini) = &credentials.gemini {
            config.gemini = Some(GeminiSettings::from_credentials(gemini));
        }
        Self::assemble(config, self.inner.http.clone(), self.inner.memory.clone())
    }

    /// Providers usable now: pseudo always, OpenAI and Gemini once they have a key.
    pub fn providers(&self) -> Vec<Provider> {
        let mut providers = vec![Provider::Pseudo];
        if self.inner.openai.is_some() {
            providers.push(Provider::Openai);
        }
        if self.inner.gemini.is_some() {
            providers.push(Provider::Gemini);
        }
        providers
    }

    /// The provider used when a request names none.
    pub fn default_provider(&self) -> Provider {
        match self.inner.config.default_provider {
            Some(provider) => provider,
            None if self.inner.openai.is_some() => Provider::Openai,
            None if self.inner.gemini.is_some() => Provider::Gemini,
            None => Provider::Pseudo,
        }
    }

    /// The model a request naming `model` (or none) would use with `provider`.
    pub fn model_for(&self, provider: Provider, model: Option<&str>) -> Option<String> {
        let chosen = model
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned);
        match provider {
            Provider::Pseudo => Some(PSEUDO_MODEL.to_owned()),
            Provider::Openai => self
                .inner
                .openai
                .as_ref()
                .map(|p| chosen.unwrap_or_else(|| p.default_model.clone())),
            Provider::Gemini => self
                .inner
                .gemini
                .as_ref()
                .map(|p| chosen.unwrap_or_else(|| p.default_model.clone())),
        }
    }

    /// Checks a request without sending anything: the errors [`translate`](Self::translate)
    /// would return before the first request.
    pub fn check(&self, request: &TranslateRequest) -> Result<(), TranslateError> {
        self.plan(request).map(|_| ())
    }

    fn plan(&self, request: &TranslateRequest) -> Result<(Plan, Vec<Locale>), TranslateError> {
        let invalid = |m: String| Err(TranslateError::InvalidRequest(m));
        if request.target_locales.is_empty() {
            return invalid("name at least one target locale".to_owned());
        }
        if request.strings.is_empty() {
            return invalid("there are no strings to translate".to_owned());
        }
        if request.strings.len() > MAX_STRINGS {
            return invalid(format!(
                "{} strings in one request; send at most {MAX_STRINGS}",
                request.strings.len()
            ));
        }
        let mut ids = BTreeSet::new();
        for string in &request.strings {
            if string.id.trim().is_empty() {
                return invalid("every string needs a non-empty id".to_owned());
            }
            if !ids.insert(string.id.as_str()) {
                return invalid(format!(
                    "the id \"{}\" is used twice; ids must be unique",
                    string.id
                ));
            }
            if string.max_chars == Some(0) {
                return invalid(format!(
                    "\"{}\" has maxChars 0; leave it out or give a positive limit",
                    string.id
                ));
            }
        }
        let provider = request.provider.unwrap_or_else(|| self.default_provider());
        let model = self
            .model_for(provider, request.model.as_deref())
            .ok_or(TranslateError::ProviderNotConfigured { provider })?;
        let mut targets = Vec::new();
        for locale in &request.target_locales {
            if !targets.contains(locale) {
                targets.push(*locale);
            }
        }
        let plan = Plan {
            provider,
            model,
            source: request.source_locale,
            tone: request.tone.clone().filter(|t| !t.trim().is_empty()),
            glossary: request.glossary.clone().unwrap_or_default(),
            strings: request.strings.clone(),
        };
        Ok((plan, targets))
    }

    /// Translates the batch into every target locale.
    pub async fn translate(
        &self,
        request: &TranslateRequest,
    ) -> Result<TranslateResponse, TranslateError> {
        let mut lines = std::pin::pin!(self.translate_stream(request.clone()));
        let mut response = TranslateResponse::default();
        while let Some(line) = lines.next().await {
            match line? {
                TranslateStreamLine::Locale {
                    locale,
                    translations,
                    ..
                } => {
                    response
                        .translations
                        .insert(locale.code().to_owned(), translations);
                }
                TranslateStreamLine::Summary { usage, warnings } => {
                    response.usage = usage;
                    response.warnings = warnings;
                }
            }
        }
        Ok(response)
    }

    /// Translates the batch, yielding one [`TranslateStreamLine::Locale`] per finished locale
    /// (in the order they finish), then one [`TranslateStreamLine::Summary`] whose warnings
    /// repeat every warning of the run. An error ends the stream.
    pub fn translate_stream(
        &self,
        request: TranslateRequest,
    ) -> impl Stream<Item = Result<TranslateStreamLine, TranslateError>> + Send + 'static {
        let translator = self.clone();
        let (sender, receiver) = tokio::sync::mpsc::channel(8);
        tokio::spawn(async move {
            let (plan, targets) = match translator.plan(&request) {
                Ok(planned) => planned,
                Err(e) => {
                    let _ = sender.send(Err(e)).await;
                    return;
                }
            };
            let plan = &plan;
            let translator = &translator;
            let mut finished = futures::stream::iter(targets)
                .map(|target| async move { (target, translator.run_locale(plan, target).await) })
                .buffer_unordered(translator.inner.config.concurrency);
            let mut usage = Usage::default();
            let mut warnings = Vec::new();
            while let Some((locale, result)) = finished.next().await {
                let line = result.map(|outcome: LocaleOutcome| {
                    add_usage(&mut usage, outcome.usage);
                    warnings.extend(outcome.warnings.iter().cloned());
                    TranslateStreamLine::Locale {
                        locale,
                        translations: outcome.translations,
                        warnings: outcome.warnings,
                    }
                });
                let failed = line.is_err();
                if sender.send(line).await.is_err() || failed {
                    // The reader went away, or the run cannot go on.
                    return;
                }
            }
            let _ = sender
                .send(Ok(TranslateStreamLine::Summary { usage, warnings }))
                .await;
        });
        tokio_stream::wrappers::ReceiverStream::new(receiver)
    }
}

fn add_usage(total: &mut Usage, more: Usage) {
    total.requests += more.requests;
    total.input_tokens += more.input_tokens;
    total.output_tokens += more.output_tokens;
    total.cached_strings += more.cached_strings;
}

/// Whether a response holds pseudo-localized text (never to be uploaded as a real locale).
pub fn is_pseudo(response: &TranslateResponse) -> bool {
    response
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::PseudoTranslation.as_str())
}

/// Whether a response leaves some string of some locale without a translation.
pub fn has_failures(response: &TranslateResponse) -> bool {
    response.warnings.iter().any(|w| {
        w.code == WarningCode::Missing.as_str() || w.code == WarningCode::ProviderFailed.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bridge keeps one engine in its state and awaits it from handlers on any thread.
    #[test]
    fn the_engine_can_be_shared_across_tasks() {
        fn shared<T: Send + Sync + Clone + 'static>() {}
        shared::<Translator>();
        fn sendable<F: std::future::Future + Send>(_: F) {}
        let translator =
            Translator::new(TranslatorConfig::default()).unwrap_or_else(|e| panic!("{e}"));
        let request = TranslateRequest {
            source_locale: Locale::parse("en-US").unwrap_or_else(|e| panic!("{e}")),
            target_locales: vec![],
            provider: None,
            model: None,
            tone: None,
            glossary: None,
            strings: vec![],
        };
        sendable(translator.translate(&request));
    }
}
