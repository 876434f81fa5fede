//! What every handler shares.

use std::ops::Deref;
use std::sync::Arc;

use crate::clock::Clock;
use crate::config::ServerConfig;
use crate::error_log::RefusalLog;
use crate::health::Readiness;
use crate::login_throttle::LoginThrottle;
use crate::metrics::Metrics;
use crate::password_checks::PasswordChecks;
use crate::rate_limit::RateLimiter;
use crate::store::Store;
use crate::writer::{spawn_writer, IngestQueue, Writer};

/// At most one log line per refusal cause and this period.
const REFUSAL_LOG_PERIOD: std::time::Duration = std::time::Duration::from_secs(60);

/// The shared state behind [`AppState`].
#[derive(Debug)]
pub struct Shared {
    pub store: Store,
    pub config: ServerConfig,
    pub clock: Clock,
    pub ingest: IngestQueue,
    pub rate_limiter: RateLimiter,
    pub login_throttle: LoginThrottle,
    pub password_checks: PasswordChecks,
    /// When refusals were last logged, per cause.
    pub refusal_log: RefusalLog,
    /// A hash checked when the user name is unknown, so a login takes as long either way.
    pub decoy_password_hash: String,
    pub metrics: Arc<Metrics>,
    /// The last readiness probe (`GET /readyz`).
    pub readiness: Readiness,
}

/// The handlers' state: cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// Builds the state and starts the ingest writer (on the current Tokio runtime).
    pub fn start(store: Store, config: ServerConfig, clock: Clock) -> (AppState, Writer) {
        let metrics = Arc::new(Metrics::new(config.retention_days));
        let (ingest, writer) = spawn_writer(
            store.clone(),
            clock.clone(),
            config.batch.clone(),
            metrics.clone(),
        );
        metrics.watch_queue(ingest.clone());
        metrics.watch_store(store.clone());
        let decoy_password_hash = config
            .password_hashing
            .hash("decoy password, never valid")
            .unwrap_or_default();
        let state = AppState(Arc::new(Shared {
            store,
            rate_limiter: RateLimiter::new(config.rate_limit_per_minute),
            login_throttle: LoginThrottle::new(config.login_throttle.clone()),
            password_checks: PasswordChecks::new(
                config.max_password_checks,
                config.password_check_wait,
            ),
            refusal_log: RefusalLog::new(REFUSAL_LOG_PERIOD),
            config,
            clock,
            ingest,
            decoy_password_hash,
            metrics,
            readiness: Readiness::default(),
        }));
        (state, writer)
    }
}
