#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Ingest: events are stored once, acknowledged only after their commit, re-sends are duplicates.

#[macro_use]
mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::wait::wait_until;
use common::*;
use jl_consent_core::receipt::batch_json;
use jl_consent_server::writer::BatchConfig;
use jl_consent_server::StoreOptions;
use serde_json::json;

on_both_databases!(
    a_new_batch_is_stored_and_acknowledged_with_counts,
    an_acknowledged_decision_is_already_committed,
    resending_a_batch_answers_duplicate_event,
    a_partly_new_batch_counts_its_duplicates,
    send_beacon_text_plain_is_accepted,
    concurrent_requests_are_all_committed_and_counted_once,
    the_same_event_in_two_concurrent_requests_is_stored_once,
    concurrent_requests_share_transactions,
    shutdown_commits_everything_acknowledged_then_refuses_new_events,
);

async fn a_new_batch_is_stored_and_acknowledged_with_counts(backend: Backend) {
    let app = TestApp::new(backend).await;
    let outcome = app
        .ingest(&[impression(1, default_shown()), accept_all(2, 1)])
        .await;
    assert_eq!(outcome, json!({"stored": 2, "duplicates": 0}));
}

async fn an_acknowledged_decision_is_already_committed(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.ingest(&[accept_all(1, 7)]).await;
    // Read through a separate connection: the 202 means the receipt is durable and visible.
    let other = jl_consent_server::Store::connect(&app.db.url, &Default::default())
        .await
        .unwrap();
    let receipts = other
        .receipts_for_consent(consent_id(7).as_str())
        .await
        .unwrap();
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].event_id, event_id(1).as_str());
}

async fn resending_a_batch_answers_duplicate_event(backend: Backend) {
    let app = TestApp::new(backend).await;
    let body = batch_json(&[impression(1, default_shown()), accept_all(2, 1)]);
    assert_eq!(app.post_events(&body).await.status, StatusCode::ACCEPTED);
    app.post_events(&body)
        .await
        .assert_error(StatusCode::CONFLICT, "duplicate_event");
    let stats = app
        .get("/api/v1/stats", Some(&app.signed_in().await))
        .await
        .json();
    assert_eq!(stats["totals"]["impressions"], 1);
    assert_eq!(stats["totals"]["firstDecisions"], 1);
}

async fn a_partly_new_batch_counts_its_duplicates(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.ingest(&[impression(1, default_shown())]).await;
    let outcome = app
        .ingest(&[
            impression(1, default_shown()),
            impression(2, default_shown()),
        ])
        .await;
    assert_eq!(outcome, json!({"stored": 1, "duplicates": 1}));
}

async fn send_beacon_text_plain_is_accepted(backend: Backend) {
    let app = TestApp::new(backend).await;
    let response = app
        .send(
            Request::post("/api/v1/events")
                .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
                .body(Body::from(batch_json(&[impression(1, default_shown())])))
                .unwrap(),
        )
        .await;
    assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
}

async fn concurrent_requests_are_all_committed_and_counted_once(backend: Backend) {
    let app = TestApp::new(backend).await;
    let requests = (0..40u32).map(|i| {
        let body = batch_json(&[impression(2 * i, default_shown()), accept_all(2 * i + 1, i)]);
        let router = app.router.clone();
        tokio::spawn(async move {
            use tower::ServiceExt;
            let request = events_request().body(Body::from(body.clone())).unwrap();
            router.oneshot(request).await.unwrap().status()
        })
    });
    for handle in requests.collect::<Vec<_>>() {
        assert_eq!(handle.await.unwrap(), StatusCode::ACCEPTED);
    }
    let stats = app
        .get("/api/v1/stats", Some(&app.signed_in().await))
        .await
        .json();
    assert_eq!(stats["totals"]["impressions"], 40);
    assert_eq!(stats["totals"]["acceptAll"], 40);
}

async fn concurrent_requests_share_transactions(backend: Backend) {
    let config = jl_consent_server::ServerConfig {
        batch: jl_consent_server::writer::BatchConfig {
            wait: std::time::Duration::from_millis(300),
            ..Default::default()
        },
        ..test_config()
    };
    let app = TestApp::with_config(backend, config).await;
    let requests: Vec<_> = (0..20u32)
        .map(|i| {
            let body = batch_json(&[accept_all(i, i)]);
            let router = app.router.clone();
            tokio::spawn(async move {
                use tower::ServiceExt;
                let request = events_request().body(Body::from(body)).unwrap();
                router.oneshot(request).await.unwrap().status()
            })
        })
        .collect();
    for handle in requests {
        assert_eq!(handle.await.unwrap(), StatusCode::ACCEPTED);
    }
    let (transactions, requests, stored) = app.state.ingest.counters().snapshot();
    assert_eq!((requests, stored), (20, 20));
    assert!(
        transactions <= 3,
        "20 requests in {transactions} transactions"
    );
}

async fn the_same_event_in_two_concurrent_requests_is_stored_once(backend: Backend) {
    let app = TestApp::new(backend).await;
    let body = batch_json(&[accept_all(1, 1)]);
    let (a, b) = tokio::join!(app.post_events(&body), app.post_events(&body));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::ACCEPTED, StatusCode::CONFLICT]);
    let receipts = app
        .store
        .receipts_for_consent(consent_id(1).as_str())
        .await
        .unwrap();
    assert_eq!(receipts.len(), 1);
}

async fn shutdown_commits_everything_acknowledged_then_refuses_new_events(backend: Backend) {
    // One request per transaction, and the first held up behind a lock: the other nine are
    // still waiting in the writer's queue when the shutdown begins. Long timeouts: a 503 here
    // can only mean "refused", never "committed too slowly".
    let config = jl_consent_server::ServerConfig {
        ingest_timeout: Duration::from_secs(60),
        batch: BatchConfig {
            max_events: 1,
            ..BatchConfig::default()
        },
        ..test_config()
    };
    let options = StoreOptions {
        lock_timeout: Duration::from_secs(60),
        ..StoreOptions::default()
    };
    let mut app = TestApp::with_options(backend, config, options).await;
    let lock = Locker::lock(&app.db).await;
    let in_flight: Vec<_> = (0..10u32)
        .map(|i| {
            let body = batch_json(&[accept_all(i, i)]);
            let router = app.router.clone();
            tokio::spawn(async move {
                use tower::ServiceExt;
                let request = events_request().body(Body::from(body.clone())).unwrap();
                router.oneshot(request).await.unwrap().status()
            })
        })
        .collect();
    let ingest = app.state.ingest.clone();
    wait_until(
        Duration::from_secs(60),
        || {
            format!(
                "{} of 9 requests queued behind the held one",
                ingest.queued()
            )
        },
        async || ingest.queued() == 9,
    )
    .await;
    // The shutdown begins (its first poll stops the writer taking new work), then the lock goes.
    let mut shutdown = Box::pin(app.writer.take().unwrap().shutdown());
    assert!(
        tokio::time::timeout(Duration::ZERO, &mut shutdown)
            .await
            .is_err(),
        "the writer stopped with a commit still waiting"
    );
    lock.release().await;
    tokio::time::timeout(Duration::from_secs(60), shutdown)
        .await
        .expect("the writer drained its queue in time");
    let mut acknowledged = 0;
    for handle in in_flight {
        let status = handle.await.unwrap();
        assert_eq!(
            status,
            StatusCode::ACCEPTED,
            "queued before the shutdown, so committed"
        );
        acknowledged += 1;
    }
    let mut stored = 0;
    for i in 0..10 {
        stored += app
            .store
            .receipts_for_consent(consent_id(i).as_str())
            .await
            .unwrap()
            .len();
    }
    assert_eq!(
        (stored, acknowledged),
        (10, 10),
        "every queued request acknowledged and stored"
    );
    app.post_events(&batch_json(&[accept_all(99, 99)]))
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
}

/// Nothing identifying reaches the database file: not the address, the user agent or the page.
#[tokio::test]
async fn nothing_identifying_is_written_to_the_sqlite_file() {
    let app = TestApp::new(Backend::Sqlite).await;
    let body = batch_json(&[impression(1, default_shown()), accept_all(2, 1)]);
    let mut request = Request::post("/api/v1/events")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "Mozilla/5.0 UniqueAgentMarker")
        .header(header::REFERER, "https://www.example.kz/UniquePageMarker")
        .header("x-forwarded-for", "198.51.100.77")
        .body(Body::from(body))
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [203, 0, 113, 99],
            40_000,
        ))));
    assert_eq!(app.send(request).await.status, StatusCode::ACCEPTED);
    app.store.close().await;
    let path = app.db.url.strip_prefix("sqlite:").unwrap().to_owned();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains(consent_id(1).as_str()),
        "the receipt is in the file"
    );
    for marker in [
        "UniqueAgentMarker",
        "UniquePageMarker",
        "198.51.100.77",
        "203.0.113.99",
    ] {
        assert!(!text.contains(marker), "{marker} was stored");
    }
    // Stored as binary too? The address's four bytes must not appear next to each other either.
    assert!(!bytes.windows(4).any(|w| w == [203, 0, 113, 99]));
}
