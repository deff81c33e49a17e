//! The credentials the bridge holds: from the environment, the OS keychain, or `PUT
//! /v1/credentials`. Secrets stay in `SecretString`s in memory; they are never logged, never
//! returned, and only written to the keychain when the user asks (`remember: true`).

use std::sync::{Arc, Mutex, PoisonError, RwLock};

use secrecy::{ExposeSecret, SecretString};

use crate::asc::{AscClient, AscConfig};
use shotbridge_shared::wire::{
    AscCredentials, Credentials, GeminiCredentials, OpenAiCredentials, Provider,
};

use super::error::ApiError;
use super::keychain::{KeychainError, SecretStore};

/// An App Store Connect API key, checked when it arrived.
#[derive(Debug, Clone)]
pub struct AscKey {
    pub issuer_id: String,
    pub key_id: String,
    /// The `.p8` PEM text.
    pub private_key: SecretString,
}

/// An AI provider's key and where to reach it.
#[derive(Debug, Clone)]
pub struct ProviderKey {
    pub api_key: SecretString,
    pub model: Option<String>,
    pub base_url: Option<String>,
}

/// Everything the bridge may use at one moment.
#[derive(Debug, Clone, Default)]
pub struct CredentialSet {
    pub asc: Option<AscKey>,
    pub openai: Option<ProviderKey>,
    pub gemini: Option<ProviderKey>,
}

/// Why credentials were refused.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("{0}")]
    Malformed(String),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
}

impl CredentialSet {
    /// The providers usable with these keys; `pseudo` needs none.
    pub fn providers(&self) -> Vec<Provider> {
        let mut providers = vec![Provider::Pseudo];
        if self.openai.is_some() {
            providers.push(Provider::Openai);
        }
        if self.gemini.is_some() {
            providers.push(Provider::Gemini);
        }
        providers
    }

    /// Reads the credentials the environment gives (DESIGN.md, "Environment"); a variable set
    /// to something malformed is an error, not a silent omission.
    pub fn from_env() -> Result<Self, CredentialError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let asc = match (var("ASC_ISSUER_ID"), var("ASC_KEY_ID")) {
            (Some(issuer_id), Some(key_id)) => {
                let private_key = match (var("ASC_PRIVATE_KEY"), var("ASC_PRIVATE_KEY_PATH")) {
                    (Some(pem), _) => pem,
                    (None, Some(path)) => std::fs::read_to_string(&path).map_err(|e| {
                        CredentialError::Malformed(format!(
                            "ASC_PRIVATE_KEY_PATH cannot be read ({e}); point it at the \
                             AuthKey_….p8 file"
                        ))
                    })?,
                    (None, None) => {
                        return Err(CredentialError::Malformed(
                            "ASC_ISSUER_ID and ASC_KEY_ID are set but the key is not: set \
                             ASC_PRIVATE_KEY_PATH (or ASC_PRIVATE_KEY)"
                                .to_owned(),
                        ));
                    }
                };
                Some(AscCredentials {
                    issuer_id,
                    key_id,
                    private_key,
                })
            }
            _ => None,
        };
        let openai = var("OPENAI_API_KEY").map(|api_key| OpenAiCredentials {
            api_key,
            model: var("OPENAI_MODEL"),
            base_url: var("OPENAI_BASE_URL"),
        });
        let gemini = var("GEMINI_API_KEY").map(|api_key| GeminiCredentials {
            api_key,
            model: var("GEMINI_MODEL"),
        });
        let wire = Credentials {
            app_store_connect: asc,
            openai,
            gemini,
            remember: None,
        };
        let mut set = Self::from_wire(&wire)?;
        if let Some(gemini) = set.gemini.as_mut() {
            gemini.base_url = var("GEMINI_BASE_URL");
        }
        Ok(set)
    }

    /// Fills what is missing here from `other`.
    fn or(self, other: Self) -> Self {
        Self {
            asc: self.asc.or(other.asc),
            openai: self.openai.or(other.openai),
            gemini: self.gemini.or(other.gemini),
        }
    }

    /// Checks and converts what `PUT /v1/credentials` (or the keychain) brought.
    pub fn from_wire(wire: &Credentials) -> Result<Self, CredentialError> {
        Ok(Self {
            asc: wire.app_store_connect.as_ref().map(check_asc).transpose()?,
            openai: wire.openai.as_ref().map(check_openai).transpose()?,
            gemini: wire.gemini.as_ref().map(check_gemini).transpose()?,
        })
    }

    fn to_wire(&self) -> Credentials {
        Credentials {
            app_store_connect: self.asc.as_ref().map(|k| AscCredentials {
                issuer_id: k.issuer_id.clone(),
                key_id: k.key_id.clone(),
                private_key: k.private_key.expose_secret().to_owned(),
            }),
            openai: self.openai.as_ref().map(|k| OpenAiCredentials {
                api_key: k.api_key.expose_secret().to_owned(),
                model: k.model.clone(),
                base_url: k.base_url.clone(),
            }),
            gemini: self.gemini.as_ref().map(|k| GeminiCredentials {
                api_key: k.api_key.expose_secret().to_owned(),
                model: k.model.clone(),
            }),
            remember: None,
        }
    }
}

fn check_asc(wire: &AscCredentials) -> Result<AscKey, CredentialError> {
    let credentials = crate::asc::Credentials {
        issuer_id: wire.issuer_id.trim().to_owned(),
        key_id: wire.key_id.trim().to_owned(),
        private_key: SecretString::from(wire.private_key.clone()),
    };
    // The ASC client's own parser decides, so a key accepted here can sign later.
    credentials.clone().into_key().map_err(|e| {
        CredentialError::Malformed(format!("The App Store Connect key is refused: {e}."))
    })?;
    Ok(AscKey {
        issuer_id: credentials.issuer_id,
        key_id: credentials.key_id,
        private_key: credentials.private_key,
    })
}

fn check_api_key(key: &str, provider: &str) -> Result<SecretString, CredentialError> {
    let key = key.trim();
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(CredentialError::Malformed(format!(
            "The {provider} API key must be a single word of visible characters, as the provider \
             shows it."
        )));
    }
    Ok(SecretString::from(key.to_owned()))
}

fn check_base_url(url: Option<&String>) -> Result<Option<String>, CredentialError> {
    let Some(text) = url else { return Ok(None) };
    let parsed = url::Url::parse(text).map_err(|_| {
        CredentialError::Malformed("The base URL must be an absolute http(s) URL.".to_owned())
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(CredentialError::Malformed(
            "The base URL must be an absolute http(s) URL.".to_owned(),
        ));
    }
    Ok(Some(text.clone()))
}

fn check_openai(wire: &OpenAiCredentials) -> Result<ProviderKey, CredentialError> {
    Ok(ProviderKey {
        api_key: check_api_key(&wire.api_key, "OpenAI")?,
        model: wire.model.clone().filter(|m| !m.trim().is_empty()),
        base_url: check_base_url(wire.base_url.as_ref())?,
    })
}

fn check_gemini(wire: &GeminiCredentials) -> Result<ProviderKey, CredentialError> {
    Ok(ProviderKey {
        api_key: check_api_key(&wire.api_key, "Gemini")?,
        model: wire.model.clone().filter(|m| !m.trim().is_empty()),
        base_url: None,
    })
}

/// The credentials in force, shared by all requests.
#[derive(Debug, Clone)]
pub struct CredentialVault {
    current: Arc<RwLock<CredentialSet>>,
    store: Arc<dyn SecretStore>,
    /// The client built for the ASC key in force (it caches the JWT); cleared on updates.
    asc_client: Arc<Mutex<Option<AscClient>>>,
}

impl CredentialVault {
    pub fn new(initial: CredentialSet, store: Arc<dyn SecretStore>) -> Self {
        Self {
            current: Arc::new(RwLock::new(initial)),
            store,
            asc_client: Arc::new(Mutex::new(None)),
        }
    }

    /// Fills what `initial` lacks from the keychain; a keychain that cannot be reached only
    /// means nothing was remembered.
    pub fn with_remembered(initial: CredentialSet, store: Arc<dyn SecretStore>) -> Self {
        let remembered = match load_remembered(store.as_ref()) {
            Ok(set) => set,
            Err(e) => {
                tracing::debug!(cause = %e, "no remembered credentials");
                CredentialSet::default()
            }
        };
        Self::new(initial.or(remembered), store)
    }

    /// A copy of the credentials in force now.
    pub fn snapshot(&self) -> CredentialSet {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Applies what a request brought (parts it leaves out stay as they are). With `remember`,
    /// stores them in the keychain first, so nothing changes when the keychain refuses.
    pub fn update(&self, incoming: CredentialSet, remember: bool) -> Result<(), CredentialError> {
        if remember {
            let remembered = load_remembered(self.store.as_ref())?;
            let merged = incoming.clone().or(remembered);
            let document = serde_json::to_string(&merged.to_wire())
                .map_err(|e| CredentialError::Malformed(e.to_string()))?;
            self.store.save(&SecretString::from(document))?;
        }
        let mut guard = match self.current.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let old = std::mem::take(&mut *guard);
        if incoming.asc.is_some() {
            *self
                .asc_client
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = None;
        }
        *guard = incoming.or(old);
        Ok(())
    }

    /// The client for `key` against `base_url`, built once per key.
    pub fn asc_client(&self, base_url: &str, key: &AscKey) -> Result<AscClient, ApiError> {
        let mut cached = self
            .asc_client
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(client) = cached.as_ref() {
            return Ok(client.clone());
        }
        let credentials = crate::asc::Credentials {
            issuer_id: key.issuer_id.clone(),
            key_id: key.key_id.clone(),
            private_key: key.private_key.clone(),
        };
        let client = credentials
            .into_key()
            .map_err(crate::asc::ConfigError::from)
            .and_then(|key| AscConfig::new(base_url, key))
            .map_err(crate::asc::AscError::from)
            .and_then(AscClient::new)
            .map_err(|e| {
                ApiError::InvalidCredentials(format!("App Store Connect cannot be used: {e}."))
            })?;
        *cached = Some(client.clone());
        Ok(client)
    }
}

fn load_remembered(store: &dyn SecretStore) -> Result<CredentialSet, CredentialError> {
    let Some(document) = store.load()? else {
        return Ok(CredentialSet::default());
    };
    let wire: Credentials = serde_json::from_str(document.expose_secret()).map_err(|_| {
        CredentialError::Malformed("the remembered credentials are unreadable".to_owned())
    })?;
    CredentialSet::from_wire(&wire)
}
