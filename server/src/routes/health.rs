//! `GET /healthz` (the process answers) and `GET /readyz` (the database takes a write in time),
//! for container health checks and load balancers. No session, no rate limit, no details: a
//! failed probe answers 503 with a fixed body and its cause goes to the log.

use axum::extract::State;
use axum::http::StatusCode;

use crate::state::AppState;

/// `GET /healthz`: 200 while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: 200 when the database took a write within `health::PROBE_TIMEOUT`, else 503.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state
        .readiness
        .check(&state.store, &state.clock, &state.metrics)
        .await
    {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}
