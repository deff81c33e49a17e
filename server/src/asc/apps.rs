//! Apps and their App Store versions: list the account's apps, find one by id or bundle id,
//! and pick the version whose screenshots can still be changed.

use std::cmp::Ordering;

use serde::Deserialize;

use super::client::AscClient;
use super::error::{AscError, NoEditableVersion};
use super::jsonapi::{Resource, null_as_default};
use super::transport::Call;
use super::types::{App, AppStoreVersion, Platform};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppAttributes {
    #[serde(default, deserialize_with = "null_as_default")]
    name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    bundle_id: String,
    sku: Option<String>,
    primary_locale: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VersionAttributes {
    platform: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    version_string: String,
    app_version_state: Option<String>,
}

/// Asks for just what [`App`] holds, platforms included through the versions' `platform`.
// TODO: Apple caps `limit[appStoreVersions]` at 50, so an app with more versions lists the
// platforms of its first 50 only (`relationships.appStoreVersions.meta.paging.total` says when);
// completing them would cost one versions listing per such app.
fn app_fields(call: Call) -> Call {
    call.param(
        "fields[apps]",
        "name,bundleId,sku,primaryLocale,appStoreVersions",
    )
    .param("include", "appStoreVersions")
    .param("fields[appStoreVersions]", "platform")
    .param("limit[appStoreVersions]", "50")
}

impl AscClient {
    /// Every app the key can see: id, name, bundle id and platforms.
    pub async fn list_apps(&self) -> Result<Vec<App>, AscError> {
        let call = app_fields(Call::get("/v1/apps")).param("limit", "200");
        let (data, included) = self.inner.api.list_all(call).await?;
        data.iter().map(|r| app_from(r, &included)).collect()
    }

    /// The app with this ASC id (e.g. `1234567890`).
    pub async fn get_app(&self, app_id: &str) -> Result<App, AscError> {
        let call = app_fields(Call::get(format!("/v1/apps/{}", segment(app_id))));
        match self.inner.api.document::<Resource>(&call).await {
            Ok(doc) => app_from(&doc.data, &doc.included),
            Err(e) if e.status() == Some(404) => Err(AscError::AppNotFound {
                what: format!("with id {app_id}"),
            }),
            Err(e) => Err(e),
        }
    }

    /// The app with exactly this bundle id (e.g. `com.example.app`).
    pub async fn find_app_by_bundle_id(&self, bundle_id: &str) -> Result<App, AscError> {
        let call = app_fields(Call::get("/v1/apps"))
            .param("filter[bundleId]", bundle_id)
            .param("limit", "200");
        let (data, included) = self.inner.api.list_all(call).await?;
        data.iter()
            .map(|r| app_from(r, &included))
            .find(|app| app.as_ref().is_ok_and(|a| a.bundle_id == bundle_id))
            .unwrap_or_else(|| {
                Err(AscError::AppNotFound {
                    what: format!("with bundle id {bundle_id}"),
                })
            })
    }

    /// The app's App Store versions, newest first as ASC lists them, optionally of one platform.
    pub async fn list_versions(
        &self,
        app_id: &str,
        platform: Option<Platform>,
    ) -> Result<Vec<AppStoreVersion>, AscError> {
        let mut call = Call::get(format!("/v1/apps/{}/appStoreVersions", segment(app_id)))
            .param(
                "fields[appStoreVersions]",
                "platform,versionString,appVersionState",
            )
            .param("limit", "200");
        if let Some(platform) = platform {
            call = call.param("filter[platform]", platform.as_str());
        }
        let (data, _) = match self.inner.api.list_all(call).await {
            Err(e) if e.status() == Some(404) => {
                return Err(AscError::AppNotFound {
                    what: format!("with id {app_id}"),
                });
            }
            other => other?,
        };
        data.iter().map(version_from).collect()
    }

    /// The version of `platform` whose screenshots can be changed (by `appVersionState`),
    /// exactly `version_string` if given; the highest version string when several are editable.
    /// The platform is matched here too, not only by `filter[platform]`: ASC's listing filters
    /// have been seen ignored. The error names the versions and states found when none is
    /// editable.
    pub async fn find_editable_version(
        &self,
        app_id: &str,
        platform: Platform,
        version_string: Option<&str>,
    ) -> Result<AppStoreVersion, AscError> {
        let versions = self.list_versions(app_id, Some(platform)).await?;
        let wanted = |v: &AppStoreVersion| {
            v.platform == Some(platform)
                && version_string.is_none_or(|s| v.version_string == s.trim())
        };
        versions
            .iter()
            .filter(|v| v.is_editable() && wanted(v))
            .max_by(|a, b| compare_versions(&a.version_string, &b.version_string))
            .cloned()
            .ok_or_else(|| {
                AscError::NoEditableVersion(NoEditableVersion {
                    platform: platform.as_str().to_owned(),
                    version_string: version_string.map(str::to_owned),
                    found: versions
                        .iter()
                        .filter(|v| wanted(v))
                        .map(|v| (v.version_string.clone(), v.state.clone()))
                        .collect(),
                })
            })
    }
}

fn app_from(resource: &Resource, included: &[Resource]) -> Result<App, AscError> {
    let attributes: AppAttributes = resource.attributes().map_err(decode("apps"))?;
    let mut platforms = Vec::new();
    for id in resource.related_ids("appStoreVersions").unwrap_or_default() {
        let platform = included
            .iter()
            .find(|r| r.kind == id.kind && r.id == id.id)
            .and_then(|r| r.attributes.get("platform"))
            .and_then(|p| p.as_str())
            .and_then(Platform::parse);
        if let Some(p) = platform.filter(|p| !platforms.contains(p)) {
            platforms.push(p);
        }
    }
    Ok(App {
        id: resource.id.clone(),
        name: attributes.name,
        bundle_id: attributes.bundle_id,
        sku: attributes.sku,
        primary_locale: attributes.primary_locale,
        platforms,
    })
}

fn version_from(resource: &Resource) -> Result<AppStoreVersion, AscError> {
    let attributes: VersionAttributes =
        resource.attributes().map_err(decode("appStoreVersions"))?;
    let platform = attributes.platform.as_deref().and_then(Platform::parse);
    if platform.is_none() {
        tracing::warn!(version_id = %resource.id, platform = ?attributes.platform, "version of an unknown platform");
    }
    Ok(AppStoreVersion {
        id: resource.id.clone(),
        platform,
        version_string: attributes.version_string,
        state: attributes.app_version_state.unwrap_or_default(),
    })
}

pub(crate) fn decode(what: &'static str) -> impl Fn(String) -> AscError {
    move |cause| AscError::Decode {
        request: format!("reading {what}"),
        cause,
    }
}

/// An id placed in a path, percent-encoded so it cannot change the path.
pub(crate) fn segment(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// Compares version strings by their numeric parts (`2.10` > `2.9`), text as a tiebreak.
fn compare_versions(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| {
        s.split('.')
            .map(|p| p.trim().parse::<u64>().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    parts(a).cmp(&parts(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(compare_versions("2.10", "2.9"), Ordering::Greater);
        assert_eq!(compare_versions("1.0", "1.0.1"), Ordering::Less);
        assert_eq!(compare_versions("3", "3"), Ordering::Equal);
    }

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert_eq!(segment("123"), "123");
        assert_eq!(segment("../x?y"), "..%2Fx%3Fy");
    }
}
