#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The container image (deploy/Dockerfile, built by scripts/build-image) run as an operator runs
//! it: a read-only root file system, its own numeric user, SQLite on a volume, Docker's health
//! check, a restart that keeps every receipt; and the same image against PostgreSQL.
//!
//! Runs when JL_TEST_IMAGE names the image (scripts/test-image sets it, inside scripts/with-docker
//! and scripts/with-postgres); otherwise it says so and is skipped.

mod common;

use std::net::SocketAddr;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::request::{free_port, get, post_events};
use common::*;
use jl_consent_core::receipt::batch_json;

/// Most bytes the image may take: the static server, the site and the dashboard.
const IMAGE_BUDGET_BYTES: u64 = 40 * 1024 * 1024;

fn image() -> Option<String> {
    let image = std::env::var("JL_TEST_IMAGE")
        .ok()
        .filter(|i| !i.is_empty());
    if image.is_none() {
        eprintln!(
            "*** SKIPPING the container image tests: JL_TEST_IMAGE is not set (run \
             scripts/with-docker scripts/with-postgres scripts/test-image) ***"
        );
    }
    image
}

fn docker(args: &[&str]) -> Output {
    Command::new("docker").args(args).output().unwrap()
}

/// Runs `docker ARGS`, which must succeed; its standard output, trimmed.
fn docker_ok(args: &[&str]) -> String {
    let output = docker(args);
    assert!(
        output.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// A container (and its volume, if any), removed when dropped.
struct Container {
    name: String,
    volume: Option<String>,
    address: SocketAddr,
}

impl Container {
    /// `docker run` of `image` as an operator would: detached, read-only, host network (the
    /// test machine has no bridge), on free loopback ports, with `env` and the volume.
    fn run(image: &str, label: &str, volume: bool, env: &[(&str, String)]) -> Container {
        let name = format!("jl-test-{label}-{}", std::process::id());
        let volume = volume.then(|| format!("{name}-data"));
        let address: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let mut args: Vec<String> = [
            "run",
            "--detach",
            "--name",
            &name,
            "--network",
            "host",
            "--read-only",
            "--health-interval",
            "1s",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if let Some(volume) = &volume {
            args.extend(["--volume".to_owned(), format!("{volume}:/data")]);
        }
        let mut env: Vec<(&str, String)> = env.to_vec();
        env.push(("JL_LISTEN", address.to_string()));
        env.push(("JL_METRICS_LISTEN", format!("127.0.0.1:{}", free_port())));
        env.push(("JL_RATE_LIMIT", "0".to_owned()));
        for (key, value) in env {
            args.extend(["--env".to_owned(), format!("{key}={value}")]);
        }
        args.push(image.to_owned());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        docker_ok(&args);
        Container {
            name,
            volume,
            address,
        }
    }

    fn exec(&self, command: &[&str]) -> Output {
        let mut args = vec!["exec", &self.name, "/jl-consent-server"];
        args.extend_from_slice(command);
        docker(&args)
    }

    fn inspect(&self, format: &str) -> String {
        docker_ok(&["inspect", "--format", format, &self.name])
    }

    /// Waits until the server answers ready and Docker's health check (the image's own
    /// command) says healthy.
    async fn until_healthy(&self) {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let health = self.inspect("{{.State.Health.Status}}");
            if health == "healthy" {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "not healthy ({health}): {}",
                String::from_utf8_lossy(&docker(&["logs", &self.name]).stderr)
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// The receipts export, from inside the container.
    fn exported_receipts(&self) -> String {
        let output = self.exec(&["export", "receipts"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

impl Drop for Container {
    fn drop(&mut self) {
        let _ = docker(&["rm", "--force", "--volumes", &self.name]);
        if let Some(volume) = &self.volume {
            let _ = docker(&["volume", "rm", "--force", volume]);
        }
    }
}

/// Ingests `count` decisions (from `first` on) in requests of 5; returns their event ids.
async fn ingest(address: SocketAddr, first: u32, count: u32) -> Vec<String> {
    let events: Vec<_> = (first..first + count).map(|n| accept_all(n, n)).collect();
    for chunk in events.chunks(5) {
        let answer = post_events(address, [127, 0, 0, 1], &batch_json(chunk)).await;
        assert_eq!(answer.status, 202, "{}", answer.body);
    }
    events
        .iter()
        .map(|e| e.event_id().as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn the_image_runs_read_only_as_its_own_user_and_keeps_receipts_across_a_restart() {
    let Some(image) = image() else {
        return;
    };
    let size: u64 = docker_ok(&["image", "inspect", "--format", "{{.Size}}", &image])
        .parse()
        .unwrap();
    eprintln!(
        "image {image}: {size} bytes ({:.1} MiB)",
        size as f64 / 1_048_576.0
    );
    assert!(size < IMAGE_BUDGET_BYTES, "{size} bytes");
    // Nothing but the server: no shell to run.
    let shell = docker(&[
        "run",
        "--rm",
        "--entrypoint",
        "/bin/sh",
        &image,
        "-c",
        "true",
    ]);
    assert!(!shell.status.success());

    let container = Container::run(&image, "sqlite", true, &[]);
    container.until_healthy().await;
    assert_eq!(
        container.inspect("{{.HostConfig.ReadonlyRootfs}} {{.Config.User}}"),
        "true 10001:10001"
    );
    // The site and the dashboard are inside.
    let site = get(container.address, "/").await;
    assert_eq!(site.status, 200);
    assert!(site.body.contains("jl-consent-config"), "{}", site.body);
    assert_eq!(get(container.address, "/dashboard/").await.status, 200);

    let ids = ingest(container.address, 1, 20).await;
    // A backup from inside the container (a read-only root: only /data is written).
    let backup = container.exec(&["backup", "/data/backup.db"]);
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(String::from_utf8_lossy(&backup.stdout).starts_with("backed up 20 receipts"));

    docker_ok(&["restart", &container.name]);
    container.until_healthy().await;
    let receipts = container.exported_receipts();
    for id in &ids {
        assert!(receipts.contains(id.as_str()), "{id} lost in the restart");
    }
    // The image logs JSON lines.
    let logs = docker(&["logs", &container.name]);
    let first = String::from_utf8_lossy(&logs.stderr)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let line: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert!(line.get("level").is_some(), "{first}");
}

#[tokio::test]
async fn the_image_runs_against_postgresql() {
    let Some(image) = image() else {
        return;
    };
    if skip_without_postgres() {
        return;
    }
    let db = TestDb::new(Backend::Postgres).await;
    let container = Container::run(
        &image,
        "postgres",
        false,
        &[("JL_DATABASE_URL", db.url.clone())],
    );
    container.until_healthy().await;
    let ids = ingest(container.address, 1000, 15).await;
    docker_ok(&["stop", &container.name]);
    docker_ok(&["start", &container.name]);
    container.until_healthy().await;
    let receipts = container.exported_receipts();
    for id in &ids {
        assert!(receipts.contains(id.as_str()), "{id} lost in the restart");
    }
    let stored = common::process::process_stored_event_ids(&db.url).await;
    assert_eq!(stored.len(), ids.len());
}
