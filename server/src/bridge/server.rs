//! Binding and serving: loopback only unless explicitly allowed, and a graceful shutdown that
//! stops accepting, lets uploads finish for a bounded time, then reports the rest interrupted.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::net::TcpListener;

use super::state::AppState;

/// How long a shutdown waits for uploads and open connections before it stops them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

/// Why the bridge could not start.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error(
        "{0} is not a loopback address: anyone on the network could reach the bridge. Use \
         127.0.0.1, or pass --allow-non-loopback if you really mean it."
    )]
    NotLoopback(IpAddr),
    #[error("cannot listen on {addr}: {source} (is another bridge already running?)")]
    Io {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },
}

/// Binds the listener, refusing a non-loopback address unless `allow_non_loopback`.
pub async fn bind(addr: SocketAddr, allow_non_loopback: bool) -> Result<TcpListener, BindError> {
    if !addr.ip().is_loopback() && !allow_non_loopback {
        return Err(BindError::NotLoopback(addr.ip()));
    }
    TcpListener::bind(addr)
        .await
        .map_err(|source| BindError::Io { addr, source })
}

/// Serves `state` on `listener` until `signal` completes, then shuts down gracefully.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    signal: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let stop = state.shutdown.clone();
    let app = super::router(state.clone());
    let server = axum::serve(listener, app).with_graceful_shutdown({
        let stop = stop.clone();
        async move {
            signal.await;
            tracing::info!("shutting down: no new requests; letting uploads finish");
            stop.cancel();
        }
    });
    let mut server = std::pin::pin!(server.into_future());
    tokio::select! {
        result = &mut server => result?,
        () = async { stop.cancelled().await; tokio::time::sleep(SHUTDOWN_GRACE).await } => {
            tracing::warn!(
                grace_secs = SHUTDOWN_GRACE.as_secs(),
                "connections still open after the grace period; closing them"
            );
        }
    }
    state.finish_uploads(SHUTDOWN_GRACE).await;
    Ok(())
}

/// Completes on Ctrl-C or (on Unix) SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(cause = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(e) => {
                tracing::warn!(cause = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
