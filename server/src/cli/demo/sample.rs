//! The sample the demo runs on, embedded in the binary: real screenshots and their real English
//! captions from open-source apps (MIT-licensed; sources in `tests/fixtures/*/SOURCES.md`).

use bytes::Bytes;
use shotbridge_shared::wire::SourceString;

use crate::translate::strings_file::{self, StringsError};

/// One bundled screenshot, as a designer would export it (the RGBA one still has its alpha).
#[derive(Debug, Clone)]
pub struct SampleScreenshot {
    pub file_name: &'static str,
    pub bytes: Bytes,
}

/// The screenshots, in the order they appear on the App Store: two 6.9" iPhone shots and one
/// 13" iPad shot.
pub fn screenshots() -> Vec<SampleScreenshot> {
    vec![
        SampleScreenshot {
            file_name: "01_screenshot_framed.png",
            bytes: Bytes::from_static(include_bytes!(
                "../../../../tests/fixtures/screenshots/ios/en-GB/01_screenshot_framed.png"
            )),
        },
        SampleScreenshot {
            file_name: "2_APP_IPHONE_67_2.png.png",
            bytes: Bytes::from_static(include_bytes!(
                "../../../../tests/fixtures/screenshots/ios/en-US/2_APP_IPHONE_67_2.png.png"
            )),
        },
        SampleScreenshot {
            file_name: "0_APP_IPAD_PRO_3GEN_129_0.png",
            bytes: Bytes::from_static(include_bytes!(
                "../../../../tests/fixtures/screenshots/ios/en-US/0_APP_IPAD_PRO_3GEN_129_0.png"
            )),
        },
    ]
}

/// Longest keyword (the big line of a caption) the layout holds, in graphemes.
const KEYWORD_MAX_CHARS: u32 = 18;
/// Longest title (the line under it).
const TITLE_MAX_CHARS: u32 = 40;

/// The English captions of Listen Anonymously (frameit `keyword.strings` and `title.strings`),
/// with the room each line has on the screenshot.
pub fn captions() -> Result<Vec<SourceString>, StringsError> {
    let keywords = strings_file::parse(include_bytes!(
        "../../../../tests/fixtures/captions/listen-anonymously/en-US/keyword.strings"
    ))?;
    let titles = strings_file::parse(include_bytes!(
        "../../../../tests/fixtures/captions/listen-anonymously/en-US/title.strings"
    ))?;
    let lines = |file: &strings_file::StringsFile, kind: &str, max_chars: u32, context: &str| {
        file.entries
            .iter()
            .map(|entry| SourceString {
                id: format!("{}.{kind}", entry.key),
                text: entry.value.clone(),
                max_chars: Some(max_chars),
                context: Some(context.to_owned()),
            })
            .collect::<Vec<_>>()
    };
    let mut captions = lines(
        &keywords,
        "keyword",
        KEYWORD_MAX_CHARS,
        "Big headline above an App Store screenshot of a private voice-message player",
    );
    captions.extend(lines(
        &titles,
        "title",
        TITLE_MAX_CHARS,
        "Subtitle under the headline of an App Store screenshot",
    ));
    Ok(captions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_pair_a_keyword_and_a_title_per_screenshot() {
        let captions = captions().unwrap();
        assert_eq!(captions.len(), 6);
        assert!(
            captions
                .iter()
                .any(|c| c.id == "01_screenshot.keyword" && c.text == "Stay Unseen")
        );
        assert!(
            captions
                .iter()
                .any(|c| c.id == "02_screenshot.title"
                    && c.text == "No read receipts. No blue ticks.")
        );
    }

    #[test]
    fn screenshots_are_real_store_sized_images() {
        for shot in screenshots() {
            let image = crate::images::normalize(shot.bytes.clone(), None)
                .unwrap_or_else(|e| panic!("{}: {e}", shot.file_name));
            assert!(image.display_type.accepts(image.size), "{}", shot.file_name);
        }
    }
}
