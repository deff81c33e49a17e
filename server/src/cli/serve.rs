//! `shotbridge serve`: runs the bridge the Figma plugin talks to, on loopback, until Ctrl-C.
//! Prints the URL and the pairing token on standard output, plus where uploads go and which
//! translation providers are ready.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use shotbridge_shared::wire::{AscStatus, Provider};

use super::Outcome;
use crate::bridge::keychain::{MemoryKeychain, OsKeychain, SecretStore};
use crate::bridge::security::PairingToken;
use crate::bridge::server::{self, BindError};
use crate::bridge::state::sandbox_client;
use crate::bridge::vault::CredentialSet;
use crate::bridge::{AppState, BridgeSettings};
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::translate::{Translator, TranslatorConfig};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on; the plugin expects 7531.
    #[arg(long, env = "SHOTBRIDGE_PORT", default_value_t = 7531)]
    pub port: u16,
    /// Address to listen on. Only loopback addresses are accepted without --allow-non-loopback.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,
    /// Accept a non-loopback --host (anyone who can reach it still needs the token).
    #[arg(long)]
    pub allow_non_loopback: bool,
    /// Use an in-memory App Store Connect instead of Apple's (nothing leaves this computer).
    #[arg(long)]
    pub sandbox: bool,
    /// A fixed pairing token (at least 16 characters) instead of a random one per run.
    #[arg(long, env = "SHOTBRIDGE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Image bytes held in memory at most, in MiB; uploads wait for room beyond it.
    #[arg(long, default_value_t = 256)]
    pub memory_budget_mib: usize,
    /// Do not read or write the OS keychain (`remember` is then refused).
    #[arg(long)]
    pub no_keychain: bool,
}

/// Runs the bridge until Ctrl-C or SIGTERM.
pub async fn run(args: &Args) -> Outcome {
    let (token, token_fixed) = match &args.token {
        Some(text) => match PairingToken::parse(text) {
            Ok(token) => (token, true),
            Err(e) => {
                eprintln!("error: {e}");
                return Outcome::BadInput;
            }
        },
        None => (PairingToken::generate(), false),
    };
    let credentials = match CredentialSet::from_env() {
        Ok(set) => set,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::BadInput;
        }
    };
    let listener = match server::bind(
        SocketAddr::new(args.host, args.port),
        args.allow_non_loopback,
    )
    .await
    {
        Ok(listener) => listener,
        Err(e @ BindError::NotLoopback(_)) => {
            eprintln!("error: {e}");
            return Outcome::BadInput;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::JobFailed;
        }
    };
    let bound = match listener.local_addr() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("error: cannot read the listening address: {e}");
            return Outcome::JobFailed;
        }
    };
    let keychain: Arc<dyn SecretStore> = if args.no_keychain {
        Arc::new(MemoryKeychain::unavailable())
    } else {
        Arc::new(OsKeychain)
    };
    let translator = match TranslatorConfig::from_env().and_then(Translator::new) {
        Ok(translator) => translator,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::BadInput;
        }
    };
    let mut settings = BridgeSettings::new(token.clone(), bound, keychain, translator);
    settings.credentials = credentials;
    settings.asc_base_url = crate::asc::config::base_url_from_env();
    if args.sandbox {
        let sandbox = match Sandbox::start(SandboxConfig::default()).await {
            Ok(sandbox) => sandbox,
            Err(e) => {
                eprintln!("error: the sandbox App Store Connect could not start: {e}");
                return Outcome::JobFailed;
            }
        };
        match sandbox_client(&sandbox) {
            Ok(client) => settings.asc_client = Some(client),
            Err(e) => {
                eprintln!("error: the sandbox App Store Connect cannot be used: {e}");
                return Outcome::JobFailed;
            }
        }
        settings.sandbox = true;
        // Held by the bridge for the whole run: dropping it stops the sandbox.
        settings.sandbox_world = Some(Arc::new(sandbox));
    }
    settings.budget_bytes = args.memory_budget_mib.saturating_mul(1024 * 1024);
    let state = AppState::new(settings);

    print_banner(&state, bound, &token, token_fixed);
    match server::serve(listener, state, server::shutdown_signal()).await {
        Ok(()) => Outcome::Success,
        Err(e) => {
            eprintln!("error: the bridge stopped: {e}");
            Outcome::JobFailed
        }
    }
}

fn print_banner(state: &AppState, bound: SocketAddr, token: &PairingToken, token_fixed: bool) {
    let host = if bound.ip().is_loopback() {
        "localhost".to_owned()
    } else {
        bound.ip().to_string()
    };
    println!("Shotbridge bridge on http://{host}:{}", bound.port());
    if token_fixed {
        println!("Pairing token: the one given with --token or SHOTBRIDGE_TOKEN");
    } else {
        println!("Pairing token: {}", token.reveal());
    }
    let health = state.health();
    let asc = match health.app_store_connect {
        AscStatus::Sandbox => "the in-memory sandbox (nothing reaches Apple)".to_owned(),
        AscStatus::Configured => "Apple, with the configured API key".to_owned(),
        AscStatus::Missing => {
            "not configured yet (the plugin can send a key, or set ASC_ISSUER_ID, ASC_KEY_ID \
             and ASC_PRIVATE_KEY_PATH)"
                .to_owned()
        }
    };
    println!("App Store Connect: {asc}");
    let providers: Vec<&str> = health
        .providers
        .iter()
        .map(|p| match p {
            Provider::Pseudo => "pseudo",
            Provider::Openai => "openai",
            Provider::Gemini => "gemini",
        })
        .collect();
    println!("Translation providers ready: {}", providers.join(", "));
    println!("Press Ctrl-C to stop.");
}
