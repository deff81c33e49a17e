//! Where the demo's screenshots go: the in-memory sandbox ASC (the default), or the user's own
//! app when ASC credentials and `--bundle-id`/`--app-id` are given.

use std::collections::BTreeMap;

use shotbridge_shared::wire::{PlannedScreenshot, Provider, UploadMode};
use shotbridge_shared::{DisplayType, Locale};

use super::{Args, DemoError, SANDBOX_POLL};
use crate::asc::{AscClient, AscConfig, Platform};
use crate::images::NormalizedScreenshot;
use crate::sandbox::{Sandbox, SandboxConfig, seed};
use crate::sync::{AppRef, SyncOptions, SyncPlan};

/// The App Store Connect the demo talks to.
#[derive(Debug)]
pub(super) enum Target {
    Sandbox {
        sandbox: Sandbox,
        config: AscConfig,
        version: Option<String>,
    },
    Apple {
        config: AscConfig,
        app: AppRef,
        version: Option<String>,
    },
}

impl Target {
    /// The user's app when they name one, else a fresh sandbox.
    pub(super) async fn choose(args: &Args, provider: Provider) -> Result<Target, DemoError> {
        let app = match (&args.app_id, &args.bundle_id) {
            (Some(id), _) => Some(AppRef::Id(id.clone())),
            (None, Some(bundle)) => Some(AppRef::BundleId(bundle.clone())),
            (None, None) => None,
        };
        let Some(app) = app else {
            let sandbox = Sandbox::start(SandboxConfig::default())
                .await
                .map_err(|e| DemoError::Failed(format!("the sandbox could not start: {e}")))?;
            let config = sandbox
                .asc_config()
                .map_err(|e| DemoError::Failed(e.to_string()))?;
            return Ok(Target::Sandbox {
                sandbox,
                config,
                version: args.version.clone(),
            });
        };
        if provider == Provider::Pseudo {
            return Err(DemoError::BadInput(
                "pseudo-translations only preview the layout and are never uploaded to a real \
                 app; set OPENAI_API_KEY or GEMINI_API_KEY (or leave out --bundle-id/--app-id \
                 to use the sandbox)"
                    .into(),
            ));
        }
        let config = AscConfig::from_env().map_err(|e| DemoError::BadInput(e.to_string()))?;
        Ok(Target::Apple {
            config,
            app,
            version: args.version.clone(),
        })
    }

    pub(super) fn describe(&self) -> String {
        match self {
            Target::Sandbox { sandbox, .. } => {
                format!(
                    "sandbox at {} (in memory; nothing reaches Apple)",
                    sandbox.base_url()
                )
            }
            Target::Apple {
                app: AppRef::Id(id),
                ..
            } => format!("Apple, app {id}"),
            Target::Apple {
                app: AppRef::BundleId(bundle),
                ..
            } => format!("Apple, app {bundle}"),
        }
    }

    /// A client of its own for each sync, so each locale's requests are counted apart.
    pub(super) fn client(&self) -> Result<AscClient, String> {
        let config = match self {
            Target::Sandbox { config, .. } | Target::Apple { config, .. } => config.clone(),
        };
        AscClient::new(config).map_err(|e| e.to_string())
    }

    pub(super) fn sync_options(&self) -> SyncOptions {
        match self {
            Target::Sandbox { .. } => SyncOptions {
                poll_interval: SANDBOX_POLL,
                max_poll_interval: SANDBOX_POLL,
                ..SyncOptions::default()
            },
            Target::Apple { .. } => SyncOptions::default(),
        }
    }

    /// Every screenshot into `locale`'s set of its display type, in the given order; each set
    /// is replaced by exactly these.
    pub(super) fn plan<'a>(
        &self,
        locale: Locale,
        screenshots: impl Iterator<Item = (&'a str, &'a NormalizedScreenshot)>,
    ) -> SyncPlan {
        let mut next_position: BTreeMap<DisplayType, u8> = BTreeMap::new();
        let screenshots = screenshots
            .map(|(file_name, image)| {
                let position = next_position.entry(image.display_type).or_insert(0);
                *position += 1;
                PlannedScreenshot {
                    locale,
                    display_type: image.display_type,
                    position: *position,
                    file_name: file_name.to_owned(),
                }
            })
            .collect();
        let (app, version) = match self {
            Target::Sandbox { version, .. } => (
                AppRef::BundleId(seed::demo::BUNDLE_ID.to_owned()),
                version.clone(),
            ),
            Target::Apple { app, version, .. } => (app.clone(), version.clone()),
        };
        SyncPlan {
            app,
            platform: Platform::Ios,
            version,
            mode: UploadMode::Replace,
            screenshots,
        }
    }

    pub(super) async fn finish(self) {
        if let Target::Sandbox { sandbox, .. } = self {
            sandbox.shutdown().await;
        }
    }
}
