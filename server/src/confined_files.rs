//! Which files the static sites may serve: regular files inside their directory.
//!
//! tower-http's `ServeDir` refuses `..` and the like in the request, but opens what it finds
//! there wherever it leads: a symbolic link in the site directory to `/etc/passwd`, or to the
//! database, was served, and a named pipe would block the request. [`confined`] asks first what
//! `ServeDir` would open for a request (the file, a directory's `index.html`, the `.br` and `.gz`
//! beside them) and answers 404 unless each of them that exists resolves, links followed, to a
//! regular file inside the directory. Links that stay inside are served.

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use tower::util::BoxCloneSyncService;
use tower::ServiceExt;

/// A static-file service as the router takes it.
pub type FileService = BoxCloneSyncService<Request, Response, Infallible>;

/// Suffixes of the precompressed files `ServeDir` may open instead (`precompressed_br`,
/// `precompressed_gzip`).
const PRECOMPRESSED: [&str; 2] = [".br", ".gz"];

/// `files` (serving `dir`), answering 404 for a request whose file lies outside `dir` or is not
/// a regular file.
pub fn confined(dir: &Path, files: FileService) -> FileService {
    let dir = dir.to_path_buf();
    BoxCloneSyncService::new(tower::service_fn(move |request: Request| {
        let (dir, files) = (dir.clone(), files.clone());
        async move {
            let path = request.uri().path().to_owned();
            if !serves_inside(dir, path).await {
                return Ok(StatusCode::NOT_FOUND.into_response());
            }
            files.oneshot(request).await
        }
    }))
}

/// True unless a file `ServeDir` (serving `dir`) would open for `request_path` exists but is not
/// a regular file inside `dir`. The checks read the file system, off the async threads.
pub async fn serves_inside(dir: PathBuf, request_path: String) -> bool {
    tokio::task::spawn_blocking(move || opens_only_inside(&dir, &request_path))
        .await
        .unwrap_or(false)
}

fn opens_only_inside(dir: &Path, request_path: &str) -> bool {
    let Some(mut path) = requested_path(dir, request_path) else {
        // `ServeDir` refuses such a path itself.
        return true;
    };
    if path.is_dir() {
        path.push("index.html");
    }
    let Ok(root) = dir.canonicalize() else {
        return false;
    };
    std::iter::once("").chain(PRECOMPRESSED).all(|suffix| {
        let mut candidate = path.clone().into_os_string();
        candidate.push(suffix);
        let candidate = PathBuf::from(candidate);
        if std::fs::symlink_metadata(&candidate).is_err() {
            return true; // nothing there to open
        }
        // A dangling link does not resolve: refused too.
        candidate.canonicalize().is_ok_and(|real| {
            real.starts_with(&root) && std::fs::metadata(&real).is_ok_and(|m| m.is_file())
        })
    })
}

/// The path `ServeDir` builds for `request_path` under `dir` (tower-http's
/// `build_and_validate_path`): percent-decoded, only plain components; `None` when it would
/// refuse it.
fn requested_path(dir: &Path, request_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(request_path.trim_start_matches('/'))
        .decode_utf8()
        .ok()?;
    let mut path = dir.to_path_buf();
    for component in Path::new(&*decoded).components() {
        match component {
            Component::Normal(part) => {
                if !Path::new(part)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
                {
                    return None;
                }
                path.push(part);
            }
            Component::CurDir => {}
            Component::Prefix(_) | Component::RootDir | Component::ParentDir => return None,
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_map_to_paths_as_serve_dir_maps_them() {
        let dir = Path::new("/srv/site");
        assert_eq!(
            requested_path(dir, "/assets/a%20b.js"),
            Some(PathBuf::from("/srv/site/assets/a b.js"))
        );
        assert_eq!(
            requested_path(dir, "/./x.js"),
            Some(PathBuf::from("/srv/site/x.js"))
        );
        for refused in [
            "/../etc/passwd",
            "/a/%2e%2e/%2e%2e/etc",
            "/%2fetc/passwd",
            "/%ff",
        ] {
            assert_eq!(requested_path(dir, refused), None, "{refused}");
        }
    }
}
