//! Tests of the transport's pacing and `Retry-After` reading.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::asc::auth::ApiKey;
use reqwest::header::HeaderValue;
use secrecy::SecretString;

fn transport() -> Transport {
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/keys/p256.p8"
    ))
    .unwrap();
    let key = ApiKey::new(
        "57246542-96fe-1a63-e053-0824d011072a",
        "2X9R4HXF34",
        &SecretString::from(pem),
    )
    .unwrap();
    Transport::new(AscConfig::new("http://127.0.0.1:9", key).unwrap()).unwrap()
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let mut headers = HeaderMap::new();
    headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
    assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
    let in_a_minute = time::OffsetDateTime::now_utc() + time::Duration::seconds(60);
    let date = in_a_minute
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap()
        .replace("+0000", "GMT");
    headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
    let wait = retry_after(&headers).unwrap();
    assert!(
        wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
        "{wait:?}"
    );
    headers.insert(
        RETRY_AFTER,
        HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
    );
    assert_eq!(retry_after(&headers), Some(Duration::ZERO));
    headers.insert(RETRY_AFTER, HeaderValue::from_static("99999"));
    assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER));
    headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
    assert_eq!(retry_after(&headers), None);
}

#[tokio::test]
async fn a_low_budget_spreads_concurrent_requests_apart() {
    let transport = std::sync::Arc::new(transport());
    // A healthy budget costs no wait.
    *transport.budget.lock().unwrap() = Some(RateBudget {
        limit: 1_000_000,
        remaining: 900_000,
    });
    let started = Instant::now();
    transport.pace().await;
    assert!(started.elapsed() < Duration::from_millis(30));
    // Below a tenth: 99,999 requests left over an hour is one per 36 ms, and concurrent
    // requests take consecutive slots instead of all waiting the same 36 ms.
    *transport.budget.lock().unwrap() = Some(RateBudget {
        limit: 1_000_000,
        remaining: 99_999,
    });
    let started = Instant::now();
    let waits: Vec<_> = (0..3)
        .map(|_| {
            let transport = transport.clone();
            tokio::spawn(async move {
                transport.pace().await;
                started.elapsed()
            })
        })
        .collect();
    let mut finished = Vec::new();
    for wait in waits {
        finished.push(wait.await.unwrap());
    }
    finished.sort_unstable();
    assert!(finished[2] >= Duration::from_millis(72), "{finished:?}");
    assert!(finished[1] >= Duration::from_millis(36), "{finished:?}");
}
