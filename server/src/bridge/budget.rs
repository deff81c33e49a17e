//! The bound on image bytes held in memory at once. A screenshot PUT reserves its size before
//! reading the body and keeps the reservation until the sync engine is done with the bytes; when
//! the budget is spent, a PUT waits a while for room, then answers 503 with `Retry-After`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

// TODO: bytes of a set stay reserved until the sync engine has worked the whole set, so a budget
// smaller than the partial sets in flight stalls (PUTs then answer 503 until it frees). Clients
// should send set by set, as the plugin does; a set-aware admission would lift this.

/// Default budget: room for a few dozen full-size iPad screenshots.
pub const DEFAULT_BUDGET_BYTES: usize = 256 * 1024 * 1024;

/// Shared byte budget with a high-water mark that tests (and the log) can read.
#[derive(Debug)]
pub struct ByteBudget {
    total: usize,
    permits: Arc<Semaphore>,
    in_use: AtomicUsize,
    peak: AtomicUsize,
}

/// Bytes reserved for one body; given back when dropped.
#[derive(Debug)]
pub struct Reservation {
    budget: Arc<ByteBudget>,
    bytes: usize,
    _permit: OwnedSemaphorePermit,
}

/// The budget could not make room in time.
#[derive(Debug, thiserror::Error)]
pub enum BudgetError {
    #[error("the body is larger than the whole memory budget")]
    TooLarge,
    #[error("no room in the memory budget within the wait")]
    Busy,
}

impl ByteBudget {
    pub fn new(total: usize) -> Arc<Self> {
        // A semaphore counts at most u32::MAX permits per acquire: keep totals below that.
        let total = total.min(u32::MAX as usize);
        Arc::new(Self {
            total,
            permits: Arc::new(Semaphore::new(total)),
            in_use: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        })
    }

    /// The budget's size in bytes.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Bytes reserved right now.
    pub fn in_use(&self) -> usize {
        self.in_use.load(Ordering::SeqCst)
    }

    /// The most bytes ever reserved at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// Reserves `bytes`, waiting at most `wait` for others to give room back.
    pub async fn reserve(
        self: &Arc<Self>,
        bytes: usize,
        wait: Duration,
    ) -> Result<Reservation, BudgetError> {
        if bytes > self.total {
            return Err(BudgetError::TooLarge);
        }
        let count = u32::try_from(bytes.max(1)).map_err(|_| BudgetError::TooLarge)?;
        let acquire = Arc::clone(&self.permits).acquire_many_owned(count);
        let permit = match tokio::time::timeout(wait, acquire).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) | Err(_) => return Err(BudgetError::Busy),
        };
        let now = self.in_use.fetch_add(count as usize, Ordering::SeqCst) + count as usize;
        self.peak.fetch_max(now, Ordering::SeqCst);
        Ok(Reservation {
            budget: Arc::clone(self),
            bytes: count as usize,
            _permit: permit,
        })
    }
}

impl Reservation {
    /// Bytes held by this reservation.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.budget.in_use.fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn reservations_wait_for_room_and_give_it_back() {
        let budget = ByteBudget::new(100);
        let first = budget.reserve(60, Duration::from_secs(1)).await.unwrap();
        assert!(matches!(
            budget.reserve(60, Duration::from_secs(1)).await,
            Err(BudgetError::Busy)
        ));
        let waiter = {
            let budget = Arc::clone(&budget);
            tokio::spawn(async move { budget.reserve(60, Duration::from_secs(5)).await })
        };
        tokio::task::yield_now().await;
        drop(first);
        let second = waiter.await.unwrap().unwrap();
        assert_eq!(second.bytes(), 60);
        assert_eq!(budget.in_use(), 60);
        assert_eq!(budget.peak(), 60);
        assert!(matches!(
            budget.reserve(101, Duration::from_secs(1)).await,
            Err(BudgetError::TooLarge)
        ));
    }
}
