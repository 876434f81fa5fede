//! Any cookie value decodes to a decision or an error, never a panic; and whatever decodes is the
//! canonical encoding of that decision (so two readers cannot see different decisions in it).
//! Every input counts: bytes that are not UTF-8 reach the codec as a browser hands them to the
//! widget, each invalid sequence read as U+FFFD.
#![no_main]

use jl_consent_core::{decode_cookie, encode_cookie};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(record) = decode_cookie(&text) {
        assert_eq!(
            encode_cookie(&record),
            text,
            "a decoded value re-encodes to itself"
        );
        assert_eq!(data, text.as_bytes(), "only UTF-8 input can be the format");
        assert_eq!(decode_cookie(&encode_cookie(&record)), Ok(record));
    }
});
