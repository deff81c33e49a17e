//! A real `shotbridge serve --sandbox` for end-to-end tests, and a small typed HTTP client that
//! speaks to it the way the Figma plugin does (bearer token, JSON, NDJSON, SSE).

use std::path::PathBuf;
use std::process::Stdio;

use futures::{Stream, StreamExt};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The pairing token the tests fix with `--token`.
const TOKEN: &str = "end-to-end-test-token-0123456789";

/// A fixture file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// The `shotbridge` binary: `SHOTBRIDGE_BIN`, else the one cargo built beside the tests.
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("SHOTBRIDGE_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    let bin = dir.join(format!("shotbridge{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build -p shotbridge` (or run `cargo test \
         --workspace`), or set SHOTBRIDGE_BIN",
        bin.display()
    );
    bin
}

/// A running bridge with the in-memory sandbox ASC, in empty folders of its own.
#[derive(Debug)]
pub struct Bridge {
    child: Child,
    url: String,
    http: reqwest::Client,
    _home: tempfile::TempDir,
}

impl Bridge {
    /// Starts `serve --sandbox` on a free port and waits for the address it prints.
    pub async fn start_sandbox() -> Bridge {
        let home = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(binary())
            .args([
                "serve",
                "--sandbox",
                "--port",
                "0",
                "--no-keychain",
                "--token",
                TOKEN,
            ])
            .current_dir(home.path())
            .env("HOME", home.path())
            .env("SHOTBRIDGE_DATA_DIR", home.path().join("data"))
            .env("RUST_LOG", "warn")
            .env_remove("SHOTBRIDGE_TOKEN")
            .env_remove("SHOTBRIDGE_PORT")
            .env_remove("OPENAI_API_KEY")
            .env_remove("GEMINI_API_KEY")
            .env_remove("ASC_API_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("start shotbridge serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next_line()
                .await
                .expect("read the bridge's output")
                .expect("the bridge printed its address before exiting");
            if let Some(rest) = line.split("Shotbridge bridge on ").nth(1) {
                break rest.trim().to_owned();
            }
        };
        // Keep reading so the bridge never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Bridge {
            child,
            url,
            http: reqwest::Client::new(),
            _home: home,
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.url))
            .bearer_auth(TOKEN)
    }

    async fn json(response: reqwest::Response) -> Value {
        let status = response.status();
        let body = response.text().await.expect("response body");
        assert!(status.is_success(), "{status}: {body}");
        if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&body).expect("JSON")
        }
    }

    pub async fn get(&self, path: &str) -> Value {
        Self::json(
            self.request(reqwest::Method::GET, path)
                .send()
                .await
                .expect("GET"),
        )
        .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Value {
        let request = self.request(reqwest::Method::POST, path).json(body);
        Self::json(request.send().await.expect("POST")).await
    }

    /// A POST answered as NDJSON: one JSON value per line.
    pub async fn post_ndjson(&self, path: &str, body: &Value) -> Vec<Value> {
        let request = self
            .request(reqwest::Method::POST, path)
            .header("Accept", "application/x-ndjson")
            .json(body);
        let response = request.send().await.expect("POST");
        let status = response.status();
        let body = response.text().await.expect("NDJSON body");
        assert!(status.is_success(), "{status}: {body}");
        body.lines()
            .map(|l| serde_json::from_str(l).expect("one JSON value per line"))
            .collect()
    }

    pub async fn put_png(&self, path: &str, bytes: Vec<u8>) -> Value {
        let request = self
            .request(reqwest::Method::PUT, path)
            .header("Content-Type", "image/png")
            .body(bytes);
        Self::json(request.send().await.expect("PUT")).await
    }

    /// The `data` of each Server-Sent Event, parsed as JSON.
    pub async fn events(&self, path: &str) -> impl Stream<Item = Value> + Unpin + use<> {
        use eventsource_stream::Eventsource;
        let response = self
            .request(reqwest::Method::GET, path)
            .header("Accept", "text/event-stream")
            .send()
            .await
            .expect("open the event stream");
        assert!(response.status().is_success(), "{}", response.status());
        Box::pin(
            response
                .bytes_stream()
                .eventsource()
                .filter_map(|event| async move {
                    let event = event.expect("a well-formed event");
                    serde_json::from_str(&event.data).ok()
                }),
        )
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
