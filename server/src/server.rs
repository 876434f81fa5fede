//! The HTTP server loop: accepts connections (at most `max_connections` at a time, at most
//! `max_per_client` from one client address), serves each with hyper under a header deadline,
//! and on shutdown stops accepting and drains.
//!
//! `axum::serve` sets no deadline on reading a request's headers, so a client that connects and
//! sends nothing (or a few bytes a minute) would hold its connection for ever. Here hyper closes
//! a connection whose request headers are not complete within `header_read_timeout`, which also
//! bounds how long an idle keep-alive connection stays open. Deadlines on the body and the whole
//! request are the app's own (`ServerConfig::body_timeout`, `request_timeout`), so their answers
//! carry the API's error body. None of these waits holds a database connection or a place in the
//! ingest writer's queue: a handler takes those only once the whole body is read.
//!
//! The per-client cap keeps one client from taking every slot: with only the global limit, one
//! address holding many slow connections makes every other visitor's receipt wait. A
//! connection beyond the cap is answered `429 too_many_connections` and closed at once.
//!
//! Answers are bounded too: a write to a client that makes no progress for
//! `write_stall_timeout` (the client stopped reading) closes the connection, so an export nobody
//! reads no longer holds its connection and the data queued for it (the app bounds the whole
//! time an answer may take: `ServerConfig::response_timeout`). Requests without exactly one
//! `Host` header (RFC 9112) are answered 400 before the app sees them.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::http::{header, Version};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::error::AppError;
use crate::rate_limit::limit_key;

/// The body of the answer to a connection beyond its client's cap.
const TOO_MANY_CONNECTIONS_BODY: &str = r#"{"error":{"code":"too_many_connections","message":"too many connections from this address: close one and retry"}}"#;

/// The whole answer to a connection beyond its client's cap, written without reading the request.
fn too_many_connections_answer() -> Vec<u8> {
    format!(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: 1\r\n\
         connection: close\r\ncontent-length: {}\r\n\r\n{TOO_MANY_CONNECTIONS_BODY}",
        TOO_MANY_CONNECTIONS_BODY.len()
    )
    .into_bytes()
}
/// How often, at most, the log says that connections are refused.
const REFUSAL_LOG_INTERVAL: Duration = Duration::from_secs(60);

/// Limits of the connection layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Longest wait for a request's complete headers (also: longest idle keep-alive).
    pub header_read_timeout: Duration,
    /// Most connections served at once; further clients wait in the listen backlog.
    pub max_connections: usize,
    /// Most connections served at once from one client address (an IPv6 client by its /64);
    /// further ones are refused. 0: no cap (behind a load balancer every connection comes from
    /// the balancer).
    pub max_per_client: usize,
    /// Longest a write to a client may wait for the client to read (its socket buffers full)
    /// before the connection is closed.
    pub write_stall_timeout: Duration,
    /// Longest wait, after shutdown begins, for the requests in flight to be answered.
    pub drain_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 1024,
            max_per_client: 64,
            write_stall_timeout: Duration::from_secs(30),
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
    /// Connections being served per client address (limit key); absent means none.
    per_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
    /// Connections refused because their client had its cap.
    refused: Arc<AtomicUsize>,
}

impl OpenConnections {
    /// Connections being served now.
    pub fn count(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// Connections refused so far because their client address had `max_per_client` open.
    pub fn refused(&self) -> usize {
        self.refused.load(Ordering::SeqCst)
    }

    /// Counts a connection from `client` unless it has `max` open already (0: no cap).
    fn admit(&self, client: IpAddr, max: usize) -> Option<ClientConnection> {
        let key = limit_key(client);
        let mut per_client = self.per_client.lock().unwrap_or_else(|e| e.into_inner());
        let open = per_client.entry(key).or_default();
        if max > 0 && *open >= max {
            return None;
        }
        *open += 1;
        Some(ClientConnection {
            per_client: self.per_client.clone(),
            key,
        })
    }
}

/// One admitted connection of a client; uncounts itself when dropped.
struct ClientConnection {
    per_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
    key: IpAddr,
}

impl Drop for ClientConnection {
    fn drop(&mut self) {
        let mut per_client = self.per_client.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(open) = per_client.get_mut(&self.key) {
            *open -= 1;
            if *open == 0 {
                per_client.remove(&self.key);
            }
        }
    }
}

/// The connection slots for `limits`, to hand to [`run`] and keep for watching.
pub fn connection_slots(limits: &ConnectionLimits) -> OpenConnections {
    let max = limits.max_connections.max(1);
    OpenConnections {
        slots: Arc::new(Semaphore::new(max)),
        max,
        open: Arc::new(AtomicUsize::new(0)),
        per_client: Arc::new(Mutex::new(HashMap::new())),
        refused: Arc::new(AtomicUsize::new(0)),
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting, lets the
/// requests in flight finish (at most `limits.drain_timeout`) and returns.
pub async fn run(
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
    let mut refusal_logged: Option<Instant> = None;
    let too_many_connections = too_many_connections_answer();
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
        let Some(client_connection) = slots.admit(peer.ip(), limits.max_per_client) else {
            drop(permit);
            // A fresh socket's send buffer is empty: this never blocks, and a client that
            // never reads cannot hold the loop.
            let _ = stream.try_write(&too_many_connections);
            slots.refused.fetch_add(1, Ordering::SeqCst);
            if refusal_logged.is_none_or(|at| at.elapsed() >= REFUSAL_LOG_INTERVAL) {
                // Never the address: the log keeps no client addresses.
                tracing::warn!(
                    max = limits.max_per_client,
                    refused = slots.refused(),
                    "a client address holds its maximum of connections: refusing more \
                     (see --max-connections-per-client)"
                );
                refusal_logged = Some(Instant::now());
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = tower::service_fn(move |mut request: axum::http::Request<Incoming>| {
            let app = app.clone();
            async move {
                if let Some(refusal) = host_header_refusal(&request) {
                    return Ok(refusal);
                }
                // The client address, for the rate limiter only (see `client::ClientIp`).
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                app.oneshot(request).await
            }
        });
        let stream = WriteDeadline::new(stream, limits.write_stall_timeout);
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
            drop(client_connection);
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => Drained::All,
        () = tokio::time::sleep(limits.drain_timeout) => Drained::TimedOut { open: slots.count() },
    }
}

/// The answer to a request without exactly one `Host` header: RFC 9112 (section 3.2) asks a
/// server to refuse an HTTP/1.1 request without one, and any request with more than one.
fn host_header_refusal<B>(request: &axum::http::Request<B>) -> Option<Response> {
    let hosts = request.headers().get_all(header::HOST).iter().count();
    let missing = hosts == 0 && request.version() == Version::HTTP_11;
    (missing || hosts > 1).then(|| {
        AppError::InvalidRequest {
            field: String::new(),
            message: "an HTTP/1.1 request carries exactly one Host header".to_owned(),
        }
        .into_response()
    })
}

/// A connection's socket whose writes fail once one has waited `stall` for the client to read:
/// hyper then closes the connection. Reads are untouched (hyper's header deadline and the app's
/// body deadline bound those).
struct WriteDeadline<S> {
    inner: S,
    stall: Duration,
    /// Running while a write waits; gone once one goes through.
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> WriteDeadline<S> {
    fn new(inner: S, stall: Duration) -> Self {
        WriteDeadline {
            inner,
            stall,
            timer: None,
        }
    }

    /// The outcome of a write or flush: on progress the wait is over; while it waits, the
    /// timer runs (and wakes the task when it fires), and once it has fired, an error.
    fn after<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.timer = None;
            return poll;
        }
        let stall = self.stall;
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(stall)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("the client read nothing for {} s", stall.as_secs_f64()),
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.after(cx, poll)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.after(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_flush(cx);
        this.after(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
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
