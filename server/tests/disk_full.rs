#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A full disk: SQLite answers SQLITE_FULL, the server answers 503 (never 500, never an
//! acknowledgement), and once space returns it goes on by itself; every acknowledged event is
//! stored. The disk is "filled" with `PRAGMA max_page_count` on the pool's only connection (the
//! fault script `tests/faults/disk-full` fills a real file system).

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::*;
use jl_consent_core::receipt::{batch_json, ConsentEvent};
use jl_consent_server::StoreOptions;

/// A batch of 50 events (half decisions) with ids from `first`.
fn batch(first: u32) -> Vec<ConsentEvent> {
    (first..first + 50)
        .map(|n| {
            if n % 2 == 0 {
                impression(n, default_shown())
            } else {
                accept_all(n, n)
            }
        })
        .collect()
}

#[tokio::test]
async fn a_full_disk_answers_503_and_the_server_recovers_when_space_returns() {
    // One connection: the page limit set through it binds the writer too.
    let options = StoreOptions {
        max_connections: 1,
        ..StoreOptions::default()
    };
    let app = TestApp::with_options(Backend::Sqlite, test_config(), options).await;
    app.ingest(&batch(0)).await;
    let mut acknowledged = 50;
    let pages: i64 = match &app.store {
        jl_consent_server::Store::Sqlite(pool) => sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(pool)
            .await
            .unwrap(),
        jl_consent_server::Store::Postgres(_) => unreachable!(),
    };
    app.execute_sql(&format!("PRAGMA max_page_count = {pages}"))
        .await;

    let mut first = 1000;
    let full_at = loop {
        let response = app.post_events(&batch_json(&batch(first))).await;
        match response.status {
            StatusCode::ACCEPTED => acknowledged += 50,
            StatusCode::SERVICE_UNAVAILABLE => {
                response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
                assert_eq!(response.header("retry-after"), Some("2"));
                break first;
            }
            other => panic!("a full disk answered {other}: {}", response.text()),
        }
        first += 1000;
        assert!(first < 200_000, "the page limit never bit");
    };
    // Nothing of the refused batch is stored, and the database still answers reads.
    let counts = app.row_counts().await;
    assert_eq!(counts["event_ids"], acknowledged);
    let again = app.post_events(&batch_json(&batch(full_at))).await;
    again.assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");

    app.execute_sql("PRAGMA max_page_count = 1073741823").await;
    // The re-send (as the widget's queue does) is now stored: it was never committed before.
    let response = app.post_events(&batch_json(&batch(full_at))).await;
    assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
    assert_eq!(response.json()["stored"], 50);
    acknowledged += 50;
    assert_eq!(app.row_counts().await["event_ids"], acknowledged);
}
