//! The server loop on a real loopback socket, and raw HTTP/1.1 over it: for what only real
//! connections show (slow clients, connection limits, pipelining). Every wait here has a deadline.

use std::net::SocketAddr;
use std::time::Duration;

use jl_consent_server::server::{
    self, connection_slots, ConnectionLimits, Drained, OpenConnections,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::http::{Answer, AnswerReader};
use super::wait::wait_until;
use super::TestApp;

/// Generous: a busy machine may be slow, but not this slow.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The server loop running on a free loopback port.
pub struct Running {
    pub addr: SocketAddr,
    pub open: OpenConnections,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Drained>,
}

impl Running {
    pub async fn start(app: &TestApp, limits: ConnectionLimits) -> Running {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let open = connection_slots(&limits);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::run(
            listener,
            app.router.clone(),
            limits,
            open.clone(),
            async {
                let _ = stopped.await;
            },
        ));
        Running {
            addr,
            open,
            stop: Some(stop),
            task,
        }
    }

    pub async fn shut_down(mut self) -> Drained {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(PATIENCE, self.task)
            .await
            .expect("the server stopped")
            .unwrap()
    }

    /// Waits until the server has refused `n` connections for their client's cap.
    pub async fn until_refused(&self, n: usize) {
        wait_until(
            PATIENCE,
            || format!("{} connections refused, expected {n}", self.open.refused()),
            async || self.open.refused() >= n,
        )
        .await;
    }

    /// Waits until the server serves exactly `n` connections.
    pub async fn until_open(&self, n: usize) {
        wait_until(
            PATIENCE,
            || format!("{} connections open, expected {n}", self.open.count()),
            async || self.open.count() == n,
        )
        .await;
    }
}

pub fn limits(header_read_timeout: Duration) -> ConnectionLimits {
    ConnectionLimits {
        header_read_timeout,
        ..ConnectionLimits::default()
    }
}

/// Reads until the server closes the connection (or resets it); returns what it sent.
pub async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let read = tokio::time::timeout(PATIENCE, async {
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server kept the connection open");
    String::from_utf8_lossy(&answer).into_owned()
}

/// Reads one whole answer (by its Content-Length or its chunks) to `what`; fails, naming `what`,
/// when the connection ends first or nothing whole arrives within [`PATIENCE`].
pub async fn next_answer(stream: &mut TcpStream, what: &str) -> Answer {
    match tokio::time::timeout(PATIENCE, AnswerReader::new().next(stream)).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(error)) => panic!("no whole answer to {what}: {error:?}"),
        Err(_) => panic!("no whole answer to {what} within {PATIENCE:?}"),
    }
}

/// [`next_answer`] as text.
pub async fn read_answer(stream: &mut TcpStream) -> String {
    next_answer(stream, "the request").await.text()
}

/// Connects to `server`; fails when that takes longer than [`PATIENCE`].
pub async fn connect(server: SocketAddr) -> TcpStream {
    tokio::time::timeout(PATIENCE, TcpStream::connect(server))
        .await
        .expect("connected in time")
        .expect("the server accepts connections")
}

/// Sends `GET /api/v1/session` (a 401 with a small body) on `stream`.
pub async fn send_session_get(stream: &mut TcpStream, addr: SocketAddr) {
    stream
        .write_all(format!("GET /api/v1/session HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap();
}

pub fn post_head(addr: SocketAddr, length: usize) -> String {
    format!(
        "POST /api/v1/events HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {length}\r\n\r\n"
    )
}

/// Connects to `server` from the loopback address `from` (127.0.0.0/8 are all this host's).
pub async fn connect_from(from: [u8; 4], server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::from((from, 0)))
        .expect("loopback addresses beyond 127.0.0.1 can be bound");
    tokio::time::timeout(PATIENCE, socket.connect(server))
        .await
        .expect("connected in time")
        .unwrap()
}
