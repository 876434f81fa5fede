//! Calendar days (UTC, as the server counts them) and the date range a view shows.

use std::fmt;

/// Longest range one view may show: a year and a day, so the daily chart stays readable.
pub const MAX_RANGE_DAYS: u32 = 366;
/// The range shown when the URL names none (the server's default too).
pub const DEFAULT_RANGE_DAYS: u32 = 30;
/// The quick choices offered next to the date inputs.
pub const PRESET_RANGE_DAYS: [u32; 3] = [7, 30, 90];

/// One calendar day, counted from 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

impl Day {
    /// The day `days` after 1970-01-01.
    pub const fn from_days_since_epoch(days: i32) -> Self {
        Day(days)
    }

    /// The UTC day of a moment given in milliseconds since the epoch (what `Date.now()` returns).
    pub fn from_unix_millis(millis: f64) -> Self {
        Day((millis / 86_400_000.0).floor() as i32)
    }

    /// The UTC day of a moment given in seconds since the epoch.
    pub fn from_unix_seconds(seconds: i64) -> Self {
        Day(seconds.div_euclid(86_400) as i32)
    }

    /// Reads `YYYY-MM-DD` (what `<input type="date">` and the API use); refuses impossible dates.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year as i32, month) {
            return None;
        }
        Some(Day::from_civil(year as i32, month, day))
    }

    /// The day of a civil (proleptic Gregorian) date; Howard Hinnant's `days_from_civil`.
    pub fn from_civil(year: i32, month: u32, day: u32) -> Self {
        let year = if month <= 2 { year - 1 } else { year };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month_index = (month as i32 + 9) % 12; // March = 0
        let day_of_year = (153 * month_index + 2) / 5 + day as i32 - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Day(era * 146_097 + day_of_era - 719_468)
    }

    /// The (year, month, day) of this day; Howard Hinnant's `civil_from_days`.
    pub fn civil(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        } as u32;
        let year = year_of_era + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// The day `offset` days later (earlier when negative).
    pub fn plus_days(self, offset: i32) -> Self {
        Day(self.0 + offset)
    }

    /// Days from `earlier` to this day.
    pub fn days_since(self, earlier: Day) -> i32 {
        self.0 - earlier.0
    }
}

impl fmt::Display for Day {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.civil();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Inclusive range of days, `from` ≤ `to`, at most [`MAX_RANGE_DAYS`] long.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    from: Day,
    to: Day,
}

/// Why a range typed by hand was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeError {
    /// A date is missing or not a real date.
    InvalidDate,
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
            RangeError::StartAfterEnd => "Начало периода позже его конца.".to_owned(),
            RangeError::TooLong => format!("Период не может быть длиннее {MAX_RANGE_DAYS} дней."),
        }
    }
}

impl DateRange {
    /// Checks a range.
    pub fn new(from: Day, to: Day) -> Result<Self, RangeError> {
        if from > to {
            Err(RangeError::StartAfterEnd)
        } else if to.days_since(from) >= MAX_RANGE_DAYS as i32 {
            Err(RangeError::TooLong)
        } else {
            Ok(DateRange { from, to })
        }
    }

    /// Reads a range from two `YYYY-MM-DD` texts (the date inputs).
    pub fn parse(from: &str, to: &str) -> Result<Self, RangeError> {
        match (Day::parse(from.trim()), Day::parse(to.trim())) {
            (Some(from), Some(to)) => DateRange::new(from, to),
            _ => Err(RangeError::InvalidDate),
        }
    }

    /// The last `days` days up to and including `today`.
    pub fn last_days(today: Day, days: u32) -> Self {
        let days = days.clamp(1, MAX_RANGE_DAYS) as i32;
        DateRange {
            from: today.plus_days(1 - days),
            to: today,
        }
    }

    /// The range named by a URL query (`from=…&to=…`), or the last [`DEFAULT_RANGE_DAYS`] days when
    /// it names none or a broken one (a shared link should always open something sensible).
    pub fn from_query(query: &str, today: Day) -> Self {
        let from = query_value(query, "from").unwrap_or_default();
        let to = query_value(query, "to").unwrap_or_default();
        DateRange::parse(&from, &to)
            .unwrap_or_else(|_| DateRange::last_days(today, DEFAULT_RANGE_DAYS))
    }

    /// The range as URL query parameters, as the API and the dashboard's own URLs take them.
    pub fn to_query(self) -> String {
        format!("from={}&to={}", self.from, self.to)
    }

    /// First day.
    pub fn from(self) -> Day {
        self.from
    }

    /// Last day (inclusive).
    pub fn to(self) -> Day {
        self.to
    }

    /// Number of days in the range.
    pub fn len_days(self) -> u32 {
        self.to.days_since(self.from) as u32 + 1
    }

    /// The preset this range equals, if it ends today and spans one of [`PRESET_RANGE_DAYS`].
    pub fn matching_preset(self, today: Day) -> Option<u32> {
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

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn days_round_trip_through_civil_dates_across_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let original = Day::from_days_since_epoch(days);
            let (y, m, d) = original.civil();
            assert_eq!(Day::from_civil(y, m, d), original, "{y}-{m}-{d}");
        }
        assert_eq!(Day::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(day("2026-11-25").to_string(), "2026-11-25");
    }

    #[test]
    fn parse_refuses_impossible_and_malformed_dates() {
        assert_eq!(day("2024-02-29").civil(), (2024, 2, 29));
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-1-01",
            "26-11-25",
            "2026/11/25",
            "2026-11-2x",
            "",
            "+026-11-25",
        ] {
            assert!(Day::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn unix_times_fall_on_their_utc_day() {
        assert_eq!(
            Day::from_unix_seconds(1_764_100_000).to_string(),
            "2025-11-25"
        );
        assert_eq!(
            Day::from_unix_millis(1_764_100_000_000.0),
            Day::from_unix_seconds(1_764_100_000)
        );
        assert_eq!(Day::from_unix_seconds(-1).to_string(), "1969-12-31");
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
