#![allow(clippy::unwrap_used, clippy::expect_used)]
//! PostgreSQL restarted under load (a real `pg_ctl stop`, then `start`, of the test cluster, which
//! `scripts/with-postgres` provides as JL_TEST_POSTGRES_STOP and JL_TEST_POSTGRES_START): while
//! it is down the server answers 503, never 500; it recovers by itself; every acknowledged event
//! is stored. The database stays down until 503s were seen (a restart quick enough for requests
//! to wait it out would prove nothing). In a test binary of its own, so no other test meets it.

#[macro_use]
mod common;

use std::time::{Duration, Instant};

use common::process::*;
use common::*;

#[tokio::test]
async fn postgres_restarted_under_load_answers_503_recovers_and_loses_nothing() {
    if skip_without_postgres() {
        return;
    }
    let command = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!(
                "{name} is not set: run the tests through `scripts/with-postgres`, which starts \
                 a throwaway PostgreSQL server and says how to stop and start it"
            )
        })
    };
    let (stop, start) = (
        command("JL_TEST_POSTGRES_STOP"),
        command("JL_TEST_POSTGRES_START"),
    );
    let db = TestDb::new(Backend::Postgres).await;
    let server = ServerProcess::start(&db.url, &[]).await;
    let load = Load::start(server.address, 8, 5, 1);
    load.wait_for_acknowledged(500, Duration::from_secs(60))
        .await;

    let started = Instant::now();
    run(&stop).await;
    // PostgreSQL is down: the server must answer 503.
    load.wait_for_unavailable(5, Duration::from_secs(60)).await;
    run(&start).await;
    let restart_took = started.elapsed();

    // It goes on by itself: more events are acknowledged once the database is back.
    let before = load.acknowledged();
    load.wait_for_acknowledged(before + 500, Duration::from_secs(60))
        .await;
    let recovered_after = started.elapsed();
    let outcome = load.finish().await;
    drop(server);

    let stored = process_stored_event_ids(&db.url).await;
    let lost: Vec<_> = outcome.acknowledged.difference(&stored).collect();
    println!(
        "faults: PostgreSQL stopped and started under load (down {:.1} s): {} answers 503, \
         {} requests cut off, acknowledging again {:.1} s after the stop began; {} events \
         acknowledged, {} stored, {} lost",
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

/// Runs a shell command of `scripts/with-postgres`; it must succeed.
async fn run(command: &str) {
    let status = tokio::process::Command::new("sh")
        .args(["-c", command])
        .stdout(std::process::Stdio::null())
        .status()
        .await
        .unwrap();
    assert!(status.success(), "{command} failed: {status}");
}
