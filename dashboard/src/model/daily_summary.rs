//! The daily chart in words: its description, each day's tooltip, and the note on days whose
//! decisions arrived without impressions (receipts are stored even when no impression was logged,
//! and those decisions must show, though no share can be computed for such a day).

use crate::model::api_types::DailyRow;
use crate::model::format::{format_count, format_day, plural};
use crate::model::iso_day::parse_iso_day;
use crate::model::outcome::Outcome;

/// How many of the day's list the note names before it says "and N more".
const DAYS_NAMED: usize = 3;

/// Decisions of the day (accept all, reject all, custom).
pub fn decisions(row: &DailyRow) -> u64 {
    row.accept_all + row.reject_all + row.custom
}

/// A day with decisions but no impressions: its bar shows decisions only, and it has no shares.
pub fn lacks_impressions(row: &DailyRow) -> bool {
    row.impressions == 0 && decisions(row) > 0
}

/// `25.11.2026`, or the server's text when it is not a date.
pub fn day_text(row: &DailyRow) -> String {
    parse_iso_day(&row.day)
        .map(format_day)
        .unwrap_or_else(|| row.day.clone())
}

/// What a day's bar says when pointed at.
pub fn day_tooltip(row: &DailyRow) -> String {
    let breakdown = Outcome::ALL
        .iter()
        .map(|outcome| (outcome, outcome.count(row)))
        .filter(|(_, count)| *count > 0)
        .map(|(outcome, count)| {
            format!(
                "{}: {}",
                outcome.label().to_lowercase(),
                format_count(count)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let day = day_text(row);
    if row.impressions > 0 {
        format!(
            "{day} — показов {}; {breakdown}",
            format_count(row.impressions)
        )
    } else if lacks_impressions(row) {
        format!(
            "{day} — показов не записано, решений {}: {breakdown}; доли без показов не посчитать",
            format_count(decisions(row))
        )
    } else {
        format!("{day} — ни показов, ни решений")
    }
}

/// The chart's accessible description, or `None` when the range has neither impressions nor
/// decisions (then there is no chart to describe).
pub fn chart_description(rows: &[DailyRow]) -> Option<String> {
    let days = rows.len() as u64;
    let days_word = plural(days, ["день", "дня", "дней"]);
    let impressions: u64 = rows.iter().map(|row| row.impressions).sum();
    if impressions > 0 {
        let busiest = rows.iter().max_by_key(|row| row.impressions)?;
        let mut text = format!(
            "Столбец на каждый день: сколько показов баннера закончились тем, что посетитель принял все cookie, выбрал часть, отклонил все или не ответил. Всего {} {} за {days} {days_word}; больше всего — {} ({}).",
            format_count(impressions),
            plural(impressions, ["показ", "показа", "показов"]),
            day_text(busiest),
            format_count(busiest.impressions),
        );
        if let Some(note) = missing_impressions_note(rows) {
            text.push(' ');
            text.push_str(&note);
        }
        return Some(text);
    }
    let total_decisions: u64 = rows.iter().map(decisions).sum();
    let busiest = rows.iter().max_by_key(|row| decisions(row))?;
    (total_decisions > 0).then(|| {
        format!(
            "Показов за этот период не записано: столбцы показывают только решения посетителей по дням — всего {} за {days} {days_word}; больше всего — {} ({}). Доли считаются от показов, поэтому их не посчитать.",
            format_count(total_decisions),
            day_text(busiest),
            format_count(decisions(busiest)),
        )
    })
}

/// The days with decisions but no impressions: how many, and the first few by date
/// (`02.11.2026, 03.11.2026, 04.11.2026 и ещё 2`).
pub fn days_lacking_impressions(rows: &[DailyRow]) -> Option<(u64, String)> {
    let lacking: Vec<&DailyRow> = rows.iter().filter(|row| lacks_impressions(row)).collect();
    if lacking.is_empty() {
        return None;
    }
    let mut named = lacking
        .iter()
        .take(DAYS_NAMED)
        .map(|row| day_text(row))
        .collect::<Vec<_>>()
        .join(", ");
    if lacking.len() > DAYS_NAMED {
        named.push_str(&format!(" и ещё {}", lacking.len() - DAYS_NAMED));
    }
    Some((lacking.len() as u64, named))
}

/// The note shown with the chart when some days have decisions but no impressions.
pub fn missing_impressions_note(rows: &[DailyRow]) -> Option<String> {
    let (count, named) = days_lacking_impressions(rows)?;
    if rows.iter().all(|row| row.impressions == 0) {
        return Some(
            "Показов за этот период не записано: столбцы показывают только решения. Доли считаются от показов, поэтому для этих дней их не посчитать."
                .to_owned(),
        );
    }
    Some(format!(
        "{count} {} с решениями, но без записанных показов: {named}. Их столбцы (отмечены кружком) показывают только решения; доли считаются от показов, и для этих дней их не посчитать.",
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

    fn row(day: &str, impressions: u64, accept_all: u64, reject_all: u64, custom: u64) -> DailyRow {
        DailyRow {
            day: day.to_owned(),
            impressions,
            accept_all,
            reject_all,
            custom,
            withdrawals: 0,
            ignored: None,
        }
    }

    #[test]
    fn a_range_with_impressions_is_described_by_them() {
        let stats = parse_stats(STATS_JSON).unwrap();
        let description = readable(&chart_description(&stats.daily).unwrap());
        assert!(
            description.contains("Всего 1 200 показов за 3 дня; больше всего — 03.11.2026 (800)."),
            "{description}"
        );
        assert_eq!(missing_impressions_note(&stats.daily), None);
        assert_eq!(
            readable(&day_tooltip(&stats.daily[0])),
            "01.11.2026 — показов 400; приняли все: 170, выбрали часть: 30, отклонили все: 100, без ответа: 100"
        );
    }

    #[test]
    fn decisions_of_a_range_without_impressions_are_described_not_hidden() {
        let rows = [
            row("2026-11-01", 0, 50_000, 30_000, 2_750),
            row("2026-11-02", 0, 50_000, 20_000, 10_000),
            row("2026-11-03", 0, 0, 0, 0),
        ];
        let description = readable(&chart_description(&rows).unwrap());
        assert!(
            description.contains("всего 162 750 за 3 дня; больше всего — 01.11.2026 (82 750)"),
            "{description}"
        );
        assert!(
            description.contains("Доли считаются от показов"),
            "{description}"
        );
        assert!(missing_impressions_note(&rows)
            .unwrap()
            .starts_with("Показов за этот период не записано"));
        assert_eq!(
            readable(&day_tooltip(&rows[1])),
            "02.11.2026 — показов не записано, решений 80 000: приняли все: 50 000, выбрали часть: 10 000, отклонили все: 20 000; доли без показов не посчитать"
        );
        assert_eq!(day_tooltip(&rows[2]), "03.11.2026 — ни показов, ни решений");
    }

    #[test]
    fn days_without_impressions_among_others_are_named() {
        let mut rows = vec![row("2026-11-01", 400, 170, 100, 30)];
        for day in 2..=6 {
            rows.push(row(&format!("2026-11-0{day}"), 0, 10, 0, 0));
        }
        let note = missing_impressions_note(&rows).unwrap();
        assert!(
            note.starts_with("5 дней с решениями, но без записанных показов: 02.11.2026, 03.11.2026, 04.11.2026 и ещё 2."),
            "{note}"
        );
        assert!(chart_description(&rows).unwrap().ends_with(&note));
        assert!(missing_impressions_note(&rows[..2])
            .unwrap()
            .starts_with("1 день с решениями"));
    }

    #[test]
    fn a_range_with_neither_impressions_nor_decisions_has_no_chart() {
        let rows = [row("2026-11-01", 0, 0, 0, 0)];
        assert_eq!(chart_description(&rows), None);
        assert_eq!(chart_description(&[]), None);
        assert_eq!(missing_impressions_note(&rows), None);
    }
}
