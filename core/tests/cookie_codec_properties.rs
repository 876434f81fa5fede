//! Property tests of the cookie codec: round trips, no input that makes it panic, and every value
//! it accepts is exactly the format (so whatever a page script or a proxy writes either decodes
//! to a well-formed decision or counts as no decision at all).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use jl_consent_core::cookie_codec::{MAX_CHOICES, MAX_COOKIE_VALUE_LEN};
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

/// What any accepted value must be: the canonical text of a well-formed record.
fn check_accepted(text: &str) -> Result<(), TestCaseError> {
    let Ok(record) = decode_cookie(text) else {
        return Ok(());
    };
    prop_assert!(
        text.len() <= MAX_COOKIE_VALUE_LEN,
        "an oversized value was accepted"
    );
    prop_assert!(text.starts_with("1|"), "only format version 1 is read");
    prop_assert!((1..=999_999_999).contains(&record.revision));
    prop_assert!((1..=9_999_999_999).contains(&record.decided_at));
    let id = record.consent_id.as_str();
    prop_assert_eq!(id.len(), 16);
    prop_assert!(
        id.bytes()
            .all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b)),
        "consent id {}",
        id
    );
    prop_assert!(record.choices.len() <= MAX_CHOICES);
    let ids: Vec<&str> = record.choices.iter().map(|(c, _)| c.as_str()).collect();
    prop_assert!(!ids.contains(&"necessary"), "necessary is never stored");
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    prop_assert_eq!(unique.len(), ids.len(), "a category answered twice");
    // One decision, one text: what was accepted is exactly what the codec writes for it.
    prop_assert_eq!(encode_cookie(&record), text);
    Ok(())
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
    fn any_text_is_refused_or_decodes_to_a_well_formed_decision(text in any::<String>()) {
        check_accepted(&text)?;
    }

    #[test]
    fn values_built_from_near_valid_parts_are_refused_or_well_formed(
        version in prop::sample::select(vec!["1", "2", "01", ""]),
        revision in prop::sample::select(vec!["1", "3", "03", "0", "999999999", "1000000000", "-1", ""]),
        time in prop::sample::select(vec!["1764100000", "0", "01764100000", "99999999999", "1764100000.5"]),
        id in prop::sample::select(vec!["7K3M9Q2XA4BC8DEF", "7K3M9Q2XA4BC8DEU", "7k3m9q2xa4bc8def", "7K3M9Q2XA4BC8DE", "7K3M9Q2XA4BC8DEFG"]),
        choices in prop::collection::vec(prop::sample::select(vec![
            "analytics:1", "analytics:0", "advertising:1", "necessary:1", "chat:0", "x:2", "Ads:1", "a", ":1", "",
        ]), 0..5),
    ) {
        check_accepted(&format!("{version}|{revision}|{time}|{id}|{}", choices.join("+")))?;
    }

    #[test]
    fn texts_in_the_cookie_alphabet_are_refused_or_well_formed(
        text in "1\\|[0-9]{0,11}\\|[0-9]{0,11}\\|[0-9A-Za-z]{0,17}\\|([a-z0-9_:+-]{0,40})"
    ) {
        check_accepted(&text)?;
    }

    #[test]
    fn near_misses_of_valid_values_are_refused_or_well_formed(record in record(), cut in 0usize..200, byte in any::<u8>()) {
        let encoded = encode_cookie(&record);
        let cut = cut.min(encoded.len());
        check_accepted(&encoded[..cut])?;
        let mut tampered = encoded.into_bytes();
        if !tampered.is_empty() {
            let at = cut.min(tampered.len() - 1);
            tampered[at] = byte;
        }
        check_accepted(&String::from_utf8_lossy(&tampered))?;
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
