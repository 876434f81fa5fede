//! Property tests of the cookie codec: round trips, and no input that makes it panic.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use jl_consent_core::cookie_codec::MAX_COOKIE_VALUE_LEN;
use jl_consent_core::{
    decode_cookie, encode_cookie, CategoryId, Choices, ConsentId, ConsentRecord,
};
use proptest::prelude::*;

fn category_id() -> impl Strategy<Value = CategoryId> {
    "[a-z][a-z0-9_-]{0,31}"
        .prop_filter("necessary is never stored", |id| id != "necessary")
        .prop_map(|id| CategoryId::parse(&id).unwrap())
}

fn record() -> impl Strategy<Value = ConsentRecord> {
    (
        1u32..=999_999_999,
        1u64..=9_999_999_999,
        any::<[u8; 10]>(),
        proptest::collection::vec((category_id(), any::<bool>()), 0..12),
    )
        .prop_map(|(revision, decided_at, id, pairs)| {
            let mut choices = Choices::new();
            for (category, granted) in &pairs {
                choices.set(category, *granted);
            }
            ConsentRecord {
                revision,
                decided_at,
                consent_id: ConsentId::from_random_bytes(id),
                choices,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_record_round_trips(record in record()) {
        let encoded = encode_cookie(&record);
        prop_assert!(encoded.len() <= MAX_COOKIE_VALUE_LEN);
        prop_assert_eq!(decode_cookie(&encoded), Ok(record));
    }

    #[test]
    fn encoded_values_are_legal_cookie_octets(record in record()) {
        let encoded = encode_cookie(&record);
        // RFC 6265 cookie-octet: no controls, whitespace, DQUOTE, comma, semicolon or backslash.
        prop_assert!(encoded.bytes().all(|b| (0x21..=0x7e).contains(&b) && !b"\",;\\".contains(&b)));
    }

    #[test]
    fn any_text_decodes_or_is_refused_without_panicking(text in any::<String>()) {
        let _ = decode_cookie(&text);
    }

    #[test]
    fn near_misses_of_valid_values_never_panic(record in record(), cut in 0usize..200, byte in any::<u8>()) {
        let encoded = encode_cookie(&record);
        let cut = cut.min(encoded.len());
        let _ = decode_cookie(&encoded[..cut]);
        let mut tampered = encoded.into_bytes();
        if !tampered.is_empty() {
            let at = cut.min(tampered.len() - 1);
            tampered[at] = byte;
        }
        let _ = decode_cookie(&String::from_utf8_lossy(&tampered));
    }

    #[test]
    fn truncating_a_valid_value_never_yields_a_different_decision(record in record(), cut in 0usize..200) {
        let encoded = encode_cookie(&record);
        let cut = cut.min(encoded.len());
        if let Ok(decoded) = decode_cookie(&encoded[..cut]) {
            // Only a cut between whole choices can still parse, and it yields the first choices
            // unchanged: a category it drops counts as unanswered, so the banner asks again.
            prop_assert_eq!(&decoded.consent_id, &record.consent_id);
            let kept: Vec<_> = decoded.choices.iter().collect();
            let original: Vec<_> = record.choices.iter().take(kept.len()).collect();
            prop_assert_eq!(kept, original);
        }
    }
}
