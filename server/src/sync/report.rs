//! The outcome of a sync: every planned screenshot's last status and the totals, convertible
//! to the bridge's `UploadReport`.

use std::fmt;

use shotbridge_shared::wire::{
    ScreenshotPhase, ScreenshotStatus, UploadCounts, UploadReport, UploadState,
};

use crate::asc::RequestStats;

/// What a run did.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncReport {
    /// Every planned screenshot, in plan order (locale, display type, position).
    pub screenshots: Vec<ScreenshotStatus>,
    pub counts: UploadCounts,
    /// Requests this sync made, from its first read on (API and upload PUTs, retries
    /// included; counted on the client, so syncs sharing a client at once count each other's).
    pub requests: RequestStats,
    /// Whether the run was stopped by its cancellation token.
    pub cancelled: bool,
    /// Problems of whole sets: an order that could not be set, an extra that could not be
    /// deleted.
    pub problems: Vec<String>,
}

impl SyncReport {
    /// Running never; the report is final.
    pub fn state(&self) -> UploadState {
        if self.cancelled {
            UploadState::Cancelled
        } else if self.counts.failed > 0
            || !self.problems.is_empty()
            || self.screenshots.iter().any(|s| {
                !matches!(
                    s.phase,
                    ScreenshotPhase::Complete | ScreenshotPhase::Skipped
                )
            })
        {
            UploadState::Failed
        } else {
            UploadState::Complete
        }
    }

    /// The screenshots that did not make it.
    pub fn failures(&self) -> impl Iterator<Item = &ScreenshotStatus> {
        self.screenshots
            .iter()
            .filter(|s| s.phase == ScreenshotPhase::Failed)
    }

    /// The bridge's `GET /v1/uploads/{id}` body.
    pub fn to_wire(&self, id: String) -> UploadReport {
        UploadReport {
            id,
            state: self.state(),
            screenshots: self.screenshots.clone(),
            counts: self.counts,
        }
    }
}

impl fmt::Display for SyncReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.counts;
        writeln!(
            f,
            "{} kept, {} uploaded, {} deleted, {} sets reordered, {} failed",
            c.kept, c.uploaded, c.deleted, c.reordered, c.failed
        )?;
        write!(
            f,
            "{} App Store Connect requests, {} upload requests, {} image bytes sent",
            self.requests.api_requests,
            self.requests.upload_requests,
            self.requests.upload_bytes_sent
        )?;
        for failed in self.failures() {
            let (code, message) = failed
                .error
                .as_ref()
                .map_or(("", ""), |e| (e.code.as_str(), e.message.as_str()));
            write!(
                f,
                "\nFAILED {} {} #{} {}: {code}: {message}",
                failed.locale, failed.display_type, failed.position, failed.file_name
            )?;
        }
        for problem in &self.problems {
            write!(f, "\nPROBLEM {problem}")?;
        }
        if self.cancelled {
            write!(
                f,
                "\nstopped before the end; run again to finish (nothing is left broken)"
            )?;
        }
        Ok(())
    }
}
