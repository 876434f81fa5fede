//! Prometheus metrics, kept with the `prometheus-client` crate and served in the OpenMetrics text
//! format on a listen address of their own (`--metrics-listen`), never on the public one.
//!
//! Counters and histograms are updated where things happen (the ingest writer, the retention job,
//! [`count_refusals`] for every error answer); gauges of the moment (the ingest queue, the open
//! connections, the database pool) are read when Prometheus scrapes. Labels hold only fixed words
//! (error codes, event kinds): never a client, an origin or an id.

use std::sync::{Arc, OnceLock};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::{Registry, Unit};

use crate::error::AppError;
use crate::serve::OpenConnections;
use crate::store::{Store, StoreError};
use crate::writer::IngestQueue;

/// The content type of the OpenMetrics text format, which Prometheus asks for.
const OPENMETRICS_CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// An event's kind and what became of it at ingest.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct IngestLabels {
    /// `decision` or `impression`.
    pub kind: &'static str,
    /// `stored` (new) or `duplicate` (stored before).
    pub outcome: &'static str,
}

/// An error answer's stable code (API.md).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabels {
    pub code: &'static str,
}

/// A failed database operation: which job, and how it failed.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DatabaseErrorLabels {
    /// `ingest`, `readiness` or `retention`.
    pub operation: &'static str,
    /// `unavailable`, `contention`, `conflict` or `failed` (see `StoreError`).
    pub kind: &'static str,
}

/// Which rows retention deleted.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TableLabels {
    /// `receipts` or `event_ids`.
    pub table: &'static str,
}

/// Every metric of the server.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Events handed to the writer, by kind and outcome.
    pub ingest_events: Family<IngestLabels, Counter>,
    /// Error answers by code.
    pub refusals: Family<CodeLabels, Counter>,
    /// How long an ingest transaction took, from its start to its commit.
    pub commit_seconds: Histogram,
    /// Events per ingest transaction.
    pub batch_events: Histogram,
    /// Failed database operations.
    pub database_errors: Family<DatabaseErrorLabels, Counter>,
    /// Logins refused for a wrong user name or password.
    pub login_failures: Counter,
    /// Logins refused by the throttle after repeated failures.
    pub login_throttled: Counter,
    /// Rows deleted by retention.
    pub retention_deleted: Family<TableLabels, Counter>,
    sources: Arc<LiveSources>,
}

/// What the gauges of the moment read at each scrape (set once the parts exist).
#[derive(Debug, Default)]
struct LiveSources {
    queue: OnceLock<IngestQueue>,
    connections: OnceLock<OpenConnections>,
    store: OnceLock<Store>,
}

impl Metrics {
    /// Every metric at zero; `retention_days` is the retention in force (`None`: no limit).
    pub fn new(retention_days: Option<u32>) -> Metrics {
        let mut registry = Registry::with_prefix("jl");
        let metrics = Metrics {
            ingest_events: Family::default(),
            refusals: Family::default(),
            // 1 ms to about 8 s.
            commit_seconds: Histogram::new(exponential_buckets(0.001, 2.0, 14)),
            // 1 to 1024 events.
            batch_events: Histogram::new(exponential_buckets(1.0, 2.0, 11)),
            database_errors: Family::default(),
            login_failures: Counter::default(),
            login_throttled: Counter::default(),
            retention_deleted: Family::default(),
            sources: Arc::new(LiveSources::default()),
            registry: Registry::default(),
        };
        registry.register(
            "ingest_events",
            "Valid events handed to the ingest writer, by kind (decision, impression) and outcome \
             (stored, duplicate)",
            metrics.ingest_events.clone(),
        );
        registry.register(
            "http_refusals",
            "Error answers by their API error code",
            metrics.refusals.clone(),
        );
        registry.register_with_unit(
            "ingest_commit",
            "Time an ingest transaction took from its start to its commit",
            Unit::Seconds,
            metrics.commit_seconds.clone(),
        );
        registry.register(
            "ingest_batch_events",
            "Events per ingest transaction",
            metrics.batch_events.clone(),
        );
        registry.register(
            "database_errors",
            "Failed database operations, by job (ingest, readiness, retention) and kind",
            metrics.database_errors.clone(),
        );
        registry.register(
            "login_failures",
            "Logins refused for a wrong user name or password",
            metrics.login_failures.clone(),
        );
        registry.register(
            "login_throttled",
            "Logins refused by the throttle after repeated failures",
            metrics.login_throttled.clone(),
        );
        registry.register(
            "retention_deleted_rows",
            "Rows deleted because they were older than the retention (receipts, event_ids)",
            metrics.retention_deleted.clone(),
        );
        let retention = Gauge::<i64>::default();
        retention.set(retention_days.map_or(0, i64::from));
        registry.register(
            "retention_days",
            "Days receipts and event ids are kept (0: no limit)",
            retention,
        );
        registry.register_collector(Box::new(LiveCollector(metrics.sources.clone())));
        Metrics {
            registry,
            ..metrics
        }
    }

    /// Reports the ingest queue's depth from now on.
    pub fn watch_queue(&self, queue: IngestQueue) {
        let _ = self.sources.queue.set(queue);
    }

    /// Reports the open and refused client connections from now on.
    pub fn watch_connections(&self, connections: OpenConnections) {
        let _ = self.sources.connections.set(connections);
    }

    /// Reports the database pool's connections from now on.
    pub fn watch_store(&self, store: Store) {
        let _ = self.sources.store.set(store);
    }

    /// Counts a failed database operation of `operation`.
    pub fn database_error(&self, operation: &'static str, error: &StoreError) {
        self.database_errors
            .get_or_create(&DatabaseErrorLabels {
                operation,
                kind: error.kind(),
            })
            .inc();
    }

    /// Counts one event handed to the writer.
    pub fn ingest_event(&self, decision: bool, stored: bool) {
        self.ingest_events
            .get_or_create(&IngestLabels {
                kind: if decision { "decision" } else { "impression" },
                outcome: if stored { "stored" } else { "duplicate" },
            })
            .inc();
    }

    /// The OpenMetrics text of every metric now.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// The gauges of the moment, read at each scrape.
#[derive(Debug)]
struct LiveCollector(Arc<LiveSources>);

impl Collector for LiveCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        if let Some(queue) = self.0.queue.get() {
            let queued = ConstGauge::new(queue.queued() as i64);
            queued.encode(encoder.encode_descriptor(
                "ingest_queue_requests",
                "Ingest requests waiting for the writer",
                None,
                queued.metric_type(),
            )?)?;
        }
        if let Some(connections) = self.0.connections.get() {
            let open = ConstGauge::new(connections.count() as i64);
            open.encode(encoder.encode_descriptor(
                "http_connections_open",
                "Client connections being served",
                None,
                open.metric_type(),
            )?)?;
            let refused = ConstCounter::new(connections.refused() as u64);
            refused.encode(encoder.encode_descriptor(
                "http_connections_refused",
                "Connections refused because their client address had its maximum open",
                None,
                refused.metric_type(),
            )?)?;
        }
        if let Some(store) = self.0.store.get() {
            let (open, idle) = store.pool_connections();
            let pool = ConstGauge::new(open as i64);
            pool.encode(encoder.encode_descriptor(
                "database_connections_open",
                "Database connections the pool holds open",
                None,
                pool.metric_type(),
            )?)?;
            let idle = ConstGauge::new(idle as i64);
            idle.encode(encoder.encode_descriptor(
                "database_connections_idle",
                "Open database connections not in use",
                None,
                idle.metric_type(),
            )?)?;
        }
        Ok(())
    }
}

/// The metrics listener's application: `GET /metrics`, nothing else.
pub fn metrics_app(metrics: Arc<Metrics>) -> Router {
    Router::new()
        .route("/metrics", get(metrics_show))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(metrics)
}

async fn metrics_show(State(metrics): State<Arc<Metrics>>) -> Response {
    match metrics.encode() {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(OPENMETRICS_CONTENT_TYPE),
            )],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!("cannot encode the metrics: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The middleware: counts every error answer by its code, and the logins it refused.
pub async fn count_refusals(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let login = request
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|route| route.as_str() == "/api/v1/session");
    let response = next.run(request).await;
    if let Some(error) = response.extensions().get::<AppError>() {
        metrics
            .refusals
            .get_or_create(&CodeLabels { code: error.code() })
            .inc();
        match error {
            AppError::BadCredentials => {
                metrics.login_failures.inc();
            }
            AppError::RateLimited { .. } if login => {
                metrics.login_throttled.inc();
            }
            _ => {}
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_carry_the_total_suffix_and_the_prefix() {
        let metrics = Metrics::new(Some(400));
        metrics.ingest_event(true, true);
        metrics.ingest_event(true, true);
        metrics.ingest_event(false, false);
        metrics
            .refusals
            .get_or_create(&CodeLabels {
                code: "origin_not_allowed",
            })
            .inc();
        let text = metrics.encode().unwrap();
        assert!(
            text.contains(r#"jl_ingest_events_total{kind="decision",outcome="stored"} 2"#),
            "{text}"
        );
        assert!(
            text.contains(r#"jl_ingest_events_total{kind="impression",outcome="duplicate"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"jl_http_refusals_total{code="origin_not_allowed"} 1"#),
            "{text}"
        );
        assert!(text.contains("jl_retention_days 400"), "{text}");
        assert!(text.contains("jl_ingest_commit_seconds_bucket"), "{text}");
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}
