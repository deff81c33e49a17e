//! Checks every translated caption before it is trusted: length within `maxChars`, keep-terms
//! and fixed glossary translations present, placeholders, tags and numbers preserved, and the
//! text really translated (changed, and written in the target's script). Each problem carries
//! the instruction a targeted retry sends back to the provider.

use shotbridge_shared::Locale;

use super::batch::BatchItem;
use super::error::WarningCode;
use super::tokens::{Segment, segments, tokens, visible_len};

/// One thing wrong with a translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: WarningCode,
    /// For the user.
    pub message: String,
    /// For the provider, on the retry.
    pub fix: String,
}

/// Everything wrong with `translation` of `item` from `source` into `target`.
pub fn check(item: &BatchItem, translation: &str, source: Locale, target: Locale) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut add =
        |code, message: String, fix: String| problems.push(Problem { code, message, fix });
    if let Some(max) = item.max_chars {
        let len = visible_len(translation);
        if len > max as usize {
            add(
                WarningCode::TooLong,
                format!("{len} characters, {max} allowed"),
                format!("shorter: at most {max} characters (yours had {len}); keep the message"),
            );
        }
    }
    for term in &item.terms {
        if term.keep && !translation.contains(term.term.as_str()) {
            add(
                WarningCode::KeepTermMissing,
                format!("\"{}\" must stay as it is", term.term),
                format!("keep \"{}\" exactly, letter for letter", term.term),
            );
        }
        if let (false, Some(fixed)) = (term.keep, &term.translation)
            && !translation.to_lowercase().contains(&fixed.to_lowercase())
        {
            add(
                WarningCode::ForcedTermMissing,
                format!("\"{}\" must be translated as \"{fixed}\"", term.term),
                format!("translate \"{}\" as \"{fixed}\"", term.term),
            );
        }
    }
    let (want, got) = (tokens(&item.text), tokens(translation));
    if want != got {
        add(
            WarningCode::PlaceholderMismatch,
            format!("placeholders or tags differ: source has {want:?}, translation {got:?}"),
            format!(
                "keep these placeholders and tags exactly, each once: {}",
                want.join(" ")
            ),
        );
    }
    let (want, got) = (numbers(&item.text), numbers(translation));
    if want != got {
        add(
            WarningCode::NumberMismatch,
            format!("numbers differ: source has {want:?}, translation {got:?}"),
            format!("keep the numbers {}", want.join(", ")),
        );
    }
    if let Some(reason) = untranslated(item, translation, source, target) {
        add(
            WarningCode::NotTranslated,
            reason,
            format!("translate into {}", target.info().english_name),
        );
    }
    problems
}

/// The numbers of a text as digit strings (any decimal script, grouping and decimal marks
/// ignored), sorted.
pub fn numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = decimal_digit(c) {
            current.push(d);
        } else if !current.is_empty()
            && matches!(
                c,
                ',' | '.' | '\'' | ' ' | '\u{a0}' | '\u{202f}' | '٫' | '٬'
            )
            && chars.peek().is_some_and(|n| decimal_digit(*n).is_some())
        {
            // A separator inside a number.
        } else if !current.is_empty() {
            found.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        found.push(current);
    }
    found.sort();
    found
}

/// The ASCII digit of a decimal digit in any common script.
fn decimal_digit(c: char) -> Option<char> {
    const ZEROS: [u32; 14] = [
        0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50,
        0xFF10,
    ];
    let code = c as u32;
    ZEROS
        .iter()
        .find(|zero| (**zero..**zero + 10).contains(&code))
        .and_then(|zero| char::from_digit(code - zero, 10))
}

/// Why the translation looks untranslated, if it does.
fn untranslated(
    item: &BatchItem,
    translation: &str,
    source: Locale,
    target: Locale,
) -> Option<String> {
    let letters = |text: &str| -> Vec<char> {
        let mut plain = String::new();
        for segment in segments(text) {
            if let Segment::Text(t) = segment {
                plain.push_str(t);
                plain.push(' ');
            }
        }
        for term in item.terms.iter().filter(|t| t.keep) {
            plain = plain.replace(term.term.as_str(), " ");
        }
        plain.chars().filter(|c| c.is_alphabetic()).collect()
    };
    let source_letters = letters(&item.text);
    // Only keep-terms, numbers and placeholders: nothing to translate.
    if source_letters.len() < 3 {
        return None;
    }
    let script = target.info().script;
    if script != "Latn" {
        let ours = letters(translation)
            .into_iter()
            .filter(|c| in_script(*c, script))
            .count();
        return (ours == 0)
            .then(|| format!("not written in {} script", target.info().english_name));
    }
    let same_language = source.code().split('-').next() == target.code().split('-').next();
    // TODO: a one-word cognate ("Radio", "Hotel") is flagged too; a per-term allow-list would help.
    let unchanged = item.text.trim().to_lowercase() == translation.trim().to_lowercase();
    (!same_language && unchanged).then(|| "identical to the source text".to_owned())
}

/// Whether `c` belongs to the ISO 15924 script the catalog names for a locale.
fn in_script(c: char, script: &str) -> bool {
    let u = c as u32;
    let han = (0x4E00..=0x9FFF).contains(&u) || (0x3400..=0x4DBF).contains(&u);
    match script {
        "Arab" => {
            (0x0600..=0x06FF).contains(&u)
                || (0x0750..=0x077F).contains(&u)
                || (0xFB50..=0xFEFF).contains(&u)
        }
        "Beng" => (0x0980..=0x09FF).contains(&u),
        "Cyrl" => (0x0400..=0x052F).contains(&u),
        "Deva" => (0x0900..=0x097F).contains(&u),
        "Grek" => (0x0370..=0x03FF).contains(&u) || (0x1F00..=0x1FFF).contains(&u),
        "Gujr" => (0x0A80..=0x0AFF).contains(&u),
        "Guru" => (0x0A00..=0x0A7F).contains(&u),
        "Hebr" => (0x0590..=0x05FF).contains(&u),
        "Jpan" => han || (0x3040..=0x30FF).contains(&u) || (0xFF66..=0xFF9F).contains(&u),
        "Knda" => (0x0C80..=0x0CFF).contains(&u),
        "Kore" => {
            (0xAC00..=0xD7AF).contains(&u)
                || (0x1100..=0x11FF).contains(&u)
                || (0x3130..=0x318F).contains(&u)
        }
        "Mlym" => (0x0D00..=0x0D7F).contains(&u),
        "Orya" => (0x0B00..=0x0B7F).contains(&u),
        "Taml" => (0x0B80..=0x0BFF).contains(&u),
        "Telu" => (0x0C00..=0x0C7F).contains(&u),
        "Thai" => (0x0E00..=0x0E7F).contains(&u),
        "Hans" | "Hant" => han,
        _ => c.is_alphabetic(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::translate::batch::TermRule;

    fn item(text: &str, max_chars: Option<u32>, terms: Vec<TermRule>) -> BatchItem {
        BatchItem {
            id: "a".into(),
            text: text.into(),
            max_chars,
            context: None,
            terms,
            fixes: vec![],
        }
    }

    fn codes(item: &BatchItem, translation: &str, target: &str) -> Vec<WarningCode> {
        let (source, target) = (
            Locale::parse("en-US").unwrap(),
            Locale::parse(target).unwrap(),
        );
        check(item, translation, source, target)
            .into_iter()
            .map(|p| p.code)
            .collect()
    }

    #[test]
    fn a_good_translation_passes() {
        let keep = TermRule {
            term: "QuickMoov".into(),
            keep: true,
            translation: None,
        };
        let it = item(
            "<b1>QuickMoov</b1> saves 10,000 files",
            Some(40),
            vec![keep],
        );
        assert_eq!(
            codes(&it, "<b1>QuickMoov</b1> spart 10.000 Dateien", "de-DE"),
            vec![]
        );
        assert_eq!(
            codes(&it, "<b1>QuickMoov</b1>で10,000ファイルを節約", "ja"),
            vec![]
        );
    }

    #[test]
    fn each_rule_reports_its_code() {
        let keep = TermRule {
            term: "QuickMoov".into(),
            keep: true,
            translation: None,
        };
        let forced = TermRule {
            term: "Pro".into(),
            keep: false,
            translation: Some("Profi".into()),
        };
        let it = item(
            "QuickMoov Pro for %@ in 3 taps",
            Some(20),
            vec![keep, forced],
        );
        assert_eq!(
            codes(
                &it,
                "Quickmoov Pro für %d in 4 Tipps und noch viel mehr",
                "de-DE"
            ),
            vec![
                WarningCode::TooLong,
                WarningCode::KeepTermMissing,
                WarningCode::ForcedTermMissing,
                WarningCode::PlaceholderMismatch,
                WarningCode::NumberMismatch,
            ]
        );
    }

    #[test]
    fn untranslated_text_and_wrong_scripts_are_caught() {
        let it = item("Listen without anyone knowing", None, vec![]);
        assert_eq!(
            codes(&it, "Listen without anyone knowing", "fr-FR"),
            vec![WarningCode::NotTranslated]
        );
        assert_eq!(codes(&it, "Listen without anyone knowing", "en-GB"), vec![]);
        assert_eq!(
            codes(&it, "Slushai bez svidetelei", "ru"),
            vec![WarningCode::NotTranslated]
        );
        assert_eq!(codes(&it, "Слушайте незаметно", "ru"), vec![]);
        assert_eq!(
            codes(&it, "Escucha sin que nadie lo sepa", "ar-SA"),
            vec![WarningCode::NotTranslated]
        );
        let brand = item(
            "QuickMoov",
            None,
            vec![TermRule {
                term: "QuickMoov".into(),
                keep: true,
                translation: None,
            }],
        );
        assert_eq!(codes(&brand, "QuickMoov", "ja"), vec![]);
    }

    #[test]
    fn numbers_ignore_grouping_and_script() {
        assert_eq!(numbers("10,000+ users, 4.8 stars"), vec!["10000", "48"]);
        assert_eq!(numbers("١٠٬٠٠٠ مستخدم"), vec!["10000"]);
    }
}
