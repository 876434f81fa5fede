#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `/healthz` and `/readyz` answer without a session or a rate limit and tell nothing but ready
//! or not; the metrics count what ingest and the API did, by code, and are served only on their
//! own listener.

#[macro_use]
mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use jl_consent_core::receipt::batch_json;
use jl_consent_server::health::PROBE_REUSE;
use jl_consent_server::metrics::metrics_app;
use jl_consent_server::{ServerConfig, StoreOptions};
use sqlx::{Connection, Executor};
use tower::ServiceExt;

on_both_databases!(
    health_answers_without_a_session_or_a_rate_limit,
    readiness_fails_while_the_database_takes_no_write_and_recovers,
    metrics_count_stored_duplicate_and_refused_events,
);

async fn health_answers_without_a_session_or_a_rate_limit(backend: Backend) {
    let app = TestApp::with_config(
        backend,
        ServerConfig {
            rate_limit_per_minute: 1,
            ..test_config()
        },
    )
    .await;
    for _ in 0..5 {
        for path in ["/healthz", "/readyz"] {
            let response = app.get(path, None).await;
            assert_eq!(
                response.status,
                StatusCode::OK,
                "{path}: {}",
                response.text()
            );
            assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
        }
    }
    assert_eq!(app.get("/healthz", None).await.text(), "ok\n");
    assert_eq!(app.get("/readyz", None).await.text(), "ready\n");
}

/// Another connection holds the write lock (SQLite) or the probe's row (PostgreSQL) longer than
/// the store waits for a lock: the probe answers 503 with nothing but "not ready", then 200 again
/// once the lock is gone.
async fn readiness_fails_while_the_database_takes_no_write_and_recovers(backend: Backend) {
    let options = StoreOptions {
        lock_timeout: Duration::from_millis(200),
        ..StoreOptions::default()
    };
    let app = TestApp::with_options(backend, test_config(), options).await;
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
    // Holds the lock on a connection of its own while /readyz is asked, then lets it go.
    macro_rules! while_locked {
        ($connection:ty, $begin:literal) => {{
            let mut holder = <$connection>::connect(&app.db.url).await.unwrap();
            holder.execute($begin).await.unwrap();
            holder
                .execute("UPDATE readiness_probe SET checked_at = 0")
                .await
                .unwrap();
            tokio::time::sleep(PROBE_REUSE + Duration::from_millis(100)).await;
            let response = app.get("/readyz", None).await;
            holder.execute("ROLLBACK").await.unwrap();
            response
        }};
    }
    let response = match backend {
        Backend::Sqlite => while_locked!(sqlx::SqliteConnection, "BEGIN IMMEDIATE"),
        Backend::Postgres => while_locked!(sqlx::PgConnection, "BEGIN"),
    };
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.text(), "not ready\n", "no cause in the answer");
    let metrics = app.state.metrics.encode().unwrap();
    assert!(
        metrics.contains(r#"jl_database_errors_total{operation="readiness",kind="unavailable"} 1"#),
        "{metrics}"
    );
    tokio::time::sleep(PROBE_REUSE + Duration::from_millis(100)).await;
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
}

async fn metrics_count_stored_duplicate_and_refused_events(backend: Backend) {
    let app = TestApp::new(backend).await;
    let events = [
        accept_all(1, 1),
        accept_all(2, 2),
        accept_all(3, 3),
        impression(4, default_shown()),
        impression(5, default_shown()),
    ];
    app.ingest(&events).await;
    // The same batch again: every event a duplicate.
    let again = app.post_events(&batch_json(&events[..2])).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let refused = app
        .send(
            events_request()
                .header(header::ORIGIN, "https://elsewhere.example")
                .body(Body::from(batch_json(&[accept_all(6, 6)])))
                .unwrap(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    app.add_user("anna", "correct horse battery").await;
    app.login("anna", "wrong horse battery").await;

    // Served by the metrics listener's app, in the OpenMetrics format Prometheus asks for.
    let response = metrics_app(app.state.metrics.clone())
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/openmetrics-text"));
    let text = String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    for expected in [
        r#"jl_ingest_events_total{kind="decision",outcome="stored"} 3"#,
        r#"jl_ingest_events_total{kind="impression",outcome="stored"} 2"#,
        r#"jl_ingest_events_total{kind="decision",outcome="duplicate"} 2"#,
        r#"jl_http_refusals_total{code="origin_not_allowed"} 1"#,
        r#"jl_http_refusals_total{code="duplicate_event"} 1"#,
        r#"jl_http_refusals_total{code="bad_credentials"} 1"#,
        "jl_login_failures_total 1",
        "jl_ingest_commit_seconds_count 2",
        "jl_ingest_batch_events_sum 7.0",
        "jl_ingest_queue_requests 0",
        "jl_retention_days 0",
        "jl_database_connections_open ",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    // Nothing of a client, an origin or an id.
    assert!(!text.contains("elsewhere"), "{text}");
    assert!(!text.contains(consent_id(1).as_str()), "{text}");

    // The public application has no metrics.
    assert_eq!(
        app.get("/metrics", None).await.status,
        StatusCode::NOT_FOUND
    );
}
