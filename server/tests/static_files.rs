#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The demo site and the dashboard are served with security headers; missing directories 404.

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::*;
use jl_consent_server::ServerConfig;

on_both_databases!(
    the_site_is_served_at_the_root_with_a_strict_csp,
    the_dashboard_is_a_single_page_app_under_its_prefix,
    missing_directories_answer_404,
    api_answers_carry_security_headers_and_are_not_cached,
    widget_files_can_be_embedded_from_any_origin_and_come_precompressed,
);

struct Sites {
    _dir: tempfile::TempDir,
    config: ServerConfig,
}

fn sites() -> Sites {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let dashboard = dir.path().join("dashboard");
    std::fs::create_dir_all(site.join("assets")).unwrap();
    std::fs::create_dir_all(&dashboard).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    std::fs::write(site.join("assets/widget.js"), "export {};").unwrap();
    std::fs::write(
        dashboard.join("index.html"),
        "<!doctype html><title>dashboard</title>",
    )
    .unwrap();
    std::fs::write(dashboard.join("boot.js"), "await 0;").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "not to be served").unwrap();
    let config = ServerConfig {
        site_dir: site,
        dashboard_dir: dashboard,
        ..test_config()
    };
    Sites { _dir: dir, config }
}

async fn widget_files_can_be_embedded_from_any_origin_and_come_precompressed(backend: Backend) {
    let sites = sites();
    let site = &sites.config.site_dir;
    std::fs::write(site.join("consent.js"), "console.log('loader');").unwrap();
    std::fs::write(
        site.join("consent.js.br"),
        b"\x0b\x0b\x80console.log('loader');\x03",
    )
    .unwrap();
    let app = TestApp::with_config(backend, sites.config.clone()).await;
    let request = |encoding: &str| {
        axum::http::Request::get("/consent.js")
            .header("accept-encoding", encoding)
            .header("origin", "https://partner.example")
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let compressed = app.send(request("br, gzip")).await;
    assert_eq!(compressed.status, StatusCode::OK);
    assert_eq!(compressed.header("content-encoding"), Some("br"));
    assert_eq!(compressed.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        compressed.header("cross-origin-resource-policy"),
        Some("cross-origin")
    );
    let plain = app.send(request("identity")).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text(), "console.log('loader');");
    let page = app.get("/", None).await;
    assert_eq!(
        page.header("access-control-allow-origin"),
        None,
        "pages are not shared"
    );
}

fn assert_base_headers(response: &TestResponse) {
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        response.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
}

/// The policy every HTML page (the site's and the dashboard's) carries, word for word: only this
/// origin's scripts, styles, images and connections, WebAssembly allowed to compile, no inline
/// script or style, no plugins, no framing.
const PAGE_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What an HTML page carries besides the base headers: the policy and, for browsers older than
/// `frame-ancestors`, `X-Frame-Options: DENY`.
fn assert_page_headers(page: &TestResponse) {
    assert_base_headers(page);
    assert_eq!(page.header("content-security-policy"), Some(PAGE_POLICY));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
}

async fn the_site_is_served_at_the_root_with_a_strict_csp(backend: Backend) {
    let sites = sites();
    let app = TestApp::with_config(backend, sites.config.clone()).await;
    let page = app.get("/", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("demo"));
    assert_page_headers(&page);
    let csp = page.header("content-security-policy").unwrap();
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    let script = app.get("/assets/widget.js", None).await;
    assert_eq!(script.status, StatusCode::OK);
    assert_base_headers(&script);
    assert_eq!(script.header("content-security-policy"), None);
    assert_eq!(script.header("x-frame-options"), None);
    assert_eq!(
        app.get("/missing.html", None).await.status,
        StatusCode::NOT_FOUND
    );
    for escape in [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
    ] {
        let response = app.get(escape, None).await;
        assert!(!response.text().contains("not to be served"), "{escape}");
    }
}

async fn the_dashboard_is_a_single_page_app_under_its_prefix(backend: Backend) {
    let sites = sites();
    let app = TestApp::with_config(backend, sites.config.clone()).await;
    let redirect = app.get("/dashboard", None).await;
    assert_eq!(redirect.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(redirect.header("location"), Some("/dashboard/"));
    for path in [
        "/dashboard/",
        "/dashboard/stats",
        "/dashboard/receipts/081040G2081040G2",
    ] {
        let page = app.get(path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.text().contains("dashboard"), "{path}");
        assert_page_headers(&page);
    }
    let boot = app.get("/dashboard/boot.js", None).await;
    assert_eq!(boot.status, StatusCode::OK);
    assert_eq!(boot.text(), "await 0;");
    // A missing asset is a 404, not the app's HTML.
    assert_eq!(
        app.get("/dashboard/missing.js", None).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn missing_directories_answer_404(backend: Backend) {
    let app = TestApp::new(backend).await; // both directories missing
    for path in ["/", "/index.html", "/dashboard/", "/dashboard/stats"] {
        let response = app.get(path, None).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_base_headers(&response);
    }
}

async fn api_answers_carry_security_headers_and_are_not_cached(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cookie = app.signed_in().await;
    for (path, cookie) in [
        ("/api/v1/stats", Some(cookie.as_str())),
        ("/api/v1/stats", None),
    ] {
        let response = app.get(path, cookie).await;
        assert_base_headers(&response);
        assert_eq!(response.header("cache-control"), Some("no-store"));
    }
}
