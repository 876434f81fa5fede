#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Ingest rate limiting per client address, in memory.

#[macro_use]
mod common;

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use common::*;
use jl_consent_core::receipt::batch_json;
use jl_consent_server::ServerConfig;

on_both_databases!(
    a_client_over_the_limit_gets_429_with_retry_after,
    forwarded_addresses_count_only_behind_a_trusted_balancer,
);

fn limited(per_minute: u32, trust_forwarded_for: bool) -> ServerConfig {
    ServerConfig {
        rate_limit_per_minute: per_minute,
        trust_forwarded_for,
        ..test_config()
    }
}

async fn post_from(app: &TestApp, n: u32, peer: [u8; 4], forwarded: Option<&str>) -> TestResponse {
    let body = batch_json(&[impression(n, default_shown())]);
    let mut request = events_request();
    if let Some(forwarded) = forwarded {
        request = request.header("x-forwarded-for", forwarded);
    }
    let mut request = request.body(Body::from(body)).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((peer, 40_000))));
    app.send(request).await
}

async fn a_client_over_the_limit_gets_429_with_retry_after(backend: Backend) {
    let app = TestApp::with_config(backend, limited(3, false)).await;
    for n in 0..3 {
        assert_eq!(
            post_from(&app, n, [192, 0, 2, 1], None).await.status,
            StatusCode::ACCEPTED
        );
    }
    let response = post_from(&app, 3, [192, 0, 2, 1], None).await;
    response.assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(response.header("retry-after"), Some("20"));
    assert_eq!(
        post_from(&app, 4, [192, 0, 2, 2], None).await.status,
        StatusCode::ACCEPTED,
        "another client is not limited"
    );
    app.clock.advance(Duration::from_secs(20));
    assert_eq!(
        post_from(&app, 5, [192, 0, 2, 1], None).await.status,
        StatusCode::ACCEPTED
    );
}

async fn forwarded_addresses_count_only_behind_a_trusted_balancer(backend: Backend) {
    // Untrusted: a client cannot escape its limit by inventing X-Forwarded-For entries.
    let app = TestApp::with_config(backend, limited(1, false)).await;
    assert_eq!(
        post_from(&app, 0, [192, 0, 2, 1], Some("203.0.113.1"))
            .await
            .status,
        StatusCode::ACCEPTED
    );
    post_from(&app, 1, [192, 0, 2, 1], Some("203.0.113.2"))
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // Trusted: every request comes from the balancer; the last entry is the real client.
    let app = TestApp::with_config(backend, limited(1, true)).await;
    let balancer = [10, 0, 0, 5];
    assert_eq!(
        post_from(&app, 0, balancer, Some("198.51.100.1, 203.0.113.1"))
            .await
            .status,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        post_from(&app, 1, balancer, Some("203.0.113.2"))
            .await
            .status,
        StatusCode::ACCEPTED
    );
    post_from(&app, 2, balancer, Some("203.0.113.1"))
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
}
