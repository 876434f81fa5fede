//! Numbers, shares and times written the Russian way: `1 234`, `41,7 %`, `25.11.2026`.

use time::{Date, OffsetDateTime};

use crate::model::iso_day::parse_iso_day;

/// A no-break space: groups digits and keeps `41,7 %` on one line.
pub const NO_BREAK_SPACE: char = '\u{a0}';

/// A count with digit groups: `1 234 567`.
pub fn format_count(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(NO_BREAK_SPACE);
        }
        out.push(digit);
    }
    out
}

/// A decimal number with a comma and `decimals` places: `0,012`.
pub fn format_decimal(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text.trim_start_matches('-').to_owned() // no "-0,0"
    } else {
        text
    };
    text.replace('.', ",")
}

/// A share (0–1) as a percentage with one decimal: `41,7 %`.
pub fn format_percent(share: f64) -> String {
    format!("{}{NO_BREAK_SPACE}%", format_decimal(share * 100.0, 1))
}

/// A share as a whole percentage, for chart axes: `25 %`.
pub fn format_percent_whole(share: f64) -> String {
    format!("{}{NO_BREAK_SPACE}%", format_decimal(share * 100.0, 0))
}

/// A 95 % interval of shares: `38,9–44,5 %`.
pub fn format_interval(low: f64, high: f64) -> String {
    format!(
        "{}–{}{NO_BREAK_SPACE}%",
        format_decimal(low * 100.0, 1),
        format_decimal(high * 100.0, 1)
    )
}

/// A difference of two shares in percentage points, with its sign: `+5,0 п. п.`.
pub fn format_points(difference: f64) -> String {
    let points = format_decimal(difference * 100.0, 1);
    let sign = if points.starts_with('-') || points == "0,0" {
        ""
    } else {
        "+"
    };
    format!(
        "{sign}{}{NO_BREAK_SPACE}п.{NO_BREAK_SPACE}п.",
        points.replace('-', "−")
    )
}

/// A p-value as statisticians write it: `p = 0,012`, `p < 0,001`.
pub fn format_p_value(p: f64) -> String {
    if p < 0.001 {
        format!("p{NO_BREAK_SPACE}<{NO_BREAK_SPACE}0,001")
    } else if p < 0.01 {
        format!("p{NO_BREAK_SPACE}={NO_BREAK_SPACE}{}", format_decimal(p, 3))
    } else {
        format!("p{NO_BREAK_SPACE}={NO_BREAK_SPACE}{}", format_decimal(p, 2))
    }
}

/// The Russian plural of a counted noun: `plural(5, ["день", "дня", "дней"])` → `дней`.
pub fn plural(count: u64, forms: [&'static str; 3]) -> &'static str {
    let (last_two, last) = (count % 100, count % 10);
    if (11..=14).contains(&last_two) {
        forms[2]
    } else if last == 1 {
        forms[0]
    } else if (2..=4).contains(&last) {
        forms[1]
    } else {
        forms[2]
    }
}

/// A wait in seconds, rounded up to what a person reads: `45 с`, `2 мин 30 с`, `1 ч 5 мин`.
pub fn format_wait(seconds: u64) -> String {
    let (hours, minutes, secs) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (hours, minutes, secs) {
        (0, 0, s) => format!("{s}{NO_BREAK_SPACE}с"),
        (0, m, 0) => format!("{m}{NO_BREAK_SPACE}мин"),
        (0, m, s) => format!("{m}{NO_BREAK_SPACE}мин {s}{NO_BREAK_SPACE}с"),
        (h, 0, _) => format!("{h}{NO_BREAK_SPACE}ч"),
        (h, m, _) => format!("{h}{NO_BREAK_SPACE}ч {m}{NO_BREAK_SPACE}мин"),
    }
}

/// A day as `25.11.2026`.
pub fn format_day(day: Date) -> String {
    format!("{}.{}", format_day_short(day), day.year())
}

/// A day as `25.11`, for chart ticks.
pub fn format_day_short(day: Date) -> String {
    format!("{:02}.{:02}", day.day(), u8::from(day.month()))
}

/// A moment in Unix seconds as `25.11.2025, 19:46:40 UTC` (beyond the years ±9999: the number).
pub fn format_unix_time(seconds: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(seconds) {
        Ok(moment) => format!(
            "{}, {:02}:{:02}:{:02} UTC",
            format_day(moment.date()),
            moment.hour(),
            moment.minute(),
            moment.second()
        ),
        Err(_) => seconds.to_string(),
    }
}

/// A server timestamp (`2026-11-25T19:48:37Z`) as `25.11.2026, 19:48:37 UTC`; anything else as it came.
pub fn format_timestamp(text: &str) -> String {
    let parsed = text
        .strip_suffix('Z')
        .and_then(|t| t.split_once('T'))
        .and_then(|(date, time)| {
            let day = parse_iso_day(date)?;
            let clock = time.get(0..8)?;
            let valid = clock.len() == 8
                && clock.bytes().enumerate().all(|(i, b)| {
                    if i == 2 || i == 5 {
                        b == b':'
                    } else {
                        b.is_ascii_digit()
                    }
                });
            valid.then(|| format!("{}, {clock} UTC", format_day(day)))
        });
    parsed.unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readable(text: String) -> String {
        text.replace(NO_BREAK_SPACE, " ")
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(readable(format_count(0)), "0");
        assert_eq!(readable(format_count(999)), "999");
        assert_eq!(readable(format_count(1200)), "1 200");
        assert_eq!(readable(format_count(1_234_567)), "1 234 567");
    }

    #[test]
    fn shares_use_a_decimal_comma_and_a_spaced_percent_sign() {
        assert_eq!(readable(format_percent(0.4167)), "41,7 %");
        assert_eq!(readable(format_percent(1.0)), "100,0 %");
        assert_eq!(readable(format_percent_whole(0.25)), "25 %");
        assert_eq!(readable(format_interval(0.389, 0.445)), "38,9–44,5 %");
        assert_eq!(format_decimal(-0.0001, 1), "0,0");
    }

    #[test]
    fn differences_are_signed_percentage_points() {
        assert_eq!(readable(format_points(0.05)), "+5,0 п. п.");
        assert_eq!(readable(format_points(-0.031)), "−3,1 п. п.");
        assert_eq!(readable(format_points(0.0)), "0,0 п. п.");
    }

    #[test]
    fn p_values_show_enough_digits_and_a_floor() {
        assert_eq!(readable(format_p_value(0.0004)), "p < 0,001");
        assert_eq!(readable(format_p_value(0.0123)), "p = 0,01");
        assert_eq!(readable(format_p_value(0.0049)), "p = 0,005");
        assert_eq!(readable(format_p_value(0.31)), "p = 0,31");
    }

    #[test]
    fn russian_plurals_follow_the_last_digits() {
        let forms = ["день", "дня", "дней"];
        let expected = [
            (1, "день"),
            (2, "дня"),
            (5, "дней"),
            (11, "дней"),
            (14, "дней"),
            (21, "день"),
            (22, "дня"),
            (90, "дней"),
            (101, "день"),
            (111, "дней"),
        ];
        for (count, form) in expected {
            assert_eq!(plural(count, forms), form, "{count}");
        }
    }

    #[test]
    fn waits_read_in_hours_minutes_and_seconds() {
        assert_eq!(readable(format_wait(45)), "45 с");
        assert_eq!(readable(format_wait(60)), "1 мин");
        assert_eq!(readable(format_wait(150)), "2 мин 30 с");
        assert_eq!(readable(format_wait(3600)), "1 ч");
        assert_eq!(readable(format_wait(3900)), "1 ч 5 мин");
    }

    #[test]
    fn days_and_moments_are_written_day_first() {
        let day = parse_iso_day("2026-11-05").unwrap();
        assert_eq!(format_day(day), "05.11.2026");
        assert_eq!(format_day_short(day), "05.11");
        assert_eq!(format_unix_time(1_764_100_000), "25.11.2025, 19:46:40 UTC");
        assert_eq!(format_unix_time(-1), "31.12.1969, 23:59:59 UTC");
        assert_eq!(format_unix_time(i64::MAX), i64::MAX.to_string());
        assert_eq!(
            format_timestamp("2026-11-25T19:48:37Z"),
            "25.11.2026, 19:48:37 UTC"
        );
        assert_eq!(
            format_timestamp("2026-11-25T19:48:37.123Z"),
            "25.11.2026, 19:48:37 UTC"
        );
        assert_eq!(format_timestamp("yesterday"), "yesterday");
    }
}
