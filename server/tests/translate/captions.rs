//! The real caption fixtures (`tests/fixtures/captions`, MIT-licensed frameit files): every
//! `.strings` file parses, and the English captions go through pseudo-localization into all 50
//! App Store locales.

use std::path::{Path, PathBuf};

use shotbridge::translate::{Translator, has_failures, is_pseudo, strings_file};
use shotbridge_shared::Locale;
use shotbridge_shared::wire::{Provider, SourceString};

use super::helpers::*;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/captions")
}

fn strings_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(strings_files(&path));
        } else if path.extension().is_some_and(|e| e == "strings") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Every English caption, ids prefixed with app and file.
pub fn english_captions() -> Vec<SourceString> {
    let mut captions = Vec::new();
    for path in strings_files(&fixtures()) {
        if path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|l| l == "en-US")
        {
            let app = path
                .ancestors()
                .nth(2)
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let file = path.file_stem().unwrap().to_string_lossy().into_owned();
            for mut caption in strings_file::parse(&std::fs::read(&path).unwrap())
                .unwrap()
                .to_source_strings()
            {
                caption.id = format!("{app}/{file}/{}", caption.id);
                captions.push(caption);
            }
        }
    }
    captions
}

#[test]
fn every_fixture_file_parses() {
    let files = strings_files(&fixtures());
    assert_eq!(files.len(), 118);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let file =
            strings_file::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!file.entries.is_empty(), "{}", path.display());
    }
    let read =
        |rel: &str| strings_file::parse(&std::fs::read(fixtures().join(rel)).unwrap()).unwrap();

    // UTF-16 BE with BOM, `\n` escapes, and an unescaped quote read the way frameit reads it.
    assert!(
        std::fs::read(fixtures().join("dashwallet-ios/ja-JP/title.strings"))
            .unwrap()
            .starts_with(&[0xFE, 0xFF])
    );
    let ja = read("dashwallet-ios/ja-JP/title.strings");
    assert_eq!(ja.get("history"), Some("ビットコインウォレットの\n理想像"));
    assert_eq!(
        ja.get("receive"),
        Some("\"攻撃や不具合などによる\nサービスメンテナンスは不要")
    );
    assert_eq!(ja.notes.len(), 1);
    assert_eq!(
        read("dashwallet-ios/en-US/title.strings").get("send"),
        Some("connects directly to the bitcoin network")
    );
    assert_eq!(
        read("dashwallet-ios/nl-NL/title.strings")
            .entries
            .iter()
            .filter(|e| e.value.is_empty())
            .count(),
        3
    );

    // A blank first line; UTF-8 without BOM.
    let listen = read("listen-anonymously/en-US/title.strings");
    assert_eq!(listen.entries.len(), 3);
    assert_eq!(listen.entries[0].line, 2);
    assert_eq!(
        read("tlingo-aitranslator/ar-SA/title.strings")
            .entries
            .len(),
        6
    );
    assert_eq!(read("quickmoov/ja/title.strings").entries.len(), 4);
}

#[tokio::test]
async fn english_captions_pseudo_localize_into_all_fifty_locales() {
    let captions = english_captions();
    assert_eq!(captions.len(), 3 + 3 + 6 + 6 + 4 + 4 + 5);
    let translator = Translator::new(offline_config()).unwrap();
    let mut batch = request(&[], captions.clone());
    batch.target_locales = Locale::all().collect();
    batch.provider = Some(Provider::Pseudo);
    let response = translator.translate(&batch).await.unwrap();

    assert!(is_pseudo(&response));
    assert!(!has_failures(&response));
    assert_eq!(response.translations.len(), 50);
    for (locale, translations) in &response.translations {
        assert_eq!(translations.len(), captions.len(), "{locale}");
        for caption in &captions {
            let text = &translations[&caption.id];
            if locale != "en-US" {
                assert!(
                    text.contains('[') && text.contains(']'),
                    "{locale} {}: {text}",
                    caption.id
                );
            }
        }
    }
    let arabic = &response.translations["ar-SA"]["quickmoov/title/01_idle"];
    assert!(arabic.starts_with('\u{200F}'), "{arabic:?}");
    assert_eq!(
        response.translations["en-US"]["quickmoov/title/01_idle"],
        "Drag & Drop to Optimize"
    );
    assert_eq!(
        response.translations["de-DE"]["quickmoov/keyword/01_idle"],
        "[ǪûîçķṀööṽ one tw]"
    );
    assert_eq!(
        response.usage.requests, 49,
        "one local pass per locale besides the source"
    );
}
