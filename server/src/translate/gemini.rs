//! The Gemini provider: the native `generateContent` endpoint over reqwest, asking for
//! `application/json` that follows a `responseSchema`, with Gemini's error taxonomy (per-minute
//! rate limits with a `RetryInfo` delay versus exhausted daily or zero quotas).

use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

use super::batch::{BatchAnswer, BatchJob};
use super::config::GeminiSettings;
use super::failure::{ProviderError, parse_proto_duration, parse_retry_after};
use super::prompt;

/// A configured Gemini API account.
#[derive(Clone)]
pub struct GeminiProvider {
    http: reqwest::Client,
    base_url: String,
    api_key: SecretString,
    /// The model used when a request names none.
    pub default_model: String,
}

impl std::fmt::Debug for GeminiProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeminiProvider")
            .field("base_url", &self.base_url)
            .field("default_model", &self.default_model)
            .finish()
    }
}

impl GeminiProvider {
    pub fn new(settings: &GeminiSettings, http: reqwest::Client) -> Self {
        Self {
            http,
            base_url: settings.base_url.clone(),
            api_key: settings.api_key.clone(),
            default_model: settings.model.clone(),
        }
    }

    /// One `generateContent` call for the whole batch.
    pub async fn translate(&self, job: &BatchJob) -> Result<BatchAnswer, ProviderError> {
        let model = job.model.strip_prefix("models/").unwrap_or(&job.model);
        let url = format!("{}/v1beta/models/{model}:generateContent", self.base_url);
        // TODO: Gemini also takes `responseJsonSchema` (plain JSON Schema); it is not verified
        // against the live API yet, so the documented OpenAPI-subset `responseSchema` is sent.
        let body = json!({
            "systemInstruction": {"parts": [{"text": prompt::system_prompt(job)}]},
            "contents": [{"role": "user", "parts": [{"text": prompt::user_payload(job)}]}],
            "generationConfig": {
                "responseMimeType": "application/json",
                "responseSchema": prompt::gemini_schema(job),
                "temperature": 0.4
            }
        });
        let response = self
            .http
            .post(url)
            .header("x-goog-api-key", self.api_key.expose_secret())
            .json(&body)
            .send()
            .await
            .map_err(network)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let text = response.text().await.map_err(network)?;
        if !(200..300).contains(&status) {
            return Err(classify(status, &text, retry_after));
        }
        let parsed: Value =
            serde_json::from_str(&text).map_err(|e| ProviderError::Malformed(e.to_string()))?;
        let content = answer_text(&parsed).ok_or_else(|| {
            let reason = parsed["candidates"][0]["finishReason"]
                .as_str()
                .unwrap_or("none");
            ProviderError::Malformed(format!("no text in the answer (finish reason {reason})"))
        })?;
        let usage = &parsed["usageMetadata"];
        let count = |field: &str| usage[field].as_u64().unwrap_or(0);
        Ok(BatchAnswer {
            translations: prompt::parse_answer(&content)?,
            input_tokens: count("promptTokenCount"),
            output_tokens: count("candidatesTokenCount") + count("thoughtsTokenCount"),
        })
    }
}

/// The first candidate's text parts, without thought summaries.
fn answer_text(parsed: &Value) -> Option<String> {
    let parts = parsed["candidates"][0]["content"]["parts"].as_array()?;
    let text: String = parts
        .iter()
        .filter(|p| !p["thought"].as_bool().unwrap_or(false))
        .filter_map(|p| p["text"].as_str())
        .collect();
    (!text.trim().is_empty()).then_some(text)
}

fn network(error: reqwest::Error) -> ProviderError {
    if error.is_timeout() {
        ProviderError::Network("the request timed out".to_owned())
    } else if error.is_connect() {
        ProviderError::Network("could not connect to Gemini".to_owned())
    } else {
        ProviderError::Network(error.without_url().to_string())
    }
}

/// Reads Gemini's `{"error": {code, message, status, details}}` (sometimes inside an array).
fn classify(status: u16, body: &str, retry_after: Option<Duration>) -> ProviderError {
    let parsed: Value = serde_json::from_str(body).unwrap_or_default();
    let error = if parsed.is_array() {
        &parsed[0]["error"]
    } else {
        &parsed["error"]
    };
    let message = error["message"].as_str().unwrap_or_default().to_owned();
    let details = error["details"].as_array().cloned().unwrap_or_default();
    let of_type = |suffix: &'static str| {
        details
            .iter()
            .filter(move |d| d["@type"].as_str().is_some_and(|t| t.ends_with(suffix)))
    };
    let key_invalid = of_type("google.rpc.ErrorInfo")
        .any(|d| d["reason"].as_str().is_some_and(|r| r == "API_KEY_INVALID"))
        || message.contains("API key not valid");
    match status {
        400 if key_invalid => ProviderError::InvalidKey { status },
        401 | 403 => ProviderError::InvalidKey { status },
        404 => ProviderError::UnknownModel,
        429 => {
            let hint = of_type("google.rpc.RetryInfo")
                .find_map(|d| d["retryDelay"].as_str().and_then(parse_proto_duration))
                .or(retry_after);
            let quotas: Vec<String> = of_type("google.rpc.QuotaFailure")
                .flat_map(|d| d["violations"].as_array().cloned().unwrap_or_default())
                .filter_map(|v| v["quotaId"].as_str().map(str::to_owned))
                .collect();
            let per_minute = quotas.iter().all(|q| q.contains("PerMinute"));
            if message.contains("limit: 0") || (!quotas.is_empty() && !per_minute) {
                ProviderError::QuotaExhausted {
                    detail: quotas.join(", "),
                }
            } else {
                ProviderError::RateLimited { retry_after: hint }
            }
        }
        500..=599 => ProviderError::Unavailable {
            status,
            retry_after,
        },
        _ => ProviderError::Rejected { status, message },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn quota_body(quota_id: &str, delay: &str) -> String {
        json!({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "quota", "details": [
            {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
             "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": quota_id}]},
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay}
        ]}})
        .to_string()
    }

    #[test]
    fn per_minute_limits_wait_and_daily_ones_stop() {
        assert_eq!(
            classify(
                429,
                &quota_body(
                    "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                    "41s"
                ),
                None
            ),
            ProviderError::RateLimited {
                retry_after: Some(Duration::from_secs(41))
            }
        );
        assert!(matches!(
            classify(
                429,
                &quota_body("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "3s"),
                None
            ),
            ProviderError::QuotaExhausted { .. }
        ));
    }

    #[test]
    fn invalid_keys_and_unknown_models_are_recognised() {
        let body = json!([{"error": {"code": 400, "status": "INVALID_ARGUMENT",
            "message": "API key not valid. Please pass a valid API key."}}])
        .to_string();
        assert_eq!(
            classify(400, &body, None),
            ProviderError::InvalidKey { status: 400 }
        );
        assert_eq!(classify(404, "{}", None), ProviderError::UnknownModel);
    }
}
