//! Reading one screenshot body: the content type and announced length are checked first, room
//! is reserved in the memory budget, the bytes are read into memory (never a file) up to the
//! limit, and normalized on a blocking thread. The reservation travels with the bytes and is
//! given back when the last copy of them is dropped.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, header};
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use shotbridge_shared::DisplayType;

use crate::bridge::budget::{BudgetError, ByteBudget, Reservation};
use crate::bridge::error::ApiError;
use crate::images::{self, NormalizedScreenshot};

/// Largest screenshot body accepted (App Store Connect's own limit is lower).
pub const IMAGE_LIMIT: usize = 50 * 1024 * 1024;

/// Image bytes that hold their share of the memory budget for as long as they live.
struct Budgeted {
    bytes: Bytes,
    _reservation: Reservation,
}

impl AsRef<[u8]> for Budgeted {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

/// Checks the headers: an image content type, and a length within the limit.
pub fn check_headers(headers: &HeaderMap) -> Result<Option<usize>, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    if !matches!(content_type.as_deref(), Some("image/png" | "image/jpeg")) {
        return Err(ApiError::UnsupportedMediaType(
            "Send the screenshot as the raw body with `Content-Type: image/png` or `image/jpeg`."
                .to_owned(),
        ));
    }
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if length.is_some_and(|n| n > IMAGE_LIMIT) {
        return Err(ApiError::PayloadTooLarge {
            limit_bytes: IMAGE_LIMIT,
        });
    }
    Ok(length)
}

/// Reserves room for the body, reads it, and normalizes it for `display_type`.
pub async fn read_and_normalize(
    budget: &Arc<ByteBudget>,
    wait: std::time::Duration,
    length: Option<usize>,
    body: Body,
    display_type: DisplayType,
) -> Result<NormalizedScreenshot, ApiError> {
    let reserve = |bytes: usize| async move {
        budget.reserve(bytes, wait).await.map_err(|e| match e {
            BudgetError::TooLarge => ApiError::PayloadTooLarge {
                limit_bytes: budget.total(),
            },
            BudgetError::Busy => ApiError::Busy {
                retry_after: std::time::Duration::from_secs(5),
            },
        })
    };
    // Without a length, room for the largest body is held until the real size is known.
    let reservation = reserve(length.unwrap_or(IMAGE_LIMIT)).await?;
    let bytes = match Limited::new(body, IMAGE_LIMIT).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return Err(ApiError::PayloadTooLarge {
                limit_bytes: IMAGE_LIMIT,
            });
        }
        Err(_) => {
            return Err(ApiError::BadRequest(
                "The screenshot body broke off before its end; send it again.".to_owned(),
            ));
        }
    };
    if length.is_some_and(|n| n != bytes.len()) {
        return Err(ApiError::BadRequest(
            "The body is shorter than its Content-Length.".to_owned(),
        ));
    }
    let reservation = if length.is_none() {
        let exact = reserve(bytes.len()).await?;
        drop(reservation);
        exact
    } else {
        reservation
    };
    let normalized =
        tokio::task::spawn_blocking(move || images::normalize(bytes, Some(display_type)))
            .await
            .map_err(|e| ApiError::Internal(e.into()))?
            .map_err(|e| ApiError::InvalidImage(format!("The screenshot cannot be used: {e}.")))?;
    // A re-encoded image may be larger than what arrived: hold room for the larger of the two.
    let reservation = if normalized.bytes.len() > reservation.bytes() {
        let larger = reserve(normalized.bytes.len()).await?;
        drop(reservation);
        larger
    } else {
        reservation
    };
    let bytes = Bytes::from_owner(Budgeted {
        bytes: normalized.bytes.clone(),
        _reservation: reservation,
    });
    Ok(NormalizedScreenshot {
        bytes,
        ..normalized
    })
}
