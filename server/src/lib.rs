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
pub mod health;
pub mod logging;
pub mod login_throttle;
pub mod metrics;
pub mod password;
pub mod password_checks;
pub mod rate_limit;
pub mod retention;
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
        .method_not_allowed_fallback(routes::api_method_not_allowed)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            security_headers::NO_STORE,
        ));
    // Health checks: no session, no rate limit, never cached.
    let health = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
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
/// own, shorter deadline answers a slow client with 408 before that).
async fn limit_request_time(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: middleware::Next,
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
