//! Reading rollups and receipts.

use jl_consent_api::Choices;
use sqlx::Row;

use super::{on_pool, Store, StoreError};
use time::Date;

use crate::clock::{day_from_number, day_number};
use crate::rollup::{RollupCounts, RollupKey};
use crate::stats::CategoryTotals;

/// One stored decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredReceipt {
    /// Insertion order (for paging through exports).
    pub id: i64,
    pub event_id: String,
    pub consent_id: String,
    pub received_at_ms: i64,
    pub decided_at: i64,
    pub revision: i64,
    pub config_hash: String,
    pub action: String,
    pub first: bool,
    pub language: String,
    pub device: String,
    pub variant: Option<String>,
    /// The choices as a JSON object, in the order the widget listed them.
    pub choices_json: String,
}

impl StoredReceipt {
    /// The choices, in the order the widget listed the categories. The writer made the JSON:
    /// an unreadable one means a damaged database.
    pub fn choices(&self) -> Result<Choices, StoreError> {
        serde_json::from_str(&self.choices_json).map_err(|e| {
            StoreError::Failed(format!(
                "the choices of receipt {} are not a JSON object of booleans: {e}",
                self.event_id
            ))
        })
    }
}

const RECEIPT_COLUMNS: &str = "id, event_id, consent_id, received_at, decided_at, revision, \
     config_hash, action, first, language, device, variant, choices";

fn receipt_from_row<R>(row: &R) -> Result<StoredReceipt, sqlx::Error>
where
    R: Row,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    Ok(StoredReceipt {
        id: row.try_get(0)?,
        event_id: row.try_get(1)?,
        consent_id: row.try_get(2)?,
        received_at_ms: row.try_get(3)?,
        decided_at: row.try_get(4)?,
        revision: row.try_get(5)?,
        config_hash: row.try_get(6)?,
        action: row.try_get(7)?,
        first: row.try_get(8)?,
        language: row.try_get(9)?,
        device: row.try_get(10)?,
        variant: row.try_get(11)?,
        choices_json: row.try_get(12)?,
    })
}

/// The rollup counters summed (PostgreSQL's SUM of BIGINT is NUMERIC: cast back).
const ROLLUP_SUMS: &str =
    "CAST(SUM(impressions) AS BIGINT), CAST(SUM(first_accept_all) AS BIGINT), \
     CAST(SUM(first_reject_all) AS BIGINT), CAST(SUM(first_custom) AS BIGINT), \
     CAST(SUM(changes) AS BIGINT), CAST(SUM(withdrawals) AS BIGINT)";

/// The six counters from `first` on, in [`ROLLUP_SUMS`] order.
fn counts_from_row<R>(row: &R, first: usize) -> Result<RollupCounts, sqlx::Error>
where
    R: Row,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    Ok(RollupCounts {
        impressions: row.try_get(first)?,
        first_accept_all: row.try_get(first + 1)?,
        first_reject_all: row.try_get(first + 2)?,
        first_custom: row.try_get(first + 3)?,
        changes: row.try_get(first + 4)?,
        withdrawals: row.try_get(first + 5)?,
    })
}

impl Store {
    /// True when some event was ever stored.
    pub async fn has_events(&self) -> Result<bool, StoreError> {
        on_pool!(self, |pool, _Db| {
            let row = sqlx::query("SELECT EXISTS (SELECT 1 FROM event_ids)")
                .fetch_one(pool)
                .await?;
            Ok(row.try_get::<bool, _>(0)?)
        })
    }

    /// The rollup counters of the days `from..=to` summed per day (days without data are left
    /// out), in order of day. The database adds them up: only one row per day comes back.
    pub async fn rollup_daily_totals(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<(Date, RollupCounts)>, StoreError> {
        let sql = format!(
            "SELECT day, {ROLLUP_SUMS} FROM rollup_daily WHERE day >= $1 AND day <= $2 \
             GROUP BY day ORDER BY day"
        );
        on_pool!(self, |pool, _Db| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(day_number(from))
                .bind(day_number(to))
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|row| Ok((day_from_number(row.try_get(0)?), counts_from_row(row, 1)?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The rollup counters of the days `from..=to` summed per revision × language × device ×
    /// variant (at most a few hundred rows, however many days); each key's `day` is `from`.
    pub async fn rollup_dimension_totals(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<(RollupKey, RollupCounts)>, StoreError> {
        let sql = format!(
            "SELECT revision, language, device, variant, {ROLLUP_SUMS} FROM rollup_daily \
             WHERE day >= $1 AND day <= $2 GROUP BY revision, language, device, variant"
        );
        on_pool!(self, |pool, _Db| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(day_number(from))
                .bind(day_number(to))
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|row| {
                    Ok((
                        RollupKey {
                            day: from,
                            revision: row.try_get(0)?,
                            language: row.try_get(1)?,
                            device: row.try_get(2)?,
                            variant: row.try_get(3)?,
                        },
                        counts_from_row(row, 4)?,
                    ))
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Per category, the first decisions of `from..=to` that listed it and granted it
    /// (categories that no first decision listed are left out), by category id.
    pub async fn category_totals(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<CategoryTotals>, StoreError> {
        on_pool!(self, |pool, _Db| {
            let rows = sqlx::query(
                "SELECT category, CAST(SUM(first_decisions) AS BIGINT), \
                 CAST(SUM(first_granted) AS BIGINT) \
                 FROM rollup_categories WHERE day >= $1 AND day <= $2 \
                 GROUP BY category HAVING SUM(first_decisions) > 0 ORDER BY category",
            )
            .bind(day_number(from))
            .bind(day_number(to))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(CategoryTotals {
                        category: row.try_get(0)?,
                        first_decisions: row.try_get(1)?,
                        first_granted: row.try_get(2)?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Every category some decision of `from..=to` listed, by id (the export's columns).
    pub async fn receipt_categories(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<String>, StoreError> {
        on_pool!(self, |pool, _Db| {
            let rows = sqlx::query(
                "SELECT DISTINCT category FROM rollup_categories \
                 WHERE day >= $1 AND day <= $2 AND decisions > 0 ORDER BY category",
            )
            .bind(day_number(from))
            .bind(day_number(to))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|row| row.try_get::<String, _>(0))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Every decision stored under `consent_id`, oldest first.
    pub async fn receipts_for_consent(
        &self,
        consent_id: &str,
    ) -> Result<Vec<StoredReceipt>, StoreError> {
        on_pool!(self, |pool, _Db| {
            let sql = format!(
                "SELECT {RECEIPT_COLUMNS} FROM receipts WHERE consent_id = $1 \
                 ORDER BY received_at, id"
            );
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(consent_id.to_owned())
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(receipt_from_row)
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Up to `limit` decisions received after the cursor `(day, id)` and no later than `to`, in
    /// order of day and id (the order the receipts index keeps), for paging through an export.
    pub async fn receipts_page(
        &self,
        after: (Date, i64),
        to: Date,
        limit: i64,
    ) -> Result<Vec<(Date, StoredReceipt)>, StoreError> {
        on_pool!(self, |pool, _Db| {
            let sql = format!(
                "SELECT {RECEIPT_COLUMNS}, day FROM receipts \
                 WHERE (day, id) > ($1, $2) AND day <= $3 ORDER BY day, id LIMIT $4"
            );
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(day_number(after.0))
                .bind(after.1)
                .bind(day_number(to))
                .bind(limit)
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|row| Ok((day_from_number(row.try_get(13)?), receipt_from_row(row)?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }
}
