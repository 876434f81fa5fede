//! The audit binary against real pages in headless Chromium: the demo site (`dist/`, built by
//! `scripts/build`) passes, and a deliberately leaky page fails with each leak named. A small
//! static server plays both the site (127.0.0.1) and the "third-party" hosts, which Chromium's
//! `--host-resolver-rules` points at it, so nothing leaves the machine.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn dist() -> PathBuf {
    let dist = workspace().join("dist");
    assert!(
        dist.join("consent.js").is_file() && dist.join("jl-consent_bg.wasm").is_file(),
        "dist/ is not built: run scripts/build first"
    );
    dist
}

/// Serves `fixtures/site` then `dist/` for 127.0.0.1, and `fixtures/third-party/<host>` for any
/// other Host header.
async fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let dist = dist();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let dist = dist.clone();
            tokio::spawn(async move {
                let _ = respond(stream, &dist).await;
            });
        }
    });
    port
}

async fn respond(mut stream: TcpStream, dist: &Path) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 || head.len() > 64 * 1024 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    // Read the body too (the widget POSTs to its consent log): closing with unread bytes would
    // reset the connection instead of answering.
    let end = head.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4;
    let text = String::from_utf8_lossy(&head[..end]).into_owned();
    let length: usize = text
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = head.len() - end;
    while body < length {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        body += n;
    }
    let head = text;
    let path = head
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    let host = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("Host: ")
                .or_else(|| l.strip_prefix("host: "))
        })
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .to_owned();
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    let roots = if host == "127.0.0.1" {
        vec![fixtures().join("site"), dist.to_path_buf()]
    } else {
        vec![fixtures().join("third-party").join(&host)]
    };
    let found = roots
        .iter()
        .map(|root| root.join(&relative))
        .find(|file| !relative.contains("..") && file.is_file());
    let response = match found {
        Some(file) => {
            let body = std::fs::read(&file)?;
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("wasm") => "application/wasm",
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            let mut response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            response.extend_from_slice(&body);
            response
        }
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
    };
    stream.write_all(&response).await?;
    stream.shutdown().await
}

struct Run {
    output: Output,
    json: Value,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    /// The findings of one page's visit (`before-decision`, `after-reject-all`, …).
    fn findings(&self, scenario: &str) -> Vec<Value> {
        let scenarios = self.json["pages"][0]["scenarios"].as_array().unwrap();
        let visit = scenarios
            .iter()
            .find(|s| s["scenario"] == scenario)
            .unwrap_or_else(|| panic!("no {scenario} in {}", self.json));
        visit["findings"].as_array().unwrap().clone()
    }
}

async fn audit(port: u16, page: &str, extra: &[&str]) -> Run {
    let json_file = tempfile::NamedTempFile::new().unwrap();
    let rules = format!(
        "MAP stats.tracker.example 127.0.0.1:{port}, MAP ads.tracker.example 127.0.0.1:{port}, MAP * ~NOTFOUND"
    );
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_jl-consent-audit"))
        .arg(format!("http://127.0.0.1:{port}{page}"))
        .args(["--json", json_file.path().to_str().unwrap()])
        .args(["--host-resolver-rules", &rules])
        .args(extra)
        .output()
        .await
        .unwrap();
    let text = std::fs::read_to_string(json_file.path()).unwrap_or_default();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Run { output, json }
}

fn names(findings: &[Value], leak: bool) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f["leak"] == leak)
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_demo_page_passes_and_its_pixel_loads_only_after_accept_all() {
    let port = serve().await;
    let run = audit(port, "/", &[]).await;
    let stdout = run.stdout();
    assert_eq!(
        run.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.output.stderr)
    );
    assert_eq!(run.json["leaks"], 0);
    for scenario in run.json["pages"][0]["scenarios"].as_array().unwrap() {
        assert_eq!(scenario["bannerFound"], true, "{scenario}");
    }
    let before = run.findings("before-decision");
    // The audit saw the page's storage at all (the widget's own A/B variant key is there before
    // any decision), and everything it saw is necessary.
    assert!(
        before
            .iter()
            .any(|f| f["kind"] == "localStorage" && f["name"] == "jl_consent_variant"),
        "{before:?}"
    );
    assert!(
        before.iter().all(|f| f["category"] == "necessary"),
        "{before:?}"
    );
    let rejected = run.findings("after-reject-all");
    assert!(
        rejected.iter().any(|f| f["kind"] == "cookie"
            && f["name"] == "jl_consent"
            && f["category"] == "necessary"),
        "the reject-all click was made and stored: {rejected:?}"
    );
    assert!(names(&rejected, true).is_empty(), "{rejected:?}");
    let accepted = run.findings("after-accept-all");
    let pixel = accepted
        .iter()
        .find(|f| f["service"] == "pixelUrl")
        .unwrap_or_else(|| panic!("accept-all loads the pixel: {accepted:?}"));
    assert_eq!(pixel["category"], "analytics");
    assert_eq!(pixel["leak"], false);
    assert!(
        pixel["cause"].as_str().unwrap().starts_with("script "),
        "the initiator is the loader's script: {pixel}"
    );
    assert!(stdout.contains("before any decision — ok"), "{stdout}");
    assert!(stdout.contains("after \"reject all\" — ok"), "{stdout}");
}

#[tokio::test]
async fn a_leaky_page_fails_with_each_leak_named() {
    let port = serve().await;
    let run = audit(port, "/leaky/", &[]).await;
    let stdout = run.stdout();
    assert_eq!(run.code(), Some(1), "{stdout}");

    let before = run.findings("before-decision");
    let leaks = names(&before, true);
    let tracker = "http://stats.tracker.example/counter.js".to_owned();
    assert!(
        leaks.contains(&tracker),
        "the tracker without data-consent: {before:?}"
    );
    assert!(
        leaks.contains(&"_fbp".to_owned()),
        "the cookie set before consent: {before:?}"
    );
    let counter = before
        .iter()
        .find(|f| f["name"] == tracker.as_str())
        .unwrap();
    assert_eq!(counter["category"], "unknown");
    let cause = counter["cause"].as_str().unwrap();
    assert!(
        cause.starts_with("parser ")
            && cause.contains("<script src=\"http://stats.tracker.example/counter.js\">"),
        "the parser and the element: {cause}"
    );
    let fbp = before.iter().find(|f| f["name"] == "_fbp").unwrap();
    assert_eq!(
        (fbp["category"].as_str(), fbp["service"].as_str()),
        (Some("advertising"), Some("meta-pixel")),
        "classified with the catalogue"
    );
    assert!(
        fbp["cause"].as_str().unwrap().starts_with(&format!(
            "document.cookie in http://127.0.0.1:{port}/leaky/:"
        )),
        "the inline script that wrote it: {fbp}"
    );

    let rejected = run.findings("after-reject-all");
    let leaks = names(&rejected, true);
    assert!(
        leaks.contains(&"http://ads.tracker.example/retarget.js".to_owned()),
        "the script activated after a refusal: {rejected:?}"
    );
    let retarget = rejected
        .iter()
        .find(|f| f["name"] == "http://ads.tracker.example/retarget.js")
        .unwrap();
    assert!(
        retarget["cause"]
            .as_str()
            .unwrap()
            .contains("/leaky/integration.js:"),
        "the script that started it: {retarget}"
    );
    assert!(
        leaks.contains(&"_fbp".to_owned()),
        "the cookie survives the refusal"
    );
    assert!(
        !leaks.contains(&tracker),
        "requests before the click belong to the visit before any decision"
    );

    for named in [
        "stats.tracker.example/counter.js",
        "_fbp",
        "ads.tracker.example/retarget.js",
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.contains("LEAK") && l.contains(named)),
            "{named} is named as a leak in the table:\n{stdout}"
        );
    }
}

#[tokio::test]
async fn a_page_without_the_banner_fails_and_allowed_hosts_are_not_leaks() {
    let port = serve().await;
    let table = audit(
        port,
        "/no-banner/",
        &["--allow-host", "stats.tracker.example"],
    )
    .await;
    let stdout = table.stdout();
    assert_eq!(table.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout.matches("banner not found").count(),
        3,
        "each visit says so: {stdout}"
    );
    let before = table.findings("before-decision");
    assert_eq!(table.json["pages"][0]["scenarios"][0]["bannerFound"], false);
    let counter = before
        .iter()
        .find(|f| f["name"] == "http://stats.tracker.example/counter.js")
        .unwrap_or_else(|| panic!("{before:?}"));
    assert_eq!(
        (counter["category"].as_str(), &counter["leak"]),
        (Some("allowed"), &Value::Bool(false)),
        "--allow-host makes the host allowed"
    );
}

#[tokio::test]
async fn json_on_standard_output_is_the_report() {
    let port = serve().await;
    let run = audit(port, "/no-banner/", &["--format", "json"]).await;
    let printed: Value =
        serde_json::from_slice(&run.output.stdout).expect("--format json prints the report");
    assert_eq!(printed, run.json);
    assert_eq!(
        printed["leaks"], 4,
        "3 missing banners and the unknown counter"
    );
}

#[tokio::test]
async fn bad_usage_exits_with_2() {
    for args in [
        vec!["ftp://example.kz/"],
        vec!["http://127.0.0.1:9/", "--allow-host", "not a host"],
        vec!["http://127.0.0.1:9/", "--chromium", "/nonexistent/chromium"],
    ] {
        let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_jl-consent-audit"))
            .args(&args)
            .output()
            .await
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
