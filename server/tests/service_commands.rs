#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The operator's commands on the real binary: `prune`, `erase`, `healthcheck`, and the
//! retention in force shown by `--help`.

#[macro_use]
mod common;

use std::process::{Command, Output};
use std::time::Duration;

use common::process::ServerProcess;
use common::*;
use jl_consent_server::{Store, StoreOptions};

on_both_databases!(prune_and_erase_work_from_the_command_line);

const BIN: &str = env!("CARGO_BIN_EXE_jl-consent-server");

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    run_in(std::path::Path::new("."), args, env)
}

fn run_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env_remove("JL_RETENTION_DAYS")
        .env("JL_LOG", "info")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn prune_and_erase_work_from_the_command_line(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::connect(&db.url, &StoreOptions::default())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let now = jl_consent_server::Clock::system().now_ms();
    let old = [accept_all(1, 1), impression(2, default_shown())];
    let recent = [accept_all(3, 3), accept_all(4, 3)];
    store
        .store_events(&old.iter().collect::<Vec<_>>(), now - 50 * DAY_MS)
        .await
        .unwrap();
    store
        .store_events(&recent.iter().collect::<Vec<_>>(), now)
        .await
        .unwrap();

    let without = run(&["prune", "--database-url", &db.url], &[]);
    assert!(!without.status.success());
    assert!(
        text(&without.stderr).contains("--retention-days"),
        "{}",
        text(&without.stderr)
    );

    let pruned = run(
        &["prune", "--database-url", &db.url],
        &[("JL_RETENTION_DAYS", "30")],
    );
    assert!(pruned.status.success(), "{}", text(&pruned.stderr));
    assert!(
        text(&pruned.stdout).starts_with("deleted 1 receipts and 2 event ids received before "),
        "{}",
        text(&pruned.stdout)
    );

    let refused = run(&["erase", "not-an-id", "--database-url", &db.url], &[]);
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("not a consent id"));

    let grouped = consent_id(3).grouped().to_lowercase();
    let erased = run(&["erase", &grouped, "--database-url", &db.url], &[]);
    assert!(erased.status.success(), "{}", text(&erased.stderr));
    assert!(text(&erased.stdout).starts_with("erased 2 receipt(s)"));
    assert!(!text(&erased.stderr).contains(consent_id(3).as_str()));
    assert!(store
        .receipts_for_consent(consent_id(3).as_str())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.erasures().await.unwrap().len(), 1);
    store.close().await;
}

#[tokio::test]
async fn help_shows_the_retention_in_force() {
    let help = run(&["--help"], &[("JL_RETENTION_DAYS", "400")]);
    let help = text(&help.stdout);
    assert!(help.contains("--retention-days <DAYS>"), "{help}");
    assert!(help.contains("[env: JL_RETENTION_DAYS=400]"), "{help}");
    let too_short = run(&["prune"], &[("JL_RETENTION_DAYS", "0")]);
    assert!(!too_short.status.success());
}

#[tokio::test]
async fn the_healthcheck_asks_the_server_on_its_listen_address() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("consent.db").display());
    let server = ServerProcess::start(&url, &[]).await;
    let listen = server.address.to_string();
    let elsewhere = tempfile::tempdir().unwrap();
    let ready = run_in(
        elsewhere.path(),
        &["healthcheck"],
        &[("JL_LISTEN", &listen)],
    );
    assert!(ready.status.success(), "{}", text(&ready.stderr));
    // The check opens no database: none is created where it runs.
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    let alive = run(
        &["healthcheck", "--path", "/healthz"],
        &[("JL_LISTEN", &listen)],
    );
    assert!(alive.status.success());
    drop(server);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let gone = run(&["healthcheck"], &[("JL_LISTEN", &listen)]);
    assert!(!gone.status.success());
    assert!(
        text(&gone.stderr).contains("cannot ask"),
        "{}",
        text(&gone.stderr)
    );
}
