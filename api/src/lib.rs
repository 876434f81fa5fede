//! The JSON bodies of the consent-log server's HTTP API (`server/API.md`): the server serializes
//! them, the dashboard deserializes them, so the two cannot drift apart.
//!
//! Reading is lenient, so an older or newer server still reads: a member the server adds later
//! is ignored, a list it leaves out is empty, a `null` rate reads as zero. Field names are the
//! API's camelCase.
//!
//! # Layout
//!
//! One module, by endpoint: [`Stats`] and its parts ([`Totals`], [`Rates`], [`CategoryRate`],
//! [`DailyRow`], [`Breakdowns`]) for `GET /api/v1/stats`; [`ReceiptHistory`] and [`Receipt`] for
//! `GET /api/v1/receipts/{id}`; [`SessionInfo`] for the session; [`IngestOutcome`] for the
//! widget's events; [`ErrorBody`] for every refusal.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};

/// `GET /api/v1/stats`: totals, rates, categories, daily rows and breakdowns of a day range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// First day of the range, `YYYY-MM-DD` (UTC).
    pub from: String,
    /// Last day of the range, inclusive.
    pub to: String,
    pub totals: Totals,
    pub rates: Rates,
    #[serde(default)]
    pub categories: Vec<CategoryRate>,
    /// Every day of the range, zeros included.
    #[serde(default)]
    pub daily: Vec<DailyRow>,
    #[serde(default)]
    pub breakdowns: Breakdowns,
    /// Days the server keeps receipts (older ones are deleted; these totals stay); absent when
    /// it keeps them without limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
}

/// Counts over the whole range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Totals {
    pub impressions: u64,
    /// Decisions that answered the banner (`first: true`), whatever the impressions.
    pub first_decisions: u64,
    pub accept_all: u64,
    pub reject_all: u64,
    pub custom: u64,
    /// `max(impressions − firstDecisions, 0)`.
    pub ignored: u64,
    /// Decisions with `first: false`.
    pub changes: u64,
    /// Decisions with action `withdraw`.
    pub withdrawals: u64,
}

/// A share with its 95 % Wilson score interval, rounded to four decimals (all zero when the
/// denominator is zero).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateInterval {
    #[serde(deserialize_with = "null_as_zero")]
    pub rate: f64,
    #[serde(deserialize_with = "null_as_zero")]
    pub low: f64,
    #[serde(deserialize_with = "null_as_zero")]
    pub high: f64,
}

/// The four outcomes of an impression, as shares of impressions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rates {
    pub accept_all: RateInterval,
    pub reject_all: RateInterval,
    pub custom: RateInterval,
    pub ignored: RateInterval,
}

/// How many first decisions granted one category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryRate {
    pub id: String,
    #[serde(default)]
    pub granted: u64,
    #[serde(default)]
    pub decisions: u64,
    // Spelled out rather than `#[serde(flatten)]`, which costs the wasm a buffering deserializer.
    #[serde(default, deserialize_with = "null_as_zero")]
    pub rate: f64,
    #[serde(default, deserialize_with = "null_as_zero")]
    pub low: f64,
    #[serde(default, deserialize_with = "null_as_zero")]
    pub high: f64,
}

impl CategoryRate {
    /// The share of first decisions granting the category, with its interval.
    pub fn interval(&self) -> RateInterval {
        RateInterval {
            rate: self.rate,
            low: self.low,
            high: self.high,
        }
    }
}

/// One day of the range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyRow {
    pub day: String,
    #[serde(default)]
    pub impressions: u64,
    #[serde(default)]
    pub accept_all: u64,
    #[serde(default)]
    pub reject_all: u64,
    #[serde(default)]
    pub custom: u64,
    #[serde(default)]
    pub withdrawals: u64,
    /// Impressions nobody answered that day; older servers leave it out (see
    /// [`DailyRow::ignored_count`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored: Option<u64>,
}

impl DailyRow {
    /// Impressions nobody answered that day: `max(impressions − answers, 0)`, as the API defines it.
    pub fn ignored_count(&self) -> u64 {
        self.ignored.unwrap_or_else(|| {
            self.impressions
                .saturating_sub(self.accept_all + self.reject_all + self.custom)
        })
    }
}

/// The four ways the stats are broken down.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Breakdowns {
    pub revision: Vec<BreakdownRow>,
    pub language: Vec<BreakdownRow>,
    pub device: Vec<BreakdownRow>,
    pub variant: Vec<BreakdownRow>,
}

/// Counts and the accept-all share of one revision, language, device class or banner variant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BreakdownRow {
    pub key: String,
    pub impressions: u64,
    pub first_decisions: u64,
    pub accept_all: u64,
    pub reject_all: u64,
    pub custom: u64,
    pub ignored: u64,
    #[serde(deserialize_with = "null_as_zero")]
    pub accept_rate: f64,
    #[serde(deserialize_with = "null_as_zero")]
    pub low: f64,
    #[serde(deserialize_with = "null_as_zero")]
    pub high: f64,
}

impl BreakdownRow {
    /// The accept-all share with its interval.
    pub fn accept_interval(&self) -> RateInterval {
        RateInterval {
            rate: self.accept_rate,
            low: self.low,
            high: self.high,
        }
    }
}

impl Stats {
    /// The categories in the order marketers know them: analytics, advertising, then the rest by id.
    pub fn categories_in_display_order(&self) -> Vec<&CategoryRate> {
        let rank = |id: &str| match id {
            "analytics" => 0,
            "advertising" => 1,
            _ => 2,
        };
        let mut categories: Vec<&CategoryRate> = self.categories.iter().collect();
        categories.sort_by(|a, b| (rank(&a.id), &a.id).cmp(&(rank(&b.id), &b.id)));
        categories
    }
}

/// `GET /api/v1/receipts/{consentId}`: the proof of one visitor's consent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptHistory {
    pub consent_id: String,
    #[serde(default)]
    pub receipts: Vec<Receipt>,
}

/// Category → granted, in the order the widget listed the categories (a JSON object read and
/// written in its own order).
pub type Choices = IndexMap<String, bool>;

/// One stored decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    #[serde(default)]
    pub event_id: String,
    /// The server's time of receipt, RFC 3339 UTC to the second.
    #[serde(default)]
    pub received_at: String,
    /// The visitor's clock at the decision, Unix seconds.
    #[serde(default)]
    pub decided_at: i64,
    #[serde(default)]
    pub revision: u32,
    #[serde(default)]
    pub config_hash: String,
    #[serde(default)]
    pub choices: Choices,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub first: bool,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub device: String,
    #[serde(default)]
    pub variant: Option<String>,
}

impl ReceiptHistory {
    /// The receipts oldest first: by the server's time, then the visitor's (the API sends them
    /// that way; this keeps a batch stored in one second in the order it was decided).
    pub fn oldest_first(&self) -> Vec<&Receipt> {
        let mut receipts: Vec<&Receipt> = self.receipts.iter().collect();
        receipts
            .sort_by(|a, b| (&a.received_at, a.decided_at).cmp(&(&b.received_at, b.decided_at)));
        receipts
    }
}

/// `GET /api/v1/session`: who is signed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub username: String,
}

/// `202` to `POST /api/v1/events`: how many events were stored now, how many before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngestOutcome {
    pub stored: u64,
    pub duplicates: u64,
}

/// The body of every 4xx/5xx answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The stable `code` and the human `message` of an error answer; `field` names the member at
/// fault, when one is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

fn null_as_zero<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn what_the_server_writes_the_dashboard_reads_back_unchanged() {
        let stats = Stats {
            from: "2026-11-01".to_owned(),
            to: "2026-11-02".to_owned(),
            totals: Totals {
                impressions: 10,
                first_decisions: 7,
                accept_all: 4,
                ..Totals::default()
            },
            rates: Rates {
                accept_all: RateInterval {
                    rate: 0.4,
                    low: 0.1682,
                    high: 0.6873,
                },
                ..Rates::default()
            },
            categories: vec![CategoryRate {
                id: "analytics".to_owned(),
                granted: 5,
                decisions: 7,
                rate: 0.7143,
                low: 0.359,
                high: 0.9178,
            }],
            daily: vec![DailyRow {
                day: "2026-11-01".to_owned(),
                impressions: 0,
                accept_all: 4,
                reject_all: 2,
                custom: 1,
                withdrawals: 0,
                ignored: Some(0),
            }],
            breakdowns: Breakdowns::default(),
            retention_days: Some(400),
        };
        let json = serde_json::to_string(&stats).unwrap();
        assert!(json.contains(r#""firstDecisions":7"#), "{json}");
        assert_eq!(serde_json::from_str::<Stats>(&json).unwrap(), stats);
    }

    #[test]
    fn choices_keep_their_order_both_ways() {
        let json = r#"{"eventId":"E","choices":{"zeta":true,"alpha":false}}"#;
        let receipt: Receipt = serde_json::from_str(json).unwrap();
        let order: Vec<&str> = receipt.choices.keys().map(String::as_str).collect();
        assert_eq!(order, ["zeta", "alpha"]);
        let written = serde_json::to_string(&receipt).unwrap();
        assert!(
            written.contains(r#""choices":{"zeta":true,"alpha":false}"#),
            "{written}"
        );
    }

    #[test]
    fn an_error_without_a_field_is_written_without_one() {
        let body = ErrorBody {
            error: ErrorDetail {
                code: "not_found".to_owned(),
                message: "not found".to_owned(),
                field: None,
            },
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":{"code":"not_found","message":"not found"}}"#
        );
    }
}
