#![allow(clippy::unwrap_used, clippy::expect_used)]
//! CORS on ingest: allowed origins get the header, others 403; preflights are answered.

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use jl_consent_core::receipt::batch_json;
use jl_consent_server::ServerConfig;

on_both_databases!(
    an_allowed_origin_gets_the_cors_header,
    an_origin_not_allowed_gets_403_and_nothing_is_stored,
    the_servers_own_origin_is_always_allowed,
    requests_without_an_origin_are_not_browsers_and_pass,
    preflights_are_answered_for_allowed_origins_only,
    errors_for_an_allowed_origin_are_readable_by_the_widget,
);

const SITE: &str = "https://www.jetleasing.kz";

async fn app_allowing_site(backend: Backend) -> TestApp {
    let config = ServerConfig {
        allowed_origins: vec![SITE.to_owned()],
        ..test_config()
    };
    TestApp::with_config(backend, config).await
}

fn post(origin: Option<&str>, body: String) -> Request<Body> {
    let mut request = Request::post("/api/v1/events")
        .header(header::HOST, "consent.jetleasing.kz")
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8");
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    request.body(Body::from(body)).unwrap()
}

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/v1/events")
        .header(header::HOST, "consent.jetleasing.kz")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .unwrap()
}

async fn an_allowed_origin_gets_the_cors_header(backend: Backend) {
    let app = app_allowing_site(backend).await;
    let response = app
        .send(post(Some(SITE), batch_json(&[accept_all(1, 1)])))
        .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert_eq!(response.header("access-control-allow-origin"), Some(SITE));
    assert_eq!(response.header("vary"), Some("origin"));
    assert_eq!(response.header("access-control-allow-credentials"), None);
}

async fn an_origin_not_allowed_gets_403_and_nothing_is_stored(backend: Backend) {
    let app = app_allowing_site(backend).await;
    for origin in ["https://evil.example", "http://www.jetleasing.kz", "null"] {
        let response = app
            .send(post(Some(origin), batch_json(&[accept_all(1, 1)])))
            .await;
        response.assert_error(StatusCode::FORBIDDEN, "origin_not_allowed");
        assert_eq!(response.header("access-control-allow-origin"), None);
    }
    assert!(app
        .store
        .receipts_for_consent(consent_id(1).as_str())
        .await
        .unwrap()
        .is_empty());
}

async fn the_servers_own_origin_is_always_allowed(backend: Backend) {
    let config = ServerConfig {
        public_origins: vec!["https://consent.jetleasing.kz".to_owned()],
        ..test_config()
    };
    let app = TestApp::with_config(backend, config).await; // empty allow-list
    let response = app
        .send(post(
            Some("https://consent.jetleasing.kz"),
            batch_json(&[accept_all(1, 1)]),
        ))
        .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
}

async fn requests_without_an_origin_are_not_browsers_and_pass(backend: Backend) {
    let app = TestApp::new(backend).await;
    let response = app.send(post(None, batch_json(&[accept_all(1, 1)]))).await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert_eq!(response.header("access-control-allow-origin"), None);
}

async fn preflights_are_answered_for_allowed_origins_only(backend: Backend) {
    let app = app_allowing_site(backend).await;
    let response = app.send(preflight(SITE)).await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert_eq!(response.header("access-control-allow-origin"), Some(SITE));
    assert_eq!(
        response.header("access-control-allow-methods"),
        Some("POST")
    );
    assert_eq!(
        response.header("access-control-allow-headers"),
        Some("content-type")
    );
    assert_eq!(response.header("access-control-max-age"), Some("86400"));
    let refused = app.send(preflight("https://evil.example")).await;
    refused.assert_error(StatusCode::FORBIDDEN, "origin_not_allowed");
    assert_eq!(refused.header("access-control-allow-origin"), None);
}

async fn errors_for_an_allowed_origin_are_readable_by_the_widget(backend: Backend) {
    let app = app_allowing_site(backend).await;
    let body = batch_json(&[accept_all(1, 1)]);
    app.send(post(Some(SITE), body.clone())).await;
    let duplicate = app.send(post(Some(SITE), body)).await;
    duplicate.assert_error(StatusCode::CONFLICT, "duplicate_event");
    assert_eq!(duplicate.header("access-control-allow-origin"), Some(SITE));
    let invalid = app.send(post(Some(SITE), "{}".to_owned())).await;
    invalid.assert_error(StatusCode::BAD_REQUEST, "invalid_event");
    assert_eq!(invalid.header("access-control-allow-origin"), Some(SITE));
}
