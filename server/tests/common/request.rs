//! One HTTP/1.1 request to a running server (or Prometheus) over a fresh connection, read to
//! its end (chunked bodies joined): for tests of real processes, where `oneshot` cannot reach.

use std::net::SocketAddr;

use tokio::io::AsyncWriteExt;

use super::sockets::{connect_from, read_to_close};

/// An answer: its status, head and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

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
    let text = read_to_close(&mut stream).await;
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {text}"));
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Answer {
        status,
        head: head.to_owned(),
        body,
    }
}

/// `GET path` from 127.0.0.1.
pub async fn get(server: SocketAddr, path: &str) -> Answer {
    request(server, [127, 0, 0, 1], "GET", path, &[], "").await
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

/// A chunked body's content.
fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}
