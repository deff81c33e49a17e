//! Splits a caption into translatable text and the tokens that must survive translation
//! unchanged: printf placeholders (`%@`, `%d`, `%1$@`), named placeholders (`{name}`) and the
//! inline style tags the Figma plugin writes around styled ranges (`<b1>…</b1>`).

use unicode_segmentation::UnicodeSegmentation;

/// A piece of a caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    /// A placeholder or tag, to be kept byte for byte.
    Token(&'a str),
}

/// The caption cut into text and tokens, in order.
pub fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let len = match bytes[i] {
            b'<' => tag_len(&text[i..]),
            b'%' => printf_len(&text[i..]),
            b'{' => brace_len(&text[i..]),
            _ => 0,
        };
        if len == 0 {
            i += 1;
            continue;
        }
        if text_start < i {
            out.push(Segment::Text(&text[text_start..i]));
        }
        out.push(Segment::Token(&text[i..i + len]));
        i += len;
        text_start = i;
    }
    if text_start < text.len() {
        out.push(Segment::Text(&text[text_start..]));
    }
    out
}

/// The tokens of a caption, sorted, for comparing source and translation as multisets.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = segments(text)
        .into_iter()
        .filter_map(|s| match s {
            Segment::Token(t) => Some(t),
            Segment::Text(_) => None,
        })
        .collect();
    found.sort_unstable();
    found
}

/// Length as a reader sees it: graphemes, with style tags not counted (placeholders count, as
/// their value will take room).
pub fn visible_len(text: &str) -> usize {
    segments(text)
        .into_iter()
        .map(|s| match s {
            Segment::Text(t) => t.graphemes(true).filter(|g| !is_bidi_control(g)).count(),
            Segment::Token(t) if t.starts_with('<') => 0,
            Segment::Token(t) => t.graphemes(true).count(),
        })
        .sum()
}

/// Invisible direction marks (LRM, RLM, ALM, embeddings, overrides, isolates).
fn is_bidi_control(grapheme: &str) -> bool {
    grapheme.chars().all(|c| {
        matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// `<b1>`, `</b1>`, `<br/>`: a letter, then letters or digits.
fn tag_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 1;
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return 0;
    }
    while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    if b.get(i) == Some(&b'>') { i + 1 } else { 0 }
}

/// `%@`, `%d`, `%1$@`, `%.2f`, `%lld`, `%%`.
fn printf_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 1;
    let digits = |i: &mut usize| {
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
    };
    // Positional `n$`.
    let start = i;
    digits(&mut i);
    if i > start && b.get(i) == Some(&b'$') {
        i += 1;
    } else {
        i = start;
    }
    while b.get(i).is_some_and(|c| b"-+#0".contains(c)) {
        i += 1;
    }
    digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        digits(&mut i);
    }
    for length in ["hh", "ll", "h", "l", "q", "z", "t", "j", "L"] {
        if s[i..].starts_with(length) {
            i += length.len();
            break;
        }
    }
    match b.get(i) {
        Some(c) if b"@dDiuUxXoOfFeEgGcCsSpaA%".contains(c) => i + 1,
        _ => 0,
    }
}

/// `{name}`, `{0}`, `{user.name}`.
fn brace_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 1;
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
    {
        i += 1;
    }
    if i > 1 && b.get(i) == Some(&b'}') {
        i + 1
    } else {
        0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_tags_are_tokens() {
        let s = "Hi {name}, <b1>%1$@</b1> saved %d%% in 100% of cases<br/>";
        assert_eq!(
            segments(s),
            vec![
                Segment::Text("Hi "),
                Segment::Token("{name}"),
                Segment::Text(", "),
                Segment::Token("<b1>"),
                Segment::Token("%1$@"),
                Segment::Token("</b1>"),
                Segment::Text(" saved "),
                Segment::Token("%d"),
                Segment::Token("%%"),
                Segment::Text(" in 100% of cases"),
                Segment::Token("<br/>"),
            ]
        );
    }

    #[test]
    fn lone_signs_are_text() {
        assert_eq!(
            tokens("5 < 6 > 4, 50 % off, {} and { x }"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn visible_length_counts_graphemes_without_tags() {
        assert_eq!(visible_len("<b1>Café</b1> 👍🏽"), 6);
        assert_eq!(visible_len("नमस्ते"), 3);
    }
}
