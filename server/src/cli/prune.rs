//! `prune`: deletes at once what `--retention-days` says is too old.

use super::CommandError;
use crate::clock::Clock;
use crate::retention::{first_day_kept, prune, PruneBatches};
use crate::store::Store;

/// Runs `prune` with the retention in force.
pub async fn run(store: &Store, retention_days: Option<u32>) -> Result<(), CommandError> {
    let days = retention_days.ok_or_else(|| {
        CommandError(
            "no retention is set: give --retention-days DAYS (or JL_RETENTION_DAYS)".to_owned(),
        )
    })?;
    let first_kept = first_day_kept(Clock::system().today(), days);
    let pruned = prune(store, first_kept, PruneBatches::default(), None).await?;
    tracing::info!(
        receipts = pruned.receipts,
        event_ids = pruned.event_ids,
        "retention: deleted what was received before {first_kept} (kept {days} days; the daily \
         totals stay)"
    );
    println!(
        "deleted {} receipts and {} event ids received before {first_kept} (kept {days} days); \
         the daily totals stay",
        pruned.receipts, pruned.event_ids
    );
    Ok(())
}
