#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Proof of consent: every decision under one consent id, oldest first.

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::*;
use jl_consent_core::receipt::DeviceClass;
use jl_consent_core::{DecisionAction, Language};
use serde_json::json;

on_both_databases!(
    a_consent_history_lists_every_decision_oldest_first,
    choices_keep_the_order_the_widget_sent,
    unknown_or_malformed_consent_ids_are_not_found,
);

async fn a_consent_history_lists_every_decision_oldest_first(backend: Backend) {
    let app = TestApp::new(backend).await;
    let variant_b = shown(3, Language::Ru, DeviceClass::Desktop, Some("b"));
    app.ingest_on(1, &[impression(1, default_shown()), accept_all(2, 7)])
        .await;
    app.ingest_on(
        0,
        &[decision(
            3,
            7,
            variant_b,
            DecisionAction::Withdraw,
            false,
            &[("analytics", false), ("advertising", true)],
        )],
    )
    .await;
    app.ingest(&[accept_all(4, 8)]).await;
    let cookie = app.signed_in().await;
    let id = consent_id(7);
    let response = app
        .get(&format!("/api/v1/receipts/{}", id.as_str()), Some(&cookie))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        response.json(),
        json!({"consentId": id.as_str(), "receipts": [
            {"eventId": event_id(2).as_str(), "receivedAt": "2026-11-24T12:00:00Z",
             "decidedAt": 1_795_600_000, "revision": 3, "configHash": HASH,
             "choices": {"analytics": true, "advertising": true}, "action": "accept_all",
             "first": true, "language": "kk", "device": "mobile", "variant": null},
            {"eventId": event_id(3).as_str(), "receivedAt": "2026-11-25T12:00:00Z",
             "decidedAt": 1_795_600_000, "revision": 3, "configHash": HASH,
             "choices": {"analytics": false, "advertising": true}, "action": "withdraw",
             "first": false, "language": "ru", "device": "desktop", "variant": "b"},
        ]})
    );
}

async fn choices_keep_the_order_the_widget_sent(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.ingest(&[decision(
        1,
        1,
        default_shown(),
        DecisionAction::Custom,
        true,
        &[
            ("marketing", true),
            ("analytics", false),
            ("functional", true),
        ],
    )])
    .await;
    let cookie = app.signed_in().await;
    let text = app
        .get(
            &format!("/api/v1/receipts/{}", consent_id(1).as_str()),
            Some(&cookie),
        )
        .await
        .text();
    assert!(
        text.contains("\"choices\":{\"marketing\":true,\"analytics\":false,\"functional\":true}"),
        "{text}"
    );
}

async fn unknown_or_malformed_consent_ids_are_not_found(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.ingest(&[impression(1, default_shown())]).await;
    let cookie = app.signed_in().await;
    for id in [
        consent_id(1).as_str().to_owned(),
        "not-an-id".to_owned(),
        "0".repeat(17),
    ] {
        app.get(&format!("/api/v1/receipts/{id}"), Some(&cookie))
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
    }
}
