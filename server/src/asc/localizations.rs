//! Version localizations (one per locale of an App Store version): list them with the display
//! types of their screenshot sets in the same request, and create a missing one.

use serde::Deserialize;
use serde_json::json;
use shotbridge_shared::{DisplayType, Locale};

use super::apps::{decode, segment};
use super::client::AscClient;
use super::error::AscError;
use super::jsonapi::{Resource, null_as_default};
use super::transport::Call;
use super::types::{ScreenshotSetSummary, VersionLocalization};

#[derive(Deserialize)]
struct LocalizationAttributes {
    #[serde(default, deserialize_with = "null_as_default")]
    locale: String,
}

impl AscClient {
    /// The version's localizations, each with its screenshot sets (id and display type).
    pub async fn list_localizations(
        &self,
        version_id: &str,
    ) -> Result<Vec<VersionLocalization>, AscError> {
        let call = Call::get(format!(
            "/v1/appStoreVersions/{}/appStoreVersionLocalizations",
            segment(version_id)
        ))
        .param(
            "fields[appStoreVersionLocalizations]",
            "locale,appScreenshotSets",
        )
        .param("include", "appScreenshotSets")
        .param("fields[appScreenshotSets]", "screenshotDisplayType")
        .param("limit", "200")
        .param("limit[appScreenshotSets]", "50");
        let (data, included) = self.inner.api.list_all(call).await?;
        data.iter()
            .map(|r| localization_from(r, &included))
            .collect()
    }

    /// Adds `locale` to the version. Never repeated blindly: a failure that leaves unknown
    /// whether it was created is [`AscError::Uncertain`]; a locale that already exists is
    /// [`AscError::is_duplicate`]. Either way, list the localizations again.
    pub async fn create_localization(
        &self,
        version_id: &str,
        locale: Locale,
    ) -> Result<VersionLocalization, AscError> {
        let body = json!({"data": {
            "type": "appStoreVersionLocalizations",
            "attributes": {"locale": locale.code()},
            "relationships": {"appStoreVersion": {"data": {"type": "appStoreVersions", "id": version_id}}},
        }});
        let doc = self
            .inner
            .api
            .document::<Resource>(&Call::create("/v1/appStoreVersionLocalizations", body))
            .await?;
        let mut created = localization_from(&doc.data, &doc.included)?;
        created.screenshot_sets.get_or_insert_with(Vec::new);
        tracing::debug!(locale = %locale, localization_id = %created.id, "created the localization");
        Ok(created)
    }
}

fn localization_from(
    resource: &Resource,
    included: &[Resource],
) -> Result<VersionLocalization, AscError> {
    let attributes: LocalizationAttributes = resource
        .attributes()
        .map_err(decode("appStoreVersionLocalizations"))?;
    let locale = exact_locale(&attributes.locale);
    if locale.is_none() {
        tracing::warn!(locale = %attributes.locale, localization_id = %resource.id, "ASC has a localization in a locale this version of Shotbridge does not know; it is left alone");
    }
    let screenshot_sets = resource.related_ids("appScreenshotSets").map(|ids| {
        ids.iter()
            .map(|id| {
                let raw = included
                    .iter()
                    .find(|r| r.kind == id.kind && r.id == id.id)
                    .and_then(|r| r.attributes.get("screenshotDisplayType"))
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned();
                ScreenshotSetSummary {
                    id: id.id.clone(),
                    display_type: exact_display_type(&raw),
                    display_type_raw: raw,
                }
            })
            .collect()
    });
    Ok(VersionLocalization {
        id: resource.id.clone(),
        locale,
        locale_code: attributes.locale,
        screenshot_sets,
    })
}

/// The catalog locale spelled exactly like ASC's code (no alias guessing on ASC's own data).
pub(crate) fn exact_locale(code: &str) -> Option<Locale> {
    Locale::all().find(|l| l.code() == code)
}

/// The display type spelled exactly like ASC's value.
pub(crate) fn exact_display_type(raw: &str) -> Option<DisplayType> {
    DisplayType::ALL.into_iter().find(|t| t.as_str() == raw)
}
