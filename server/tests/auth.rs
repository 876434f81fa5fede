#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Sessions: login, the cookie, expiry, logout, and 401 on every protected route without one.

#[macro_use]
mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use jl_consent_server::password::PasswordHashing;
use jl_consent_server::ServerConfig;

on_both_databases!(
    every_protected_route_refuses_requests_without_a_session,
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

const PROTECTED: [&str; 5] = [
    "/api/v1/session",
    "/api/v1/stats",
    "/api/v1/receipts/081040G2081040G2",
    "/api/v1/export/receipts.csv",
    "/api/v1/export/daily.csv",
];

async fn every_protected_route_refuses_requests_without_a_session(backend: Backend) {
    let app = TestApp::new(backend).await;
    for path in PROTECTED {
        app.get(path, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
        // A bad query is not looked at before the session is.
        app.get(&format!("{path}?from=nonsense"), None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
    }
}

async fn a_forged_or_unknown_session_cookie_is_refused(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.signed_in().await;
    for cookie in [
        format!("jl_session={}", "a".repeat(64)),
        "jl_session=short".to_owned(),
        "jl_session=".to_owned(),
        "other=1".to_owned(),
    ] {
        for path in PROTECTED {
            app.get(path, Some(&cookie))
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
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
    for path in PROTECTED.iter().filter(|p| !p.contains("receipts/")) {
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
    let config = ServerConfig {
        public_origins: vec!["https://consent.example.kz".to_owned()],
        ..test_config()
    };
    let app = TestApp::with_config(backend, config).await;
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
