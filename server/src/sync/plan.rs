//! The pure planner: given what one screenshot set holds and what it should hold, decide what
//! to keep, delete, upload and how to order it. No I/O; the engine carries the plan out.

use crate::images::Md5;

/// Where a screenshot stands in ASC (`assetDeliveryState.state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemoteState {
    /// Reserved, bytes not committed: a leftover of an interrupted run unless it is ours.
    AwaitingUpload,
    /// Committed, ASC is processing it.
    Processing,
    Complete,
    Failed,
}

/// A screenshot already in the set, in the set's display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteScreenshot {
    pub id: String,
    pub file_name: String,
    /// `sourceFileChecksum`; missing on reservations never committed.
    pub md5: Option<Md5>,
    pub state: RemoteState,
}

/// A screenshot the set should hold, at its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WantedScreenshot {
    pub position: u8,
    pub file_name: String,
    pub md5: Md5,
}

/// How the planned screenshots relate to what is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The set ends holding exactly the wanted screenshots, in their order.
    Replace,
    /// The wanted screenshots go after what is there.
    Append,
}

/// One place of the set's final order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// A screenshot already there (kept as it is), by id.
    Existing(String),
    /// A wanted screenshot, by position: kept (see [`SetPlan::keep`]) or uploaded.
    Wanted(u8),
}

/// Why a remote screenshot is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteReason {
    /// A reservation never committed (interrupted run).
    Leftover,
    /// ASC failed to process it.
    Failed,
    /// Not part of the plan (replace mode).
    NotPlanned,
}

/// What to do to one screenshot set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetPlan {
    /// Wanted positions already held by an identical screenshot: (position, remote id).
    /// The remote one may still be processing (committed by an interrupted run).
    pub keep: Vec<(u8, String)>,
    /// Remote screenshots to delete before uploading, so the 10 limit holds.
    pub delete: Vec<(String, DeleteReason)>,
    /// Wanted positions to upload, in order.
    pub upload: Vec<u8>,
    /// Wanted positions that cannot fit: the set would hold more than 10 (append mode).
    pub no_room: Vec<u8>,
    /// The order the set should end in.
    pub order: Vec<Slot>,
}

/// ASC's limit of screenshots in one set.
pub const MAX_PER_SET: usize = 10;

impl SetPlan {
    /// Whether carrying the plan out changes nothing but, at most, the order.
    pub fn writes_nothing(&self) -> bool {
        self.delete.is_empty() && self.upload.is_empty()
    }
}

/// Plans one set. `remote` is in the set's display order, `wanted` in position order.
pub fn plan_set(mode: Mode, remote: &[RemoteScreenshot], wanted: &[WantedScreenshot]) -> SetPlan {
    let mut plan = SetPlan::default();
    let mut matched = vec![false; remote.len()];

    for want in wanted {
        // An identical screenshot (same bytes) that is done or on its way; first unclaimed one.
        let hit = remote.iter().enumerate().find(|(i, r)| {
            !matched[*i]
                && r.md5 == Some(want.md5)
                && matches!(r.state, RemoteState::Complete | RemoteState::Processing)
        });
        match hit {
            Some((i, r)) => {
                matched[i] = true;
                plan.keep.push((want.position, r.id.clone()));
            }
            None => plan.upload.push(want.position),
        }
    }

    let mut staying = Vec::new();
    for (i, r) in remote.iter().enumerate() {
        let reason = match r.state {
            RemoteState::AwaitingUpload => Some(DeleteReason::Leftover),
            RemoteState::Failed => Some(DeleteReason::Failed),
            _ if matched[i] => None,
            _ if mode == Mode::Replace => Some(DeleteReason::NotPlanned),
            _ => None,
        };
        match reason {
            Some(reason) => plan.delete.push((r.id.clone(), reason)),
            None => staying.push(i),
        }
    }

    match mode {
        Mode::Replace => {
            plan.order = wanted.iter().map(|w| Slot::Wanted(w.position)).collect();
        }
        Mode::Append => {
            let room = MAX_PER_SET.saturating_sub(staying.len());
            if plan.upload.len() > room {
                plan.no_room = plan.upload.split_off(room);
            }
            // What stays keeps its place (a kept wanted one is shown where it already is);
            // the uploads follow in plan order.
            plan.order = staying
                .iter()
                .map(|&i| {
                    let id = &remote[i].id;
                    match plan.keep.iter().find(|(_, kept)| kept == id) {
                        Some((position, _)) => Slot::Wanted(*position),
                        None => Slot::Existing(id.clone()),
                    }
                })
                .chain(plan.upload.iter().map(|&p| Slot::Wanted(p)))
                .collect();
        }
    }
    plan
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "plan_tests.rs"]
mod tests;
