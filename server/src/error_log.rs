//! Logs the errors the app answered with, from the error each answer carries (see
//! [`AppError::into_response`]), so handlers and the error type never log themselves.
//!
//! Server errors are logged every time (warn for an unavailable database, error for a bug).
//! Refusals an operator must act on are logged at warn, at most once per minute per cause: an
//! origin not in `--allow-origin` (every visitor of that site loses their receipts), events no
//! `--widget-config` could have sent, clients over `--rate-limit`, events adding category or
//! variant ids beyond `id_limits`, throttled logins, logins refused for lack of a free password
//! check. Each line says how many more were refused since
//! the last one. Other 4xx answers (malformed bodies, duplicates, wrong passwords) are the
//! clients' business; the request log has them at debug.

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;
use crate::state::AppState;

/// Longest origin quoted in the log.
const MAX_LOGGED_ORIGIN_CHARS: usize = 200;

/// The middleware: logs the error behind an answer, if any (see the module's comment).
pub async fn log_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .map(|o| String::from_utf8_lossy(o.as_bytes()).into_owned());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let response = next.run(request).await;
    let route = route.as_deref().unwrap_or("static");
    let Some(error) = response.extensions().get::<AppError>() else {
        // A server error of a part that answers without `AppError` (the static files).
        if response.status().is_server_error() {
            tracing::warn!(route, status = response.status().as_u16(), "request failed");
        }
        return response;
    };
    let now = state.clock.now_ms();
    let due = |cause: &str| state.refusal_log.due(cause, now);
    match error {
        AppError::Unavailable(detail) => tracing::warn!(route, "database unavailable: {detail}"),
        AppError::Internal(detail) => tracing::error!(route, "internal error: {detail}"),
        AppError::OriginNotAllowed => {
            let origin: String = origin
                .unwrap_or_default()
                .chars()
                .take(MAX_LOGGED_ORIGIN_CHARS)
                .collect();
            if let Some(more) = due(&format!("origin {route} {origin}")) {
                if route == "/api/v1/events" {
                    tracing::warn!(
                        route,
                        more,
                        "refused events from the origin {origin:?}: it is neither one of this \
                         server's public origins (--public-origin) nor in --allow-origin, so its \
                         visitors' receipts are lost (add --allow-origin {origin} if its pages \
                         embed the banner)"
                    );
                } else {
                    tracing::warn!(
                        route,
                        more,
                        "refused a dashboard request from the origin {origin:?}: not one of \
                         this server's public origins (if the dashboard is reached there, add \
                         --public-origin {origin})"
                    );
                }
            }
        }
        AppError::NotAsConfigured { code, field, .. } => {
            if let Some(more) = due(&format!("configuration {code}")) {
                tracing::warn!(
                    route,
                    more,
                    code,
                    field,
                    "refused events that no --widget-config could have sent: if pages run a \
                     configuration the server was not given, add it with --widget-config, or \
                     their receipts are lost"
                );
            }
        }
        AppError::RateLimited { .. } => {
            if let Some(more) = due(&format!("rate limited {route}")) {
                if route == "/api/v1/events" {
                    tracing::warn!(
                        route,
                        more,
                        "refused events of a client over --rate-limit (429): raise the limit if \
                         many visitors share one address"
                    );
                } else {
                    tracing::warn!(
                        route,
                        more,
                        "throttled logins after repeated failures (429): someone may be guessing \
                         passwords"
                    );
                }
            }
        }
        AppError::TooManyIds { field, .. } => {
            if let Some(more) = due("too many ids") {
                tracing::warn!(
                    route,
                    more,
                    field,
                    "refused events naming a category or variant id beyond those the log keeps \
                     without --widget-config (422): someone may be inventing ids; run with \
                     --widget-config, which admits exactly the configured ones"
                );
            }
        }
        AppError::TooManyNewIds { .. } => {
            if let Some(more) = due("new ids") {
                tracing::warn!(
                    route,
                    more,
                    "refused events over today's allowance of new category and variant ids \
                     (429 until the next UTC day): someone may be inventing ids; run with \
                     --widget-config, which admits exactly the configured ones"
                );
            }
        }
        AppError::Busy { .. } => {
            if let Some(more) = due("busy") {
                tracing::warn!(
                    route,
                    more,
                    "refused logins with 503 busy: every password check was taken (a burst of \
                     logins; see --max-password-checks)"
                );
            }
        }
        _ => {}
    }
    response
}
