#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Statistics: exact numbers for a known set of events, from rollups only.

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::*;
use jl_consent_core::receipt::DeviceClass;
use jl_consent_core::{DecisionAction, Language};
use serde_json::json;

on_both_databases!(
    stats_count_a_known_set_of_events_exactly,
    stats_come_from_rollups_not_receipts,
    the_default_range_is_the_last_30_days,
    bad_ranges_are_refused_with_the_field,
    an_empty_range_has_zero_rates_and_a_row_per_day,
    decisions_without_impressions_are_counted_with_zero_rates,
);

/// Two days of events over two revisions, three languages, three devices, with and without a
/// variant (see the expected numbers below).
async fn ingest_known_events(app: &TestApp) {
    let kk = shown(3, Language::Kk, DeviceClass::Mobile, None);
    let ru_b = shown(3, Language::Ru, DeviceClass::Desktop, Some("b"));
    let en = shown(4, Language::En, DeviceClass::Tablet, None);
    let both = [("analytics", true), ("advertising", true)];
    let none = [("analytics", false), ("advertising", false)];
    let mixed = [("analytics", true), ("advertising", false)];
    // Yesterday: 6 impressions, 2 accept all, 1 reject all, 1 custom.
    app.ingest_on(
        1,
        &[
            impression(1, kk.clone()),
            impression(2, kk.clone()),
            impression(3, kk.clone()),
            impression(4, kk.clone()),
            impression(5, ru_b.clone()),
            impression(6, ru_b.clone()),
            decision(7, 1, kk.clone(), DecisionAction::AcceptAll, true, &both),
            decision(8, 2, kk.clone(), DecisionAction::AcceptAll, true, &both),
            decision(9, 3, ru_b.clone(), DecisionAction::RejectAll, true, &none),
            decision(10, 4, kk.clone(), DecisionAction::Custom, true, &mixed),
        ],
    )
    .await;
    // Today: 3 impressions, 1 accept all, a change of mind and a withdrawal.
    app.ingest_on(
        0,
        &[
            impression(11, en.clone()),
            impression(12, en.clone()),
            impression(13, en.clone()),
            decision(14, 5, en.clone(), DecisionAction::AcceptAll, true, &both),
            decision(15, 5, en.clone(), DecisionAction::Custom, false, &mixed),
            decision(16, 1, kk.clone(), DecisionAction::Withdraw, false, &none),
        ],
    )
    .await;
}

fn rate(rate: f64, low: f64, high: f64) -> serde_json::Value {
    json!({"rate": rate, "low": low, "high": high})
}

#[allow(clippy::too_many_arguments)]
fn breakdown(
    key: &str,
    impressions: i64,
    accept_all: i64,
    reject_all: i64,
    custom: i64,
    (accept_rate, low, high): (f64, f64, f64),
) -> serde_json::Value {
    let first = accept_all + reject_all + custom;
    json!({"key": key, "impressions": impressions, "firstDecisions": first,
           "acceptAll": accept_all, "rejectAll": reject_all, "custom": custom,
           "ignored": (impressions - first).max(0),
           "acceptRate": accept_rate, "low": low, "high": high})
}

fn expected_known_stats() -> serde_json::Value {
    json!({
        "from": "2026-11-23", "to": "2026-11-25",
        "totals": {"impressions": 9, "firstDecisions": 5, "acceptAll": 3, "rejectAll": 1,
                   "custom": 1, "ignored": 4, "changes": 2, "withdrawals": 1},
        "rates": {
            "acceptAll": rate(0.3333, 0.1206, 0.6458),
            "rejectAll": rate(0.1111, 0.0199, 0.435),
            "custom": rate(0.1111, 0.0199, 0.435),
            "ignored": rate(0.4444, 0.1888, 0.7333),
        },
        "categories": [
            {"id": "advertising", "granted": 3, "decisions": 5, "rate": 0.6, "low": 0.2307, "high": 0.8824},
            {"id": "analytics", "granted": 4, "decisions": 5, "rate": 0.8, "low": 0.3755, "high": 0.9638},
        ],
        "daily": [
            {"day": "2026-11-23", "impressions": 0, "acceptAll": 0, "rejectAll": 0, "custom": 0, "withdrawals": 0, "ignored": 0},
            {"day": "2026-11-24", "impressions": 6, "acceptAll": 2, "rejectAll": 1, "custom": 1, "withdrawals": 0, "ignored": 2},
            {"day": "2026-11-25", "impressions": 3, "acceptAll": 1, "rejectAll": 0, "custom": 0, "withdrawals": 1, "ignored": 2},
        ],
        "breakdowns": {
            "revision": [
                breakdown("3", 6, 2, 1, 1, (0.3333, 0.0968, 0.7)),
                breakdown("4", 3, 1, 0, 0, (0.3333, 0.0615, 0.7923)),
            ],
            "language": [
                breakdown("en", 3, 1, 0, 0, (0.3333, 0.0615, 0.7923)),
                breakdown("kk", 4, 2, 0, 1, (0.5, 0.15, 0.85)),
                breakdown("ru", 2, 0, 1, 0, (0.0, 0.0, 0.6576)),
            ],
            "device": [
                breakdown("desktop", 2, 0, 1, 0, (0.0, 0.0, 0.6576)),
                breakdown("mobile", 4, 2, 0, 1, (0.5, 0.15, 0.85)),
                breakdown("tablet", 3, 1, 0, 0, (0.3333, 0.0615, 0.7923)),
            ],
            "variant": [
                breakdown("b", 2, 0, 1, 0, (0.0, 0.0, 0.6576)),
                breakdown("none", 7, 3, 0, 1, (0.4286, 0.1582, 0.7495)),
            ],
        }
    })
}

async fn stats_count_a_known_set_of_events_exactly(backend: Backend) {
    let app = TestApp::new(backend).await;
    ingest_known_events(&app).await;
    let cookie = app.signed_in().await;
    let response = app
        .get("/api/v1/stats?from=2026-11-23&to=2026-11-25", Some(&cookie))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.json(), expected_known_stats());
}

async fn stats_come_from_rollups_not_receipts(backend: Backend) {
    let app = TestApp::new(backend).await;
    ingest_known_events(&app).await;
    app.execute_sql("DELETE FROM receipts; DELETE FROM event_ids;")
        .await;
    let cookie = app.signed_in().await;
    let stats = app
        .get("/api/v1/stats?from=2026-11-23&to=2026-11-25", Some(&cookie))
        .await
        .json();
    assert_eq!(stats, expected_known_stats());
}

async fn the_default_range_is_the_last_30_days(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.ingest_on(29, &[impression(1, default_shown())]).await;
    app.ingest_on(30, &[impression(2, default_shown())]).await;
    let cookie = app.signed_in().await;
    let stats = app.get("/api/v1/stats", Some(&cookie)).await.json();
    assert_eq!(stats["from"], "2026-10-27");
    assert_eq!(stats["to"], TODAY);
    assert_eq!(stats["daily"].as_array().unwrap().len(), 30);
    assert_eq!(
        stats["totals"]["impressions"], 1,
        "the day 30 days ago is outside"
    );
    let stats = app
        .get("/api/v1/stats?to=2026-11-24", Some(&cookie))
        .await
        .json();
    assert_eq!(stats["from"], "2026-10-26");
    assert_eq!(stats["totals"]["impressions"], 2);
}

async fn bad_ranges_are_refused_with_the_field(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    for (query, field) in [
        ("from=2026-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2026-11-25&to=2026-11-24", "to"),
        ("from=2000-01-01&to=2026-11-25", "from"),
    ] {
        let got = app
            .get(&format!("/api/v1/stats?{query}"), Some(&cookie))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
        assert_eq!(got.as_deref(), Some(field), "{query}");
    }
}

async fn an_empty_range_has_zero_rates_and_a_row_per_day(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    let stats = app
        .get("/api/v1/stats?from=2026-02-27&to=2026-03-01", Some(&cookie))
        .await
        .json();
    let days: Vec<&str> = stats["daily"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["day"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2026-02-27", "2026-02-28", "2026-03-01"]);
    assert_eq!(stats["rates"]["acceptAll"], rate(0.0, 0.0, 0.0));
    assert_eq!(stats["categories"], json!([]));
    assert_eq!(stats["breakdowns"]["variant"], json!([]));
}

/// Receipts arrive for a day whose impression beacons were lost (or blocked): the decisions
/// are still counted, per day and in all; only the shares of impressions have no denominator.
async fn decisions_without_impressions_are_counted_with_zero_rates(backend: Backend) {
    let app = TestApp::new(backend).await;
    let both = [("analytics", true), ("advertising", true)];
    let none = [("analytics", false), ("advertising", false)];
    let shown = default_shown();
    app.ingest(&[
        decision(1, 1, shown.clone(), DecisionAction::AcceptAll, true, &both),
        decision(2, 2, shown.clone(), DecisionAction::AcceptAll, true, &both),
        decision(3, 3, shown, DecisionAction::RejectAll, true, &none),
    ])
    .await;
    let cookie = app.signed_in().await;
    let stats = app
        .get(
            &format!("/api/v1/stats?from={TODAY}&to={TODAY}"),
            Some(&cookie),
        )
        .await
        .json();
    assert_eq!(
        stats["daily"],
        json!([{"day": TODAY, "impressions": 0, "acceptAll": 2, "rejectAll": 1, "custom": 0,
                "withdrawals": 0, "ignored": 0}])
    );
    assert_eq!(stats["totals"]["firstDecisions"], 3);
    assert_eq!(stats["totals"]["acceptAll"], 2);
    assert_eq!(stats["totals"]["ignored"], 0);
    assert_eq!(stats["rates"]["acceptAll"], rate(0.0, 0.0, 0.0));
    assert_eq!(stats["categories"][0]["decisions"], 3, "{stats}");
    assert_eq!(stats["breakdowns"]["revision"][0]["firstDecisions"], 3);
}
