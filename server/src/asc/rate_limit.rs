//! `X-Rate-Limit` (`user-hour-lim:3600;user-hour-rem:3598;`, sometimes several comma-separated
//! groups with more keys) and the pacing it implies: when less than a tenth of the hourly budget
//! remains, requests are spread over the rest of the hour instead of running into 429s.

use std::time::Duration;

/// The hourly request budget of the API key, as ASC last reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBudget {
    /// Requests allowed per rolling hour (`user-hour-lim`).
    pub limit: u64,
    /// Requests left in the rolling hour (`user-hour-rem`).
    pub remaining: u64,
}

/// Below this share of the budget, pacing starts.
const PACING_THRESHOLD: f64 = 0.10;
/// The rolling window ASC counts over.
const WINDOW: Duration = Duration::from_secs(3600);
/// No single request waits longer than this for pacing; a 429 is handled by the backoff.
const MAX_PACING_DELAY: Duration = Duration::from_secs(30);

impl RateBudget {
    /// Parses the header value leniently: `;`- and `,`-separated `key:value` pairs, keys
    /// case-insensitive, unknown keys and malformed pairs ignored. `None` without both hourly
    /// values.
    pub fn parse(header: &str) -> Option<RateBudget> {
        let mut limit = None;
        let mut remaining = None;
        for pair in header.split([';', ',']) {
            let Some((key, value)) = pair.split_once(':') else {
                continue;
            };
            let Ok(value) = value.trim().parse::<u64>() else {
                continue;
            };
            match key.trim().to_ascii_lowercase().as_str() {
                "user-hour-lim" => limit = Some(value),
                "user-hour-rem" => remaining = Some(value),
                _ => {}
            }
        }
        Some(RateBudget {
            limit: limit?,
            remaining: remaining?,
        })
    }

    /// How long to wait between requests now: nothing while the budget is healthy, then the
    /// remaining requests spread evenly over the hour (capped per request).
    pub fn pacing_delay(&self) -> Duration {
        if self.limit == 0 || self.remaining as f64 >= self.limit as f64 * PACING_THRESHOLD {
            return Duration::ZERO;
        }
        let spread = WINDOW / u32::try_from(self.remaining.saturating_add(1)).unwrap_or(u32::MAX);
        spread.min(MAX_PACING_DELAY)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_form() {
        assert_eq!(
            RateBudget::parse("user-hour-lim:3600;user-hour-rem:3598;"),
            Some(RateBudget {
                limit: 3600,
                remaining: 3598
            })
        );
    }

    #[test]
    fn parses_comma_groups_with_extra_keys_any_case() {
        let header =
            "user-hour-lim:3600;user-hour-rem:3598;, user-minute-lim:150;user-minute-rem:149;";
        assert_eq!(
            RateBudget::parse(header),
            Some(RateBudget {
                limit: 3600,
                remaining: 3598
            })
        );
        let header = "User-Minute-Rem:3, USER-HOUR-REM : 12 ;user-hour-lim:3500;junk;x:y";
        assert_eq!(
            RateBudget::parse(header),
            Some(RateBudget {
                limit: 3500,
                remaining: 12
            })
        );
    }

    #[test]
    fn missing_or_garbled_values_give_none() {
        assert_eq!(RateBudget::parse(""), None);
        assert_eq!(RateBudget::parse("user-hour-lim:3600;"), None);
        assert_eq!(
            RateBudget::parse("user-hour-lim:lots;user-hour-rem:1"),
            None
        );
    }

    #[test]
    fn pacing_starts_below_a_tenth_and_grows_as_the_budget_shrinks() {
        let at = |remaining| {
            RateBudget {
                limit: 3600,
                remaining,
            }
            .pacing_delay()
        };
        assert_eq!(at(3598), Duration::ZERO);
        assert_eq!(at(360), Duration::ZERO);
        assert_eq!(at(359), Duration::from_secs(10));
        assert!(at(100) > at(300));
        assert_eq!(at(0), MAX_PACING_DELAY);
    }
}
