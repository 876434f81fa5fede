//! The A/B comparison of banner variants: each variant's accept-all share against the reference
//! variant, with a verdict in plain words.

use crate::model::api_types::{BreakdownRow, RateInterval};
use crate::model::format::{format_count, format_p_value, format_percent, format_points};
use crate::model::labels::{lower_first, variant_label};
use crate::model::significance::{
    enough_for_normal_approximation, impressions_needed_per_variant, intervals_overlap,
    two_proportion_z_test, ZTest, ALPHA,
};

/// The variant key the server uses for impressions shown without a variant.
pub const NO_VARIANT_KEY: &str = "none";

/// One variant's numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantSummary {
    pub key: String,
    pub impressions: u64,
    pub accept_all: u64,
    pub accept: RateInterval,
}

impl VariantSummary {
    fn from_row(row: &BreakdownRow) -> Self {
        VariantSummary {
            key: row.key.clone(),
            impressions: row.impressions,
            accept_all: row.accept_all,
            accept: row.accept_interval(),
        }
    }

    /// `Вариант B`.
    pub fn label(&self) -> String {
        variant_label(&self.key)
    }
}

/// What the data says about one variant against the reference.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Verdict {
    /// Fewer than 5 accepts or 5 non-accepts in a group: no test is trustworthy yet.
    TooLittleData,
    /// The difference may be noise; `impressions_needed` estimates the impressions per variant that
    /// would show a difference of this size (80 % power), when it can be estimated.
    NotSignificantYet { impressions_needed: Option<u64> },
    /// Significantly more accept-all than the reference.
    Better,
    /// Significantly fewer accept-all than the reference.
    Worse,
}

/// One variant against the reference.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantComparison {
    pub variant: VariantSummary,
    pub z_test: Option<ZTest>,
    pub intervals_overlap: bool,
    pub verdict: Verdict,
}

/// The whole comparison for a date range.
#[derive(Clone, Debug, PartialEq)]
pub struct AbReport {
    /// The variants under test, reference first.
    pub variants: Vec<VariantSummary>,
    /// Impressions shown without a variant (not part of the test).
    pub without_variant: Option<VariantSummary>,
    /// Every other variant against the reference (`variants[0]`).
    pub comparisons: Vec<VariantComparison>,
    /// The significance level each comparison uses: 0.05, divided by the number of comparisons
    /// (Bonferroni) when more than two variants run, so that "significant" keeps meaning 95 %.
    pub alpha: f64,
}

impl AbReport {
    /// Compares the variants of the variant breakdown. The reference is the variant named `a`
    /// if there is one, else the first by name: the usual control of an A/B test.
    pub fn from_breakdown(rows: &[BreakdownRow]) -> Self {
        let mut variants: Vec<VariantSummary> = rows
            .iter()
            .filter(|row| row.key != NO_VARIANT_KEY && !row.key.is_empty())
            .map(VariantSummary::from_row)
            .collect();
        variants.sort_by(|a, b| {
            let rank =
                |v: &VariantSummary| (!v.key.eq_ignore_ascii_case("a"), v.key.to_lowercase());
            rank(a).cmp(&rank(b))
        });
        let without_variant = rows
            .iter()
            .find(|row| row.key == NO_VARIANT_KEY)
            .map(VariantSummary::from_row);
        let comparison_count = variants.len().saturating_sub(1).max(1);
        let alpha = ALPHA / comparison_count as f64;
        let comparisons = match variants.split_first() {
            Some((reference, others)) => others
                .iter()
                .map(|variant| compare(reference, variant, alpha))
                .collect(),
            None => Vec::new(),
        };
        AbReport {
            variants,
            without_variant,
            comparisons,
            alpha,
        }
    }

    /// The reference variant, if any variant ran.
    pub fn reference(&self) -> Option<&VariantSummary> {
        self.variants.first()
    }

    /// A sentence for the whole test when there is nothing to compare.
    pub fn absence_note(&self) -> Option<String> {
        match self.variants.len() {
            0 => Some(
                "В этом периоде баннер показывался без A/B-теста: сравнивать нечего.".to_owned(),
            ),
            1 => Some(format!(
                "В этом периоде показывался только {}: сравнивать не с чем.",
                lower_first(&variant_label(&self.variants[0].key))
            )),
            _ => None,
        }
    }
}

fn compare(reference: &VariantSummary, variant: &VariantSummary, alpha: f64) -> VariantComparison {
    let z_test = two_proportion_z_test(
        reference.accept_all,
        reference.impressions,
        variant.accept_all,
        variant.impressions,
    );
    let enough = enough_for_normal_approximation(reference.accept_all, reference.impressions)
        && enough_for_normal_approximation(variant.accept_all, variant.impressions);
    let verdict = match z_test {
        Some(test) if enough && test.p_value < alpha => {
            if test.difference > 0.0 {
                Verdict::Better
            } else {
                Verdict::Worse
            }
        }
        Some(_) if enough => Verdict::NotSignificantYet {
            impressions_needed: impressions_needed_per_variant(
                share(reference.accept_all, reference.impressions),
                share(variant.accept_all, variant.impressions),
                alpha,
            ),
        },
        _ => Verdict::TooLittleData,
    };
    VariantComparison {
        variant: variant.clone(),
        z_test,
        intervals_overlap: intervals_overlap(
            (reference.accept.low, reference.accept.high),
            (variant.accept.low, variant.accept.high),
        ),
        verdict,
    }
}

fn share(successes: u64, trials: u64) -> f64 {
    if trials == 0 {
        0.0
    } else {
        successes as f64 / trials as f64
    }
}

/// The verdict on one comparison, in plain Russian.
pub fn verdict_sentence(comparison: &VariantComparison, reference: &VariantSummary) -> String {
    let (name, reference_name) = (comparison.variant.label(), lower_first(&reference.label()));
    // The server's rounded shares, so the sentence says what the chart and the table show.
    let (rate, reference_rate) = (
        format_percent(comparison.variant.accept.rate),
        format_percent(reference.accept.rate),
    );
    let numbers = match comparison.z_test {
        Some(test) => format!(
            "{rate} против {reference_rate} ({}, {})",
            format_points(test.difference),
            format_p_value(test.p_value)
        ),
        None => format!("{rate} против {reference_rate}"),
    };
    match comparison.verdict {
        Verdict::TooLittleData => format!(
            "{name}: {numbers}. Данных пока слишком мало для вывода — нужно хотя бы по 5 принявших и 5 не принявших в каждом варианте."
        ),
        Verdict::Better | Verdict::Worse => {
            let direction = if comparison.verdict == Verdict::Better {
                "чаще"
            } else {
                "реже"
            };
            let overlap_note = if comparison.intervals_overlap {
                " Интервалы на графике немного перекрываются, но проверка самой разницы точнее, чем сравнение интервалов на глаз."
            } else {
                ""
            };
            format!(
                "{name}: все cookie принимают {direction}, чем {reference_name}: {numbers}. Разница статистически значима — скорее всего, она реальная, а не случайная.{overlap_note}"
            )
        }
        Verdict::NotSignificantYet { impressions_needed } => {
            let more = match impressions_needed {
                Some(needed) if needed > comparison.variant.impressions.min(reference.impressions) => format!(
                    " Чтобы надёжно увидеть разницу такого размера, нужно примерно по {} показов на вариант (сейчас — {} и {}).",
                    format_count(needed),
                    format_count(reference.impressions),
                    format_count(comparison.variant.impressions)
                ),
                _ => String::new(),
            };
            format!(
                "{name}: {numbers}. Пока не значимо: такая разница может быть просто шумом.{more}"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::api_types::{fixtures::STATS_JSON, parse_stats};

    fn row(key: &str, impressions: u64, accept_all: u64, low: f64, high: f64) -> BreakdownRow {
        BreakdownRow {
            key: key.to_owned(),
            impressions,
            accept_all,
            accept_rate: accept_all as f64 / impressions.max(1) as f64,
            low,
            high,
            ..BreakdownRow::default()
        }
    }

    #[test]
    fn the_documented_variants_show_a_real_difference() {
        let stats = parse_stats(STATS_JSON).unwrap();
        let report = AbReport::from_breakdown(&stats.breakdowns.variant);
        assert_eq!(report.alpha, 0.05);
        let comparison = &report.comparisons[0];
        assert_eq!(comparison.variant.key, "b");
        assert_eq!(comparison.verdict, Verdict::Better);
        assert!(
            comparison.intervals_overlap,
            "0.345–0.423 and 0.411–0.49 overlap"
        );
        let sentence = verdict_sentence(comparison, &report.variants[0]).replace('\u{a0}', " ");
        assert!(
            sentence.starts_with("Вариант B: все cookie принимают чаще, чем вариант A"),
            "{sentence}"
        );
        assert!(sentence.contains("+6,7 п. п., p = 0,02"), "{sentence}");
        assert!(sentence.contains("статистически значима"));
        assert!(sentence.contains("перекрываются"));
    }

    #[test]
    fn a_small_difference_on_little_traffic_is_called_noise() {
        let rows = [row("a", 200, 80, 0.33, 0.47), row("b", 200, 88, 0.37, 0.51)];
        let report = AbReport::from_breakdown(&rows);
        let comparison = &report.comparisons[0];
        assert!(matches!(
            comparison.verdict,
            Verdict::NotSignificantYet {
                impressions_needed: Some(n)
            } if n > 1000
        ));
        let sentence = verdict_sentence(comparison, &report.variants[0]);
        assert!(sentence.contains("Пока не значимо"), "{sentence}");
        assert!(sentence.contains("нужно примерно по"), "{sentence}");
    }

    #[test]
    fn a_worse_variant_is_called_worse() {
        let rows = [
            row("a", 5000, 2500, 0.49, 0.51),
            row("b", 5000, 2000, 0.39, 0.41),
        ];
        let report = AbReport::from_breakdown(&rows);
        assert_eq!(report.comparisons[0].verdict, Verdict::Worse);
        assert!(!report.comparisons[0].intervals_overlap);
        assert!(verdict_sentence(&report.comparisons[0], &report.variants[0]).contains("реже"));
    }

    #[test]
    fn tiny_variants_get_no_verdict() {
        let rows = [row("a", 10, 3, 0.1, 0.6), row("b", 10, 9, 0.6, 0.98)];
        let report = AbReport::from_breakdown(&rows);
        assert_eq!(report.comparisons[0].verdict, Verdict::TooLittleData);
    }

    #[test]
    fn variant_a_is_the_reference_and_none_is_set_apart() {
        let rows = [
            row("c", 100, 40, 0.3, 0.5),
            row("none", 100, 40, 0.3, 0.5),
            row("A", 100, 40, 0.3, 0.5),
            row("b", 100, 40, 0.3, 0.5),
        ];
        let report = AbReport::from_breakdown(&rows);
        let keys: Vec<&str> = report.variants.iter().map(|v| v.key.as_str()).collect();
        assert_eq!(keys, ["A", "b", "c"]);
        assert_eq!(
            report.without_variant.as_ref().map(|v| v.impressions),
            Some(100)
        );
        assert_eq!(report.comparisons.len(), 2);
        assert!(
            (report.alpha - 0.025).abs() < 1e-12,
            "Bonferroni for two comparisons"
        );
    }

    #[test]
    fn without_two_variants_there_is_nothing_to_compare() {
        let none = AbReport::from_breakdown(&[row("none", 100, 40, 0.3, 0.5)]);
        assert!(none.comparisons.is_empty());
        assert!(none.absence_note().unwrap().contains("без A/B-теста"));
        let one = AbReport::from_breakdown(&[row("b", 100, 40, 0.3, 0.5)]);
        assert!(one.absence_note().unwrap().contains("только вариант B"));
    }
}
