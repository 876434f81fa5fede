//! What running the log as a service needs of the database: the readiness probe's write,
//! retention's batched deletes, erasure of one visitor's receipts, and SQLite's online backup.

use std::path::Path;

use jl_consent_core::ConsentId;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use time::Date;

use super::{on_pool, Store, StoreError};
use crate::clock::day_number;

/// What a database holds, for a backup's report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoredCounts {
    pub receipts: i64,
    pub event_ids: i64,
}

impl Store {
    /// Writes the readiness probe's row (one row, updated in place) and commits.
    pub async fn probe_write(&self, now_ms: i64) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO readiness_probe (id, checked_at) VALUES (1, $1) \
             ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
            &[now_ms],
        )
        .await
        .map(|_| ())
    }

    /// Deletes at most `limit` receipts received before `first_day_kept`, oldest first; returns
    /// how many. One short transaction, so ingest waits at most for one batch.
    pub async fn prune_receipts(
        &self,
        first_day_kept: Date,
        limit: i64,
    ) -> Result<u64, StoreError> {
        self.write(
            "DELETE FROM receipts WHERE id IN \
             (SELECT id FROM receipts WHERE day < $1 ORDER BY day, id LIMIT $2)",
            &[day_number(first_day_kept), limit],
        )
        .await
    }

    /// Deletes at most `limit` event ids (the duplicate check's memory of impressions and
    /// decisions) received before `first_day_kept`; returns how many.
    pub async fn prune_event_ids(
        &self,
        first_day_kept: Date,
        limit: i64,
    ) -> Result<u64, StoreError> {
        self.write(
            "DELETE FROM event_ids WHERE event_id IN \
             (SELECT event_id FROM event_ids WHERE day < $1 ORDER BY day LIMIT $2)",
            &[day_number(first_day_kept), limit],
        )
        .await
    }

    /// Deletes every receipt filed under `consent_id` and records when, and how many, without
    /// the id; returns how many. The rollups (the dashboard's totals) are left as they are, and so
    /// are the event ids, so a copy of an erased event sent again is still a duplicate.
    pub async fn erase_consent(
        &self,
        consent_id: &ConsentId,
        now_ms: i64,
    ) -> Result<u64, StoreError> {
        let sqlite = matches!(self, Store::Sqlite(_));
        on_pool!(self, |pool, _Db| {
            let mut tx = if sqlite {
                pool.begin_with("BEGIN IMMEDIATE").await?
            } else {
                pool.begin().await?
            };
            let erased = sqlx::query("DELETE FROM receipts WHERE consent_id = $1")
                .bind(consent_id.as_str().to_owned())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query("INSERT INTO erasures (erased_at, receipts) VALUES ($1, $2)")
                .bind(now_ms)
                .bind(i64::try_from(erased).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(erased)
        })
    }

    /// Erasures recorded so far: (when, receipts erased), oldest first.
    pub async fn erasures(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        on_pool!(self, |pool, _Db| {
            Ok(
                sqlx::query_as("SELECT erased_at, receipts FROM erasures ORDER BY id")
                    .fetch_all(pool)
                    .await?,
            )
        })
    }

    /// Receipts and event ids stored.
    pub async fn counts(&self) -> Result<StoredCounts, StoreError> {
        on_pool!(self, |pool, _Db| {
            let (receipts, event_ids): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM receipts), (SELECT COUNT(*) FROM event_ids)",
            )
            .fetch_one(pool)
            .await?;
            Ok(StoredCounts {
                receipts,
                event_ids,
            })
        })
    }

    /// SQLite only: writes a consistent copy of the whole database into `path`, which must be an
    /// empty file (its mode is kept), while other connections go on reading and writing.
    pub async fn backup_into(&self, path: &Path) -> Result<(), StoreError> {
        let Store::Sqlite(pool) = self else {
            return Err(StoreError::Failed(
                "the backup command copies SQLite databases; back PostgreSQL up with pg_dump"
                    .to_owned(),
            ));
        };
        let path = path
            .to_str()
            .ok_or_else(|| StoreError::Failed(format!("{} is not a UTF-8 path", path.display())))?;
        // VACUUM INTO reads one snapshot (a read transaction: writers go on in WAL mode) and
        // writes it compacted into the file.
        sqlx::query("VACUUM INTO $1")
            .bind(path.to_owned())
            .execute(pool)
            .await?;
        Ok(())
    }

    /// Opens a SQLite file read-only (a backup), checks its structure (`PRAGMA quick_check`) and
    /// counts what it holds.
    pub async fn sqlite_file_counts(path: &Path) -> Result<StoredCounts, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .create_if_missing(false);
        let mut connection = SqliteConnection::connect_with(&options).await?;
        let check: String = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&mut connection)
            .await?;
        if check != "ok" {
            return Err(StoreError::Failed(format!("quick_check: {check}")));
        }
        let (receipts, event_ids): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM receipts), (SELECT COUNT(*) FROM event_ids)",
        )
        .fetch_one(&mut connection)
        .await?;
        connection.close().await?;
        Ok(StoredCounts {
            receipts,
            event_ids,
        })
    }

    /// Open connections of the pool and how many of them are idle.
    pub fn pool_connections(&self) -> (u32, usize) {
        on_pool!(self, |pool, _Db| (pool.size(), pool.num_idle()))
    }

    /// Runs one write statement with integer parameters in its own transaction (SQLite: the
    /// write lock taken at once, as the ingest writer takes it); returns the rows it touched.
    async fn write(&self, sql: &'static str, values: &[i64]) -> Result<u64, StoreError> {
        let sqlite = matches!(self, Store::Sqlite(_));
        on_pool!(self, |pool, _Db| {
            let mut tx = if sqlite {
                pool.begin_with("BEGIN IMMEDIATE").await?
            } else {
                pool.begin().await?
            };
            let mut query = sqlx::query(sql);
            for value in values {
                query = query.bind(*value);
            }
            let affected = query.execute(&mut *tx).await?.rows_affected();
            tx.commit().await?;
            Ok(affected)
        })
    }
}
