//! The widget's configuration: what a site owner may set, its defaults, and lenient validation.
//!
//! A site owner's typo must not take the banner down: every key is checked on its own, a bad one
//! produces one warning naming it and keeps its safe default, and the rest still applies. A
//! configuration that cannot be used at all (missing, not JSON, not an object, or a revision that
//! is not a whole number) gives one error and turns the widget off. The keys are documented, with
//! their types, in `schema/jl-consent.schema.json`.
//!
//! Each object's keys are declared once, in a table next to its reader ([`TOP_LEVEL`],
//! [`COOKIE`], [`OPERATOR`], [`CATEGORY`], [`SERVICE`], [`CONSENT_MODE`], [`VARIANT`]; see [`surface`]): the
//! reader dispatches through it, the loader's reader (`loader/stage2/config.mjs`) follows the same
//! table from `loader/data/config-surface.json`, and tests hold the normal form and the JSON Schema
//! to it. Adding a key takes its field and default here, its table entry, its two lines in
//! [`normal_form`](to_normal_form), its schema entry, and the code that uses it; a key of a new
//! kind of value, or one marked `Own`, also needs its reader on both sides.
//!
//! The loader (`loader/consent.js`) reads the keys it needs before any WebAssembly loads
//! (`cookie.name`, `revision`, `pixelUrl`, the category ids and cookie patterns,
//! `googleConsentMode`) by the same rules; the shared vectors in `core/tests/vectors/config.json`
//! hold both to that.

mod categories;
mod consent_mode;
mod normal_form;
mod operator;
mod reader;
pub mod rules;
pub mod surface;
mod text_overrides;
mod variants;

use std::fmt;

pub use categories::{
    changes_since, default_categories, CategoryConfig, PolicyChange, ServiceConfig, CATEGORY,
    SERVICE,
};
pub use consent_mode::{ConsentModeConfig, CONSENT_MODE, CONSENT_SIGNALS, MAX_WAIT_FOR_UPDATE_MS};
pub use normal_form::{from_normal_form, to_normal_form};
pub use operator::{is_bin, OperatorConfig, JET_LEASING_CONTACT, OPERATOR};
pub use reader::{LocalizedText, MAX_TEXT_LEN};
pub use rules::{
    cookie_pattern_matches, host_pattern_matches, is_cookie_pattern, is_host_pattern, is_safe_url,
    is_valid_domain, MAX_URL_LEN,
};
pub use surface::{Accepts, Key, Table};
pub use text_overrides::TextOverrides;
pub use variants::{choose_variant, VariantConfig, MAX_VARIANTS, MAX_WEIGHT, VARIANT};

use reader::KeyReader;

use crate::category::{CategoryId, ADVERTISING};
use crate::cookie_jar::is_valid_cookie_name;
use crate::json::{parse_json, JsonValue};
use crate::language::Language;
use crate::texts::Texts;

/// Default name of the consent cookie.
pub const DEFAULT_COOKIE_NAME: &str = "jl_consent";
/// Default lifetime of a decision, in days.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 180;
/// Longest lifetime accepted, in days (13 months, the longest regulators commonly accept).
pub const MAX_MAX_AGE_DAYS: u32 = 395;
/// Highest policy revision accepted.
pub const MAX_REVISION: u32 = 999_999_999;

/// Where and how long the decision is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieSettings {
    /// The cookie's name (default `jl_consent`).
    pub name: String,
    /// The `Domain` attribute, to share the decision across subdomains; none means this host only.
    pub domain: Option<String>,
    /// How long a decision lasts, in days (default 180).
    pub max_age_days: u32,
}

impl CookieSettings {
    /// The lifetime in seconds, for `Max-Age`.
    pub fn max_age_seconds(&self) -> u64 {
        u64::from(self.max_age_days) * 86_400
    }
}

impl Default for CookieSettings {
    fn default() -> Self {
        CookieSettings {
            name: DEFAULT_COOKIE_NAME.to_owned(),
            domain: None,
            max_age_days: DEFAULT_MAX_AGE_DAYS,
        }
    }
}

/// An enum of a few choices, each with the name the configuration spells it by (declared once:
/// the reader, the normal form and the loader's table all use these names).
macro_rules! named_choices {
    ($(#[$doc:meta])* $name:ident { $($(#[$variant_doc:meta])* $variant:ident => $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($(#[$variant_doc])* $variant,)* }

        impl $name {
            /// Every choice's name, in the order of declaration.
            pub const NAMES: &'static [&'static str] = &[$($text,)*];

            /// The choice's name in configuration.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// The choice called `name` in configuration.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}

named_choices! {
    /// Where the banner sits.
    Layout {
        /// A bar along the bottom of the page (the default).
        Bar => "bar",
        /// A box in the middle of the page.
        Box => "box",
    }
}

named_choices! {
    /// Light or dark colours.
    Theme {
        /// Follow the visitor's `prefers-color-scheme` (the default).
        Auto => "auto",
        Light => "light",
        Dark => "dark",
    }
}

/// The configuration in effect.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetConfig {
    pub cookie: CookieSettings,
    /// The policy revision; a stored decision for an older revision no longer counts.
    pub revision: u32,
    /// Where the full policy is; no link is shown without one.
    pub policy_url: Option<String>,
    /// Who asks for consent, as the notice names it.
    pub operator: OperatorConfig,
    /// The analytics pixel's script; loaded only while analytics is granted.
    pub pixel_url: Option<String>,
    /// A fixed language; none means negotiate from the page and the browser.
    pub language: Option<Language>,
    /// The categories in display order (the strictly necessary one may be listed for its services).
    pub categories: Vec<CategoryConfig>,
    pub layout: Layout,
    pub theme: Theme,
    pub consent_mode: ConsentModeConfig,
    /// Categories a Global Privacy Control signal refuses by default (advertising by default).
    pub gpc_categories: Vec<CategoryId>,
    /// Whether the floating "Cookie settings" button is shown once the visitor has decided.
    pub settings_button: bool,
    /// Whether a withdrawal of a category whose content already ran in this page view reloads the
    /// page (off: the site stops that content itself, told by the `change` event).
    pub reload_after_withdrawal: bool,
    pub text_overrides: TextOverrides,
    /// Where the widget sends consent receipts and impressions; none means no logging.
    pub log_endpoint: Option<String>,
    /// Banner variants for A/B tests; empty means one banner for everyone.
    pub variants: Vec<VariantConfig>,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        WidgetConfig {
            cookie: CookieSettings::default(),
            revision: 1,
            policy_url: None,
            operator: OperatorConfig::default(),
            pixel_url: None,
            language: None,
            categories: default_categories(),
            layout: Layout::Bar,
            theme: Theme::Auto,
            consent_mode: ConsentModeConfig::default(),
            gpc_categories: vec![CategoryId::from_static(ADVERTISING)],
            settings_button: true,
            reload_after_withdrawal: true,
            text_overrides: TextOverrides::default(),
            log_endpoint: None,
            variants: Vec::new(),
        }
    }
}

impl WidgetConfig {
    /// The ids of the optional categories (everything but strictly necessary), in order.
    pub fn optional_categories(&self) -> Vec<CategoryId> {
        self.categories
            .iter()
            .filter(|c| !c.id.is_necessary())
            .map(|c| c.id.clone())
            .collect()
    }

    /// The configuration as variant `id` shows it (its layout and texts on top); unchanged for an
    /// unknown id.
    pub fn for_variant(&self, id: Option<&str>) -> WidgetConfig {
        let mut config = self.clone();
        if let Some(variant) = id.and_then(|id| self.variants.iter().find(|v| v.id == id)) {
            config.layout = variant.layout.unwrap_or(self.layout);
            config.text_overrides = self.text_overrides.layered_with(&variant.texts);
        }
        config
    }

    /// The texts shown in `language`: the bundled ones under this configuration's overrides.
    pub fn texts(&self, language: Language) -> Texts {
        let overrides = &self.text_overrides;
        Texts::new(
            language,
            overrides.texts_for(language),
            overrides.summary_for(language),
        )
    }

    /// The configured category `id`, if any.
    pub fn category(&self, id: &str) -> Option<&CategoryConfig> {
        self.categories.iter().find(|c| c.id.as_str() == id)
    }
}

/// Something wrong with the configuration, and what was done instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// No configuration was given at all: the widget stays off.
    Missing,
    /// The configuration is not a JSON object (a syntax error, a truncated block, an array, too
    /// large or too deep): the widget stays off.
    Unreadable(String),
    /// `revision` is there but not a usable policy revision (what was found): the widget stays
    /// off, because no stored decision can be told current or outdated.
    BadRevision(String),
    /// One key is wrong; its default applies, the other keys still do.
    BadKey { key: String, message: String },
}

/// What a visitor meets while the configuration cannot be used (ends every fatal problem's text).
pub const WIDGET_OFF: &str = "the widget stays off until it is fixed: no banner, nothing optional runs, no stored decision counts";

impl ConfigProblem {
    /// True for problems that turn the widget off on the page (logged as errors, not warnings):
    /// when in doubt about the site's policy, nothing optional runs.
    pub fn is_fatal(&self) -> bool {
        !matches!(self, ConfigProblem::BadKey { .. })
    }
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigProblem::Missing => write!(
                f,
                "jl-consent: no configuration found (expected a <script type=\"application/json\" id=\"jl-consent-config\"> block; {{}} uses every default); {WIDGET_OFF}"
            ),
            ConfigProblem::Unreadable(why) => {
                write!(f, "jl-consent: the configuration is unreadable ({why}); {WIDGET_OFF}")
            }
            ConfigProblem::BadRevision(found) => write!(
                f,
                "jl-consent: configuration key \"revision\": expected a whole number from 1 to {MAX_REVISION}, found {found}; {WIDGET_OFF}"
            ),
            ConfigProblem::BadKey { key, message } => {
                write!(f, "jl-consent: configuration key \"{key}\": {message}")
            }
        }
    }
}

/// True when the configuration can be used: no problem turns the widget off.
pub fn is_usable(problems: &[ConfigProblem]) -> bool {
    !problems.iter().any(ConfigProblem::is_fatal)
}

/// Reads the configuration text (the JSON block on the page), never failing: problems are
/// returned next to the configuration that applies despite them.
pub fn parse_config(text: Option<&str>) -> (WidgetConfig, Vec<ConfigProblem>) {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return (WidgetConfig::default(), vec![ConfigProblem::Missing]);
    };
    match parse_json(text) {
        Ok(root) => read_config(&root),
        Err(error) => (
            WidgetConfig::default(),
            vec![ConfigProblem::Unreadable(error.to_string())],
        ),
    }
}

/// The top-level keys (the revision is read before the others: it bounds the categories' own).
pub const TOP_LEVEL: &[Key<WidgetConfig>] = &[
    Key {
        name: "cookie",
        accepts: Accepts::Object(Table::Cookie),
        read: |reader, path, value, config| reader.cookie(path, value, &mut config.cookie),
    },
    Key {
        name: "revision",
        accepts: Accepts::Own,
        read: surface::read_first,
    },
    Key {
        name: "policyUrl",
        accepts: Accepts::Url,
        read: |reader, path, value, config| config.policy_url = reader.url(path, value),
    },
    Key {
        name: "operator",
        accepts: Accepts::Object(Table::Operator),
        read: |reader, path, value, config| reader.operator(path, value, &mut config.operator),
    },
    Key {
        name: "pixelUrl",
        accepts: Accepts::Url,
        read: |reader, path, value, config| config.pixel_url = reader.url(path, value),
    },
    Key {
        name: "language",
        accepts: Accepts::Language,
        read: |reader, path, value, config| config.language = reader.language(path, value),
    },
    Key {
        name: "categories",
        accepts: Accepts::Own,
        read: |reader, path, value, config| {
            if let Some(categories) = reader.categories(path, value) {
                config.categories = categories;
            }
        },
    },
    Key {
        name: "layout",
        accepts: Accepts::OneOf(Layout::NAMES),
        read: |reader, path, value, config| {
            config.layout = reader
                .one_of(path, value, Layout::NAMES)
                .and_then(Layout::from_name)
                .unwrap_or(Layout::Bar)
        },
    },
    Key {
        name: "theme",
        accepts: Accepts::OneOf(Theme::NAMES),
        read: |reader, path, value, config| {
            config.theme = reader
                .one_of(path, value, Theme::NAMES)
                .and_then(Theme::from_name)
                .unwrap_or(Theme::Auto)
        },
    },
    Key {
        name: "googleConsentMode",
        accepts: Accepts::Own,
        read: |reader, path, value, config| config.consent_mode = reader.consent_mode(path, value),
    },
    Key {
        name: "gpcCategories",
        accepts: Accepts::CategoryIds,
        read: |reader, path, value, config| {
            if let Some(ids) = reader.category_ids(path, value) {
                config.gpc_categories = ids;
            }
        },
    },
    Key {
        name: "settingsButton",
        accepts: Accepts::Boolean,
        read: |reader, path, value, config| {
            config.settings_button = reader.boolean(path, value).unwrap_or(true)
        },
    },
    Key {
        name: "reloadAfterWithdrawal",
        accepts: Accepts::Boolean,
        read: |reader, path, value, config| {
            config.reload_after_withdrawal = reader.boolean(path, value).unwrap_or(true)
        },
    },
    Key {
        name: "texts",
        accepts: Accepts::Own,
        read: |reader, path, value, config| {
            config.text_overrides = reader.text_overrides_at(path, value)
        },
    },
    Key {
        name: "logEndpoint",
        accepts: Accepts::Url,
        read: |reader, path, value, config| config.log_endpoint = reader.url(path, value),
    },
    Key {
        name: "variants",
        accepts: Accepts::Own,
        read: |reader, path, value, config| config.variants = reader.variants(path, value),
    },
];

/// The keys of `cookie`.
pub const COOKIE: &[Key<CookieSettings>] = &[
    Key {
        name: "name",
        accepts: Accepts::CookieName,
        read: |reader, path, value, cookie| {
            if let Some(name) = reader.cookie_name(path, value) {
                cookie.name = name;
            }
        },
    },
    Key {
        name: "domain",
        accepts: Accepts::Domain,
        read: |reader, path, value, cookie| {
            if let Some(domain) = reader.domain(path, value) {
                cookie.domain = domain;
            }
        },
    },
    Key {
        name: "maxAgeDays",
        accepts: Accepts::WholeNumber {
            min: 1,
            max: MAX_MAX_AGE_DAYS,
        },
        read: |reader, path, value, cookie| {
            if let Some(days) = reader.whole_number(path, value, 1, MAX_MAX_AGE_DAYS) {
                cookie.max_age_days = days;
            }
        },
    },
];

/// Reads configuration that is already parsed (in the widget, by the browser's `JSON.parse`).
pub fn read_config(root: &JsonValue) -> (WidgetConfig, Vec<ConfigProblem>) {
    let mut config = WidgetConfig::default();
    let JsonValue::Object(root) = root else {
        let why = format!("expected a JSON object, found {}", root.kind());
        return (config, vec![ConfigProblem::Unreadable(why)]);
    };
    let mut reader = KeyReader::default();
    // The revision bounds the categories' own revisions, so it is read first.
    if let Some((_, value)) = root.iter().find(|(k, _)| k == "revision") {
        match value {
            JsonValue::Number(n)
                if n.fract() == 0.0 && *n >= 1.0 && *n <= f64::from(MAX_REVISION) =>
            {
                config.revision = *n as u32
            }
            other => reader
                .problems
                .push(ConfigProblem::BadRevision(reader::describe(other))),
        }
    }
    reader.max_revision = config.revision;
    reader.members("", root, TOP_LEVEL, &mut config);
    (config, reader.problems)
}

impl KeyReader {
    fn cookie(&mut self, path: &str, value: &JsonValue, cookie: &mut CookieSettings) {
        let JsonValue::Object(members) = value else {
            self.bad(
                path,
                format!(
                    "expected an object, found {}; using the defaults",
                    value.kind()
                ),
            );
            return;
        };
        self.members(path, members, COOKIE, cookie);
    }

    fn cookie_name(&mut self, path: &str, value: &JsonValue) -> Option<String> {
        match value {
            JsonValue::String(name) if is_valid_cookie_name(name) => Some(name.clone()),
            other => {
                self.bad(
                    path,
                    format!(
                        "expected a cookie name (letters, digits and !#$%&'*+-.^_`|~, at most 64), found {}; using \"{DEFAULT_COOKIE_NAME}\"",
                        reader::describe(other)
                    ),
                );
                None
            }
        }
    }

    /// A cookie domain (`Some(None)`: null, this host only), or a problem naming `path`.
    fn domain(&mut self, path: &str, value: &JsonValue) -> Option<Option<String>> {
        match value {
            JsonValue::Null => Some(None),
            JsonValue::String(domain) if is_valid_domain(domain) => Some(Some(domain.clone())),
            other => {
                self.bad(
                    path,
                    format!(
                        "expected a domain such as \".jetfin.kz\", found {}; using this host only",
                        reader::describe(other)
                    ),
                );
                None
            }
        }
    }

    fn category_ids(&mut self, key: &str, value: &JsonValue) -> Option<Vec<CategoryId>> {
        let items = self.array(key, value)?;
        let mut ids = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str().map(CategoryId::parse) {
                Some(Ok(id)) => ids.push(id),
                _ => self.bad(
                    &format!("{key}[{i}]"),
                    "expected a category id; ignored".to_owned(),
                ),
            }
        }
        Some(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::TextKey;

    fn bad_keys(problems: &[ConfigProblem]) -> Vec<&str> {
        problems
            .iter()
            .filter_map(|p| match p {
                ConfigProblem::BadKey { key, .. } => Some(key.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_full_valid_config_applies_without_problems() {
        let (config, problems) = parse_config(Some(
            r#"{
                "cookie": {"name": "jl", "domain": ".jetfin.kz", "maxAgeDays": 30},
                "revision": 4,
                "policyUrl": "/policy.html",
                "pixelUrl": "https://stats.example.kz/pixel.js",
                "language": "kk",
                "categories": [{"id": "analytics", "revision": 4}, {"id": "advertising"}],
                "layout": "box",
                "theme": "dark",
                "googleConsentMode": {"waitForUpdate": 800},
                "gpcCategories": ["advertising", "analytics"],
                "settingsButton": false,
                "texts": {"kk": {"acceptAll": "Иә", "summary": ["Бір", {"text": "Екі", "clauses": ["3.3"]}]}}
            }"#,
        ));
        assert_eq!(problems, vec![]);
        assert_eq!(config.cookie.name, "jl");
        assert_eq!(config.cookie.domain.as_deref(), Some(".jetfin.kz"));
        assert_eq!(config.cookie.max_age_seconds(), 30 * 86_400);
        assert_eq!(config.revision, 4);
        assert_eq!(config.policy_url.as_deref(), Some("/policy.html"));
        assert_eq!(
            config.pixel_url.as_deref(),
            Some("https://stats.example.kz/pixel.js")
        );
        assert_eq!(config.language, Some(Language::Kk));
        assert_eq!(config.categories[0].revision, 4);
        assert_eq!(config.layout, Layout::Box);
        assert_eq!(config.theme, Theme::Dark);
        assert_eq!(config.consent_mode.wait_for_update_ms, 800);
        assert_eq!(config.gpc_categories.len(), 2);
        assert!(!config.settings_button);
        assert_eq!(
            config.text_overrides.texts_for(Language::Kk),
            vec![(TextKey::AcceptAll, "Иә".to_owned())]
        );
        let summary = config.text_overrides.summary_for(Language::Kk).unwrap();
        assert_eq!(summary[1].clauses, ["3.3"]);
        assert!(config.text_overrides.texts_for(Language::Ru).is_empty());
    }

    #[test]
    fn a_missing_config_is_one_error_and_all_defaults() {
        for text in [None, Some(""), Some("  \n")] {
            let (config, problems) = parse_config(text);
            assert_eq!(config, WidgetConfig::default());
            assert_eq!(problems, vec![ConfigProblem::Missing]);
            assert!(problems[0].is_fatal());
            assert!(!is_usable(&problems));
        }
    }

    #[test]
    fn unreadable_config_is_one_error_naming_the_problem() {
        let (config, problems) = parse_config(Some("{\"revision\": 2,"));
        assert_eq!(config, WidgetConfig::default());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().contains("unexpected end of input"),
            "{}",
            problems[0]
        );
        let (_, problems) = parse_config(Some("[1]"));
        assert!(problems[0]
            .to_string()
            .contains("expected a JSON object, found an array"));
    }

    #[test]
    fn each_bad_key_warns_by_name_and_keeps_its_default() {
        let (config, problems) = parse_config(Some(
            r#"{
                "cookie": {"name": "bad name", "maxAgeDays": "180"},
                "pixelUrl": "javascript:alert(1)",
                "policyUrl": 42,
                "language": "de",
                "layout": "sidebar",
                "theme": 1,
                "settingsButton": "yes",
                "pixelURL": "/pixel.js"
            }"#,
        ));
        assert_eq!(
            bad_keys(&problems),
            vec![
                "cookie.name",
                "cookie.maxAgeDays",
                "pixelUrl",
                "policyUrl",
                "language",
                "layout",
                "theme",
                "settingsButton",
                "pixelURL"
            ]
        );
        assert_eq!(config, WidgetConfig::default());
        assert!(problems.iter().all(|p| !p.is_fatal()));
    }

    #[test]
    fn a_typo_gets_a_suggestion() {
        let (_, problems) = parse_config(Some(r#"{"pixelURL": "/p.js", "cookie": {"maxAge": 3}}"#));
        assert!(
            problems[0]
                .to_string()
                .contains("did you mean \"pixelUrl\""),
            "{}",
            problems[0]
        );
        assert!(
            problems[1]
                .to_string()
                .contains("did you mean \"maxAgeDays\""),
            "{}",
            problems[1]
        );
    }

    #[test]
    fn good_keys_still_apply_next_to_bad_ones() {
        let (config, problems) = parse_config(Some(r#"{"theme": "x", "pixelUrl": "/pixel.js"}"#));
        assert_eq!(bad_keys(&problems), vec!["theme"]);
        assert_eq!(config.pixel_url.as_deref(), Some("/pixel.js"));
        assert!(is_usable(&problems));
    }

    #[test]
    fn a_revision_that_is_not_a_whole_number_turns_the_widget_off() {
        for (revision, found) in [
            ("\"3\"", "\"3\""),
            ("0", "0"),
            ("2.5", "a number"),
            ("null", "null"),
            ("1000000000", "1000000000"),
        ] {
            let (_, problems) = parse_config(Some(&format!(
                r#"{{"revision": {revision}, "pixelUrl": "/pixel.js"}}"#
            )));
            assert_eq!(problems, vec![ConfigProblem::BadRevision(found.to_owned())]);
            assert!(!is_usable(&problems), "{revision}");
            assert!(problems[0].to_string().contains("the widget stays off"));
        }
        let (_, problems) = parse_config(Some(r#"{"revision": 3}"#));
        assert!(is_usable(&problems));
    }

    #[test]
    fn bad_text_overrides_are_named_precisely() {
        let (config, problems) = parse_config(Some(
            r#"{"texts": {"ru": {"acceptAl": "Да", "rejectAll": "", "saveChoices": "Сохранить"}, "de": {}}}"#,
        ));
        assert_eq!(
            bad_keys(&problems),
            vec!["texts.ru.acceptAl", "texts.ru.rejectAll", "texts.de"]
        );
        assert!(problems[0]
            .to_string()
            .contains("did you mean \"acceptAll\""));
        assert_eq!(
            config.text_overrides.texts_for(Language::Ru),
            vec![(TextKey::SaveChoices, "Сохранить".to_owned())]
        );
    }

    #[test]
    fn category_revisions_cannot_be_newer_than_the_policy() {
        let (config, problems) = parse_config(Some(
            r#"{"revision": 2, "categories": [{"id": "analytics", "revision": 3}]}"#,
        ));
        assert_eq!(bad_keys(&problems), vec!["categories[0].revision"]);
        assert_eq!(config.categories[0].revision, 1);
    }

    #[test]
    fn a_variant_layers_its_layout_and_texts_over_the_configuration() {
        let (config, problems) = parse_config(Some(
            r#"{"layout": "bar", "logEndpoint": "/api/v1/events",
                "texts": {"ru": {"acceptAll": "Да", "rejectAll": "Нет"}},
                "variants": [{"id": "a"}, {"id": "b", "layout": "box", "texts": {"ru": {"acceptAll": "Согласен", "summary": ["Коротко"]}}}]}"#,
        ));
        assert_eq!(problems, vec![]);
        assert_eq!(config.log_endpoint.as_deref(), Some("/api/v1/events"));
        let a = config.for_variant(Some("a"));
        assert_eq!(a.layout, Layout::Bar);
        let b = config.for_variant(Some("b"));
        assert_eq!(b.layout, Layout::Box);
        let texts = crate::texts::Texts::new(
            Language::Ru,
            b.text_overrides.texts_for(Language::Ru),
            b.text_overrides.summary_for(Language::Ru),
        );
        assert_eq!(texts.get(TextKey::AcceptAll), "Согласен");
        assert_eq!(
            texts.get(TextKey::RejectAll),
            "Нет",
            "the configuration's own overrides still apply"
        );
        assert_eq!(texts.summary().len(), 1);
        assert_eq!(config.for_variant(Some("zzz")), config);
        assert_eq!(config.for_variant(None), config);
    }

    #[test]
    fn the_optional_categories_exclude_necessary() {
        let (config, _) = parse_config(Some(
            r#"{"categories": [{"id": "necessary"}, {"id": "analytics"}]}"#,
        ));
        let ids: Vec<String> = config
            .optional_categories()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(ids, ["analytics"]);
        assert!(config.category("necessary").is_some());
    }
}
