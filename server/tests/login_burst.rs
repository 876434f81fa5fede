#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A burst of logins against the real binary: memory stays bounded during it and after it.
//!
//! Each password check fills 19 MiB (argon2id's standard parameters); an unknown user name is
//! checked against a decoy hash, so made-up names cost as much as real ones. The server runs at
//! most `--max-password-checks` of them at once, each in a work area it reuses.

#[macro_use]
mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::http::AnswerReader;
use common::process::ServerProcess;
use common::sockets::connect_from;
use common::*;
use tokio::io::AsyncWriteExt;

/// One argon2id work area with the standard parameters (19 × 1024 blocks of 1 KiB).
const CHECK_KIB: u64 = 19 * 1024;
/// Checks allowed at once in this test.
const CHECKS: u64 = 2;
/// Everything else a burst of 200 connections may use: hyper's buffers, tasks, the blocking
/// threads' stacks as far as they are touched, SQLite's page cache filling. Measured at 7.4 to
/// 8.9 MiB over six runs on a 2-core machine; less than one check's work area, so a single check
/// more than allowed at once (or one area not reused) breaks the bound. (The unbounded server
/// needed 19 MiB more per login in flight, 3.8 GB for this burst.)
const OTHER_KIB: u64 = 16 * 1024;

/// POSTs one login with a made-up name on a connection of its own, from the loopback address
/// 127.0.1.`n` (a guesser with many addresses: neither the per-address login throttle nor the
/// per-address connection cap stands in the way); returns the status.
async fn login(address: SocketAddr, n: u8) -> u16 {
    let body = format!(r#"{{"username":"made-up-{n}","password":"not the password"}}"#);
    let request = format!(
        "POST /api/v1/session HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = connect_from([127, 0, 1, n], address).await;
    stream.write_all(request.as_bytes()).await.unwrap();
    match AnswerReader::new().next(&mut stream).await {
        Ok(answer) => answer.status,
        Err(error) => panic!("no HTTP answer: {error:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_200_logins_leaves_memory_bounded() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server =
        ServerProcess::start(&db.url, &["--max-password-checks", &CHECKS.to_string()]).await;
    let before = server.memory_kib("VmRSS");
    let burst: Vec<_> = (1..=200)
        .map(|n| tokio::spawn(login(server.address, n)))
        .collect();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for login in burst {
        let status = tokio::time::timeout(Duration::from_secs(120), login)
            .await
            .expect("every login is answered")
            .unwrap();
        *statuses.entry(status).or_default() += 1;
    }
    let peak = server.memory_kib("VmHWM");
    let after = server.memory_kib("VmRSS");
    eprintln!(
        "statuses {statuses:?}; resident before {before} KiB, peak {peak} KiB, after {after} KiB"
    );
    // 401: checked and wrong; 503 busy: no check free within the wait. Nothing else.
    assert!(
        statuses.keys().all(|s| [401, 503].contains(s)),
        "{statuses:?}"
    );
    assert!(statuses.get(&401).copied().unwrap_or(0) > 0, "{statuses:?}");
    let bound = before + CHECKS * CHECK_KIB + OTHER_KIB;
    assert!(
        peak < bound,
        "peak resident {peak} KiB during the burst, bound {bound} KiB"
    );
    assert!(after < bound, "resident {after} KiB after the burst");
}
