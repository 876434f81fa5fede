#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Anonymous poisoning of the consent log: an attacker whose every decision invents a banner
//! variant and 32 category ids. What one client and one day may add to the log's ids is bounded,
//! and so is what the log keeps; whatever the log holds, the stats answer stays small and the
//! receipts export grows no faster than the input that made it.

#[macro_use]
mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use common::hostile::{hostile_bodies, hostile_decision};
use common::*;
use jl_consent_core::receipt::{batch_json, ConsentEvent, DeviceClass};
use jl_consent_core::{DecisionAction, Language};
use jl_consent_server::Store;

on_both_databases!(
    the_reported_attack_leaves_exports_and_stats_the_size_of_its_input,
    new_ids_beyond_an_allowance_are_refused_with_a_code_that_says_which,
    whatever_the_log_holds_stats_and_exports_stay_the_size_of_their_input,
);

/// Category ids the log keeps without `--widget-config`.
const MAX_CATEGORIES: i64 = 64;
/// Variant ids the log keeps without `--widget-config`.
const MAX_VARIANTS: i64 = 32;
/// The key of the row that sums what a list of the stats answer leaves out.
const OTHER_KEY: &str = "(other)";
/// Rows a list of the stats answer shows before the rest is summed.
const MAX_LIST_ROWS: usize = 32;

/// `POST /api/v1/events` from the client address `from`.
async fn post_from(app: &TestApp, from: [u8; 4], body: &str) -> TestResponse {
    let mut request = events_request().body(Body::from(body.to_owned())).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((from, 50_000))));
    app.send(request).await
}

/// Distinct category ids and variant ids in the rollups.
async fn distinct_ids(store: &Store) -> (i64, i64) {
    let categories = "SELECT COUNT(DISTINCT category) FROM rollup_categories";
    let variants = "SELECT COUNT(DISTINCT variant) FROM rollup_daily WHERE variant <> ''";
    match store {
        Store::Sqlite(pool) => (
            sqlx::query_scalar(categories)
                .fetch_one(pool)
                .await
                .unwrap(),
            sqlx::query_scalar(variants).fetch_one(pool).await.unwrap(),
        ),
        Store::Postgres(pool) => (
            sqlx::query_scalar(categories)
                .fetch_one(pool)
                .await
                .unwrap(),
            sqlx::query_scalar(variants).fetch_one(pool).await.unwrap(),
        ),
    }
}

async fn the_reported_attack_leaves_exports_and_stats_the_size_of_its_input(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    let mut sent = 0;
    let mut accepted = 0;
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    // As reported: 2,400 decisions in 142 requests of about 14 KB from one address, then the
    // same kind of decision one per request from 16 addresses.
    let from_one = hostile_bodies(0, 2400, 17).into_iter().map(|b| (1, b));
    let spread = hostile_bodies(10_000, 400, 1)
        .into_iter()
        .enumerate()
        .map(|(i, b)| (2 + (i % 16) as u8, b));
    for (client, body) in from_one.chain(spread) {
        let response = post_from(&app, [198, 51, 100, client], &body).await;
        *statuses.entry(response.status.as_u16()).or_default() += 1;
        sent += body.len();
        if response.status == StatusCode::ACCEPTED {
            accepted += body.len();
        }
    }
    let (categories, variants) = distinct_ids(&app.store).await;
    let stats = app.get("/api/v1/stats", Some(&cookie)).await;
    assert_eq!(stats.status, StatusCode::OK);
    let export = app.get("/api/v1/export/receipts.csv", Some(&cookie)).await;
    assert_eq!(export.status, StatusCode::OK);
    eprintln!(
        "sent {sent} bytes, accepted {accepted}; answers {statuses:?}; the log keeps \
         {categories} category ids and {variants} variant ids; stats answer {} bytes, receipts \
         export {} bytes",
        stats.body.len(),
        export.body.len()
    );
    assert!(categories <= MAX_CATEGORIES, "{categories} category ids");
    assert!(variants <= MAX_VARIANTS, "{variants} variant ids");
    assert!(
        stats.body.len() <= 32 * 1024,
        "a stats answer of {} bytes",
        stats.body.len()
    );
    assert!(
        export.body.len() <= accepted.max(4096),
        "a receipts export of {} bytes from {accepted} bytes of accepted input",
        export.body.len()
    );
}

/// A first decision listing only ids the log holds after `hostile_decision(1)`, as `variant`.
fn known_ids_decision(n: u32, variant: &str) -> ConsentEvent {
    decision(
        n,
        n,
        shown(3, Language::Kk, DeviceClass::Mobile, Some(variant)),
        DecisionAction::AcceptAll,
        true,
        &[("c1-0", true), ("c1-1", true)],
    )
}

async fn new_ids_beyond_an_allowance_are_refused_with_a_code_that_says_which(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (a, b, c) = ([198, 51, 100, 1], [198, 51, 100, 2], [198, 51, 100, 3]);
    let post = |from, event: ConsentEvent| {
        let body = batch_json(&[event]);
        let app = &app;
        async move { post_from(app, from, &body).await }
    };
    // 33 new ids (a variant and 32 categories) from one client: within its allowance.
    assert_eq!(
        post(a, hostile_decision(1)).await.status,
        StatusCode::ACCEPTED
    );
    // 33 more from the same client on the same day: over it, until the next UTC day.
    let refused = post(a, hostile_decision(2)).await;
    refused.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_new_ids");
    let midnight_in_secs = (DAY_MS - NOW_MS % DAY_MS) / 1000;
    assert_eq!(
        refused.header("retry-after"),
        Some(midnight_in_secs.to_string().as_str())
    );
    // Ids the log holds cost nothing.
    let known = post(a, known_ids_decision(5, "v1")).await;
    assert_eq!(known.status, StatusCode::ACCEPTED, "{}", known.text());
    // Another client: the day's allowance (for all clients) is taken.
    post(b, hostile_decision(3))
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_new_ids");
    // The next day it passes: the log now keeps its most category ids.
    app.clock.set_ms(NOW_MS + DAY_MS);
    assert_eq!(
        post(b, hostile_decision(3)).await.status,
        StatusCode::ACCEPTED
    );
    assert_eq!(distinct_ids(&app.store).await, (MAX_CATEGORIES, 2));
    let field = post(c, hostile_decision(4))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "too_many_ids");
    assert_eq!(field.as_deref(), Some("events[0].choices.c4-0"));
    // Variants, one per request and client, up to the most the log keeps.
    for n in 2..MAX_VARIANTS as u8 {
        let response = post(
            [203, 0, 113, n],
            known_ids_decision(100 + u32::from(n), &format!("w{n}")),
        )
        .await;
        assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
    }
    assert_eq!(
        distinct_ids(&app.store).await,
        (MAX_CATEGORIES, MAX_VARIANTS)
    );
    let field = post(c, known_ids_decision(200, "one-too-many"))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "too_many_ids");
    assert_eq!(field.as_deref(), Some("events[0].variant"));
    for refused in [2, 4, 200] {
        assert!(app
            .store
            .receipts_for_consent(consent_id(refused).as_str())
            .await
            .unwrap()
            .is_empty());
    }
}

async fn whatever_the_log_holds_stats_and_exports_stay_the_size_of_their_input(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    // Written past the ingest checks (a log poisoned before they existed): 2,400 decisions with
    // a variant and 32 categories each of their own, and impressions of 300 revisions.
    let mut events: Vec<ConsentEvent> = (0..2400).map(hostile_decision).collect();
    events.extend((1..=300).map(|revision| {
        impression(
            100_000 + revision,
            shown(revision, Language::Ru, DeviceClass::Desktop, None),
        )
    }));
    let input: usize = events.chunks(50).map(|batch| batch_json(batch).len()).sum();
    for batch in events.chunks(500) {
        let batch: Vec<&ConsentEvent> = batch.iter().collect();
        app.store.store_events(&batch, NOW_MS).await.unwrap();
    }
    let response = app.get("/api/v1/stats", Some(&cookie)).await;
    assert_eq!(response.status, StatusCode::OK);
    let stats = response.json();
    let export = app.get("/api/v1/export/receipts.csv", Some(&cookie)).await;
    assert_eq!(export.status, StatusCode::OK);
    eprintln!(
        "input {input} bytes; stats answer {} bytes, receipts export {} bytes",
        response.body.len(),
        export.body.len()
    );
    assert!(
        response.body.len() <= 32 * 1024,
        "a stats answer of {} bytes",
        response.body.len()
    );
    // Every list is cut to its largest rows, the rest summed in one row: nothing is lost.
    for list in ["revision", "variant"] {
        let rows = stats["breakdowns"][list].as_array().unwrap();
        assert_eq!(rows.len(), MAX_LIST_ROWS + 1, "{list}");
        assert_eq!(rows[MAX_LIST_ROWS]["key"], OTHER_KEY, "{list}");
        for total in ["impressions", "firstDecisions", "custom"] {
            let sum: u64 = rows.iter().map(|r| r[total].as_u64().unwrap()).sum();
            assert_eq!(
                sum,
                stats["totals"][total].as_u64().unwrap(),
                "{list} {total}"
            );
        }
    }
    let categories = stats["categories"].as_array().unwrap();
    assert_eq!(categories.len(), MAX_LIST_ROWS + 1);
    assert_eq!(categories[MAX_LIST_ROWS]["id"], OTHER_KEY);
    let decisions: u64 = categories
        .iter()
        .map(|c| c["decisions"].as_u64().unwrap())
        .sum();
    assert_eq!(decisions, 2400 * 32);
    // The export: a bounded number of columns, each decision's other choices in one cell.
    assert!(
        export.body.len() <= input,
        "a receipts export of {} bytes from {input} bytes of input",
        export.body.len()
    );
    let text = export.text();
    let mut lines = text.split("\r\n");
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header.last(), Some(&"other_categories"));
    assert!(
        header.len() <= 11 + MAX_CATEGORIES as usize + 1,
        "{} columns",
        header.len()
    );
    let row = lines
        .find(|line| line.contains(consent_id(7).as_str()))
        .unwrap();
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells.len(), header.len());
    let listed = header[11..header.len() - 1]
        .iter()
        .zip(&cells[11..cells.len() - 1])
        .filter(|(_, cell)| !cell.is_empty())
        .map(|(id, cell)| format!("{id}={cell}"));
    let others = cells[cells.len() - 1]
        .split(' ')
        .filter(|choice| !choice.is_empty())
        .map(str::to_owned);
    let mut choices: Vec<String> = listed.chain(others).collect();
    choices.sort();
    let mut expected: Vec<String> = (0..32).map(|k| format!("c7-{k}={}", k % 2 == 0)).collect();
    expected.sort();
    assert_eq!(choices, expected, "decision 7 whole in its row");
}
