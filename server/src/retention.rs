//! Retention: receipts and event ids older than the retention are deleted, in small batches
//! with a pause between them, so that ingest never waits for more than one short batch. The daily
//! rollups (the dashboard's totals, which hold no ids) are kept.
//!
//! `serve` runs [`prune`] in the background at start and every [`RUN_EVERY`]; the `prune`
//! command runs it once.

use std::sync::Arc;
use std::time::Duration;

use time::Date;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::metrics::{Metrics, TableLabels};
use crate::store::{Store, StoreError};

/// How often the background job looks for what has grown too old.
pub const RUN_EVERY: Duration = Duration::from_secs(60 * 60);

/// Most and least days `--retention-days` takes.
pub const MIN_DAYS: u32 = 1;
pub const MAX_DAYS: u32 = 36_600;

/// How the deletes are cut up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PruneBatches {
    /// Rows deleted per transaction.
    pub rows: i64,
    /// Pause between two transactions, during which ingest has the database to itself.
    pub pause: Duration,
}

impl Default for PruneBatches {
    fn default() -> Self {
        PruneBatches {
            rows: 500,
            pause: Duration::from_millis(20),
        }
    }
}

/// What one run deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub receipts: u64,
    pub event_ids: u64,
}

/// The first day kept when receipts are kept `days` days: everything received before it goes.
pub fn first_day_kept(today: Date, days: u32) -> Date {
    today
        .checked_sub(time::Duration::days(i64::from(days)))
        .unwrap_or(Date::MIN)
}

/// Deletes the receipts, then the event ids, received before `first_day_kept`, batch by batch.
pub async fn prune(
    store: &Store,
    first_day_kept: Date,
    batches: PruneBatches,
    metrics: Option<&Metrics>,
) -> Result<Pruned, StoreError> {
    let mut pruned = Pruned::default();
    for table in ["receipts", "event_ids"] {
        loop {
            let deleted = match table {
                "receipts" => store.prune_receipts(first_day_kept, batches.rows).await,
                _ => store.prune_event_ids(first_day_kept, batches.rows).await,
            };
            let deleted = match deleted {
                Ok(deleted) => deleted,
                Err(error) => {
                    if let Some(metrics) = metrics {
                        metrics.database_error("retention", &error);
                    }
                    return Err(error);
                }
            };
            if let Some(metrics) = metrics {
                metrics
                    .retention_deleted
                    .get_or_create(&TableLabels { table })
                    .inc_by(deleted);
            }
            match table {
                "receipts" => pruned.receipts += deleted,
                _ => pruned.event_ids += deleted,
            }
            if deleted < batches.rows as u64 {
                break;
            }
            tokio::time::sleep(batches.pause).await;
        }
    }
    Ok(pruned)
}

/// Starts the background job: a run now, then one every [`RUN_EVERY`]. A failed run is logged
/// and tried again at the next.
pub fn spawn_pruning(
    store: Store,
    clock: Clock,
    days: u32,
    metrics: Arc<Metrics>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(RUN_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let first_kept = first_day_kept(clock.today(), days);
            match prune(&store, first_kept, PruneBatches::default(), Some(&metrics)).await {
                Ok(pruned) if pruned == Pruned::default() => {}
                Ok(pruned) => tracing::info!(
                    receipts = pruned.receipts,
                    event_ids = pruned.event_ids,
                    "retention: deleted what was received before {first_kept} (kept {days} days; \
                     the daily totals stay)"
                ),
                Err(error) => tracing::warn!(
                    "retention: could not delete what was received before {first_kept}, trying \
                     again in an hour: {error}"
                ),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn keeping_thirty_days_keeps_the_thirty_days_before_today_and_today() {
        assert_eq!(
            first_day_kept(date!(2026 - 12 - 31), 30),
            date!(2026 - 12 - 01)
        );
        assert_eq!(
            first_day_kept(date!(2026 - 03 - 01), 1),
            date!(2026 - 02 - 28)
        );
    }
}
