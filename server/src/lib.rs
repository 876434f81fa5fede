//! The consent-log server of the Jet Leasing consent banner: ingest of the widget's events,
//! rollups, the marketers' dashboard API and the static sites, over SQLite or PostgreSQL.
//!
//! [`app`] builds the whole HTTP application from an [`AppState`]; `main.rs` only reads the
//! command line and hands it to [`cli::run`].
//!
//! # Layout
//!
//! Starting the process:
//! - `cli`: the command line, one module per subcommand; `cli::serve` starts the parts below
//!   and calls [`server::run`].
//! - [`server`]: the accept loop, with its connection limits, header deadline and drain.
//! - [`logging`]: the process's log (text or JSON lines).
//! - `config`: the settings ([`ServerConfig`]); [`widget_configs`]: the widget configurations
//!   events are checked against.
//!
//! The HTTP application ([`app`]), from the outside in:
//! - `security_headers`, `error_log` (with `refusal_log`, its memory), [`metrics`]: the layers
//!   every answer passes through.
//! - [`routes`]: the handlers, one file per resource; `auth` (the signed-in marketer),
//!   [`session`], `cors`, `client` (who is asking), `rate_limit`, `login_throttle`,
//!   `password_checks` and [`password`]: what the handlers ask before they act.
//! - `static_files`: the demo site and the dashboard; [`health`]: the readiness probe.
//! - `state`: what every handler shares ([`AppState`]); `error`: the API's one error type.
//!
//! Below the handlers:
//! - [`writer`]: the ingest writer, many requests' events in one transaction; `rollup`: the
//!   daily counters it keeps.
//! - `stats`, `export` and `csv`: the statistics answer and the CSV exports, from the rollups.
//! - [`retention`]: deleting what is older than the retention; `bench_seed`: synthetic data for
//!   the statistics benchmark.
//! - `store`: the database ([`Store`]), SQLite or PostgreSQL; [`clock`]: the time and the UTC
//!   days the API speaks in.
//!
//! Modules shown without a link are private; the tests in `server/tests` use the public ones.

mod auth;
mod bench_seed;
pub mod cli;
mod client;
pub mod clock;
mod config;
mod confined_files;
mod cors;
mod csv;
mod error;
mod error_log;
mod export;
pub mod export_slots;
pub mod health;
mod id_limits;
pub mod logging;
mod login_throttle;
pub mod metrics;
pub mod password;
mod password_checks;
mod rate_limit;
mod refusal_log;
mod response_bodies;
pub mod retention;
mod rollup;
pub mod routes;
mod security_headers;
pub mod server;
pub mod session;
mod state;
mod static_files;
mod stats;
mod store;
pub mod widget_configs;
pub mod writer;

use axum::extract::{MatchedPath, Request};
use axum::http::header;
use axum::middleware;
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;

pub use clock::Clock;
pub use config::ServerConfig;
pub use state::AppState;
pub use store::{SqliteDurability, Store, StoreOptions, StoredCounts, UserSummary};

use routes::events::events_create;
use routes::exports::{exports_daily, exports_receipts};
use routes::receipts::receipts_show;
use routes::session::{session_create, session_delete, session_show};
use routes::stats::stats_index;

/// The whole HTTP application.
///
/// A layer added later wraps the ones before it: a request passes the layers from the last to
/// the first, its answer from the first to the last. So, from the inside out:
/// 1. `limit_request_time` answers 503 when the routes take too long, so that answer passes
///    every layer below like any other;
/// 2. `error_log::log_errors` logs the error an answer carries (including that 503), and
/// 3. `metrics::count_refusals` counts it: both only read the answer;
/// 4. to 7. the security headers are set on every answer, the routes', the static files' and
///    the ones above alike (`overriding`: a handler cannot forget or weaken them);
/// 8. the trace layer is outermost, so its span (method and route) holds every line the layers
///    inside it log.
pub fn app(state: AppState) -> Router {
    let ingest = post(events_create)
        .options(|| async { axum::http::StatusCode::NO_CONTENT })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            cors::ingest_cors,
        ));
    let session = get(session_show).merge(post(session_create).delete(session_delete).layer(
        middleware::from_fn_with_state(state.clone(), cors::same_origin_only),
    ));
    let api = Router::new()
        .route("/api/v1/events", ingest)
        .route("/api/v1/session", session)
        .route("/api/v1/stats", get(stats_index))
        .route("/api/v1/receipts/{consent_id}", get(receipts_show))
        .route("/api/v1/export/receipts.csv", get(exports_receipts))
        .route("/api/v1/export/daily.csv", get(exports_daily))
        .route("/api", any(routes::api_not_found))
        .route("/api/{*rest}", any(routes::api_not_found))
        .method_not_allowed_fallback(routes::api_method_not_allowed)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            security_headers::NO_STORE,
        ));
    // Health checks: no session, no rate limit, never cached.
    let health = Router::new()
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            security_headers::NO_STORE,
        ));
    Router::new()
        .merge(api)
        .merge(health)
        .route("/dashboard", get(static_files::dashboard_redirect))
        .nest_service(
            "/dashboard/",
            static_files::dashboard(&state.config.dashboard_dir),
        )
        .fallback_service(static_files::site(&state.config.site_dir))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            limit_request_time,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            error_log::log_errors,
        ))
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::count_refusals,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            security_headers::NO_SNIFFING,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            security_headers::REFERRER_POLICY,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            security_headers::html_content_security_policy,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            security_headers::html_frame_options,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::DEBUG)
                        .latency_unit(LatencyUnit::Millis),
                )
                // Errors are logged by `error_log::log_errors`, with their cause.
                .on_failure(()),
        )
        .with_state(state)
}

/// The request log's span: the method and the route pattern, never the path, query or client
/// (a consent id in a path is personal data, and so is an address).
fn request_span(request: &Request) -> tracing::Span {
    let route = match request.extensions().get::<MatchedPath>() {
        Some(route) => route.as_str(),
        None if request.uri().path().starts_with("/dashboard/") => "/dashboard/",
        None => "static",
    };
    tracing::debug_span!("request", method = %request.method(), route)
}

/// Answers `503 unavailable` when the app has not answered within `request_timeout` (the body's
/// own, shorter deadline answers a slow client with 408 before that), and cuts off an answer
/// whose body is not sent in full within `response_timeout` of the request.
async fn limit_request_time(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: middleware::Next,
) -> Response {
    let started = tokio::time::Instant::now();
    match tokio::time::timeout(state.config.request_timeout, next.run(request)).await {
        Ok(response) => response.map(|body| {
            axum::body::Body::new(response_bodies::WithDeadline::new(
                body,
                started,
                state.config.response_timeout,
            ))
        }),
        Err(_) => {
            axum::response::IntoResponse::into_response(error::AppError::Unavailable(format!(
                "no answer within the request timeout ({} s)",
                state.config.request_timeout.as_secs_f64()
            )))
        }
    }
}
