//! Screenshot sets and screenshots: list a localization's sets with their screenshots in
//! display order (one request), create a set, reserve, commit, read, delete, and reorder.

use serde::Deserialize;
use serde_json::json;
use shotbridge_shared::DisplayType;

use super::apps::{decode, segment};
use super::client::AscClient;
use super::error::AscError;
use super::jsonapi::{Resource, null_as_default};
use super::localizations::exact_display_type;
use super::transport::Call;
use super::types::{
    AssetDeliveryState, AssetError, AssetState, Screenshot, ScreenshotSet, UploadOperation,
};

/// The screenshot attributes Shotbridge reads (upload operations only on a reservation).
const SCREENSHOT_FIELDS: &str = "fileName,fileSize,sourceFileChecksum,assetDeliveryState";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetAttributes {
    #[serde(default, deserialize_with = "null_as_default")]
    screenshot_display_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScreenshotAttributes {
    file_name: Option<String>,
    file_size: Option<u64>,
    source_file_checksum: Option<String>,
    asset_delivery_state: Option<RawDeliveryState>,
    #[serde(default, deserialize_with = "null_as_default")]
    upload_operations: Option<Vec<RawOperation>>,
}

#[derive(Deserialize)]
struct RawDeliveryState {
    state: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    errors: Option<Vec<RawAssetError>>,
    #[serde(default, deserialize_with = "null_as_default")]
    warnings: Option<Vec<RawAssetError>>,
}

#[derive(Deserialize)]
struct RawAssetError {
    #[serde(default, deserialize_with = "null_as_default")]
    code: String,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawOperation {
    #[serde(default, deserialize_with = "null_as_default")]
    method: String,
    #[serde(default, deserialize_with = "null_as_default")]
    url: String,
    #[serde(default, deserialize_with = "null_as_default")]
    offset: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    length: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    request_headers: Option<Vec<RawHeader>>,
}

#[derive(Deserialize)]
struct RawHeader {
    #[serde(default, deserialize_with = "null_as_default")]
    name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    value: String,
}

impl AscClient {
    /// The localization's screenshot sets, each with its screenshots in display order, in one
    /// request. Match `display_type` on the client: ASC's own filter has been seen ignored.
    pub async fn list_screenshot_sets(
        &self,
        localization_id: &str,
    ) -> Result<Vec<ScreenshotSet>, AscError> {
        let call = Call::get(format!(
            "/v1/appStoreVersionLocalizations/{}/appScreenshotSets",
            segment(localization_id)
        ))
        .param(
            "fields[appScreenshotSets]",
            "screenshotDisplayType,appScreenshots",
        )
        .param("include", "appScreenshots")
        .param("fields[appScreenshots]", SCREENSHOT_FIELDS)
        .param("limit", "200")
        .param("limit[appScreenshots]", "50");
        let (data, included) = self.inner.api.list_all(call).await?;
        data.iter().map(|r| set_from(r, &included)).collect()
    }

    /// Creates the `display_type` set of a localization. Never repeated blindly: see
    /// [`AscError::is_uncertain`] and [`AscError::is_duplicate`] (the set already exists).
    pub async fn create_screenshot_set(
        &self,
        localization_id: &str,
        display_type: DisplayType,
    ) -> Result<ScreenshotSet, AscError> {
        let body = json!({"data": {
            "type": "appScreenshotSets",
            "attributes": {"screenshotDisplayType": display_type.as_str()},
            "relationships": {"appStoreVersionLocalization": {"data": {"type": "appStoreVersionLocalizations", "id": localization_id}}},
        }});
        let doc = self
            .inner
            .api
            .document::<Resource>(&Call::create("/v1/appScreenshotSets", body))
            .await?;
        let set = set_from(&doc.data, &doc.included)?;
        tracing::debug!(display_type = %display_type, set_id = %set.id, "created the screenshot set");
        Ok(set)
    }

    /// Reserves a screenshot in a set: the answer carries its id and the upload operations.
    /// Never repeated blindly: on [`AscError::is_uncertain`], list the set and look for an
    /// `AWAITING_UPLOAD` screenshot of this file name and size.
    pub async fn reserve_screenshot(
        &self,
        set_id: &str,
        file_name: &str,
        file_size: u64,
    ) -> Result<Screenshot, AscError> {
        if file_name.trim().is_empty() || file_size == 0 {
            return Err(AscError::InvalidInput(
                "a screenshot needs a file name and at least one byte".to_owned(),
            ));
        }
        let body = json!({"data": {
            "type": "appScreenshots",
            "attributes": {"fileName": file_name, "fileSize": file_size},
            "relationships": {"appScreenshotSet": {"data": {"type": "appScreenshotSets", "id": set_id}}},
        }});
        let doc = self
            .inner
            .api
            .document::<Resource>(&Call::create("/v1/appScreenshots", body))
            .await?;
        screenshot_from(&doc.data)
    }

    /// Commits an uploaded screenshot (`uploaded: true` and the MD5 of the whole file as 32
    /// lowercase hex characters); ASC then processes it. If the commit fails but the screenshot
    /// already shows `UPLOAD_COMPLETE` or `COMPLETE`, that counts as committed.
    pub async fn commit_screenshot(
        &self,
        screenshot_id: &str,
        md5_hex: &str,
    ) -> Result<Screenshot, AscError> {
        if md5_hex.len() != 32
            || !md5_hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(AscError::InvalidInput(format!(
                "the checksum must be the file's MD5 as 32 lowercase hex characters, not \"{md5_hex}\""
            )));
        }
        let body = json!({"data": {
            "type": "appScreenshots",
            "id": screenshot_id,
            "attributes": {"uploaded": true, "sourceFileChecksum": md5_hex},
        }});
        let call = Call::patch(
            format!("/v1/appScreenshots/{}", segment(screenshot_id)),
            body,
        );
        let error = match self.inner.api.document::<Resource>(&call).await {
            Ok(doc) => return screenshot_from(&doc.data),
            Err(error) => error,
        };
        match self.get_screenshot(screenshot_id).await {
            Ok(shot)
                if matches!(
                    shot.state(),
                    Some(AssetState::UploadComplete | AssetState::Complete)
                ) && shot
                    .source_file_checksum
                    .as_deref()
                    .is_none_or(|c| c.eq_ignore_ascii_case(md5_hex)) =>
            {
                tracing::info!(screenshot_id, cause = %error, "the commit's answer was an error, but the screenshot is committed");
                Ok(shot)
            }
            _ => Err(error),
        }
    }

    /// One screenshot, with its processing state.
    pub async fn get_screenshot(&self, screenshot_id: &str) -> Result<Screenshot, AscError> {
        let call = Call::get(format!("/v1/appScreenshots/{}", segment(screenshot_id)))
            .param("fields[appScreenshots]", SCREENSHOT_FIELDS);
        let doc = self.inner.api.document::<Resource>(&call).await?;
        screenshot_from(&doc.data)
    }

    /// Deletes a screenshot (retried; already gone after a lost answer counts as done).
    pub async fn delete_screenshot(&self, screenshot_id: &str) -> Result<(), AscError> {
        self.inner
            .api
            .send(&Call::delete(format!(
                "/v1/appScreenshots/{}",
                segment(screenshot_id)
            )))
            .await?;
        Ok(())
    }

    /// Deletes a set with all its screenshots.
    pub async fn delete_screenshot_set(&self, set_id: &str) -> Result<(), AscError> {
        self.inner
            .api
            .send(&Call::delete(format!(
                "/v1/appScreenshotSets/{}",
                segment(set_id)
            )))
            .await?;
        Ok(())
    }

    /// Makes the set's display order exactly `screenshot_ids` (all of the set's screenshots).
    pub async fn set_screenshot_order(
        &self,
        set_id: &str,
        screenshot_ids: &[String],
    ) -> Result<(), AscError> {
        let data: Vec<_> = screenshot_ids
            .iter()
            .map(|id| json!({"type": "appScreenshots", "id": id}))
            .collect();
        let call = Call::patch(
            format!(
                "/v1/appScreenshotSets/{}/relationships/appScreenshots",
                segment(set_id)
            ),
            json!({"data": data}),
        );
        self.inner.api.send(&call).await?;
        Ok(())
    }
}

fn set_from(resource: &Resource, included: &[Resource]) -> Result<ScreenshotSet, AscError> {
    let attributes: SetAttributes = resource.attributes().map_err(decode("appScreenshotSets"))?;
    let raw = attributes.screenshot_display_type;
    let display_type = exact_display_type(&raw);
    if display_type.is_none() {
        tracing::warn!(display_type = %raw, set_id = %resource.id, "ASC has a screenshot set of a display type this version of Shotbridge does not know; it is left alone");
    }
    let mut screenshots = Vec::new();
    for id in resource.related_ids("appScreenshots").unwrap_or_default() {
        match included.iter().find(|r| r.kind == id.kind && r.id == id.id) {
            Some(r) => screenshots.push(screenshot_from(r)?),
            None => screenshots.push(Screenshot {
                id: id.id,
                file_name: None,
                file_size: None,
                source_file_checksum: None,
                asset_delivery_state: None,
                upload_operations: Vec::new(),
            }),
        }
    }
    Ok(ScreenshotSet {
        id: resource.id.clone(),
        display_type,
        display_type_raw: raw,
        screenshots,
    })
}

pub(crate) fn screenshot_from(resource: &Resource) -> Result<Screenshot, AscError> {
    let a: ScreenshotAttributes = resource.attributes().map_err(decode("appScreenshots"))?;
    let errors = |list: Option<Vec<RawAssetError>>| {
        list.unwrap_or_default()
            .into_iter()
            .map(|e| AssetError {
                code: e.code,
                description: e.description,
            })
            .collect()
    };
    let asset_delivery_state = a.asset_delivery_state.map(|d| AssetDeliveryState {
        state: AssetState::parse(d.state.as_deref().unwrap_or_default()),
        errors: errors(d.errors),
        warnings: errors(d.warnings),
    });
    let upload_operations = a
        .upload_operations
        .unwrap_or_default()
        .into_iter()
        .map(|op| UploadOperation {
            method: op.method,
            url: op.url,
            offset: op.offset,
            length: op.length,
            request_headers: op
                .request_headers
                .unwrap_or_default()
                .into_iter()
                .map(|h| (h.name, h.value))
                .collect(),
        })
        .collect();
    Ok(Screenshot {
        id: resource.id.clone(),
        file_name: a.file_name,
        file_size: a.file_size,
        source_file_checksum: a.source_file_checksum,
        asset_delivery_state,
        upload_operations,
    })
}
