//! Dates as marketers type them: `дд.мм.гггг`, the page's own format in every browser (a
//! `<input type="date">` would show the browser's locale format instead). Forgiving about what a
//! phone keypad offers (`,`, `/`, `-` or a space between the parts, or the eight digits alone),
//! strict about the calendar, and every refusal says what is wrong.

use time::{Date, Duration, Month};

use crate::model::format::format_day;

/// What the inputs show when empty.
pub const PLACEHOLDER: &str = "дд.мм.гггг";

/// The inputs' `pattern`: exactly what [`parse_typed_date`] reads as a date's layout (browsers
/// compile it with the `v` flag, so `/` and `-` are escaped in the class).
pub const PATTERN: &str = r"\s*(?:\d{1,2}([.,\/ \-])\d{1,2}\1\d{4}|\d{8})\s*";

/// An example in the messages.
const EXAMPLE: &str = "25.11.2026";

/// Why a typed date was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypedDateError {
    /// Nothing typed.
    Empty,
    /// Not laid out as `дд.мм.гггг`.
    Malformed,
    /// A month outside 1–12.
    NoSuchMonth { month: u8 },
    /// A day the month does not have (or day 0).
    NoSuchDay { day: u8, month: Month, year: i32 },
}

impl TypedDateError {
    /// The sentence shown under the inputs.
    pub fn message(&self) -> String {
        match self {
            TypedDateError::Empty => {
                format!("укажите дату в виде {PLACEHOLDER}, например {EXAMPLE}.")
            }
            TypedDateError::Malformed => {
                format!("это не дата в виде {PLACEHOLDER}. Пример: {EXAMPLE}.")
            }
            TypedDateError::NoSuchMonth { month } => {
                format!("месяца {month:02} нет: месяцы — от 01 до 12.")
            }
            TypedDateError::NoSuchDay { day, month, year } => format!(
                "{day:02}.{:02}.{year} — такой даты нет: в {} {year} года дни с 1 по {}.",
                u8::from(*month),
                month_in_prepositional(*month),
                month.length(*year),
            ),
        }
    }
}

/// Reads a typed date (surrounding spaces ignored).
pub fn parse_typed_date(text: &str) -> Result<Date, TypedDateError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(TypedDateError::Empty);
    }
    let (day, month, year) = split_date(text).ok_or(TypedDateError::Malformed)?;
    let (day, year) = (
        u8::try_from(day).map_err(|_| TypedDateError::Malformed)?,
        i32::from(year),
    );
    let month_number = u8::try_from(month).map_err(|_| TypedDateError::Malformed)?;
    let month = Month::try_from(month_number).map_err(|_| TypedDateError::NoSuchMonth {
        month: month_number,
    })?;
    Date::from_calendar_date(year, month, day).map_err(|_| TypedDateError::NoSuchDay {
        day,
        month,
        year,
    })
}

/// A date as the inputs show it: `25.11.2026`.
pub fn format_typed_date(date: Date) -> String {
    format_day(date)
}

/// The typed date moved by `days` (the arrow keys), written in the page's format; `None` when the
/// text is not a date or the result would leave the calendar.
pub fn step_typed_date(text: &str, days: i64) -> Option<String> {
    let date = parse_typed_date(text).ok()?;
    date.checked_add(Duration::days(days))
        .map(format_typed_date)
}

/// Day, month and year of `d.m.yyyy` (one or two digits for day and month, any one separator of
/// `. , / -` or space, used twice) or of `ddmmyyyy`.
fn split_date(text: &str) -> Option<(u16, u16, u16)> {
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| -> Option<u16> {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())?
    };
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some((
            digits(text.get(0..2)?, 2..=2)?,
            digits(text.get(2..4)?, 2..=2)?,
            digits(text.get(4..8)?, 4..=4)?,
        ));
    }
    let separator = text.chars().find(|c| !c.is_ascii_digit())?;
    if !".,/- ".contains(separator) {
        return None;
    }
    let mut parts = text.split(separator);
    let day = digits(parts.next()?, 1..=2)?;
    let month = digits(parts.next()?, 1..=2)?;
    let year = digits(parts.next()?, 4..=4)?;
    parts.next().is_none().then_some((day, month, year))
}

fn month_in_prepositional(month: Month) -> &'static str {
    match month {
        Month::January => "январе",
        Month::February => "феврале",
        Month::March => "марте",
        Month::April => "апреле",
        Month::May => "мае",
        Month::June => "июне",
        Month::July => "июле",
        Month::August => "августе",
        Month::September => "сентябре",
        Month::October => "октябре",
        Month::November => "ноябре",
        Month::December => "декабре",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: Month, day: u8) -> Date {
        Date::from_calendar_date(year, month, day).unwrap()
    }

    #[test]
    fn the_pages_format_is_read() {
        assert_eq!(
            parse_typed_date("25.11.2026"),
            Ok(date(2026, Month::November, 25))
        );
        assert_eq!(
            parse_typed_date(" 29.02.2024 "),
            Ok(date(2024, Month::February, 29))
        );
        assert_eq!(format_typed_date(date(2026, Month::March, 5)), "05.03.2026");
    }

    #[test]
    fn what_a_phone_keypad_offers_is_read_too() {
        let expected = Ok(date(2026, Month::March, 5));
        for typed in [
            "5.3.2026",
            "05,03,2026",
            "05/03/2026",
            "5-3-2026",
            "05 03 2026",
            "05032026",
        ] {
            assert_eq!(parse_typed_date(typed), expected, "{typed}");
        }
    }

    #[test]
    fn the_browsers_other_layouts_are_not_dates() {
        for typed in [
            "2026-11-25",
            "11/25/2026 12:00",
            "25.11.26",
            "25.11",
            "25.11.2026.",
            "25.11-2026",
            "25..11.2026",
            "025.11.2026",
            "25.11.20261",
            "2511202",
            "двадцать пятое",
            "25.11.２０２６",
            "+5.11.2026",
        ] {
            assert_eq!(
                parse_typed_date(typed),
                Err(TypedDateError::Malformed),
                "{typed}"
            );
        }
        assert_eq!(parse_typed_date("   "), Err(TypedDateError::Empty));
    }

    #[test]
    fn impossible_dates_are_refused_with_the_reason() {
        let february = parse_typed_date("31.02.2026").unwrap_err();
        assert_eq!(
            february.message(),
            "31.02.2026 — такой даты нет: в феврале 2026 года дни с 1 по 28."
        );
        assert_eq!(
            parse_typed_date("29.02.2028").map(format_typed_date),
            Ok("29.02.2028".to_owned())
        );
        assert_eq!(
            parse_typed_date("29.02.2100").unwrap_err().message(),
            "29.02.2100 — такой даты нет: в феврале 2100 года дни с 1 по 28."
        );
        assert_eq!(
            parse_typed_date("0.11.2026").unwrap_err().message(),
            "00.11.2026 — такой даты нет: в ноябре 2026 года дни с 1 по 30."
        );
        assert_eq!(
            parse_typed_date("25.13.2026").unwrap_err().message(),
            "месяца 13 нет: месяцы — от 01 до 12."
        );
        assert_eq!(
            parse_typed_date("25.00.2026"),
            Err(TypedDateError::NoSuchMonth { month: 0 })
        );
        assert_eq!(
            parse_typed_date("11/25/2026").unwrap_err().message(),
            "месяца 25 нет: месяцы — от 01 до 12.",
            "an American order is caught by its month"
        );
    }

    #[test]
    fn every_refusal_explains_the_expected_format() {
        assert_eq!(
            TypedDateError::Empty.message(),
            "укажите дату в виде дд.мм.гггг, например 25.11.2026."
        );
        assert!(TypedDateError::Malformed.message().contains("дд.мм.гггг"));
    }

    #[test]
    fn arrow_keys_step_a_day_across_months_and_years() {
        assert_eq!(
            step_typed_date("31.12.2025", 1).as_deref(),
            Some("01.01.2026")
        );
        assert_eq!(
            step_typed_date("1.3.2024", -1).as_deref(),
            Some("29.02.2024")
        );
        assert_eq!(step_typed_date("31.02.2026", 1), None);
        assert_eq!(step_typed_date("", 1), None);
    }
}
