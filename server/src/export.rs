//! The CSV exports, shared by the HTTP routes and the `export` command.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::{self, Stream};
use futures_util::StreamExt;

use crate::csv::push_row;
use time::Date;

use crate::clock::{days, format_timestamp};
use crate::id_limits::MAX_CATEGORY_IDS;
use crate::rollup::RollupCounts;
use crate::stats::ignored;
use crate::store::{Store, StoreError, StoredReceipt};

/// Receipts read per query while streaming an export.
const PAGE_ROWS: i64 = 2000;
/// About the most bytes of CSV a receipts export hands on at once (a row is never split).
const CHUNK_BYTES: usize = 64 * 1024;
/// The last column of a receipts export whose decisions listed more categories than it has
/// columns for.
pub const OTHER_CATEGORIES_COLUMN: &str = "other_categories";

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

/// The category columns of a receipts export.
struct CategoryColumns {
    /// One column per category, by id.
    columns: Vec<String>,
    /// More categories were listed than there are columns: the others of each decision go in one
    /// last cell ([`OTHER_CATEGORIES_COLUMN`]).
    others: Option<HashSet<String>>,
}

/// The receipts export of `from..=to`: the header is built first (so a database that is down
/// fails the request before anything is sent), the rows follow page by page as a stream of
/// chunks of about [`CHUNK_BYTES`].
///
/// The categories listed most get a column each, at most [`MAX_CATEGORY_IDS`] (ingest keeps no
/// more ids than that); should a log hold more (written before that limit, or by several
/// instances), each decision's other choices share one last cell, `id=true id=false`. So a row's
/// size is bounded and the export grows with the decisions only, never with decisions × ids.
pub async fn receipts_csv(
    store: &Store,
    from: Date,
    to: Date,
) -> Result<impl Stream<Item = Result<Bytes, StoreError>> + Send + 'static, StoreError> {
    let mut columns = store
        .receipt_categories(from, to, MAX_CATEGORY_IDS + 1)
        .await?;
    let overflow = columns.len() > MAX_CATEGORY_IDS;
    columns.truncate(MAX_CATEGORY_IDS);
    columns.sort();
    let categories = Arc::new(CategoryColumns {
        others: overflow.then(|| columns.iter().cloned().collect()),
        columns,
    });
    let mut header = String::new();
    push_row(
        &mut header,
        RECEIPT_COLUMNS
            .iter()
            .copied()
            .chain(categories.columns.iter().map(String::as_str))
            .chain(overflow.then_some(OTHER_CATEGORIES_COLUMN)),
    );
    struct Cursor {
        store: Store,
        after: (Date, i64),
        /// No page after the one being written.
        last_page: bool,
        /// Rows of the page not yet written.
        page: VecDeque<StoredReceipt>,
    }
    let cursor = Cursor {
        store: store.clone(),
        after: (from.previous_day().unwrap_or(Date::MIN), i64::MAX),
        last_page: false,
        page: VecDeque::new(),
    };
    let rows = stream::try_unfold(cursor, move |mut cursor| {
        let categories = categories.clone();
        async move {
            if cursor.page.is_empty() {
                if cursor.last_page {
                    return Ok(None);
                }
                let page = cursor
                    .store
                    .receipts_page(cursor.after, to, PAGE_ROWS)
                    .await?;
                cursor.last_page = page.len() < PAGE_ROWS as usize;
                let Some((last_day, last)) = page.last() else {
                    return Ok(None);
                };
                cursor.after = (*last_day, last.id);
                cursor.page = page.into_iter().map(|(_, receipt)| receipt).collect();
            }
            let mut out = String::with_capacity(CHUNK_BYTES + 4096);
            while out.len() < CHUNK_BYTES {
                let Some(receipt) = cursor.page.pop_front() else {
                    break;
                };
                push_receipt(&mut out, &receipt, &categories)?;
            }
            Ok(Some((Bytes::from(out), cursor)))
        }
    });
    Ok(stream::once(async move { Ok(Bytes::from(header)) }).chain(rows))
}

/// Appends the row of one receipt.
fn push_receipt(
    out: &mut String,
    receipt: &StoredReceipt,
    categories: &CategoryColumns,
) -> Result<(), StoreError> {
    let choices = receipt.choices()?;
    let others = categories.others.as_ref().map(|columns| {
        choices
            .iter()
            .filter(|(id, _)| !columns.contains(id.as_str()))
            .map(|(id, granted)| format!("{id}={granted}"))
            .collect::<Vec<_>>()
            .join(" ")
    });
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
    .chain(
        categories
            .columns
            .iter()
            .map(|c| match choices.get(c.as_str()) {
                Some(granted) => granted.to_string(),
                None => String::new(),
            }),
    )
    .chain(others);
    push_row(out, cells);
    Ok(())
}
