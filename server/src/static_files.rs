//! The widget's demo site at `/` and the dashboard (a single-page app) at `/dashboard/`:
//! tower-http's `ServeDir`, preferring a `.br` or `.gz` file next to the one asked for when the
//! client accepts it (the build precompresses the widget's files), confined to regular files
//! inside each directory (`confined_files`).

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect};
use tower::util::BoxCloneSyncService;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::confined_files::{confined, serves_inside};
use crate::security_headers::is_html;

pub use crate::confined_files::FileService;

/// The demo site (404 for what is not there, or with no site directory).
///
/// The site directory is also where other sites embed the widget from, so its non-HTML files
/// (`consent.js`, the wasm and its glue, the types and the schema) may be fetched from any
/// origin: module scripts and `WebAssembly.instantiateStreaming` need CORS for that.
pub fn site(dir: &Path) -> FileService {
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let files = BoxCloneSyncService::new(ServiceExt::<Request>::map_response(files, |response| {
        let embeddable = response.status() == StatusCode::OK && !is_html(&response);
        let mut response = response.map(Body::new);
        if embeddable {
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
    }));
    confined(dir, files)
}

/// The dashboard, to nest under `/dashboard`: its files, and for any other path that does not
/// look like a file (no extension) the app's `index.html`, whose router takes it from there. A
/// missing asset stays a 404.
pub fn dashboard(dir: &Path) -> FileService {
    let index = ServeFile::new(dir.join("index.html"));
    let app_dir = dir.to_path_buf();
    let app_page = tower::service_fn(move |request: Request| {
        let (index, app_dir) = (index.clone(), app_dir.clone());
        async move {
            let looks_like_file = request
                .uri()
                .path()
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.'));
            if looks_like_file || !serves_inside(app_dir, "/index.html".to_owned()).await {
                return Ok::<_, Infallible>(StatusCode::NOT_FOUND.into_response());
            }
            Ok(index.oneshot(request).await?.map(Body::new))
        }
    });
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(app_page);
    let files = BoxCloneSyncService::new(ServiceExt::<Request>::map_response(files, |response| {
        response.map(Body::new)
    }));
    confined(dir, files)
}

/// `/dashboard` → `/dashboard/`, so the app's relative links resolve.
pub async fn dashboard_redirect() -> Redirect {
    Redirect::permanent("/dashboard/")
}
