//! The counters kept per day at ingest, so statistics never scan receipts.
//!
//! The writer turns a batch of newly stored events into one [`RollupDelta`] and the store adds it
//! to the rollup tables in the same transaction as the events themselves.

use std::collections::BTreeMap;

use jl_consent_core::receipt::ConsentEvent;
use jl_consent_core::DecisionAction;

use time::Date;

/// The rollup row an event counts in: UTC day × revision × language × device × variant.
///
/// `variant` is empty for events shown without a variant (an empty string, unlike NULL, takes
/// part in the table's unique key in both databases; variant ids are never empty).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RollupKey {
    pub day: Date,
    pub revision: i64,
    pub language: String,
    pub device: String,
    pub variant: String,
}

/// The counters of one rollup row (columns of the same names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct RollupCounts {
    pub impressions: i64,
    pub first_accept_all: i64,
    pub first_reject_all: i64,
    pub first_custom: i64,
    /// Decisions with `first: false` (changes of mind through "Cookie settings").
    pub changes: i64,
    /// Decisions with action `withdraw`.
    pub withdrawals: i64,
}

impl RollupCounts {
    /// First decisions of any action.
    pub fn first_decisions(&self) -> i64 {
        self.first_accept_all + self.first_reject_all + self.first_custom
    }

    /// Adds `other` to these counters.
    pub fn add(&mut self, other: &RollupCounts) {
        self.impressions += other.impressions;
        self.first_accept_all += other.first_accept_all;
        self.first_reject_all += other.first_reject_all;
        self.first_custom += other.first_custom;
        self.changes += other.changes;
        self.withdrawals += other.withdrawals;
    }
}

/// The category counters of one day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CategoryCounts {
    /// First decisions that listed the category.
    pub first_decisions: i64,
    /// First decisions that granted it.
    pub first_granted: i64,
    /// All decisions that listed it (first or not): tells the CSV export which columns exist.
    pub decisions: i64,
}

/// What one batch of new events adds to the rollups, in a fixed key order (rows are locked in
/// the same order by every writer, which keeps concurrent PostgreSQL writers from deadlocking).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RollupDelta {
    pub rows: BTreeMap<RollupKey, RollupCounts>,
    pub categories: BTreeMap<(Date, String), CategoryCounts>,
}

impl RollupDelta {
    /// Counts `event`, received on `day`.
    pub fn add(&mut self, event: &ConsentEvent, day: Date) {
        let (shown, decision) = match event {
            ConsentEvent::Impression { shown, .. } => (shown, None),
            ConsentEvent::Decision {
                shown,
                choices,
                action,
                first,
                ..
            } => (shown, Some((choices, *action, *first))),
        };
        let key = RollupKey {
            day,
            revision: i64::from(shown.revision),
            language: shown.language.code().to_owned(),
            device: shown.device.name().to_owned(),
            variant: shown.variant.clone().unwrap_or_default(),
        };
        let counts = self.rows.entry(key).or_default();
        let Some((choices, action, first)) = decision else {
            counts.impressions += 1;
            return;
        };
        if first {
            match action {
                DecisionAction::AcceptAll => counts.first_accept_all += 1,
                DecisionAction::RejectAll => counts.first_reject_all += 1,
                DecisionAction::Custom => counts.first_custom += 1,
                // The core refuses a first withdrawal; counted as a change should one ever pass.
                DecisionAction::Withdraw => counts.changes += 1,
            }
        } else {
            counts.changes += 1;
        }
        if action == DecisionAction::Withdraw {
            counts.withdrawals += 1;
        }
        let first_answer = first && action != DecisionAction::Withdraw;
        for (category, granted) in choices.iter() {
            let counts = self
                .categories
                .entry((day, category.as_str().to_owned()))
                .or_default();
            counts.decisions += 1;
            if first_answer {
                counts.first_decisions += 1;
                counts.first_granted += i64::from(granted);
            }
        }
    }
}
