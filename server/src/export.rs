//! The CSV exports, shared by the HTTP routes and the `export` command.

use bytes::Bytes;
use futures_util::stream::{self, Stream};
use futures_util::StreamExt;

use crate::csv::push_row;
use time::Date;

use crate::clock::{days, format_timestamp};
use crate::rollup::RollupCounts;
use crate::stats::ignored;
use crate::store::{Store, StoreError};

/// Receipts read per query while streaming an export.
const PAGE_ROWS: i64 = 2000;

/// The columns of the receipts export before the category columns.
pub const RECEIPT_COLUMNS: [&str; 11] = [
    "received_at",
    "event_id",
    "consent_id",
    "revision",
    "config_hash",
    "action",
    "first",
    "language",
    "device",
    "variant",
    "decided_at",
];

/// The columns of the daily export.
pub const DAILY_COLUMNS: [&str; 9] = [
    "day",
    "impressions",
    "first_decisions",
    "accept_all",
    "reject_all",
    "custom",
    "ignored",
    "changes",
    "withdrawals",
];

/// One row per day of `from..=to` (zeros included), from the rollups.
pub async fn daily_csv(store: &Store, from: Date, to: Date) -> Result<String, StoreError> {
    let by_day: std::collections::BTreeMap<Date, RollupCounts> = store
        .rollup_daily_totals(from, to)
        .await?
        .into_iter()
        .collect();
    let mut out = String::new();
    push_row(&mut out, DAILY_COLUMNS);
    for day in days(from, to) {
        let c = by_day.get(&day).copied().unwrap_or_default();
        push_row(
            &mut out,
            [
                day.to_string(),
                c.impressions.to_string(),
                c.first_decisions().to_string(),
                c.first_accept_all.to_string(),
                c.first_reject_all.to_string(),
                c.first_custom.to_string(),
                ignored(&c).to_string(),
                c.changes.to_string(),
                c.withdrawals.to_string(),
            ],
        );
    }
    Ok(out)
}

/// The receipts export of `from..=to`: the header is built first (so a database that is down
/// fails the request before anything is sent), the rows follow page by page as a stream.
pub async fn receipts_csv(
    store: &Store,
    from: Date,
    to: Date,
) -> Result<impl Stream<Item = Result<Bytes, StoreError>> + Send + 'static, StoreError> {
    let categories = store.receipt_categories(from, to).await?;
    let mut header = String::new();
    push_row(
        &mut header,
        RECEIPT_COLUMNS
            .iter()
            .map(|c| (*c).to_owned())
            .chain(categories.iter().cloned()),
    );
    struct Cursor {
        store: Store,
        after: (Date, i64),
        done: bool,
    }
    let cursor = Cursor {
        store: store.clone(),
        after: (from.previous_day().unwrap_or(Date::MIN), i64::MAX),
        done: false,
    };
    let rows = stream::try_unfold(cursor, move |mut cursor| {
        let categories = categories.clone();
        async move {
            if cursor.done {
                return Ok(None);
            }
            let page = cursor
                .store
                .receipts_page(cursor.after, to, PAGE_ROWS)
                .await?;
            if page.len() < PAGE_ROWS as usize {
                cursor.done = true;
            }
            let Some((last_day, last)) = page.last() else {
                return Ok(None);
            };
            cursor.after = (*last_day, last.id);
            let mut out = String::with_capacity(page.len() * 160);
            for (_, receipt) in &page {
                let choices = receipt.choices()?;
                let cells = [
                    format_timestamp(receipt.received_at_ms),
                    receipt.event_id.clone(),
                    receipt.consent_id.clone(),
                    receipt.revision.to_string(),
                    receipt.config_hash.clone(),
                    receipt.action.clone(),
                    receipt.first.to_string(),
                    receipt.language.clone(),
                    receipt.device.clone(),
                    receipt.variant.clone().unwrap_or_default(),
                    receipt.decided_at.to_string(),
                ]
                .into_iter()
                .chain(categories.iter().map(|c| match choices.get(c.as_str()) {
                    Some(granted) => granted.to_string(),
                    None => String::new(),
                }));
                push_row(&mut out, cells);
            }
            Ok(Some((Bytes::from(out), cursor)))
        }
    });
    Ok(stream::once(async move { Ok(Bytes::from(header)) }).chain(rows))
}
