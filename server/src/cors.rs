//! Cross-origin rules: which sites may send events, and that dashboard logins come from the
//! dashboard itself. "This server's own origin" is one of its public origins
//! (`ServerConfig::public_origins`), scheme included, never what the request's `Host` says: a
//! `Host` can be anything a DNS-rebinding page or a script outside a browser makes it.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

/// Seconds a browser may cache a preflight answer.
const PREFLIGHT_MAX_AGE_SECS: u32 = 86_400;

/// Guards `/api/v1/events`: a request from a browser (one with an `Origin`) must come from this
/// server's own origin or one in the allow-list, else 403. Allowed origins get
/// `Access-Control-Allow-Origin` on every answer (errors too, so the widget can read the code),
/// and preflights are answered here.
pub async fn ingest_cors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let is_preflight = request.method() == Method::OPTIONS;
    let Some(origin) = origin else {
        return if is_preflight {
            preflight_without_origin()
        } else {
            next.run(request).await
        };
    };
    let allowed = origin
        .to_str()
        .is_ok_and(|o| state.config.origin_allowed(o) || state.config.is_public_origin(o));
    let mut response = if !allowed {
        AppError::OriginNotAllowed.into_response()
    } else if is_preflight {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("POST"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from(PREFLIGHT_MAX_AGE_SECS),
        );
        response
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    if allowed {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    response
}

fn preflight_without_origin() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST, OPTIONS"));
    response
}

/// Guards the dashboard's state-changing routes (login, logout): a browser request must come
/// from this server's own origin, so another site cannot log a visitor in or out.
pub async fn same_origin_only(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let same = origin
            .to_str()
            .is_ok_and(|o| state.config.is_public_origin(o));
        if !same {
            return AppError::OriginNotAllowed.into_response();
        }
    }
    next.run(request).await
}
