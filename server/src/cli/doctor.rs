//! `shotbridge doctor`: checks, in plain words, that the App Store Connect key in the
//! environment parses and works (listing the apps it sees), and that the AI provider configured
//! in the environment answers. Never prints a key.
//!
//! Exit codes: 0 all configured checks passed, 1 a check failed (key rejected, unreachable),
//! 2 no ASC credentials set or a key that cannot be used (nothing was sent).

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::Outcome;
use crate::asc::config::{base_url_from_env, credentials_from_env};
use crate::asc::{AscClient, AscConfig, AscError, ConfigError};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(_args: &Args) -> Outcome {
    let asc = check_asc().await;
    println!();
    let provider = check_provider().await;
    worst(asc, provider)
}

fn worst(a: Outcome, b: Outcome) -> Outcome {
    let rank = |o: Outcome| match o {
        Outcome::Success => 0,
        Outcome::JobFailed => 1,
        Outcome::BadInput => 2,
    };
    if rank(a) >= rank(b) { a } else { b }
}

async fn check_asc() -> Outcome {
    println!("App Store Connect");
    let base_url = base_url_from_env();
    let credentials = match credentials_from_env() {
        Ok(c) => c,
        Err(ConfigError::MissingCredentials { missing }) => {
            println!("  ✗ no API key configured: set {}.", missing.join(", "));
            println!(
                "    Create a key in App Store Connect > Users and Access > Integrations > App Store \
                 Connect API (role App Manager or Admin), download its .p8 file, and set \
                 ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH."
            );
            return Outcome::BadInput;
        }
        Err(e) => {
            println!("  ✗ {e}");
            return Outcome::BadInput;
        }
    };
    let key_id = credentials.key_id.clone();
    let config = match AscConfig::with_credentials(credentials) {
        Ok(config) => config,
        Err(e) => {
            println!("  ✗ {e}");
            return Outcome::BadInput;
        }
    };
    println!("  ✓ the private key of key {key_id} parses and can sign tokens");
    let client = match AscClient::new(config) {
        Ok(client) => client,
        Err(e) => {
            println!("  ✗ {e}");
            return Outcome::BadInput;
        }
    };
    match client.list_apps().await {
        Ok(apps) => {
            println!(
                "  ✓ the key works: Apple accepted it ({base_url}) and it sees {} app(s):",
                apps.len()
            );
            for app in &apps {
                let platforms: Vec<&str> = app.platforms.iter().map(|p| p.as_str()).collect();
                let platforms = if platforms.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", platforms.join(", "))
                };
                println!(
                    "      {}  {}  (id {}){platforms}",
                    app.name, app.bundle_id, app.id
                );
            }
            if let Some(budget) = client.rate_budget() {
                println!(
                    "    request budget: {} of {} left this hour",
                    budget.remaining, budget.limit
                );
            }
            Outcome::Success
        }
        Err(e) if e.is_unauthorized() => {
            println!("  ✗ Apple rejected the key (401 NOT_AUTHORIZED). Check:");
            println!(
                "      - ASC_KEY_ID is the Key ID of this .p8 file (it is in the file name AuthKey_<KEYID>.p8)"
            );
            println!(
                "      - ASC_ISSUER_ID is your team's Issuer ID (shown above the keys in Users and Access > Integrations)"
            );
            println!("      - the key has not been revoked");
            println!("      - this computer's clock is correct (tokens are time-limited)");
            Outcome::JobFailed
        }
        Err(e) => {
            println!("  ✗ {}", asc_failure(&e));
            Outcome::JobFailed
        }
    }
}

fn asc_failure(e: &AscError) -> String {
    match e {
        AscError::Transport { .. } => {
            format!("{e}. Check the internet connection and ASC_API_URL.")
        }
        _ => e.to_string(),
    }
}

/// The provider the environment chooses and how to reach it.
struct Provider {
    name: &'static str,
    url: String,
    header: (&'static str, String),
    key: SecretString,
}

fn provider_from_env() -> Option<Provider> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(key) = var("OPENAI_API_KEY") {
        let base = var("OPENAI_BASE_URL").unwrap_or_else(|| "https://api.openai.com/v1".to_owned());
        return Some(Provider {
            name: "OpenAI",
            url: format!("{}/models", base.trim_end_matches('/')),
            header: ("authorization", "Bearer ".to_owned()),
            key: SecretString::from(key),
        });
    }
    let key = var("GEMINI_API_KEY")?;
    let base = var("GEMINI_BASE_URL")
        .unwrap_or_else(|| "https://generativelanguage.googleapis.com".to_owned());
    Some(Provider {
        name: "Gemini",
        url: format!("{}/v1beta/models", base.trim_end_matches('/')),
        header: ("x-goog-api-key", String::new()),
        key: SecretString::from(key),
    })
}

async fn check_provider() -> Outcome {
    println!("Translation provider");
    let Some(provider) = provider_from_env() else {
        println!(
            "  • neither OPENAI_API_KEY nor GEMINI_API_KEY is set: the pseudo (offline) provider is in use"
        );
        return Outcome::Success;
    };
    let http = match reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(20))
        .build()
    {
        Ok(http) => http,
        Err(e) => {
            println!("  ✗ could not set up HTTPS: {e}");
            return Outcome::JobFailed;
        }
    };
    let (header, prefix) = &provider.header;
    let value = format!("{prefix}{}", provider.key.expose_secret());
    let answer = http.get(&provider.url).header(*header, value).send().await;
    match answer {
        Ok(response) if response.status().is_success() => {
            println!(
                "  ✓ {} is reachable and accepted the key ({})",
                provider.name, provider.url
            );
            Outcome::Success
        }
        Ok(response) if matches!(response.status().as_u16(), 400 | 401 | 403) => {
            println!(
                "  ✗ {} rejected the key ({}); check the API key and that it is active",
                provider.name,
                response.status()
            );
            Outcome::JobFailed
        }
        Ok(response) => {
            println!(
                "  ✗ {} answered {} at {}",
                provider.name,
                response.status(),
                provider.url
            );
            Outcome::JobFailed
        }
        Err(e) => {
            println!(
                "  ✗ {} is unreachable at {} ({})",
                provider.name,
                provider.url,
                crate::asc::describe_network_error(&e)
            );
            Outcome::JobFailed
        }
    }
}
