#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A real Prometheus (Debian's `prometheus`, installed by scripts/setup) scrapes the server's
//! metrics listener with the documented scrape job and alert rules, and its query API returns the
//! counters after a known number of events.

mod common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::process::ServerProcess;
use common::request::{free_port, post_events, request};
use common::*;
use jl_consent_core::receipt::batch_json;
use serde_json::Value;

/// The alert rules operators load (deploy/prometheus/alerts.yml).
fn alert_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/prometheus/alerts.yml")
}

/// The Prometheus binary, or `None` (the test is skipped, and fails under CI).
fn prometheus() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("prometheus"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none_or(|ci| ci.is_empty()),
            "CI is set but Prometheus is not installed (scripts/setup installs Debian's prometheus)"
        );
        eprintln!("*** SKIPPING the Prometheus scrape test: no prometheus on PATH ***");
    }
    found
}

/// The value of a one-series instant query, once Prometheus has it (`None` while it does not,
/// or does not listen yet).
async fn query(prometheus: SocketAddr, expression: &str) -> Option<f64> {
    tokio::net::TcpStream::connect(prometheus).await.ok()?;
    let encoded: String = expression
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let answer = request(
        prometheus,
        [127, 0, 0, 1],
        "GET",
        &format!("/api/v1/query?query={encoded}"),
        &[],
        "",
    )
    .await;
    let body: Value = serde_json::from_str(&answer.body).ok()?;
    let value = body["data"]["result"].get(0)?["value"][1].as_str()?;
    value.parse().ok()
}

/// Waits until `expression` is `expected` in Prometheus.
async fn until_scraped(prometheus: SocketAddr, expression: &str, expected: f64) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let value = query(prometheus, expression).await;
        if value == Some(expected) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "Prometheus has {expression} = {value:?}, expected {expected}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
async fn prometheus_scrapes_the_counters_of_a_known_number_of_events() {
    let Some(prometheus_bin) = prometheus() else {
        return;
    };
    let rules = alert_rules();
    let check = std::process::Command::new("promtool")
        .args(["check", "rules"])
        .arg(&rules)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "promtool: {}",
        String::from_utf8_lossy(&check.stdout)
    );

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("consent.db").display());
    let server = ServerProcess::start(&url, &["--metrics-listen", "127.0.0.1:0"]).await;
    let metrics = server.logged_address("metrics on http://");
    // Not on the public listener.
    assert_eq!(
        common::request::get(server.address, "/metrics")
            .await
            .status,
        404
    );

    // 12 decisions and 30 impressions in 6 requests, one request again (7 duplicates), and one
    // from a page of an origin that is not allowed.
    for n in 0..6 {
        let events: Vec<_> = (0..2)
            .map(|k| accept_all(n * 100 + k, n * 100 + k))
            .chain((0..5).map(|k| impression(n * 100 + 10 + k, default_shown())))
            .collect();
        assert_eq!(
            post_events(server.address, [127, 0, 0, 1], &batch_json(&events))
                .await
                .status,
            202
        );
        if n == 0 {
            let again = post_events(server.address, [127, 0, 0, 1], &batch_json(&events)).await;
            assert_eq!(again.status, 409);
        }
    }
    let refused = request(
        server.address,
        [127, 0, 0, 1],
        "POST",
        "/api/v1/events",
        &[
            ("Content-Type", "application/json"),
            ("Origin", "https://elsewhere.example"),
        ],
        &batch_json(&[accept_all(999, 999)]),
    )
    .await;
    assert_eq!(refused.status, 403);

    let port = free_port();
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n\
             rule_files:\n  - {}\n\
             scrape_configs:\n  - job_name: jl-consent-server\n    static_configs:\n      \
             - targets: ['{metrics}']\n",
            rules.display()
        ),
    )
    .unwrap();
    let mut prometheus = tokio::process::Command::new(prometheus_bin)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.path().join("tsdb").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let api: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();

    until_scraped(api, r#"up{job="jl-consent-server"}"#, 1.0).await;
    for (expression, expected) in [
        (
            r#"jl_ingest_events_total{kind="decision",outcome="stored"}"#,
            12.0,
        ),
        (
            r#"jl_ingest_events_total{kind="impression",outcome="stored"}"#,
            30.0,
        ),
        (r#"sum(jl_ingest_events_total{outcome="duplicate"})"#, 7.0),
        (r#"jl_http_refusals_total{code="origin_not_allowed"}"#, 1.0),
        ("jl_ingest_commit_seconds_count", 7.0),
        ("jl_ingest_batch_events_sum", 49.0),
        ("jl_ingest_queue_requests", 0.0),
    ] {
        until_scraped(api, expression, expected).await;
    }
    // The alert rules are loaded (by name).
    let rules = request(api, [127, 0, 0, 1], "GET", "/api/v1/rules", &[], "").await;
    for alert in [
        "ConsentLogNoReceipts",
        "ConsentLogOriginRefused",
        "ConsentLogNotReady",
    ] {
        assert!(rules.body.contains(alert), "{alert} in {}", rules.body);
    }
    prometheus.kill().await.unwrap();
}
