//! The configuration's surface, declared once: each object's keys with what each accepts (the
//! tables sit next to their readers: [`TOP_LEVEL`](super::TOP_LEVEL), `COOKIE`, `OPERATOR`,
//! `CATEGORY`, `SERVICE`, `CONSENT_MODE`, `VARIANT`), the text keys, the limits, the Consent Mode
//! signals and the defaults' normal form.
//!
//! The reader dispatches every member through its object's table, so a key's name is written
//! once. Everything else is derived or checked: `jl-loader-data` writes this surface for the
//! loader (`loader/data/config-surface.json`), whose reader follows the same tables; the normal
//! form and the JSON Schema are tested against them in both directions.

use super::reader::KeyReader;
use super::{
    to_normal_form, WidgetConfig, CATEGORY, CONSENT_MODE, CONSENT_SIGNALS, COOKIE,
    MAX_MAX_AGE_DAYS, MAX_REVISION, MAX_TEXT_LEN, MAX_URL_LEN, MAX_VARIANTS,
    MAX_WAIT_FOR_UPDATE_MS, MAX_WEIGHT, OPERATOR, SERVICE, TOP_LEVEL, VARIANT,
};
use crate::category::{ADVERTISING, ANALYTICS, FUNCTIONAL, NECESSARY};
use crate::cookie_codec::MAX_CHOICES;
use crate::json::{JsonValue, MAX_JSON_BYTES, MAX_JSON_DEPTH};
use crate::language::Language;
use crate::texts::TextKey;

/// What a key accepts. The simple kinds are read alike wherever they appear (the loader reads
/// them from this table alone); `Own` keys are read by code of their own on both sides, held
/// together by the shared vectors.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Accepts {
    /// `true` or `false`.
    Boolean,
    /// A whole number from `min` to `max`.
    WholeNumber { min: u32, max: u32 },
    /// A whole number from 1 to the configuration's own `revision`.
    PolicyRevision,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// An http(s) URL or a path (null: not set here).
    Url,
    /// `"ru"`, `"kk"`, `"en"` (or a longer tag of one of them) or `"auto"`; null: automatic.
    Language,
    /// A cookie name.
    CookieName,
    /// A cookie domain, or null for this host only.
    Domain,
    /// A Kazakh business identification number (12 digits, as a string), or null for none.
    Bin,
    /// A text for every language, or an object of texts by language.
    LocalizedText,
    /// Cookie names or prefixes ending in `*`.
    CookiePatterns,
    /// localStorage / sessionStorage keys or prefixes ending in `*`.
    StoragePatterns,
    /// Hosts, or `*.domain` for a domain and its subdomains.
    HostPatterns,
    /// Category ids.
    CategoryIds,
    /// A number above 0 and at most [`MAX_WEIGHT`].
    Weight,
    /// An object with the keys of another table.
    Object(Table),
    /// Read by code of its own.
    Own,
}

/// The tables of keys, one per kind of object in the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    TopLevel,
    Cookie,
    Operator,
    Category,
    Service,
    ConsentMode,
    Variant,
}

impl Table {
    /// Every table, in the order the data file lists them.
    pub const ALL: [Table; 7] = [
        Table::TopLevel,
        Table::Cookie,
        Table::Operator,
        Table::Category,
        Table::Service,
        Table::ConsentMode,
        Table::Variant,
    ];

    /// The table's name in the data file and in the tests.
    pub fn name(self) -> &'static str {
        match self {
            Table::TopLevel => "topLevel",
            Table::Cookie => "cookie",
            Table::Operator => "operator",
            Table::Category => "category",
            Table::Service => "service",
            Table::ConsentMode => "googleConsentMode",
            Table::Variant => "variant",
        }
    }

    /// Each key of the table with what it accepts, in the table's order.
    pub fn keys(self) -> Vec<(&'static str, Accepts)> {
        fn of<T>(keys: &[Key<T>]) -> Vec<(&'static str, Accepts)> {
            keys.iter().map(|key| (key.name, key.accepts)).collect()
        }
        match self {
            Table::TopLevel => of(TOP_LEVEL),
            Table::Cookie => of(COOKIE),
            Table::Operator => of(OPERATOR),
            Table::Category => of(CATEGORY),
            Table::Service => of(SERVICE),
            Table::ConsentMode => of(CONSENT_MODE),
            Table::Variant => of(VARIANT),
        }
    }

    /// The names of the table's keys.
    pub fn names(self) -> Vec<&'static str> {
        self.keys().into_iter().map(|(name, _)| name).collect()
    }
}

/// Reads one key's value at `path` into the object being read.
pub(super) type ReadKey<T> = fn(&mut KeyReader, &str, &JsonValue, &mut T);

/// One key of an object: its name, what it accepts, and where its value goes.
pub struct Key<T> {
    pub name: &'static str,
    pub accepts: Accepts,
    pub(super) read: ReadKey<T>,
}

/// The names of `keys`, for "did you mean" suggestions.
pub(super) fn names<T>(keys: &[Key<T>]) -> Vec<&'static str> {
    keys.iter().map(|key| key.name).collect()
}

/// A key whose value is read before the others (an id, the revision): nothing more to do.
pub(super) fn read_first<T>(_: &mut KeyReader, _: &str, _: &JsonValue, _: &mut T) {}

/// The categories with bundled texts.
pub const BUILT_IN_CATEGORIES: [&str; 4] = [NECESSARY, ANALYTICS, ADVERTISING, FUNCTIONAL];

/// The limits, by the names the loader knows them by.
pub fn limits() -> Vec<(&'static str, f64)> {
    let count = |n: usize| n as f64;
    vec![
        ("maxRevision", f64::from(MAX_REVISION)),
        ("maxMaxAgeDays", f64::from(MAX_MAX_AGE_DAYS)),
        ("maxWaitForUpdate", f64::from(MAX_WAIT_FOR_UPDATE_MS)),
        ("maxCategories", count(MAX_CHOICES)),
        ("maxVariants", count(MAX_VARIANTS)),
        ("maxWeight", MAX_WEIGHT),
        ("maxTextLength", count(MAX_TEXT_LEN)),
        ("maxUrlLength", count(MAX_URL_LEN)),
        ("maxJsonBytes", count(MAX_JSON_BYTES)),
        ("maxJsonDepth", count(MAX_JSON_DEPTH)),
    ]
}

fn strings(items: &[&str]) -> JsonValue {
    JsonValue::Array(
        items
            .iter()
            .map(|item| JsonValue::String((*item).to_owned()))
            .collect(),
    )
}

/// What a key accepts, as the loader reads it: the kind's name, or for a kind with details an
/// object with `kind` and those details.
pub fn accepts_json(accepts: Accepts) -> JsonValue {
    let name = |name: &str| JsonValue::String(name.to_owned());
    let with_details = |kind: &str, details: Vec<(&str, JsonValue)>| {
        let mut members = vec![("kind".to_owned(), name(kind))];
        members.extend(details.into_iter().map(|(k, v)| (k.to_owned(), v)));
        JsonValue::Object(members)
    };
    match accepts {
        Accepts::Boolean => name("boolean"),
        Accepts::WholeNumber { min, max } => with_details(
            "wholeNumber",
            vec![
                ("min", JsonValue::Number(f64::from(min))),
                ("max", JsonValue::Number(f64::from(max))),
            ],
        ),
        Accepts::PolicyRevision => name("policyRevision"),
        Accepts::OneOf(choices) => with_details("oneOf", vec![("choices", strings(choices))]),
        Accepts::Url => name("url"),
        Accepts::Language => name("language"),
        Accepts::CookieName => name("cookieName"),
        Accepts::Domain => name("domain"),
        Accepts::Bin => name("bin"),
        Accepts::LocalizedText => name("localizedText"),
        Accepts::CookiePatterns => name("cookiePatterns"),
        Accepts::StoragePatterns => name("storagePatterns"),
        Accepts::HostPatterns => name("hostPatterns"),
        Accepts::CategoryIds => name("categoryIds"),
        Accepts::Weight => name("weight"),
        Accepts::Object(table) => with_details("object", vec![("table", name(table.name()))]),
        Accepts::Own => name("own"),
    }
}

fn limits_json(names: Option<&[&str]>) -> JsonValue {
    JsonValue::Object(
        limits()
            .into_iter()
            .filter(|(name, _)| names.is_none_or(|names| names.contains(name)))
            .map(|(name, value)| (name.to_owned(), JsonValue::Number(value)))
            .collect(),
    )
}

/// The whole surface, as stage 2 of the loader reads it (`loader/data/config-surface.json`).
pub fn surface_members() -> Vec<(String, JsonValue)> {
    let tables = Table::ALL
        .into_iter()
        .map(|table| {
            let keys = table
                .keys()
                .into_iter()
                .map(|(name, accepts)| (name.to_owned(), accepts_json(accepts)))
                .collect();
            (table.name().to_owned(), JsonValue::Object(keys))
        })
        .collect();
    let text_keys: Vec<&str> = TextKey::ALL.iter().map(|key| key.name()).collect();
    let languages: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
    vec![
        ("tables".to_owned(), JsonValue::Object(tables)),
        ("textKeys".to_owned(), strings(&text_keys)),
        ("languages".to_owned(), strings(&languages)),
        (
            "builtInCategories".to_owned(),
            strings(&BUILT_IN_CATEGORIES),
        ),
        ("consentSignals".to_owned(), strings(&CONSENT_SIGNALS)),
        ("limits".to_owned(), limits_json(None)),
        (
            "defaults".to_owned(),
            to_normal_form(&WidgetConfig::default()),
        ),
    ]
}

/// The limits stage 1 applies to the gate keys and the configuration block.
const GATE_LIMITS: &[&str] = &[
    "maxRevision",
    "maxWaitForUpdate",
    "maxCategories",
    "maxUrlLength",
    "maxJsonBytes",
    "maxJsonDepth",
];

/// What stage 1 of the loader (the gate) needs of the surface, in the shape it keeps the gate
/// keys in (`loader/data/gate.json`): their defaults, the signals and the limits it applies.
pub fn gate_members() -> Vec<(String, JsonValue)> {
    let config = WidgetConfig::default();
    let normal_form = to_normal_form(&config);
    let member = |key: &str| normal_form.get(key).cloned().unwrap_or(JsonValue::Null);
    let optional: Vec<String> = config
        .optional_categories()
        .iter()
        .map(ToString::to_string)
        .collect();
    let optional: Vec<&str> = optional.iter().map(String::as_str).collect();
    let defaults = vec![
        (
            "cookieName".to_owned(),
            JsonValue::String(config.cookie.name.clone()),
        ),
        ("revision".to_owned(), member("revision")),
        ("pixelUrl".to_owned(), member("pixelUrl")),
        ("categories".to_owned(), strings(&optional)),
        ("consentMode".to_owned(), member("googleConsentMode")),
    ];
    vec![
        ("defaults".to_owned(), JsonValue::Object(defaults)),
        ("consentSignals".to_owned(), strings(&CONSENT_SIGNALS)),
        ("limits".to_owned(), limits_json(Some(GATE_LIMITS))),
    ]
}
