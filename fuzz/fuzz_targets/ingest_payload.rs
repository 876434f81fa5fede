//! Any request body is accepted as events or refused with a named field, never a panic; accepted
//! events write back to a body that reads as the same events.
#![no_main]

use jl_consent_core::receipt::{batch_json, parse_event_batch, MAX_EVENTS_PER_BATCH};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    match parse_event_batch(body) {
        Ok(events) => {
            assert!(!events.is_empty() && events.len() <= MAX_EVENTS_PER_BATCH);
            assert_eq!(parse_event_batch(&batch_json(&events)), Ok(events));
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
