//! Writing a batch of events: event ids, receipts and rollups in one transaction.

use std::collections::HashSet;

use indexmap::IndexMap;
use jl_consent_core::receipt::ConsentEvent;
use serde::Serialize;
use sqlx::QueryBuilder;

/// One new receipt as the insert statement below unpacks it: a JSON array read by position
/// (`value->>0` …): event id, consent id, decided at, revision, config hash, action, first,
/// language, device, variant, and the choices as the text of a JSON object in the order the
/// widget listed the categories (stored as is, so a receipt shows the categories in that order).
#[derive(Serialize)]
struct ReceiptRow<'a>(
    &'a str,
    &'a str,
    i64,
    u32,
    &'a str,
    &'a str,
    bool,
    &'a str,
    &'a str,
    Option<&'a str>,
    String,
);

/// The rows of the new decisions among `events` (impressions have none).
fn receipt_rows<'a>(events: &[&'a ConsentEvent]) -> Result<Vec<ReceiptRow<'a>>, serde_json::Error> {
    let mut rows = Vec::new();
    for event in events {
        let ConsentEvent::Decision {
            event_id,
            shown,
            consent_id,
            choices,
            action,
            first,
            decided_at,
        } = event
        else {
            continue;
        };
        let choices: IndexMap<&str, bool> = choices
            .iter()
            .map(|(category, granted)| (category.as_str(), granted))
            .collect();
        rows.push(ReceiptRow(
            event_id.as_str(),
            consent_id.as_str(),
            i64::try_from(*decided_at).unwrap_or(i64::MAX),
            shown.revision,
            &shown.config_hash,
            action.name(),
            *first,
            shown.language.code(),
            shown.device.name(),
            shown.variant.as_deref(),
            serde_json::to_string(&choices)?,
        ));
    }
    Ok(rows)
}

fn to_json(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Failed(format!("encoding rows: {e}")))
}

use super::{on_pool, Store, StoreError};
use crate::clock::{day_number, utc_day};
use crate::rollup::RollupDelta;

/// Rows per multi-row INSERT: well below SQLite's 32766 and PostgreSQL's 65535 bind parameters.
const ROWS_PER_STATEMENT: usize = 400;

impl Store {
    /// Stores the `events` not stored before, all received at `received_at_ms`, with their
    /// receipts and rollups, in one transaction. Returns the ids of the events stored now; the
    /// others were stored earlier (duplicates). The ids in `events` must be distinct.
    pub async fn store_events(
        &self,
        events: &[&ConsentEvent],
        received_at_ms: i64,
    ) -> Result<HashSet<String>, StoreError> {
        let day = utc_day(received_at_ms);
        // One lock order for every writer (PostgreSQL instances write concurrently).
        let mut events = events.to_vec();
        events.sort_by(|a, b| a.event_id().as_str().cmp(b.event_id().as_str()));
        let sqlite = matches!(self, Store::Sqlite(_));
        // All rows of a table go in one statement as one JSON array parameter: the SQL text is
        // the same for any batch (prepared once per connection, no thousands of binds) and the
        // database unpacks the rows itself. Only the table function differs between the two.
        let rows_from = if sqlite {
            "json_each($1)"
        } else {
            "json_array_elements(CAST($1 AS json)) AS r(value)"
        };
        let ids: Vec<&str> = events.iter().map(|e| e.event_id().as_str()).collect();
        let ids_json = to_json(&ids)?;
        on_pool!(self, |pool, Db| {
            // SQLite: take the write lock at once, so what the duplicate check reads cannot
            // change before the insert (and the transaction never has to upgrade its lock).
            let mut tx = if sqlite {
                pool.begin_with("BEGIN IMMEDIATE").await?
            } else {
                pool.begin().await?
            };
            let stored: HashSet<String> = if sqlite {
                // SQLite hands rows back one by one through its worker thread: ask for the
                // duplicates (usually none) instead of every stored id.
                let duplicates: Vec<String> = sqlx::query_scalar(
                    "SELECT event_id FROM event_ids \
                     WHERE event_id IN (SELECT value FROM json_each($1))",
                )
                .bind(ids_json.as_str())
                .fetch_all(&mut *tx)
                .await?;
                let duplicates: HashSet<String> = duplicates.into_iter().collect();
                let inserted = sqlx::query(
                    "INSERT INTO event_ids (event_id, day) SELECT value, $2 FROM json_each($1) \
                     WHERE true ON CONFLICT (event_id) DO NOTHING",
                )
                .bind(ids_json.as_str())
                .bind(day_number(day))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                let stored: HashSet<String> = events
                    .iter()
                    .map(|e| e.event_id().as_str())
                    .filter(|id| !duplicates.contains(*id))
                    .map(str::to_owned)
                    .collect();
                if inserted != stored.len() as u64 {
                    return Err(StoreError::Failed(format!(
                        "inserted {inserted} event ids, expected {}",
                        stored.len()
                    )));
                }
                stored
            } else {
                // Concurrent instances may insert the same id: only RETURNING tells who won.
                let stored: Vec<String> = sqlx::query_scalar(
                    "INSERT INTO event_ids (event_id, day) \
                     SELECT value, $2 FROM json_array_elements_text(CAST($1 AS json)) AS r(value) \
                     ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
                )
                .bind(ids_json.as_str())
                .bind(day_number(day))
                .fetch_all(&mut *tx)
                .await?;
                stored.into_iter().collect()
            };
            let new_events: Vec<&ConsentEvent> = events
                .iter()
                .copied()
                .filter(|e| stored.contains(e.event_id().as_str()))
                .collect();
            let receipts = receipt_rows(&new_events)
                .map_err(|e| StoreError::Failed(format!("encoding receipts: {e}")))?;
            if !receipts.is_empty() {
                let receipts_json = to_json(&receipts)?;
                let sql = format!(
                    "INSERT INTO receipts (event_id, consent_id, received_at, day, decided_at, \
                     revision, config_hash, action, first, language, device, variant, choices) \
                     SELECT value->>0, value->>1, $2, $3, CAST(value->>2 AS BIGINT), \
                     CAST(value->>3 AS BIGINT), value->>4, value->>5, CAST(value->>6 AS BOOLEAN), \
                     value->>7, value->>8, value->>9, value->>10 FROM {rows_from}"
                );
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(receipts_json)
                    .bind(received_at_ms)
                    .bind(day_number(day))
                    .execute(&mut *tx)
                    .await?;
            }
            let mut delta = RollupDelta::default();
            for event in &new_events {
                delta.add(event, day);
            }
            let rows: Vec<_> = delta.rows.iter().collect();
            for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                let mut upsert = QueryBuilder::<Db>::new(
                    "INSERT INTO rollup_daily (day, revision, language, device, variant, \
                     impressions, first_accept_all, first_reject_all, first_custom, changes, \
                     withdrawals) ",
                );
                upsert.push_values(chunk, |mut row, (key, counts)| {
                    row.push_bind(day_number(key.day))
                        .push_bind(key.revision)
                        .push_bind(key.language.clone())
                        .push_bind(key.device.clone())
                        .push_bind(key.variant.clone())
                        .push_bind(counts.impressions)
                        .push_bind(counts.first_accept_all)
                        .push_bind(counts.first_reject_all)
                        .push_bind(counts.first_custom)
                        .push_bind(counts.changes)
                        .push_bind(counts.withdrawals);
                });
                upsert.push(
                    " ON CONFLICT (day, revision, language, device, variant) DO UPDATE SET \
                     impressions = rollup_daily.impressions + excluded.impressions, \
                     first_accept_all = rollup_daily.first_accept_all + excluded.first_accept_all, \
                     first_reject_all = rollup_daily.first_reject_all + excluded.first_reject_all, \
                     first_custom = rollup_daily.first_custom + excluded.first_custom, \
                     changes = rollup_daily.changes + excluded.changes, \
                     withdrawals = rollup_daily.withdrawals + excluded.withdrawals",
                );
                upsert.build().execute(&mut *tx).await?;
            }
            let categories: Vec<_> = delta.categories.iter().collect();
            for chunk in categories.chunks(ROWS_PER_STATEMENT) {
                let mut upsert = QueryBuilder::<Db>::new(
                    "INSERT INTO rollup_categories (day, category, first_decisions, \
                     first_granted, decisions) ",
                );
                upsert.push_values(chunk, |mut row, ((day, category), counts)| {
                    row.push_bind(day_number(*day))
                        .push_bind(category.clone())
                        .push_bind(counts.first_decisions)
                        .push_bind(counts.first_granted)
                        .push_bind(counts.decisions);
                });
                upsert.push(
                    " ON CONFLICT (day, category) DO UPDATE SET \
                     first_decisions = rollup_categories.first_decisions + excluded.first_decisions, \
                     first_granted = rollup_categories.first_granted + excluded.first_granted, \
                     decisions = rollup_categories.decisions + excluded.decisions",
                );
                upsert.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(stored)
        })
    }
}
