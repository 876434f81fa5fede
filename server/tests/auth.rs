#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Sessions: login, the cookie, expiry, logout, and 401 on every protected route without one.
//! The protected routes are not listed here: they are every method of every `/api` route the
//! router declares, but those `routes::PUBLIC_API_ROUTES` names, so a new route is covered the
//! moment it exists.

#[macro_use]
mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use common::*;
use jl_consent_server::password::PasswordHashing;
use jl_consent_server::routes::PUBLIC_API_ROUTES;

on_both_databases!(
    every_protected_route_refuses_requests_without_a_session,
    every_api_route_but_the_public_ones_is_protected,
    a_forged_or_unknown_session_cookie_is_refused,
    wrong_credentials_are_refused_alike,
    a_login_sets_a_strict_http_only_cookie_and_opens_the_api,
    only_the_hash_of_the_session_token_is_stored,
    a_session_expires_after_twelve_hours,
    logout_revokes_the_session_and_clears_the_cookie,
    a_password_change_or_removal_ends_the_sessions,
    login_requests_from_another_site_are_refused,
    malformed_login_bodies_are_refused,
);

/// Every path pattern the router declares, read from its `Debug` form: axum lists its route table
/// there (`RouteId(3): "/api/v1/stats"`).
fn declared_paths(router: &Router) -> Vec<String> {
    let table = format!("{router:?}");
    let mut paths: Vec<String> = table
        .split("RouteId(")
        .filter_map(|entry| {
            let (_, rest) = entry.split_once("): \"")?;
            Some(rest.split('"').next()?.to_owned())
        })
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// A concrete path for a pattern: each `{parameter}` a well-formed consent id, a `{*tail}` two segments.
fn sample_path(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|segment| match segment {
            s if s.starts_with("{*") => "some/path",
            s if s.starts_with('{') => "081040G2081040G2",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

const METHODS: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
    Method::OPTIONS,
];

fn is_public(method: &Method, pattern: &str) -> bool {
    PUBLIC_API_ROUTES
        .iter()
        .any(|(m, p)| *p == pattern && (*m == "*" || *m == method.as_str()))
}

async fn send_without_session(app: &TestApp, method: &Method, path: &str) -> TestResponse {
    app.send(
        Request::builder()
            .method(method.clone())
            .uri(path)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// Every (method, sample path) of an `/api` route that is not public and that the route takes (it
/// does not answer 405), found by asking the router itself.
async fn protected_routes(app: &TestApp) -> Vec<(Method, String)> {
    let patterns: Vec<String> = declared_paths(&app.router)
        .into_iter()
        .filter(|p| p == "/api" || p.starts_with("/api/"))
        .collect();
    // The router's table was read at all: the routes every dashboard page needs are in it.
    for known in ["/api/v1/stats", "/api/v1/session", "/api/v1/events"] {
        assert!(
            patterns.iter().any(|p| p == known),
            "{known} not among the routes read from the router: {patterns:?}"
        );
    }
    let mut protected = Vec::new();
    for pattern in &patterns {
        for method in &METHODS {
            if is_public(method, pattern) {
                continue;
            }
            let path = sample_path(pattern);
            let response = send_without_session(app, method, &path).await;
            if response.status == StatusCode::METHOD_NOT_ALLOWED {
                continue;
            }
            protected.push((method.clone(), path));
        }
    }
    protected
}

async fn every_api_route_but_the_public_ones_is_protected(backend: Backend) {
    let app = TestApp::new(backend).await;
    let protected = protected_routes(&app).await;
    let mut unprotected = Vec::new();
    for (method, path) in &protected {
        let response = send_without_session(&app, method, path).await;
        if response.status != StatusCode::UNAUTHORIZED {
            unprotected.push(format!("{method} {path}: {}", response.status));
            continue;
        }
        if method != Method::HEAD {
            response.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
        }
    }
    assert!(
        unprotected.is_empty(),
        "answered without a session (a route public by design belongs in routes::PUBLIC_API_ROUTES): {unprotected:?}"
    );
    // Each route the dashboard reads is among them.
    for known in [
        "GET /api/v1/session",
        "GET /api/v1/stats",
        "GET /api/v1/receipts/081040G2081040G2",
        "GET /api/v1/export/receipts.csv",
        "GET /api/v1/export/daily.csv",
    ] {
        assert!(
            protected.iter().any(|(m, p)| format!("{m} {p}") == known),
            "{known} is not a protected route: {protected:?}"
        );
    }
}

async fn every_protected_route_refuses_requests_without_a_session(backend: Backend) {
    let app = TestApp::new(backend).await;
    for (method, path) in protected_routes(&app).await {
        // A bad query is not looked at before the session is.
        let response = send_without_session(&app, &method, &format!("{path}?from=nonsense")).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
}

async fn a_forged_or_unknown_session_cookie_is_refused(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.signed_in().await;
    let protected = protected_routes(&app).await;
    for cookie in [
        format!("jl_session={}", "a".repeat(64)),
        "jl_session=short".to_owned(),
        "jl_session=".to_owned(),
        "other=1".to_owned(),
    ] {
        for (method, path) in &protected {
            let response = app
                .send(
                    Request::builder()
                        .method(method.clone())
                        .uri(path)
                        .header(header::COOKIE, &cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(
                response.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {cookie}"
            );
        }
    }
}

async fn wrong_credentials_are_refused_alike(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.add_user("anna", "correct horse battery").await;
    let wrong_password = app.login("anna", "wrong horse battery").await;
    let unknown_user = app.login("boris", "correct horse battery").await;
    let empty = app.login("", "").await;
    for response in [&wrong_password, &unknown_user, &empty] {
        response.assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
        assert_eq!(response.header("set-cookie"), None);
    }
    assert_eq!(
        wrong_password.body, unknown_user.body,
        "no hint which one was wrong"
    );
}

async fn a_login_sets_a_strict_http_only_cookie_and_opens_the_api(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.add_user("anna", "correct horse battery").await;
    let response = app.login("anna", "correct horse battery").await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    let set_cookie = response.header("set-cookie").unwrap();
    let attributes: Vec<&str> = set_cookie.split("; ").collect();
    assert!(attributes[0].starts_with("jl_session="));
    assert_eq!(attributes[0].len(), "jl_session=".len() + 64);
    for attribute in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=43200",
    ] {
        assert!(
            attributes.contains(&attribute),
            "{attribute} in {set_cookie}"
        );
    }
    let cookie = session_cookie(&response);
    let me = app.get("/api/v1/session", Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json(), serde_json::json!({"username": "anna"}));
    for path in [
        "/api/v1/stats",
        "/api/v1/export/receipts.csv",
        "/api/v1/export/daily.csv",
    ] {
        assert_eq!(
            app.get(path, Some(&cookie)).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    let two_cookies = format!("theme=dark; {cookie}");
    assert_eq!(
        app.get("/api/v1/stats", Some(&two_cookies)).await.status,
        StatusCode::OK
    );
}

async fn only_the_hash_of_the_session_token_is_stored(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    let token = cookie.strip_prefix("jl_session=").unwrap();
    assert!(app
        .store
        .session_user(token, NOW_MS)
        .await
        .unwrap()
        .is_none());
    let hash = jl_consent_server::session::hash_token(token);
    assert_eq!(
        app.store
            .session_user(&hash, NOW_MS)
            .await
            .unwrap()
            .as_deref(),
        Some("anna")
    );
}

async fn a_session_expires_after_twelve_hours(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    app.clock.advance(Duration::from_secs(12 * 3600 - 1));
    assert_eq!(
        app.get("/api/v1/stats", Some(&cookie)).await.status,
        StatusCode::OK
    );
    app.clock.advance(Duration::from_secs(1));
    app.get("/api/v1/stats", Some(&cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
}

async fn logout_revokes_the_session_and_clears_the_cookie(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    let logout = |cookie: Option<String>| {
        let mut request = Request::delete("/api/v1/session");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        app.send(request.body(Body::empty()).unwrap())
    };
    let response = logout(Some(cookie.clone())).await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    let cleared = response.header("set-cookie").unwrap();
    assert!(
        cleared.starts_with("jl_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    app.get("/api/v1/stats", Some(&cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
    // Logging out twice, or without a session, is harmless.
    assert_eq!(logout(Some(cookie)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(logout(None).await.status, StatusCode::NO_CONTENT);
}

async fn a_password_change_or_removal_ends_the_sessions(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    let hash = PasswordHashing::insecure_fast()
        .hash("a new long password")
        .unwrap();
    assert!(app.store.set_password("anna", &hash).await.unwrap());
    app.get("/api/v1/stats", Some(&cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
    app.login("anna", "correct horse battery")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
    let response = app.login("anna", "a new long password").await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    let cookie = session_cookie(&response);
    assert!(app.store.delete_user("anna").await.unwrap());
    app.get("/api/v1/session", Some(&cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
}

async fn login_requests_from_another_site_are_refused(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.add_user("anna", "correct horse battery").await;
    let login = |origin: &str| {
        app.send(
            Request::post("/api/v1/session")
                .header(header::HOST, "consent.example.kz")
                .header(header::ORIGIN, origin)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    r#"{"username":"anna","password":"correct horse battery"}"#,
                ))
                .unwrap(),
        )
    };
    login("https://evil.example")
        .await
        .assert_error(StatusCode::FORBIDDEN, "origin_not_allowed");
    assert_eq!(
        login("https://consent.example.kz").await.status,
        StatusCode::NO_CONTENT
    );
}

async fn malformed_login_bodies_are_refused(backend: Backend) {
    let app = TestApp::new(backend).await;
    let post = |content_type: &str, body: &str| {
        app.send(
            Request::post("/api/v1/session")
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body.to_owned()))
                .unwrap(),
        )
    };
    post("text/plain", r#"{"username":"a","password":"b"}"#)
        .await
        .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    post("application/json", "{")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "malformed_json");
    post("application/json", r#"{"username":"a"}"#)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
    post(
        "application/json",
        r#"{"username":"a","password":"b","remember":true}"#,
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
    post("application/json", &" ".repeat(5000))
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
}
