//! The statistics answer: totals, rates with 95 % Wilson intervals, daily rows and breakdowns,
//! computed from rollup rows only.

use std::collections::BTreeMap;

use jl_consent_api::{
    BreakdownRow, Breakdowns, CategoryRate, DailyRow, RateInterval, Rates, Stats, Totals,
};
use time::Date;

use crate::clock::days;
use crate::rollup::{RollupCounts, RollupKey};

/// z for a two-sided 95 % interval.
const Z_95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `successes` out of `trials` (all zero when `trials` is zero;
/// successes above `trials` count as `trials`).
pub fn wilson(successes: i64, trials: i64) -> RateInterval {
    if trials <= 0 {
        return RateInterval::default();
    }
    let n = trials as f64;
    let p = successes.clamp(0, trials) as f64 / n;
    let z2 = Z_95 * Z_95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half_width = Z_95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    RateInterval {
        rate: round4(p),
        low: round4((centre - half_width).max(0.0)),
        high: round4((centre + half_width).min(1.0)),
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Category counters summed over the range (columns of the same names).
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct CategoryTotals {
    pub category: String,
    pub first_decisions: i64,
    pub first_granted: i64,
}

/// The totals of `c`.
fn totals(c: &RollupCounts) -> Totals {
    Totals {
        impressions: count(c.impressions),
        first_decisions: count(c.first_decisions()),
        accept_all: count(c.first_accept_all),
        reject_all: count(c.first_reject_all),
        custom: count(c.first_custom),
        ignored: count(ignored(c)),
        changes: count(c.changes),
        withdrawals: count(c.withdrawals),
    }
}

/// A counter as the API writes it (counters are sums of increments, never negative).
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Impressions that got no first decision, never negative (a decision can arrive without its
/// impression, e.g. when the impression beacon was lost).
pub fn ignored(c: &RollupCounts) -> i64 {
    (c.impressions - c.first_decisions()).max(0)
}

/// Builds the report for the inclusive range `from..=to` from the rollup counters of that range
/// summed per day (`per_day`) and per revision × language × device × variant (`combinations`,
/// whose key days are ignored), and the category totals over it.
pub fn build_report(
    from: Date,
    to: Date,
    per_day: &[(Date, RollupCounts)],
    combinations: &[(RollupKey, RollupCounts)],
    categories: Vec<CategoryTotals>,
) -> Stats {
    let mut total = RollupCounts::default();
    let mut by_day: BTreeMap<Date, RollupCounts> = BTreeMap::new();
    for (day, counts) in per_day {
        by_day.entry(*day).or_default().add(counts);
    }
    // Revisions sort as numbers, the other keys as text.
    let mut by_revision: BTreeMap<i64, RollupCounts> = BTreeMap::new();
    let mut by_language: BTreeMap<String, RollupCounts> = BTreeMap::new();
    let mut by_device: BTreeMap<String, RollupCounts> = BTreeMap::new();
    let mut by_variant: BTreeMap<String, RollupCounts> = BTreeMap::new();
    for (key, counts) in combinations {
        total.add(counts);
        by_revision.entry(key.revision).or_default().add(counts);
        by_language
            .entry(key.language.clone())
            .or_default()
            .add(counts);
        by_device.entry(key.device.clone()).or_default().add(counts);
        let variant = if key.variant.is_empty() {
            "none".to_owned()
        } else {
            key.variant.clone()
        };
        by_variant.entry(variant).or_default().add(counts);
    }
    let daily = days(from, to)
        .map(|day| {
            let c = by_day.get(&day).copied().unwrap_or_default();
            DailyRow {
                day: day.to_string(),
                impressions: count(c.impressions),
                accept_all: count(c.first_accept_all),
                reject_all: count(c.first_reject_all),
                custom: count(c.first_custom),
                withdrawals: count(c.withdrawals),
                ignored: Some(count(ignored(&c))),
            }
        })
        .collect();
    let breakdown = |rows: Vec<(String, RollupCounts)>| -> Vec<BreakdownRow> {
        rows.into_iter()
            .map(|(key, c)| {
                let accept = wilson(c.first_accept_all, c.impressions);
                BreakdownRow {
                    key,
                    impressions: count(c.impressions),
                    first_decisions: count(c.first_decisions()),
                    accept_all: count(c.first_accept_all),
                    reject_all: count(c.first_reject_all),
                    custom: count(c.first_custom),
                    ignored: count(ignored(&c)),
                    accept_rate: accept.rate,
                    low: accept.low,
                    high: accept.high,
                }
            })
            .collect()
    };
    Stats {
        from: from.to_string(),
        to: to.to_string(),
        totals: totals(&total),
        rates: Rates {
            accept_all: wilson(total.first_accept_all, total.impressions),
            reject_all: wilson(total.first_reject_all, total.impressions),
            custom: wilson(total.first_custom, total.impressions),
            ignored: wilson(ignored(&total), total.impressions),
        },
        categories: categories
            .into_iter()
            .map(|c| {
                let rate = wilson(c.first_granted, c.first_decisions);
                CategoryRate {
                    id: c.category,
                    granted: count(c.first_granted),
                    decisions: count(c.first_decisions),
                    rate: rate.rate,
                    low: rate.low,
                    high: rate.high,
                }
            })
            .collect(),
        daily,
        breakdowns: Breakdowns {
            revision: breakdown(
                by_revision
                    .into_iter()
                    .map(|(k, c)| (k.to_string(), c))
                    .collect(),
            ),
            language: breakdown(by_language.into_iter().collect()),
            device: breakdown(by_device.into_iter().collect()),
            variant: breakdown(by_variant.into_iter().collect()),
        },
        // The route adds the server's setting.
        retention_days: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_known_values() {
        // 500 of 1200: p = 0.4167, interval from the closed formula.
        let r = wilson(500, 1200);
        assert_eq!(r.rate, 0.4167);
        assert_eq!(r.low, 0.3891);
        assert_eq!(r.high, 0.4448);
        // The interval stays inside [0, 1] at the edges.
        assert_eq!(wilson(0, 10).low, 0.0);
        assert_eq!(wilson(10, 10).high, 1.0);
        assert_eq!(wilson(0, 10).high, 0.2775);
        assert_eq!(wilson(3, 0), RateInterval::default());
        assert_eq!(wilson(12, 10).rate, 1.0);
    }
}
