//! Apple `.strings` files, as fastlane frameit keeps captions (`title.strings`,
//! `keyword.strings`): UTF-8 or UTF-16 (LE/BE, with or without BOM), `/* */` and `//` comments,
//! `"key" = "value";` entries with `\"`, `\\`, `\n`, `\t`, `\U0041` escapes. Errors name the
//! line. Like frameit, a stray unescaped `"` inside a value is read as a literal quote (with a
//! note) rather than rejecting the file.

use shotbridge_shared::wire::SourceString;

/// A parsed `.strings` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringsFile {
    /// In file order; a repeated key keeps its first place and its last value.
    pub entries: Vec<StringsEntry>,
    /// Things accepted but worth a look (repeated keys, stray quotes).
    pub notes: Vec<StringsNote>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringsEntry {
    pub key: String,
    pub value: String,
    /// 1-based line of the key.
    pub line: usize,
    /// The comment right before the entry (translator notes), trimmed.
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringsNote {
    pub line: usize,
    pub message: String,
}

/// Why a file is not a `.strings` file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StringsError {
    #[error("not UTF-8 or UTF-16 text: {0}")]
    Encoding(String),
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
}

impl StringsFile {
    /// Captions to translate: key as id, value as text, the comment as context. Empty values
    /// are kept (they translate to empty text).
    pub fn to_source_strings(&self) -> Vec<SourceString> {
        self.entries
            .iter()
            .map(|e| SourceString {
                id: e.key.clone(),
                text: e.value.clone(),
                max_chars: None,
                context: e.comment.clone(),
            })
            .collect()
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.value.as_str())
    }
}

/// Decodes and parses a `.strings` file's bytes.
pub fn parse(bytes: &[u8]) -> Result<StringsFile, StringsError> {
    parse_str(&decode(bytes)?)
}

/// Text from UTF-8 or UTF-16 bytes: a BOM decides, else zero bytes betray UTF-16.
pub fn decode(bytes: &[u8]) -> Result<String, StringsError> {
    let utf16 = |body: &[u8], little: bool| -> Result<String, StringsError> {
        if !body.len().is_multiple_of(2) {
            return Err(StringsError::Encoding(
                "UTF-16 text with an odd number of bytes".to_owned(),
            ));
        }
        let units = body.chunks_exact(2).map(|p| {
            if little {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|e| StringsError::Encoding(format!("broken UTF-16 ({e})")))
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [0, b, ..] if *b != 0 => utf16(bytes, false),
        [a, 0, ..] if *a != 0 => utf16(bytes, true),
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, StringsError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let line = 1 + bytes[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        StringsError::Encoding(format!("invalid UTF-8 on line {line}"))
    })
}

/// Parses `.strings` text.
pub fn parse_str(text: &str) -> Result<StringsFile, StringsError> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
        notes: Vec::new(),
    };
    let mut file = StringsFile::default();
    loop {
        let comment = parser.skip_blanks()?;
        if parser.peek().is_none() {
            break;
        }
        let line = parser.line;
        let key = parser.string(false)?;
        parser.skip_blanks()?;
        let value = match parser.peek() {
            Some('=') => {
                parser.pos += 1;
                parser.skip_blanks()?;
                parser.string(true)?
            }
            // `"key";` means the value is the key.
            Some(';') => key.clone(),
            other => {
                return Err(parser.error(format!(
                    "expected = after \"{key}\", found {}",
                    describe(other)
                )));
            }
        };
        let value_line = parser.line;
        parser.skip_blanks()?;
        match parser.peek() {
            Some(';') => parser.pos += 1,
            other => {
                let message = format!(
                    "expected ; after the value of \"{key}\", found {}",
                    describe(other)
                );
                return Err(StringsError::Syntax {
                    line: value_line,
                    message,
                });
            }
        }
        match file.entries.iter_mut().find(|e| e.key == key) {
            Some(earlier) => {
                parser.notes.push(StringsNote {
                    line,
                    message: format!(
                        "\"{key}\" repeats line {}; the later value wins",
                        earlier.line
                    ),
                });
                earlier.value = value;
            }
            None => file.entries.push(StringsEntry {
                key,
                value,
                line,
                comment,
            }),
        }
    }
    file.notes = parser.notes;
    Ok(file)
}

fn describe(c: Option<char>) -> String {
    match c {
        None => "the end of the file".to_owned(),
        Some('\n') => "the end of the line".to_owned(),
        Some(c) => format!("'{c}'"),
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    notes: Vec<StringsNote>,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn error(&self, message: String) -> StringsError {
        StringsError::Syntax {
            line: self.line,
            message,
        }
    }

    /// Skips whitespace and comments; returns the last comment's text.
    fn skip_blanks(&mut self) -> Result<Option<String>, StringsError> {
        let mut comment = None;
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() || c == '\u{feff}' => {
                    self.bump();
                }
                (Some('/'), Some('*')) => {
                    let start = self.line;
                    self.pos += 2;
                    let mut text = String::new();
                    loop {
                        match (self.peek(), self.peek_at(1)) {
                            (Some('*'), Some('/')) => {
                                self.pos += 2;
                                break;
                            }
                            (Some(_), _) => text.extend(self.bump()),
                            (None, _) => {
                                return Err(StringsError::Syntax {
                                    line: start,
                                    message: "a /* comment is never closed".to_owned(),
                                });
                            }
                        }
                    }
                    comment = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
                }
                (Some('/'), Some('/')) => {
                    let mut text = String::new();
                    while let Some(c) = self.peek().filter(|c| *c != '\n') {
                        text.push(c);
                        self.pos += 1;
                    }
                    comment = Some(text.trim_start_matches('/').trim().to_owned())
                        .filter(|t| !t.is_empty());
                }
                _ => return Ok(comment),
            }
        }
    }

    /// A quoted string, or an unquoted word of letters, digits and `_.-/$:`.
    fn string(&mut self, is_value: bool) -> Result<String, StringsError> {
        match self.peek() {
            Some('"') => {
                self.pos += 1;
                self.quoted(is_value)
            }
            Some(c) if c.is_alphanumeric() || "_.-/$:".contains(c) => {
                let mut word = String::new();
                while let Some(c) = self
                    .peek()
                    .filter(|c| c.is_alphanumeric() || "_.-/$:".contains(*c))
                {
                    word.push(c);
                    self.pos += 1;
                }
                Ok(word)
            }
            other => Err(self.error(format!(
                "expected a quoted string, found {}",
                describe(other)
            ))),
        }
    }

    fn quoted(&mut self, is_value: bool) -> Result<String, StringsError> {
        let start = self.line;
        let mut out = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(StringsError::Syntax {
                        line: start,
                        message: "a quoted string is never closed".to_owned(),
                    });
                }
                Some('"') if is_value && self.stray_quote() => {
                    self.notes.push(StringsNote {
                        line: self.line,
                        message:
                            "an unescaped \" inside a value was read as a quote mark; write \\\""
                                .to_owned(),
                    });
                    out.push('"');
                }
                Some('"') => return Ok(out),
                Some('\\') => self.escape(&mut out)?,
                Some(c) => out.push(c),
            }
        }
    }

    /// Whether the `"` just read is followed on its line by more text before the real end
    /// (`";`), as frameit's line-based reading assumes.
    fn stray_quote(&self) -> bool {
        let rest: String = self.chars[self.pos..]
            .iter()
            .take_while(|c| **c != '\n')
            .collect();
        let next = rest.trim_start().chars().next();
        !matches!(next, None | Some(';') | Some('/')) && rest.trim_end().ends_with("\";")
    }

    fn escape(&mut self, out: &mut String) -> Result<(), StringsError> {
        match self.bump() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('U' | 'u') => {
                let unit = self.hex4()?;
                if (0xD800..0xDC00).contains(&unit)
                    && self.peek() == Some('\\')
                    && matches!(self.peek_at(1), Some('U' | 'u'))
                {
                    self.pos += 2;
                    let low = self.hex4()?;
                    out.extend(char::decode_utf16([unit, low]).map(|r| r.unwrap_or('\u{FFFD}')));
                } else {
                    out.push(char::from_u32(u32::from(unit)).ok_or_else(|| {
                        self.error(format!("\\U{unit:04X} is half of a surrogate pair"))
                    })?);
                }
            }
            Some(d @ '0'..='7') => {
                let mut value = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek().and_then(|c| c.to_digit(8)) {
                        Some(next) => {
                            value = value * 8 + next;
                            self.pos += 1;
                        }
                        None => break,
                    }
                }
                out.extend(char::from_u32(value));
            }
            // `\"`, `\\`, `\'` and anything else stand for themselves.
            Some(c) => out.push(c),
            None => return Err(self.error("the file ends inside an escape".to_owned())),
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, StringsError> {
        let digits: String = self.chars.iter().skip(self.pos).take(4).collect();
        let unit = u16::from_str_radix(&digits, 16)
            .ok()
            .filter(|_| digits.len() == 4)
            .ok_or_else(|| self.error(format!("\\U needs four hex digits, found \"{digits}\"")))?;
        self.pos += 4;
        Ok(unit)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn entries_comments_and_escapes() {
        let text = "\n/* Screen 1 */\n\"01\" = \"Say \\\"hi\\\"\\n\\tnow \\U00e9\\\\\";\n// second\n\"02\"=\"b\";\nkey = value;\n\"solo\";\n";
        let file = parse_str(text).unwrap();
        assert_eq!(file.get("01"), Some("Say \"hi\"\n\tnow é\\"));
        assert_eq!(file.entries[0].comment.as_deref(), Some("Screen 1"));
        assert_eq!(file.entries[0].line, 3);
        assert_eq!(file.entries[1].comment.as_deref(), Some("second"));
        assert_eq!(file.get("key"), Some("value"));
        assert_eq!(file.get("solo"), Some("solo"));
    }

    #[test]
    fn utf16_in_both_byte_orders_with_and_without_bom() {
        let text = "\"a\" = \"Grüße 😀\";\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [
            [&[0xFF, 0xFE][..], &le].concat(),
            [&[0xFE, 0xFF][..], &be].concat(),
            le,
            be,
        ] {
            assert_eq!(parse(&bytes).unwrap().get("a"), Some("Grüße 😀"));
        }
        assert_eq!(
            parse(&[b"\xEF\xBB\xBF", text.as_bytes()].concat())
                .unwrap()
                .get("a"),
            Some("Grüße 😀")
        );
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse_str("\"a\" = \"x\";\n\n\"b\" = \"y\"\n\"c\" = \"z\";").unwrap_err();
        assert_eq!(
            err,
            StringsError::Syntax {
                line: 3,
                message: "expected ; after the value of \"b\", found '\"'".into()
            }
        );
        let err = parse_str("\"a\" = \"x\";\n/* open").unwrap_err();
        assert!(matches!(err, StringsError::Syntax { line: 2, .. }), "{err}");
        assert!(matches!(
            parse(b"\"a\" = \"\xff\";"),
            Err(StringsError::Encoding(_))
        ));
    }

    #[test]
    fn a_stray_quote_inside_a_value_is_kept_with_a_note() {
        let file = parse_str("\"receive\" = \"\"攻撃\\nサービス\";\n\"next\" = \"ok\";").unwrap();
        assert_eq!(file.get("receive"), Some("\"攻撃\nサービス"));
        assert_eq!(file.get("next"), Some("ok"));
        assert_eq!(file.notes.len(), 1);
        assert_eq!(file.notes[0].line, 1);
    }

    #[test]
    fn a_repeated_key_keeps_the_last_value() {
        let file = parse_str("\"a\" = \"1\";\n\"a\" = \"2\";").unwrap();
        assert_eq!(file.entries.len(), 1);
        assert_eq!(file.get("a"), Some("2"));
        assert_eq!(file.notes[0].line, 2);
    }
}
