#![allow(clippy::unwrap_used, clippy::expect_used)]
//! What an acknowledged receipt survives: a power cut, not only a killed process. SIGKILL alone
//! cannot tell the two apart (the kernel keeps a killed process's writes), so the server runs
//! with `power_cut/unsynced_writes.c` preloaded: every write to its database and WAL files stays
//! in the process's memory until the server syncs that file, and SIGKILL then loses every write
//! it had not synced, as a power cut loses what only the page cache held.
//!
//! With the default `synchronous=full`, every event acknowledged before the cut is in the
//! database afterwards, under a load of one client and of sixteen at once. With
//! `--sqlite-synchronous normal`, the same load and the same cut lose events the server had
//! acknowledged: the commits it had written to its WAL but not yet synced. The figures are
//! printed (`--nocapture`) as `power cut: …`.

#[macro_use]
mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::process::*;
use common::*;
use jl_consent_server::{Store, StoreOptions};

/// The preload library, compiled from its C source into `dir` with gcc.
fn build_unsynced_writes(dir: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/power_cut/unsynced_writes.c");
    let library = dir.join("libunsynced_writes.so");
    let compiler = std::env::var("CC").unwrap_or_else(|_| "gcc".to_owned());
    let output = std::process::Command::new(&compiler)
        .args([
            "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror", "-o",
        ])
        .arg(&library)
        .arg(&source)
        .args(["-ldl", "-lpthread"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {compiler} (scripts/setup installs gcc): {e}"));
    assert!(
        output.status.success(),
        "{compiler} failed on {}:\n{}",
        source.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    library
}

/// The load before the cut.
#[derive(Clone, Copy, Debug)]
enum LoadShape {
    /// One client, one request at a time, cut after 100 acknowledged events: few enough commits
    /// that SQLite's automatic checkpoint (at 1000 WAL pages) never runs before the cut.
    OneClient,
    /// Sixteen clients at once, cut after 2000 acknowledged events, requests in flight.
    SixteenClients,
}

/// What a cut left behind.
struct Cut {
    acknowledged: usize,
    stored: usize,
    lost: usize,
    cut_off: usize,
}

/// A fresh SQLite database whose schema is on the disk (migrated and closed, so its WAL is
/// checkpointed), then the server on it with the preload library, `extra_args`, a load of
/// `shape`, and SIGKILL.
async fn cut_under_load(extra_args: &[&str], shape: LoadShape) -> Cut {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = Store::connect(&db.url, &StoreOptions::default())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store.close().await;
    let file = db.url.strip_prefix("sqlite:").unwrap().to_owned();
    let tools = tempfile::tempdir().unwrap();
    let library = build_unsynced_writes(tools.path());
    let env: [(&str, &OsStr); 2] = [
        ("LD_PRELOAD", library.as_os_str()),
        ("JL_POWER_CUT_FILES", OsStr::new(&file)),
    ];
    let mut server = ServerProcess::start_with_env(&db.url, extra_args, &env).await;
    let (connections, acknowledged) = match shape {
        LoadShape::OneClient => (1, 100),
        LoadShape::SixteenClients => (16, 2_000),
    };
    let load = Load::start(server.address, connections, 5, 1);
    load.wait_for_acknowledged(acknowledged, Duration::from_secs(60))
        .await;
    server.kill();
    server.wait(Duration::from_secs(30)).await;
    let outcome = load.finish().await;
    let stored = process_stored_event_ids(&db.url).await;
    let lost = outcome.acknowledged.difference(&stored).count();
    let cut = Cut {
        acknowledged: outcome.acknowledged.len(),
        stored: stored.len(),
        lost,
        cut_off: outcome.failed,
    };
    println!(
        "power cut: {shape:?} {extra_args:?}: {} events acknowledged, {} stored after the cut, \
         {} acknowledged but lost, {} requests cut off",
        cut.acknowledged, cut.stored, cut.lost, cut.cut_off
    );
    assert!(
        cut.acknowledged > 0,
        "nothing was acknowledged before the cut"
    );
    cut
}

#[tokio::test]
async fn by_default_every_acknowledged_event_survives_a_power_cut_of_one_client() {
    let cut = cut_under_load(&[], LoadShape::OneClient).await;
    assert_eq!(cut.lost, 0, "acknowledged, then lost to the power cut");
}

#[tokio::test]
async fn by_default_every_acknowledged_event_survives_a_power_cut_under_load() {
    let cut = cut_under_load(&[], LoadShape::SixteenClients).await;
    assert_eq!(cut.lost, 0, "acknowledged, then lost to the power cut");
    assert!(
        cut.cut_off > 0,
        "the cut met no request in flight: it came too late to prove anything"
    );
}

#[tokio::test]
async fn with_synchronous_normal_a_power_cut_loses_acknowledged_events() {
    let cut = cut_under_load(&["--sqlite-synchronous", "normal"], LoadShape::OneClient).await;
    // Nothing of this load was synced (no checkpoint ran): the cut takes every commit of it. That
    // the same cut keeps everything by default shows the difference is the setting.
    assert!(
        cut.lost > 0,
        "normal kept every acknowledged event: the cut did not drop unsynced writes, so the \
         tests above prove nothing"
    );
}
