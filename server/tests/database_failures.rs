#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A locked, slow or unreachable database gives 503 `unavailable` with Retry-After within a
//! bounded time, and the server recovers by itself when the database is back.

#[macro_use]
mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use jl_consent_core::receipt::batch_json;
use jl_consent_server::{ServerConfig, StoreOptions};
use sqlx::Connection;

on_both_databases!(
    a_locked_database_answers_503_and_recovers,
    a_slow_commit_answers_503_within_the_ingest_timeout,
    a_request_not_answered_within_the_request_timeout_gets_503,
);

fn short_waits(lock_timeout: Duration) -> StoreOptions {
    StoreOptions {
        lock_timeout,
        acquire_timeout: Duration::from_secs(2),
        ..StoreOptions::default()
    }
}

async fn a_locked_database_answers_503_and_recovers(backend: Backend) {
    let app = TestApp::with_options(
        backend,
        test_config(),
        short_waits(Duration::from_millis(200)),
    )
    .await;
    let body = batch_json(&[impression(1, default_shown()), accept_all(2, 1)]);
    let locker = Locker::lock(&app.db).await;
    let started = Instant::now();
    let response = app.post_events(&body).await;
    response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    assert_eq!(response.header("retry-after"), Some("2"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    locker.release().await;
    // Nothing was acknowledged, so nothing was stored: the re-send is new, not a duplicate.
    let response = app.post_events(&body).await;
    assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
    assert_eq!(response.json()["stored"], 2);
}

async fn a_slow_commit_answers_503_within_the_ingest_timeout(backend: Backend) {
    let config = ServerConfig {
        ingest_timeout: Duration::from_millis(300),
        ..test_config()
    };
    let app = TestApp::with_options(backend, config, short_waits(Duration::from_secs(3))).await;
    let locker = Locker::lock(&app.db).await;
    let started = Instant::now();
    app.post_events(&batch_json(&[accept_all(1, 1)]))
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    locker.release().await;
    // Once the lock is gone the writer goes on by itself: new events are accepted again. The
    // writer may still be finishing the abandoned batch when the lock goes, so a busy machine can
    // answer 503 a little longer; recovery, not its speed, is what this checks. A request that
    // got 503 may still have been committed (API.md), so its re-send may find it stored: 409.
    let body = batch_json(&[accept_all(2, 2)]);
    let mut response = app.post_events(&body).await;
    for _ in 0..40 {
        if response.status == StatusCode::ACCEPTED || response.status == StatusCode::CONFLICT {
            break;
        }
        assert_eq!(
            response.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            response.text()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
        response = app.post_events(&body).await;
    }
    assert!(
        response.status == StatusCode::ACCEPTED || response.status == StatusCode::CONFLICT,
        "{}",
        response.text()
    );
}

async fn a_request_not_answered_within_the_request_timeout_gets_503(backend: Backend) {
    // The ingest timeout and the lock wait are long: only the whole-request deadline can answer.
    let config = ServerConfig {
        request_timeout: Duration::from_millis(500),
        ingest_timeout: Duration::from_secs(60),
        ..test_config()
    };
    let app = TestApp::with_options(backend, config, short_waits(Duration::from_secs(60))).await;
    let locker = Locker::lock(&app.db).await;
    let response = app.post_events(&batch_json(&[accept_all(1, 1)])).await;
    response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    assert_eq!(response.header("retry-after"), Some("2"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    locker.release().await;
}

/// PostgreSQL refusing connections (as during a restart) gives 503, and the pool reconnects
/// by itself once connections are allowed again.
#[tokio::test]
async fn postgres_refusing_connections_answers_503_then_recovers() {
    if skip_without_postgres() {
        return;
    }
    let app = TestApp::with_options(
        Backend::Postgres,
        test_config(),
        short_waits(Duration::from_secs(1)),
    )
    .await;
    let cookie = app.signed_in().await;
    let database: String = app.db.url.rsplit('/').next().unwrap().to_owned();
    let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
        .await
        .unwrap();
    let shut_out = |allow: bool| {
        format!(
            "ALTER DATABASE {database} ALLOW_CONNECTIONS {allow}; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{database}' AND pid <> pg_backend_pid();"
        )
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(shut_out(false)))
        .execute(&mut admin)
        .await
        .unwrap();
    app.post_events(&batch_json(&[accept_all(1, 1)]))
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    app.get("/api/v1/stats", Some(&cookie))
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    sqlx::raw_sql(sqlx::AssertSqlSafe(shut_out(true)))
        .execute(&mut admin)
        .await
        .unwrap();
    let response = app.post_events(&batch_json(&[accept_all(1, 1)])).await;
    assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
    assert_eq!(
        app.get("/api/v1/stats", Some(&cookie)).await.status,
        StatusCode::OK
    );
}
