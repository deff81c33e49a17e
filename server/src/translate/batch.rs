//! One provider request: every string of a batch for one target locale, ids in and ids out,
//! with the glossary rules that apply to it.

use shotbridge_shared::Locale;
use shotbridge_shared::wire::{GlossaryEntry, SourceString};

/// A glossary rule resolved for one target locale.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TermRule {
    /// The term as it appears in the source.
    pub term: String,
    /// Left exactly as is (brand and product names).
    pub keep: bool,
    /// The translation this locale must use, when one is fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
}

impl TermRule {
    /// The rules of `glossary` for `target` whose term occurs in `text`.
    pub fn for_text(glossary: &[GlossaryEntry], target: Locale, text: &str) -> Vec<TermRule> {
        glossary
            .iter()
            .filter(|e| !e.term.trim().is_empty() && text.contains(e.term.as_str()))
            .filter_map(|e| {
                let keep = e.keep.unwrap_or(false);
                let translation = e.translations.as_ref().and_then(|t| {
                    t.iter()
                        .find(|(locale, _)| {
                            Locale::parse(locale).is_ok_and(|l| l == target)
                                || locale.as_str() == target.code()
                        })
                        .map(|(_, text)| text.clone())
                });
                (keep || translation.is_some()).then(|| TermRule {
                    term: e.term.clone(),
                    keep,
                    translation,
                })
            })
            .collect()
    }
}

/// One string of a batch, with what the provider must respect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchItem {
    pub id: String,
    pub text: String,
    pub max_chars: Option<u32>,
    pub context: Option<String>,
    /// Glossary rules for this string.
    pub terms: Vec<TermRule>,
    /// Targeted fixes asked for on a second attempt ("at most 24 characters", …).
    pub fixes: Vec<String>,
}

impl BatchItem {
    pub fn new(source: &SourceString, glossary: &[GlossaryEntry], target: Locale) -> Self {
        Self {
            id: source.id.clone(),
            text: source.text.clone(),
            max_chars: source.max_chars,
            context: source.context.clone(),
            terms: TermRule::for_text(glossary, target, &source.text),
            fixes: Vec::new(),
        }
    }
}

/// Everything one request to a provider carries.
#[derive(Debug, Clone)]
pub struct BatchJob {
    pub source: Locale,
    pub target: Locale,
    /// Free-text brand voice, e.g. "playful", "premium".
    pub tone: Option<String>,
    /// The provider's model for this request.
    pub model: String,
    pub items: Vec<BatchItem>,
}

/// What a provider answered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchAnswer {
    /// `(id, text)` as returned; may lack ids or hold unknown ones (validation decides).
    pub translations: Vec<(String, String)>,
    pub input_tokens: u64,
    pub output_tokens: u64,
}
