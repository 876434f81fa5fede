//! The readiness probe behind `GET /readyz` (see `routes::health`): the database takes a write
//! in time. A failed probe's cause goes to the log.
//!
//! `/readyz` is public, so a probe is never run more than once at a time nor more often than
//! [`PROBE_REUSE`]: callers in between get the last result (a flood of probes cannot become a
//! flood of database writes).

use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::clock::Clock;
use crate::metrics::Metrics;
use crate::store::{Store, StoreError};

/// Longest the readiness probe waits for its write.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a probe's result answers later callers.
pub const PROBE_REUSE: Duration = Duration::from_secs(1);

/// The last readiness probe, shared by concurrent callers.
#[derive(Debug, Default)]
pub struct Readiness {
    last: Mutex<Option<(Instant, bool)>>,
}

impl Readiness {
    /// Whether the database takes a write now (or did within [`PROBE_REUSE`]).
    pub async fn check(&self, store: &Store, clock: &Clock, metrics: &Metrics) -> bool {
        let mut last = self.last.lock().await;
        if let Some((at, ready)) = *last {
            if at.elapsed() < PROBE_REUSE {
                return ready;
            }
        }
        let write = store.probe_write(clock.now_ms());
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
                metrics.database_error("readiness", &error);
                false
            }
        };
        *last = Some((Instant::now(), ready));
        ready
    }
}
