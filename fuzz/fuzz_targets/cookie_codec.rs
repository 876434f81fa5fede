//! Any cookie value decodes to a decision or an error, never a panic; and whatever decodes is the
//! canonical encoding of that decision (so two readers cannot see different decisions in it).
#![no_main]

use jl_consent_core::{decode_cookie, encode_cookie};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(record) = decode_cookie(text) {
        assert_eq!(encode_cookie(&record), text, "a decoded value re-encodes to itself");
        assert_eq!(decode_cookie(&encode_cookie(&record)), Ok(record));
    }
});
