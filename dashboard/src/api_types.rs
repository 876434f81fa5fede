//! The JSON the consent-log server answers with (`server/API.md`), read leniently: a field the
//! server adds later is ignored, a list it leaves out is empty, a `null` rate reads as zero.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// `GET /api/v1/stats`: everything the overview and the A/B comparison show.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub from: String,
    pub to: String,
    pub totals: Totals,
    pub rates: Rates,
    #[serde(default)]
    pub categories: Vec<CategoryRate>,
    #[serde(default)]
    pub daily: Vec<DailyRow>,
    #[serde(default)]
    pub breakdowns: Breakdowns,
}

/// Counts over the whole range.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Totals {
    pub impressions: u64,
    pub first_decisions: u64,
    pub accept_all: u64,
    pub reject_all: u64,
    pub custom: u64,
    pub ignored: u64,
    pub changes: u64,
    pub withdrawals: u64,
}

/// A share of impressions with its 95 % Wilson interval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RateInterval {
    #[serde(deserialize_with = "null_as_zero")]
    pub rate: f64,
    #[serde(deserialize_with = "null_as_zero")]
    pub low: f64,
    #[serde(deserialize_with = "null_as_zero")]
    pub high: f64,
}

/// The four outcomes of an impression, as shares.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rates {
    pub accept_all: RateInterval,
    pub reject_all: RateInterval,
    pub custom: RateInterval,
    pub ignored: RateInterval,
}

/// How many first decisions granted one category.
#[derive(Clone, Debug, PartialEq, Deserialize)]
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

/// One day of the range (the server sends every day, zeros included).
#[derive(Clone, Debug, PartialEq, Deserialize)]
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
    /// Sent by newer servers; otherwise derived from the three answers.
    #[serde(default)]
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
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Breakdowns {
    pub revision: Vec<BreakdownRow>,
    pub language: Vec<BreakdownRow>,
    pub device: Vec<BreakdownRow>,
    pub variant: Vec<BreakdownRow>,
}

/// Counts and the accept-all share of one revision, language, device class or banner variant.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
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

/// `GET /api/v1/receipts/{consentId}`: the proof of one visitor's consent.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptHistory {
    pub consent_id: String,
    #[serde(default)]
    pub receipts: Vec<Receipt>,
}

/// One stored decision.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    #[serde(default)]
    pub event_id: String,
    #[serde(default)]
    pub received_at: String,
    #[serde(default)]
    pub decided_at: i64,
    #[serde(default)]
    pub revision: u32,
    #[serde(default)]
    pub config_hash: String,
    /// Category → granted, in the order the widget listed them (as stored).
    #[serde(default, deserialize_with = "ordered_choices")]
    pub choices: Vec<(String, bool)>,
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

/// `GET /api/v1/session`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SessionInfo {
    pub username: String,
}

/// The body of every 4xx/5xx answer.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The stable `code` and the human `message` of an error answer.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub field: Option<String>,
}

fn null_as_zero<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(0.0))
}

/// Reads a JSON object of booleans keeping its order (a `BTreeMap` would sort it).
fn ordered_choices<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(String, bool)>, D::Error> {
    struct OrderedChoices;

    impl<'de> Visitor<'de> for OrderedChoices {
        type Value = Vec<(String, bool)>;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("an object of category → boolean")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut choices = Vec::new();
            while let Some(entry) = map.next_entry::<String, bool>()? {
                choices.push(entry);
            }
            Ok(choices)
        }
    }

    deserializer.deserialize_map(OrderedChoices)
}

/// Reads a stats answer.
pub fn parse_stats(json: &str) -> Result<Stats, serde_json::Error> {
    serde_json::from_str(json)
}

/// Reads a receipts answer.
pub fn parse_receipt_history(json: &str) -> Result<ReceiptHistory, serde_json::Error> {
    serde_json::from_str(json)
}

#[cfg(test)]
pub(crate) mod fixtures {
    /// The example of `server/API.md`, completed.
    pub const STATS_JSON: &str = r#"{
      "from": "2026-11-01", "to": "2026-11-03",
      "totals": {"impressions": 1200, "firstDecisions": 900, "acceptAll": 500, "rejectAll": 300, "custom": 100,
                 "ignored": 300, "changes": 40, "withdrawals": 12},
      "rates":  {"acceptAll": {"rate": 0.4167, "low": 0.389, "high": 0.445},
                 "rejectAll": {"rate": 0.25, "low": 0.226, "high": 0.275},
                 "custom":    {"rate": 0.0833, "low": 0.069, "high": 0.1},
                 "ignored":   {"rate": 0.25, "low": 0.226, "high": 0.275}},
      "categories": [{"id": "analytics", "granted": 600, "decisions": 900, "rate": 0.667, "low": 0.636, "high": 0.696},
                     {"id": "advertising", "granted": 450, "decisions": 900, "rate": 0.5, "low": 0.467, "high": 0.533}],
      "daily": [{"day": "2026-11-01", "impressions": 400, "acceptAll": 170, "rejectAll": 100, "custom": 30, "withdrawals": 0},
                {"day": "2026-11-02", "impressions": 0, "acceptAll": 0, "rejectAll": 0, "custom": 0, "withdrawals": 0},
                {"day": "2026-11-03", "impressions": 800, "acceptAll": 330, "rejectAll": 200, "custom": 70, "withdrawals": 12}],
      "breakdowns": {
        "revision": [{"key": "3", "impressions": 1200, "firstDecisions": 900, "acceptAll": 500, "rejectAll": 300,
                      "custom": 100, "ignored": 300, "acceptRate": 0.4167, "low": 0.389, "high": 0.445}],
        "language": [{"key": "ru", "impressions": 700, "firstDecisions": 500, "acceptAll": 300, "rejectAll": 150,
                      "custom": 50, "ignored": 200, "acceptRate": 0.4286, "low": 0.392, "high": 0.465},
                     {"key": "kk", "impressions": 500, "firstDecisions": 400, "acceptAll": 200, "rejectAll": 150,
                      "custom": 50, "ignored": 100, "acceptRate": 0.4, "low": 0.358, "high": 0.444}],
        "device": [],
        "variant": [{"key": "a", "impressions": 600, "firstDecisions": 450, "acceptAll": 230, "rejectAll": 160,
                     "custom": 60, "ignored": 150, "acceptRate": 0.3833, "low": 0.345, "high": 0.423},
                    {"key": "b", "impressions": 600, "firstDecisions": 450, "acceptAll": 270, "rejectAll": 140,
                     "custom": 40, "ignored": 150, "acceptRate": 0.45, "low": 0.411, "high": 0.49}]
      }
    }"#;
}

#[cfg(test)]
mod tests {
    use super::fixtures::STATS_JSON;
    use super::*;

    #[test]
    fn the_documented_stats_answer_is_read_completely() {
        let stats = parse_stats(STATS_JSON).unwrap();
        assert_eq!(stats.totals.impressions, 1200);
        assert_eq!(stats.totals.withdrawals, 12);
        assert_eq!(stats.rates.accept_all.low, 0.389);
        assert_eq!(stats.categories[1].id, "advertising");
        assert_eq!(stats.categories[0].interval().high, 0.696);
        assert_eq!(stats.daily.len(), 3);
        assert_eq!(stats.breakdowns.language[1].key, "kk");
        assert_eq!(stats.breakdowns.variant[1].accept_interval().rate, 0.45);
        assert!(stats.breakdowns.device.is_empty());
    }

    #[test]
    fn ignored_per_day_is_derived_when_the_server_does_not_send_it() {
        let stats = parse_stats(STATS_JSON).unwrap();
        assert_eq!(stats.daily[0].ignored_count(), 100);
        assert_eq!(stats.daily[1].ignored_count(), 0);
        let row: DailyRow = serde_json::from_str(
            r#"{"day":"2026-11-01","impressions":5,"acceptAll":9,"ignored":2}"#,
        )
        .unwrap();
        assert_eq!(row.ignored_count(), 2);
        let row: DailyRow =
            serde_json::from_str(r#"{"day":"2026-11-01","impressions":5,"acceptAll":9}"#).unwrap();
        assert_eq!(row.ignored_count(), 0, "never negative");
    }

    #[test]
    fn a_sparse_answer_with_null_rates_still_reads() {
        let json = r#"{"from":"2026-11-01","to":"2026-11-01","totals":{"impressions":0},
            "rates":{"acceptAll":{"rate":null,"low":null,"high":null}},"extra":[1,2]}"#;
        let stats = parse_stats(json).unwrap();
        assert_eq!(stats.rates.accept_all, RateInterval::default());
        assert!(stats.categories.is_empty() && stats.daily.is_empty());
        assert!(stats.breakdowns.variant.is_empty());
    }

    #[test]
    fn a_receipt_history_is_read_with_its_choices() {
        let json = r#"{"consentId": "081040G2081040G2", "receipts": [{"eventId": "040G2081040G2081",
          "receivedAt": "2026-11-25T19:48:37Z", "decidedAt": 1764100000, "revision": 3, "configHash": "ab",
          "choices": {"analytics": true, "advertising": false}, "action": "custom", "first": true,
          "language": "kk", "device": "mobile", "variant": null}]}"#;
        let history = parse_receipt_history(json).unwrap();
        let receipt = &history.receipts[0];
        assert_eq!(
            receipt.choices,
            [
                ("analytics".to_owned(), true),
                ("advertising".to_owned(), false)
            ]
        );
        assert_eq!(receipt.variant, None);
        assert!(receipt.first);
    }

    #[test]
    fn choices_keep_the_order_the_widget_stored() {
        let json = r#"{"consentId":"X","receipts":[{"choices":{"zeta":true,"alpha":false}}]}"#;
        let history = parse_receipt_history(json).unwrap();
        assert_eq!(history.receipts[0].choices[0].0, "zeta");
    }

    #[test]
    fn receipts_of_the_same_second_are_ordered_by_decision_time() {
        let json = r#"{"consentId":"X","receipts":[
            {"receivedAt":"2026-11-25T20:30:28Z","decidedAt":300,"action":"withdraw"},
            {"receivedAt":"2026-11-25T20:30:28Z","decidedAt":100,"action":"custom"},
            {"receivedAt":"2026-11-24T08:00:00Z","decidedAt":900,"action":"accept_all"}]}"#;
        let history = parse_receipt_history(json).unwrap();
        let actions: Vec<&str> = history
            .oldest_first()
            .iter()
            .map(|r| r.action.as_str())
            .collect();
        assert_eq!(actions, ["accept_all", "custom", "withdraw"]);
    }

    #[test]
    fn analytics_and_advertising_come_first() {
        let mut stats = parse_stats(STATS_JSON).unwrap();
        stats.categories.reverse();
        stats.categories.insert(
            0,
            CategoryRate {
                id: "chat".to_owned(),
                granted: 0,
                decisions: 0,
                rate: 0.0,
                low: 0.0,
                high: 0.0,
            },
        );
        let ids: Vec<&str> = stats
            .categories_in_display_order()
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["analytics", "advertising", "chat"]);
    }

    #[test]
    fn error_bodies_name_their_code() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"error":{"code":"rate_limited","message":"slow down"}}"#)
                .unwrap();
        assert_eq!(body.error.code, "rate_limited");
        assert_eq!(body.error.field, None);
    }
}
