//! Property tests of the JSON reader's numbers: every literal reads as the nearest double, as
//! `JSON.parse` reads it (the fast path must never round differently from the exact parser).

#![cfg(feature = "exact-floats")] // without it, long mantissas are read within a few ulps by design
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use jl_consent_core::json::{parse_json, JsonValue};
use proptest::prelude::*;

fn read(literal: &str) -> f64 {
    match parse_json(literal) {
        Ok(JsonValue::Number(n)) => n,
        other => panic!("{literal}: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn any_double_written_out_reads_back_exactly(value in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
        for literal in [format!("{value}"), format!("{value:e}"), format!("{value:.3}")] {
            let expected: f64 = literal.parse().unwrap();
            prop_assert_eq!(read(&literal).to_bits(), expected.to_bits(), "{}", literal);
        }
    }

    #[test]
    fn short_decimals_read_exactly(mantissa in 0u64..10_000_000_000_000, point in 0usize..14, exponent in -30i32..30) {
        let digits = mantissa.to_string();
        let point = point.min(digits.len());
        let literal = if point == 0 { format!("{digits}e{exponent}") } else { format!("{}.{}e{exponent}", &digits[..point], &digits[point..]) };
        let literal = literal.replace(".e", "e");
        let expected: f64 = literal.parse().unwrap();
        prop_assert_eq!(read(&literal).to_bits(), expected.to_bits(), "{}", literal);
    }
}
