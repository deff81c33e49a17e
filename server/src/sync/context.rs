//! What every set worker of one run shares: the client, the options, the upload slots, the
//! memory budget, the localizations (created once per locale), counters and progress.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use shotbridge_shared::Locale;
use tokio::sync::{Notify, OnceCell, Semaphore};

use crate::asc::{AscClient, AscError, AssetError};

use super::input::SyncOptions;
use super::plan::Mode;
use super::progress::Progress;

/// Why one screenshot (or a whole set) failed: a code (ASC's own when it gave one) and plain
/// words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: String,
    pub message: String,
}

impl Failure {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// A failed request: ASC's error code if it answered, else what kind of trouble it was.
    pub fn from_asc(error: &AscError) -> Self {
        let code = error.code().map(str::to_owned).unwrap_or_else(|| {
            match error {
                AscError::Uncertain { .. } => "ASC_UNCERTAIN",
                AscError::Transport { .. } => "ASC_UNREACHABLE",
                AscError::Upload { .. } => "UPLOAD_FAILED",
                AscError::Decode { .. } => "ASC_UNEXPECTED_ANSWER",
                _ => "ASC_ERROR",
            }
            .to_owned()
        });
        Self {
            code,
            message: error.to_string(),
        }
    }

    /// ASC's processing said no: its code, its words and what to do.
    pub fn from_processing(errors: &[AssetError]) -> Self {
        let Some(first) = errors.first() else {
            return Self::new(
                "PROCESSING_FAILED",
                "App Store Connect could not process the screenshot and gave no reason",
            );
        };
        let mut message = first
            .description
            .clone()
            .unwrap_or_else(|| "App Store Connect could not process the screenshot".to_owned());
        if let Some(explanation) = first.explanation() {
            message = format!("{message}. {explanation}");
        }
        Self {
            code: first.code.clone(),
            message,
        }
    }
}

/// Bytes of images held in memory, against [`SyncOptions::max_bytes_held`].
#[derive(Debug, Default)]
pub struct ByteBudget {
    held: AtomicU64,
    released: Notify,
}

impl ByteBudget {
    pub fn held(&self) -> u64 {
        self.held.load(Ordering::Acquire)
    }

    /// Counts `bytes` as held until the returned guard is dropped.
    pub fn hold(self: &Arc<Self>, bytes: u64) -> HeldBytes {
        self.held.fetch_add(bytes, Ordering::AcqRel);
        HeldBytes {
            budget: Arc::clone(self),
            bytes,
        }
    }

    /// Resolves once some bytes were released since the last call.
    pub async fn released(&self) {
        self.released.notified().await;
    }
}

/// Bytes counted as held; released on drop.
#[derive(Debug)]
pub struct HeldBytes {
    budget: Arc<ByteBudget>,
    bytes: u64,
}

impl Drop for HeldBytes {
    fn drop(&mut self) {
        self.budget.held.fetch_sub(self.bytes, Ordering::AcqRel);
        self.budget.released.notify_one();
    }
}

/// Totals of one run.
#[derive(Debug, Default)]
pub struct Counters {
    pub kept: AtomicU32,
    pub uploaded: AtomicU32,
    pub deleted: AtomicU32,
    pub reordered: AtomicU32,
}

impl Counters {
    pub fn add(counter: &AtomicU32, n: u32) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// A locale's localization id, or why it could not be found or created; set once per run.
pub type LocalizationCell = Arc<OnceCell<Result<String, Failure>>>;

/// Shared by the coordinator and every set worker of one run.
#[derive(Debug)]
pub struct Context {
    pub client: AscClient,
    pub options: SyncOptions,
    pub mode: Mode,
    pub version_id: String,
    pub progress: Progress,
    pub upload_slots: Arc<Semaphore>,
    pub budget: Arc<ByteBudget>,
    pub counters: Counters,
    /// Problems of whole sets (an order that could not be set, an extra that stayed).
    pub problems: Mutex<Vec<String>>,
    /// Localization id per locale, found or created at most once per run.
    pub localizations: Mutex<BTreeMap<Locale, LocalizationCell>>,
}

impl Context {
    pub fn problem(&self, text: String) {
        tracing::warn!(problem = %text, "set problem");
        self.problems
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(text);
    }

    /// The once-cell of a locale's localization id.
    pub fn localization_cell(&self, locale: Locale) -> LocalizationCell {
        let mut map = self
            .localizations
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(map.entry(locale).or_default())
    }
}
