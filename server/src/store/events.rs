//! Writing a batch of events: event ids, receipts and rollups in one transaction.

use std::collections::HashSet;

use jl_consent_core::json::JsonWriter;
use jl_consent_core::receipt::ConsentEvent;
use sqlx::{QueryBuilder, Row};

use super::{on_pool, Store, StoreError};
use crate::day::Day;
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
        let day = Day::from_unix_ms(received_at_ms);
        // One lock order for every writer (PostgreSQL instances write concurrently).
        let mut events = events.to_vec();
        events.sort_by(|a, b| a.event_id().as_str().cmp(b.event_id().as_str()));
        on_pool!(self, |pool, Db| {
            let mut tx = pool.begin().await?;
            let mut stored = HashSet::new();
            for chunk in events.chunks(ROWS_PER_STATEMENT) {
                let mut insert = QueryBuilder::<Db>::new("INSERT INTO event_ids (event_id, day) ");
                insert.push_values(chunk, |mut row, event| {
                    row.push_bind(event.event_id().as_str().to_owned())
                        .push_bind(day.0);
                });
                insert.push(" ON CONFLICT (event_id) DO NOTHING RETURNING event_id");
                for row in insert.build().fetch_all(&mut *tx).await? {
                    stored.insert(row.try_get::<String, _>(0)?);
                }
            }
            let new_events: Vec<&ConsentEvent> = events
                .iter()
                .copied()
                .filter(|e| stored.contains(e.event_id().as_str()))
                .collect();
            let decisions: Vec<&ConsentEvent> = new_events
                .iter()
                .copied()
                .filter(|e| matches!(e, ConsentEvent::Decision { .. }))
                .collect();
            for chunk in decisions.chunks(ROWS_PER_STATEMENT) {
                let mut insert = QueryBuilder::<Db>::new(
                    "INSERT INTO receipts (event_id, consent_id, received_at, day, decided_at, \
                     revision, config_hash, action, first, language, device, variant, choices) ",
                );
                insert.push_values(chunk, |mut row, event| {
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
                        return;
                    };
                    let choices_json = choices
                        .iter()
                        .fold(JsonWriter::new(), |w, (category, granted)| {
                            w.bool(category.as_str(), granted)
                        })
                        .finish();
                    row.push_bind(event_id.as_str().to_owned())
                        .push_bind(consent_id.as_str().to_owned())
                        .push_bind(received_at_ms)
                        .push_bind(day.0)
                        .push_bind(i64::try_from(*decided_at).unwrap_or(i64::MAX))
                        .push_bind(i64::from(shown.revision))
                        .push_bind(shown.config_hash.clone())
                        .push_bind(action.name())
                        .push_bind(*first)
                        .push_bind(shown.language.code())
                        .push_bind(shown.device.name())
                        .push_bind(shown.variant.clone())
                        .push_bind(choices_json);
                });
                insert.build().execute(&mut *tx).await?;
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
                    row.push_bind(key.day.0)
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
                    row.push_bind(day.0)
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
