//! `GET /v1/uploads/{id}/events` as Server-Sent Events: first the current state of every
//! screenshot, then each change as it happens (`event:` is the type, `data:` the `UploadEvent`
//! JSON), a keep-alive comment while nothing happens, and the stream ends after `finished`.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use shotbridge_shared::wire::UploadEvent;
use tokio::sync::{broadcast, mpsc};
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;

use super::board::Board;

/// How often an idle stream sends a comment so proxies and the browser keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Events buffered per subscriber between the feed and the socket.
const STREAM_BUFFER: usize = 64;

fn to_sse(event: &UploadEvent) -> Event {
    let name = match event {
        UploadEvent::Screenshot { .. } => "screenshot",
        UploadEvent::Finished { .. } => "finished",
    };
    Event::default()
        .event(name)
        .json_data(event)
        .unwrap_or_else(|_| Event::default().event(name).data("{}"))
}

/// The event stream of `board`; ends after `finished`, or when the bridge shuts down.
pub fn stream(
    board: Arc<Board>,
    shutdown: CancellationToken,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (tx, rx) = mpsc::channel(STREAM_BUFFER);
    tokio::spawn(forward(board, shutdown, tx));
    Sse::new(ReceiverStream::new(rx)).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

/// Copies the board's events into one subscriber's channel until the upload is over, the
/// client went away, or the bridge stops. A subscriber that falls behind gets the whole
/// current state again instead of the events it missed.
async fn forward(
    board: Arc<Board>,
    shutdown: CancellationToken,
    tx: mpsc::Sender<Result<Event, Infallible>>,
) {
    let mut subscription = board.subscribe();
    loop {
        for event in &subscription.current {
            if tx.send(Ok(to_sse(event))).await.is_err() {
                return;
            }
        }
        let Some(mut live) = subscription.live.take() else {
            return;
        };
        loop {
            let received = tokio::select! {
                received = live.recv() => received,
                () = shutdown.cancelled() => return,
                () = tx.closed() => return,
            };
            match received {
                Ok(event) => {
                    let done = matches!(event, UploadEvent::Finished { .. });
                    if tx.send(Ok(to_sse(&event))).await.is_err() || done {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::debug!(missed, "event subscriber fell behind; resending the state");
                    subscription = board.subscribe();
                    break;
                }
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    }
}
