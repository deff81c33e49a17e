//! Translating one target locale: translation memory first, then one provider request carrying
//! every remaining string, validation of each answer, one targeted retry request for the
//! failing ids only, and warnings for whatever still fails. Missing strings are left out of
//! the translations (never replaced by the source text) and reported as `MISSING`.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

use shotbridge_shared::Locale;
use shotbridge_shared::wire::{GlossaryEntry, Provider, SourceString, TranslationWarning, Usage};

use super::batch::{BatchAnswer, BatchItem, BatchJob};
use super::error::{TranslateError, WHOLE_LOCALE_ID, WarningCode, provider_name, warning};
use super::failure::{ProviderError, with_retries};
use super::validate::{self, Problem};
use super::{Backend, Translator, memory};

/// What a run translates, resolved from the request.
#[derive(Debug)]
pub(crate) struct Plan {
    pub provider: Provider,
    pub model: String,
    pub source: Locale,
    pub tone: Option<String>,
    pub glossary: Vec<GlossaryEntry>,
    pub strings: Vec<SourceString>,
}

/// One finished locale.
#[derive(Debug, Default)]
pub(crate) struct LocaleOutcome {
    pub translations: BTreeMap<String, String>,
    pub warnings: Vec<TranslationWarning>,
    pub usage: Usage,
}

impl Translator {
    pub(crate) async fn run_locale(
        &self,
        plan: &Plan,
        target: Locale,
    ) -> Result<LocaleOutcome, TranslateError> {
        let mut outcome = LocaleOutcome::default();
        let mut items = Vec::new();
        for string in &plan.strings {
            // Nothing to translate, or nothing to translate into.
            if string.text.trim().is_empty() || target == plan.source {
                outcome
                    .translations
                    .insert(string.id.clone(), string.text.clone());
            } else {
                items.push(BatchItem::new(string, &plan.glossary, target));
            }
        }
        let mut job = BatchJob {
            source: plan.source,
            target,
            tone: plan.tone.clone(),
            model: plan.model.clone(),
            items,
        };
        let provider_key = provider_key(plan.provider);
        let keys: HashMap<String, String> = job
            .items
            .iter()
            .map(|item| {
                (
                    item.id.clone(),
                    memory::key(&job, provider_key, plan.tone.as_deref(), item),
                )
            })
            .collect();
        if let Some(memory) = &self.inner.memory {
            let remembered = memory.lookup(keys.values().cloned().collect()).await?;
            job.items
                .retain(|item| match remembered.get(&keys[&item.id]) {
                    Some(text) => {
                        // A remembered answer may be too long for its box; say so again.
                        for problem in problems_of(plan, item, text, target) {
                            outcome.warnings.push(warning(
                                target,
                                &item.id,
                                problem.code,
                                problem.message,
                            ));
                        }
                        outcome.translations.insert(item.id.clone(), text.clone());
                        outcome.usage.cached_strings += 1;
                        false
                    }
                    None => true,
                });
        }
        if plan.provider == Provider::Pseudo {
            outcome.warnings.push(warning(
                target,
                WHOLE_LOCALE_ID,
                WarningCode::PseudoTranslation,
                "pseudo-localization: a layout preview, not a translation; do not upload it",
            ));
        }
        if job.items.is_empty() {
            return Ok(outcome);
        }
        tracing::debug!(locale = %target, strings = job.items.len(), provider = provider_key, "translating");

        let first = match self
            .request(plan.provider, &job, &mut outcome.usage)
            .await?
        {
            Ok(answer) => answer,
            Err(failure) => {
                tracing::warn!(locale = %target, cause = %failure, "locale failed after retries");
                for item in &job.items {
                    let message = format!("{} failed: {failure}", provider_name(plan.provider));
                    outcome.warnings.push(warning(
                        target,
                        &item.id,
                        WarningCode::ProviderFailed,
                        message,
                    ));
                }
                return Ok(outcome);
            }
        };
        let mut results = self.judge(plan, &job, &first);

        // One targeted retry for the failing ids (pseudo-localization is deterministic: no point).
        let failing: Vec<BatchItem> = job
            .items
            .iter()
            .filter(|item| {
                results
                    .get(&item.id)
                    .is_none_or(|(_, problems)| !problems.is_empty())
            })
            .map(|item| with_fixes(item, results.get(&item.id)))
            .collect();
        if !failing.is_empty() && plan.provider != Provider::Pseudo {
            tracing::info!(locale = %target, strings = failing.len(), "asking again for failing strings");
            let retry_job = BatchJob {
                items: failing,
                ..job.clone()
            };
            match self
                .request(plan.provider, &retry_job, &mut outcome.usage)
                .await?
            {
                Ok(second) => {
                    for (id, better) in self.judge(plan, &retry_job, &second) {
                        let replace = results
                            .get(&id)
                            .is_none_or(|(_, old)| better.1.len() < old.len());
                        if replace {
                            results.insert(id, better);
                        }
                    }
                }
                Err(failure) => {
                    tracing::warn!(locale = %target, cause = %failure, "targeted retry failed")
                }
            }
        }

        let mut validated = Vec::new();
        for item in &job.items {
            match results.remove(&item.id) {
                None => outcome.warnings.push(warning(
                    target,
                    &item.id,
                    WarningCode::Missing,
                    "the provider's answer lacked this string; it was left untranslated",
                )),
                Some((text, problems)) => {
                    // A text that is only too long is still the provider's best answer for
                    // this box: remembered, so a re-run costs nothing and warns the same way.
                    if problems.iter().all(|p| p.code == WarningCode::TooLong) {
                        validated.push((keys[&item.id].clone(), item.text.clone(), text.clone()));
                    }
                    for problem in problems {
                        outcome.warnings.push(warning(
                            target,
                            &item.id,
                            problem.code,
                            problem.message,
                        ));
                    }
                    outcome.translations.insert(item.id.clone(), text);
                }
            }
        }
        if let Some(memory) = &self.inner.memory {
            memory.store(&job, provider_key, validated).await?;
        }
        Ok(outcome)
    }

    /// One request with retries; `Err` inside is a non-fatal failure of this locale.
    async fn request(
        &self,
        provider: Provider,
        job: &BatchJob,
        usage: &mut Usage,
    ) -> Result<Result<BatchAnswer, ProviderError>, TranslateError> {
        let attempts = AtomicU32::new(0);
        let backend = self.backend(provider)?;
        let result = with_retries(&self.inner.retry, job.target, || {
            attempts.fetch_add(1, Ordering::Relaxed);
            backend.translate(job, self.inner.pseudo)
        })
        .await;
        usage.requests += attempts.load(Ordering::Relaxed);
        match result {
            Ok(answer) => {
                usage.input_tokens += answer.input_tokens;
                usage.output_tokens += answer.output_tokens;
                Ok(Ok(answer))
            }
            Err(e) => e.into_fatal(provider, &job.model).map(Err),
        }
    }

    /// Each answered id of `job` with its text and problems; unknown ids are dropped.
    fn judge(
        &self,
        plan: &Plan,
        job: &BatchJob,
        answer: &BatchAnswer,
    ) -> HashMap<String, (String, Vec<Problem>)> {
        let mut results = HashMap::new();
        for (id, text) in &answer.translations {
            let Some(item) = job.items.iter().find(|i| &i.id == id) else {
                tracing::debug!(locale = %job.target, id = %id, "answer held an id that was not asked for");
                continue;
            };
            if results.contains_key(id) {
                continue;
            }
            results.insert(
                id.clone(),
                (text.clone(), problems_of(plan, item, text, job.target)),
            );
        }
        results
    }

    fn backend(&self, provider: Provider) -> Result<Backend<'_>, TranslateError> {
        match provider {
            Provider::Pseudo => Some(Backend::Pseudo),
            Provider::Openai => self.inner.openai.as_ref().map(Backend::OpenAi),
            Provider::Gemini => self.inner.gemini.as_ref().map(Backend::Gemini),
        }
        .ok_or(TranslateError::ProviderNotConfigured { provider })
    }
}

/// The item with instructions to fix what was wrong (or missing) in the first answer.
fn with_fixes(item: &BatchItem, result: Option<&(String, Vec<Problem>)>) -> BatchItem {
    let mut item = item.clone();
    item.fixes = match result {
        None => vec!["this item was missing from your previous answer".to_owned()],
        Some((text, problems)) => {
            let mut fixes = vec![format!("your previous attempt was: {text}")];
            fixes.extend(problems.iter().map(|p| p.fix.clone()));
            fixes
        }
    };
    item
}

/// The provider's name in memory keys.
pub(crate) fn provider_key(provider: Provider) -> &'static str {
    match provider {
        Provider::Pseudo => "pseudo",
        Provider::Openai => "openai",
        Provider::Gemini => "gemini",
    }
}

/// What is wrong with `text` as the translation of `item`; for pseudo-localized text only the
/// overflow preview applies.
fn problems_of(plan: &Plan, item: &BatchItem, text: &str, target: Locale) -> Vec<Problem> {
    let mut problems = validate::check(item, text, plan.source, target);
    if plan.provider == Provider::Pseudo {
        problems.retain(|p| p.code == WarningCode::TooLong);
    }
    problems
}
