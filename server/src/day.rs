//! UTC calendar days as whole numbers (days since 1970-01-01) and their `YYYY-MM-DD` form.
//!
//! Rollups and range queries key on the day number, which sorts and compares the same way in
//! SQLite and PostgreSQL; the text form appears only at the edges (query strings, JSON, CSV).

use std::fmt;

const MS_PER_DAY: i64 = 86_400_000;
/// Earliest and latest year accepted in a `YYYY-MM-DD` query parameter.
const YEARS: std::ops::RangeInclusive<i64> = 1970..=9999;

/// One UTC calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    /// The UTC day containing the Unix time `ms` (milliseconds).
    pub fn from_unix_ms(ms: i64) -> Self {
        Day(ms.div_euclid(MS_PER_DAY))
    }

    /// Reads a strict `YYYY-MM-DD` date (a real calendar day, year 1970 to 9999).
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = &text[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        if !YEARS.contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day(days_from_civil(year, month, day)))
    }

    /// The day after this one.
    pub fn next(self) -> Self {
        Day(self.0 + 1)
    }

    /// This day moved by `days` (negative goes back).
    pub fn plus(self, days: i64) -> Self {
        Day(self.0 + days)
    }

    /// Unix milliseconds at the start of this day.
    pub fn start_ms(self) -> i64 {
        self.0 * MS_PER_DAY
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = civil_from_days(self.0);
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

/// Unix milliseconds as an RFC 3339 UTC timestamp to the second (`2026-11-25T19:48:37Z`).
pub fn format_timestamp(ms: i64) -> String {
    let day = Day::from_unix_ms(ms);
    let seconds = (ms - day.start_ms()) / 1000;
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// The two conversions below are Howard Hinnant's public-domain `days_from_civil` and
// `civil_from_days` algorithms for the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
            let day = Day::parse(text).unwrap();
            assert_eq!(day.to_string(), text);
        }
        assert_eq!(Day::parse("1970-01-02"), Some(Day(1)));
        assert_eq!(Day::parse("2025-11-25").unwrap().0, 20_417);
        assert_eq!(Day::parse("2026-11-25").unwrap().0, 20_782);
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
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_are_utc_to_the_second() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp(1_764_100_117_999), "2025-11-25T19:48:37Z");
        assert_eq!(
            Day::from_unix_ms(1_764_100_117_999).to_string(),
            "2025-11-25"
        );
    }
}
