#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `JL_LOG_FORMAT=json`: one JSON object per line, with level, target and fields (the message
//! among them), and never a client's address, a session token, a password or a consent id,
//! whatever the requests and commands did.

mod common;

use std::time::Duration;

use common::process::ServerProcess;
use common::request::{post_events, request};
use common::*;
use jl_consent_core::receipt::batch_json;
use serde_json::Value;

/// The client's loopback address: nothing else on this machine uses it.
const CLIENT: [u8; 4] = [127, 0, 0, 7];
const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn json_lines_carry_level_target_and_fields_and_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("consent.db").display());
    let json = [("JL_LOG_FORMAT", "json")];
    let mut add_user = std::process::Command::new(env!("CARGO_BIN_EXE_jl-consent-server"))
        .args([
            "user",
            "add",
            "anna",
            "--password-stdin",
            "--database-url",
            &url,
        ])
        .envs(json)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = add_user.stdin.take().unwrap();
        writeln!(stdin, "{PASSWORD}").unwrap();
    }
    assert!(add_user.wait().unwrap().success());

    let server = ServerProcess::start_with_env(
        &url,
        &["--rate-limit", "2"],
        &[
            ("JL_LOG_FORMAT", std::ffi::OsStr::new("json")),
            ("JL_LOG", std::ffi::OsStr::new("debug")),
        ],
    )
    .await;
    let address = server.address;
    let visitor = consent_id(42);

    // A visitor's decision, then the same again (a duplicate), and a flood (rate limited).
    let body = batch_json(&[accept_all(1, 42)]);
    assert_eq!(post_events(address, CLIENT, &body).await.status, 202);
    assert_eq!(post_events(address, CLIENT, &body).await.status, 409);
    assert_eq!(post_events(address, CLIENT, &body).await.status, 429);
    // A page of another origin, with the visitor's id in a forwarded-for header.
    let refused = request(
        address,
        CLIENT,
        "POST",
        "/api/v1/events",
        &[
            ("Content-Type", "application/json"),
            ("Origin", "https://elsewhere.example"),
            ("X-Forwarded-For", "203.0.113.9"),
        ],
        &batch_json(&[accept_all(2, 43)]),
    )
    .await;
    assert_eq!(refused.status, 403);
    // A wrong password, then the right one, and the visitor's receipts with the session.
    let login =
        |password: &str| serde_json::json!({"username": "anna", "password": password}).to_string();
    let json_type = [("Content-Type", "application/json")];
    let wrong = request(
        address,
        CLIENT,
        "POST",
        "/api/v1/session",
        &json_type,
        &login("not the password at all"),
    )
    .await;
    assert_eq!(wrong.status, 401);
    let signed_in = request(
        address,
        CLIENT,
        "POST",
        "/api/v1/session",
        &json_type,
        &login(PASSWORD),
    )
    .await;
    assert_eq!(signed_in.status, 204, "{}", signed_in.body);
    let cookie = signed_in.session_cookie().unwrap().to_owned();
    let token = cookie.strip_prefix("jl_session=").unwrap().to_owned();
    let receipts = request(
        address,
        CLIENT,
        "GET",
        &format!("/api/v1/receipts/{}", visitor.as_str()),
        &[("Cookie", &cookie)],
        "",
    )
    .await;
    assert_eq!(receipts.status, 200);
    assert_eq!(http_get_status(address, "/readyz").await, 200);

    // The visitor asks for erasure, from the command line.
    let erase = std::process::Command::new(env!("CARGO_BIN_EXE_jl-consent-server"))
        .args(["erase", &visitor.grouped(), "--database-url", &url])
        .envs(json)
        .output()
        .unwrap();
    assert!(erase.status.success());
    tokio::time::sleep(Duration::from_millis(200)).await;

    let mut lines: Vec<String> = server.log.lock().unwrap().clone();
    let erase_log = String::from_utf8(erase.stderr).unwrap();
    lines.extend(erase_log.lines().map(str::to_owned));
    assert!(lines.len() > 10, "{lines:#?}");
    for line in &lines {
        let object: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        for member in ["timestamp", "level", "target", "fields"] {
            assert!(object.get(member).is_some(), "no {member}: {line}");
        }
        // sqlx's statement lines (at debug only) carry the SQL, never its values, as `summary`
        // and `db.statement` instead of a message.
        let text_member = if object["target"] == "sqlx::query" {
            "summary"
        } else {
            "message"
        };
        assert!(object["fields"].get(text_member).is_some(), "{line}");
        for secret in [
            "127.0.0.7",
            "203.0.113.9",
            visitor.as_str(),
            &visitor.grouped(),
            PASSWORD,
            "not the password at all",
            &token,
        ] {
            assert!(!line.contains(secret), "{secret:?} logged: {line}");
        }
    }
    let has = |level: &str, text: &str| {
        lines.iter().any(|line| {
            let object: Value = serde_json::from_str(line).unwrap();
            object["level"] == level && line.contains(text)
        })
    };
    assert!(has("INFO", "serving on http://"));
    assert!(has("WARN", "refused events from the origin"));
    assert!(has("WARN", "--rate-limit"));
    assert!(has("INFO", "erased a visitor's receipts"));
    // The request log names the route pattern, not the path with the id.
    assert!(has("DEBUG", "/api/v1/receipts/{consent_id}"));
    let erased: Value = serde_json::from_str(
        erase_log
            .lines()
            .find(|l| l.contains("erased a visitor"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(erased["fields"]["receipts"], 1);
}

async fn http_get_status(address: std::net::SocketAddr, path: &str) -> u16 {
    common::request::get(address, path).await.status
}
