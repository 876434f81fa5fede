#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Slow or stalled clients are cut off without holding anything: a connection that sends no
//! (or incomplete) headers is closed, a body that trickles in gets 408, connections beyond the
//! limit wait for a free slot, one client address holding a thousand connections gets no more than
//! its share of them, and a shutdown answers the requests in flight. Real sockets
//! against the server loop on 127.0.0.1; every wait has a generous deadline, and what is
//! asserted is the outcome, never its speed.

#[macro_use]
mod common;

use std::time::Duration;

use common::sockets::*;
use common::wait::wait_until;
use common::*;
use jl_consent_core::receipt::batch_json;
use jl_consent_server::serve::{ConnectionLimits, Drained};
use jl_consent_server::writer::BatchConfig;
use jl_consent_server::{ServerConfig, Store, StoreOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

on_both_databases!(
    a_trickled_body_gets_408_and_holds_no_database_connection_or_writer_place,
    a_shutdown_answers_the_request_in_flight_and_stores_it,
);

#[tokio::test]
async fn a_client_that_sends_nothing_is_disconnected() {
    let app = TestApp::new(Backend::Sqlite).await;
    let server = Running::start(&app, limits(Duration::from_secs(1))).await;
    let mut silent = connect(server.addr).await;
    server.until_open(1).await;
    let answer = read_to_close(&mut silent).await;
    assert!(!answer.contains(" 2"), "{answer}");
    server.until_open(0).await;
    assert_eq!(server.shut_down().await, Drained::All);
}

#[tokio::test]
async fn a_client_that_stops_in_the_middle_of_its_headers_is_disconnected() {
    let app = TestApp::new(Backend::Sqlite).await;
    let server = Running::start(&app, limits(Duration::from_secs(1))).await;
    let mut stalled = connect(server.addr).await;
    stalled
        .write_all(b"POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Ty")
        .await
        .unwrap();
    let answer = read_to_close(&mut stalled).await;
    // hyper may say 408 before closing, or just close: never anything else.
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    server.until_open(0).await;
    assert_eq!(app.row_counts().await["event_ids"], 0);
    server.shut_down().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let app = TestApp::new(Backend::Sqlite).await;
    let server = Running::start(&app, limits(Duration::from_secs(1))).await;
    let mut client = connect(server.addr).await;
    send_session_get(&mut client, server.addr).await;
    let answer = read_answer(&mut client).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    // Then nothing more: the server closes the idle connection by itself.
    read_to_close(&mut client).await;
    server.until_open(0).await;
    server.shut_down().await;
}

/// Connections one address opens in the test below: the thousand the README speaks of.
const HOG_CONNECTIONS: usize = 1000;

/// The open-file limit of this process, which the hog's sockets must fit under.
fn open_file_limit() -> usize {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    line.split_whitespace()
        .nth(3)
        .and_then(|soft| soft.parse().ok())
        .unwrap_or(usize::MAX) // "unlimited"
}

#[tokio::test]
async fn one_client_holding_a_thousand_connections_leaves_the_others_served() {
    assert!(
        open_file_limit() > HOG_CONNECTIONS + 200,
        "this test opens {HOG_CONNECTIONS} sockets, but the open-file limit is {}: raise it \
         (`ulimit -n 4096`; scripts/test does)",
        open_file_limit()
    );
    let app = TestApp::new(Backend::Sqlite).await;
    // The server's own limits, but for the header wait: the hog's connections stay open for the
    // whole test.
    let limits = ConnectionLimits {
        header_read_timeout: PATIENCE,
        ..ConnectionLimits::default()
    };
    let per_client = limits.max_per_client;
    assert!(per_client < HOG_CONNECTIONS && limits.max_connections >= HOG_CONNECTIONS);
    let server = Running::start(&app, limits).await;
    const HOG: [u8; 4] = [127, 0, 0, 1];
    // A thousand slow connections from one address, each stopping inside its headers.
    let mut hog = Vec::new();
    for _ in 0..HOG_CONNECTIONS {
        let mut stream = connect_from(HOG, server.addr).await;
        let _ = stream
            .write_all(b"POST /api/v1/events HTTP/1.1\r\nHost: x\r\n")
            .await;
        hog.push(stream);
    }
    let beyond = HOG_CONNECTIONS - per_client;
    server.until_refused(beyond).await;
    server.until_open(per_client).await;
    // Those beyond its share were answered and closed at once; its share is still open.
    let mut refused = 0;
    for stream in &mut hog {
        let mut byte = [0u8; 1];
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(1), stream.peek(&mut byte)).await
        {
            assert!(n > 0, "closed without an answer");
            let answer = read_to_close(stream).await;
            assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
            assert!(answer.contains("too_many_connections"), "{answer}");
            refused += 1;
        }
    }
    assert_eq!(refused, beyond);
    assert_eq!(server.open.refused(), beyond);
    assert_eq!(server.open.count(), per_client);

    // Another client's receipt is answered while the hog holds its share.
    let body = batch_json(&[accept_all(1, 1)]);
    let mut visitor = connect_from([127, 0, 0, 2], server.addr).await;
    visitor
        .write_all(format!("{}{body}", post_head(server.addr, body.len())).as_bytes())
        .await
        .unwrap();
    let answer = read_answer(&mut visitor).await;
    assert!(answer.starts_with("HTTP/1.1 202"), "{answer}");
    drop(visitor);

    // Once the hog closes them, its address may connect again.
    drop(hog);
    server.until_open(0).await;
    let mut again = connect_from(HOG, server.addr).await;
    send_session_get(&mut again, server.addr).await;
    let answer = read_answer(&mut again).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    drop(again);
    server.shut_down().await;
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_for_a_free_slot() {
    let app = TestApp::new(Backend::Sqlite).await;
    let limits = ConnectionLimits {
        max_connections: 1,
        // Long: only the first client closing its connection frees the slot.
        header_read_timeout: PATIENCE,
        ..ConnectionLimits::default()
    };
    let server = Running::start(&app, limits).await;
    let first = connect(server.addr).await;
    server.until_open(1).await;
    let mut second = connect(server.addr).await;
    send_session_get(&mut second, server.addr).await;
    // While the first holds the only slot, nothing can serve the second.
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(500), second.read(&mut byte)).await;
    assert!(early.is_err(), "served beyond the limit: {early:?}");
    assert_eq!(server.open.count(), 1);
    drop(first);
    let answer = read_answer(&mut second).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    drop(second);
    server.until_open(0).await;
    server.shut_down().await;
}

/// Connections checked out of the pool right now.
fn connections_in_use(store: &Store) -> usize {
    match store {
        Store::Sqlite(pool) => pool.size() as usize - pool.num_idle(),
        Store::Postgres(pool) => pool.size() as usize - pool.num_idle(),
    }
}

async fn a_trickled_body_gets_408_and_holds_no_database_connection_or_writer_place(
    backend: Backend,
) {
    // One database connection and one place in the writer's queue: a trickler holding either
    // would block the ordinary request below.
    let config = ServerConfig {
        body_timeout: Duration::from_secs(2),
        batch: BatchConfig {
            queue_capacity: 1,
            ..BatchConfig::default()
        },
        ..test_config()
    };
    let options = StoreOptions {
        max_connections: 1,
        ..StoreOptions::default()
    };
    let app = TestApp::with_options(backend, config, options).await;
    let server = Running::start(&app, limits(Duration::from_secs(30))).await;
    let mut tricklers = Vec::new();
    for n in 0..3 {
        let body = batch_json(&[accept_all(100 + n, 100 + n)]);
        let mut stream = connect(server.addr).await;
        stream
            .write_all(post_head(server.addr, body.len()).as_bytes())
            .await
            .unwrap();
        stream.write_all(&body.as_bytes()[..10]).await.unwrap();
        tricklers.push((stream, body));
    }
    server.until_open(3).await;
    // One more byte each, a little later: the body goes on arriving, slowly.
    for (stream, body) in &mut tricklers {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let _ = stream.write_all(&body.as_bytes()[10..11]).await;
    }
    assert_eq!(
        app.state.ingest.queued(),
        0,
        "no trickler waits for the writer"
    );
    assert_eq!(
        connections_in_use(&app.store),
        0,
        "no trickler holds a connection"
    );

    let body = batch_json(&[accept_all(1, 1)]);
    let mut ordinary = connect(server.addr).await;
    ordinary
        .write_all(format!("{}{body}", post_head(server.addr, body.len())).as_bytes())
        .await
        .unwrap();
    let answer = read_answer(&mut ordinary).await;
    assert!(answer.starts_with("HTTP/1.1 202"), "{answer}");

    for (mut stream, _) in tricklers {
        let answer = read_answer(&mut stream).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
    }
    let counts = app.row_counts().await;
    assert_eq!(
        (counts["event_ids"], counts["receipts"]),
        (1, 1),
        "only the ordinary request"
    );
    server.shut_down().await;
}

async fn a_shutdown_answers_the_request_in_flight_and_stores_it(backend: Backend) {
    let app = TestApp::new(backend).await;
    let server = Running::start(&app, limits(Duration::from_secs(30))).await;
    let addr = server.addr;
    let body = batch_json(&[accept_all(1, 1)]);
    let mut in_flight = connect(addr).await;
    in_flight
        .write_all(post_head(addr, body.len()).as_bytes())
        .await
        .unwrap();
    in_flight.write_all(&body.as_bytes()[..20]).await.unwrap();
    let idle = connect(addr).await;
    server.until_open(2).await;
    let stop = tokio::spawn(server.shut_down());
    // The listener closes: new clients are refused (or never answered).
    wait_until(
        PATIENCE,
        || "still accepting after shutdown".to_owned(),
        async || match TcpStream::connect(addr).await {
            Err(_) => true,
            Ok(mut late) => {
                let _ = late.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await;
                read_to_close(&mut late).await.is_empty()
            }
        },
    )
    .await;
    drop(idle);
    // The request in flight still gets its answer, and its event is committed.
    in_flight.write_all(&body.as_bytes()[20..]).await.unwrap();
    let answer = read_answer(&mut in_flight).await;
    assert!(answer.starts_with("HTTP/1.1 202"), "{answer}");
    drop(in_flight);
    assert_eq!(stop.await.unwrap(), Drained::All);
    assert_eq!(app.row_counts().await["receipts"], 1);
}
