//! Uploading new screenshots into a set: reservations one after another (so ASC appends them in
//! plan order and the 10 limit is never raced), then the parts and the commit of each
//! concurrently, within the run's upload slots.

use std::sync::Arc;

use shotbridge_shared::wire::ScreenshotPhase;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::asc::{AscError, AssetState, Screenshot};

use super::context::Failure;
use super::set_worker::{SetRun, Waiting};

/// Reservations are tried this often while each attempt's outcome stays unknown.
const RESERVE_ATTEMPTS: usize = 3;

impl SetRun {
    /// Uploads the positions (in order); each one that fails is retried once, then reported.
    pub(super) async fn upload_all(&mut self, mut positions: Vec<u8>) {
        while !positions.is_empty() {
            positions = self.upload_round(positions).await;
        }
    }

    /// One pass: reserve, send, commit. Returns the positions to try once more.
    async fn upload_round(&mut self, positions: Vec<u8>) -> Vec<u8> {
        let mut sending = JoinSet::new();
        let mut again = Vec::new();
        for position in positions {
            let Some(arrived) = self.shots.get(&position) else {
                continue;
            };
            let (file_name, image) = (arrived.planned.file_name.clone(), arrived.image.clone());
            *self.attempts.entry(position).or_default() += 1;
            let Ok(slot) = Arc::clone(&self.ctx.upload_slots).acquire_owned().await else {
                return Vec::new(); // the semaphore is never closed
            };
            self.ctx
                .progress
                .set(self.shot(position), ScreenshotPhase::Uploading)
                .await;
            let reservation = match self.reserve(&file_name, image.bytes.len() as u64).await {
                Ok(reservation) => reservation,
                Err(failure) => {
                    self.failed_attempt(position, failure, &mut again).await;
                    continue;
                }
            };
            self.known.insert(reservation.id.clone());
            let client = self.ctx.client.clone();
            sending.spawn(async move {
                let _slot = slot;
                let sent = async {
                    client
                        .upload_parts(&file_name, &reservation.upload_operations, &image.bytes)
                        .await?;
                    client
                        .commit_screenshot(&reservation.id, &image.md5.to_hex())
                        .await
                }
                .await;
                (position, reservation.id, sent)
            });
        }
        while let Some(joined) = sending.join_next().await {
            let Ok((position, id, sent)) = joined else {
                continue;
            };
            match sent {
                Ok(_) => {
                    self.ctx
                        .progress
                        .set(self.shot(position), ScreenshotPhase::Processing)
                        .await;
                    let waiting = Waiting {
                        id,
                        since: Instant::now(),
                        ours: true,
                    };
                    self.waiting.insert(position, waiting);
                }
                Err(error) => {
                    // Not committed: the reservation goes, so no leftover stays behind.
                    self.delete_all(std::slice::from_ref(&id)).await;
                    self.failed_attempt(position, Failure::from_asc(&error), &mut again)
                        .await;
                }
            }
        }
        again
    }

    async fn failed_attempt(&mut self, position: u8, failure: Failure, again: &mut Vec<u8>) {
        if self.may_retry(position) {
            tracing::info!(position, code = %failure.code, cause = %failure.message, "trying the screenshot once more");
            again.push(position);
        } else {
            self.ctx
                .progress
                .fail(self.shot(position), &failure.code, failure.message)
                .await;
            self.shots.remove(&position);
        }
    }

    /// Reserves a screenshot. When ASC's answer is lost, the set is read again and a
    /// reservation of this name and size that this run does not know is deleted before trying
    /// again, so no duplicate is ever left.
    async fn reserve(&mut self, file_name: &str, file_size: u64) -> Result<Screenshot, Failure> {
        let mut last = None;
        for _ in 0..RESERVE_ATTEMPTS {
            let error = match self
                .ctx
                .client
                .reserve_screenshot(&self.set_id, file_name, file_size)
                .await
            {
                Ok(reservation) => return Ok(reservation),
                Err(error)
                    if error.is_uncertain() || matches!(error, AscError::Transport { .. }) =>
                {
                    error
                }
                Err(error) => return Err(Failure::from_asc(&error)),
            };
            tracing::info!(file_name, cause = %error, "reading the set again after an unclear reservation");
            last = Some(Failure::from_asc(&error));
            let Ok(set) = self.read_set().await else {
                continue;
            };
            let strays: Vec<String> = set
                .screenshots
                .iter()
                .filter(|s| {
                    s.state() == Some(&AssetState::AwaitingUpload)
                        && s.file_name.as_deref() == Some(file_name)
                        && s.file_size.is_none_or(|size| size == file_size)
                        && !self.known.contains(&s.id)
                })
                .map(|s| s.id.clone())
                .collect();
            self.delete_all(&strays).await;
        }
        Err(last.unwrap_or_else(|| Failure::new("ASC_UNCERTAIN", "the reservation failed")))
    }
}
