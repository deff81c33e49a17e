//! The plan of a `--dry-run`: what each set would get, from the state read and the local
//! checksums, without writing anything.

use std::collections::BTreeMap;
use std::fmt;

use crate::asc::ScreenshotSet;
use crate::images::Md5;

use super::input::{ScreenshotKey, SetKey};
use super::plan::{Mode, SetPlan, plan_set};
use super::remote::{order_after_uploads, remote_screenshots};

/// What one set would get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetPreview {
    pub set: SetKey,
    /// Whether the localization must be created first.
    pub creates_localization: bool,
    /// Whether the set must be created first.
    pub creates_set: bool,
    pub plan: SetPlan,
    /// Whether the order must be set after the uploads (ASC appends new screenshots).
    pub reorders: bool,
}

/// What a run would do, set by set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncPreview {
    pub sets: Vec<SetPreview>,
}

pub(super) fn preview(
    mode: Mode,
    wanted: &BTreeMap<SetKey, Vec<super::plan::WantedScreenshot>>,
    localizations: &BTreeMap<shotbridge_shared::Locale, String>,
    remote_sets: &BTreeMap<SetKey, ScreenshotSet>,
) -> SyncPreview {
    let sets = wanted
        .iter()
        .map(|(key, wanted)| {
            let remote = remote_sets
                .get(key)
                .map(remote_screenshots)
                .unwrap_or_default();
            let plan = plan_set(mode, &remote, wanted);
            let now = order_after_uploads(&remote, &plan);
            SetPreview {
                set: *key,
                creates_localization: !localizations.contains_key(&key.locale),
                creates_set: !remote_sets.contains_key(key),
                reorders: now != plan.order,
                plan,
            }
        })
        .collect();
    SyncPreview { sets }
}

impl SyncPreview {
    /// Totals: (kept, to upload, to delete, sets to reorder, no room).
    pub fn totals(&self) -> (usize, usize, usize, usize, usize) {
        self.sets.iter().fold((0, 0, 0, 0, 0), |t, s| {
            (
                t.0 + s.plan.keep.len(),
                t.1 + s.plan.upload.len(),
                t.2 + s.plan.delete.len(),
                t.3 + usize::from(s.reorders),
                t.4 + s.plan.no_room.len(),
            )
        })
    }

    /// Whether a run would write nothing at all.
    pub fn writes_nothing(&self) -> bool {
        self.sets.iter().all(|s| {
            !s.creates_localization && !s.creates_set && !s.reorders && s.plan.writes_nothing()
        })
    }
}

impl fmt::Display for SyncPreview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.sets {
            write!(f, "{} {}:", s.set.locale, s.set.display_type)?;
            if s.creates_localization {
                write!(f, " create localization,")?;
            }
            if s.creates_set {
                write!(f, " create set,")?;
            }
            let positions = |list: &[u8]| {
                list.iter()
                    .map(|p| format!("#{p}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let kept: Vec<u8> = s.plan.keep.iter().map(|(p, _)| *p).collect();
            write!(
                f,
                " keep {} [{}], upload {} [{}], delete {}",
                kept.len(),
                positions(&kept),
                s.plan.upload.len(),
                positions(&s.plan.upload),
                s.plan.delete.len()
            )?;
            if !s.plan.no_room.is_empty() {
                write!(f, ", no room for [{}]", positions(&s.plan.no_room))?;
            }
            writeln!(f, "{}", if s.reorders { ", reorder" } else { "" })?;
        }
        let (kept, upload, delete, reorder, no_room) = self.totals();
        write!(
            f,
            "dry run: {kept} kept, {upload} to upload, {delete} to delete, {reorder} sets to \
             reorder{}; nothing was changed",
            if no_room > 0 {
                format!(", {no_room} without room")
            } else {
                String::new()
            }
        )
    }
}

/// The wanted screenshots of each set from the plan and the local checksums; planned
/// screenshots without a checksum are left out.
pub(super) fn wanted_by_set(
    planned: &[shotbridge_shared::wire::PlannedScreenshot],
    md5s: &BTreeMap<ScreenshotKey, Md5>,
) -> BTreeMap<SetKey, Vec<super::plan::WantedScreenshot>> {
    let mut by_set: BTreeMap<SetKey, Vec<super::plan::WantedScreenshot>> = BTreeMap::new();
    for p in planned {
        let key = ScreenshotKey::of(p);
        let Some(md5) = md5s.get(&key) else { continue };
        by_set
            .entry(key.set)
            .or_default()
            .push(super::plan::WantedScreenshot {
                position: p.position,
                file_name: p.file_name.clone(),
                md5: *md5,
            });
    }
    for list in by_set.values_mut() {
        list.sort_by_key(|w| w.position);
    }
    by_set
}
