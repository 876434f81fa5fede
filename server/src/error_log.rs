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

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;
use crate::state::AppState;

/// Causes remembered at once; beyond that, new causes share one line (a client inventing a new
/// origin per request cannot grow the map or the log).
const MAX_CAUSES: usize = 1024;
/// The cause that stands for every other once [`MAX_CAUSES`] are remembered.
const OTHER_CAUSES: &str = "(other causes)";
/// Longest origin quoted in the log.
const MAX_LOGGED_ORIGIN_CHARS: usize = 200;

/// How often each cause of a refusal may be logged.
#[derive(Debug)]
pub struct RefusalLog {
    period_ms: i64,
    causes: Mutex<HashMap<String, CauseState>>,
}

#[derive(Clone, Copy, Debug)]
struct CauseState {
    logged_at_ms: i64,
    /// Refusals since the last line.
    suppressed: u64,
}

impl RefusalLog {
    /// At most one line per cause and `period`.
    pub fn new(period: Duration) -> Self {
        RefusalLog {
            period_ms: i64::try_from(period.as_millis()).unwrap_or(i64::MAX),
            causes: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one refusal for `cause` at `now_ms`; `Some(n)` when a line is due now, `n` being
    /// the refusals of that cause not logged since the last line.
    pub fn due(&self, cause: &str, now_ms: i64) -> Option<u64> {
        let mut causes = self.causes.lock().unwrap_or_else(|e| e.into_inner());
        if causes.len() >= MAX_CAUSES && !causes.contains_key(cause) {
            causes.retain(|_, state| now_ms - state.logged_at_ms < self.period_ms);
        }
        let cause = if causes.len() >= MAX_CAUSES && !causes.contains_key(cause) {
            OTHER_CAUSES
        } else {
            cause
        };
        match causes.get_mut(cause) {
            Some(state) if now_ms - state.logged_at_ms < self.period_ms => {
                state.suppressed += 1;
                None
            }
            Some(state) => {
                let suppressed = state.suppressed;
                *state = CauseState {
                    logged_at_ms: now_ms,
                    suppressed: 0,
                };
                Some(suppressed)
            }
            None => {
                causes.insert(
                    cause.to_owned(),
                    CauseState {
                        logged_at_ms: now_ms,
                        suppressed: 0,
                    },
                );
                Some(0)
            }
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_logged_once_per_period_with_the_count_since() {
        let log = RefusalLog::new(Duration::from_secs(60));
        assert_eq!(log.due("origin a", 0), Some(0));
        for _ in 0..5 {
            assert_eq!(log.due("origin a", 30_000), None);
        }
        assert_eq!(log.due("origin b", 30_000), Some(0), "causes are apart");
        assert_eq!(log.due("origin a", 59_999), None);
        assert_eq!(log.due("origin a", 60_000), Some(6));
        assert_eq!(log.due("origin a", 60_001), None);
    }

    #[test]
    fn invented_causes_beyond_the_bound_share_one_line() {
        let log = RefusalLog::new(Duration::from_secs(60));
        for n in 0..MAX_CAUSES {
            assert_eq!(log.due(&format!("origin {n}"), 0), Some(0));
        }
        assert_eq!(log.due("origin new", 1), Some(0));
        assert_eq!(
            log.due("origin newer", 2),
            None,
            "the same line as the one before"
        );
        let causes = log.causes.lock().unwrap().len();
        assert_eq!(causes, MAX_CAUSES + 1);
        // Once the period is over, old causes make room again.
        assert_eq!(log.due("origin newest", 60_000), Some(0));
        assert!(log.causes.lock().unwrap().len() < MAX_CAUSES);
    }
}
