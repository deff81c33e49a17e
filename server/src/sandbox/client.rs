//! A client configuration for a running sandbox: its loopback URL and the key it accepts, so
//! `serve --sandbox`, `upload --sandbox`, the demo and tests all talk to it the same way.

use crate::asc::{ApiKey, AscConfig, ConfigError};

use super::Sandbox;

impl Sandbox {
    /// The ASC client configuration that reaches this sandbox with its own API key.
    pub fn asc_config(&self) -> Result<AscConfig, ConfigError> {
        let credentials = self.credentials();
        let key = ApiKey::new(
            &credentials.issuer_id,
            &credentials.key_id,
            &credentials.private_key_pem,
        )?;
        AscConfig::new(self.base_url().as_str(), key)
    }
}
