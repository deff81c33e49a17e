//! How a provider request failed, which failures are worth a retry, and the retry loop itself
//! (backon: exponential backoff with jitter, honouring the provider's own retry hint).

use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use shotbridge_shared::Locale;
use shotbridge_shared::wire::Provider;

use super::config::RetryPolicy;
use super::error::TranslateError;

/// One failed provider request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// 401/403: the key is wrong, revoked or lacks access.
    #[error("the API key was refused (HTTP {status})")]
    InvalidKey { status: u16 },
    /// Billing quota or daily limit used up; waiting minutes will not help.
    #[error("quota exhausted: {detail}")]
    QuotaExhausted { detail: String },
    /// 404 or `model_not_found`.
    #[error("unknown model")]
    UnknownModel,
    /// 429 for a per-minute limit.
    #[error("rate limited (HTTP 429)")]
    RateLimited { retry_after: Option<Duration> },
    /// 5xx, or the provider said it is overloaded.
    #[error("the provider is unavailable (HTTP {status})")]
    Unavailable {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// The connection failed or timed out.
    #[error("network error: {0}")]
    Network(String),
    /// The answer was not the JSON the schema asks for.
    #[error("the answer was not the JSON asked for: {0}")]
    Malformed(String),
    /// Any other refusal (400 and the like); retrying the same request will not help.
    #[error("the request was refused (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
}

impl ProviderError {
    /// Whether the same request may succeed a little later.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. }
                | Self::Unavailable { .. }
                | Self::Network(_)
                | Self::Malformed(_)
        )
    }

    /// The wait the provider asked for.
    pub fn retry_hint(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after } | Self::Unavailable { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// The run-stopping error this is, if any (a bad key fails every locale alike).
    pub fn into_fatal(self, provider: Provider, model: &str) -> Result<Self, TranslateError> {
        match self {
            Self::InvalidKey { status } => Err(TranslateError::InvalidKey { provider, status }),
            Self::QuotaExhausted { detail } => {
                Err(TranslateError::QuotaExhausted { provider, detail })
            }
            Self::UnknownModel => Err(TranslateError::UnknownModel {
                provider,
                model: model.to_owned(),
            }),
            other => Ok(other),
        }
    }
}

/// `Retry-After` as seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds));
    }
    let at =
        time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822).ok()?;
    let wait = at - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// Gemini's protobuf duration, e.g. `"41s"` or `"0.5s"`.
pub fn parse_proto_duration(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().strip_suffix('s')?.parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// Runs `attempt` until it succeeds, fails for good, or the policy's retries are spent. A wait
/// the provider asks for longer than `max_hint` ends the retries at once.
pub async fn with_retries<T, F, Fut>(
    policy: &RetryPolicy,
    locale: Locale,
    attempt: F,
) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ProviderError>>,
{
    let backoff = ExponentialBuilder::default()
        .with_min_delay(policy.min_delay)
        .with_max_delay(policy.max_delay)
        .with_max_times(policy.max_retries)
        .with_jitter();
    let max_hint = policy.max_hint;
    attempt
        .retry(backoff)
        .when(move |e: &ProviderError| {
            e.is_retryable() && e.retry_hint().is_none_or(|hint| hint <= max_hint)
        })
        .adjust(|e, planned| planned.map(|p| e.retry_hint().unwrap_or(p)))
        .notify(|e, wait| {
            tracing::warn!(locale = %locale, cause = %e, retry_in_ms = wait.as_millis() as u64, "provider request failed; retrying");
        })
        .await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn retry_hints_parse() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("0.25"), Some(Duration::from_millis(250)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_proto_duration("41s"), Some(Duration::from_secs(41)));
        assert_eq!(parse_proto_duration("41"), None);
    }

    #[tokio::test(start_paused = true)]
    async fn the_providers_hint_replaces_the_backoff_and_a_long_one_stops_it() {
        let policy = RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
            max_hint: Duration::from_secs(60),
        };
        let started = tokio::time::Instant::now();
        let mut calls = 0;
        let result = with_retries(&policy, Locale::parse("de").unwrap(), || {
            calls += 1;
            let first = calls == 1;
            async move {
                if first {
                    Err(ProviderError::RateLimited {
                        retry_after: Some(Duration::from_secs(30)),
                    })
                } else {
                    Ok(calls)
                }
            }
        })
        .await;
        assert_eq!(result, Ok(2));
        assert!(
            started.elapsed() >= Duration::from_secs(30),
            "waited {:?}",
            started.elapsed()
        );

        let mut calls = 0;
        let result: Result<(), _> = with_retries(&policy, Locale::parse("de").unwrap(), || {
            calls += 1;
            async {
                Err(ProviderError::RateLimited {
                    retry_after: Some(Duration::from_secs(3600)),
                })
            }
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls, 1, "an hour's wait is reported, not waited out");
    }
}
