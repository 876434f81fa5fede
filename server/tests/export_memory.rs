#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A receipts export over a poisoned log (as reported: 2,400 decisions, each with a banner variant
//! and 32 category ids of its own) on the real binary: its size grows with the decisions, not
//! with decisions × ids, and the server's memory stays bounded, with four exports at once too.

#[macro_use]
mod common;

use std::net::SocketAddr;

use common::hostile::hostile_decision;
use common::process::ServerProcess;
use common::sockets::read_to_close;
use common::*;
use jl_consent_core::receipt::{batch_json, ConsentEvent};
use jl_consent_server::password::PasswordHashing;
use jl_consent_server::{Store, StoreOptions};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// What the server may add to its resident memory for four exports at once over this log: a
/// page of receipts and a chunk of CSV each, SQLite's page caches (the unbounded export took
/// 262 MB for one, 730 MB for four).
const EXPORTS_KIB: u64 = 48 * 1024;

/// Signs in through the API; returns the `Cookie` header value.
async fn sign_in(server: SocketAddr) -> String {
    let body = r#"{"username":"anna","password":"correct horse battery"}"#;
    let request = format!(
        "POST /api/v1/session HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(server).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
    let set_cookie = answer
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

/// Downloads the receipts export of today; returns its size in bytes.
async fn export(server: SocketAddr, cookie: String) -> usize {
    let request = format!(
        "GET /api/v1/export/receipts.csv?from=2026-11-01&to=2026-12-31 HTTP/1.1\r\n\
         Host: {server}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    );
    let mut stream = TcpStream::connect(server).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_to_close(&mut stream).await;
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    assert!(answer.ends_with("0\r\n\r\n"), "the whole export");
    answer.len()
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
