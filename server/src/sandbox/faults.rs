//! Fault draws: each request takes the same number of draws from the seeded generator, whatever
//! the faults are, so one seed gives one sequence of faults for a sequential client.

use std::io;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use axum::response::Response;
use rand::Rng;

use super::config::Latency;
use super::state::State;

/// What to do to an API request before it is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Before {
    /// Answer 429 with this `Retry-After`.
    Burst(Duration),
    ServerError(StatusCode),
    Drop,
}

/// What to do to a mutating API request after it was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum After {
    ServerError(StatusCode),
    Drop,
}

/// The faults drawn for one API request.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ApiDraw {
    pub latency: Option<Duration>,
    pub before: Option<Before>,
    pub after: Option<After>,
}

const BEFORE_CODES: [StatusCode; 4] = [
    StatusCode::INTERNAL_SERVER_ERROR,
    StatusCode::BAD_GATEWAY,
    StatusCode::SERVICE_UNAVAILABLE,
    StatusCode::GATEWAY_TIMEOUT,
];
/// A false failure is what a timeout or an overloaded backend looks like.
const AFTER_CODES: [StatusCode; 3] = [
    StatusCode::INTERNAL_SERVER_ERROR,
    StatusCode::SERVICE_UNAVAILABLE,
    StatusCode::GATEWAY_TIMEOUT,
];

fn latency(state: &mut State) -> Option<Duration> {
    let u: f64 = state.fault_rng.random();
    match state.faults.latency {
        Latency::None => None,
        Latency::Fixed(d) => Some(d),
        Latency::Range(low, high) => {
            let (low, high) = (low.min(high), low.max(high));
            Some(low + (high - low).mul_f64(u))
        }
    }
    .filter(|d| !d.is_zero())
}

fn hit(state: &mut State, rate: f64) -> (bool, f64) {
    let u: f64 = state.fault_rng.random();
    let pick: f64 = state.fault_rng.random();
    (rate > 0.0 && u < rate, pick)
}

fn pick<T: Copy>(choices: &[T], u: f64) -> T {
    // `u` is in [0, 1); the index is always in range.
    let index = ((u * choices.len() as f64) as usize).min(choices.len() - 1);
    choices[index]
}

/// Draws the faults of the next API request.
pub(crate) fn draw_api(state: &mut State, mutating: bool) -> ApiDraw {
    let latency = latency(state);
    let seen = state.api_seen;
    state.api_seen += 1;
    let faults = state.faults.clone();
    let (server_error, code) = hit(state, faults.server_error_rate);
    let (drop_before, _) = hit(state, faults.drop_before_rate);
    let (false_failure, after_code) = hit(state, faults.false_failure_rate);
    let (drop_after, _) = hit(state, faults.drop_after_rate);

    let burst = faults
        .rate_limit_burst
        .filter(|b| b.every > 0 && b.length > 0)
        .and_then(|b| {
            let cycle = u64::from(b.every) + u64::from(b.length);
            (seen % cycle >= u64::from(b.every)).then_some(b.retry_after)
        });
    let before = if let Some(retry_after) = burst {
        Some(Before::Burst(retry_after))
    } else if server_error {
        Some(Before::ServerError(pick(&BEFORE_CODES, code)))
    } else if drop_before {
        Some(Before::Drop)
    } else {
        None
    };
    let after = if !mutating || before.is_some() {
        None
    } else if false_failure {
        Some(After::ServerError(pick(&AFTER_CODES, after_code)))
    } else if drop_after {
        Some(After::Drop)
    } else {
        None
    };
    ApiDraw {
        latency,
        before,
        after,
    }
}

/// Draws the faults of the next blob request: its latency and whether the part fails.
pub(crate) fn draw_blob(state: &mut State) -> (Option<Duration>, bool) {
    let latency = latency(state);
    let rate = state.faults.part_failure_rate;
    let (fail, _) = hit(state, rate);
    (latency, fail)
}

/// A response whose body fails before anything is written, so the server closes the
/// connection without sending a status line: the client sees the connection cut.
pub(crate) fn cut_connection() -> Response {
    let stream = futures::stream::once(async {
        Err::<Bytes, io::Error>(io::Error::new(
            io::ErrorKind::ConnectionReset,
            "connection cut",
        ))
    });
    Response::new(Body::from_stream(stream))
}
