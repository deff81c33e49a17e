//! Sending one ASC API request: the JWT (one cached token, replaced once on a 401), pacing by
//! the remaining hourly budget, retries with exponential backoff and jitter (honouring
//! `Retry-After`) for what is safe to repeat, request statistics, and following `links.next`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use backon::{ExponentialBuilder, Retryable};
use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use url::Url;

use super::auth::TokenCache;
use super::config::{AscConfig, ConfigError};
use super::error::{ApiError, AscError};
use super::jsonapi::{Document, ErrorDocument, Resource};
use super::rate_limit::RateBudget;
use super::stats::Counters;

/// Most pages one listing follows; far above any real account, it stops a server loop.
const MAX_PAGES: usize = 500;
/// Longest `Retry-After` honoured as given; longer ones are cut to this.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(300);

/// Whether a request may be sent again when its outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeat {
    /// Repeating has the same effect as sending once (GET, DELETE, the commit and order PATCHes).
    Safe,
    /// A creating POST: repeated only when ASC certainly did not act on it (a 429, a 401, a
    /// connection that never opened); otherwise the caller gets [`AscError::Uncertain`].
    OnlyIfNotProcessed,
}

/// One API request to make.
#[derive(Debug)]
pub(crate) struct Call {
    pub method: Method,
    /// A path below the base URL (`/v1/apps`), or an absolute `links.next` URL.
    pub target: String,
    pub query: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
    pub repeat: Repeat,
}

impl Call {
    pub fn get(path: impl Into<String>) -> Self {
        Call {
            method: Method::GET,
            target: path.into(),
            query: Vec::new(),
            body: None,
            repeat: Repeat::Safe,
        }
    }

    pub fn create(path: impl Into<String>, body: serde_json::Value) -> Self {
        Call {
            method: Method::POST,
            target: path.into(),
            query: Vec::new(),
            body: Some(body),
            repeat: Repeat::OnlyIfNotProcessed,
        }
    }

    pub fn patch(path: impl Into<String>, body: serde_json::Value) -> Self {
        Call {
            method: Method::PATCH,
            target: path.into(),
            query: Vec::new(),
            body: Some(body),
            repeat: Repeat::Safe,
        }
    }

    pub fn delete(path: impl Into<String>) -> Self {
        Call {
            method: Method::DELETE,
            target: path.into(),
            query: Vec::new(),
            body: None,
            repeat: Repeat::Safe,
        }
    }

    pub fn param(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// `METHOD /path`, for logs and errors.
    fn label(&self) -> String {
        let path =
            Url::parse(&self.target).map_or_else(|_| self.target.clone(), |u| u.path().to_owned());
        format!("{} {path}", self.method)
    }
}

/// A 2xx answer.
#[derive(Debug)]
pub(crate) struct Answer {
    pub body: Bytes,
}

/// How one attempt failed.
#[derive(Debug)]
pub(crate) struct Failure {
    pub error: AscError,
    /// Worth another attempt (a 429, a 5xx, a network error, the first 401).
    pub retryable: bool,
    /// ASC may have acted on the request (a 5xx, a timeout, a connection dropped after sending).
    pub maybe_processed: bool,
    /// Wait this long before the next attempt instead of the backoff's delay.
    pub wait: Option<Duration>,
}

impl Failure {
    fn fatal(error: AscError) -> Self {
        Failure {
            error,
            retryable: false,
            maybe_processed: false,
            wait: None,
        }
    }
}

/// The API side of the client: one HTTP client with auth, retries and pacing.
#[derive(Debug)]
pub(crate) struct Transport {
    pub config: AscConfig,
    http: reqwest::Client,
    tokens: TokenCache,
    pub counters: Counters,
    budget: Mutex<Option<RateBudget>>,
    /// Earliest moment the next request may start while pacing.
    next_slot: tokio::sync::Mutex<Instant>,
}

impl Transport {
    pub fn new(config: AscConfig) -> Result<Self, ConfigError> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("shotbridge/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ConfigError::HttpClient(e.to_string()))?;
        Ok(Transport {
            tokens: TokenCache::new(config.key.clone()),
            config,
            http,
            counters: Counters::default(),
            budget: Mutex::new(None),
            next_slot: tokio::sync::Mutex::new(Instant::now()),
        })
    }

    // TODO: a 429 without `Retry-After` after the hourly budget is spent gives up after the
    // last backoff (about two minutes with the defaults); waiting for the budget to refill
    // would need the caller's consent, so the error is reported instead.
    pub fn backoff(&self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.config.min_backoff)
            .with_max_delay(self.config.max_backoff)
            .with_max_times(self.config.max_retries)
            .with_jitter()
    }

    pub fn rate_budget(&self) -> Option<RateBudget> {
        *self.budget.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sends `call`, retrying what is safe, and returns the 2xx answer.
    pub async fn send(&self, call: &Call) -> Result<Answer, AscError> {
        let attempts = AtomicUsize::new(0);
        let refreshed = AtomicBool::new(false);
        let label = call.label();
        let outcome = (|| self.attempt(call, &label, &attempts, &refreshed))
            .retry(self.backoff())
            .when(|f: &Failure| {
                f.retryable && (call.repeat == Repeat::Safe || !f.maybe_processed)
            })
            .adjust(|f: &Failure, delay| delay.map(|d| f.wait.unwrap_or(d)))
            .notify(|f: &Failure, delay| {
                self.counters.retry();
                tracing::warn!(request = %label, retry_in_ms = delay.as_millis() as u64, cause = %f.error, "retrying");
            })
            .await;
        match outcome {
            Ok(answer) => Ok(answer),
            Err(f) if call.repeat == Repeat::OnlyIfNotProcessed && f.maybe_processed => {
                Err(AscError::Uncertain {
                    request: label,
                    cause: f.error.to_string(),
                })
            }
            Err(f) => Err(f.error),
        }
    }

    /// Sends `call` and reads the answer as a document with `data: D`.
    pub async fn document<D: DeserializeOwned>(
        &self,
        call: &Call,
    ) -> Result<Document<D>, AscError> {
        let answer = self.send(call).await?;
        serde_json::from_slice(&answer.body).map_err(|e| AscError::Decode {
            request: call.label(),
            cause: e.to_string(),
        })
    }

    /// Sends a GET listing and follows `links.next` to the end: all `data` and all `included`.
    pub async fn list_all(&self, first: Call) -> Result<(Vec<Resource>, Vec<Resource>), AscError> {
        let mut data = Vec::new();
        let mut included = Vec::new();
        let mut call = first;
        for _ in 0..MAX_PAGES {
            let page: Document<Vec<Resource>> = self.document(&call).await?;
            data.extend(page.data);
            included.extend(page.included);
            let Some(next) = page.links.next else {
                return Ok((data, included));
            };
            let next = self.same_origin(&next).ok_or_else(|| AscError::Decode {
                request: call.label(),
                cause: "links.next points outside the App Store Connect API".to_owned(),
            })?;
            call = Call {
                target: next.to_string(),
                query: Vec::new(),
                ..call
            };
        }
        Err(AscError::Decode {
            request: call.label(),
            cause: format!("more than {MAX_PAGES} pages"),
        })
    }

    /// `next` if it is on the API's origin (the JWT goes nowhere else). Apple documents the link
    /// as a URI reference, so a relative one is resolved against the base URL.
    fn same_origin(&self, next: &str) -> Option<Url> {
        let url = self.config.base_url.join(next.trim()).ok()?;
        (url.origin() == self.config.base_url.origin()).then_some(url)
    }

    fn url_for(&self, call: &Call) -> Result<Url, AscError> {
        if call.target.starts_with("http://") || call.target.starts_with("https://") {
            return Url::parse(&call.target)
                .map_err(|e| AscError::InvalidInput(format!("bad URL {}: {e}", call.target)));
        }
        let mut url = self.config.base_url.clone();
        let base = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base}{}", call.target));
        Ok(url)
    }

    async fn attempt(
        &self,
        call: &Call,
        label: &str,
        attempts: &AtomicUsize,
        refreshed: &AtomicBool,
    ) -> Result<Answer, Failure> {
        let attempt = attempts.fetch_add(1, Ordering::Relaxed) + 1;
        self.pace().await;
        let url = self.url_for(call).map_err(Failure::fatal)?;
        let (generation, token) = self.tokens.token().map_err(|e| Failure::fatal(e.into()))?;
        let mut request = self
            .http
            .request(call.method.clone(), url)
            .header(AUTHORIZATION, format!("Bearer {}", token.expose_secret()));
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        let mut body_len = 0;
        if let Some(body) = &call.body {
            let bytes = serde_json::to_vec(body).unwrap_or_default();
            body_len = bytes.len();
            request = request.header(CONTENT_TYPE, "application/json").body(bytes);
        }
        self.counters.api_request(body_len);
        let started = Instant::now();
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => return Err(network_failure(label, &e)),
        };
        let status = response.status();
        self.note_budget(response.headers());
        let wait = retry_after(response.headers());
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(e) => return Err(network_failure(label, &e)),
        };
        tracing::debug!(request = %label, asc_status = status.as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "ASC answered");
        if status.is_success() {
            return Ok(Answer { body });
        }
        if status == StatusCode::NOT_FOUND && call.method == Method::DELETE && attempt > 1 {
            // An earlier attempt deleted it; its answer was lost.
            return Ok(Answer { body: Bytes::new() });
        }
        let error = AscError::Api(api_error(status, label, &body));
        if status == StatusCode::UNAUTHORIZED && !refreshed.swap(true, Ordering::Relaxed) {
            self.tokens.invalidate(generation);
            self.counters.token_refresh();
            return Err(Failure {
                error,
                retryable: true,
                maybe_processed: false,
                wait: Some(Duration::ZERO),
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(Failure {
                error,
                retryable: true,
                maybe_processed: false,
                wait,
            });
        }
        if status.is_server_error() {
            return Err(Failure {
                error,
                retryable: true,
                maybe_processed: true,
                wait,
            });
        }
        Err(Failure::fatal(error))
    }

    fn note_budget(&self, headers: &HeaderMap) {
        let parsed = headers
            .get_all("x-rate-limit")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(RateBudget::parse);
        if let Some(budget) = parsed {
            *self.budget.lock().unwrap_or_else(|p| p.into_inner()) = Some(budget);
        }
    }

    /// Waits for this request's pacing slot when the hourly budget is low.
    async fn pace(&self) {
        let delay = self
            .rate_budget()
            .map_or(Duration::ZERO, |b| b.pacing_delay());
        if delay.is_zero() {
            return;
        }
        let start = {
            let mut next = self.next_slot.lock().await;
            let start = (*next).max(Instant::now());
            *next = start + delay;
            start
        };
        tracing::info!(
            wait_ms = start.saturating_duration_since(Instant::now()).as_millis() as u64,
            remaining = self.rate_budget().map_or(0, |b| b.remaining),
            "pacing: the hourly request budget is low"
        );
        tokio::time::sleep_until(start).await;
    }
}

/// A network error: connection never opened (nothing sent) or lost during the exchange.
fn network_failure(label: &str, e: &reqwest::Error) -> Failure {
    let not_sent = e.is_connect();
    let cause = describe(e);
    Failure {
        error: AscError::Transport {
            request: label.to_owned(),
            cause,
        },
        retryable: true,
        maybe_processed: !not_sent,
        wait: None,
    }
}

/// A reqwest error in words, without the URL (upload URLs are pre-signed credentials).
pub(crate) fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the connection broke while reading the answer"
    } else {
        "the connection failed"
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} ({detail})")
    }
}

/// Reads an ASC error document; a body that is not one still gives the status.
pub(crate) fn api_error(status: StatusCode, label: &str, body: &[u8]) -> ApiError {
    let errors = serde_json::from_slice::<ErrorDocument>(body)
        .map(|d| d.errors.into_iter().map(|e| e.into_item()).collect())
        .unwrap_or_default();
    ApiError {
        status: status.as_u16(),
        request: label.to_owned(),
        errors,
    }
}

/// `Retry-After` as seconds or an HTTP date, capped.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        Duration::from_secs(seconds)
    } else {
        let date =
            time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822)
                .ok()?;
        let at = SystemTime::from(date);
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
#[path = "transport_tests.rs"]
mod tests;
