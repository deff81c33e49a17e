//! `shotbridge translate` as a user runs it: JSON or a `.strings` file in, JSON out, exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use shotbridge_shared::wire::TranslateResponse;

use super::captions::fixtures;

fn run(args: &[&str], stdin: &str) -> (Output, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_shotbridge"))
        .arg("translate")
        .args(args)
        .env("SHOTBRIDGE_DATA_DIR", data.path())
        .env_remove("OPENAI_API_KEY")
        .env_remove("GEMINI_API_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    (child.wait_with_output().unwrap(), data)
}

#[test]
fn json_in_translations_out() {
    let input = r#"[{"id": "01", "text": "Listen without anyone knowing", "maxChars": 30}]"#;
    let (out, data) = run(
        &[
            "--from",
            "en-US",
            "--to",
            "de-DE,ja_JP",
            "--provider",
            "pseudo",
        ],
        input,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let response: TranslateResponse = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        response.translations.keys().collect::<Vec<_>>(),
        ["de-DE", "ja"]
    );
    assert!(
        response
            .warnings
            .iter()
            .any(|w| w.code == "TOO_LONG" && w.locale.code() == "ja"),
        "overflow preview"
    );
    assert!(data.path().join("translation-memory.sqlite3").exists());
}

#[test]
fn a_strings_file_is_read_too() {
    let file = fixtures().join("dashwallet-ios/en-US/title.strings");
    let (out, _data) = run(&["--to", "fr-FR", "--strings", file.to_str().unwrap()], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let response: TranslateResponse = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(response.translations["fr-FR"].len(), 5);
}

#[test]
fn an_unknown_locale_is_bad_input_with_close_matches() {
    let (out, _data) = run(&["--to", "de-DE,es-AR"], r#"[{"id": "a", "text": "Hi"}]"#);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("es-AR") && stderr.contains("es-ES"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn malformed_input_and_a_missing_key_are_bad_input() {
    let (out, _data) = run(&["--to", "de-DE"], r#"{"id": "a"}"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("captions JSON"));
    let (out, _data) = run(
        &["--to", "de-DE", "--provider", "openai"],
        r#"[{"id": "a", "text": "Hi"}]"#,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("OPENAI_API_KEY"));
}
