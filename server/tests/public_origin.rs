#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Browser requests (dashboard logins, events from the server's own pages) are checked against
//! the server's public origins (`--public-origin`, by default its listen address), scheme
//! included, never against the `Host` header the client sends; and a request without exactly
//! one `Host` header is refused, as RFC 9112 asks.

#[macro_use]
mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::process::ServerProcess;
use common::sockets::{limits, read_to_close, Running, PATIENCE};
use common::*;
use jl_consent_core::receipt::batch_json;
use jl_consent_server::ServerConfig;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// The server's public origin in the in-process tests.
const PUBLIC: &str = "http://127.0.0.1:18200";

async fn app() -> TestApp {
    let config = ServerConfig {
        public_origins: vec![PUBLIC.to_owned()],
        ..test_config()
    };
    let app = TestApp::with_config(Backend::Sqlite, config).await;
    app.add_user("anna", "correct horse battery").await;
    app
}

async fn login(app: &TestApp, origin: &str, host: &str) -> TestResponse {
    app.send(
        Request::post("/api/v1/session")
            .header(header::HOST, host)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                r#"{"username":"anna","password":"correct horse battery"}"#,
            ))
            .unwrap(),
    )
    .await
}

async fn post_events(app: &TestApp, origin: &str, host: &str, n: u32) -> TestResponse {
    app.send(
        events_request()
            .header(header::HOST, host)
            .header(header::ORIGIN, origin)
            .body(Body::from(batch_json(&[accept_all(n, n)])))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn origins_are_compared_with_the_public_origin_not_with_the_host_header() {
    let app = app().await;
    // As reported: a page of the attacker's name (reached by DNS rebinding) sends its own host.
    for (origin, host) in [
        ("http://evil.example:18200", "evil.example:18200"),
        // The server's host and port, but another scheme: another origin.
        ("https://127.0.0.1:18200", "127.0.0.1:18200"),
    ] {
        let refused = login(&app, origin, host).await;
        refused.assert_error(StatusCode::FORBIDDEN, "origin_not_allowed");
        assert_eq!(refused.header("set-cookie"), None, "{origin}");
        post_events(&app, origin, host, 1)
            .await
            .assert_error(StatusCode::FORBIDDEN, "origin_not_allowed");
    }
    for host in ["127.0.0.1:18200", "whatever.example"] {
        assert_eq!(
            login(&app, PUBLIC, host).await.status,
            StatusCode::NO_CONTENT
        );
    }
    assert_eq!(
        post_events(&app, PUBLIC, "whatever.example", 2)
            .await
            .status,
        StatusCode::ACCEPTED
    );
}

/// `POST /api/v1/events` to a running server with `Origin` and `Host`; returns the status.
async fn post_events_to(server: SocketAddr, origin: &str, host: &str, n: u32) -> u16 {
    let body = batch_json(&[accept_all(n, n)]);
    let request = format!(
        "POST /api/v1/events HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    status_of(server, &request).await
}

/// The status of the answer to the raw `request`.
async fn status_of(server: SocketAddr, request: &str) -> u16 {
    let mut stream = TcpStream::connect(server).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_to_close(&mut stream).await;
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {answer:?}"))
}

#[tokio::test]
async fn the_public_origins_default_to_the_listen_address_and_can_be_named() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = ServerProcess::start(&db.url, &[]).await;
    let (address, port) = (server.address, server.address.port());
    let own = format!("http://{address}");
    for (n, origin, expected) in [
        (1, own.clone(), 202),
        (2, format!("http://localhost:{port}"), 202),
        (3, format!("https://{address}"), 403),
        (4, format!("http://evil.example:{port}"), 403),
    ] {
        let host = origin.split_once("://").unwrap().1.to_owned();
        assert_eq!(
            post_events_to(address, &origin, &host, n).await,
            expected,
            "{origin}"
        );
    }
    drop(server);
    let named =
        ServerProcess::start(&db.url, &["--public-origin", "https://Consent.Example.kz/"]).await;
    let address = named.address;
    assert_eq!(
        post_events_to(
            address,
            "https://consent.example.kz",
            "consent.example.kz",
            5
        )
        .await,
        202
    );
    assert_eq!(
        post_events_to(
            address,
            &format!("http://{address}"),
            &address.to_string(),
            6
        )
        .await,
        403,
        "once named, only the public origins count"
    );
}

#[tokio::test]
async fn a_request_without_exactly_one_host_header_is_refused() {
    let app = TestApp::new(Backend::Sqlite).await;
    let server = Running::start(&app, limits(PATIENCE)).await;
    let get = |version: &str, hosts: &str| {
        format!("GET /api/v1/session {version}\r\n{hosts}Connection: close\r\n\r\n")
    };
    assert_eq!(status_of(server.addr, &get("HTTP/1.1", "")).await, 400);
    assert_eq!(
        status_of(
            server.addr,
            &get("HTTP/1.1", "Host: a.example\r\nHost: b.example\r\n")
        )
        .await,
        400
    );
    assert_eq!(
        status_of(
            server.addr,
            &get("HTTP/1.0", "Host: a.example\r\nHost: b.example\r\n")
        )
        .await,
        400
    );
    // HTTP/1.0 needs none; one is what every client sends. Both reach the app (401: no session).
    assert_eq!(status_of(server.addr, &get("HTTP/1.0", "")).await, 401);
    assert_eq!(
        status_of(server.addr, &get("HTTP/1.1", "Host: a.example\r\n")).await,
        401
    );
    server.shut_down().await;
}
