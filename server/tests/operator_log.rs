#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Refusals the operator must act on reach the log at warn, once per cause and minute, with the
//! number refused since; the clients' own mistakes stay out of it.

#[macro_use]
mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, StatusCode};
use common::*;
use jl_consent_core::receipt::batch_json;
use jl_consent_server::widget_configs::{parse_widget_config, KnownConfigurations};
use jl_consent_server::ServerConfig;

/// What the server logged at warn and above while a test ran on this thread.
#[derive(Clone, Default)]
struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl CapturedLog {
    /// Captures the current thread's log until the guard is dropped.
    fn start() -> (CapturedLog, tracing::subscriber::DefaultGuard) {
        let log = CapturedLog::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::WARN)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (log, tracing::subscriber::set_default(subscriber))
    }

    fn lines_with(&self, text: &str) -> Vec<String> {
        String::from_utf8_lossy(&self.0.lock().unwrap())
            .lines()
            .filter(|line| line.contains(text))
            .map(str::to_owned)
            .collect()
    }

    fn all(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn post_from(app: &TestApp, origin: &str, n: u32) -> TestResponse {
    let request = events_request()
        .header(header::ORIGIN, origin)
        .body(Body::from(batch_json(&[accept_all(n, n)])))
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn a_refused_origin_is_logged_once_per_minute_with_the_count_since() {
    let (log, _guard) = CapturedLog::start();
    let app = TestApp::new(Backend::Sqlite).await;
    for n in 0..20 {
        post_from(&app, "https://shop.example", n)
            .await
            .assert_error(StatusCode::FORBIDDEN, "origin_not_allowed");
    }
    let lines = log.lines_with("\"https://shop.example\"");
    assert_eq!(lines.len(), 1, "{}", log.all());
    assert!(lines[0].contains("WARN"), "{}", lines[0]);
    assert!(lines[0].contains("--allow-origin"), "{}", lines[0]);
    assert!(lines[0].contains("more=0"), "{}", lines[0]);

    // Another origin is another cause.
    post_from(&app, "https://other.example", 100).await;
    assert_eq!(log.lines_with("\"https://other.example\"").len(), 1);

    app.clock.advance(Duration::from_secs(59));
    post_from(&app, "https://shop.example", 101).await;
    assert_eq!(log.lines_with("\"https://shop.example\"").len(), 1);
    app.clock.advance(Duration::from_secs(1));
    post_from(&app, "https://shop.example", 102).await;
    let lines = log.lines_with("\"https://shop.example\"");
    assert_eq!(lines.len(), 2, "{}", log.all());
    assert!(lines[1].contains("more=20"), "{}", lines[1]);
}

#[tokio::test]
async fn events_no_known_configuration_could_send_are_logged_once_per_minute() {
    let (log, _guard) = CapturedLog::start();
    let (config, _) = parse_widget_config(r#"{"revision": 4}"#).unwrap();
    let mut known = KnownConfigurations::default();
    known.add("test config", &config);
    let app = TestApp::with_config(
        Backend::Sqlite,
        ServerConfig {
            known_configurations: known,
            ..test_config()
        },
    )
    .await;
    for n in 0..5 {
        let response = app.post_events(&batch_json(&[accept_all(n, n)])).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let lines = log.lines_with("--widget-config");
    assert_eq!(lines.len(), 1, "{}", log.all());
    assert!(lines[0].contains("WARN"), "{}", lines[0]);
}

#[tokio::test]
async fn the_clients_own_mistakes_are_not_logged_at_warn() {
    let (log, _guard) = CapturedLog::start();
    let app = TestApp::new(Backend::Sqlite).await;
    app.post_events("{not json")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "malformed_json");
    app.ingest(&[accept_all(1, 1)]).await;
    app.post_events(&batch_json(&[accept_all(1, 1)]))
        .await
        .assert_error(StatusCode::CONFLICT, "duplicate_event");
    app.get("/api/v1/stats", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
    app.login("nobody", "wrong password")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
    assert_eq!(log.all(), "");
}
