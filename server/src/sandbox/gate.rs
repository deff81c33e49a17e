//! The gate every API request passes: it logs the request, injects the drawn faults, checks the
//! JWT, enforces the hourly budget, and stamps `X-Rate-Limit` on the answer.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::error::ApiError;
use super::faults::{self, After, Before};
use super::snapshot::{Endpoint, FaultKind, RequestRecord};
use super::state::{Shared, State as SandboxState};

/// API request bodies are small JSON documents; anything bigger is refused.
const MAX_API_BODY: usize = 1024 * 1024;
const HOUR: Duration = Duration::from_secs(3600);

/// `/v1/apps/123/appStoreVersions` → `/v1/apps/{id}/appStoreVersions`.
pub(crate) fn template(path: &str) -> String {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["blobstore", _, _] => "/blobstore/{token}/{part}".to_owned(),
        ["v1", kind, _, rest @ ..] => {
            let mut out = format!("/v1/{kind}/{{id}}");
            for s in rest {
                out.push('/');
                out.push_str(s);
            }
            out
        }
        _ => path.to_owned(),
    }
}

fn count(state: &mut SandboxState, kind: FaultKind) {
    *state.log.counters.faults.entry(kind).or_default() += 1;
}

/// Drops requests older than an hour from the window; returns the requests left this hour.
fn remaining(state: &mut SandboxState, per_hour: u32) -> u32 {
    let now = Instant::now();
    while state
        .window
        .front()
        .is_some_and(|t| now.duration_since(*t) >= HOUR)
    {
        state.window.pop_front();
    }
    per_hour.saturating_sub(u32::try_from(state.window.len()).unwrap_or(u32::MAX))
}

fn too_many(retry_after: Duration) -> Response {
    let mut response = ApiError::rate_limited().into_response();
    let secs = retry_after.as_secs().max(1).to_string();
    if let Ok(value) = HeaderValue::from_str(&secs) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

pub(crate) async fn api(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_API_BODY).await else {
        return ApiError::entity_invalid("The request body is too large.").into_response();
    };
    let json_body = serde_json::from_slice::<serde_json::Value>(&bytes).ok();
    let mutating = matches!(
        method,
        Method::POST | Method::PATCH | Method::DELETE | Method::PUT
    );

    let (seq, draw) = {
        let mut state = shared.state.lock().await;
        let seq = state.next_seq;
        state.next_seq += 1;
        (seq, faults::draw_api(&mut state, mutating))
    };
    let mut injected = Vec::new();
    if let Some(delay) = draw.latency {
        injected.push(FaultKind::Latency);
        tokio::time::sleep(delay).await;
    }

    let mut cut = false;
    let mut response = match draw.before {
        Some(Before::Burst(retry_after)) => {
            injected.push(FaultKind::RateLimitBurst);
            too_many(retry_after)
        }
        Some(Before::ServerError(status)) => {
            injected.push(FaultKind::ServerError);
            ApiError::server_error(status)
        }
        Some(Before::Drop) => {
            injected.push(FaultKind::DroppedBefore);
            cut = true;
            faults::cut_connection()
        }
        None => {
            let verdict = {
                let mut state = shared.state.lock().await;
                match state.keys.verify(authorization.as_deref()) {
                    Err(reason) => Err(reason),
                    Ok(()) => {
                        if remaining(&mut state, shared.rate_limit.per_hour) == 0 {
                            let oldest = state.window.front().copied().unwrap_or_else(Instant::now);
                            Ok(Some(HOUR.saturating_sub(oldest.elapsed())))
                        } else {
                            state.window.push_back(Instant::now());
                            Ok(None)
                        }
                    }
                }
            };
            match verdict {
                Err(reason) => {
                    tracing::debug!(%reason, path, "sandbox refused a token");
                    ApiError::not_authorized().into_response()
                }
                Ok(Some(retry_after)) => too_many(retry_after),
                Ok(None) => {
                    let request = Request::from_parts(parts, Body::from(bytes.clone()));
                    let applied = next.run(request).await;
                    match draw.after {
                        Some(After::ServerError(status)) => {
                            injected.push(FaultKind::FalseFailure);
                            ApiError::server_error(status)
                        }
                        Some(After::Drop) => {
                            injected.push(FaultKind::DroppedAfter);
                            cut = true;
                            faults::cut_connection()
                        }
                        None => applied,
                    }
                }
            }
        }
    };

    let mut state = shared.state.lock().await;
    let left = remaining(&mut state, shared.rate_limit.per_hour);
    let limit = format!(
        "user-hour-lim:{};user-hour-rem:{left};",
        shared.rate_limit.per_hour
    );
    if let Ok(value) = HeaderValue::from_str(&limit) {
        response.headers_mut().insert("x-rate-limit", value);
    }
    let status = response.status();
    let counters = &mut state.log.counters;
    counters.api_requests += 1;
    if status == StatusCode::UNAUTHORIZED && !cut {
        counters.unauthorized += 1;
    }
    if status == StatusCode::TOO_MANY_REQUESTS && !cut {
        counters.rate_limited += 1;
    }
    for kind in &injected {
        count(&mut state, *kind);
    }
    state.log.entries.push(RequestRecord {
        seq,
        endpoint: Endpoint::Api,
        method: method.to_string(),
        template: template(&path),
        path,
        query,
        status: (!cut).then_some(status.as_u16()),
        authorization: authorization.is_some(),
        body: json_body,
        body_len: bytes.len(),
        headers: Vec::new(),
        faults: injected,
    });
    response
}

#[cfg(test)]
mod tests {
    use super::template;

    #[test]
    fn templates_hide_ids_and_tokens() {
        assert_eq!(template("/v1/apps"), "/v1/apps");
        assert_eq!(
            template("/v1/apps/123/appStoreVersions"),
            "/v1/apps/{id}/appStoreVersions"
        );
        assert_eq!(
            template("/v1/appScreenshotSets/ab-c/relationships/appScreenshots"),
            "/v1/appScreenshotSets/{id}/relationships/appScreenshots"
        );
        assert_eq!(template("/blobstore/f00/2"), "/blobstore/{token}/{part}");
    }
}
