#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The demo site and the dashboard serve only regular files that lie inside their directories:
//! a symbolic link that leads out of them (to `/etc/passwd`, to the database) answers 404, as
//! does anything that is not a regular file; a link within the directory is served.
#![cfg(unix)]

#[macro_use]
mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use jl_consent_server::ServerConfig;

on_both_databases!(
    links_out_of_the_site_are_not_followed,
    links_out_of_the_dashboard_are_not_followed,
);

const SECRET: &str = "password hashes and receipts";

/// A site and a dashboard directory next to a secret file and a secret folder.
struct Sites {
    dir: tempfile::TempDir,
    config: ServerConfig,
}

fn sites() -> Sites {
    let dir = tempfile::tempdir().unwrap();
    let (site, dashboard) = (dir.path().join("site"), dir.path().join("dashboard"));
    for folder in [
        site.join("assets"),
        dashboard.clone(),
        dir.path().join("private"),
    ] {
        std::fs::create_dir_all(folder).unwrap();
    }
    std::fs::write(dir.path().join("consent.db"), SECRET).unwrap();
    std::fs::write(dir.path().join("private/index.html"), SECRET).unwrap();
    std::fs::write(dir.path().join("private/notes.txt"), SECRET).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    std::fs::write(site.join("assets/widget.js"), "export {};").unwrap();
    std::fs::write(dashboard.join("boot.js"), "await 0;").unwrap();
    let config = ServerConfig {
        site_dir: site,
        dashboard_dir: dashboard,
        ..test_config()
    };
    Sites { dir, config }
}

async fn get(app: &TestApp, path: &str, encoding: &str) -> TestResponse {
    let request = Request::get(path)
        .header("accept-encoding", encoding)
        .body(Body::empty())
        .unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), app.send(request))
        .await
        .unwrap_or_else(|_| panic!("{path} was not answered"))
}

fn fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

async fn links_out_of_the_site_are_not_followed(backend: Backend) {
    let sites = sites();
    let (site, outside) = (&sites.config.site_dir, sites.dir.path());
    symlink("/etc/passwd", site.join("passwd.txt")).unwrap();
    symlink(outside.join("consent.db"), site.join("db.txt")).unwrap();
    symlink(outside.join("private"), site.join("private")).unwrap();
    symlink("../consent.db", site.join("relative.txt")).unwrap();
    symlink("assets/widget.js", site.join("inside.js")).unwrap();
    std::fs::write(site.join("consent.js"), "console.log('loader');").unwrap();
    symlink(outside.join("consent.db"), site.join("consent.js.br")).unwrap();
    fifo(&site.join("pipe.txt"));
    let app = TestApp::with_config(backend, sites.config.clone()).await;
    for path in [
        "/passwd.txt",
        "/db.txt",
        "/relative.txt",
        "/private/notes.txt",
        "/private/",
        "/pipe.txt",
    ] {
        let response = get(&app, path, "identity").await;
        assert_eq!(
            response.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            response.text()
        );
        assert!(!response.text().contains(SECRET), "{path}");
        assert!(!response.text().contains("root:"), "{path}");
    }
    let compressed = get(&app, "/consent.js", "br").await;
    assert!(
        !compressed.text().contains(SECRET),
        "the .br beside it leads out"
    );
    assert_eq!(compressed.status, StatusCode::NOT_FOUND);
    let inside = get(&app, "/inside.js", "identity").await;
    assert_eq!(inside.status, StatusCode::OK, "a link that stays inside");
    assert_eq!(inside.text(), "export {};");
    assert_eq!(get(&app, "/", "identity").await.status, StatusCode::OK);
}

async fn links_out_of_the_dashboard_are_not_followed(backend: Backend) {
    let sites = sites();
    let (dashboard, outside) = (&sites.config.dashboard_dir, sites.dir.path());
    symlink(
        outside.join("private/index.html"),
        dashboard.join("index.html"),
    )
    .unwrap();
    symlink(outside.join("consent.db"), dashboard.join("db.txt")).unwrap();
    let app = TestApp::with_config(backend, sites.config.clone()).await;
    for path in ["/dashboard/", "/dashboard/overview", "/dashboard/db.txt"] {
        let response = get(&app, path, "identity").await;
        assert_eq!(
            response.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            response.text()
        );
        assert!(!response.text().contains(SECRET), "{path}");
    }
    assert_eq!(
        get(&app, "/dashboard/boot.js", "identity").await.status,
        StatusCode::OK
    );
}
