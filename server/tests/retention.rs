#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Retention deletes receipts and event ids older than the retention in small batches and keeps
//! the daily totals; erasure deletes one visitor's receipts and keeps the totals too.

#[macro_use]
mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use jl_consent_core::receipt::batch_json;
use jl_consent_core::DecisionAction;
use jl_consent_server::clock::utc_day;
use jl_consent_server::retention::{first_day_kept, prune, PruneBatches, Pruned};
use jl_consent_server::ServerConfig;

on_both_databases!(
    what_is_older_than_the_retention_goes_and_the_totals_stay,
    pruning_goes_batch_by_batch_and_ingest_is_served_in_between,
    erasure_deletes_one_visitors_receipts_and_keeps_the_totals,
    the_dashboard_is_told_the_retention_in_force,
);

const FULL_RANGE: &str = "/api/v1/stats?from=2026-01-01&to=2026-11-25";

async fn what_is_older_than_the_retention_goes_and_the_totals_stay(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    // 40, 31, 30 and 0 days ago: a decision and an impression each.
    for (n, days_ago) in [(1, 40), (2, 31), (3, 30), (4, 0)] {
        app.ingest_on(
            days_ago,
            &[accept_all(n, n), impression(100 + n, default_shown())],
        )
        .await;
    }
    let totals_before = app.get(FULL_RANGE, Some(&cookie)).await.json();
    let first_kept = first_day_kept(utc_day(NOW_MS), 30);
    let pruned = prune(&app.store, first_kept, PruneBatches::default(), None)
        .await
        .unwrap();
    assert_eq!(
        pruned,
        Pruned {
            receipts: 2,
            event_ids: 4
        }
    );
    for (consent, kept) in [(1, false), (2, false), (3, true), (4, true)] {
        let path = format!("/api/v1/receipts/{}", consent_id(consent).as_str());
        let status = app.get(&path, Some(&cookie)).await.status;
        let expected = if kept {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(status, expected, "consent {consent}");
    }
    let counts = app.row_counts().await;
    assert_eq!(counts["receipts"], 2);
    assert_eq!(counts["event_ids"], 4);
    // The daily totals, impressions included, are what they were.
    assert_eq!(
        app.get(FULL_RANGE, Some(&cookie)).await.json(),
        totals_before
    );
    // A second run finds nothing more.
    let again = prune(&app.store, first_kept, PruneBatches::default(), None)
        .await
        .unwrap();
    assert_eq!(again, Pruned::default());
}

/// 1,200 old receipts deleted 20 at a time with a 10 ms pause: a request sent once pruning has
/// begun is stored long before pruning ends (it waits for one batch at most, never for all).
async fn pruning_goes_batch_by_batch_and_ingest_is_served_in_between(backend: Backend) {
    let app = TestApp::new(backend).await;
    let old: Vec<_> = (0..1200).map(|n| accept_all(n, n)).collect();
    let refs: Vec<_> = old.iter().collect();
    app.store
        .store_events(&refs, NOW_MS - 100 * DAY_MS)
        .await
        .unwrap();
    let batches = PruneBatches {
        rows: 20,
        pause: Duration::from_millis(10),
    };
    let store = app.store.clone();
    let first_kept = first_day_kept(utc_day(NOW_MS), 30);
    let metrics = app.state.metrics.clone();
    let pruning =
        tokio::spawn(async move { prune(&store, first_kept, batches, Some(&metrics)).await });
    // Once pruning has begun, a request waits for one batch at most: when it is answered, most
    // old receipts are still there.
    while app.store.counts().await.unwrap().receipts == 1200 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    app.ingest(&[accept_all(5000, 5000)]).await;
    let old_left = app.store.counts().await.unwrap().receipts - 1;
    assert!(
        old_left > 0,
        "the request waited until every old receipt was deleted"
    );
    let pruned = pruning.await.unwrap().unwrap();
    assert_eq!(pruned.receipts, 1200);
    assert_eq!(pruned.event_ids, 1200);
    let counts = app.row_counts().await;
    assert_eq!((counts["receipts"], counts["event_ids"]), (1, 1));
    let metrics = app.state.metrics.encode().unwrap();
    assert!(
        metrics.contains(r#"jl_retention_deleted_rows_total{table="receipts"} 1200"#),
        "{metrics}"
    );
}

async fn erasure_deletes_one_visitors_receipts_and_keeps_the_totals(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    let first = accept_all(1, 7);
    let change = decision(
        2,
        7,
        default_shown(),
        DecisionAction::RejectAll,
        false,
        &[("analytics", false), ("advertising", false)],
    );
    app.ingest(&[first.clone(), change, accept_all(3, 8)]).await;
    let totals_before = app.get(FULL_RANGE, Some(&cookie)).await.json();

    let erased = app
        .store
        .erase_consent(&consent_id(7), NOW_MS + 1000)
        .await
        .unwrap();
    assert_eq!(erased, 2);
    let path = |n: u32| format!("/api/v1/receipts/{}", consent_id(n).as_str());
    assert_eq!(
        app.get(&path(7), Some(&cookie)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&path(8), Some(&cookie)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(FULL_RANGE, Some(&cookie)).await.json(),
        totals_before
    );
    // When and how many, never the id.
    assert_eq!(app.store.erasures().await.unwrap(), [(NOW_MS + 1000, 2)]);
    let every_value = app.every_value().await;
    assert!(
        every_value
            .iter()
            .all(|(_, _, value)| !value.contains(consent_id(7).as_str())),
        "the consent id is nowhere"
    );
    // The widget's outbox sending the erased event again does not bring it back.
    let again = app.post_events(&batch_json(&[first])).await;
    again.assert_error(StatusCode::CONFLICT, "duplicate_event");
    assert_eq!(
        app.get(&path(7), Some(&cookie)).await.status,
        StatusCode::NOT_FOUND
    );
    // An id without receipts erases nothing, and says so.
    assert_eq!(
        app.store
            .erase_consent(&consent_id(9), NOW_MS)
            .await
            .unwrap(),
        0
    );
}

async fn the_dashboard_is_told_the_retention_in_force(backend: Backend) {
    let app = TestApp::with_config(
        backend,
        ServerConfig {
            retention_days: Some(400),
            ..test_config()
        },
    )
    .await;
    let cookie = app.signed_in().await;
    let stats = app.get("/api/v1/stats", Some(&cookie)).await.json();
    assert_eq!(stats["retentionDays"], 400);
    let unlimited = TestApp::new(backend).await;
    let cookie = unlimited.signed_in().await;
    let stats = unlimited.get("/api/v1/stats", Some(&cookie)).await.json();
    assert!(stats.get("retentionDays").is_none(), "{stats}");
}
