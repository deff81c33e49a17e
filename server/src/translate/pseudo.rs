//! Pseudo-localization: an offline, deterministic stand-in for a translation that shows layout
//! problems before any paid call. Letters get accents (missing glyphs show), the caption is
//! bracketed (clipping shows) and padded by the expansion real translations of that length
//! typically need (IBM's table: short strings grow most); right-to-left targets are wrapped in
//! direction overrides. Placeholders, style tags, keep-terms and numbers stay untouched; a
//! glossary translation fixed for the locale is put in as is.

use unicode_segmentation::UnicodeSegmentation;

use super::batch::{BatchAnswer, BatchJob, TermRule};
use super::tokens::{Segment, segments, visible_len};

/// Right-to-left mark, then right-to-left override; closed by pop-directional-format and mark.
const RTL_OPEN: &str = "\u{200F}\u{202E}";
const RTL_CLOSE: &str = "\u{202C}\u{200F}";
/// Words the padding is cut from, so padded captions wrap like text does.
const PADDING: &str = "one two three four five six seven eight nine ten eleven twelve";

/// Pseudo-localizes every item of `job`.
pub fn translate(job: &BatchJob, rtl: bool) -> BatchAnswer {
    let translations = job
        .items
        .iter()
        .map(|item| {
            (
                item.id.clone(),
                pseudo_localize(&item.text, &item.terms, rtl),
            )
        })
        .collect();
    BatchAnswer {
        translations,
        input_tokens: 0,
        output_tokens: 0,
    }
}

/// The pseudo-localized form of one caption.
pub fn pseudo_localize(text: &str, terms: &[TermRule], rtl: bool) -> String {
    let mut body = String::with_capacity(text.len() * 2);
    for segment in segments(text) {
        match segment {
            Segment::Token(token) => body.push_str(token),
            Segment::Text(plain) => accent_outside_terms(plain, terms, &mut body),
        }
    }
    let source_len = visible_len(text);
    let target_len = (source_len as f64 * (1.0 + expansion(source_len))).round() as usize;
    // Brackets take two of the extra places, the space before the padding one more.
    let pad = target_len.saturating_sub(visible_len(&body) + 3);
    let mut out = String::with_capacity(body.len() + pad + 12);
    if rtl {
        out.push_str(RTL_OPEN);
    }
    out.push('[');
    out.push_str(&body);
    if pad > 0 {
        out.push(' ');
        out.extend(PADDING.chars().cycle().take(pad));
    }
    out.push(']');
    if rtl {
        out.push_str(RTL_CLOSE);
    }
    out
}

/// Extra length as a share of the source length (IBM's guideline for English sources).
pub fn expansion(source_len: usize) -> f64 {
    match source_len {
        0..=10 => 1.0,
        11..=20 => 0.8,
        21..=30 => 0.6,
        31..=50 => 0.4,
        51..=70 => 0.35,
        _ => 0.3,
    }
}

/// Accents `plain`, leaving keep-terms as they are and putting in fixed glossary translations.
fn accent_outside_terms(plain: &str, terms: &[TermRule], out: &mut String) {
    let mut rest = plain;
    while !rest.is_empty() {
        let next = terms
            .iter()
            .filter_map(|t| rest.find(t.term.as_str()).map(|at| (at, t)))
            .min_by_key(|(at, t)| (*at, std::cmp::Reverse(t.term.len())));
        match next {
            Some((at, term)) => {
                accent(&rest[..at], out);
                match (&term.translation, term.keep) {
                    (Some(fixed), false) => out.push_str(fixed),
                    _ => out.push_str(&term.term),
                }
                rest = &rest[at + term.term.len()..];
            }
            None => {
                accent(rest, out);
                rest = "";
            }
        }
    }
}

fn accent(plain: &str, out: &mut String) {
    for grapheme in plain.graphemes(true) {
        let mut chars = grapheme.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => out.push(accented(c)),
            _ => out.push_str(grapheme),
        }
    }
}

fn accented(c: char) -> char {
    const LOWER: [char; 26] = [
        'á', 'ƀ', 'ç', 'ð', 'é', 'ƒ', 'ĝ', 'ĥ', 'î', 'ĵ', 'ķ', 'ļ', 'ɱ', 'ñ', 'ö', 'þ', 'ǫ', 'ŕ',
        'š', 'ţ', 'û', 'ṽ', 'ŵ', 'ẋ', 'ý', 'ž',
    ];
    const UPPER: [char; 26] = [
        'Å', 'Ɓ', 'Ç', 'Ð', 'É', 'Ƒ', 'Ĝ', 'Ĥ', 'Î', 'Ĵ', 'Ķ', 'Ļ', 'Ṁ', 'Ñ', 'Ö', 'Þ', 'Ǫ', 'Ŕ',
        'Š', 'Ţ', 'Û', 'Ṽ', 'Ŵ', 'Ẋ', 'Ý', 'Ž',
    ];
    match c {
        'a'..='z' => LOWER[(c as u8 - b'a') as usize],
        'A'..='Z' => UPPER[(c as u8 - b'A') as usize],
        _ => c,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn keep(term: &str) -> TermRule {
        TermRule {
            term: term.into(),
            keep: true,
            translation: None,
        }
    }

    #[test]
    fn accents_brackets_and_pads_short_strings_most() {
        let short = pseudo_localize("Save", &[], false);
        assert_eq!(short, "[Šáṽé o]");
        assert_eq!(visible_len(&short), 8, "under 10 characters doubles");
        let long_source = "Real-time streaming translations with smart diff display and more";
        let long = pseudo_localize(long_source, &[], false);
        let ratio = visible_len(&long) as f64 / visible_len(long_source) as f64;
        assert!((1.3..1.4).contains(&ratio), "{ratio}: {long}");
    }

    #[test]
    fn keeps_placeholders_tags_terms_and_numbers() {
        let out = pseudo_localize(
            "<b1>QuickMoov</b1> saves %d files, 10,000+ {user}",
            &[keep("QuickMoov")],
            false,
        );
        assert!(
            out.starts_with("[<b1>QuickMoov</b1> šáṽéš %d ƒîļéš, 10,000+ {user}"),
            "{out}"
        );
    }

    #[test]
    fn fixed_translations_are_put_in_and_rtl_is_wrapped() {
        let rule = TermRule {
            term: "Pro".into(),
            keep: false,
            translation: Some("Profi".into()),
        };
        let out = pseudo_localize("Go Pro", &[rule], true);
        assert!(out.starts_with("\u{200F}\u{202E}[Ĝö Profi"), "{out:?}");
        assert!(out.ends_with("]\u{202C}\u{200F}"), "{out:?}");
    }

    #[test]
    fn is_deterministic() {
        let text = "Listen without anyone knowing";
        assert_eq!(
            pseudo_localize(text, &[], false),
            pseudo_localize(text, &[], false)
        );
    }
}
