//! Days as the URL and the API write them (`YYYY-MM-DD`, UTC), and the day of a moment.

use time::{Date, Month, OffsetDateTime};

/// Reads a day written `YYYY-MM-DD` (the URL and the API write days so); refuses impossible
/// dates and any other layout.
pub fn parse_iso_day(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u16> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::from(year), month, u8::try_from(day).ok()?).ok()
}

/// The UTC day of a moment in milliseconds since the epoch (what the browser's `Date.now()` says);
/// a moment beyond the calendar's years ±9999 counts as its first or last day.
pub fn day_of_unix_millis(millis: f64) -> Date {
    // `as` saturates (and reads NaN as 0), so every clock value lands on some day.
    let seconds = (millis / 1000.0).floor() as i64;
    match OffsetDateTime::from_unix_timestamp(seconds) {
        Ok(moment) => moment.date(),
        Err(_) if seconds < 0 => Date::MIN,
        Err(_) => Date::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        parse_iso_day(text).unwrap()
    }

    #[test]
    fn iso_days_are_read_and_written_as_the_api_writes_them() {
        assert_eq!(
            day("2024-02-29"),
            Date::from_calendar_date(2024, Month::February, 29).unwrap()
        );
        assert_eq!(day("2026-11-25").to_string(), "2026-11-25");
        assert_eq!(day("0999-01-05").to_string(), "0999-01-05");
    }

    #[test]
    fn parse_refuses_impossible_and_malformed_dates() {
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-11-00",
            "2026-1-01",
            "26-11-25",
            "2026/11/25",
            "2026-11-2x",
            "",
            "+026-11-25",
            "-026-11-25",
            "2026-11-25 ",
        ] {
            assert!(parse_iso_day(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn clock_times_fall_on_their_utc_day() {
        assert_eq!(
            day_of_unix_millis(1_764_100_000_000.0).to_string(),
            "2025-11-25"
        );
        assert_eq!(
            day_of_unix_millis(1_764_115_199_999.0).to_string(),
            "2025-11-25"
        );
        assert_eq!(
            day_of_unix_millis(1_764_115_200_000.0).to_string(),
            "2025-11-26"
        );
        assert_eq!(day_of_unix_millis(-1.0).to_string(), "1969-12-31");
        assert_eq!(day_of_unix_millis(8.64e15), Date::MAX);
        assert_eq!(day_of_unix_millis(-8.64e15), Date::MIN);
        assert_eq!(day_of_unix_millis(f64::NAN).to_string(), "1970-01-01");
    }
}
