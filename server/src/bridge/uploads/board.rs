//! The live state of one upload: each screenshot's latest status, the totals, and a broadcast
//! of every change, so the report and the event stream always agree.

use std::collections::BTreeMap;
use std::sync::Mutex;

use shotbridge_shared::wire::{
    PlannedScreenshot, ScreenshotPhase, ScreenshotStatus, UploadCounts, UploadEvent, UploadReport,
    UploadState,
};
use tokio::sync::broadcast;

use super::plan::Slot;

/// Events kept for subscribers that fall behind; a subscriber that lags past this gets the
/// whole current state again.
const EVENT_BACKLOG: usize = 256;

#[derive(Debug)]
struct Inner {
    statuses: BTreeMap<Slot, ScreenshotStatus>,
    state: UploadState,
    counts: UploadCounts,
}

/// One upload's statuses and their change feed.
#[derive(Debug)]
pub struct Board {
    id: String,
    inner: Mutex<Inner>,
    events: broadcast::Sender<UploadEvent>,
}

/// What a new subscriber gets: the present, then the future (none once the upload is over).
#[derive(Debug)]
pub struct Subscription {
    pub current: Vec<UploadEvent>,
    pub live: Option<broadcast::Receiver<UploadEvent>>,
}

impl Board {
    /// A board with every planned screenshot waiting for its body.
    pub fn new(id: String, planned: &[PlannedScreenshot]) -> Self {
        let statuses = planned
            .iter()
            .map(|p| {
                let slot = Slot {
                    locale: p.locale,
                    display_type: p.display_type,
                    position: p.position,
                };
                let status = ScreenshotStatus {
                    locale: p.locale,
                    display_type: p.display_type,
                    position: p.position,
                    file_name: p.file_name.clone(),
                    phase: ScreenshotPhase::Waiting,
                    md5: None,
                    error: None,
                };
                (slot, status)
            })
            .collect();
        let (events, _) = broadcast::channel(EVENT_BACKLOG);
        Self {
            id,
            inner: Mutex::new(Inner {
                statuses,
                state: UploadState::Running,
                counts: UploadCounts::default(),
            }),
            events,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records a screenshot's new status and tells subscribers. A screenshot already in a final
    /// phase stays there (a late event cannot undo "complete").
    pub fn update(&self, status: ScreenshotStatus) {
        let slot = Slot {
            locale: status.locale,
            display_type: status.display_type,
            position: status.position,
        };
        let mut inner = self.lock();
        if inner.state != UploadState::Running {
            return;
        }
        if let Some(old) = inner.statuses.get(&slot)
            && old.phase.is_final()
        {
            return;
        }
        let mut status = status;
        if let Some(old) = inner.statuses.get(&slot)
            && status.file_name.is_empty()
        {
            status.file_name.clone_from(&old.file_name);
        }
        inner.statuses.insert(slot, status.clone());
        let _ = self.events.send(UploadEvent::Screenshot { status });
    }

    /// Marks every screenshot not yet final as interrupted (cancel, shutdown, engine failure).
    pub fn interrupt_unfinished(&self, code: &str, message: &str) {
        let unfinished: Vec<ScreenshotStatus> = self
            .lock()
            .statuses
            .values()
            .filter(|s| !s.phase.is_final())
            .cloned()
            .collect();
        for mut status in unfinished {
            status.phase = ScreenshotPhase::Interrupted;
            status.error = Some(shotbridge_shared::wire::ScreenshotError {
                code: code.to_owned(),
                message: message.to_owned(),
            });
            self.update(status);
        }
    }

    /// Ends the upload with `state` and its totals; later updates are ignored.
    pub fn finish(&self, state: UploadState, counts: UploadCounts) {
        let report = {
            let mut inner = self.lock();
            if inner.state != UploadState::Running {
                return;
            }
            inner.state = state;
            inner.counts = counts;
            report_of(&self.id, &inner)
        };
        let _ = self.events.send(UploadEvent::Finished { report });
    }

    /// The report as it stands.
    pub fn report(&self) -> UploadReport {
        report_of(&self.id, &self.lock())
    }

    pub fn is_running(&self) -> bool {
        self.lock().state == UploadState::Running
    }

    /// The current state as events (one per screenshot, plus `finished` when over), and the
    /// live feed from exactly that point on.
    pub fn subscribe(&self) -> Subscription {
        let inner = self.lock();
        let mut current: Vec<UploadEvent> = inner
            .statuses
            .values()
            .map(|s| UploadEvent::Screenshot { status: s.clone() })
            .collect();
        let live = if inner.state == UploadState::Running {
            Some(self.events.subscribe())
        } else {
            current.push(UploadEvent::Finished {
                report: report_of(&self.id, &inner),
            });
            None
        };
        Subscription { current, live }
    }
}

fn report_of(id: &str, inner: &Inner) -> UploadReport {
    UploadReport {
        id: id.to_owned(),
        state: inner.state,
        screenshots: inner.statuses.values().cloned().collect(),
        counts: inner.counts,
    }
}
