//! Calendar days (UTC, as the server counts them, as [`time::Date`]) and the date range a view shows.

use time::{Date, Duration};

use crate::model::iso_day::parse_iso_day;
use crate::model::typed_date::{parse_typed_date, TypedDateError};

/// Longest range one view may show: a year and a day, so the daily chart stays readable.
pub const MAX_RANGE_DAYS: u32 = 366;
/// The range shown when the URL names none (the server's default too).
pub const DEFAULT_RANGE_DAYS: u32 = 30;
/// The quick choices offered next to the date inputs.
pub const PRESET_RANGE_DAYS: [u32; 3] = [7, 30, 90];

/// Days from `earlier` to `later` (negative when `later` is earlier).
fn days_between(earlier: Date, later: Date) -> i64 {
    (later - earlier).whole_days()
}

/// Inclusive range of days, `from` ≤ `to`, at most [`MAX_RANGE_DAYS`] long.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    from: Date,
    to: Date,
}

/// Why a range was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeError {
    /// A `YYYY-MM-DD` date (of a URL) is missing or not a real date.
    InvalidDate,
    /// The typed start is not a date.
    Start(TypedDateError),
    /// The typed end is not a date.
    End(TypedDateError),
    /// The start lies after the end.
    StartAfterEnd,
    /// More than [`MAX_RANGE_DAYS`] days.
    TooLong,
}

impl RangeError {
    /// The message shown next to the date inputs.
    pub fn message(self) -> String {
        match self {
            RangeError::InvalidDate => "Укажите обе даты.".to_owned(),
            RangeError::Start(problem) => format!("Начало периода: {}", problem.message()),
            RangeError::End(problem) => format!("Конец периода: {}", problem.message()),
            RangeError::StartAfterEnd => "Начало периода позже его конца.".to_owned(),
            RangeError::TooLong => format!("Период не может быть длиннее {MAX_RANGE_DAYS} дней."),
        }
    }

    /// Whether the start input is at fault (marked invalid).
    pub fn concerns_start(self) -> bool {
        !matches!(self, RangeError::End(_))
    }

    /// Whether the end input is at fault (marked invalid).
    pub fn concerns_end(self) -> bool {
        !matches!(self, RangeError::Start(_))
    }
}

impl DateRange {
    /// Checks a range.
    pub fn new(from: Date, to: Date) -> Result<Self, RangeError> {
        if from > to {
            Err(RangeError::StartAfterEnd)
        } else if days_between(from, to) >= i64::from(MAX_RANGE_DAYS) {
            Err(RangeError::TooLong)
        } else {
            Ok(DateRange { from, to })
        }
    }

    /// Reads a range from the two date inputs (`дд.мм.гггг`, see [`crate::model::typed_date`]).
    pub fn from_typed(from: &str, to: &str) -> Result<Self, RangeError> {
        let from = parse_typed_date(from).map_err(RangeError::Start)?;
        let to = parse_typed_date(to).map_err(RangeError::End)?;
        DateRange::new(from, to)
    }

    /// Reads a range from two `YYYY-MM-DD` texts (a URL's query).
    pub fn parse(from: &str, to: &str) -> Result<Self, RangeError> {
        match (parse_iso_day(from.trim()), parse_iso_day(to.trim())) {
            (Some(from), Some(to)) => DateRange::new(from, to),
            _ => Err(RangeError::InvalidDate),
        }
    }

    /// The last `days` days up to and including `today`.
    pub fn last_days(today: Date, days: u32) -> Self {
        let days = days.clamp(1, MAX_RANGE_DAYS);
        DateRange {
            from: today.saturating_sub(Duration::days(i64::from(days - 1))),
            to: today,
        }
    }

    /// The range named by a URL query (`from=…&to=…`), or the last [`DEFAULT_RANGE_DAYS`] days when
    /// it names none or a broken one (a shared link should always open something sensible).
    pub fn from_query(query: &str, today: Date) -> Self {
        let from = query_value(query, "from").unwrap_or_default();
        let to = query_value(query, "to").unwrap_or_default();
        DateRange::parse(&from, &to)
            .unwrap_or_else(|_| DateRange::last_days(today, DEFAULT_RANGE_DAYS))
    }

    /// The range as URL query parameters, as the API and the dashboard's own URLs take them.
    pub fn to_query(self) -> String {
        self.query_pairs()
            .map(|(name, value)| format!("{name}={value}"))
            .join("&")
    }

    /// The query parameters one by one (`from`, `to`; `YYYY-MM-DD` needs no escaping).
    pub fn query_pairs(self) -> [(&'static str, String); 2] {
        [("from", self.from.to_string()), ("to", self.to.to_string())]
    }

    /// First day.
    pub fn from(self) -> Date {
        self.from
    }

    /// Last day (inclusive).
    pub fn to(self) -> Date {
        self.to
    }

    /// Number of days in the range.
    pub fn len_days(self) -> u32 {
        days_between(self.from, self.to) as u32 + 1
    }

    /// The preset this range equals, if it ends today and spans one of [`PRESET_RANGE_DAYS`].
    pub fn matching_preset(self, today: Date) -> Option<u32> {
        PRESET_RANGE_DAYS
            .into_iter()
            .find(|&days| self == DateRange::last_days(today, days))
    }
}

/// The decoded value of `key` in a URL query (with or without the leading `?`).
pub fn query_value(query: &str, key: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(name, _)| *name == key)
        .map(|(_, value)| percent_decode(value))
}

/// Decodes `%XX` escapes and `+` (form encoding); broken escapes stay as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(byte) = hex {
                    out.push(byte);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes a query value: everything but unreserved characters becomes `%XX`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        parse_iso_day(text).unwrap()
    }

    #[test]
    fn a_range_may_span_a_leap_day_and_a_year_end() {
        let range = DateRange::parse("2024-02-28", "2024-03-01").unwrap();
        assert_eq!(range.len_days(), 3);
        let range = DateRange::last_days(day("2026-01-02"), 7);
        assert_eq!(range.from().to_string(), "2025-12-27");
        assert_eq!(
            DateRange::parse("2024-01-01", "2024-12-31").map(DateRange::len_days),
            Ok(366),
            "a leap year is the longest range allowed"
        );
    }

    #[test]
    fn last_days_ends_today_and_counts_today() {
        let range = DateRange::last_days(day("2026-11-25"), 7);
        assert_eq!(range.from().to_string(), "2026-11-19");
        assert_eq!(range.to().to_string(), "2026-11-25");
        assert_eq!(range.len_days(), 7);
        assert_eq!(range.matching_preset(day("2026-11-25")), Some(7));
        assert_eq!(range.matching_preset(day("2026-11-26")), None);
    }

    #[test]
    fn ranges_typed_by_hand_are_checked() {
        assert_eq!(
            DateRange::parse("2026-11-25", "2026-11-01"),
            Err(RangeError::StartAfterEnd)
        );
        assert_eq!(
            DateRange::parse("", "2026-11-01"),
            Err(RangeError::InvalidDate)
        );
        assert_eq!(
            DateRange::parse("2025-01-01", "2026-01-02"),
            Err(RangeError::TooLong)
        );
        assert_eq!(
            DateRange::parse(" 2026-11-25 ", "2026-11-25").map(DateRange::len_days),
            Ok(1)
        );
    }

    #[test]
    fn typed_ranges_name_the_input_at_fault() {
        assert_eq!(
            DateRange::from_typed("01.11.2026", "25.11.2026").map(DateRange::to_query),
            Ok("from=2026-11-01&to=2026-11-25".to_owned())
        );
        let start = DateRange::from_typed("31.02.2026", "25.11.2026").unwrap_err();
        assert_eq!(
            start.message(),
            "Начало периода: 31.02.2026 — такой даты нет: в феврале 2026 года дни с 1 по 28."
        );
        assert!(start.concerns_start() && !start.concerns_end());
        let end = DateRange::from_typed("01.11.2026", "11/25/2026").unwrap_err();
        assert_eq!(
            end.message(),
            "Конец периода: месяца 25 нет: месяцы — от 01 до 12."
        );
        assert!(end.concerns_end() && !end.concerns_start());
        let empty = DateRange::from_typed("01.11.2026", "").unwrap_err();
        assert_eq!(
            empty.message(),
            "Конец периода: укажите дату в виде дд.мм.гггг, например 25.11.2026."
        );
        let backwards = DateRange::from_typed("25.11.2026", "01.11.2026").unwrap_err();
        assert_eq!(backwards, RangeError::StartAfterEnd);
        assert!(backwards.concerns_start() && backwards.concerns_end());
        assert_eq!(
            DateRange::from_typed("01.01.2025", "02.01.2026"),
            Err(RangeError::TooLong)
        );
    }

    #[test]
    fn the_range_survives_a_trip_through_the_url() {
        let today = day("2026-11-25");
        let range = DateRange::parse("2026-10-01", "2026-10-31").unwrap();
        let query = format!("?{}&id=X", range.to_query());
        assert_eq!(DateRange::from_query(&query, today), range);
    }

    #[test]
    fn a_missing_or_broken_range_in_the_url_falls_back_to_thirty_days() {
        let today = day("2026-11-25");
        let fallback = DateRange::last_days(today, DEFAULT_RANGE_DAYS);
        for query in [
            "",
            "?from=2026-11-01",
            "from=2026-11-30&to=2026-11-01",
            "from=x&to=y",
        ] {
            assert_eq!(DateRange::from_query(query, today), fallback, "{query}");
        }
    }

    #[test]
    fn query_values_are_decoded_and_encoded() {
        assert_eq!(query_value("a=1&b=x%2Dy+z", "b").as_deref(), Some("x-y z"));
        assert_eq!(query_value("flag&a=1", "flag").as_deref(), Some(""));
        assert_eq!(query_value("a=1", "b"), None);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_encode("ab-1 ж&"), "ab-1%20%D0%B6%26");
    }
}
