#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Login throttling: after five failures for a user name from one client (twenty from one client
//! whatever the names, a hundred for one name from all clients) attempts wait, and the wait
//! doubles. A guesser cannot lock a name's owner out from elsewhere.

#[macro_use]
mod common;

use std::net::IpAddr;
use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use jl_consent_server::password::PasswordHashing;
use jl_consent_server::ServerConfig;

on_both_databases!(
    five_failures_lock_the_name_for_that_client_even_for_the_right_password,
    a_guesser_knowing_the_name_cannot_lock_its_owner_out_from_elsewhere,
    the_wait_doubles_with_each_further_failure,
    one_client_guessing_many_names_is_slowed,
    many_clients_guessing_one_name_lock_it_but_not_for_a_client_that_signed_in_before,
    a_burst_of_logins_beyond_the_password_checks_is_answered_busy,
);

const OFFICE: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 10)));
const HOME: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 20)));
const ATTACKER: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, 66)));

/// The `n`-th address of a guesser with many (10.0.0.0/8).
fn botnet(n: u32) -> Option<IpAddr> {
    Some(IpAddr::V4(std::net::Ipv4Addr::from(0x0A00_0000 + n)))
}

async fn five_failures_lock_the_name_for_that_client_even_for_the_right_password(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.add_user("anna", "correct horse battery").await;
    for _ in 0..5 {
        app.login_from("anna", "guess", OFFICE)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
    }
    let response = app
        .login_from("anna", "correct horse battery", OFFICE)
        .await;
    response.assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(response.header("retry-after"), Some("2"));
    assert_eq!(response.header("set-cookie"), None);
    app.clock.advance(Duration::from_secs(2));
    let response = app
        .login_from("anna", "correct horse battery", OFFICE)
        .await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
}

async fn a_guesser_knowing_the_name_cannot_lock_its_owner_out_from_elsewhere(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.add_user("marketing", "correct horse battery").await;
    // 13 wrong logins in 31 s from one address (some of them answered 429 already).
    for _ in 0..13 {
        let response = app.login_from("marketing", "guess", ATTACKER).await;
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&response.status),
            "{}",
            response.text()
        );
        app.clock.advance(Duration::from_millis(31_000 / 13));
    }
    app.login_from("marketing", "correct horse battery", ATTACKER)
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let response = app
        .login_from("marketing", "correct horse battery", OFFICE)
        .await;
    assert_eq!(
        response.status,
        StatusCode::NO_CONTENT,
        "the owner signs in from another address: {}",
        response.text()
    );
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

async fn many_clients_guessing_one_name_lock_it_but_not_for_a_client_that_signed_in_before(
    backend: Backend,
) {
    let app = TestApp::new(backend).await;
    app.add_user("anna", "correct horse battery").await;
    let response = app
        .login_from("anna", "correct horse battery", OFFICE)
        .await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    // One guess each from a hundred addresses: no address is throttled by itself.
    for n in 0..100 {
        app.login_from("anna", "guess", botnet(n))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
    }
    let response = app.login_from("anna", "correct horse battery", HOME).await;
    response.assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    app.login_from("anna", "guess", botnet(100))
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let response = app
        .login_from("anna", "correct horse battery", OFFICE)
        .await;
    assert_eq!(
        response.status,
        StatusCode::NO_CONTENT,
        "the address anna signed in from before is exempt: {}",
        response.text()
    );
}

async fn a_burst_of_logins_beyond_the_password_checks_is_answered_busy(backend: Backend) {
    let config = ServerConfig {
        max_password_checks: 1,
        password_check_wait: Duration::ZERO,
        ..test_config()
    };
    let app = TestApp::with_config(backend, config).await;
    // Real parameters, so each check takes long enough for the others to find it running.
    let hash = PasswordHashing::standard()
        .hash("correct horse battery")
        .unwrap();
    app.store.create_user("anna", &hash, NOW_MS).await.unwrap();
    let burst = (0..8).map(|n| app.login_from("anna", "guess", botnet(n)));
    let answers = futures_util::future::join_all(burst).await;
    let busy: Vec<_> = answers
        .iter()
        .filter(|a| a.status == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(!busy.is_empty(), "8 logins, 1 check at a time, no wait");
    for answer in &busy {
        answer.assert_error(StatusCode::SERVICE_UNAVAILABLE, "busy");
        assert_eq!(answer.header("retry-after"), Some("1"));
    }
    for answer in answers
        .iter()
        .filter(|a| a.status != StatusCode::SERVICE_UNAVAILABLE)
    {
        answer.assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
    }
    assert_eq!(app.state.password_checks.areas_allocated(), 1);
}
