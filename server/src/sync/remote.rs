//! Turning ASC's screenshot sets into the planner's view, and predicting the order ASC shows.

use crate::asc::{AssetState, ScreenshotSet};

use super::plan::{RemoteScreenshot, RemoteState, SetPlan, Slot};

/// The set's screenshots, in display order, as the planner sees them.
pub fn remote_screenshots(set: &ScreenshotSet) -> Vec<RemoteScreenshot> {
    set.screenshots
        .iter()
        .map(|s| RemoteScreenshot {
            id: s.id.clone(),
            file_name: s.file_name.clone().unwrap_or_default(),
            md5: s
                .source_file_checksum
                .as_deref()
                .and_then(|c| c.parse().ok()),
            state: remote_state(s.state()),
        })
        .collect()
}

/// ASC's state in the planner's terms. A state ASC did not send, or one this build does not
/// know, is taken as still processing: such a screenshot is never deleted as a leftover.
pub fn remote_state(state: Option<&AssetState>) -> RemoteState {
    match state {
        Some(AssetState::AwaitingUpload) => RemoteState::AwaitingUpload,
        Some(AssetState::Complete) => RemoteState::Complete,
        Some(AssetState::Failed) => RemoteState::Failed,
        Some(AssetState::UploadComplete | AssetState::Other(_)) | None => RemoteState::Processing,
    }
}

/// The order ASC will show once the plan's deletes and uploads are done (new screenshots are
/// appended in upload order), in the plan's slots.
pub fn order_after_uploads(remote: &[RemoteScreenshot], plan: &SetPlan) -> Vec<Slot> {
    remote
        .iter()
        .filter(|r| !plan.delete.iter().any(|(id, _)| id == &r.id))
        .map(|r| match plan.keep.iter().find(|(_, kept)| kept == &r.id) {
            Some((position, _)) => Slot::Wanted(*position),
            None => Slot::Existing(r.id.clone()),
        })
        .chain(plan.upload.iter().map(|&p| Slot::Wanted(p)))
        .collect()
}
