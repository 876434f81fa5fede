//! The audit binary against real pages in headless Chromium: the demo site (`dist/`, built by
//! `scripts/build`) passes, a deliberately leaky page fails with each leak named, and two real
//! analytics SDKs from npm (PostHog and Mixpanel) fail every visit when they run unconditionally
//! and pass when they are held back. A small static server plays the site and the "third-party"
//! hosts, all made up; Chromium's `--host-resolver-rules` points every one of them, the site's
//! own included, at it, and nothing else resolves, so nothing leaves the machine.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The site's own host: the pages are audited under it, as on a real site.
const SITE_HOST: &str = "www.jetleasing.example";

/// The real SDKs from npm, served under the made-up hosts the fixtures' official snippets point
/// at: (host, path, file in the workspace).
const VENDOR_FILES: &[(&str, &str, &str)] = &[
    (
        "eu.posthog.example",
        "/static/array.js",
        "node_modules/posthog-js/dist/array.js",
    ),
    (
        "cdn.mixpanel.example",
        "/libs/mixpanel-2-latest.min.js",
        "node_modules/mixpanel-browser/dist/mixpanel.min.js",
    ),
];

/// The vendors' domains: anything else asked of their hosts is their API, which accepts
/// everything (with the CORS answers their SDKs need).
const VENDOR_DOMAINS: &[&str] = &["posthog.example", "mixpanel.example"];

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
    for (_, _, file) in VENDOR_FILES {
        assert!(
            workspace().join(file).is_file(),
            "{file} is missing: run scripts/setup (npm ci) first"
        );
    }
    dist
}

/// Serves `fixtures/site` then `dist/` for the site's host, the SDKs and their APIs for the
/// vendors' hosts, and `fixtures/third-party/<host>` for any other Host header.
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

/// A request's head: the method, the path without query, and a header by name.
struct Head(String);

impl Head {
    fn method(&self) -> &str {
        self.0.split_whitespace().next().unwrap_or("GET")
    }

    fn path(&self) -> &str {
        let target = self.0.split_whitespace().nth(1).unwrap_or("/");
        target.split(['?', '#']).next().unwrap_or("/")
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.0.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    fn host(&self) -> &str {
        self.header("host")
            .unwrap_or("")
            .split(':')
            .next()
            .unwrap_or("")
    }
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
    // Read the body too (the widget and the SDKs POST): closing with unread bytes would reset
    // the connection instead of answering.
    let end = head.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4;
    let request = Head(String::from_utf8_lossy(&head[..end]).into_owned());
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = head.len() - end;
    while body < length {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        body += n;
    }
    let host = request.host().to_owned();
    let path = request.path().to_owned();
    let vendor = VENDOR_DOMAINS
        .iter()
        .any(|domain| host.ends_with(&format!(".{domain}")));
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    let found = if vendor {
        VENDOR_FILES
            .iter()
            .find(|(h, p, _)| *h == host && *p == path)
            .map(|(_, _, file)| workspace().join(file))
    } else {
        let roots = if host == SITE_HOST {
            vec![fixtures().join("site"), dist.to_path_buf()]
        } else {
            vec![fixtures().join("third-party").join(&host)]
        };
        roots
            .iter()
            .map(|root| root.join(&relative))
            .find(|file| !relative.contains("..") && file.is_file())
    };
    // The SDKs load with crossorigin and send with credentials: the vendors answer for the page.
    let cors = if vendor {
        format!(
            "Access-Control-Allow-Origin: {}\r\nAccess-Control-Allow-Credentials: true\r\nAccess-Control-Allow-Headers: {}\r\nAccess-Control-Allow-Methods: GET, POST\r\n",
            request.header("origin").unwrap_or("*"),
            request
                .header("access-control-request-headers")
                .unwrap_or("content-type"),
        )
    } else {
        String::new()
    };
    let (status, kind, body) = match found {
        Some(file) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("wasm") => "application/wasm",
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            ("200 OK", kind, std::fs::read(&file)?)
        }
        None if vendor && request.method() == "OPTIONS" => {
            ("204 No Content", "text/plain", Vec::new())
        }
        None if vendor => ("200 OK", "application/json", b"{}".to_vec()),
        None => ("404 Not Found", "text/plain", Vec::new()),
    };
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{cors}Connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
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

    /// One visit of the page (`before-decision`, `after-reject-all`, …).
    fn visit(&self, scenario: &str) -> &Value {
        let scenarios = self.json["pages"][0]["scenarios"].as_array().unwrap();
        scenarios
            .iter()
            .find(|s| s["scenario"] == scenario)
            .unwrap_or_else(|| panic!("no {scenario} in {}", self.json))
    }

    /// The findings of one visit.
    fn findings(&self, scenario: &str) -> Vec<Value> {
        self.visit(scenario)["findings"].as_array().unwrap().clone()
    }

    /// Both output streams, for a failure's message.
    fn printed(&self) -> String {
        format!(
            "{}\n{}",
            self.stdout(),
            String::from_utf8_lossy(&self.output.stderr)
        )
    }
}

/// Runs the audit on `page` of the site, its host and every third-party host pointed at the
/// local server, nothing else resolvable.
async fn audit(port: u16, page: &str, extra: &[&str]) -> Run {
    let json_file = tempfile::NamedTempFile::new().unwrap();
    let local = format!("127.0.0.1:{port}");
    let rules = format!(
        "MAP {SITE_HOST} {local}, MAP *.tracker.example {local}, MAP *.posthog.example {local}, MAP *.mixpanel.example {local}, MAP *.video.example {local}, MAP * ~NOTFOUND"
    );
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_jl-consent-audit"))
        .arg(format!("http://{SITE_HOST}:{port}{page}"))
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

/// The findings of the two real SDKs' (the services the fixtures declare).
fn trackers(findings: &[Value]) -> Vec<&Value> {
    findings
        .iter()
        .filter(|f| f["service"] == "PostHog" || f["service"] == "Mixpanel")
        .collect()
}

fn find<'a>(findings: &'a [Value], kind: &str, name: impl Fn(&str) -> bool) -> Option<&'a Value> {
    findings
        .iter()
        .find(|f| f["kind"] == kind && name(f["name"].as_str().unwrap()))
}

#[tokio::test]
async fn the_demo_page_passes_all_four_visits_and_its_pixel_loads_only_after_accept_all() {
    let port = serve().await;
    let run = audit(port, "/", &["--watch-ms", "2000"]).await;
    let stdout = run.stdout();
    assert_eq!(run.code(), Some(0), "{}", run.printed());
    assert_eq!(run.json["leaks"], 0);
    let scenarios = run.json["pages"][0]["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 4, "{scenarios:?}");
    for scenario in scenarios {
        assert_eq!(scenario["bannerFound"], true, "{scenario}");
        assert_eq!(scenario["problems"], Value::Array(vec![]), "{scenario}");
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
    assert_eq!(run.visit("before-decision")["granted"], Value::Null);
    let rejected = run.findings("after-reject-all");
    assert!(
        rejected.iter().any(|f| f["kind"] == "cookie"
            && f["name"] == "jl_consent"
            && f["category"] == "necessary"),
        "the reject-all click was made and stored: {rejected:?}"
    );
    assert_eq!(
        run.visit("after-reject-all")["granted"],
        serde_json::json!([])
    );
    assert!(names(&rejected, true).is_empty(), "{rejected:?}");
    let accepted = run.findings("after-accept-all");
    let pixel = accepted
        .iter()
        .find(|f| f["service"] == "pixelUrl")
        .unwrap_or_else(|| panic!("accept-all loads the pixel: {accepted:?}"));
    assert_eq!(pixel["category"], "analytics");
    assert_eq!(pixel["leak"], false);
    assert_eq!(pixel["when"], "after-decision");
    assert!(
        pixel["cause"].as_str().unwrap().starts_with("script "),
        "the initiator is the loader's script: {pixel}"
    );
    assert_eq!(
        run.visit("after-accept-all")["granted"],
        serde_json::json!(["analytics", "advertising"])
    );
    // The withdrawal: made through the cookie-settings button and the preferences, stored, and
    // what the pixel stored is gone (whether the page reloaded itself or not).
    let withdrawn = run.visit("after-withdrawal");
    assert_eq!(withdrawn["granted"], serde_json::json!([]), "{withdrawn}");
    assert!(withdrawn["reloaded"].is_boolean(), "{withdrawn}");
    let findings = run.findings("after-withdrawal");
    assert!(
        find(&findings, "cookie", |n| n == "jl_consent").is_some(),
        "{findings:?}"
    );
    assert!(
        find(&findings, "localStorage", |n| n == "jl-demo-pixel-runs").is_none(),
        "the pixel's key was cleared: {findings:?}"
    );
    assert!(stdout.contains("before any decision — ok"), "{stdout}");
    assert!(stdout.contains("after \"reject all\" — ok"), "{stdout}");
    assert!(stdout.contains("in the preferences) — ok"), "{stdout}");
}

#[tokio::test]
async fn a_leaky_page_fails_with_each_leak_named() {
    let port = serve().await;
    let run = audit(port, "/leaky/", &["--watch-ms", "1000"]).await;
    let stdout = run.stdout();
    assert_eq!(run.code(), Some(1), "{}", run.printed());

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
    let counter = find(&before, "request", |n| n == tracker).unwrap();
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
            "document.cookie in http://{SITE_HOST}:{port}/leaky/:"
        )),
        "the inline script that wrote it: {fbp}"
    );
    assert_eq!(fbp["when"], "before-decision");

    let rejected = run.findings("after-reject-all");
    let leaks = names(&rejected, true);
    assert!(
        leaks.contains(&"http://ads.tracker.example/retarget.js".to_owned()),
        "the script activated after a refusal: {rejected:?}"
    );
    let retarget = find(&rejected, "request", |n| n.ends_with("/retarget.js")).unwrap();
    assert!(
        retarget["cause"]
            .as_str()
            .unwrap()
            .contains("/leaky/integration.js:"),
        "the script that started it: {retarget}"
    );
    assert_eq!(retarget["when"], "after-decision");
    assert!(
        leaks.contains(&"_fbp".to_owned()),
        "the cookie survives the refusal"
    );
    assert!(
        find(&rejected, "request", |n| n == tracker).is_none(),
        "requests before the click belong to the visit before any decision: {rejected:?}"
    );
    let running = find(&rejected, "script", |n| n == tracker)
        .unwrap_or_else(|| panic!("the counter still runs after the refusal: {rejected:?}"));
    assert_eq!(
        (&running["leak"], running["when"].as_str()),
        (&Value::Bool(true), Some("before-decision"))
    );

    // "Accept all" does not make right what ran and was stored before it.
    let accepted = run.findings("after-accept-all");
    let leaks = names(&accepted, true);
    assert!(
        leaks.contains(&"_fbp".to_owned()) && leaks.contains(&tracker),
        "the cookie written and the counter loaded before consent: {accepted:?}"
    );
    assert!(
        !leaks.contains(&"http://ads.tracker.example/retarget.js".to_owned()),
        "what loads after \"accept all\" is consented: {accepted:?}"
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

/// The site owner forgot to hold the two SDKs back: every visit fails, and the audit names what
/// each tracker stores and sends, not only its script.
#[tokio::test]
async fn real_trackers_that_run_unconditionally_fail_every_visit_each_leak_named() {
    let port = serve().await;
    // Mixpanel sends its batch 5 s after it starts: watch long enough to see it, with room.
    let run = audit(port, "/trackers-unconditional/", &["--watch-ms", "8000"]).await;
    assert_eq!(run.code(), Some(1), "{}", run.printed());
    let posthog_cookie = |n: &str| n.starts_with("ph_") && n.ends_with("_posthog");
    let mixpanel_cookie = |n: &str| n.starts_with("mp_") && n.ends_with("_mixpanel");

    let before = run.findings("before-decision");
    for (kind, name, service) in [
        (
            "cookie",
            &posthog_cookie as &dyn Fn(&str) -> bool,
            "PostHog",
        ),
        ("cookie", &mixpanel_cookie, "Mixpanel"),
        (
            "localStorage",
            &|n: &str| n.starts_with("ph_") && n.ends_with("_posthog"),
            "PostHog",
        ),
        (
            "localStorage",
            &|n: &str| n.starts_with("__mpq_") && n.ends_with("_ev"),
            "Mixpanel",
        ),
        (
            "request",
            &|n: &str| n == "http://eu.posthog.example/static/array.js",
            "PostHog",
        ),
        (
            "request",
            &|n: &str| n.starts_with("http://eu.posthog.example/e/"),
            "PostHog",
        ),
        (
            "request",
            &|n: &str| n.starts_with("http://api-js.mixpanel.example/track/"),
            "Mixpanel",
        ),
    ] {
        let finding = find(&before, kind, name)
            .unwrap_or_else(|| panic!("a {service} {kind} before any decision: {before:?}"));
        assert_eq!(
            (
                finding["leak"].as_bool(),
                finding["service"].as_str(),
                finding["category"].as_str()
            ),
            (Some(true), Some(service), Some("analytics")),
            "{finding}"
        );
        assert_eq!(finding["when"], "before-decision", "{finding}");
    }
    let write = find(&before, "cookie", posthog_cookie).unwrap();
    assert!(
        write["cause"]
            .as_str()
            .unwrap()
            .starts_with("document.cookie in http://eu.posthog.example/static/array.js:"),
        "the SDK that wrote it: {write}"
    );

    // After a refusal their code runs on: it cannot be unloaded.
    let rejected = run.findings("after-reject-all");
    for script in [
        "http://eu.posthog.example/static/array.js",
        "http://cdn.mixpanel.example/libs/mixpanel-2-latest.min.js",
    ] {
        let running = find(&rejected, "script", |n| n == script)
            .unwrap_or_else(|| panic!("{script} still runs after the refusal: {rejected:?}"));
        assert_eq!(running["leak"], true, "{running}");
    }
    assert_eq!(
        run.visit("after-reject-all")["granted"],
        serde_json::json!([])
    );

    // "Accept all" does not make right what they stored before it.
    let accepted = run.findings("after-accept-all");
    for (name, service) in [
        (&posthog_cookie as &dyn Fn(&str) -> bool, "PostHog"),
        (&mixpanel_cookie, "Mixpanel"),
    ] {
        let cookie = find(&accepted, "cookie", name)
            .unwrap_or_else(|| panic!("the {service} cookie: {accepted:?}"));
        assert_eq!(
            (cookie["leak"].as_bool(), cookie["when"].as_str()),
            (Some(true), Some("before-decision")),
            "written before consent: {cookie}"
        );
    }

    // After the withdrawal both still run: the same page view (their code was never unloaded),
    // or the page the widget reloads (where they start again at once).
    let withdrawn = run.visit("after-withdrawal");
    assert_eq!(withdrawn["granted"], serde_json::json!([]), "{withdrawn}");
    let findings = run.findings("after-withdrawal");
    for service in ["PostHog", "Mixpanel"] {
        assert!(
            findings
                .iter()
                .any(|f| f["service"] == service && f["leak"] == true),
            "{service} after the withdrawal: {findings:?}"
        );
    }
    let scenarios = run.json["pages"][0]["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 4);
    for scenario in scenarios {
        assert!(
            trackers(scenario["findings"].as_array().unwrap())
                .iter()
                .any(|f| f["leak"] == true),
            "every visit names a tracker's leak: {scenario}"
        );
    }
    let stdout = run.stdout();
    assert!(
        stdout.lines().any(|l| l.contains("LEAK")
            && l.contains("request")
            && l.contains("http://eu.posthog.example/e/")),
        "the tracking request is named in the table:\n{stdout}"
    );
}

/// The same SDKs held back as the README says: nothing of theirs before a decision or after a
/// refusal, everything they store and send after "accept all", and after a withdrawal what the
/// widget guarantees.
#[tokio::test]
async fn real_trackers_held_back_pass_and_a_withdrawal_clears_what_they_stored() {
    let port = serve().await;
    let run = audit(port, "/trackers-held-back/", &["--watch-ms", "3000"]).await;
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    assert!(
        !stderr.contains("not quiet"),
        "a frame of another site ends in its own process, not never: {stderr}"
    );
    for scenario in ["before-decision", "after-reject-all", "after-accept-all"] {
        let visit = run.visit(scenario);
        assert_eq!(
            visit["problems"],
            serde_json::json!([]),
            "{scenario}: {visit}"
        );
        assert_eq!(
            run.visit(scenario)["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["leak"] == true)
                .count(),
            0,
            "{scenario}: {visit}"
        );
        assert_eq!(visit["bannerFound"], true);
    }
    assert_eq!(trackers(&run.findings("before-decision")).len(), 0);
    assert_eq!(trackers(&run.findings("after-reject-all")).len(), 0);

    let accepted = run.findings("after-accept-all");
    for (kind, name) in [
        (
            "cookie",
            &(|n: &str| n.starts_with("ph_") && n.ends_with("_posthog")) as &dyn Fn(&str) -> bool,
        ),
        ("cookie", &|n: &str| {
            n.starts_with("mp_") && n.ends_with("_mixpanel")
        }),
        ("localStorage", &|n: &str| {
            n.starts_with("ph_") && n.ends_with("_posthog")
        }),
        ("localStorage", &|n: &str| n.starts_with("__mpq_")),
        ("request", &|n: &str| {
            n == "http://eu.posthog.example/static/array.js"
        }),
        ("request", &|n: &str| {
            n.starts_with("http://eu.posthog.example/e/")
        }),
    ] {
        let finding = find(&accepted, kind, name).unwrap_or_else(|| {
            panic!("a {kind} of the trackers after \"accept all\": {accepted:?}")
        });
        assert_eq!(
            (finding["leak"].as_bool(), finding["when"].as_str()),
            (Some(false), Some("after-decision")),
            "{finding}"
        );
    }

    let player = "http://player.video.example/embed/";
    let frame = find(&accepted, "request", |n| n == player)
        .unwrap_or_else(|| panic!("the video player after \"accept all\": {accepted:?}"));
    assert_eq!(frame["leak"], false);

    // The withdrawal is stored, and nothing the trackers stored before it is left: the widget
    // deletes the declared cookies and keys at once. What already runs cannot be unloaded in the
    // same page view: the video player's frame stays loaded (and the trackers' code runs on),
    // unless the page loads again after the withdrawal; then nothing of theirs runs and the
    // visit passes.
    let withdrawn = run.visit("after-withdrawal");
    assert_eq!(withdrawn["bannerFound"], true);
    assert_eq!(withdrawn["problems"], serde_json::json!([]), "{withdrawn}");
    assert_eq!(withdrawn["granted"], serde_json::json!([]), "{withdrawn}");
    let findings = run.findings("after-withdrawal");
    let left_over: Vec<_> = trackers(&findings)
        .into_iter()
        .filter(|f| f["kind"] != "request" && f["when"] != "after-withdrawal")
        .collect();
    assert!(
        left_over.is_empty(),
        "stored before the withdrawal and left: {left_over:?}"
    );
    let still_loaded = find(&findings, "frame", |n| n == player);
    match withdrawn["reloaded"].as_bool() {
        Some(true) => {
            assert_eq!(run.code(), Some(0), "{}", run.printed());
            assert!(still_loaded.is_none(), "{findings:?}");
            assert_eq!(trackers(&findings).len(), 0, "{findings:?}");
        }
        Some(false) => {
            let frame =
                still_loaded.unwrap_or_else(|| panic!("the player is still loaded: {findings:?}"));
            assert_eq!(
                (frame["leak"].as_bool(), frame["service"].as_str()),
                (Some(true), Some("Video player")),
                "{frame}"
            );
            let others: Vec<_> = findings
                .iter()
                .filter(|f| f["leak"] == true && f["kind"] != "frame")
                .filter(|f| f["service"] != "PostHog" && f["service"] != "Mixpanel")
                .collect();
            assert!(others.is_empty(), "{others:?}");
        }
        None => panic!("the withdrawal visit says whether the page reloaded: {withdrawn}"),
    }
}

#[tokio::test]
async fn a_page_without_the_banner_fails_and_allowed_hosts_are_not_leaks() {
    let port = serve().await;
    let table = audit(
        port,
        "/no-banner/",
        &["--allow-host", "stats.tracker.example", "--watch-ms", "0"],
    )
    .await;
    let stdout = table.stdout();
    assert_eq!(table.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout.matches("banner not found").count(),
        4,
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
    let run = audit(
        port,
        "/no-banner/",
        &["--format", "json", "--watch-ms", "0"],
    )
    .await;
    let printed: Value =
        serde_json::from_slice(&run.output.stdout).expect("--format json prints the report");
    assert_eq!(printed, run.json);
    assert_eq!(
        printed["leaks"], 5,
        "4 missing banners and the unknown counter"
    );
}

#[tokio::test]
async fn bad_usage_exits_with_2() {
    for args in [
        vec!["ftp://example.kz/"],
        vec!["http://127.0.0.1:9/", "--allow-host", "not a host"],
        vec!["http://127.0.0.1:9/", "--watch-ms", "-1"],
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
