//! Where remembered credentials live between runs: the OS keychain (macOS Keychain, Windows
//! Credential Manager, the Secret Service on Linux), never a plain file. Behind a trait so tests
//! use an in-memory store instead of the user's real keychain.

use std::fmt::Debug;
use std::sync::Mutex;

use secrecy::{ExposeSecret, SecretString};

/// Service name of the keychain entry.
const SERVICE: &str = "shotbridge";
/// Account name of the keychain entry holding the remembered credentials (one JSON document).
const ACCOUNT: &str = "credentials";

/// Why the keychain could not be used.
#[derive(Debug, thiserror::Error)]
#[error("the OS keychain is not available: {0}")]
pub struct KeychainError(String);

/// A place that keeps one secret document between runs.
pub trait SecretStore: Send + Sync + Debug {
    /// The remembered document, if any.
    fn load(&self) -> Result<Option<SecretString>, KeychainError>;
    /// Replaces the remembered document.
    fn save(&self, document: &SecretString) -> Result<(), KeychainError>;
}

/// The operating system's keychain, through the `keyring` crate.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeychain;

impl OsKeychain {
    fn entry() -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(SERVICE, ACCOUNT).map_err(|e| KeychainError(e.to_string()))
    }
}

impl SecretStore for OsKeychain {
    fn load(&self) -> Result<Option<SecretString>, KeychainError> {
        match Self::entry()?.get_password() {
            Ok(text) => Ok(Some(SecretString::from(text))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(KeychainError(e.to_string())),
        }
    }

    fn save(&self, document: &SecretString) -> Result<(), KeychainError> {
        Self::entry()?
            .set_password(document.expose_secret())
            .map_err(|e| KeychainError(e.to_string()))
    }
}

/// A keychain that lives in memory for the process's life: for tests, and for runs where the
/// user turned the OS keychain off.
#[derive(Debug, Default)]
pub struct MemoryKeychain {
    document: Mutex<Option<SecretString>>,
    /// Makes every call fail, to test how the bridge reports a missing keychain.
    unavailable: bool,
}

impl MemoryKeychain {
    /// A keychain whose every call fails, like a Linux machine without a Secret Service.
    pub fn unavailable() -> Self {
        Self {
            document: Mutex::new(None),
            unavailable: true,
        }
    }
}

impl SecretStore for MemoryKeychain {
    fn load(&self) -> Result<Option<SecretString>, KeychainError> {
        if self.unavailable {
            return Err(KeychainError("no keychain on this machine".to_owned()));
        }
        let guard = self
            .document
            .lock()
            .map_err(|e| KeychainError(e.to_string()))?;
        Ok(guard.clone())
    }

    fn save(&self, document: &SecretString) -> Result<(), KeychainError> {
        if self.unavailable {
            return Err(KeychainError("no keychain on this machine".to_owned()));
        }
        let mut guard = self
            .document
            .lock()
            .map_err(|e| KeychainError(e.to_string()))?;
        *guard = Some(document.clone());
        Ok(())
    }
}
