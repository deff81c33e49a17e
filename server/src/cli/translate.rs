//! `shotbridge translate`: captions JSON on stdin (or a `.strings` file) to translations JSON
//! (`TranslateResponse`) on stdout. Exit 2 for bad input found before anything was sent, 1
//! when some strings have no translation, 0 otherwise.

use std::io::Read;
use std::path::PathBuf;

use shotbridge_shared::Locale;
use shotbridge_shared::wire::{GlossaryEntry, Provider, SourceString, TranslateRequest};

use super::Outcome;
use crate::translate::{self, Translator, TranslatorConfig, strings_file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Locale of the captions, e.g. en-US.
    #[arg(long, default_value = "en-US")]
    pub from: String,
    /// Target locales, comma-separated, e.g. de-DE,ja,zh-Hans.
    #[arg(long, value_delimiter = ',', required = true)]
    pub to: Vec<String>,
    /// pseudo (offline preview), openai or gemini; default: the first with a key, else pseudo.
    #[arg(long, value_enum)]
    pub provider: Option<ProviderArg>,
    /// Model name (default: OPENAI_MODEL / GEMINI_MODEL, else a current default).
    #[arg(long)]
    pub model: Option<String>,
    /// Brand voice, e.g. "playful" or "premium".
    #[arg(long)]
    pub tone: Option<String>,
    /// Glossary JSON: [{"term", "keep"?, "translations"?: {locale: text}}].
    #[arg(long)]
    pub glossary: Option<PathBuf>,
    /// Read captions from an Apple .strings file instead of JSON on stdin.
    #[arg(long)]
    pub strings: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ProviderArg {
    Pseudo,
    Openai,
    Gemini,
}

impl From<ProviderArg> for Provider {
    fn from(arg: ProviderArg) -> Self {
        match arg {
            ProviderArg::Pseudo => Provider::Pseudo,
            ProviderArg::Openai => Provider::Openai,
            ProviderArg::Gemini => Provider::Gemini,
        }
    }
}

pub async fn run(args: &Args) -> Outcome {
    let request = match build_request(args) {
        Ok(request) => request,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::BadInput;
        }
    };
    let translator = match TranslatorConfig::from_env().and_then(Translator::new) {
        Ok(translator) => translator,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::BadInput;
        }
    };
    if let Err(e) = translator.check(&request) {
        eprintln!("error: {e}");
        return Outcome::BadInput;
    }
    match translator.translate(&request).await {
        Ok(response) => {
            for w in &response.warnings {
                if w.code != translate::WarningCode::PseudoTranslation.as_str() {
                    eprintln!("warning: {} {}: {} ({})", w.locale, w.id, w.message, w.code);
                }
            }
            if translate::is_pseudo(&response) {
                eprintln!("note: pseudo-localization is a layout preview, not a translation");
            }
            match serde_json::to_string_pretty(&response) {
                Ok(json) => println!("{json}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    return Outcome::JobFailed;
                }
            }
            if translate::has_failures(&response) {
                Outcome::JobFailed
            } else {
                Outcome::Success
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            if e.is_bad_input() {
                Outcome::BadInput
            } else {
                Outcome::JobFailed
            }
        }
    }
}

/// Everything the user gave, checked before any request.
fn build_request(args: &Args) -> Result<TranslateRequest, String> {
    let source_locale = Locale::parse(&args.from).map_err(|e| format!("--from: {e}"))?;
    let target_locales = args
        .to
        .iter()
        .filter(|name| !name.trim().is_empty())
        .map(|name| Locale::parse(name).map_err(|e| format!("--to: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let strings = match &args.strings {
        Some(path) => {
            let bytes =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let file =
                strings_file::parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            for note in &file.notes {
                eprintln!("note: {}:{}: {}", path.display(), note.line, note.message);
            }
            file.to_source_strings()
        }
        None => {
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            serde_json::from_str::<Vec<SourceString>>(&input).map_err(|e| {
                format!("standard input is not captions JSON ([{{\"id\", \"text\", \"maxChars\"?, \"context\"?}}]): {e}")
            })?
        }
    };
    let glossary = match &args.glossary {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Some(
                serde_json::from_str::<Vec<GlossaryEntry>>(&text).map_err(|e| {
                    format!(
                        "{} is not a glossary ([{{\"term\", \"keep\"?, \"translations\"?}}]): {e}",
                        path.display()
                    )
                })?,
            )
        }
        None => None,
    };
    Ok(TranslateRequest {
        source_locale,
        target_locales,
        provider: args.provider.map(Provider::from),
        model: args.model.clone(),
        tone: args.tone.clone(),
        glossary,
        strings,
    })
}
