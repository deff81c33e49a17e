//! Shared pieces of the ASC client tests: the test key, a client pointed at a mock server with
//! quick backoffs, JSON:API answers, and a scripted server that can drop connections.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use secrecy::SecretString;
use serde_json::Value;
use shotbridge::asc::{ApiKey, AscClient, AscConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::{MockServer, ResponseTemplate};

pub const ISSUER_ID: &str = "57246542-96fe-1a63-e053-0824d011072a";
pub const KEY_ID: &str = "2X9R4HXF34";

/// A key file from `fixtures/keys` (throw-away test keys).
pub fn pem(name: &str) -> String {
    let path = format!("{}/tests/fixtures/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

pub fn key() -> ApiKey {
    ApiKey::new(ISSUER_ID, KEY_ID, &SecretString::from(pem("p256.p8"))).unwrap()
}

/// A configuration for `base_url` whose retries wait milliseconds, not seconds.
pub fn config_for(base_url: &str) -> AscConfig {
    let mut config = AscConfig::new(base_url, key()).unwrap();
    config.min_backoff = Duration::from_millis(5);
    config.max_backoff = Duration::from_millis(40);
    config.max_retries = 3;
    config.request_timeout = Duration::from_secs(5);
    config
}

pub fn client(server: &MockServer) -> AscClient {
    AscClient::new(config_for(&server.uri())).unwrap()
}

/// A 200 JSON:API answer.
pub fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// An ASC error answer with one entry.
pub fn asc_error(status: u16, code: &str, title: &str, detail: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(serde_json::json!({"errors": [{
        "id": "b1b6c4a6-0000-4000-8000-000000000000", "status": status.to_string(),
        "code": code, "title": title, "detail": detail,
    }]}))
}

/// The bearer tokens of the requests, in order.
pub fn bearer_tokens(requests: &[wiremock::Request]) -> Vec<String> {
    requests
        .iter()
        .filter_map(|r| r.headers.get("authorization"))
        .map(|v| v.to_str().unwrap().trim_start_matches("Bearer ").to_owned())
        .collect()
}

/// What a scripted connection does.
#[derive(Clone)]
pub enum Step {
    /// Read the request, then close the connection without answering.
    Drop,
    /// Answer with this status and JSON body.
    Respond(u16, String),
}

/// A server on 127.0.0.1 that gives each connection the next step of its script (the last
/// step repeats), counting connections and keeping the raw requests.
pub struct Scripted {
    pub url: String,
    pub connections: Arc<AtomicUsize>,
    pub requests: Arc<std::sync::Mutex<Vec<String>>>,
}

pub async fn scripted(steps: Vec<Step>) -> Scripted {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (count, log) = (connections.clone(), requests.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = count.fetch_add(1, Ordering::SeqCst);
            let step = steps[n.min(steps.len() - 1)].clone();
            let request = read_request(&mut socket).await;
            log.lock().unwrap().push(request);
            match step {
                Step::Drop => drop(socket),
                Step::Respond(status, body) => {
                    let head = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(body.as_bytes()).await;
                    let _ = socket.shutdown().await;
                }
            }
        }
    });
    Scripted {
        url,
        connections,
        requests,
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = socket.read(&mut chunk).await {
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&buf).to_string()
}
