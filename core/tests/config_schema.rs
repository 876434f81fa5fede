//! The published JSON Schema documents exactly the keys the configuration reader knows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use jl_consent_core::config::{
    CATEGORY_KEYS, CONSENT_MODE_KEYS, CONSENT_SIGNALS, COOKIE_KEYS, SERVICE_KEYS, TOP_LEVEL_KEYS,
    VARIANT_KEYS,
};
use jl_consent_core::json::{parse_json, JsonValue};
use jl_consent_core::TextKey;

fn schema() -> JsonValue {
    let path = format!(
        "{}/../schema/jl-consent.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    parse_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn at<'a>(value: &'a JsonValue, path: &[&str]) -> &'a JsonValue {
    path.iter().fold(value, |v, key| {
        v.get(key)
            .unwrap_or_else(|| panic!("schema lacks {path:?}"))
    })
}

fn property_names(object: &JsonValue) -> Vec<String> {
    match object.get("properties") {
        Some(JsonValue::Object(members)) => members.iter().map(|(k, _)| k.clone()).collect(),
        _ => panic!("no properties"),
    }
}

fn sorted(mut keys: Vec<String>) -> Vec<String> {
    keys.sort();
    keys
}

fn owned(keys: &[&str]) -> Vec<String> {
    sorted(keys.iter().map(|k| k.to_string()).collect())
}

#[test]
fn every_reader_key_is_documented_and_nothing_else() {
    let schema = schema();
    assert_eq!(sorted(property_names(&schema)), owned(TOP_LEVEL_KEYS));
    assert_eq!(
        sorted(property_names(at(&schema, &["properties", "cookie"]))),
        owned(COOKIE_KEYS)
    );
    assert_eq!(
        sorted(property_names(at(&schema, &["$defs", "category"]))),
        owned(CATEGORY_KEYS)
    );
    assert_eq!(
        sorted(property_names(at(&schema, &["$defs", "service"]))),
        owned(SERVICE_KEYS)
    );
    assert_eq!(
        sorted(property_names(at(&schema, &["$defs", "variant"]))),
        owned(VARIANT_KEYS)
    );
    let JsonValue::Array(mode) = at(&schema, &["properties", "googleConsentMode", "oneOf"]) else {
        panic!()
    };
    assert_eq!(sorted(property_names(&mode[1])), owned(CONSENT_MODE_KEYS));
}

#[test]
fn every_text_key_and_consent_signal_is_documented() {
    let schema = schema();
    let mut texts: Vec<&str> = TextKey::ALL.iter().map(|k| k.name()).collect();
    texts.push("summary");
    assert_eq!(
        sorted(property_names(at(&schema, &["$defs", "textOverrides"]))),
        owned(&texts)
    );
    let JsonValue::Array(signals) = at(&schema, &["$defs", "consentSignal", "enum"]) else {
        panic!()
    };
    let signals: Vec<String> = signals
        .iter()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect();
    assert_eq!(sorted(signals), owned(&CONSENT_SIGNALS));
}

#[test]
fn the_service_id_enum_is_exactly_the_catalogue() {
    let schema = schema();
    let JsonValue::Array(ids) = at(&schema, &["$defs", "serviceId", "enum"]) else {
        panic!("serviceId has no enum")
    };
    let documented: Vec<&str> = ids.iter().filter_map(JsonValue::as_str).collect();
    let catalogue: Vec<&str> = jl_consent_core::catalogue::entries()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(documented, catalogue);
}
