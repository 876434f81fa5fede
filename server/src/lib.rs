//! The consent-log server of the Jet Leasing consent banner: ingest of the widget's events,
//! rollups, the marketers' dashboard API and the static sites, over SQLite or PostgreSQL.
//!
//! [`app`] builds the whole HTTP application from an [`AppState`]; `main.rs` only parses the
//! command line, opens the database and serves it.

pub mod auth;
pub mod bench_seed;
pub mod cli;
pub mod client;
pub mod clock;
pub mod config;
pub mod cors;
pub mod csv;
pub mod error;
pub mod error_log;
pub mod export;
pub mod login_throttle;
pub mod password;
pub mod password_checks;
pub mod rate_limit;
pub mod rollup;
pub mod routes;
pub mod security_headers;
pub mod serve;
pub mod session;
pub mod state;
pub mod static_files;
pub mod stats;
pub mod store;
pub mod widget_configs;
pub mod writer;

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::Router;

pub use clock::Clock;
pub use config::ServerConfig;
pub use state::AppState;
pub use store::{SqliteDurability, Store, StoreOptions};

use routes::events::events_create;
use routes::exports::{exports_daily, exports_receipts};
use routes::receipts::receipts_show;
use routes::session::{session_create, session_delete, session_show};
use routes::stats::stats_index;

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let ingest = post(events_create)
        .options(|| async { axum::http::StatusCode::NO_CONTENT })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            cors::ingest_cors,
        ));
    let session = get(session_show).merge(
        post(session_create)
            .delete(session_delete)
            .layer(middleware::from_fn(cors::same_origin_only)),
    );
    let api = Router::new()
        .route("/api/v1/events", ingest)
        .route("/api/v1/session", session)
        .route("/api/v1/stats", get(stats_index))
        .route("/api/v1/receipts/{consent_id}", get(receipts_show))
        .route("/api/v1/export/receipts.csv", get(exports_receipts))
        .route("/api/v1/export/daily.csv", get(exports_daily))
        .route("/api", any(routes::api_not_found))
        .route("/api/{*rest}", any(routes::api_not_found))
        .method_not_allowed_fallback(routes::api_method_not_allowed);
    Router::new()
        .merge(api)
        .route("/dashboard", get(static_files::dashboard_redirect))
        .route("/dashboard/", get(static_files::dashboard_file))
        .route("/dashboard/{*path}", get(static_files::dashboard_file))
        .fallback(static_files::site_file)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            limit_request_time,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            error_log::log_errors,
        ))
        .layer(middleware::from_fn(security_headers::security_headers))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Answers `503 unavailable` when the app has not answered within `request_timeout` (the body's
/// own, shorter deadline answers a slow client with 408 before that).
async fn limit_request_time(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(state.config.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            axum::response::IntoResponse::into_response(error::AppError::Unavailable(format!(
                "no answer within the request timeout ({} s)",
                state.config.request_timeout.as_secs_f64()
            )))
        }
    }
}

/// Logs each request by its route pattern, never its path, query or client (a consent id in
/// a path is personal data, and so is an address).
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "static".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::warn!(%method, route, status, millis, "request failed");
    } else {
        tracing::debug!(%method, route, status, millis, "request");
    }
    response
}
