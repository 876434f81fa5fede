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

/// The gate-relevant settings a configuration yields, in the vectors' JSON shape; keys a vector
/// leaves out are expected to keep their defaults.
fn gate_settings(config: &jl_consent_core::WidgetConfig) -> JsonValue {
    let string = |s: &str| JsonValue::String(s.to_owned());
    let strings = |list: &mut dyn Iterator<Item = String>| {
        JsonValue::Array(list.map(JsonValue::String).collect())
    };
    let cookies = config
        .categories
        .iter()
        .map(|c| {
            (
                c.id.to_string(),
                c.services
                    .iter()
                    .flat_map(|s| s.cookies.clone())
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, patterns)| !patterns.is_empty())
        .map(|(id, patterns)| (id, strings(&mut patterns.into_iter())))
        .collect();
    let mode = &config.consent_mode;
    let signals = mode
        .signals
        .iter()
        .map(|(id, list)| {
            (
                id.to_string(),
                strings(&mut list.iter().map(|s| s.to_string())),
            )
        })
        .collect();
    JsonValue::Object(vec![
        ("cookieName".into(), string(&config.cookie.name)),
        (
            "revision".into(),
            JsonValue::Number(f64::from(config.revision)),
        ),
        (
            "pixelUrl".into(),
            config.pixel_url.as_deref().map_or(JsonValue::Null, string),
        ),
        (
            "categories".into(),
            strings(&mut config.optional_categories().iter().map(|c| c.to_string())),
        ),
        ("cookies".into(), JsonValue::Object(cookies)),
        (
            "consentMode".into(),
            JsonValue::Object(vec![
                ("enabled".into(), JsonValue::Bool(mode.enabled)),
                (
                    "waitForUpdate".into(),
                    JsonValue::Number(f64::from(mode.wait_for_update_ms)),
                ),
                ("signals".into(), JsonValue::Object(signals)),
            ]),
        ),
        (
            "settingsButton".into(),
            JsonValue::Bool(config.settings_button),
        ),
        (
            "logEndpoint".into(),
            config
                .log_endpoint
                .as_deref()
                .map_or(JsonValue::Null, string),
        ),
    ])
}

#[test]
fn the_config_reader_yields_every_config_vector_as_specified() {
    let defaults = gate_settings(&jl_consent_core::WidgetConfig::default());
    let cases = vectors("config.json");
    assert!(cases.len() >= 50);
    for case in cases {
        let why = string(&case, "why");
        let text = case.get("config").and_then(JsonValue::as_str);
        let (config, _) = parse_config(text);
        let got = gate_settings(&config);
        let Some(JsonValue::Object(expect)) = case.get("expect") else {
            panic!("{why}")
        };
        let JsonValue::Object(keys) = &defaults else {
            unreachable!()
        };
        for (key, default) in keys {
            let want = expect
                .iter()
                .find(|(k, _)| k == key)
                .map_or(default, |(_, v)| v);
            assert_eq!(got.get(key), Some(want), "{why}: {key}");
        }
    }
}
