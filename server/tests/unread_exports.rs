#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Exports nobody reads (or reads too slowly) do not hold their connection and their data for
//! ever: a write that waits for the client longer than the write stall timeout closes the
//! connection, an answer not sent in full within the response timeout is cut off, and a session
//! has at most two exports in flight.

#[macro_use]
mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::sockets::{limits, Running, PATIENCE};
use common::*;
use jl_consent_core::receipt::ConsentEvent;
use jl_consent_core::DecisionAction;
use jl_consent_server::export_slots::MAX_EXPORTS_PER_SESSION;
use jl_consent_server::server::ConnectionLimits;
use jl_consent_server::ServerConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// Decisions in the log: an export of about 7 MB, more than the socket buffers on both ends hold.
const DECISIONS: u32 = 20_000;
/// The end of the answer to a chunked request: the last, empty chunk.
const LAST_CHUNK: &str = "0\r\n\r\n";

/// A decision with 32 categories, so that its export row is long (about 350 bytes).
fn wide_decision(n: u32) -> ConsentEvent {
    let categories: Vec<String> = (0..32).map(|k| format!("k{k}")).collect();
    let choices: Vec<(&str, bool)> = categories.iter().map(|c| (c.as_str(), true)).collect();
    decision(
        n,
        n,
        default_shown(),
        DecisionAction::AcceptAll,
        true,
        &choices,
    )
}

/// An app holding [`DECISIONS`] decisions of today, and a session's cookie.
async fn app_with_receipts(config: ServerConfig) -> (TestApp, String) {
    let app = TestApp::with_config(Backend::Sqlite, config).await;
    let events: Vec<ConsentEvent> = (0..DECISIONS).map(wide_decision).collect();
    for chunk in events.chunks(2000) {
        let refs: Vec<&ConsentEvent> = chunk.iter().collect();
        app.store.store_events(&refs, NOW_MS).await.unwrap();
    }
    let cookie = app.signed_in().await;
    (app, cookie)
}

/// Sends the receipts export's request on a connection whose receive buffer is small, and
/// reads the first bytes of the answer (its status line), no more.
async fn export_request(server: SocketAddr, cookie: &str) -> (TcpStream, String) {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(server).await.unwrap();
    let request = format!(
        "GET /api/v1/export/receipts.csv?from={TODAY}&to={TODAY} HTTP/1.1\r\nHost: {server}\r\n\
         Cookie: {cookie}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut first = [0u8; 12];
    tokio::time::timeout(PATIENCE, stream.read_exact(&mut first))
        .await
        .expect("an answer starts")
        .unwrap();
    (stream, String::from_utf8_lossy(&first).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_nobody_reads_are_closed_and_give_their_place_back() {
    let (app, cookie) = app_with_receipts(test_config()).await;
    let server = Running::start(
        &app,
        ConnectionLimits {
            write_stall_timeout: Duration::from_secs(5),
            ..limits(PATIENCE)
        },
    )
    .await;
    let mut unread = Vec::new();
    for _ in 0..MAX_EXPORTS_PER_SESSION {
        let (stream, status) = export_request(server.addr, &cookie).await;
        assert_eq!(status, "HTTP/1.1 200");
        unread.push(stream);
    }
    // One more from the same session waits for one of them to end.
    let (mut refused, status) = export_request(server.addr, &cookie).await;
    assert_eq!(status, "HTTP/1.1 429", "a third export of one session");
    let rest = {
        let mut rest = vec![0u8; 512];
        let n = refused.read(&mut rest).await.unwrap();
        String::from_utf8_lossy(&rest[..n]).into_owned()
    };
    assert!(rest.contains("too_many_exports"), "{rest}");
    drop(refused);
    // The clients that read nothing are cut off by the server itself.
    server.until_open(0).await;
    drop(unread);
    // Their places are free again: the next export is sent in full.
    let (mut stream, status) = export_request(server.addr, &cookie).await;
    assert_eq!(status, "HTTP/1.1 200");
    let mut answer = Vec::new();
    tokio::time::timeout(PATIENCE, async {
        let mut chunk = vec![0u8; 64 * 1024];
        while !answer.ends_with(LAST_CHUNK.as_bytes()) {
            let n = stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "closed before the end");
            answer.extend_from_slice(&chunk[..n]);
        }
    })
    .await
    .expect("the whole export in time");
    let rows = String::from_utf8_lossy(&answer)
        .matches("accept_all")
        .count();
    assert_eq!(rows, DECISIONS as usize);
    server.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_read_too_slowly_is_cut_off_at_the_response_deadline() {
    let config = ServerConfig {
        response_timeout: Duration::from_secs(2),
        ..test_config()
    };
    let (app, cookie) = app_with_receipts(config).await;
    let server = Running::start(&app, limits(PATIENCE)).await;
    let (mut stream, status) = export_request(server.addr, &cookie).await;
    assert_eq!(status, "HTTP/1.1 200");
    // 16 KiB every 50 ms: the whole export would take about 20 s.
    let mut received = Vec::new();
    let ended = tokio::time::timeout(PATIENCE, async {
        let mut chunk = vec![0u8; 16 * 1024];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(ended.is_ok(), "the server kept sending for {PATIENCE:?}");
    let text = String::from_utf8_lossy(&received);
    eprintln!("received {} bytes before the cut", received.len());
    assert!(
        !text.ends_with(LAST_CHUNK),
        "the export was sent in full: the deadline did not cut it"
    );
    assert!(text.matches("accept_all").count() < DECISIONS as usize);
    drop(stream);
    server.until_open(0).await;
    server.shut_down().await;
}
