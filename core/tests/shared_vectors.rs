//! The core against the vectors it shares with the loader (`loader/consent.js` reads the cookie
//! and the gate keys, `loader/stage2/config.mjs` the whole configuration). The loader's own tests
//! read the same files, so the readers can never disagree.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use jl_consent_core::config::{from_normal_form, is_usable, to_normal_form, ConfigProblem};
use jl_consent_core::json::{parse_json, JsonValue};
use jl_consent_core::{decode_cookie, encode_cookie, parse_config, WidgetConfig};

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
/// The name a vector gives a problem: its key path, or (missing) / (unreadable).
fn problem_key(problem: &ConfigProblem) -> String {
    match problem {
        ConfigProblem::Missing => "(missing)".into(),
        ConfigProblem::Unreadable(_) => "(unreadable)".into(),
        ConfigProblem::BadRevision(_) => "revision".into(),
        ConfigProblem::BadKey { key, .. } => key.clone(),
    }
}

/// The defaults' normal form with the vector's `normal` members on top.
fn expected_normal_form(case: &JsonValue) -> JsonValue {
    let JsonValue::Object(mut members) = to_normal_form(&WidgetConfig::default()) else {
        unreachable!("the normal form is an object")
    };
    let Some(JsonValue::Object(expect)) = case.get("normal") else {
        panic!("{}: no \"normal\" object", string(case, "why"))
    };
    for (key, value) in expect {
        let member = members.iter_mut().find(|(k, _)| k == key);
        let (_, slot) = member
            .unwrap_or_else(|| panic!("{}: {key} is not a normal-form key", string(case, "why")));
        *slot = value.clone();
    }
    JsonValue::Object(members)
}

#[test]
fn the_config_reader_yields_every_config_vector_as_specified() {
    let cases = vectors("config.json");
    assert!(cases.len() >= 130);
    for case in cases {
        let why = string(&case, "why");
        let text = case.get("config").and_then(JsonValue::as_str);
        let (config, problems) = parse_config(text);
        let usable = case.get("usable") != Some(&JsonValue::Bool(false));
        assert_eq!(is_usable(&problems), usable, "{why}: usable");
        let got = to_normal_form(&config);
        let want = expected_normal_form(&case);
        let (JsonValue::Object(got_members), JsonValue::Object(want_members)) = (&got, &want)
        else {
            unreachable!()
        };
        for ((key, got), (_, want)) in got_members.iter().zip(want_members) {
            assert_eq!(
                got,
                want,
                "{why}: {key}\n got {}\nwant {}",
                got.to_json(),
                want.to_json()
            );
        }
        let keys: Vec<String> = problems.iter().map(problem_key).collect();
        let want_keys: Vec<String> = match case.get("problems") {
            Some(JsonValue::Array(items)) => items
                .iter()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect(),
            _ => panic!("{why}: no \"problems\" list"),
        };
        assert_eq!(keys, want_keys, "{why}: problems {problems:?}");
        if let Some(JsonValue::Array(messages)) = case.get("messages") {
            let got: Vec<String> = problems
                .iter()
                .filter(|p| !matches!(p, ConfigProblem::Unreadable(_)))
                .map(ToString::to_string)
                .collect();
            let want: Vec<String> = messages
                .iter()
                .filter_map(|m| m.as_str().map(str::to_owned))
                .collect();
            assert_eq!(got, want, "{why}: messages");
        }
        // What the loader hands the widget reads back as exactly this configuration.
        assert_eq!(
            from_normal_form(&got).as_ref(),
            Some(&config),
            "{why}: normal form round trip"
        );
    }
}
