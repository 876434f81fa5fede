//! The HTTP server loop: accepts connections (at most `max_connections` at a time), serves each
//! with hyper under a header deadline, and on shutdown stops accepting and drains.
//!
//! `axum::serve` sets no deadline on reading a request's headers, so a client that connects and
//! sends nothing (or a few bytes a minute) would hold its connection for ever. Here hyper closes
//! a connection whose request headers are not complete within `header_read_timeout`, which also
//! bounds how long an idle keep-alive connection stays open. Deadlines on the body and the whole
//! request are the app's own (`ServerConfig::body_timeout`, `request_timeout`), so their answers
//! carry the API's error body. None of these waits holds a database connection or a place in the
//! ingest writer's queue: a handler takes those only once the whole body is read.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Limits of the connection layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Longest wait for a request's complete headers (also: longest idle keep-alive).
    pub header_read_timeout: Duration,
    /// Most connections served at once; further clients wait in the listen backlog.
    pub max_connections: usize,
    /// Longest wait, after shutdown begins, for the requests in flight to be answered.
    pub drain_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 1024,
            drain_timeout: Duration::from_secs(30),
        }
    }
}

/// How serving ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drained {
    /// Every connection finished its requests and closed.
    All,
    /// Some connections were still open after the drain timeout and were dropped.
    TimedOut { open: usize },
}

/// The connection slots, and how many connections are being served right now.
#[derive(Clone, Debug)]
pub struct OpenConnections {
    /// One permit per connection; the accept loop takes one before it accepts.
    slots: Arc<Semaphore>,
    max: usize,
    open: Arc<AtomicUsize>,
}

impl OpenConnections {
    /// Connections being served now.
    pub fn count(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }
}

/// The connection slots for `limits`, to hand to [`serve`] and keep for watching.
pub fn connection_slots(limits: &ConnectionLimits) -> OpenConnections {
    let max = limits.max_connections.max(1);
    OpenConnections {
        slots: Arc::new(Semaphore::new(max)),
        max,
        open: Arc::new(AtomicUsize::new(0)),
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting, lets the
/// requests in flight finish (at most `limits.drain_timeout`) and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    slots: OpenConnections,
    shutdown: impl Future<Output = ()>,
) -> Drained {
    // HTTP/1.1 only: hyper's header deadline is an HTTP/1 setting, and serving both versions
    // means first waiting, without any deadline, for bytes that tell them apart. Browsers never
    // speak cleartext HTTP/2 (h2c); a TLS terminator in front speaks HTTP/2 to them itself.
    let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let mut waiting_for_slot_logged = false;
    loop {
        let permit = match slots.slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if !waiting_for_slot_logged {
                    tracing::warn!(
                        max = slots.max,
                        "all connection slots are taken: new clients wait (see --max-connections)"
                    );
                    waiting_for_slot_logged = true;
                }
                tokio::select! {
                    permit = slots.slots.clone().acquire_owned() => match permit {
                        Ok(permit) => permit,
                        Err(_) => break,
                    },
                    () = &mut shutdown => break,
                }
            }
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors or memory: wait a little instead of spinning.
                    if !is_connection_error(&e) {
                        tracing::warn!("cannot accept a connection: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = tower::service_fn(move |mut request: axum::http::Request<Incoming>| {
            // The client address, for the rate limiter only (see `client::ClientIp`).
            request
                .extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(request)
        });
        let connection = builder
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        let open = slots.open.clone();
        open.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                // Timeouts and clients that went away: normal on the internet, and never the
                // client's address in the log.
                tracing::debug!("connection ended: {e}");
            }
            open.fetch_sub(1, Ordering::SeqCst);
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => Drained::All,
        () = tokio::time::sleep(limits.drain_timeout) => Drained::TimedOut { open: slots.count() },
    }
}

/// Errors of one connection that do not say anything about the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}
