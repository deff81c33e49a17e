//! The real `shotbridge serve` binary, with every credential set and fresh empty folders for its
//! working directory, TMPDIR, HOME and data dir: after uploads and translations, no image bytes
//! are in any of those folders, and no secret is in its output at debug level.

use std::path::Path;
use std::process::Stdio;

use futures::StreamExt;
use p256::pkcs8::{EncodePrivateKey, LineEnding};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use shotbridge::sandbox::seed::demo;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::helpers::screenshot_png;

const TOKEN: &str = "binary-test-token-5c1f0e9a7b3d";
const OPENAI_KEY: &str = "sk-binary-test-openai-91d2a7";
const GEMINI_KEY: &str = "gm-binary-test-gemini-44c0b1";
const PLUGIN_OPENAI_KEY: &str = "sk-sent-by-the-plugin-7e21f3";

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn has_image_signature(bytes: &[u8]) -> bool {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const JPEG: &[u8] = b"\xff\xd8\xff";
    bytes.windows(PNG.len()).any(|w| w == PNG) || bytes.windows(JPEG.len()).any(|w| w == JPEG)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_image_reaches_the_disk_and_no_secret_reaches_the_logs() {
    let root = tempfile::tempdir().unwrap();
    let dirs = ["cwd", "tmp", "home", "data"].map(|d| {
        let path = root.path().join(d);
        std::fs::create_dir(&path).unwrap();
        path
    });
    let pem = p256::SecretKey::from_slice(&[9u8; 32])
        .unwrap()
        .to_pkcs8_pem(LineEnding::LF)
        .unwrap()
        .to_string();
    let provider = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"error": {"message": "bad key"}})),
        )
        .mount(&provider)
        .await;

    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_shotbridge"))
        .args(["serve", "--sandbox", "--no-keychain", "--port", "0"])
        .current_dir(&dirs[0])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TMPDIR", &dirs[1])
        .env("HOME", &dirs[2])
        .env("SHOTBRIDGE_DATA_DIR", &dirs[3])
        .env("RUST_LOG", "debug")
        .env("SHOTBRIDGE_TOKEN", TOKEN)
        .env("ASC_ISSUER_ID", "57246542-96fe-1a63-e053-0824d011072a")
        .env("ASC_KEY_ID", "2X9R4HXF34")
        .env("ASC_PRIVATE_KEY", &pem)
        .env("OPENAI_API_KEY", OPENAI_KEY)
        .env("OPENAI_BASE_URL", format!("{}/v1", provider.uri()))
        .env("GEMINI_API_KEY", GEMINI_KEY)
        .env("GEMINI_BASE_URL", provider.uri())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    stdout.read_line(&mut banner).await.unwrap();
    let port: u16 = banner.trim().rsplit(':').next().unwrap().parse().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let stderr_task = tokio::spawn(async move {
        let mut text = String::new();
        stderr.read_to_string(&mut text).await.unwrap();
        text
    });
    let stdout_task = tokio::spawn(async move {
        let mut text = String::new();
        stdout.read_to_string(&mut text).await.unwrap();
        text
    });

    let client = reqwest::Client::new();
    let base = format!("http://localhost:{port}");
    let authed = |method: Method, path: &str| {
        client
            .request(method, format!("{base}{path}"))
            .bearer_auth(TOKEN)
    };

    let health: Value = client
        .get(format!("{base}/v1/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["appStoreConnect"], "sandbox");
    assert_eq!(health["providers"], json!(["pseudo", "openai", "gemini"]));

    let response = authed(Method::PUT, "/v1/credentials")
        .json(&json!({ "openai": { "apiKey": PLUGIN_OPENAI_KEY, "baseUrl": format!("{}/v1", provider.uri()) } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let translate = json!({
        "sourceLocale": "en-US", "targetLocales": ["de-DE"], "provider": "openai",
        "strings": [{ "id": "title", "text": "Track every habit" }],
    });
    let refused = authed(Method::POST, "/v1/translate")
        .json(&translate)
        .send()
        .await
        .unwrap();
    assert!(!refused.status().is_success());
    let mut pseudo = translate.clone();
    pseudo["provider"] = json!("pseudo");
    let translated = authed(Method::POST, "/v1/translate")
        .json(&pseudo)
        .send()
        .await
        .unwrap();
    assert_eq!(translated.status(), StatusCode::OK);

    let plan = json!({ "bundleId": demo::BUNDLE_ID, "screenshots": [
        { "locale": "de-DE", "displayType": "APP_IPHONE_67", "position": 1, "fileName": "1.png" },
        { "locale": "de-DE", "displayType": "APP_IPHONE_67", "position": 2, "fileName": "2.png" },
    ]});
    let created: Value = authed(Method::POST, "/v1/uploads")
        .json(&plan)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    for position in 1..=2u32 {
        let response = authed(
            Method::PUT,
            &format!("/v1/uploads/{id}/screenshots/de-DE/APP_IPHONE_67/{position}"),
        )
        .header(header::CONTENT_TYPE, "image/png")
        .body(screenshot_png(500 + position))
        .send()
        .await
        .unwrap();
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }
    let events = authed(Method::GET, &format!("/v1/uploads/{id}/events"))
        .send()
        .await
        .unwrap();
    let mut stream = eventsource_stream::EventStream::new(events.bytes_stream());
    let mut finished = None;
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        if event.event == "finished" {
            finished = Some(serde_json::from_str::<Value>(&event.data).unwrap());
            break;
        }
    }
    assert_eq!(finished.unwrap()["report"]["state"], "complete");

    let status = tokio::process::Command::new("kill")
        .args(["-TERM", &child.id().unwrap().to_string()])
        .status()
        .await
        .unwrap();
    assert!(status.success());
    let exit = child.wait().await.unwrap();
    assert!(exit.success(), "{exit:?}");
    let logs = format!(
        "{banner}{}{}",
        stdout_task.await.unwrap(),
        stderr_task.await.unwrap()
    );

    assert!(logs.contains("DEBUG"), "the run did not log at debug level");
    for secret in [TOKEN, OPENAI_KEY, GEMINI_KEY, PLUGIN_OPENAI_KEY] {
        assert!(!logs.contains(secret), "a secret is in the logs");
    }
    for line in pem.lines().filter(|l| !l.starts_with("-----")) {
        assert!(
            !logs.contains(line),
            "a line of the private key is in the logs"
        );
    }

    let mut files = Vec::new();
    for dir in &dirs {
        files_under(dir, &mut files);
    }
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("translation-memory.sqlite3"),
            "unexpected file {name}"
        );
        assert!(
            !has_image_signature(&std::fs::read(file).unwrap()),
            "image bytes in {name}"
        );
    }
}
