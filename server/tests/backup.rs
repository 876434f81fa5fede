#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Backups that restore: the `backup` command copies the SQLite database while the server takes
//! an ingest load, and a new server on the copy has every event acknowledged before the backup
//! began. PostgreSQL's documented `pg_dump`/`pg_restore` procedure is run once, the same way.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use common::process::{process_stored_event_ids, Load, ServerProcess};
use common::*;
use sqlx::{Connection, Executor};

/// The server binary run as a command (`backup`, `erase`, …) on `database_url`.
fn server_command(database_url: &str, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jl-consent-server"))
        .args(args)
        .args(["--database-url", database_url])
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_backup_taken_under_load_restores_every_event_acknowledged_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let live = format!("sqlite:{}", dir.path().join("live.db").display());
    let mut server = ServerProcess::start(&live, &[]).await;
    let load = Load::start(server.address, 8, 5, 1);
    load.wait_for_acknowledged(2_000, Duration::from_secs(60))
        .await;
    let acknowledged_before = load.acknowledged_ids();

    let backup = dir.path().join("backup.db");
    let url = live.clone();
    let file = backup.clone();
    let output = tokio::task::spawn_blocking(move || {
        server_command(&url, &["backup", file.to_str().unwrap()])
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let during = load.acknowledged();
    // The load went on while the copy was made.
    load.wait_for_acknowledged(during + 500, Duration::from_secs(60))
        .await;
    let outcome = load.finish().await;
    server.terminate();
    server.wait(Duration::from_secs(30)).await;

    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.starts_with("backed up "), "{report}");
    let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "only its owner may read a backup");
    assert!(!partial(&backup).exists());

    // Restore: a new server on the copy.
    let restored_url = format!("sqlite:{}", backup.display());
    let restored = ServerProcess::start(&restored_url, &[]).await;
    let answer = request::get(restored.address, "/readyz").await;
    assert_eq!(answer.status, 200);
    let in_backup = process_stored_event_ids(&restored_url).await;
    let missing: Vec<_> = acknowledged_before.difference(&in_backup).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged before the backup are missing from it",
        missing.len()
    );
    let live_ids = process_stored_event_ids(&live).await;
    assert!(in_backup.is_subset(&live_ids), "nothing invented");
    assert!(
        in_backup.len() < outcome.acknowledged.len(),
        "the load went on after it"
    );
    eprintln!(
        "backup under load: {} events acknowledged before the backup began, {} in the backup, \
         all of them restored; {} acknowledged by the end of the load ({report})",
        acknowledged_before.len(),
        in_backup.len(),
        outcome.acknowledged.len(),
    );
}

fn partial(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

#[tokio::test]
async fn a_backup_never_overwrites_and_postgresql_is_sent_to_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let live = format!("sqlite:{}", dir.path().join("live.db").display());
    let existing = dir.path().join("existing.db");
    std::fs::write(&existing, "keep me").unwrap();
    let output = server_command(&live, &["backup", existing.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("never overwrites"));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");

    if skip_without_postgres() {
        return;
    }
    let db = TestDb::new(Backend::Postgres).await;
    let file = dir.path().join("pg.db");
    let output = server_command(&db.url, &["backup", file.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("pg_dump"));
    assert!(!file.exists() && !partial(&file).exists());
}

/// A PostgreSQL client program of the same major version as the server's packages.
fn postgres_program(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs.iter()
        .rev()
        .map(|dir| dir.join("bin").join(name))
        .find(|path| path.exists())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// server/README.md's procedure: `pg_dump --format=custom` of the live database, `pg_restore
/// --no-owner` into a new one, a server on it.
#[tokio::test]
async fn postgresql_restores_from_pg_dump_as_documented() {
    if skip_without_postgres() {
        return;
    }
    let live = TestDb::new(Backend::Postgres).await;
    let mut server = ServerProcess::start(&live.url, &[]).await;
    let load = Load::start(server.address, 4, 5, 2);
    load.wait_for_acknowledged(500, Duration::from_secs(60))
        .await;
    let outcome = load.finish().await;
    server.terminate();
    server.wait(Duration::from_secs(30)).await;

    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("consent-log.dump");
    let status = std::process::Command::new(postgres_program("pg_dump"))
        .args(["--format=custom", "--file"])
        .arg(&dump)
        .arg(&live.url)
        .status()
        .unwrap();
    assert!(status.success(), "pg_dump");
    let restored_name = format!("jl_restored_{}", std::process::id());
    let admin = postgres_admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    conn.execute(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {restored_name}"
    )))
    .await
    .unwrap();
    conn.close().await.unwrap();
    let restored_url = with_database(&admin, &restored_name);
    let status = std::process::Command::new(postgres_program("pg_restore"))
        .args(["--no-owner", "--exit-on-error", "--dbname", &restored_url])
        .arg(&dump)
        .status()
        .unwrap();
    assert!(status.success(), "pg_restore");

    let restored = ServerProcess::start(&restored_url, &[]).await;
    assert_eq!(request::get(restored.address, "/readyz").await.status, 200);
    let ids = process_stored_event_ids(&restored_url).await;
    assert_eq!(
        ids, outcome.acknowledged,
        "every acknowledged event, nothing else"
    );
}
