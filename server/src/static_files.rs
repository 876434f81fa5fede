//! The widget's demo site at `/` and the dashboard (a single-page app) at `/dashboard/`.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::AppState;

/// Serves a file of the demo site (404 when there is none, or no site directory).
///
/// The site directory is also where other sites embed the widget from, so its non-HTML files
/// (`consent.js`, the wasm and its glue, the types and the schema) may be fetched from any
/// origin: module scripts and `WebAssembly.instantiateStreaming` need CORS for that.
pub async fn site_file(State(state): State<AppState>, request: Request) -> Response {
    let mut response = serve_dir(&state.config.site_dir, request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() == StatusCode::OK && !is_html {
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(
            "cross-origin-resource-policy",
            HeaderValue::from_static("cross-origin"),
        );
    }
    response
}

/// `/dashboard` → `/dashboard/`, so the app's relative links resolve.
pub async fn dashboard_redirect() -> Redirect {
    Redirect::permanent("/dashboard/")
}

/// Serves a file of the dashboard; any other path below `/dashboard/` that does not look like a
/// file (no extension) gets the app's `index.html`, whose router takes it from there.
pub async fn dashboard_file(State(state): State<AppState>, request: Request) -> Response {
    let dir = &state.config.dashboard_dir;
    let path = request.uri().path();
    let inner_path = path.strip_prefix("/dashboard").unwrap_or(path).to_owned();
    let looks_like_file = inner_path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    let (mut parts, body) = request.into_parts();
    parts.uri = match inner_path.parse::<Uri>() {
        Ok(uri) => uri,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let fallback_request = Request::from_parts(parts.clone(), Body::empty());
    let response = serve_dir(dir, Request::from_parts(parts, body)).await;
    if response.status() != StatusCode::NOT_FOUND || looks_like_file {
        return response;
    }
    match ServeFile::new(dir.join("index.html"))
        .oneshot(fallback_request)
        .await
    {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

/// Serves `dir`, preferring a `.br` or `.gz` file next to the one asked for when the client
/// accepts it (the build precompresses the widget's files).
async fn serve_dir(dir: &Path, request: Request) -> Response {
    let service = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    match service.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}
