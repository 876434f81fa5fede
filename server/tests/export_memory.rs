#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A receipts export over a poisoned log (as reported: 2,400 decisions, each with a banner variant
//! and 32 category ids of its own) on the real binary: its size grows with the decisions, not
//! with decisions × ids, and the server's memory stays bounded, with four exports at once too.

#[macro_use]
mod common;

use std::net::SocketAddr;

use common::hostile::hostile_decision;
use common::process::ServerProcess;
use common::request::{request, LOOPBACK};
use common::*;
use jl_consent_core::receipt::{batch_json, ConsentEvent};
use jl_consent_server::password::PasswordHashing;
use jl_consent_server::{Store, StoreOptions};

/// What the server may add to its resident memory for four exports at once over this log: a
/// page of receipts and a chunk of CSV each, SQLite's page caches (the unbounded export took
/// 262 MB for one, 730 MB for four).
const EXPORTS_KIB: u64 = 48 * 1024;

/// Signs in through the API; returns the `Cookie` header value.
async fn sign_in(server: SocketAddr) -> String {
    let body = r#"{"username":"anna","password":"correct horse battery"}"#;
    let json = [("Content-Type", "application/json")];
    let answer = request(server, LOOPBACK, "POST", "/api/v1/session", &json, body).await;
    assert_eq!(answer.status, 204, "{}", answer.text());
    answer.session_cookie().unwrap().to_owned()
}

/// Downloads the receipts export of today (all of it: its chunks up to the last); returns the
/// size of its CSV in bytes.
async fn export(server: SocketAddr, cookie: String) -> usize {
    let path = "/api/v1/export/receipts.csv?from=2026-11-01&to=2026-12-31";
    let answer = request(server, LOOPBACK, "GET", path, &[("Cookie", &cookie)], "").await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        &answer.body[..answer.body.len().min(300)]
    );
    answer.body.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_of_a_poisoned_log_stays_small_and_its_memory_bounded() {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = Store::connect(&db.url, &StoreOptions::default())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let events: Vec<ConsentEvent> = (0..2400).map(hostile_decision).collect();
    let input: usize = events.chunks(17).map(|batch| batch_json(batch).len()).sum();
    for batch in events.chunks(400) {
        let batch: Vec<&ConsentEvent> = batch.iter().collect();
        store.store_events(&batch, NOW_MS).await.unwrap();
    }
    let hash = PasswordHashing::insecure_fast()
        .hash("correct horse battery")
        .unwrap();
    store.create_user("anna", &hash, NOW_MS).await.unwrap();
    store.close().await;

    let server = ServerProcess::start(&db.url, &[]).await;
    let before = server.memory_kib("VmRSS");
    let (first, second) = (sign_in(server.address).await, sign_in(server.address).await);
    let size = export(server.address, first.clone()).await;
    let peak_one = server.memory_kib("VmHWM");
    eprintln!(
        "input {input} bytes; export {size} bytes; resident before {before} KiB, peak with one \
         export {peak_one} KiB"
    );
    assert!(
        size <= input,
        "an export of {size} bytes from {input} bytes of requests"
    );
    let four: Vec<_> = [&first, &first, &second, &second]
        .into_iter()
        .map(|cookie| tokio::spawn(export(server.address, cookie.clone())))
        .collect();
    for export in four {
        assert_eq!(export.await.unwrap(), size);
    }
    let peak_four = server.memory_kib("VmHWM");
    eprintln!("peak resident with four exports at once {peak_four} KiB");
    assert!(
        peak_four < before + EXPORTS_KIB,
        "peak resident {peak_four} KiB, {before} KiB before the exports"
    );
}
