//! Running a reservation's upload operations: each part is one request with exactly the
//! operation's method, URL and headers, its body the slice `[offset, offset + length)` of the
//! file (no copy), sent without the JWT, parts in parallel (bounded), each part retried.

use std::str::FromStr;

use backon::Retryable;
use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use super::client::AscClient;
use super::config::parse_base_url;
use super::error::AscError;
use super::transport::{describe, retry_after};
use super::types::UploadOperation;

/// A checked operation, ready to send.
struct Part {
    index: usize,
    method: Method,
    url: url::Url,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

/// How one PUT attempt failed.
struct PartFailure {
    cause: String,
    retryable: bool,
    wait: Option<std::time::Duration>,
}

impl AscClient {
    /// Sends every upload operation of a reservation, with `bytes` the whole file. All
    /// operations are checked first (offset and length inside the file, a usable URL, a valid
    /// method and headers), so a bad one sends nothing.
    pub async fn upload_parts(
        &self,
        file_name: &str,
        operations: &[UploadOperation],
        bytes: &Bytes,
    ) -> Result<(), AscError> {
        let parts = check(file_name, operations, bytes)?;
        let parallelism = self.inner.api.config.upload_parallelism.max(1);
        futures::stream::iter(parts)
            .map(|part| self.send_part(file_name, part))
            .buffer_unordered(parallelism)
            .try_collect::<Vec<()>>()
            .await?;
        tracing::debug!(
            file_name,
            parts = operations.len(),
            bytes = bytes.len(),
            "uploaded all parts"
        );
        Ok(())
    }

    async fn send_part(&self, file_name: &str, part: Part) -> Result<(), AscError> {
        let attempt = || self.put_once(&part);
        attempt
            .retry(self.inner.api.backoff())
            .when(|f: &PartFailure| f.retryable)
            .adjust(|f: &PartFailure, delay| delay.map(|d| f.wait.unwrap_or(d)))
            .notify(|f: &PartFailure, delay| {
                self.inner.api.counters.retry();
                tracing::warn!(file_name, part = part.index + 1, retry_in_ms = delay.as_millis() as u64, cause = %f.cause, "retrying an upload part");
            })
            .await
            .map_err(|f| AscError::Upload { file_name: file_name.to_owned(), part: part.index + 1, cause: f.cause })
    }

    async fn put_once(&self, part: &Part) -> Result<(), PartFailure> {
        let mut request = self
            .inner
            .uploads
            .request(part.method.clone(), part.url.clone());
        for (name, value) in &part.headers {
            request = request.header(name, value);
        }
        self.inner
            .api
            .counters
            .upload_request(part.body.len() as u64);
        let response = request
            .body(part.body.clone())
            .send()
            .await
            .map_err(|e| PartFailure {
                cause: describe(&e),
                retryable: true,
                wait: None,
            })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let retryable = status.is_server_error()
            || status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::REQUEST_TIMEOUT;
        Err(PartFailure {
            cause: format!("the upload server answered {status}"),
            retryable,
            wait: retry_after(response.headers()),
        })
    }
}

fn check(
    file_name: &str,
    operations: &[UploadOperation],
    bytes: &Bytes,
) -> Result<Vec<Part>, AscError> {
    let invalid = |index: usize, what: String| {
        AscError::InvalidInput(format!(
            "upload operation {} of {file_name} {what}; reserve the screenshot again",
            index + 1
        ))
    };
    if operations.is_empty() {
        return Err(AscError::InvalidInput(format!(
            "the reservation of {file_name} has no upload operations; reserve it again"
        )));
    }
    let size = bytes.len() as u64;
    operations
        .iter()
        .enumerate()
        .map(|(index, op)| {
            let end = op
                .offset
                .checked_add(op.length)
                .filter(|end| *end <= size && op.length > 0)
                .ok_or_else(|| {
                    invalid(
                        index,
                        format!(
                            "asks for bytes {}..{} of a {size}-byte file",
                            op.offset,
                            op.offset.saturating_add(op.length)
                        ),
                    )
                })?;
            if op.url.trim().is_empty() {
                return Err(invalid(index, "has no URL".to_owned()));
            }
            // Same rule as the API: https, or plain http only to this computer.
            let url = parse_base_url(&op.url)
                .map_err(|_| invalid(index, "has a URL that is not https".to_owned()))?;
            let url = url::Url::parse(op.url.trim()).unwrap_or(url);
            let method = Method::from_str(&op.method.to_ascii_uppercase())
                .map_err(|_| invalid(index, format!("has the method \"{}\"", op.method)))?;
            let headers = op
                .request_headers
                .iter()
                .map(|(name, value)| {
                    Ok((
                        HeaderName::from_str(name).map_err(|_| {
                            invalid(index, format!("has the header name \"{name}\""))
                        })?,
                        HeaderValue::from_str(value)
                            .map_err(|_| invalid(index, format!("has a bad value for {name}")))?,
                    ))
                })
                .collect::<Result<Vec<_>, AscError>>()?;
            let range = usize::try_from(op.offset).unwrap_or(usize::MAX)
                ..usize::try_from(end).unwrap_or(usize::MAX);
            Ok(Part {
                index,
                method,
                url,
                headers,
                body: bytes.slice(range),
            })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn op(url: &str, offset: u64, length: u64) -> UploadOperation {
        UploadOperation {
            method: "PUT".into(),
            url: url.into(),
            offset,
            length,
            request_headers: vec![("Content-Type".into(), "image/png".into())],
        }
    }

    #[test]
    fn operations_outside_the_file_or_without_url_are_refused() {
        let bytes = Bytes::from(vec![0u8; 100]);
        let ok = "https://store-030.blobstore.apple.com/x?partNumber=1";
        assert!(check("a.png", &[op(ok, 0, 60), op(ok, 60, 40)], &bytes).is_ok());
        assert!(check("a.png", &[op(ok, 60, 41)], &bytes).is_err());
        assert!(check("a.png", &[op(ok, u64::MAX, 2)], &bytes).is_err());
        assert!(check("a.png", &[op("", 0, 10)], &bytes).is_err());
        assert!(
            check(
                "a.png",
                &[op("http://blobstore.example.com/x", 0, 10)],
                &bytes
            )
            .is_err()
        );
        assert!(check("a.png", &[], &bytes).is_err());
    }

    #[test]
    fn parts_are_slices_of_the_file() {
        let bytes = Bytes::from((0u8..100).collect::<Vec<_>>());
        let ok = "https://store-030.blobstore.apple.com/x";
        let parts = check("a.png", &[op(ok, 10, 5)], &bytes).unwrap();
        assert_eq!(&parts[0].body[..], &[10, 11, 12, 13, 14]);
        // A slice shares the file's buffer.
        assert_eq!(parts[0].body.as_ptr(), bytes[10..].as_ptr());
    }
}
