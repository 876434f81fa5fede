#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Login attempts sent at the same instant get no more password checks than the throttle allows
//! one after the other: an attempt counts against the budget when it starts, not when its check
//! has failed.

#[macro_use]
mod common;

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::process::ServerProcess;
use common::sockets::next_answer;
use common::*;
use jl_consent_server::password::PasswordHashing;
use jl_consent_server::{Store, StoreOptions};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const USER: &str = "marketing";
const PASSWORD: &str = "e2e-Kazakhstan-2026-consent";
/// Failures for one name from one address before attempts wait (API.md, "Session").
const FREE_FAILURES: usize = 5;

/// What one attempt of a burst was answered.
#[derive(Debug)]
struct Answer {
    status: u16,
    retry_after: Option<u64>,
}

/// Sends one login for `user` per password, each on a connection of its own from this one
/// address, so that they arrive together: every request is written but its last byte, then
/// every last byte.
async fn burst(address: SocketAddr, user: &str, passwords: &[String]) -> Vec<Answer> {
    let mut streams = Vec::new();
    let mut last_bytes = Vec::new();
    for password in passwords {
        let body = serde_json::json!({"username": user, "password": password}).to_string();
        let request = format!(
            "POST /api/v1/session HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let (head, last) = request.as_bytes().split_at(request.len() - 1);
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream.write_all(head).await.unwrap();
        streams.push(stream);
        last_bytes.push(last.to_vec());
    }
    for (stream, last) in streams.iter_mut().zip(&last_bytes) {
        stream.write_all(last).await.unwrap();
    }
    let mut answers = Vec::new();
    for mut stream in streams {
        let answer = next_answer(&mut stream, "a login of the burst").await;
        answers.push(Answer {
            status: answer.status,
            retry_after: answer.header("retry-after").and_then(|v| v.parse().ok()),
        });
    }
    answers
}

/// Attempts whose password was checked: answered 401 (wrong) or 204 (right).
fn checked(answers: &[Answer]) -> usize {
    answers
        .iter()
        .filter(|a| a.status == 401 || a.status == 204)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simultaneous_burst_gets_no_more_password_checks_than_the_throttle_allows() {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = Store::connect(&db.url, &StoreOptions::default())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let hash = PasswordHashing::standard().hash(PASSWORD).unwrap();
    store.create_user(USER, &hash, NOW_MS).await.unwrap();
    store.close().await;
    let server = ServerProcess::start(&db.url, &["--max-password-checks", "2"]).await;

    // As reported: 40 attempts at once from one address, 39 wrong and the right one last.
    let mut passwords: Vec<String> = (0..39).map(|i| format!("wrong guess {i}")).collect();
    passwords.push(PASSWORD.to_owned());
    let answers = burst(server.address, USER, &passwords).await;
    eprintln!(
        "the first burst: {} checked; {answers:?}",
        checked(&answers)
    );
    assert!(
        checked(&answers) <= FREE_FAILURES,
        "{} of 40 passwords checked: {answers:?}",
        checked(&answers)
    );
    // The right password passes only if it is among the attempts that a guesser sending one at
    // a time would have had checked too; the others are asked to wait.
    let waiting = |a: &Answer| a.status == 429 && a.retry_after.is_some();
    assert!(
        answers
            .iter()
            .all(|a| [401, 204].contains(&a.status) || waiting(a)),
        "{answers:?}"
    );

    // When the wait is over, one more attempt is checked, not another burst of them (for a name
    // of its own, whatever the outcome above).
    let wrong: Vec<String> = (0..40).map(|i| format!("wrong guess {i}")).collect();
    let answers = burst(server.address, "boris", &wrong).await;
    assert!(checked(&answers) <= FREE_FAILURES, "{answers:?}");
    let probe = burst(server.address, "boris", &wrong[..1]).await;
    assert!(waiting(&probe[0]), "{probe:?}");
    let wait = probe[0].retry_after.unwrap();
    tokio::time::sleep(Duration::from_millis(wait * 1000 + 200)).await;
    let answers = burst(server.address, "boris", &wrong).await;
    eprintln!(
        "the burst after the wait: {} checked; {answers:?}",
        checked(&answers)
    );
    assert_eq!(checked(&answers), 1, "{answers:?}");
}

#[tokio::test]
async fn a_login_body_over_its_limit_names_that_limit() {
    let app = TestApp::new(Backend::Sqlite).await;
    let response = app
        .send(
            Request::post("/api/v1/session")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(" ".repeat(5000)))
                .unwrap(),
        )
        .await;
    response.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
    let message = response.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("4 KiB"), "{message}");
    let events = app.post_events(&" ".repeat(40 * 1024)).await;
    events.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
    let message = events.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("32 KiB"), "{message}");
}
