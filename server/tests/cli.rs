#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The command line: accounts, exports, and the server process itself (start, serve, SIGTERM).

#[macro_use]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use jl_consent_server::StoreOptions;

on_both_databases!(
    user_commands_manage_accounts_the_server_accepts,
    export_commands_write_the_same_csv_as_the_api,
    migrate_is_idempotent,
    database_options_work_before_and_after_the_subcommand,
);

const BIN: &str = env!("CARGO_BIN_EXE_jl-consent-server");

/// Runs the binary against `db` with `stdin` piped in.
fn run(db: &TestDb, args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(BIN);
    command.env("JL_DATABASE_URL", &db.url);
    run_command(command, args, stdin)
}

/// Runs the binary with `args` only: no database in the environment.
fn run_without_env(args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(BIN);
    command
        .env_remove("JL_DATABASE_URL")
        .env_remove("JL_SQLITE_SYNCHRONOUS");
    run_command(command, args, stdin)
}

fn run_command(mut command: Command, args: &[&str], stdin: &str) -> Output {
    let mut child = command
        .args(args)
        .env("JL_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn user_commands_manage_accounts_the_server_accepts(backend: Backend) {
    let db = TestDb::new(backend).await;
    let none = run(&db, &["user", "list"], "");
    assert!(none.status.success());
    assert!(
        none.stdout.is_empty(),
        "no accounts: nothing on standard output"
    );
    let weak = run(&db, &["user", "add", "anna", "--password-stdin"], "short\n");
    assert!(!weak.status.success());
    assert!(stderr(&weak).contains("too short"), "{}", stderr(&weak));
    let empty = run(&db, &["user", "add", "anna", "--password-stdin"], "\n");
    assert!(!empty.status.success());
    let common = run(
        &db,
        &["user", "add", "anna", "--password-stdin"],
        "password123456\n",
    );
    assert!(!common.status.success());
    assert!(
        stderr(&common).contains("too easy to guess")
            && stderr(&common).contains("commonly used password"),
        "{}",
        stderr(&common)
    );
    let no_terminal = run(&db, &["user", "add", "anna"], "correct horse battery\n");
    assert!(!no_terminal.status.success());
    assert!(stderr(&no_terminal).contains("--password-stdin"));
    let added = run(
        &db,
        &["user", "add", "anna", "--password-stdin"],
        "correct horse battery\n",
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let again = run(
        &db,
        &["user", "add", "anna", "--password-stdin"],
        "another good password\n",
    );
    assert!(!again.status.success());
    assert!(stderr(&again).contains("exists already"));
    let list = run(&db, &["user", "list"], "");
    assert!(list.status.success());
    let listed = String::from_utf8(list.stdout).unwrap();
    assert!(listed.lines().any(|l| l.starts_with("anna\t")), "{listed}");

    let app = TestApp::on_db(db, test_config(), StoreOptions::default()).await;
    assert_eq!(
        app.login("anna", "correct horse battery").await.status,
        StatusCode::NO_CONTENT,
        "the server checks the argon2 hash the command stored"
    );
    let weak_change = run(
        &app.db,
        &["user", "passwd", "anna", "--password-stdin"],
        "qwertyuiop123\n",
    );
    assert!(!weak_change.status.success());
    assert!(
        stderr(&weak_change).contains("too easy to guess"),
        "{}",
        stderr(&weak_change)
    );
    let changed = run(
        &app.db,
        &["user", "passwd", "anna", "--password-stdin"],
        "a brand new secret\n",
    );
    assert!(changed.status.success(), "{}", stderr(&changed));
    app.login("anna", "correct horse battery")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
    assert_eq!(
        app.login("anna", "a brand new secret").await.status,
        StatusCode::NO_CONTENT
    );
    assert!(run(&app.db, &["user", "remove", "anna"], "")
        .status
        .success());
    let gone = run(&app.db, &["user", "remove", "anna"], "");
    assert!(!gone.status.success());
    assert!(stderr(&gone).contains("no user"));
    app.login("anna", "a brand new secret")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "bad_credentials");
}

async fn export_commands_write_the_same_csv_as_the_api(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.ingest_on(1, &[impression(1, default_shown()), accept_all(2, 1)])
        .await;
    app.ingest(&[accept_all(3, 2)]).await;
    let cookie = app.signed_in().await;
    let range = ["--from", "2026-11-23", "--to", "2026-11-25"];
    for kind in ["daily", "receipts"] {
        let api = app
            .get(
                &format!("/api/v1/export/{kind}.csv?from=2026-11-23&to=2026-11-25"),
                Some(&cookie),
            )
            .await
            .text();
        let stdout = run(&app.db, &[&["export", kind][..], &range[..]].concat(), "");
        assert!(stdout.status.success(), "{}", stderr(&stdout));
        assert_eq!(String::from_utf8(stdout.stdout).unwrap(), api, "{kind}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.csv");
        let to_file = run(
            &app.db,
            &[
                &["export", kind, "--out", file.to_str().unwrap()][..],
                &range[..],
            ]
            .concat(),
            "",
        );
        assert!(to_file.status.success(), "{}", stderr(&to_file));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), api, "{kind}");
    }
    let bad = run(&app.db, &["export", "daily", "--from", "yesterday"], "");
    assert!(!bad.status.success());
}

async fn migrate_is_idempotent(backend: Backend) {
    let db = TestDb::new(backend).await;
    for _ in 0..2 {
        let output = run(&db, &["migrate"], "");
        assert!(output.status.success(), "{}", stderr(&output));
    }
}

async fn database_options_work_before_and_after_the_subcommand(backend: Backend) {
    let db = TestDb::new(backend).await;
    let url = db.url.as_str();
    let before = run_without_env(
        &[
            "--database-url",
            url,
            "user",
            "add",
            "anna",
            "--password-stdin",
        ],
        "correct horse battery\n",
    );
    assert!(before.status.success(), "{}", stderr(&before));
    let after = run_without_env(
        &[
            "user",
            "add",
            "boris",
            "--password-stdin",
            "--database-url",
            url,
        ],
        "another good password\n",
    );
    assert!(after.status.success(), "{}", stderr(&after));
    let between = run_without_env(
        &[
            "--sqlite-synchronous",
            "normal",
            "user",
            "--database-url",
            url,
            "list",
        ],
        "",
    );
    assert!(between.status.success(), "{}", stderr(&between));
    let listed = String::from_utf8(between.stdout).unwrap();
    assert!(
        listed.contains("anna\t") && listed.contains("boris\t"),
        "{listed}"
    );
    let migrate = run_without_env(&["migrate", "--database-url", url], "");
    assert!(migrate.status.success(), "{}", stderr(&migrate));
    // A serve option in front of another subcommand would be ignored: it is refused instead.
    let misplaced = run_without_env(
        &[
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            url,
            "user",
            "list",
        ],
        "",
    );
    assert_eq!(misplaced.status.code(), Some(2), "{}", stderr(&misplaced));
    assert!(
        stderr(&misplaced).contains("--listen is an option of `serve`"),
        "{}",
        stderr(&misplaced)
    );
}

/// Sends one HTTP/1.1 request and returns the whole answer.
fn http(port: u16, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

/// Started with no database option the server creates `jl-consent.db` in its working directory,
/// serves, and on SIGTERM finishes and exits cleanly with everything acknowledged committed.
#[test]
fn the_server_process_starts_with_defaults_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .current_dir(dir.path())
        .args(["--listen", "127.0.0.1:0"])
        .env_remove("JL_DATABASE_URL")
        .env_remove("JL_ALLOW_ORIGINS")
        .env("JL_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let port: u16 = loop {
        let mut line = String::new();
        assert!(
            log.read_line(&mut line).unwrap() > 0,
            "the server stopped: {seen}"
        );
        seen.push_str(&line);
        if let Some(rest) = line.split("serving on http://127.0.0.1:").nth(1) {
            break rest.split_whitespace().next().unwrap().parse().unwrap();
        }
    };
    assert!(
        seen.contains("does not exist"),
        "missing site dirs are reported: {seen}"
    );
    assert!(dir.path().join("jl-consent.db").exists());

    let body = jl_consent_core::receipt::batch_json(&[accept_all(1, 1)]);
    let answer = http(
        port,
        &format!(
            "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
             Content-Type: text/plain;charset=UTF-8\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 202"), "{answer}");
    let page = http(
        port,
        &format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert!(page.starts_with("HTTP/1.1 404"), "{page}");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut rest = String::new();
    log.read_to_string(&mut rest).unwrap();
    assert!(status.success(), "{status}: {seen}{rest}");
    assert!(rest.contains("stopped"), "{rest}");
    let no_ip_logged = !format!("{seen}{rest}").contains("127.0.0.1:") || {
        // Only the listening address may appear, never a client's.
        format!("{seen}{rest}")
            .lines()
            .filter(|l| l.contains("127.0.0.1:"))
            .all(|l| l.contains("serving on"))
    };
    assert!(no_ip_logged, "{seen}{rest}");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let url = format!("sqlite:{}", dir.path().join("jl-consent.db").display());
        let store = jl_consent_server::Store::connect(&url, &StoreOptions::default())
            .await
            .unwrap();
        let receipts = store
            .receipts_for_consent(consent_id(1).as_str())
            .await
            .unwrap();
        assert_eq!(receipts.len(), 1, "the acknowledged receipt is in the file");
    });
}
