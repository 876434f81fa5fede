//! What the headline tiles say: each outcome's count always, its share of impressions only when
//! there were impressions to count it from (receipts can arrive for days whose impressions were
//! never logged; their decisions must still show).

use crate::model::api_types::{DailyRow, RateInterval, Rates, Totals};
use crate::model::daily_summary::days_lacking_impressions;
use crate::model::format::{format_count, format_interval, format_percent, plural};
use crate::model::outcome::Outcome;

/// One outcome's tile.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeTile {
    pub outcome: Outcome,
    /// The big number: the share of impressions, or the count of decisions when there is no share.
    pub value: String,
    /// The counts behind it: `500 из 1 200`, or `500 из 900 решений`.
    pub counts: String,
    /// The share's 95 % interval, when there is a share.
    pub interval: Option<String>,
    /// Why there is no share, when there is none.
    pub no_share: Option<&'static str>,
}

/// The four outcome tiles of a range, in the order of the page.
pub fn outcome_tiles(totals: &Totals, rates: &Rates) -> Vec<OutcomeTile> {
    [
        (Outcome::AcceptAll, totals.accept_all, rates.accept_all),
        (Outcome::RejectAll, totals.reject_all, rates.reject_all),
        (Outcome::Custom, totals.custom, rates.custom),
        (Outcome::Ignored, totals.ignored, rates.ignored),
    ]
    .into_iter()
    .map(|(outcome, count, rate)| outcome_tile(totals, outcome, count, rate))
    .collect()
}

fn outcome_tile(totals: &Totals, outcome: Outcome, count: u64, rate: RateInterval) -> OutcomeTile {
    if totals.impressions > 0 {
        return OutcomeTile {
            outcome,
            value: format_percent(rate.rate),
            counts: format!(
                "{} из {}",
                format_count(count),
                format_count(totals.impressions)
            ),
            interval: Some(format_interval(rate.low, rate.high)),
            no_share: None,
        };
    }
    // Without impressions nobody can say how many visitors saw the banner and did not answer.
    let counted = outcome != Outcome::Ignored && (count > 0 || totals.first_decisions > 0);
    OutcomeTile {
        outcome,
        value: if counted {
            format_count(count)
        } else {
            "—".to_owned()
        },
        counts: if counted {
            format!(
                "{} из {} {}",
                format_count(count),
                format_count(totals.first_decisions),
                plural(totals.first_decisions, ["решения", "решений", "решений"])
            )
        } else {
            "нет показов".to_owned()
        },
        interval: None,
        no_share: Some("доля: нужны данные о показах"),
    }
}

/// A sentence for the top of the headline when decisions of the range came without impressions:
/// none at all (no shares), or on some days (the shares count those decisions against the other
/// days' impressions, so they come out too high, and "ignored" too low).
pub fn missing_impressions_note(totals: &Totals, daily: &[DailyRow]) -> Option<String> {
    let decisions = totals.first_decisions + totals.changes;
    if totals.impressions == 0 {
        return (decisions > 0).then(|| {
            format!(
                "Показов баннера за этот период не записано, хотя решений посетителей — {}. Ниже — число решений; доли считаются от показов, поэтому их не посчитать.",
                format_count(decisions),
            )
        });
    }
    let (count, named) = days_lacking_impressions(daily)?;
    Some(format!(
        "За {count} {} ({named}) решения есть, а показов не записано. Доли периода делят и эти решения на показы остальных дней, поэтому они выше настоящих, а «Без ответа» — ниже.",
        plural(count, ["день", "дня", "дней"]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::api_types::{fixtures::STATS_JSON, parse_stats};
    use crate::model::format::NO_BREAK_SPACE;

    fn readable(text: &str) -> String {
        text.replace(NO_BREAK_SPACE, " ")
    }

    /// A range whose receipts arrived but whose impressions were never logged.
    fn decisions_without_impressions() -> Totals {
        Totals {
            impressions: 0,
            first_decisions: 162_750,
            accept_all: 100_000,
            reject_all: 50_000,
            custom: 12_750,
            ignored: 0,
            changes: 0,
            withdrawals: 0,
        }
    }

    #[test]
    fn with_impressions_the_tiles_show_shares_and_intervals() {
        let stats = parse_stats(STATS_JSON).unwrap();
        let tiles = outcome_tiles(&stats.totals, &stats.rates);
        let accept = &tiles[0];
        assert_eq!(accept.outcome, Outcome::AcceptAll);
        assert_eq!(readable(&accept.value), "41,7 %");
        assert_eq!(readable(&accept.counts), "500 из 1 200");
        assert_eq!(
            accept.interval.as_deref().map(readable).unwrap(),
            "38,9–44,5 %"
        );
        assert_eq!(accept.no_share, None);
        assert_eq!(missing_impressions_note(&stats.totals, &stats.daily), None);
    }

    #[test]
    fn without_impressions_the_tiles_still_count_every_decision() {
        let totals = decisions_without_impressions();
        let tiles = outcome_tiles(&totals, &Rates::default());
        let values: Vec<String> = tiles.iter().map(|t| readable(&t.value)).collect();
        assert_eq!(values, ["100 000", "50 000", "12 750", "—"]);
        assert_eq!(readable(&tiles[0].counts), "100 000 из 162 750 решений");
        assert_eq!(readable(&tiles[2].counts), "12 750 из 162 750 решений");
        assert_eq!(
            tiles[3].counts, "нет показов",
            "nobody knows who ignored it"
        );
        for tile in &tiles {
            assert_eq!(tile.interval, None);
            assert_eq!(tile.no_share, Some("доля: нужны данные о показах"));
        }
    }

    #[test]
    fn the_headline_says_why_there_are_no_shares() {
        let note = missing_impressions_note(&decisions_without_impressions(), &[]).unwrap();
        assert!(
            readable(&note).contains("хотя решений посетителей — 162 750."),
            "{note}"
        );
        assert!(note.contains("доли считаются от показов"), "{note}");
        let only_a_change = Totals {
            changes: 1,
            ..Totals::default()
        };
        assert!(missing_impressions_note(&only_a_change, &[])
            .unwrap()
            .contains("решений посетителей — 1."));
    }

    #[test]
    fn shares_that_include_decisions_without_impressions_are_flagged() {
        let mut stats = parse_stats(STATS_JSON).unwrap();
        stats.daily[1].accept_all = 600;
        let note = missing_impressions_note(&stats.totals, &stats.daily).unwrap();
        assert_eq!(
            note,
            "За 1 день (02.11.2026) решения есть, а показов не записано. Доли периода делят и эти решения на показы остальных дней, поэтому они выше настоящих, а «Без ответа» — ниже."
        );
    }

    #[test]
    fn an_empty_range_has_neither_counts_nor_a_note() {
        let tiles = outcome_tiles(&Totals::default(), &Rates::default());
        assert!(tiles
            .iter()
            .all(|t| t.value == "—" && t.counts == "нет показов"));
        assert_eq!(missing_impressions_note(&Totals::default(), &[]), None);
    }
}
