//! Writing a batch of events: event ids, receipts and rollups in one transaction.

use std::collections::HashSet;
use std::fmt::Write;

use jl_consent_core::json::{write_json_string, JsonWriter};
use jl_consent_core::receipt::ConsentEvent;
use sqlx::{QueryBuilder, Row};

/// The new decisions as a JSON array of rows `[event_id, consent_id, decided_at, revision,
/// config_hash, action, first, language, device, variant, choices]` (`[]` when there are none),
/// `choices` being the JSON object as text, in the order the widget listed the categories.
fn receipts_json(events: &[&ConsentEvent]) -> String {
    let mut out = String::with_capacity(events.len() * 260 + 2);
    out.push('[');
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
        if out.len() > 1 {
            out.push(',');
        }
        out.push('[');
        for text in [event_id.as_str(), consent_id.as_str()] {
            write_json_string(&mut out, text);
            out.push(',');
        }
        let decided_at = i64::try_from(*decided_at).unwrap_or(i64::MAX);
        let _ = write!(out, "{decided_at},{},", shown.revision);
        write_json_string(&mut out, &shown.config_hash);
        out.push(',');
        write_json_string(&mut out, action.name());
        out.push_str(if *first { ",true," } else { ",false," });
        for text in [shown.language.code(), shown.device.name()] {
            write_json_string(&mut out, text);
            out.push(',');
        }
        match &shown.variant {
            Some(variant) => write_json_string(&mut out, variant),
            None => out.push_str("null"),
        }
        out.push(',');
        let choices_json = choices
            .iter()
            .fold(JsonWriter::new(), |w, (category, granted)| {
                w.bool(category.as_str(), granted)
            })
            .finish();
        write_json_string(&mut out, &choices_json);
        out.push(']');
    }
    out.push(']');
    out
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
        let mut ids_json = String::with_capacity(events.len() * 19 + 2);
        ids_json.push('[');
        for (i, event) in events.iter().enumerate() {
            if i > 0 {
                ids_json.push(',');
            }
            write_json_string(&mut ids_json, event.event_id().as_str());
        }
        ids_json.push(']');
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
                let duplicates: HashSet<String> = sqlx::query(
                    "SELECT event_id FROM event_ids \
                     WHERE event_id IN (SELECT value FROM json_each($1))",
                )
                .bind(ids_json.as_str())
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| row.try_get::<String, _>(0))
                .collect::<Result<_, _>>()?;
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
                sqlx::query(
                    "INSERT INTO event_ids (event_id, day) \
                     SELECT value, $2 FROM json_array_elements_text(CAST($1 AS json)) AS r(value) \
                     ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
                )
                .bind(ids_json.as_str())
                .bind(day_number(day))
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| row.try_get::<String, _>(0))
                .collect::<Result<_, _>>()?
            };
            let new_events: Vec<&ConsentEvent> = events
                .iter()
                .copied()
                .filter(|e| stored.contains(e.event_id().as_str()))
                .collect();
            let receipts_json = receipts_json(&new_events);
            if receipts_json.len() > 2 {
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
