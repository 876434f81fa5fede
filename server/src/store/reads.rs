//! Reading rollups and receipts; rows map onto their structs by column name (`sqlx::FromRow`).

use jl_consent_api::Choices;
use sqlx::FromRow;
use time::Date;

use super::{on_pool, Store, StoreError};
use crate::clock::{day_from_number, day_number};
use crate::rollup::{RollupCounts, RollupKey};
use crate::stats::CategoryTotals;

/// One stored decision.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct StoredReceipt {
    /// Insertion order (for paging through exports).
    pub id: i64,
    pub event_id: String,
    pub consent_id: String,
    #[sqlx(rename = "received_at")]
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
    #[sqlx(rename = "choices")]
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

/// A receipt with the day (number) it was received on, as an export page reads it.
#[derive(FromRow)]
struct DatedReceipt {
    day: i64,
    #[sqlx(flatten)]
    receipt: StoredReceipt,
}

/// The rollup counters summed, named as [`RollupCounts`]' fields (PostgreSQL's SUM of BIGINT is
/// NUMERIC: cast back).
const ROLLUP_SUMS: &str = "CAST(SUM(impressions) AS BIGINT) AS impressions, \
     CAST(SUM(first_accept_all) AS BIGINT) AS first_accept_all, \
     CAST(SUM(first_reject_all) AS BIGINT) AS first_reject_all, \
     CAST(SUM(first_custom) AS BIGINT) AS first_custom, \
     CAST(SUM(changes) AS BIGINT) AS changes, \
     CAST(SUM(withdrawals) AS BIGINT) AS withdrawals";

/// One day's counters summed over its rollup rows.
#[derive(FromRow)]
struct DayTotals {
    day: i64,
    #[sqlx(flatten)]
    counts: RollupCounts,
}

/// One revision × language × device × variant's counters summed over the days of a range.
#[derive(FromRow)]
struct DimensionTotals {
    revision: i64,
    language: String,
    device: String,
    variant: String,
    #[sqlx(flatten)]
    counts: RollupCounts,
}

impl Store {
    /// True when some event was ever stored.
    pub async fn has_events(&self) -> Result<bool, StoreError> {
        on_pool!(self, |pool, _Db| {
            Ok(
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM event_ids)")
                    .fetch_one(pool)
                    .await?,
            )
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
        let rows: Vec<DayTotals> = on_pool!(self, |pool, Db| {
            sqlx::query_as::<Db, DayTotals>(sqlx::AssertSqlSafe(sql))
                .bind(day_number(from))
                .bind(day_number(to))
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|row| (day_from_number(row.day), row.counts))
            .collect())
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
        let rows: Vec<DimensionTotals> = on_pool!(self, |pool, Db| {
            sqlx::query_as::<Db, DimensionTotals>(sqlx::AssertSqlSafe(sql))
                .bind(day_number(from))
                .bind(day_number(to))
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|row| {
                let key = RollupKey {
                    day: from,
                    revision: row.revision,
                    language: row.language,
                    device: row.device,
                    variant: row.variant,
                };
                (key, row.counts)
            })
            .collect())
    }

    /// Per category, the first decisions of `from..=to` that listed it and granted it
    /// (categories that no first decision listed are left out), by category id.
    pub async fn category_totals(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<CategoryTotals>, StoreError> {
        on_pool!(self, |pool, Db| {
            Ok(sqlx::query_as::<Db, CategoryTotals>(
                "SELECT category, CAST(SUM(first_decisions) AS BIGINT) AS first_decisions, \
                 CAST(SUM(first_granted) AS BIGINT) AS first_granted \
                 FROM rollup_categories WHERE day >= $1 AND day <= $2 \
                 GROUP BY category HAVING SUM(first_decisions) > 0 ORDER BY category",
            )
            .bind(day_number(from))
            .bind(day_number(to))
            .fetch_all(pool)
            .await?)
        })
    }

    /// Every category id and every banner variant id the rollups hold (what ingest counts
    /// against its limits: `id_limits`).
    pub async fn logged_ids(&self) -> Result<(Vec<String>, Vec<String>), StoreError> {
        on_pool!(self, |pool, _Db| {
            let categories = sqlx::query_scalar("SELECT DISTINCT category FROM rollup_categories")
                .fetch_all(pool)
                .await?;
            let variants =
                sqlx::query_scalar("SELECT DISTINCT variant FROM rollup_daily WHERE variant <> ''")
                    .fetch_all(pool)
                    .await?;
            Ok((categories, variants))
        })
    }

    /// The categories decisions of `from..=to` listed, those listed most first (then by id), at
    /// most `limit` of them: the export's columns.
    pub async fn receipt_categories(
        &self,
        from: Date,
        to: Date,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        on_pool!(self, |pool, _Db| {
            Ok(sqlx::query_scalar(
                "SELECT category FROM rollup_categories \
                 WHERE day >= $1 AND day <= $2 AND decisions > 0 \
                 GROUP BY category ORDER BY SUM(decisions) DESC, category LIMIT $3",
            )
            .bind(day_number(from))
            .bind(day_number(to))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(pool)
            .await?)
        })
    }

    /// Every decision stored under `consent_id`, oldest first.
    pub async fn receipts_for_consent(
        &self,
        consent_id: &str,
    ) -> Result<Vec<StoredReceipt>, StoreError> {
        let sql = format!(
            "SELECT {RECEIPT_COLUMNS} FROM receipts WHERE consent_id = $1 ORDER BY received_at, id"
        );
        on_pool!(self, |pool, Db| {
            Ok(
                sqlx::query_as::<Db, StoredReceipt>(sqlx::AssertSqlSafe(sql))
                    .bind(consent_id.to_owned())
                    .fetch_all(pool)
                    .await?,
            )
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
        let sql = format!(
            "SELECT {RECEIPT_COLUMNS}, day FROM receipts \
             WHERE (day, id) > ($1, $2) AND day <= $3 ORDER BY day, id LIMIT $4"
        );
        let rows: Vec<DatedReceipt> = on_pool!(self, |pool, Db| {
            sqlx::query_as::<Db, DatedReceipt>(sqlx::AssertSqlSafe(sql))
                .bind(day_number(after.0))
                .bind(after.1)
                .bind(day_number(to))
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|row| (day_from_number(row.day), row.receipt))
            .collect())
    }
}
