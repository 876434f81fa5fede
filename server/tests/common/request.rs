//! One HTTP/1.1 request to a running server (or Prometheus) over a fresh connection, its
//! answer read by the one answer reader (chunked bodies joined): for tests of real processes,
//! where `oneshot` cannot reach.

use std::net::SocketAddr;

use tokio::io::AsyncWriteExt;

use super::http::Answer;
use super::sockets::{connect_from, next_answer};

/// The loopback address a test's requests come from unless it needs another.
pub const LOOPBACK: [u8; 4] = [127, 0, 0, 1];

/// Sends `method path` with `headers` and `body` from the loopback address `from`, with
/// `Connection: close`, and reads the whole answer.
pub async fn request(
    server: SocketAddr,
    from: [u8; 4],
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut stream = connect_from(from, server).await;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    next_answer(&mut stream, &format!("{method} {path}")).await
}

/// `GET path` from 127.0.0.1.
pub async fn get(server: SocketAddr, path: &str) -> Answer {
    request(server, LOOPBACK, "GET", path, &[], "").await
}

/// `POST /api/v1/events` of `body` from `from`.
pub async fn post_events(server: SocketAddr, from: [u8; 4], body: &str) -> Answer {
    request(
        server,
        from,
        "POST",
        "/api/v1/events",
        &[("Content-Type", "application/json")],
        body,
    )
    .await
}

/// A loopback port free now (for a server that must be told its port, like Prometheus).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
