//! The upload-operation URLs: `PUT /blobstore/{token}/{part}` stores one part of a reservation.
//! Like Apple's pre-signed blobstore URLs they need no JWT (one sent here is logged as a client
//! defect), demand exactly the `requestHeaders` given, accept parts in any order and re-sends,
//! and close once the screenshot is committed.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::api::resources::content_type;
use super::faults;
use super::snapshot::{Endpoint, FaultKind, RequestRecord};
use super::state::{Shared, State as SandboxState};
use super::world::Phase;

/// An S3-like plain-text refusal.
fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    );
    (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

/// One part PUT as it arrived.
struct PartRequest<'a> {
    token: &'a str,
    part: &'a str,
    method: &'a Method,
    headers: &'a HeaderMap,
    body: &'a Bytes,
}

/// Stores the part, or says why not. Runs under the state lock.
fn store(
    state: &mut SandboxState,
    request: &PartRequest<'_>,
    part_fails: bool,
    injected: &mut Vec<FaultKind>,
) -> Response {
    let PartRequest {
        token,
        part,
        method,
        headers,
        body,
    } = *request;
    let Some(id) = state.world.uploads.get(token).cloned() else {
        return refuse(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "The upload URL is not valid.",
        );
    };
    let Some(shot) = state.world.screenshots.get_mut(&id) else {
        return refuse(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "The upload URL is not valid.",
        );
    };
    let index = part.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
    let Some(index) = index.filter(|i| *i < shot.parts.len()) else {
        return refuse(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "The upload URL is not valid.",
        );
    };
    if *method != Method::PUT {
        return refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "Use the method of the upload operation.",
        );
    }
    let wanted = content_type(&shot.file_name);
    let sent = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if sent != Some(wanted) {
        return refuse(
            StatusCode::FORBIDDEN,
            "SignatureDoesNotMatch",
            "The request headers do not match the upload operation's requestHeaders.",
        );
    }
    if !matches!(shot.phase, Phase::AwaitingUpload) {
        return refuse(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "The asset is already committed.",
        );
    }
    if shot.broken {
        injected.push(FaultKind::BrokenReservation);
        return refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "We encountered an internal error. Please try again.",
        );
    }
    if part_fails {
        injected.push(FaultKind::PartFailure);
        return refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "We encountered an internal error. Please try again.",
        );
    }
    let slot = &mut shot.parts[index];
    if u64::try_from(body.len()).ok() != Some(slot.length) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "IncompleteBody",
            &format!(
                "This part must be exactly {} bytes; {} were sent.",
                slot.length,
                body.len()
            ),
        );
    }
    slot.data = Some(body.to_vec());
    StatusCode::OK.into_response()
}

pub(crate) async fn part(
    State(shared): State<Arc<Shared>>,
    Path((token, part)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (seq, latency, part_fails) = {
        let mut state = shared.state.lock().await;
        let seq = state.next_seq;
        state.next_seq += 1;
        let (latency, fails) = faults::draw_blob(&mut state);
        (seq, latency, fails)
    };
    let mut injected = Vec::new();
    if let Some(delay) = latency {
        injected.push(FaultKind::Latency);
        tokio::time::sleep(delay).await;
    }
    let mut state = shared.state.lock().await;
    let request = PartRequest {
        token: &token,
        part: &part,
        method: &method,
        headers: &headers,
        body: &body,
    };
    let response = store(&mut state, &request, part_fails, &mut injected);
    let authorization = headers.contains_key(header::AUTHORIZATION);
    let counters = &mut state.log.counters;
    counters.blob_requests += 1;
    if authorization {
        counters.blob_requests_with_authorization += 1;
    }
    for kind in &injected {
        *counters.faults.entry(*kind).or_default() += 1;
    }
    let recorded_headers = headers
        .iter()
        .map(|(name, value)| {
            let value = if name == header::AUTHORIZATION {
                "[redacted]".to_owned()
            } else {
                value.to_str().unwrap_or("[binary]").to_owned()
            };
            (name.as_str().to_owned(), value)
        })
        .collect();
    state.log.entries.push(RequestRecord {
        seq,
        endpoint: Endpoint::Blob,
        method: method.to_string(),
        path: format!("/blobstore/{token}/{part}"),
        template: "/blobstore/{token}/{part}".to_owned(),
        query: None,
        status: Some(response.status().as_u16()),
        authorization,
        body: None,
        body_len: body.len(),
        headers: recorded_headers,
        faults: injected,
    });
    response
}
