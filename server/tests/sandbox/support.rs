//! Helpers: a client that signs its own JWT from the sandbox's credentials, PNG/JPEG makers, and
//! the reserve → PUT parts → commit → poll sequence.

use std::io::Cursor;
use std::time::{SystemTime, UNIX_EPOCH};

use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use md5::{Digest, Md5};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use shotbridge::sandbox::{Sandbox, SandboxConfig};

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A token like a client would mint; every part can be bent for the 401 tests.
pub struct TokenSpec<'a> {
    pub kid: &'a str,
    pub issuer: &'a str,
    pub audience: &'a str,
    pub iat: i64,
    pub exp: i64,
    pub key_pem: &'a str,
}

pub fn sign(spec: &TokenSpec<'_>) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(spec.kid.to_owned());
    let claims =
        json!({ "iss": spec.issuer, "iat": spec.iat, "exp": spec.exp, "aud": spec.audience });
    let key = EncodingKey::from_ec_pem(spec.key_pem.as_bytes()).unwrap();
    jsonwebtoken::encode(&header, &claims, &key).unwrap()
}

/// A valid 10-minute token for the sandbox's own key.
pub fn token(sandbox: &Sandbox) -> String {
    let c = sandbox.credentials();
    sign(&TokenSpec {
        kid: &c.key_id,
        issuer: &c.issuer_id,
        audience: "appstoreconnect-v1",
        iat: now() - 30,
        exp: now() + 600,
        key_pem: c.private_key_pem.expose_secret(),
    })
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Client {
    pub fn new(sandbox: &Sandbox) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: sandbox.base_url().as_str().trim_end_matches('/').to_owned(),
            token: token(sandbox),
        }
    }

    /// `path` starts with `/v1/…`, or is an absolute URL (a `links.next`).
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        };
        let mut request = self.http.request(method, url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }

    pub async fn create_localization(&self, version_id: &str, locale: &str) -> Answer {
        self.post(
            "/v1/appStoreVersionLocalizations",
            json!({"data": {"type": "appStoreVersionLocalizations",
                "attributes": {"locale": locale},
                "relationships": {"appStoreVersion": {"data": {"type": "appStoreVersions", "id": version_id}}}}}),
        )
        .await
    }

    pub async fn create_set(&self, localization_id: &str, display_type: &str) -> Answer {
        self.post(
            "/v1/appScreenshotSets",
            json!({"data": {"type": "appScreenshotSets",
                "attributes": {"screenshotDisplayType": display_type},
                "relationships": {"appStoreVersionLocalization":
                    {"data": {"type": "appStoreVersionLocalizations", "id": localization_id}}}}}),
        )
        .await
    }

    pub async fn reserve(&self, set_id: &str, file_name: &str, file_size: usize) -> Answer {
        self.post(
            "/v1/appScreenshots",
            json!({"data": {"type": "appScreenshots",
                "attributes": {"fileName": file_name, "fileSize": file_size},
                "relationships": {"appScreenshotSet": {"data": {"type": "appScreenshotSets", "id": set_id}}}}}),
        )
        .await
    }

    /// Sends every upload operation of a reservation (last part first), without Authorization.
    pub async fn put_parts(&self, reservation: &Value, bytes: &[u8]) {
        let operations = reservation["data"]["attributes"]["uploadOperations"]
            .as_array()
            .unwrap();
        for op in operations.iter().rev() {
            let status = self.put_part(op, bytes).await;
            assert_eq!(status, StatusCode::OK, "part {op}");
        }
    }

    pub async fn put_part(&self, op: &Value, bytes: &[u8]) -> StatusCode {
        let offset = op["offset"].as_u64().unwrap() as usize;
        let length = op["length"].as_u64().unwrap() as usize;
        let mut request = self
            .http
            .request(
                Method::from_bytes(op["method"].as_str().unwrap().as_bytes()).unwrap(),
                op["url"].as_str().unwrap(),
            )
            .body(bytes[offset..offset + length].to_vec());
        for h in op["requestHeaders"].as_array().unwrap() {
            request = request.header(h["name"].as_str().unwrap(), h["value"].as_str().unwrap());
        }
        request.send().await.unwrap().status()
    }

    pub async fn commit(&self, id: &str, checksum: &str) -> Answer {
        self.patch(
            &format!("/v1/appScreenshots/{id}"),
            json!({"data": {"type": "appScreenshots", "id": id,
                "attributes": {"uploaded": true, "sourceFileChecksum": checksum}}}),
        )
        .await
    }

    /// Reserve, upload and commit; returns the screenshot id.
    pub async fn upload(&self, set_id: &str, file_name: &str, bytes: &[u8]) -> String {
        let reservation = self.reserve(set_id, file_name, bytes.len()).await;
        assert_eq!(
            reservation.status,
            StatusCode::CREATED,
            "{}",
            reservation.body
        );
        self.put_parts(&reservation.body, bytes).await;
        let id = reservation.body["data"]["id"].as_str().unwrap().to_owned();
        let committed = self.commit(&id, &md5_hex(bytes)).await;
        assert_eq!(committed.status, StatusCode::OK, "{}", committed.body);
        id
    }

    /// Polls the screenshot (at most 20 reads) until processing has ended.
    pub async fn wait_processed(&self, id: &str) -> Value {
        for _ in 0..20 {
            let answer = self.get(&format!("/v1/appScreenshots/{id}")).await;
            assert_eq!(answer.status, StatusCode::OK);
            let state = answer.body["data"]["attributes"]["assetDeliveryState"]["state"]
                .as_str()
                .unwrap()
                .to_owned();
            if state == "COMPLETE" || state == "FAILED" {
                return answer.body;
            }
            assert_eq!(state, "UPLOAD_COMPLETE");
        }
        panic!("screenshot {id} still processing after 20 reads");
    }
}

pub fn md5_hex(bytes: &[u8]) -> String {
    hex::encode(Md5::digest(bytes))
}

/// An opaque RGB PNG with a little texture (so files differ by `shade`).
pub fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([shade, (x % 251) as u8, (y % 241) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A PNG with an alpha channel.
pub fn rgba_png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, _| Rgba([10, 20, 30, (x % 256) as u8]));
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

pub async fn start(config: SandboxConfig) -> (Sandbox, Client) {
    let sandbox = Sandbox::start(config).await.unwrap();
    let client = Client::new(&sandbox);
    (sandbox, client)
}

/// The one error of an Apple error body.
pub fn error(answer: &Answer) -> &Value {
    let errors = answer.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("not an error body: {}", answer.body));
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0]["status"],
        json!(answer.status.as_u16().to_string())
    );
    &errors[0]
}
