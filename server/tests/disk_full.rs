#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A full disk: SQLite answers SQLITE_FULL, the server answers 503 (never 500, never an
//! acknowledgement), and once space returns it goes on by itself; every acknowledged event is
//! stored. The disk is "filled" in two ways: with `PRAGMA max_page_count` on the pool's only
//! connection (in process, deterministic), and for real: the server binary under load writes to
//! a small tmpfs that a filler file then fills to the last byte.

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::*;
use jl_consent_core::receipt::{batch_json, ConsentEvent};
use jl_consent_server::StoreOptions;

/// A batch of 50 events (half decisions) with ids from `first`.
fn batch(first: u32) -> Vec<ConsentEvent> {
    (first..first + 50)
        .map(|n| {
            if n % 2 == 0 {
                impression(n, default_shown())
            } else {
                accept_all(n, n)
            }
        })
        .collect()
}

#[tokio::test]
async fn a_full_disk_answers_503_and_the_server_recovers_when_space_returns() {
    // One connection: the page limit set through it binds the writer too.
    let options = StoreOptions {
        max_connections: 1,
        ..StoreOptions::default()
    };
    let app = TestApp::with_options(Backend::Sqlite, test_config(), options).await;
    app.ingest(&batch(0)).await;
    let mut acknowledged = 50;
    let pages: i64 = match &app.store {
        jl_consent_server::Store::Sqlite(pool) => sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(pool)
            .await
            .unwrap(),
        jl_consent_server::Store::Postgres(_) => unreachable!(),
    };
    app.execute_sql(&format!("PRAGMA max_page_count = {pages}"))
        .await;

    let mut first = 1000;
    let full_at = loop {
        let response = app.post_events(&batch_json(&batch(first))).await;
        match response.status {
            StatusCode::ACCEPTED => acknowledged += 50,
            StatusCode::SERVICE_UNAVAILABLE => {
                response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
                assert_eq!(response.header("retry-after"), Some("2"));
                break first;
            }
            other => panic!("a full disk answered {other}: {}", response.text()),
        }
        first += 1000;
        assert!(first < 200_000, "the page limit never bit");
    };
    // Nothing of the refused batch is stored, and the database still answers reads.
    let counts = app.row_counts().await;
    assert_eq!(counts["event_ids"], acknowledged);
    let again = app.post_events(&batch_json(&batch(full_at))).await;
    again.assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");

    app.execute_sql("PRAGMA max_page_count = 1073741823").await;
    // The re-send (as the widget's queue does) is now stored: it was never committed before.
    let response = app.post_events(&batch_json(&batch(full_at))).await;
    assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
    assert_eq!(response.json()["stored"], 50);
    acknowledged += 50;
    assert_eq!(app.row_counts().await["event_ids"], acknowledged);
}

/// A tmpfs mounted for the test, unmounted when dropped.
struct SmallFileSystem {
    dir: tempfile::TempDir,
}

impl SmallFileSystem {
    fn mount(megabytes: u32) -> Result<SmallFileSystem, String> {
        let dir = tempfile::tempdir().unwrap();
        let output = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
        }
        Ok(SmallFileSystem { dir })
    }

    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }
}

impl Drop for SmallFileSystem {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Writes `path` until the file system is full; returns the bytes written.
fn fill(path: &std::path::Path) -> u64 {
    use std::io::Write;
    let mut file = std::fs::File::create(path).unwrap();
    let chunk = vec![0u8; 16 * 1024];
    let mut written = 0u64;
    loop {
        match file.write(&chunk) {
            Ok(0) => break,
            Ok(n) => written += n as u64,
            Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
            Err(e) => panic!("filling the disk: {e}"),
        }
    }
    // Whatever is left in the page cache: flushed or refused, the disk is full either way.
    let _ = file.sync_all();
    written
}

#[tokio::test]
async fn a_really_full_file_system_under_load_answers_503_and_loses_nothing() {
    use common::process::*;
    use std::time::Duration;

    // Mounting needs root (as in CI and `scripts/test` on a fresh machine): without it the test
    // fails under CI, and elsewhere says so and leaves the proof to the page-limit test above.
    let disk = match SmallFileSystem::mount(8) {
        Ok(disk) => disk,
        Err(why) => {
            skip_outside_ci(&format!("a really full disk: cannot mount a tmpfs ({why})"));
            return;
        }
    };
    let url = format!("sqlite:{}", disk.path().join("consent.db").display());
    let mut server = ServerProcess::start(&url, &[]).await;
    let load = Load::start(server.address, 8, 10, 1);
    load.wait_for_acknowledged(300, Duration::from_secs(60))
        .await;

    let filler = disk.path().join("filler");
    let filled = fill(&filler);
    // Full: requests are refused with 503 (a 500 or anything else fails the load).
    load.wait_for_unavailable(20, Duration::from_secs(60)).await;
    let refused_while_full = load.unavailable();

    // Space returns: the server goes on by itself.
    std::fs::remove_file(&filler).unwrap();
    let before = load.acknowledged();
    load.wait_for_acknowledged(before + 300, Duration::from_secs(60))
        .await;
    let outcome = load.finish().await;
    server.terminate();
    assert!(server.wait(Duration::from_secs(30)).await.success());

    let stored = process_stored_event_ids(&url).await;
    let lost: Vec<_> = outcome.acknowledged.difference(&stored).collect();
    println!(
        "faults: real full disk under load (a {} KiB filler on an 8 MiB tmpfs): {} answers 503 \
         while full, {} in all; {} events acknowledged, {} stored, {} lost",
        filled / 1024,
        refused_while_full,
        outcome.unavailable,
        outcome.acknowledged.len(),
        stored.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    assert_eq!(
        outcome.failed, 0,
        "the server dropped connections instead of answering"
    );
}
