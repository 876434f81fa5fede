//! The published JSON Schema against the configuration's surface (`config::surface`), in both
//! directions: every key of every table is documented and nothing else, each simple key with the
//! type, range, choices and default the reader applies, and the text keys, signals and limits.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use jl_consent_core::config::surface::limits;
use jl_consent_core::config::{to_normal_form, Accepts, Table, WidgetConfig, CONSENT_SIGNALS};
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

/// `value`, or what its `$ref` (`#/$defs/…`) points at.
fn resolve<'a>(schema: &'a JsonValue, value: &'a JsonValue) -> &'a JsonValue {
    match value.get("$ref").and_then(JsonValue::as_str) {
        Some(reference) => {
            let path: Vec<&str> = reference.trim_start_matches("#/").split('/').collect();
            resolve(schema, at(schema, &path))
        }
        None => value,
    }
}

/// Where each table's object is described.
fn table_schema(schema: &JsonValue, table: Table) -> &JsonValue {
    match table {
        Table::TopLevel => schema,
        Table::Cookie => at(schema, &["properties", "cookie"]),
        Table::Operator => at(schema, &["properties", "operator"]),
        Table::ConsentMode => {
            let JsonValue::Array(forms) = at(schema, &["properties", "googleConsentMode", "oneOf"])
            else {
                panic!("googleConsentMode has no oneOf")
            };
            forms
                .iter()
                .find(|form| form.get("properties").is_some())
                .expect("googleConsentMode's object form")
        }
        Table::Category => at(schema, &["$defs", "category"]),
        Table::Service => at(schema, &["$defs", "service"]),
        Table::Variant => at(schema, &["$defs", "variant"]),
    }
}

/// The defaults' normal form of each table that has one object of defaults.
fn table_defaults(table: Table) -> Option<JsonValue> {
    let defaults = to_normal_form(&WidgetConfig::default());
    match table {
        Table::TopLevel => Some(defaults),
        Table::Cookie => defaults.get("cookie").cloned(),
        Table::Operator => defaults.get("operator").cloned(),
        Table::ConsentMode => defaults.get("googleConsentMode").cloned(),
        Table::Category | Table::Service | Table::Variant => None,
    }
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

fn number(value: &JsonValue, key: &str) -> Option<f64> {
    match value.get(key) {
        Some(JsonValue::Number(n)) => Some(*n),
        _ => None,
    }
}

fn strings(value: Option<&JsonValue>) -> Vec<String> {
    match value {
        Some(JsonValue::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn types(value: &JsonValue) -> Vec<String> {
    match value.get("type") {
        Some(JsonValue::String(one)) => vec![one.clone()],
        other => strings(other),
    }
}

#[test]
fn every_table_key_is_documented_and_nothing_else() {
    let schema = schema();
    for table in Table::ALL {
        assert_eq!(
            sorted(property_names(table_schema(&schema, table))),
            owned(&table.names()),
            "the schema's {} object",
            table.name()
        );
    }
}

#[test]
fn each_simple_key_is_documented_as_the_reader_reads_it() {
    let schema = schema();
    for table in Table::ALL {
        let object = table_schema(&schema, table);
        let defaults = table_defaults(table);
        for (name, accepts) in table.keys() {
            let place = format!("{}.{name}", table.name());
            let property = resolve(&schema, at(object, &["properties", name]));
            match accepts {
                Accepts::Boolean => assert_eq!(types(property), ["boolean"], "{place}"),
                Accepts::WholeNumber { min, max } => {
                    assert_eq!(types(property), ["integer"], "{place}");
                    assert_eq!(number(property, "minimum"), Some(f64::from(min)), "{place}");
                    assert_eq!(number(property, "maximum"), Some(f64::from(max)), "{place}");
                }
                Accepts::OneOf(choices) => {
                    assert_eq!(
                        sorted(strings(property.get("enum"))),
                        owned(choices),
                        "{place}"
                    )
                }
                Accepts::Url | Accepts::Domain | Accepts::CookieName | Accepts::Bin => {
                    assert!(types(property).contains(&"string".to_owned()), "{place}")
                }
                Accepts::Object(inner) => assert_eq!(
                    sorted(property_names(property)),
                    owned(&inner.names()),
                    "{place}"
                ),
                Accepts::Weight => {
                    assert_eq!(number(property, "exclusiveMinimum"), Some(0.0), "{place}");
                    let max = limits().into_iter().find(|(n, _)| *n == "maxWeight");
                    assert_eq!(number(property, "maximum"), max.map(|(_, v)| v), "{place}");
                }
                Accepts::LocalizedText => assert_eq!(
                    property,
                    at(&schema, &["$defs", "localizedText"]),
                    "{place}"
                ),
                Accepts::PolicyRevision => assert_eq!(
                    property,
                    at(&schema, &["$defs", "revisionNumber"]),
                    "{place}"
                ),
                Accepts::CategoryIds
                | Accepts::CookiePatterns
                | Accepts::StoragePatterns
                | Accepts::HostPatterns => assert_eq!(types(property), ["array"], "{place}"),
                Accepts::Language | Accepts::Own => {}
            }
            // A documented default is the reader's default.
            if let (Some(defaults), Some(documented)) = (&defaults, property.get("default")) {
                if matches!(
                    accepts,
                    Accepts::Own | Accepts::Language | Accepts::Object(_)
                ) {
                    continue;
                }
                assert_eq!(defaults.get(name), Some(documented), "{place}: default");
            }
        }
    }
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
    let signals = strings(Some(at(&schema, &["$defs", "consentSignal", "enum"])));
    assert_eq!(sorted(signals), owned(&CONSENT_SIGNALS));
}

#[test]
fn the_limits_are_documented_as_the_reader_applies_them() {
    let schema = schema();
    let limit = |name: &str| {
        limits()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    };
    let revision = at(&schema, &["properties", "revision"]);
    assert_eq!(number(revision, "maximum"), limit("maxRevision"));
    assert_eq!(
        number(at(&schema, &["$defs", "text"]), "maxLength"),
        limit("maxTextLength")
    );
    let categories = at(&schema, &["properties", "categories"]);
    assert_eq!(
        number(categories, "maxItems"),
        limit("maxCategories").map(|n| n + 1.0),
        "the optional categories and strictly necessary"
    );
    assert_eq!(
        number(at(&schema, &["properties", "variants"]), "maxItems"),
        limit("maxVariants")
    );
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
