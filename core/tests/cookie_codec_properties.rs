//! Property tests of the cookie codec: round trips, no input that makes it panic, and every value
//! it accepts is exactly the format (so whatever a page script or a proxy writes either decodes
//! to a well-formed decision or counts as no decision at all). The inputs are byte strings, not
//! only text: any bytes at all, and valid values with bytes cut, changed or inserted, whether the
//! result is UTF-8 or not. They reach the codec as they reach the widget: a browser reads a
//! cookie's bytes as UTF-8, each invalid sequence a U+FFFD (and a JavaScript string's lone
//! surrogates become U+FFFD on their way into Rust), so the codec's input is always text.

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

/// What any accepted value must be: the canonical text of a well-formed record. `value` is read
/// as the browser reads a cookie's bytes.
fn check_accepted(value: &[u8]) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(value);
    let Ok(record) = decode_cookie(&text) else {
        return Ok(());
    };
    prop_assert!(
        value.len() <= MAX_COOKIE_VALUE_LEN,
        "an oversized value was accepted"
    );
    prop_assert!(value.is_ascii(), "only ASCII is the format: {:?}", value);
    prop_assert!(value.starts_with(b"1|"), "only format version 1 is read");
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
    let canonical = encode_cookie(&record);
    prop_assert_eq!(canonical.as_bytes(), value);
    Ok(())
}

/// A byte that is never part of valid UTF-8, a lead byte without its continuation, a lone
/// continuation byte, or anything else.
fn any_byte() -> impl Strategy<Value = u8> {
    prop_oneof![Just(0xFF), Just(0xC3), Just(0x80), Just(0x00), any::<u8>()]
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
    fn any_byte_string_is_refused_or_decodes_to_a_well_formed_decision(bytes in proptest::collection::vec(any::<u8>(), 0..1100)) {
        check_accepted(&bytes)?;
    }

    #[test]
    fn any_text_is_refused_or_decodes_to_a_well_formed_decision(text in any::<String>()) {
        check_accepted(text.as_bytes())?;
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
        check_accepted(format!("{version}|{revision}|{time}|{id}|{}", choices.join("+")).as_bytes())?;
    }

    #[test]
    fn texts_in_the_cookie_alphabet_are_refused_or_well_formed(
        text in "1\\|[0-9]{0,11}\\|[0-9]{0,11}\\|[0-9A-Za-z]{0,17}\\|([a-z0-9_:+-]{0,40})"
    ) {
        check_accepted(text.as_bytes())?;
    }

    #[test]
    fn near_misses_of_valid_values_are_refused_or_well_formed(record in record(), at in 0usize..200, byte in any_byte()) {
        let encoded = encode_cookie(&record).into_bytes();
        let at = at.min(encoded.len());
        check_accepted(&encoded[..at])?;
        let mut changed = encoded.clone();
        if let Some(slot) = changed.get_mut(at) {
            *slot = byte;
        }
        check_accepted(&changed)?;
        let mut inserted = encoded;
        inserted.insert(at, byte);
        check_accepted(&inserted)?;
    }

    #[test]
    fn a_byte_that_is_not_utf8_anywhere_in_a_valid_value_makes_it_refused(
        record in record(), at in 0usize..200, byte in prop_oneof![Just(0xFFu8), Just(0xC3), Just(0x80), 0x80u8..=0xFF]
    ) {
        let mut value = encode_cookie(&record).into_bytes();
        let at = at.min(value.len());
        value.insert(at, byte);
        prop_assert!(decode_cookie(&String::from_utf8_lossy(&value)).is_err(), "accepted {:?}", value);
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
