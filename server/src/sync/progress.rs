//! Phase changes of planned screenshots: sent on the progress channel and kept for the report.

use std::collections::BTreeMap;
use std::sync::Mutex;

use shotbridge_shared::wire::{
    PlannedScreenshot, ScreenshotError, ScreenshotPhase, ScreenshotStatus,
};
use tokio::sync::mpsc;

use super::input::ScreenshotKey;

/// The last status of every planned screenshot, and the channel that hears of each change.
#[derive(Debug)]
pub struct Progress {
    sender: mpsc::Sender<ScreenshotStatus>,
    table: Mutex<BTreeMap<ScreenshotKey, ScreenshotStatus>>,
}

impl Progress {
    /// Every planned screenshot starts `Waiting` (not sent yet: see [`Progress::announce`]).
    pub fn new(planned: &[PlannedScreenshot], sender: mpsc::Sender<ScreenshotStatus>) -> Self {
        let table = planned
            .iter()
            .map(|p| {
                let status = ScreenshotStatus {
                    locale: p.locale,
                    display_type: p.display_type,
                    position: p.position,
                    file_name: p.file_name.clone(),
                    phase: ScreenshotPhase::Waiting,
                    md5: None,
                    error: None,
                };
                (ScreenshotKey::of(p), status)
            })
            .collect();
        Self {
            sender,
            table: Mutex::new(table),
        }
    }

    /// Sends the starting `Waiting` of every planned screenshot.
    pub async fn announce(&self) {
        let all: Vec<ScreenshotStatus> = self.lock().values().cloned().collect();
        for status in all {
            let _ = self.sender.send(status).await;
        }
    }

    /// Moves a screenshot to `phase`; a final phase is never left again.
    pub async fn set(&self, key: ScreenshotKey, phase: ScreenshotPhase) {
        self.update(key, phase, None, None).await;
    }

    /// Records the MD5 of the bytes that will be sent, with the phase.
    pub async fn set_md5(&self, key: ScreenshotKey, phase: ScreenshotPhase, md5: String) {
        self.update(key, phase, Some(md5), None).await;
    }

    /// Fails a screenshot with a code (ASC's, or Shotbridge's) and plain words.
    pub async fn fail(&self, key: ScreenshotKey, code: &str, message: String) {
        tracing::warn!(
            locale = %key.set.locale,
            display_type = %key.set.display_type,
            position = key.position,
            code,
            message = %message,
            "screenshot failed"
        );
        let error = ScreenshotError {
            code: code.to_owned(),
            message,
        };
        self.update(key, ScreenshotPhase::Failed, None, Some(error))
            .await;
    }

    async fn update(
        &self,
        key: ScreenshotKey,
        phase: ScreenshotPhase,
        md5: Option<String>,
        error: Option<ScreenshotError>,
    ) {
        let changed = {
            let mut table = self.lock();
            let Some(status) = table.get_mut(&key) else {
                return;
            };
            if status.phase.is_final() {
                return;
            }
            status.phase = phase;
            if md5.is_some() {
                status.md5 = md5;
            }
            status.error = error;
            status.clone()
        };
        // A dropped receiver only means nobody listens any more; the report still has it all.
        let _ = self.sender.send(changed).await;
    }

    /// Marks every screenshot not yet final as `phase` (cancellation, or a set never run).
    pub async fn finish_open(&self, phase: ScreenshotPhase) {
        let open: Vec<ScreenshotKey> = self
            .lock()
            .iter()
            .filter(|(_, s)| !s.phase.is_final())
            .map(|(k, _)| *k)
            .collect();
        for key in open {
            self.set(key, phase).await;
        }
    }

    /// Every planned screenshot's last status, in plan-key order.
    pub fn statuses(&self) -> Vec<ScreenshotStatus> {
        self.lock().values().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<ScreenshotKey, ScreenshotStatus>> {
        // A panic while holding the lock cannot leave the table half-written (each update is
        // one assignment), so a poisoned lock is still good to read.
        self.table
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
