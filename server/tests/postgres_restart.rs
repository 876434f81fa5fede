#![allow(clippy::unwrap_used, clippy::expect_used)]
//! PostgreSQL restarted under load (a real `pg_ctl restart` of the test cluster, which
//! `scripts/with-postgres` provides as JL_TEST_POSTGRES_RESTART): while it is down the server
//! answers 503, never 500; it recovers by itself; every acknowledged event is stored. In a test
//! binary of its own, so no other test meets the restart.

#[macro_use]
mod common;

use std::time::{Duration, Instant};

use common::process::*;
use common::*;

#[tokio::test]
async fn postgres_restarted_under_load_answers_503_recovers_and_loses_nothing() {
    let restart = std::env::var("JL_TEST_POSTGRES_RESTART").unwrap_or_else(|_| {
        panic!(
            "JL_TEST_POSTGRES_RESTART is not set: run the tests through `scripts/with-postgres`, \
             which starts a throwaway PostgreSQL server and says how to restart it"
        )
    });
    let db = TestDb::new(Backend::Postgres).await;
    let server = ServerProcess::start(&db.url, &[]).await;
    let load = Load::start(server.address, 8, 5, 1);
    load.wait_for_acknowledged(500, Duration::from_secs(60))
        .await;

    let started = Instant::now();
    let status = tokio::process::Command::new("sh")
        .args(["-c", &restart])
        .stdout(std::process::Stdio::null())
        .status()
        .await
        .unwrap();
    assert!(status.success(), "the restart failed: {status}");
    let restart_took = started.elapsed();

    // It goes on by itself: more events are acknowledged after the restart.
    let before = load.acknowledged();
    load.wait_for_acknowledged(before + 500, Duration::from_secs(60))
        .await;
    let recovered_after = started.elapsed();
    let outcome = load.finish().await;
    drop(server);

    let stored = process_stored_event_ids(&db.url).await;
    let lost: Vec<_> = outcome.acknowledged.difference(&stored).collect();
    println!(
        "faults: PostgreSQL restarted under load ({:.1} s): {} answers 503, {} requests cut off, \
         acknowledging again {:.1} s after the restart began; {} events acknowledged, {} stored, \
         {} lost",
        restart_took.as_secs_f64(),
        outcome.unavailable,
        outcome.failed,
        recovered_after.as_secs_f64(),
        outcome.acknowledged.len(),
        stored.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    assert!(
        outcome.unavailable > 0,
        "no request met the restart: it proves nothing"
    );
    assert_eq!(
        outcome.failed, 0,
        "the server dropped connections instead of answering"
    );
}
