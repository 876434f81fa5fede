#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Login throttling: after five failures per user name (or twenty per client) attempts wait,
//! and the wait doubles.

#[macro_use]
mod common;

use std::net::IpAddr;
use std::time::Duration;

use axum::http::StatusCode;
use common::*;

on_both_databases!(
    five_failures_lock_the_user_name_even_for_the_right_password,
    the_wait_doubles_with_each_further_failure,
    one_client_guessing_many_names_is_slowed,
);

const OFFICE: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 10)));
const HOME: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 20)));

async fn five_failures_lock_the_user_name_even_for_the_right_password(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.add_user("anna", "correct horse battery").await;
    for _ in 0..5 {
        app.login_from("anna", "guess", OFFICE)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
    }
    for client in [OFFICE, HOME] {
        let response = app
            .login_from("anna", "correct horse battery", client)
            .await;
        response.assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
        assert_eq!(response.header("retry-after"), Some("2"));
        assert_eq!(response.header("set-cookie"), None);
    }
    app.clock.advance(Duration::from_secs(2));
    let response = app.login_from("anna", "correct horse battery", HOME).await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
}

async fn the_wait_doubles_with_each_further_failure(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.add_user("anna", "correct horse battery").await;
    for _ in 0..5 {
        app.login_from("anna", "guess", OFFICE).await;
    }
    for expected_wait in [4, 8, 16] {
        app.clock.advance(Duration::from_secs(expected_wait / 2));
        app.login_from("anna", "guess", OFFICE)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
        let response = app.login_from("anna", "guess", OFFICE).await;
        response.assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
        assert_eq!(
            response.header("retry-after"),
            Some(expected_wait.to_string().as_str())
        );
    }
}

async fn one_client_guessing_many_names_is_slowed(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.add_user("anna", "correct horse battery").await;
    for i in 0..20 {
        app.login_from(&format!("user{i}"), "guess", OFFICE)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
    }
    app.login_from("anna", "correct horse battery", OFFICE)
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let response = app.login_from("anna", "correct horse battery", HOME).await;
    assert_eq!(
        response.status,
        StatusCode::NO_CONTENT,
        "other clients are not slowed"
    );
}
