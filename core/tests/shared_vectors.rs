//! The core against the vectors it shares with the loader's first stage (`loader/consent.js`).
//! The loader's own tests read the same files, so the two readers can never disagree.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use jl_consent_core::json::{parse_json, JsonValue};
use jl_consent_core::{decode_cookie, encode_cookie, parse_config};

fn vectors(name: &str) -> Vec<JsonValue> {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    match parse_json(&text).unwrap().get("cases") {
        Some(JsonValue::Array(cases)) => cases.clone(),
        _ => panic!("{path} has no cases"),
    }
}

fn string<'a>(value: &'a JsonValue, key: &str) -> &'a str {
    value
        .get(key)
        .and_then(JsonValue::as_str)
        .unwrap_or_else(|| panic!("missing {key}"))
}

fn number(value: &JsonValue, key: &str) -> f64 {
    match value.get(key) {
        Some(JsonValue::Number(n)) => *n,
        _ => panic!("missing {key}"),
    }
}

#[test]
fn the_codec_decodes_every_cookie_vector_as_specified() {
    let cases = vectors("cookie.json");
    assert!(cases.len() >= 40);
    for case in &cases {
        let value = string(case, "value");
        let why = string(case, "why");
        let decoded = decode_cookie(value);
        match case.get("valid") {
            Some(JsonValue::Bool(true)) => {
                let record = decoded.unwrap_or_else(|e| panic!("{why}: refused ({e})"));
                let expected = case.get("record").unwrap();
                assert_eq!(
                    f64::from(record.revision),
                    number(expected, "revision"),
                    "{why}"
                );
                assert_eq!(
                    record.decided_at as f64,
                    number(expected, "decidedAt"),
                    "{why}"
                );
                assert_eq!(
                    record.consent_id.as_str(),
                    string(expected, "consentId"),
                    "{why}"
                );
                let Some(JsonValue::Object(choices)) = expected.get("choices") else {
                    panic!("{why}")
                };
                let got: Vec<(&str, bool)> = record
                    .choices
                    .iter()
                    .map(|(c, g)| (c.as_str(), g))
                    .collect();
                let want: Vec<(&str, bool)> = choices
                    .iter()
                    .map(|(c, g)| (c.as_str(), *g == JsonValue::Bool(true)))
                    .collect();
                assert_eq!(got, want, "{why}");
                assert_eq!(
                    encode_cookie(&record),
                    value,
                    "{why}: re-encoding changes the value"
                );
            }
            _ => assert!(decoded.is_err(), "{why}: accepted {value:?}"),
        }
    }
}

#[test]
fn the_config_reader_yields_every_config_vector_as_specified() {
    for case in vectors("config.json") {
        let why = string(&case, "why");
        let text = case.get("config").and_then(JsonValue::as_str);
        let (config, _) = parse_config(text);
        let expect = case.get("expect").unwrap();
        assert_eq!(config.cookie.name, string(expect, "cookieName"), "{why}");
        assert_eq!(
            f64::from(config.revision),
            number(expect, "revision"),
            "{why}"
        );
        assert_eq!(
            config.pixel_url.as_deref(),
            expect.get("pixelUrl").and_then(JsonValue::as_str),
            "{why}"
        );
        let Some(JsonValue::Array(categories)) = expect.get("categories") else {
            panic!("{why}")
        };
        let want: Vec<&str> = categories.iter().filter_map(JsonValue::as_str).collect();
        let got: Vec<&str> = config.categories.iter().map(|c| c.as_str()).collect();
        assert_eq!(got, want, "{why}");
    }
}
