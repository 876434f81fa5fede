#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Faults to the server process itself, on the real binary over real sockets: killed with SIGKILL
//! in the middle of a load, and stopped with SIGTERM under load. Either way, every event the
//! server acknowledged (202) is in the database afterwards; the figures are printed
//! (`--nocapture`) as `faults: …`.
//!
//! The load comes from a `Load`: keep-alive HTTP/1.1 connections, each sending batches of
//! fresh decisions one after another and recording the event ids of every 202.

#[macro_use]
mod common;

use std::time::Duration;

use common::process::*;
use common::*;

on_both_databases!(
    sigkill_in_the_middle_of_a_load_loses_no_acknowledged_event,
    sigterm_under_load_drains_and_loses_no_acknowledged_event,
);

/// A server on a fresh database, under a load of 16 connections sending 5 events per request,
/// once `acknowledged` events have been acknowledged.
async fn server_under_load(backend: Backend, acknowledged: usize) -> (TestDb, ServerProcess, Load) {
    let db = TestDb::new(backend).await;
    let server = ServerProcess::start(&db.url, &[]).await;
    let load = Load::start(server.address, 16, 5, 1);
    load.wait_for_acknowledged(acknowledged, Duration::from_secs(60))
        .await;
    (db, server, load)
}

async fn sigkill_in_the_middle_of_a_load_loses_no_acknowledged_event(backend: Backend) {
    // Kill it once a good part of the load has been acknowledged, with requests in flight.
    let (db, mut server, load) = server_under_load(backend, 2_000).await;
    server.kill();
    // The clients are still sending: let them meet the dead server (the test's runtime was busy
    // sending the signal, so the answers to what was in flight may all be waiting, read, before
    // any client tries again; stopping the load at once then proved nothing).
    load.wait_for_failed(1, Duration::from_secs(10)).await;
    let outcome = load.finish().await;
    let stored = process_stored_event_ids(&db.url).await;
    let lost: Vec<_> = outcome.acknowledged.difference(&stored).collect();
    println!(
        "faults: SIGKILL under load ({backend:?}): {} events acknowledged, {} stored, {} lost, \
         {} requests cut off",
        outcome.acknowledged.len(),
        stored.len(),
        lost.len(),
        outcome.failed
    );
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    assert!(
        outcome.failed > 0,
        "the kill cut no request off: it came too late to prove anything"
    );

    // The server starts again on the same database and goes on.
    let server = ServerProcess::start(&db.url, &[]).await;
    let load = Load::start(server.address, 2, 5, 2);
    load.wait_for_acknowledged(10, Duration::from_secs(30))
        .await;
    let outcome = load.finish().await;
    assert!(outcome.acknowledged.len() >= 10);
    drop(server);
}

async fn sigterm_under_load_drains_and_loses_no_acknowledged_event(backend: Backend) {
    let (db, mut server, load) = server_under_load(backend, 1_000).await;
    server.terminate();
    let status = server.wait(Duration::from_secs(30)).await;
    let outcome = load.finish().await;
    assert!(status.success(), "SIGTERM ended the server with {status}");
    let stored = process_stored_event_ids(&db.url).await;
    let lost: Vec<_> = outcome.acknowledged.difference(&stored).collect();
    println!(
        "faults: SIGTERM under load ({backend:?}): {} events acknowledged, {} stored, {} lost; \
         {status}",
        outcome.acknowledged.len(),
        stored.len(),
        lost.len(),
    );
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    // Draining commits what was queued: nothing stored that was never acknowledged, except what
    // was in flight on a connection the client saw close.
    assert!(stored.len() <= outcome.acknowledged.len() + outcome.failed * 5);
}
