//! `GET /healthz` (the process answers) and `GET /readyz` (the database takes a write in time),
//! for container health checks and load balancers. No session, no rate limit, no details: a
//! failed probe answers 503 with a fixed body and its cause goes to the log.
//!
//! `/readyz` is public, so a probe is never run more than once at a time nor more often than
//! [`PROBE_REUSE`]: callers in between get the last result (a flood of probes cannot become a
//! flood of database writes).

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use tokio::sync::Mutex;

use crate::state::AppState;
use crate::store::StoreError;

/// Longest the readiness probe waits for its write.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a probe's result answers later callers.
pub const PROBE_REUSE: Duration = Duration::from_secs(1);

/// The last readiness probe, shared by concurrent callers.
#[derive(Debug, Default)]
pub struct Readiness {
    last: Mutex<Option<(Instant, bool)>>,
}

/// `GET /healthz`: 200 while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: 200 when the database took a write within [`PROBE_TIMEOUT`], else 503.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.readiness.check(&state).await {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}

impl Readiness {
    /// Whether the database takes a write now (or did within [`PROBE_REUSE`]).
    pub async fn check(&self, state: &AppState) -> bool {
        let mut last = self.last.lock().await;
        if let Some((at, ready)) = *last {
            if at.elapsed() < PROBE_REUSE {
                return ready;
            }
        }
        let write = state.store.probe_write(state.clock.now_ms());
        let outcome = match tokio::time::timeout(PROBE_TIMEOUT, write).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(error),
            Err(_) => Err(StoreError::Unavailable(format!(
                "no write within {} s",
                PROBE_TIMEOUT.as_secs()
            ))),
        };
        let ready = match outcome {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!("not ready: the database did not take the probe's write: {error}");
                state.metrics.database_error("readiness", &error);
                false
            }
        };
        *last = Some((Instant::now(), ready));
        ready
    }
}
