#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The SQLite files hold the argon2id password hashes and the receipts: the server's commands
//! create them (the database, its `-wal` and `-shm`, an export written to a file) readable and
//! writable by their owner only, whatever the umask; a database that others can read is named
//! in a warning at start.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const BINARY: &str = env!("CARGO_BIN_EXE_jl-consent-server");

/// The server binary with `args`, under the usual umask 022 (files readable by everyone unless
/// the program says otherwise), and `input` on its standard input.
fn command(args: &[&str]) -> Command {
    let mut command = Command::new("sh");
    command
        .args(["-c", "umask 022 && exec \"$0\" \"$@\"", BINARY])
        .args(args)
        .env("JL_LOG", "info")
        .kill_on_drop(true);
    command
}

async fn run(args: &[&str], input: &str) -> Output {
    use tokio::io::AsyncWriteExt;
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .await
        .unwrap();
    let output = child.wait_with_output().await.unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// `serve` on `database` until it listens; returns its log so far and the running process.
async fn serve(database: &Path, site: &Path) -> (String, tokio::process::Child) {
    let url = format!("sqlite:{}", database.display());
    let mut child = command(&["serve", "--database-url", &url, "--listen", "127.0.0.1:0"])
        .arg("--site-dir")
        .arg(site)
        .arg("--dashboard-dir")
        .arg(site)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let log = tokio::time::timeout(Duration::from_secs(60), async {
        let mut log = String::new();
        while let Some(line) = lines.next_line().await.unwrap() {
            log.push_str(&line);
            log.push('\n');
            if line.contains("serving on http://") {
                return log;
            }
        }
        panic!("the server ended before it listened: {log}");
    })
    .await
    .expect("the server listens within a minute");
    (log, child)
}

#[tokio::test]
async fn every_command_creates_the_database_files_for_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("consent.db");
    let url = format!("sqlite:{}", database.display());
    run(
        &[
            "user",
            "add",
            "anna",
            "--password-stdin",
            "--database-url",
            &url,
        ],
        "correct horse battery\n",
    )
    .await;
    assert_eq!(mode(&database), 0o600, "the database made by user add");

    let (log, mut server) = serve(&database, dir.path()).await;
    for file in ["consent.db", "consent.db-wal", "consent.db-shm"] {
        assert_eq!(mode(&dir.path().join(file)), 0o600, "{file} while serving");
    }
    assert!(
        !log.contains("other users"),
        "no warning for a private database: {log}"
    );
    server.kill().await.unwrap();
}

#[tokio::test]
async fn an_export_written_to_a_file_is_for_its_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("consent.db").display());
    let out = dir.path().join("receipts.csv");
    run(
        &[
            "export",
            "receipts",
            "--database-url",
            &url,
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    )
    .await;
    assert_eq!(mode(&out), 0o600);
}

#[tokio::test]
async fn a_database_others_can_read_is_named_in_a_warning_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("consent.db");
    let url = format!("sqlite:{}", database.display());
    run(&["migrate", "--database-url", &url], "").await;
    std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (log, mut server) = serve(&database, dir.path()).await;
    server.kill().await.unwrap();
    let warning = log
        .lines()
        .find(|line| line.contains("WARN") && line.contains("other users"))
        .unwrap_or_else(|| panic!("no warning about the database's mode: {log}"));
    assert!(
        warning.contains(&database.display().to_string()),
        "{warning}"
    );
    assert!(warning.contains("chmod 600"), "{warning}");
    let migrate = run(&["migrate", "--database-url", &url], "").await;
    let stderr = String::from_utf8_lossy(&migrate.stderr);
    assert!(
        stderr.contains("other users"),
        "every command warns: {stderr}"
    );
}
