//! Counters of what the client sent, for reports and benchmarks.

use std::sync::atomic::{AtomicU64, Ordering};

/// What a client has sent so far (every attempt counts, retries included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestStats {
    /// Requests to the ASC API.
    pub api_requests: u64,
    /// Upload-operation PUTs to Apple's blob store.
    pub upload_requests: u64,
    /// Request body bytes sent to the API.
    pub api_bytes_sent: u64,
    /// Image bytes sent in upload-operation PUTs.
    pub upload_bytes_sent: u64,
    /// Attempts that were retries (of either kind).
    pub retries: u64,
    /// Times the JWT was replaced after a 401.
    pub token_refreshes: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    api_requests: AtomicU64,
    upload_requests: AtomicU64,
    api_bytes_sent: AtomicU64,
    upload_bytes_sent: AtomicU64,
    retries: AtomicU64,
    token_refreshes: AtomicU64,
}

impl Counters {
    pub(crate) fn api_request(&self, body_bytes: usize) {
        self.api_requests.fetch_add(1, Ordering::Relaxed);
        self.api_bytes_sent
            .fetch_add(body_bytes as u64, Ordering::Relaxed);
    }

    pub(crate) fn upload_request(&self, body_bytes: u64) {
        self.upload_requests.fetch_add(1, Ordering::Relaxed);
        self.upload_bytes_sent
            .fetch_add(body_bytes, Ordering::Relaxed);
    }

    pub(crate) fn retry(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn token_refresh(&self) {
        self.token_refreshes.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> RequestStats {
        RequestStats {
            api_requests: self.api_requests.load(Ordering::Relaxed),
            upload_requests: self.upload_requests.load(Ordering::Relaxed),
            api_bytes_sent: self.api_bytes_sent.load(Ordering::Relaxed),
            upload_bytes_sent: self.upload_bytes_sent.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            token_refreshes: self.token_refreshes.load(Ordering::Relaxed),
        }
    }
}
