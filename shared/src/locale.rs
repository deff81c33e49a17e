//! The App Store Connect locale catalog: the 50 codes ASC accepts for version localizations,
//! and parsing of the names people really give their folders (`en_US`, `ja-JP`, `zh_CN`, …).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writing direction of a locale's script.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// One row of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocaleInfo {
    /// The code exactly as ASC spells it (case-sensitive), e.g. `de-DE`, `ja`, `zh-Hans`.
    pub code: &'static str,
    /// English name of the language (and region where ASC lists one).
    pub english_name: &'static str,
    /// The language's name in itself.
    pub native_name: &'static str,
    /// ISO 15924 script code of the usual writing system.
    pub script: &'static str,
    pub direction: Direction,
    /// Whether ASC added the locale in 2025–26 (older tools may not know it).
    pub added_2025: bool,
}

const fn row(
    code: &'static str,
    english_name: &'static str,
    native_name: &'static str,
    script: &'static str,
    direction: Direction,
    added_2025: bool,
) -> LocaleInfo {
    LocaleInfo {
        code,
        english_name,
        native_name,
        script,
        direction,
        added_2025,
    }
}

use Direction::{Ltr, Rtl};

/// Every locale ASC accepts for `appStoreVersionLocalizations`, sorted by code.
pub const LOCALES: [LocaleInfo; 50] = [
    row("ar-SA", "Arabic", "العربية", "Arab", Rtl, false),
    row("bn-BD", "Bangla", "বাংলা", "Beng", Ltr, true),
    row("ca", "Catalan", "Català", "Latn", Ltr, false),
    row("cs", "Czech", "Čeština", "Latn", Ltr, false),
    row("da", "Danish", "Dansk", "Latn", Ltr, false),
    row("de-DE", "German", "Deutsch", "Latn", Ltr, false),
    row("el", "Greek", "Ελληνικά", "Grek", Ltr, false),
    row(
        "en-AU",
        "English (Australia)",
        "English (Australia)",
        "Latn",
        Ltr,
        false,
    ),
    row(
        "en-CA",
        "English (Canada)",
        "English (Canada)",
        "Latn",
        Ltr,
        false,
    ),
    row(
        "en-GB",
        "English (U.K.)",
        "English (UK)",
        "Latn",
        Ltr,
        false,
    ),
    row(
        "en-US",
        "English (U.S.)",
        "English (US)",
        "Latn",
        Ltr,
        false,
    ),
    row(
        "es-ES",
        "Spanish (Spain)",
        "Español (España)",
        "Latn",
        Ltr,
        false,
    ),
    row(
        "es-MX",
        "Spanish (Mexico)",
        "Español (México)",
        "Latn",
        Ltr,
        false,
    ),
    row("fi", "Finnish", "Suomi", "Latn", Ltr, false),
    row(
        "fr-CA",
        "French (Canada)",
        "Français (Canada)",
        "Latn",
        Ltr,
        false,
    ),
    row("fr-FR", "French", "Français", "Latn", Ltr, false),
    row("gu-IN", "Gujarati", "ગુજરાતી", "Gujr", Ltr, true),
    row("he", "Hebrew", "עברית", "Hebr", Rtl, false),
    row("hi", "Hindi", "हिन्दी", "Deva", Ltr, false),
    row("hr", "Croatian", "Hrvatski", "Latn", Ltr, false),
    row("hu", "Hungarian", "Magyar", "Latn", Ltr, false),
    row("id", "Indonesian", "Bahasa Indonesia", "Latn", Ltr, false),
    row("it", "Italian", "Italiano", "Latn", Ltr, false),
    row("ja", "Japanese", "日本語", "Jpan", Ltr, false),
    row("kn-IN", "Kannada", "ಕನ್ನಡ", "Knda", Ltr, true),
    row("ko", "Korean", "한국어", "Kore", Ltr, false),
    row("ml-IN", "Malayalam", "മലയാളം", "Mlym", Ltr, true),
    row("mr-IN", "Marathi", "मराठी", "Deva", Ltr, true),
    row("ms", "Malay", "Bahasa Melayu", "Latn", Ltr, false),
    row("nl-NL", "Dutch", "Nederlands", "Latn", Ltr, false),
    row("no", "Norwegian", "Norsk", "Latn", Ltr, false),
    row("or-IN", "Odia", "ଓଡ଼ିଆ", "Orya", Ltr, true),
    row("pa-IN", "Punjabi", "ਪੰਜਾਬੀ", "Guru", Ltr, true),
    row("pl", "Polish", "Polski", "Latn", Ltr, false),
    row(
        "pt-BR",
        "Portuguese (Brazil)",
        "Português (Brasil)",
        "Latn",
        Ltr,
        false,
    ),
    row(
        "pt-PT",
        "Portuguese (Portugal)",
        "Português (Portugal)",
        "Latn",
        Ltr,
        false,
    ),
    row("ro", "Romanian", "Română", "Latn", Ltr, false),
    row("ru", "Russian", "Русский", "Cyrl", Ltr, false),
    row("sk", "Slovak", "Slovenčina", "Latn", Ltr, false),
    row("sl-SI", "Slovenian", "Slovenščina", "Latn", Ltr, true),
    row("sv", "Swedish", "Svenska", "Latn", Ltr, false),
    row("ta-IN", "Tamil", "தமிழ்", "Taml", Ltr, true),
    row("te-IN", "Telugu", "తెలుగు", "Telu", Ltr, true),
    row("th", "Thai", "ไทย", "Thai", Ltr, false),
    row("tr", "Turkish", "Türkçe", "Latn", Ltr, false),
    row("uk", "Ukrainian", "Українська", "Cyrl", Ltr, false),
    row("ur-PK", "Urdu", "اردو", "Arab", Rtl, true),
    row("vi", "Vietnamese", "Tiếng Việt", "Latn", Ltr, false),
    row(
        "zh-Hans",
        "Chinese (Simplified)",
        "简体中文",
        "Hans",
        Ltr,
        false,
    ),
    row(
        "zh-Hant",
        "Chinese (Traditional)",
        "繁體中文",
        "Hant",
        Ltr,
        false,
    ),
];

/// Names people use that are not ASC codes but mean exactly one of them.
/// Keys are compared case-insensitively with `_` read as `-`.
const ALIASES: &[(&str, &str)] = &[
    ("ar", "ar-SA"),
    ("bn", "bn-BD"),
    ("ca-ES", "ca"),
    ("cs-CZ", "cs"),
    ("da-DK", "da"),
    ("de", "de-DE"),
    ("el-GR", "el"),
    ("en", "en-US"),
    ("es", "es-ES"),
    ("fi-FI", "fi"),
    ("fr", "fr-FR"),
    ("gu", "gu-IN"),
    ("he-IL", "he"),
    ("hi-IN", "hi"),
    ("hr-HR", "hr"),
    ("hu-HU", "hu"),
    ("id-ID", "id"),
    ("it-IT", "it"),
    ("iw", "he"),
    ("ja-JP", "ja"),
    ("kn", "kn-IN"),
    ("ko-KR", "ko"),
    ("ml", "ml-IN"),
    ("mr", "mr-IN"),
    ("ms-MY", "ms"),
    ("nb", "no"),
    ("nb-NO", "no"),
    ("nl", "nl-NL"),
    ("no-NO", "no"),
    ("or", "or-IN"),
    ("pa", "pa-IN"),
    ("pl-PL", "pl"),
    ("ro-RO", "ro"),
    ("ru-RU", "ru"),
    ("sk-SK", "sk"),
    ("sl", "sl-SI"),
    ("sv-SE", "sv"),
    ("ta", "ta-IN"),
    ("te", "te-IN"),
    ("th-TH", "th"),
    ("tr-TR", "tr"),
    ("uk-UA", "uk"),
    ("ur", "ur-PK"),
    ("vi-VN", "vi"),
    ("zh-CN", "zh-Hans"),
    ("zh-SG", "zh-Hans"),
    ("zh-Hans-CN", "zh-Hans"),
    ("zh-TW", "zh-Hant"),
    ("zh-HK", "zh-Hant"),
    ("zh-Hant-TW", "zh-Hant"),
];

/// Names that could mean more than one ASC locale; the user must choose.
const AMBIGUOUS: &[(&str, &[&str])] =
    &[("zh", &["zh-Hans", "zh-Hant"]), ("pt", &["pt-BR", "pt-PT"])];

/// A locale ASC accepts. Parse once at the edge, then trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Locale(&'static str);

/// Why a name is not an ASC locale, with the close matches to offer the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocaleError {
    #[error("\"{name}\" could mean {}; name the one you want", options.join(" or "))]
    Ambiguous {
        name: String,
        options: Vec<&'static str>,
    },
    #[error(
        "\"{name}\" is not a language App Store Connect accepts{}; run `shotbridge locales` for the full list",
        suggestion_text(suggestions)
    )]
    Unsupported {
        name: String,
        suggestions: Vec<&'static str>,
    },
}

fn suggestion_text(suggestions: &[&str]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", suggestions.join(", "))
    }
}

/// Folds case and `_`, and drops a gettext charset suffix (`zh_TW.Big5`, `zh_CN.GB2312`).
fn normalize(name: &str) -> String {
    let name = name.trim();
    let name = name
        .split_once('.')
        .map_or(name, |(locale, _charset)| locale);
    name.replace('_', "-").to_ascii_lowercase()
}

impl Locale {
    /// Parse an ASC code or a common alias (`en_US`, `ja-JP`, `zh_CN`, `de`, `nb`, …).
    pub fn parse(name: &str) -> Result<Self, LocaleError> {
        let key = normalize(name);
        if let Some(info) = LOCALES.iter().find(|l| l.code.to_ascii_lowercase() == key) {
            return Ok(Locale(info.code));
        }
        if let Some((_, code)) = ALIASES
            .iter()
            .find(|(alias, _)| alias.to_ascii_lowercase() == key)
        {
            return Ok(Locale(code));
        }
        if let Some((_, options)) = AMBIGUOUS.iter().find(|(n, _)| *n == key) {
            return Err(LocaleError::Ambiguous {
                name: name.to_string(),
                options: options.to_vec(),
            });
        }
        Err(LocaleError::Unsupported {
            name: name.to_string(),
            suggestions: suggestions(&key),
        })
    }

    /// The code as ASC spells it.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The catalog row of this locale.
    pub fn info(self) -> &'static LocaleInfo {
        LOCALES
            .iter()
            .find(|l| l.code == self.0)
            .expect("a Locale is only built from a catalog code")
    }

    pub fn direction(self) -> Direction {
        self.info().direction
    }

    /// Every locale of the catalog.
    pub fn all() -> impl Iterator<Item = Locale> {
        LOCALES.iter().map(|l| Locale(l.code))
    }
}

/// Close matches: same language subtag first, then small edit distance.
fn suggestions(key: &str) -> Vec<&'static str> {
    let language = key.split(['-', '@']).next().unwrap_or(key);
    let mut same_language: Vec<&'static str> = LOCALES
        .iter()
        .filter(|l| {
            l.code
                .split('-')
                .next()
                .is_some_and(|c| c.eq_ignore_ascii_case(language))
        })
        .map(|l| l.code)
        .collect();
    if !same_language.is_empty() {
        same_language.truncate(3);
        return same_language;
    }
    let mut scored: Vec<(usize, &'static str)> = LOCALES
        .iter()
        .map(|l| {
            (
                strsim::levenshtein(&l.code.to_ascii_lowercase(), key),
                l.code,
            )
        })
        // Two edits turn any two-letter code into any other: short names get one.
        .filter(|(d, _)| *d <= if key.len() <= 3 { 1 } else { 2 })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl FromStr for Locale {
    type Err = LocaleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Locale::parse(s)
    }
}

impl Serialize for Locale {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Locale {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Locale::parse(&name).map_err(serde::de::Error::custom)
    }
}

impl ts_rs::TS for Locale {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
}

impl utoipa::PartialSchema for Locale {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "An App Store Connect locale code, e.g. de-DE, ja, zh-Hans",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Locale {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_fifty_unique_codes() {
        let mut codes: Vec<_> = LOCALES.iter().map(|l| l.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 50);
        assert_eq!(LOCALES.iter().filter(|l| l.added_2025).count(), 11);
    }

    #[test]
    fn codes_parse_to_themselves() {
        for info in &LOCALES {
            assert_eq!(Locale::parse(info.code).map(Locale::code), Ok(info.code));
        }
    }

    #[test]
    fn folder_names_map_to_asc_codes() {
        for (name, code) in [
            ("en_US", "en-US"),
            ("ja-JP", "ja"),
            ("zh_CN", "zh-Hans"),
            ("zh-CN", "zh-Hans"),
            ("zh_TW", "zh-Hant"),
            ("de", "de-DE"),
            ("nb-NO", "no"),
            ("EN-us", "en-US"),
            ("zh-hans", "zh-Hans"),
        ] {
            assert_eq!(Locale::parse(name).map(Locale::code), Ok(code), "{name}");
        }
    }

    #[test]
    fn refusals_name_close_matches() {
        let err = Locale::parse("zh").unwrap_err();
        assert!(err.to_string().contains("zh-Hans or zh-Hant"), "{err}");
        let err = Locale::parse("es-AR").unwrap_err();
        assert!(err.to_string().contains("es-ES"), "{err}");
        let err = Locale::parse("af_ZA").unwrap_err();
        assert!(matches!(err, LocaleError::Unsupported { .. }), "{err}");
        let err = Locale::parse("xx").unwrap_err();
        assert!(
            !err.to_string().contains("did you mean"),
            "no made-up matches: {err}"
        );
    }

    /// Every locale-like folder name found in real fastlane and gettext trees of open-source apps
    /// (screenshots, captions, metadata), with what it must become.
    #[test]
    fn real_folder_names_map_or_are_refused_helpfully() {
        let mapped = [
            ("en-US", "en-US"),
            ("en_US", "en-US"),
            ("en-GB", "en-GB"),
            ("en-AU", "en-AU"),
            ("en_CA", "en-CA"),
            ("de-DE", "de-DE"),
            ("de", "de-DE"),
            ("fr-FR", "fr-FR"),
            ("fr_FR", "fr-FR"),
            ("fr", "fr-FR"),
            ("fr-CA", "fr-CA"),
            ("es-ES", "es-ES"),
            ("es", "es-ES"),
            ("es-MX", "es-MX"),
            ("es_MX", "es-MX"),
            ("it", "it"),
            ("it-IT", "it"),
            ("ja", "ja"),
            ("ja-JP", "ja"),
            ("ja_JP", "ja"),
            ("ko", "ko"),
            ("ko-KR", "ko"),
            ("zh-Hans", "zh-Hans"),
            ("zh_CN", "zh-Hans"),
            ("zh_CN.GB2312", "zh-Hans"),
            ("zh-Hant", "zh-Hant"),
            ("zh_TW", "zh-Hant"),
            ("zh_TW.Big5", "zh-Hant"),
            ("zh_HK", "zh-Hant"),
            ("pt-BR", "pt-BR"),
            ("pt-PT", "pt-PT"),
            ("nl-NL", "nl-NL"),
            ("nl", "nl-NL"),
            ("sv", "sv"),
            ("sv_SE", "sv"),
            ("sv-SE", "sv"),
            ("ru", "ru"),
            ("ru_RU", "ru"),
            ("ru-RU", "ru"),
            ("tr", "tr"),
            ("tr_TR", "tr"),
            ("tr-TR", "tr"),
            ("id", "id"),
            ("da", "da"),
            ("da_DK", "da"),
            ("da-DK", "da"),
            ("ar-SA", "ar-SA"),
            ("ar", "ar-SA"),
            ("vi", "vi"),
            ("uk", "uk"),
            ("ro", "ro"),
            ("pl", "pl"),
            ("pl-PL", "pl"),
            ("no", "no"),
            ("nb-NO", "no"),
            ("hr", "hr"),
            ("hr_HR", "hr"),
            ("he", "he"),
            ("fi", "fi"),
            ("fi_FI", "fi"),
            ("el", "el"),
            ("el-GR", "el"),
            ("cs", "cs"),
            ("ur_PK", "ur-PK"),
            ("th-TH", "th"),
            ("te", "te-IN"),
            ("ta", "ta-IN"),
            ("sl_SI", "sl-SI"),
            ("sl", "sl-SI"),
            ("sk_SK", "sk"),
            ("sk", "sk"),
            ("pa", "pa-IN"),
            ("ms_MY", "ms"),
            ("ms", "ms"),
            ("mr", "mr-IN"),
            ("ml_IN", "ml-IN"),
            ("ml", "ml-IN"),
            ("kn", "kn-IN"),
            ("hu_HU", "hu"),
            ("hu-HU", "hu"),
            ("hu", "hu"),
            ("hi", "hi"),
            ("gu", "gu-IN"),
            ("ca", "ca"),
            ("bn_BD", "bn-BD"),
        ];
        for (name, code) in mapped {
            assert_eq!(Locale::parse(name).map(Locale::code), Ok(code), "{name}");
        }
        // Languages ASC does not offer, regional variants it lacks, script or dialect modifiers.
        let refused = [
            "fa",
            "fa_IR",
            "uz",
            "ug",
            "tzm",
            "tl_PH",
            "fil",
            "tg_TJ",
            "sw_KE",
            "su",
            "sr",
            "sr@latin",
            "sq",
            "sq-AL",
            "si",
            "si_LK",
            "oc",
            "nqo",
            "nn-NO",
            "ne",
            "nds",
            "my_MM",
            "mt_MT",
            "mn",
            "mk",
            "mg",
            "lv",
            "lt_LT",
            "lo",
            "lb",
            "ku",
            "ku_IQ",
            "km",
            "ka_GE",
            "jv",
            "is",
            "io",
            "ia",
            "hy",
            "gl",
            "gl_ES",
            "fy_NL",
            "eu",
            "et_EE",
            "eo",
            "cy_GB",
            "bs",
            "bg",
            "bg_BG",
            "bg@Cyrl",
            "be",
            "az",
            "ast",
            "ak",
            "af_ZA",
            "ady",
            "es_US",
            "es_EC",
            "es_CL",
            "es_AR",
            "es_419",
            "de_CH",
            "de_AT",
            "bn_IN",
            "ca@valencia",
        ];
        for name in refused {
            let err = Locale::parse(name).expect_err(name);
            assert!(
                err.to_string().contains(name),
                "the refusal names {name}: {err}"
            );
        }
        // Where ASC has the language in another region, the refusal offers it.
        for (name, offered) in [
            ("de_AT", "de-DE"),
            ("de_CH", "de-DE"),
            ("es_419", "es-MX"),
            ("es_AR", "es-ES"),
            ("bn_IN", "bn-BD"),
            ("ca@valencia", "ca"),
            ("zh", "zh-Hans"),
        ] {
            let err = Locale::parse(name).expect_err(name);
            assert!(
                err.to_string().contains(offered),
                "{name} offers {offered}: {err}"
            );
        }
    }

    #[test]
    fn right_to_left_locales() {
        let rtl: Vec<_> = Locale::all()
            .filter(|l| l.direction() == Direction::Rtl)
            .collect();
        assert_eq!(
            rtl.iter().map(|l| l.code()).collect::<Vec<_>>(),
            ["ar-SA", "he", "ur-PK"]
        );
    }
}
