//! The uploads this bridge knows: each one's planned slots, which bodies have arrived, the
//! channel that hands bodies to its sync run, its cancel switch and its board.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::board::Board;
use super::plan::Slot;
use crate::bridge::error::ApiError;
use crate::images::NormalizedScreenshot;
use crate::sync::{IncomingScreenshot, ScreenshotKey};

/// Uploads kept for their reports; beyond this, finished ones are forgotten.
const KEEP_FINISHED: usize = 64;

#[derive(Debug)]
struct Arrivals {
    /// Slots whose body is being read or normalized right now.
    claimed: BTreeSet<Slot>,
    /// Slots whose body was handed to the sync run.
    arrived: BTreeSet<Slot>,
    /// Closed (dropped) once every planned body has arrived, which tells the run so.
    sender: Option<mpsc::Sender<IncomingScreenshot>>,
}

/// One upload.
#[derive(Debug)]
pub struct Upload {
    pub id: Uuid,
    pub board: Arc<Board>,
    planned: BTreeSet<Slot>,
    arrivals: Mutex<Arrivals>,
    /// Stops the sync run (DELETE, shutdown).
    pub cancel: CancellationToken,
    /// Becomes true when the run has ended and cleaned up.
    done: watch::Receiver<bool>,
}

impl Upload {
    /// A new upload and the receiving end of its body channel, plus the switch to flip when its
    /// run is over.
    pub fn new(
        id: Uuid,
        board: Arc<Board>,
        planned: BTreeSet<Slot>,
    ) -> (
        Arc<Self>,
        mpsc::Receiver<IncomingScreenshot>,
        watch::Sender<bool>,
    ) {
        // Room for every body: the memory budget, not this channel, bounds what waits in it.
        let (sender, receiver) = mpsc::channel(planned.len().max(1));
        let (done_tx, done) = watch::channel(false);
        let upload = Arc::new(Self {
            id,
            board,
            planned,
            arrivals: Mutex::new(Arrivals {
                claimed: BTreeSet::new(),
                arrived: BTreeSet::new(),
                sender: Some(sender),
            }),
            cancel: CancellationToken::new(),
            done,
        });
        (upload, receiver, done_tx)
    }

    fn lock(&self) -> MutexGuard<'_, Arrivals> {
        self.arrivals.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes `slot` for a body that is about to be read; refuses unplanned or duplicate slots.
    pub fn claim(&self, slot: Slot) -> Result<(), ApiError> {
        if !self.planned.contains(&slot) {
            return Err(ApiError::NotFound(format!(
                "This upload has no screenshot planned at {slot}; the plan says which \
                 locale, display type and position each body goes to."
            )));
        }
        if self.cancel.is_cancelled() || !self.board.is_running() {
            return Err(ApiError::Conflict(
                "This upload is over (finished or cancelled); start a new one.".to_owned(),
            ));
        }
        let mut arrivals = self.lock();
        if arrivals.arrived.contains(&slot) || !arrivals.claimed.insert(slot) {
            return Err(ApiError::Conflict(format!(
                "The screenshot at {slot} was already sent."
            )));
        }
        Ok(())
    }

    /// Gives `slot` back after its body could not be used, so it can be sent again.
    pub fn release(&self, slot: Slot) {
        self.lock().claimed.remove(&slot);
    }

    /// Hands a normalized body to the sync run; the last planned body closes the channel.
    pub async fn deliver(&self, slot: Slot, image: NormalizedScreenshot) -> Result<(), ApiError> {
        let arrival = IncomingScreenshot {
            key: ScreenshotKey::new(slot.locale, slot.display_type, slot.position),
            image,
        };
        let sender = {
            let mut arrivals = self.lock();
            arrivals.claimed.remove(&slot);
            arrivals.arrived.insert(slot);
            let sender = arrivals.sender.clone();
            if arrivals.arrived.len() == self.planned.len() {
                arrivals.sender = None;
            }
            sender
        };
        let Some(sender) = sender else {
            return Err(ApiError::Conflict(
                "This upload is over; start a new one.".to_owned(),
            ));
        };
        sender
            .send(arrival)
            .await
            .map_err(|_| ApiError::Conflict("This upload is over; start a new one.".to_owned()))
    }

    /// How many bodies the upload waits for in all.
    pub fn planned_count(&self) -> usize {
        self.planned.len()
    }

    /// Whether every planned body has arrived.
    pub fn all_arrived(&self) -> bool {
        self.lock().arrived.len() == self.planned.len()
    }

    /// Waits until the run has ended, at most `limit`; true if it did.
    pub async fn wait_done(&self, limit: Duration) -> bool {
        let mut done = self.done.clone();
        tokio::time::timeout(limit, done.wait_for(|d| *d))
            .await
            .is_ok_and(|r| r.is_ok())
    }
}

/// All uploads of this run.
#[derive(Debug, Default)]
pub struct Registry {
    uploads: Mutex<HashMap<Uuid, Arc<Upload>>>,
}

impl Registry {
    fn lock(&self) -> MutexGuard<'_, HashMap<Uuid, Arc<Upload>>> {
        self.uploads.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn insert(&self, upload: Arc<Upload>) {
        let mut uploads = self.lock();
        if uploads.len() >= KEEP_FINISHED {
            let finished: Vec<Uuid> = uploads
                .values()
                .filter(|u| !u.board.is_running())
                .map(|u| u.id)
                .collect();
            for id in finished.into_iter().take(uploads.len() + 1 - KEEP_FINISHED) {
                uploads.remove(&id);
            }
        }
        uploads.insert(upload.id, upload);
    }

    /// The upload with `id` (as written in the path).
    pub fn get(&self, id: &str) -> Result<Arc<Upload>, ApiError> {
        Uuid::parse_str(id)
            .ok()
            .and_then(|id| self.lock().get(&id).cloned())
            .ok_or_else(|| ApiError::NotFound(format!("There is no upload {id} in this bridge.")))
    }

    /// Uploads still running.
    pub fn running(&self) -> Vec<Arc<Upload>> {
        self.lock()
            .values()
            .filter(|u| u.board.is_running())
            .cloned()
            .collect()
    }
}
