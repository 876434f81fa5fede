//! The server's clock (the system's UTC time, or a hand-set one in tests) and the UTC calendar
//! days and timestamps the API speaks in, computed by the `time` crate.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// Milliseconds in a (UTC) day.
pub const MS_PER_DAY: i64 = 86_400_000;
/// Day 0 of the day numbers the database keeps.
const EPOCH: Date = time::macros::date!(1970 - 01 - 01);
/// `YYYY-MM-DD`, every part zero-padded.
const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");
/// Earliest and latest year accepted in a `YYYY-MM-DD` query parameter or option.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

/// Where "now" comes from. Receipts, rollup days, session expiry and throttles all read it, so a
/// test can move time forward instead of sleeping.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock { manual: None }
    }

    /// A clock that stands still at `unix_ms` until it is set or advanced.
    pub fn manual(unix_ms: i64) -> Self {
        Clock {
            manual: Some(Arc::new(AtomicI64::new(unix_ms))),
        }
    }

    /// Today's UTC calendar day.
    pub fn today(&self) -> Date {
        utc_day(self.now_ms())
    }

    /// Now, in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        match &self.manual {
            Some(now) => now.load(Ordering::SeqCst),
            None => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
                .unwrap_or(0),
        }
    }

    /// Sets a manual clock (no effect on the system clock).
    pub fn set_ms(&self, unix_ms: i64) {
        if let Some(now) = &self.manual {
            now.store(unix_ms, Ordering::SeqCst);
        }
    }

    /// Moves a manual clock forward (no effect on the system clock).
    pub fn advance(&self, by: Duration) {
        if let Some(now) = &self.manual {
            let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
            now.fetch_add(by, Ordering::SeqCst);
        }
    }
}

/// The UTC calendar day containing the Unix time `unix_ms` (milliseconds).
pub fn utc_day(unix_ms: i64) -> Date {
    day_from_number(unix_ms.div_euclid(MS_PER_DAY))
}

/// Unix milliseconds at the start (00:00 UTC) of `day`.
pub fn day_start_ms(day: Date) -> i64 {
    day_number(day) * MS_PER_DAY
}

/// The number the database keeps for `day`: days since 1970-01-01 (it sorts and compares the
/// same way in SQLite and PostgreSQL).
pub fn day_number(day: Date) -> i64 {
    (day - EPOCH).whole_days()
}

/// The day the database's day number `n` stands for (days outside `time`'s calendar saturate).
pub fn day_from_number(n: i64) -> Date {
    EPOCH
        .checked_add(time::Duration::days(n))
        .unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

/// Every day of `from..=to`, in order.
pub fn days(from: Date, to: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(from), |day| day.next_day()).take_while(move |day| *day <= to)
}

/// Reads a strict `YYYY-MM-DD` date: a real calendar day, year 1970 to 9999.
pub fn parse_date(text: &str) -> Option<Date> {
    if text.len() != 10 {
        return None;
    }
    Date::parse(text, DATE_FORMAT)
        .ok()
        .filter(|date| YEARS.contains(&date.year()))
}

/// Unix milliseconds as an RFC 3339 UTC timestamp to the second (`2026-11-25T19:48:37Z`).
pub fn format_timestamp(unix_ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_their_text() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2026-11-25",
            "2028-12-31",
            "9999-12-31",
        ] {
            let day = parse_date(text).unwrap();
            assert_eq!(day.to_string(), text);
        }
        assert_eq!(day_number(parse_date("1970-01-02").unwrap()), 1);
        assert_eq!(day_number(parse_date("2025-11-25").unwrap()), 20_417);
        assert_eq!(day_number(parse_date("2026-11-25").unwrap()), 20_782);
        assert_eq!(day_from_number(20_782).to_string(), "2026-11-25");
        assert_eq!(utc_day(1_764_028_800_000).to_string(), "2025-11-25");
    }

    #[test]
    fn only_real_dates_in_the_strict_form_are_read() {
        for bad in [
            "",
            "2026-1-01",
            "2026-13-01",
            "2026-02-29",
            "2100-02-29",
            "2026-11-31",
            "2026-11-00",
            "1969-12-31",
            "+026-11-25",
            "2026/11/25",
            "2026-11-25T00:00:00Z",
            "２０２６-11-25",
            " 2026-11-2",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_are_utc_to_the_second() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp(1_764_100_117_999), "2025-11-25T19:48:37Z");
        assert_eq!(utc_day(1_764_100_117_999).to_string(), "2025-11-25");
        assert_eq!(utc_day(-1).to_string(), "1969-12-31");
        assert_eq!(day_start_ms(utc_day(1_764_100_117_999)), 1_764_028_800_000);
    }
}
