//! What can stop a translation run, and the stable warning codes of translations that came back
//! but need a look.

use shotbridge_shared::Locale;
use shotbridge_shared::wire::Provider;

/// Why a whole translation run stopped. Per-string problems are warnings, not errors.
#[derive(Debug, thiserror::Error)]
pub enum TranslateError {
    /// The request itself is wrong; nothing was sent.
    #[error("{0}")]
    InvalidRequest(String),
    #[error("{} is not set up: {}", provider_name(*provider), setup_hint(*provider))]
    ProviderNotConfigured { provider: Provider },
    #[error(
        "{} refused the API key (HTTP {status}); check the key, or set a new one: {}",
        provider_name(*provider), setup_hint(*provider)
    )]
    InvalidKey { provider: Provider, status: u16 },
    #[error(
        "the {} account has no quota left{}; add credit or wait for the quota to reset, or use \
         another provider",
        provider_name(*provider), detail_text(detail)
    )]
    QuotaExhausted { provider: Provider, detail: String },
    #[error(
        "{} does not know the model \"{model}\"; pick one your account offers ({})",
        provider_name(*provider), model_hint(*provider)
    )]
    UnknownModel { provider: Provider, model: String },
    #[error("the translation memory failed: {0}")]
    Memory(String),
}

impl TranslateError {
    /// Stable code for API error bodies.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidRequest(_) => "INVALID_TRANSLATE_REQUEST",
            Self::ProviderNotConfigured { .. } => "PROVIDER_NOT_CONFIGURED",
            Self::InvalidKey { .. } => "PROVIDER_KEY_REJECTED",
            Self::QuotaExhausted { .. } => "PROVIDER_QUOTA_EXHAUSTED",
            Self::UnknownModel { .. } => "PROVIDER_MODEL_UNKNOWN",
            Self::Memory(_) => "TRANSLATION_MEMORY_FAILED",
        }
    }

    /// Whether the caller's input (or setup) is at fault, found before anything was sent.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Self::InvalidRequest(_) | Self::ProviderNotConfigured { .. }
        )
    }
}

pub(crate) fn provider_name(provider: Provider) -> &'static str {
    match provider {
        Provider::Pseudo => "Pseudo-localization",
        Provider::Openai => "OpenAI",
        Provider::Gemini => "Gemini",
    }
}

fn setup_hint(provider: Provider) -> &'static str {
    match provider {
        Provider::Pseudo => "it needs no setup",
        Provider::Openai => "set OPENAI_API_KEY or enter the key in the plugin's settings",
        Provider::Gemini => "set GEMINI_API_KEY or enter the key in the plugin's settings",
    }
}

fn model_hint(provider: Provider) -> &'static str {
    match provider {
        Provider::Pseudo => "none needed",
        Provider::Openai => "OPENAI_MODEL or the model field",
        Provider::Gemini => "GEMINI_MODEL or the model field",
    }
}

fn detail_text(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

/// Stable codes of [`TranslationWarning`](shotbridge_shared::wire::TranslationWarning)s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningCode {
    /// Longer than the string's `maxChars` (graphemes, tags not counted).
    TooLong,
    /// A glossary keep-term of the source is not in the translation verbatim.
    KeepTermMissing,
    /// A glossary term's required translation for this locale is not used.
    ForcedTermMissing,
    /// Placeholders (`%@`, `%d`, `{name}`) or inline tags (`<b1>…</b1>`) differ from the source.
    PlaceholderMismatch,
    /// Numbers of the source are missing or changed.
    NumberMismatch,
    /// Identical to the source, or not in the target's script.
    NotTranslated,
    /// The provider's answer lacked this string; it is left out of `translations`.
    Missing,
    /// The locale's request failed after retries; its strings are left out of `translations`.
    ProviderFailed,
    /// Pseudo-localization: a layout preview, never to be uploaded as a real locale.
    PseudoTranslation,
}

impl WarningCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TooLong => "TOO_LONG",
            Self::KeepTermMissing => "KEEP_TERM_MISSING",
            Self::ForcedTermMissing => "FORCED_TERM_MISSING",
            Self::PlaceholderMismatch => "PLACEHOLDER_MISMATCH",
            Self::NumberMismatch => "NUMBER_MISMATCH",
            Self::NotTranslated => "NOT_TRANSLATED",
            Self::Missing => "MISSING",
            Self::ProviderFailed => "PROVIDER_FAILED",
            Self::PseudoTranslation => "PSEUDO_TRANSLATION",
        }
    }

    /// Whether the string has no usable translation (it is absent from `translations`).
    pub fn is_failure(self) -> bool {
        matches!(self, Self::Missing | Self::ProviderFailed)
    }
}

/// The id used by warnings about a whole locale rather than one string.
pub const WHOLE_LOCALE_ID: &str = "*";

pub(crate) fn warning(
    locale: Locale,
    id: &str,
    code: WarningCode,
    message: impl Into<String>,
) -> shotbridge_shared::wire::TranslationWarning {
    shotbridge_shared::wire::TranslationWarning {
        locale,
        id: id.to_owned(),
        code: code.as_str().to_owned(),
        message: message.into(),
    }
}
