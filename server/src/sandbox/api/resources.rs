//! Resource objects for each type the sandbox serves, with the attributes and relationships
//! Apple's schemas give them.

use serde_json::{Value, json};

use super::document::{Links, linkage};
use crate::sandbox::processing::Outcome;
use crate::sandbox::seed::{AppVersionState, Platform};
use crate::sandbox::world::{App, Localization, Phase, Screenshot, ScreenshotSet, Version};

pub(crate) fn app(links: Links<'_>, app: &App) -> Value {
    json!({
        "type": "apps",
        "id": app.id,
        "attributes": {
            "name": app.name,
            "bundleId": app.bundle_id,
            "sku": app.sku,
            "primaryLocale": app.primary_locale,
        },
        "relationships": {
            "appStoreVersions": links.relationship("apps", &app.id, "appStoreVersions"),
        },
        "links": { "self": links.resource("apps", &app.id) },
    })
}

pub(crate) fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::IOS => "IOS",
        Platform::MAC_OS => "MAC_OS",
        Platform::TV_OS => "TV_OS",
        Platform::VISION_OS => "VISION_OS",
    }
}

pub(crate) fn state_name(state: AppVersionState) -> String {
    serde_json::to_value(state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The deprecated `appStoreState` Apple still sends next to `appVersionState`.
pub(crate) fn app_store_state(state: AppVersionState) -> &'static str {
    use AppVersionState::*;
    match state {
        ACCEPTED => "ACCEPTED",
        DEVELOPER_REJECTED => "DEVELOPER_REJECTED",
        IN_REVIEW => "IN_REVIEW",
        INVALID_BINARY => "INVALID_BINARY",
        METADATA_REJECTED => "METADATA_REJECTED",
        PENDING_APPLE_RELEASE => "PENDING_APPLE_RELEASE",
        PENDING_DEVELOPER_RELEASE => "PENDING_DEVELOPER_RELEASE",
        PREPARE_FOR_SUBMISSION => "PREPARE_FOR_SUBMISSION",
        PROCESSING_FOR_DISTRIBUTION => "PROCESSING_FOR_APP_STORE",
        READY_FOR_DISTRIBUTION => "READY_FOR_SALE",
        READY_FOR_REVIEW => "READY_FOR_REVIEW",
        REJECTED => "REJECTED",
        REPLACED_WITH_NEW_VERSION => "REPLACED_WITH_NEW_VERSION",
        WAITING_FOR_EXPORT_COMPLIANCE => "WAITING_FOR_EXPORT_COMPLIANCE",
        WAITING_FOR_REVIEW => "WAITING_FOR_REVIEW",
    }
}

pub(crate) fn version(links: Links<'_>, v: &Version) -> Value {
    json!({
        "type": "appStoreVersions",
        "id": v.id,
        "attributes": {
            "platform": platform_name(v.platform),
            "versionString": v.version_string,
            "appStoreState": app_store_state(v.state),
            "appVersionState": state_name(v.state),
            "copyright": null,
            "reviewType": "APP_STORE",
            "releaseType": "MANUAL",
            "earliestReleaseDate": null,
            "downloadable": true,
            "createdDate": "2026-01-05T09:00:00-08:00",
        },
        "relationships": {
            "app": links.relationship("appStoreVersions", &v.id, "app"),
            "appStoreVersionLocalizations":
                links.relationship("appStoreVersions", &v.id, "appStoreVersionLocalizations"),
        },
        "links": { "self": links.resource("appStoreVersions", &v.id) },
    })
}

/// A version localization; `sets` are the linked screenshot set ids when they are included.
pub(crate) fn localization(links: Links<'_>, l: &Localization, sets: Option<&[String]>) -> Value {
    let mut screenshot_sets =
        links.relationship("appStoreVersionLocalizations", &l.id, "appScreenshotSets");
    if let Some(ids) = sets {
        screenshot_sets["data"] = ids
            .iter()
            .map(|id| linkage("appScreenshotSets", id))
            .collect::<Vec<_>>()
            .into();
    }
    json!({
        "type": "appStoreVersionLocalizations",
        "id": l.id,
        "attributes": {
            "description": l.description,
            "locale": l.locale,
            "keywords": l.keywords,
            "marketingUrl": l.marketing_url,
            "promotionalText": l.promotional_text,
            "supportUrl": l.support_url,
            "whatsNew": l.whats_new,
        },
        "relationships": {
            "appStoreVersion":
                links.relationship("appStoreVersionLocalizations", &l.id, "appStoreVersion"),
            "appScreenshotSets": screenshot_sets,
            "appPreviewSets":
                links.relationship("appStoreVersionLocalizations", &l.id, "appPreviewSets"),
        },
        "links": { "self": links.resource("appStoreVersionLocalizations", &l.id) },
    })
}

/// A screenshot set; `shots` are the screenshot ids (in order) when they are included, and the
/// total when the list was cut by `limit[appScreenshots]`.
pub(crate) fn screenshot_set(
    links: Links<'_>,
    set: &ScreenshotSet,
    shots: Option<(&[String], usize)>,
) -> Value {
    let mut screenshots = links.relationship("appScreenshotSets", &set.id, "appScreenshots");
    if let Some((ids, total)) = shots {
        screenshots["data"] = ids
            .iter()
            .map(|id| linkage("appScreenshots", id))
            .collect::<Vec<_>>()
            .into();
        if total > ids.len() {
            screenshots["meta"] = json!({ "paging": { "total": total, "limit": ids.len() } });
        }
    }
    json!({
        "type": "appScreenshotSets",
        "id": set.id,
        "attributes": { "screenshotDisplayType": set.display_type.as_str() },
        "relationships": {
            "appStoreVersionLocalization":
                links.relationship("appScreenshotSets", &set.id, "appStoreVersionLocalization"),
            "appScreenshots": screenshots,
        },
        "links": { "self": links.resource("appScreenshotSets", &set.id) },
    })
}

/// A screenshot as a client reading it now sees it.
pub(crate) fn screenshot(links: Links<'_>, shot: &Screenshot) -> Value {
    let (state, outcome) = shot.rendered();
    let errors = match outcome {
        Some(Outcome::Failed { errors, .. }) => errors
            .iter()
            .map(|e| json!({ "code": e.code, "description": e.description }))
            .collect(),
        _ => Vec::new(),
    };
    let image_asset = match outcome {
        Some(Outcome::Complete { width, height }) => json!({
            "templateUrl": format!(
                "{}image/thumb/{}/{{w}}x{{h}}bb.{{f}}", links.base, shot.asset_token
            ),
            "width": width,
            "height": height,
        }),
        _ => Value::Null,
    };
    let upload_operations = match shot.phase {
        Phase::AwaitingUpload => shot
            .parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                json!({
                    "method": "PUT",
                    "url": format!("{}blobstore/{}/{}", links.base, shot.upload_token, i + 1),
                    "length": part.length,
                    "offset": part.offset,
                    "requestHeaders": [{ "name": "Content-Type", "value": content_type(&shot.file_name) }],
                })
            })
            .collect::<Vec<_>>()
            .into(),
        _ => Value::Null,
    };
    json!({
        "type": "appScreenshots",
        "id": shot.id,
        "attributes": {
            "fileSize": shot.file_size,
            "fileName": shot.file_name,
            "sourceFileChecksum": shot.checksum,
            "imageAsset": image_asset,
            "assetToken": shot.asset_token,
            "assetType": "SCREENSHOT",
            "uploadOperations": upload_operations,
            "assetDeliveryState": { "errors": errors, "warnings": [], "state": state.as_str() },
        },
        "relationships": {
            "appScreenshotSet": {
                "data": linkage("appScreenshotSets", &shot.set_id),
                "links": {
                    "self": links.v1(&format!("appScreenshots/{}/relationships/appScreenshotSet", shot.id)),
                    "related": links.v1(&format!("appScreenshots/{}/appScreenshotSet", shot.id)),
                },
            },
        },
        "links": { "self": links.resource("appScreenshots", &shot.id) },
    })
}

/// The `Content-Type` an upload part must carry, from the reserved file name.
pub(crate) fn content_type(file_name: &str) -> &'static str {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        "image/jpeg"
    } else {
        "image/png"
    }
}
