//! The surface tables (`config::surface`) against the reader and the normal form: each table
//! lists exactly the keys its object has in the normal form, and each key of a simple kind is
//! read as its table says (a good value is taken, a bad one is refused with that kind's words).
//! The loader reads the simple kinds from the same tables, so this is what it relies on.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use jl_consent_core::config::{
    parse_config, to_normal_form, Accepts, ConfigProblem, Table, WidgetConfig,
};
use jl_consent_core::json::JsonValue;

/// The revision the configurations below declare (a category's or service's may not be later).
const REVISION: u32 = 5;

/// A configuration with `member` (`"key": value`) inside an object of `table`, and the path the
/// reader names that member by.
fn placed(table: Table, name: &str, value: &str) -> (String, String) {
    let member = format!("\"{name}\": {value}");
    match table {
        Table::TopLevel => (format!("{{\"revision\": {REVISION}, {member}}}"), name.to_owned()),
        Table::Cookie => (
            format!("{{\"cookie\": {{{member}}}}}"),
            format!("cookie.{name}"),
        ),
        Table::Operator => (
            format!("{{\"operator\": {{{member}}}}}"),
            format!("operator.{name}"),
        ),
        Table::ConsentMode => (
            format!("{{\"googleConsentMode\": {{{member}}}}}"),
            format!("googleConsentMode.{name}"),
        ),
        Table::Category => (
            format!("{{\"revision\": {REVISION}, \"categories\": [{{\"id\": \"analytics\", {member}}}]}}"),
            format!("categories[0].{name}"),
        ),
        Table::Service => (
            format!("{{\"revision\": {REVISION}, \"categories\": [{{\"id\": \"analytics\", \"services\": [{{\"name\": \"S\", {member}}}]}}]}}"),
            format!("categories[0].services[0].{name}"),
        ),
        Table::Variant => (
            format!("{{\"variants\": [{{\"id\": \"a\", {member}}}]}}"),
            format!("variants[0].{name}"),
        ),
    }
}

/// For each simple kind: a value it takes, a value it refuses, where the refusal is named (below
/// the key, for lists) and words only that kind's refusal uses.
fn samples(accepts: Accepts) -> Option<(String, String, &'static str, String)> {
    let whole = |min: u32, max: u32| {
        (
            min.to_string(),
            (max + 1).to_string(),
            "",
            format!(
                "expected a whole number from {min} to {max}, found {}",
                max + 1
            ),
        )
    };
    Some(match accepts {
        Accepts::Boolean => (
            "false".into(),
            "\"yes\"".into(),
            "",
            "expected true or false".into(),
        ),
        Accepts::WholeNumber { min, max } => whole(min, max),
        Accepts::PolicyRevision => whole(1, REVISION),
        Accepts::OneOf(choices) => (
            format!("\"{}\"", choices[choices.len() - 1]),
            "\"zzz\"".into(),
            "",
            format!("expected one of \"{}\"", choices.join("\", \"")),
        ),
        Accepts::Url => (
            "\"/x\"".into(),
            "\"javascript:x\"".into(),
            "",
            "an http(s) URL or a path".into(),
        ),
        Accepts::Language => (
            "\"kk\"".into(),
            "\"de\"".into(),
            "",
            "\"auto\", found \"de\"".into(),
        ),
        Accepts::CookieName => (
            "\"c\"".into(),
            "\"a b\"".into(),
            "",
            "expected a cookie name".into(),
        ),
        Accepts::Domain => (
            "\".a.kz\"".into(),
            "\"a b\"".into(),
            "",
            "expected a domain".into(),
        ),
        Accepts::Bin => (
            "\"123456789012\"".into(),
            "123456789012".into(),
            "",
            "expected a BIN of 12 digits".into(),
        ),
        Accepts::LocalizedText => (
            "\"T\"".into(),
            "5".into(),
            "",
            "a text or an object of texts by language".into(),
        ),
        Accepts::CookiePatterns => (
            "[\"_a*\"]".into(),
            "[\"a b\"]".into(),
            "[0]",
            "a cookie name or a prefix".into(),
        ),
        Accepts::StoragePatterns => (
            "[\"_a*\"]".into(),
            "[\"a b\"]".into(),
            "[0]",
            "a storage key or a prefix".into(),
        ),
        Accepts::HostPatterns => (
            "[\"a.kz\"]".into(),
            "[\"a\"]".into(),
            "[0]",
            "a host".into(),
        ),
        Accepts::CategoryIds => (
            "[\"a\"]".into(),
            "[\"A\"]".into(),
            "[0]",
            "expected a category id".into(),
        ),
        Accepts::Weight => (
            "2".into(),
            "0".into(),
            "",
            "expected a number above 0".into(),
        ),
        Accepts::Object(_) => (
            "{}".into(),
            "5".into(),
            "",
            "expected an object, found a number; using the defaults".into(),
        ),
        Accepts::Own => return None,
    })
}

fn problems(config: &str) -> Vec<ConfigProblem> {
    parse_config(Some(config)).1
}

#[test]
fn each_simple_key_is_read_as_its_table_says() {
    let mut checked = 0;
    for table in Table::ALL {
        for (name, accepts) in table.keys() {
            let Some((good, bad, below, words)) = samples(accepts) else {
                continue;
            };
            let (config, _) = placed(table, name, &good);
            assert_eq!(problems(&config), vec![], "{config}: taken");
            let (config, path) = placed(table, name, &bad);
            let found = problems(&config);
            assert_eq!(found.len(), 1, "{config}: {found:?}");
            let ConfigProblem::BadKey { key, message } = &found[0] else {
                panic!("{config}: {found:?}")
            };
            assert_eq!(key, &format!("{path}{below}"), "{config}");
            assert!(message.contains(&words), "{config}: {message}");
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} keys checked");
}

#[test]
fn an_unknown_key_in_any_table_is_named_with_the_nearest_known_one() {
    for table in Table::ALL {
        let known = table.names();
        let longest = known.iter().max_by_key(|name| name.len()).unwrap();
        let typo = format!("{longest}x");
        let (config, path) = placed(table, &typo, "1");
        let found = problems(&config);
        assert!(
            found.iter().any(|p| p.to_string().contains(&format!(
                "\"{path}\": unknown key, ignored (did you mean \"{longest}\"?)"
            ))),
            "{config}: {found:?}"
        );
    }
}

fn keys(value: &JsonValue) -> Vec<String> {
    let JsonValue::Object(members) = value else {
        panic!("not an object: {}", value.to_json())
    };
    let mut keys: Vec<String> = members.iter().map(|(k, _)| k.clone()).collect();
    keys.sort();
    keys
}

fn first<'a>(value: &'a JsonValue, key: &str) -> &'a JsonValue {
    match value.get(key) {
        Some(JsonValue::Array(items)) => &items[0],
        other => panic!("{key}: {other:?}"),
    }
}

#[test]
fn each_table_lists_exactly_its_objects_keys_in_the_normal_form() {
    let (config, found) = parse_config(Some(
        r#"{"categories": [{"id": "analytics", "services": [{"name": "S"}]}], "variants": [{"id": "a"}]}"#,
    ));
    assert_eq!(found, vec![]);
    let form = to_normal_form(&config);
    let category = first(&form, "categories");
    for table in Table::ALL {
        let object = match table {
            Table::TopLevel => &form,
            Table::Cookie => form.get("cookie").unwrap(),
            Table::Operator => form.get("operator").unwrap(),
            Table::ConsentMode => form.get("googleConsentMode").unwrap(),
            Table::Category => category,
            Table::Service => first(category, "services"),
            Table::Variant => first(&form, "variants"),
        };
        let mut names: Vec<String> = table.names().iter().map(|n| n.to_string()).collect();
        names.sort();
        assert_eq!(keys(object), names, "{}", table.name());
    }
    assert_eq!(keys(&to_normal_form(&WidgetConfig::default())), keys(&form));
}
