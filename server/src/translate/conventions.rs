//! What a caption must look like in each App Store market: quotation marks, punctuation and
//! spacing, and the form of address customary in consumer-app marketing there. Fed to the
//! prompt; the defaults can be overridden by the request's `tone`.

use shotbridge_shared::Locale;

/// One market's writing conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conventions {
    /// Opening and closing quotation marks.
    pub quotes: (&'static str, &'static str),
    /// How to address the reader.
    pub address: &'static str,
    /// Punctuation, spacing, casing and script notes.
    pub notes: &'static str,
}

const fn c(
    open: &'static str,
    close: &'static str,
    address: &'static str,
    notes: &'static str,
) -> Conventions {
    Conventions {
        quotes: (open, close),
        address,
        notes,
    }
}

const SENTENCE_CASE: &str = "Use sentence case; do not copy English Title Case.";

/// The conventions of `locale`.
// TODO: the forms of address are the usual practice of large consumer apps in each market as
// known to us, not a survey; a per-project formality setting should be able to override them.
pub fn for_locale(locale: Locale) -> Conventions {
    match locale.code() {
        "ar-SA" => c(
            "«",
            "»",
            "address the reader directly in Modern Standard Arabic, gender-neutral where possible (plural or imperative)",
            "Use Arabic punctuation: ، ؛ ؟. Western digits are fine for App Store Saudi Arabia.",
        ),
        "bn-BD" => c("“", "”", "আপনি (polite)", "Use the dari । for full stops."),
        "ca" => c("«", "»", "tu (informal)", SENTENCE_CASE),
        "cs" => c(
            "„",
            "“",
            "informal (ty) forms are common in consumer apps; keep them consistent",
            SENTENCE_CASE,
        ),
        "da" => c("»", "«", "du", SENTENCE_CASE),
        "de-DE" => c(
            "„",
            "“",
            "du (informal), as customary for consumer apps; capitalise nouns as German requires",
            "Use sentence case otherwise; prefer compact compounds over long phrases.",
        ),
        "el" => c(
            "«",
            "»",
            "εσύ (informal singular)",
            "The Greek question mark is ; (U+037E or semicolon). Do not use capital letters with accents.",
        ),
        "en-AU" | "en-GB" => c(
            "‘",
            "’",
            "you",
            "Use British spelling (colour, optimise); keep it natural for the market.",
        ),
        "en-CA" => c("“", "”", "you", "Use Canadian spelling (colour, optimize)."),
        "en-US" => c("“", "”", "you", "Use American spelling."),
        "es-ES" => c(
            "«",
            "»",
            "tú (informal)",
            "Open questions and exclamations with ¿ and ¡. Use Castilian Spanish. Sentence case.",
        ),
        "es-MX" => c(
            "“",
            "”",
            "tú (informal)",
            "Open questions and exclamations with ¿ and ¡. Use Latin American Spanish (no vosotros). Sentence case.",
        ),
        "fi" => c(
            "”",
            "”",
            "informal second person (sinä forms) or imperatives",
            SENTENCE_CASE,
        ),
        "fr-CA" => c(
            "« ",
            " »",
            "vous, the usual register of Quebec app marketing",
            "Use Canadian French vocabulary. A no-break space before the colon and inside « »; no space before ! ? ;. Sentence case.",
        ),
        "fr-FR" => c(
            "« ",
            " »",
            "vous, the usual register of French app-store marketing (tu only for a playful brand voice)",
            "Put a narrow no-break space (U+202F) before ! ? ; and a no-break space (U+00A0) before : and inside « ». Sentence case.",
        ),
        "gu-IN" => c(
            "“",
            "”",
            "આપ/તમે (polite)",
            "Keep common English tech words the market uses in Latin script only if natural.",
        ),
        "he" => c(
            "״",
            "״",
            "gender-neutral forms (plural or infinitive) when addressing the reader",
            "Hebrew is written right to left; keep Latin brand names as they are.",
        ),
        "hi" => c(
            "“",
            "”",
            "आप (polite)",
            "Use the danda । for full stops; common English tech terms may stay in Latin script if Indian apps usually do so.",
        ),
        "hr" => c("„", "“", "informal (ti) forms", SENTENCE_CASE),
        "hu" => c(
            "„",
            "”",
            "informal (te) forms, usual for consumer apps",
            SENTENCE_CASE,
        ),
        "id" => c("“", "”", "Anda", SENTENCE_CASE),
        "it" => c("«", "»", "tu (informal)", SENTENCE_CASE),
        "ja" => c(
            "「",
            "」",
            "polite です/ます style where a verb ends the sentence; short noun phrases are fine for headlines",
            "Use full-width Japanese punctuation (、。！？), no spaces between words, katakana for established loanwords.",
        ),
        "kn-IN" => c("“", "”", "ನೀವು (polite)", ""),
        "ko" => c(
            "“",
            "”",
            "polite 해요체 endings (-요), or concise noun phrases for headlines",
            "Put spaces between words as Korean does.",
        ),
        "ml-IN" => c("“", "”", "നിങ്ങൾ (polite)", ""),
        "mr-IN" => c(
            "“",
            "”",
            "तुम्ही (polite)",
            "Use the danda । or a full stop consistently.",
        ),
        "ms" => c("“", "”", "anda", SENTENCE_CASE),
        "nl-NL" => c("‘", "’", "je/jij (informal)", SENTENCE_CASE),
        "no" => c("«", "»", "du", "Write Bokmål. Sentence case."),
        "or-IN" => c("“", "”", "ଆପଣ (polite)", ""),
        "pa-IN" => c("“", "”", "ਤੁਸੀਂ (polite)", "Write in Gurmukhi."),
        "pl" => c(
            "„",
            "”",
            "informal second person singular, or impersonal imperatives",
            SENTENCE_CASE,
        ),
        "pt-BR" => c("“", "”", "você", "Use Brazilian Portuguese. Sentence case."),
        "pt-PT" => c(
            "«",
            "»",
            "impersonal forms or tu; never Brazilian você constructions",
            "Use European Portuguese spelling and vocabulary. Sentence case.",
        ),
        "ro" => c(
            "„",
            "”",
            "tu (informal)",
            "Use the comma-below letters ș ț. Sentence case.",
        ),
        "ru" => c(
            "«",
            "»",
            "вы (lower case)",
            "Use the em dash — where Russian needs it. Sentence case.",
        ),
        "sk" => c("„", "“", "informal (ty) forms", SENTENCE_CASE),
        "sl-SI" => c("„", "“", "informal (ti) forms", SENTENCE_CASE),
        "sv" => c("”", "”", "du", SENTENCE_CASE),
        "ta-IN" => c("“", "”", "நீங்கள் (polite)", ""),
        "te-IN" => c("“", "”", "మీరు (polite)", ""),
        "th" => c(
            "“",
            "”",
            "neutral polite register without gendered particles (ค่ะ/ครับ)",
            "Thai has no spaces between words; a space separates phrases.",
        ),
        "tr" => c(
            "“",
            "”",
            "sen (informal), usual for consumer apps",
            SENTENCE_CASE,
        ),
        "uk" => c(
            "«",
            "»",
            "ви (lower case)",
            "Write Ukrainian, never Russian forms. Sentence case.",
        ),
        "ur-PK" => c(
            "“",
            "”",
            "آپ (polite)",
            "Urdu is written right to left in Nastaliq; use ۔ for full stops and ؟ for questions.",
        ),
        "vi" => c("“", "”", "bạn", SENTENCE_CASE),
        "zh-Hans" => c(
            "“",
            "”",
            "你 (friendly), 您 only for a formal brand voice",
            "Use Simplified Chinese characters and full-width punctuation (，。！？), no spaces between words except around Latin words.",
        ),
        "zh-Hant" => c(
            "「",
            "」",
            "你 (friendly, as in Taiwan)",
            "Use Traditional Chinese characters and Taiwan vocabulary, full-width punctuation (，。！？).",
        ),
        _ => c(
            "“",
            "”",
            "the register customary for consumer apps in this market",
            SENTENCE_CASE,
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_its_own_entry() {
        for locale in Locale::all() {
            let conventions = for_locale(locale);
            assert!(
                !conventions.address.starts_with("the register customary"),
                "{locale} falls back to the generic conventions"
            );
        }
        assert_eq!(
            for_locale(Locale::parse("de-DE").unwrap()).quotes,
            ("„", "“")
        );
    }
}
