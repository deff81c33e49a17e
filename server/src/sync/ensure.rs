//! Finding or creating a localization and a screenshot set without ever duplicating one: after
//! a create whose outcome is unknown, or that ASC says exists, the state is read again.

use std::sync::Arc;

use shotbridge_shared::{DisplayType, Locale};

use crate::asc::{AscError, ScreenshotSet};

use super::context::{Context, Failure};

/// Creates are tried this often when each attempt's outcome stays unknown.
const CREATE_ATTEMPTS: usize = 3;

fn unknown_outcome(error: &AscError) -> bool {
    error.is_uncertain() || error.is_duplicate() || matches!(error, AscError::Transport { .. })
}

/// The locale's localization id: as read, or created once for the whole run.
pub async fn localization(ctx: &Arc<Context>, locale: Locale) -> Result<String, Failure> {
    let cell = ctx.localization_cell(locale);
    cell.get_or_init(|| create_localization(ctx, locale))
        .await
        .clone()
}

async fn create_localization(ctx: &Context, locale: Locale) -> Result<String, Failure> {
    let mut last = None;
    for _ in 0..CREATE_ATTEMPTS {
        match ctx
            .client
            .create_localization(&ctx.version_id, locale)
            .await
        {
            Ok(created) => return Ok(created.id),
            Err(error) if unknown_outcome(&error) => {
                tracing::info!(locale = %locale, cause = %error, "reading the localizations again after an unclear create");
                match ctx.client.list_localizations(&ctx.version_id).await {
                    Ok(all) => {
                        if let Some(found) = all.into_iter().find(|l| l.locale == Some(locale)) {
                            return Ok(found.id);
                        }
                        last = Some(error);
                    }
                    Err(read_error) => last = Some(read_error),
                }
            }
            Err(error) => return Err(Failure::from_asc(&error)),
        }
    }
    Err(last.map_or_else(
        || Failure::new("ASC_UNCERTAIN", "the localization could not be created"),
        |e| Failure::from_asc(&e),
    ))
}

/// The localization's set of `display_type`, created if missing.
pub async fn screenshot_set(
    ctx: &Context,
    localization_id: &str,
    display_type: DisplayType,
) -> Result<ScreenshotSet, Failure> {
    let mut last = None;
    for _ in 0..CREATE_ATTEMPTS {
        match ctx
            .client
            .create_screenshot_set(localization_id, display_type)
            .await
        {
            Ok(created) => return Ok(created),
            Err(error) if unknown_outcome(&error) => {
                tracing::info!(display_type = %display_type, cause = %error, "reading the sets again after an unclear create");
                match ctx.client.list_screenshot_sets(localization_id).await {
                    Ok(sets) => {
                        if let Some(found) = sets
                            .into_iter()
                            .find(|s| s.display_type == Some(display_type))
                        {
                            return Ok(found);
                        }
                        last = Some(error);
                    }
                    Err(read_error) => last = Some(read_error),
                }
            }
            Err(error) => return Err(Failure::from_asc(&error)),
        }
    }
    Err(last.map_or_else(
        || Failure::new("ASC_UNCERTAIN", "the screenshot set could not be created"),
        |e| Failure::from_asc(&e),
    ))
}
