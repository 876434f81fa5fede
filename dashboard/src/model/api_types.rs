//! The JSON the consent-log server answers with (`server/API.md`): the types are the server's
//! own, from the shared `jl-consent-api` crate, and read leniently: a field the server adds later
//! is ignored, a list it leaves out is empty, a `null` rate reads as zero.

pub use jl_consent_api::{
    BreakdownRow, Breakdowns, CategoryRate, Choices, DailyRow, ErrorBody, ErrorDetail,
    RateInterval, Rates, Receipt, ReceiptHistory, SessionInfo, Stats, Totals,
};

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
        let choices: Vec<(&str, bool)> = receipt
            .choices
            .iter()
            .map(|(category, granted)| (category.as_str(), *granted))
            .collect();
        assert_eq!(choices, [("analytics", true), ("advertising", false)]);
        assert_eq!(receipt.variant, None);
        assert!(receipt.first);
    }

    #[test]
    fn choices_keep_the_order_the_widget_stored() {
        let json = r#"{"consentId":"X","receipts":[{"choices":{"zeta":true,"alpha":false}}]}"#;
        let history = parse_receipt_history(json).unwrap();
        let first = history.receipts[0].choices.keys().next();
        assert_eq!(first.map(String::as_str), Some("zeta"));
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
