//! The OpenAI provider: chat completions through `async-openai` with a strict JSON-schema
//! response format, against any OpenAI-compatible base URL. Key and base URL are handed to the
//! client explicitly (the library's own config would read the environment); retries are ours,
//! so the library's retry layer is replaced by a transport that keeps `Retry-After`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use async_openai::Client;
use async_openai::config::Config;
use async_openai::error::OpenAIError;
use async_openai::middleware::{HttpRequestFactory, ReqwestService};
use async_openai::types::chat::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequestArgs, ResponseFormat, ResponseFormatJsonSchema,
};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, RETRY_AFTER};
use secrecy::{ExposeSecret, SecretString};

use super::batch::{BatchAnswer, BatchJob};
use super::config::OpenAiSettings;
use super::failure::{ProviderError, parse_retry_after};
use super::prompt;

/// A configured OpenAI-compatible endpoint.
#[derive(Clone)]
pub struct OpenAiProvider {
    client: Client<ExplicitConfig>,
    /// The model used when a request names none.
    pub default_model: String,
}

impl std::fmt::Debug for OpenAiProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiProvider")
            .field("default_model", &self.default_model)
            .finish()
    }
}

impl OpenAiProvider {
    pub fn new(settings: &OpenAiSettings, http: reqwest::Client) -> Self {
        let config = ExplicitConfig {
            api_base: settings.base_url.clone(),
            api_key: settings.api_key.clone(),
        };
        let client = Client::build(http.clone(), config).with_http_service(HintKeepingService {
            inner: ReqwestService::new(http),
        });
        Self {
            client,
            default_model: settings.model.clone(),
        }
    }

    /// One chat completion for the whole batch.
    pub async fn translate(&self, job: &BatchJob) -> Result<BatchAnswer, ProviderError> {
        let request = CreateChatCompletionRequestArgs::default()
            .model(job.model.clone())
            .messages(vec![
                ChatCompletionRequestSystemMessage::from(prompt::system_prompt(job)).into(),
                ChatCompletionRequestUserMessage::from(prompt::user_payload(job)).into(),
            ])
            .response_format(ResponseFormat::JsonSchema {
                json_schema: ResponseFormatJsonSchema {
                    name: "caption_translations".to_owned(),
                    description: Some("Translated captions by id".to_owned()),
                    schema: prompt::openai_schema(job),
                    strict: Some(true),
                },
            })
            .build()
            .map_err(|e| ProviderError::Rejected {
                status: 0,
                message: e.to_string(),
            })?;
        let response = self.client.chat().create(request).await.map_err(classify)?;
        let usage = response.usage.as_ref();
        let content = response
            .choices
            .first()
            .and_then(|c| c.message.content.as_deref())
            .ok_or_else(|| ProviderError::Malformed("the answer has no content".to_owned()))?;
        Ok(BatchAnswer {
            translations: prompt::parse_answer(content)?,
            input_tokens: usage.map_or(0, |u| u64::from(u.prompt_tokens)),
            output_tokens: usage.map_or(0, |u| u64::from(u.completion_tokens)),
        })
    }
}

/// Maps the library's error to what the engine acts on.
fn classify(error: OpenAIError) -> ProviderError {
    match error {
        OpenAIError::ApiError(api) => {
            let status = api.status_code.as_u16();
            let kind = api.api_error.r#type.as_deref().unwrap_or_default();
            let code = api.api_error.code.as_deref().unwrap_or_default();
            from_status(status, kind, code, api.api_error.message, None)
        }
        OpenAIError::Boxed(boxed) => match boxed.downcast::<HttpFailure>() {
            Ok(failure) => {
                let parsed: serde_json::Value =
                    serde_json::from_str(&failure.body).unwrap_or_default();
                let field = |name: &str| {
                    parsed["error"][name]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                };
                from_status(
                    failure.status,
                    &field("type"),
                    &field("code"),
                    field("message"),
                    failure.retry_after,
                )
            }
            Err(other) => ProviderError::Network(other.to_string()),
        },
        OpenAIError::Reqwest(e) => ProviderError::Network(without_url(e)),
        OpenAIError::JSONDeserialize(e, _) => ProviderError::Malformed(e.to_string()),
        other => ProviderError::Malformed(other.to_string()),
    }
}

fn from_status(
    status: u16,
    kind: &str,
    code: &str,
    message: String,
    retry_after: Option<std::time::Duration>,
) -> ProviderError {
    match status {
        401 | 403 => ProviderError::InvalidKey { status },
        429 if kind == "insufficient_quota" || code == "insufficient_quota" => {
            ProviderError::QuotaExhausted {
                detail: "insufficient_quota".to_owned(),
            }
        }
        429 => ProviderError::RateLimited { retry_after },
        404 => ProviderError::UnknownModel,
        _ if code == "model_not_found" => ProviderError::UnknownModel,
        500..=599 => ProviderError::Unavailable {
            status,
            retry_after,
        },
        _ => ProviderError::Rejected { status, message },
    }
}

/// reqwest errors name the URL; keep only the cause.
fn without_url(error: reqwest::Error) -> String {
    if error.is_timeout() {
        "the request timed out".to_owned()
    } else if error.is_connect() {
        "could not connect to the provider".to_owned()
    } else {
        error.without_url().to_string()
    }
}

/// Key and base given explicitly; nothing read from the environment.
#[derive(Clone, Debug)]
struct ExplicitConfig {
    api_base: String,
    api_key: SecretString,
}

impl Config for ExplicitConfig {
    fn headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(mut value) =
            HeaderValue::from_str(&format!("Bearer {}", self.api_key.expose_secret()))
        {
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        headers
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api_base)
    }

    fn query(&self) -> Vec<(&str, &str)> {
        Vec::new()
    }

    fn api_base(&self) -> &str {
        &self.api_base
    }

    fn api_key(&self) -> &SecretString {
        &self.api_key
    }
}

/// A 429 or 5xx with the provider's `Retry-After`, which the library would drop.
#[derive(Debug, thiserror::Error)]
#[error("HTTP {status}")]
struct HttpFailure {
    status: u16,
    retry_after: Option<std::time::Duration>,
    body: String,
}

/// Plain reqwest transport (no retries) that turns 429 and 5xx into [`HttpFailure`].
#[derive(Clone, Debug)]
struct HintKeepingService {
    inner: ReqwestService,
}

impl tower::Service<HttpRequestFactory> for HintKeepingService {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future = Pin<Box<dyn Future<Output = Result<reqwest::Response, OpenAIError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: HttpRequestFactory) -> Self::Future {
        let sent = self.inner.call(request);
        Box::pin(async move {
            let response = sent.await?;
            let status = response.status().as_u16();
            if status != 429 && status < 500 {
                return Ok(response);
            }
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            let body = response.text().await.unwrap_or_default();
            Err(OpenAIError::Boxed(Box::new(HttpFailure {
                status,
                retry_after,
                body,
            })))
        })
    }
}
