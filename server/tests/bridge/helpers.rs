//! Starts a bridge on 127.0.0.1:0 for one test and gives typed access to it.

use std::sync::Arc;

use shotbridge::bridge::keychain::{MemoryKeychain, SecretStore};
use shotbridge::bridge::security::PairingToken;
use shotbridge::bridge::state::sandbox_client;
use shotbridge::bridge::{AppState, BridgeSettings, server};
use shotbridge::sandbox::{Sandbox, SandboxConfig};
use shotbridge::translate::{Translator, TranslatorConfig};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running bridge; stops when dropped.
pub struct TestBridge {
    pub base: String,
    pub port: u16,
    pub token: String,
    pub state: AppState,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

pub const TOKEN: &str = "test-token-0123456789abcdef";

impl TestBridge {
    /// A bridge with default settings and an in-memory keychain.
    pub async fn start() -> Self {
        Self::start_with(Arc::new(MemoryKeychain::default()), |_| {}).await
    }

    /// A bridge whose settings `adjust` may change before it starts.
    pub async fn start_with(
        keychain: Arc<dyn SecretStore>,
        adjust: impl FnOnce(&mut BridgeSettings),
    ) -> Self {
        let listener = server::bind("127.0.0.1:0".parse().unwrap(), false)
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let translator = Translator::new(TranslatorConfig::default()).unwrap();
        let mut settings = BridgeSettings::new(
            PairingToken::parse(TOKEN).unwrap(),
            addr,
            keychain,
            translator,
        );
        adjust(&mut settings);
        let state = AppState::new(settings);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn({
            let state = state.clone();
            async move {
                let signal = async move {
                    let _ = stopped.await;
                };
                server::serve(listener, state, signal).await.unwrap();
            }
        });
        Self {
            base: format!("http://127.0.0.1:{}", addr.port()),
            port: addr.port(),
            token: TOKEN.to_owned(),
            state,
            client: reqwest::Client::new(),
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request with the pairing token.
    pub fn authed(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    /// A bridge talking to a fresh sandbox App Store Connect (returned too, for snapshots).
    pub async fn with_sandbox(
        config: SandboxConfig,
        adjust: impl FnOnce(&mut BridgeSettings),
    ) -> (Self, Sandbox) {
        let sandbox = Sandbox::start(config).await.unwrap();
        let client = sandbox_client(&sandbox).unwrap();
        let bridge = Self::start_with(Arc::new(MemoryKeychain::default()), |settings| {
            settings.asc_client = Some(client);
            settings.sandbox = true;
            adjust(settings);
        })
        .await;
        (bridge, sandbox)
    }

    /// Stops the bridge gracefully and waits until it has.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }
}

impl Drop for TestBridge {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// The `error.code` of a JSON error answer.
pub async fn error_code(response: reqwest::Response) -> String {
    let body: serde_json::Value = response.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A valid APP_IPHONE_67 screenshot (1290×2796 PNG), distinct per `seed`, about 150 KB.
pub fn screenshot_png(seed: u32) -> Vec<u8> {
    let (width, height) = (1290u32, 2796u32);
    let mut pixels = vec![0u8; (width * height * 3) as usize];
    let shade = (seed % 200) as u8;
    for px in pixels.chunks_mut(3) {
        px.copy_from_slice(&[shade, 90, 160]);
    }
    // A strip of noise keeps the image from compressing to nothing and makes each one unique.
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    for byte in pixels.iter_mut().take((width * 3 * 40) as usize) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *byte = state as u8;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&pixels)
        .unwrap();
    out
}
