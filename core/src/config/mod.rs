//! The widget's configuration: what a site owner may set, its defaults, and lenient validation.
//!
//! A site owner's typo must not take the banner down: every key is checked on its own, a bad one
//! produces one warning naming it and keeps its safe default, and the rest still applies. A
//! configuration that is missing or not JSON at all gives one error and the defaults.
//!
//! The loader's first stage (`loader/consent.js`) reads the keys it needs to gate the pixel
//! (`cookie.name`, `revision`, `pixelUrl`) by the same rules; the shared vectors in
//! `core/tests/vectors/config.json` hold both to that.

use std::fmt;

use crate::category::{CategoryId, ADVERTISING, ANALYTICS};
use crate::cookie_jar::is_valid_cookie_name;
use crate::json::{parse_json, JsonValue};
use crate::language::Language;
use crate::texts::TextKey;

/// Default name of the consent cookie.
pub const DEFAULT_COOKIE_NAME: &str = "jl_consent";
/// Default lifetime of a decision, in days.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 180;
/// Longest lifetime accepted, in days (13 months, the longest regulators commonly accept).
pub const MAX_MAX_AGE_DAYS: u32 = 395;
/// Highest policy revision accepted.
pub const MAX_REVISION: u32 = 999_999_999;
/// Longest URL accepted anywhere in the configuration, in characters.
pub const MAX_URL_LEN: usize = 2048;
/// Longest text override accepted.
pub const MAX_TEXT_LEN: usize = 2000;

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

/// The configuration in effect.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetConfig {
    pub cookie: CookieSettings,
    /// The policy revision; a stored decision for an older revision no longer counts.
    pub revision: u32,
    /// Where the full policy is; no link is shown without one.
    pub policy_url: Option<String>,
    /// The analytics pixel's script; loaded only while analytics is granted.
    pub pixel_url: Option<String>,
    /// A fixed language; none means negotiate from the page and the browser.
    pub language: Option<Language>,
    /// The optional categories, in display order.
    pub categories: Vec<CategoryId>,
    /// Text overrides per language.
    pub text_overrides: Vec<(Language, TextKey, String)>,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        WidgetConfig {
            cookie: CookieSettings::default(),
            revision: 1,
            policy_url: None,
            pixel_url: None,
            language: None,
            categories: vec![
                CategoryId::from_static(ANALYTICS),
                CategoryId::from_static(ADVERTISING),
            ],
            text_overrides: Vec::new(),
        }
    }
}

impl WidgetConfig {
    /// The overrides that apply to `language`, in order.
    pub fn overrides_for(&self, language: Language) -> Vec<(TextKey, String)> {
        self.text_overrides
            .iter()
            .filter(|(l, _, _)| *l == language)
            .map(|(_, key, text)| (*key, text.clone()))
            .collect()
    }
}

/// Something wrong with the configuration, and what was done instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// No configuration was given at all; every default applies.
    Missing,
    /// The configuration is not a JSON object; every default applies.
    Unreadable(String),
    /// One key is wrong; its default applies, the other keys still do.
    BadKey { key: String, message: String },
}

impl ConfigProblem {
    /// True for problems that discard the whole configuration (logged as errors, not warnings).
    pub fn is_fatal(&self) -> bool {
        !matches!(self, ConfigProblem::BadKey { .. })
    }
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigProblem::Missing => f.write_str(
                "jl-consent: no configuration found (expected a <script type=\"application/json\" id=\"jl-consent-config\"> block); using safe defaults",
            ),
            ConfigProblem::Unreadable(why) => {
                write!(f, "jl-consent: the configuration is unreadable ({why}); using safe defaults")
            }
            ConfigProblem::BadKey { key, message } => {
                write!(f, "jl-consent: configuration key \"{key}\": {message}")
            }
        }
    }
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

/// Reads configuration that is already parsed (in the widget, by the browser's `JSON.parse`).
pub fn read_config(root: &JsonValue) -> (WidgetConfig, Vec<ConfigProblem>) {
    let mut config = WidgetConfig::default();
    let JsonValue::Object(root) = root else {
        let why = format!("expected a JSON object, found {}", root.kind());
        return (config, vec![ConfigProblem::Unreadable(why)]);
    };
    let mut reader = KeyReader::default();
    for (key, value) in root {
        match key.as_str() {
            "cookie" => reader.cookie(value, &mut config.cookie),
            "revision" => {
                if let Some(revision) = reader.whole_number(key, value, 1, MAX_REVISION) {
                    config.revision = revision;
                }
            }
            "policyUrl" => config.policy_url = reader.url(key, value),
            "pixelUrl" => config.pixel_url = reader.url(key, value),
            "language" => config.language = reader.language(key, value),
            "texts" => config.text_overrides = reader.texts(value),
            other => reader.unknown(other, other, TOP_LEVEL_KEYS),
        }
    }
    (config, reader.problems)
}

const TOP_LEVEL_KEYS: &[&str] = &[
    "cookie",
    "revision",
    "policyUrl",
    "pixelUrl",
    "language",
    "texts",
];
const COOKIE_KEYS: &[&str] = &["name", "domain", "maxAgeDays"];

#[derive(Default)]
struct KeyReader {
    problems: Vec<ConfigProblem>,
}

impl KeyReader {
    fn bad(&mut self, key: &str, message: String) {
        self.problems.push(ConfigProblem::BadKey {
            key: key.to_owned(),
            message,
        });
    }

    /// Warns about `path`, an unknown key whose own name is `name`, suggesting the nearest of `known`.
    fn unknown(&mut self, path: &str, name: &str, known: &[&str]) {
        let message = match closest_key(name, known) {
            Some(suggestion) => format!("unknown key, ignored (did you mean \"{suggestion}\"?)"),
            None => format!("unknown key, ignored (known keys: {})", known.join(", ")),
        };
        self.bad(path, message);
    }

    fn whole_number(&mut self, key: &str, value: &JsonValue, min: u32, max: u32) -> Option<u32> {
        match value {
            JsonValue::Number(n)
                if n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(max) =>
            {
                Some(*n as u32)
            }
            other => {
                self.bad(
                    key,
                    format!(
                        "expected a whole number from {min} to {max}, found {}; using the default",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    fn url(&mut self, key: &str, value: &JsonValue) -> Option<String> {
        match value {
            JsonValue::Null => None,
            JsonValue::String(url) if is_safe_url(url) => Some(url.clone()),
            other => {
                self.bad(
                    key,
                    format!(
                        "expected an http(s) URL or a path, found {}; it is not used",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    fn language(&mut self, key: &str, value: &JsonValue) -> Option<Language> {
        match value {
            JsonValue::Null => None,
            JsonValue::String(s) if s == "auto" => None,
            JsonValue::String(s) if Language::from_tag(s).is_some() && s.len() <= 5 => {
                Language::from_tag(s)
            }
            other => {
                self.bad(
                    key,
                    format!("expected \"ru\", \"kk\", \"en\" or \"auto\", found {}; choosing automatically", describe(other)),
                );
                None
            }
        }
    }

    fn cookie(&mut self, value: &JsonValue, cookie: &mut CookieSettings) {
        let JsonValue::Object(members) = value else {
            self.bad(
                "cookie",
                format!(
                    "expected an object, found {}; using the defaults",
                    value.kind()
                ),
            );
            return;
        };
        for (key, value) in members {
            let path = format!("cookie.{key}");
            match key.as_str() {
                "name" => match value {
                    JsonValue::String(name) if is_valid_cookie_name(name) => cookie.name = name.clone(),
                    other => self.bad(
                        &path,
                        format!(
                            "expected a cookie name (letters, digits and !#$%&'*+-.^_`|~, at most 64), found {}; using \"{DEFAULT_COOKIE_NAME}\"",
                            describe(other)
                        ),
                    ),
                },
                "domain" => match value {
                    JsonValue::Null => cookie.domain = None,
                    JsonValue::String(domain) if is_valid_domain(domain) => cookie.domain = Some(domain.clone()),
                    other => self.bad(
                        &path,
                        format!("expected a domain such as \".jetfin.kz\", found {}; using this host only", describe(other)),
                    ),
                },
                "maxAgeDays" => {
                    if let Some(days) = self.whole_number(&path, value, 1, MAX_MAX_AGE_DAYS) {
                        cookie.max_age_days = days;
                    }
                }
                other => self.unknown(&path, other, COOKIE_KEYS),
            }
        }
    }

    fn texts(&mut self, value: &JsonValue) -> Vec<(Language, TextKey, String)> {
        let mut overrides = Vec::new();
        let JsonValue::Object(languages) = value else {
            self.bad(
                "texts",
                format!(
                    "expected an object keyed by language, found {}; ignored",
                    value.kind()
                ),
            );
            return overrides;
        };
        for (code, texts) in languages {
            let path = format!("texts.{code}");
            let language = match Language::from_tag(code) {
                Some(language) if code.len() == 2 => language,
                _ => {
                    self.bad(
                        &path,
                        "expected a language code: \"ru\", \"kk\" or \"en\"; ignored".to_owned(),
                    );
                    continue;
                }
            };
            let JsonValue::Object(entries) = texts else {
                self.bad(
                    &path,
                    format!(
                        "expected an object of texts, found {}; ignored",
                        texts.kind()
                    ),
                );
                continue;
            };
            for (name, text) in entries {
                let path = format!("texts.{code}.{name}");
                let Some(key) = TextKey::from_name(name) else {
                    let known: Vec<&str> = TextKey::ALL.iter().map(|k| k.name()).collect();
                    self.unknown(&path, name, &known);
                    continue;
                };
                match text {
                    JsonValue::String(s) if !s.trim().is_empty() && s.chars().count() <= MAX_TEXT_LEN => {
                        overrides.push((language, key, s.clone()))
                    }
                    other => self.bad(
                        &path,
                        format!("expected a non-empty text of at most {MAX_TEXT_LEN} characters, found {}; using the bundled text", describe(other)),
                    ),
                }
            }
        }
        overrides
    }
}

/// A value for an error message: its type, and the value itself when short.
fn describe(value: &JsonValue) -> String {
    match value {
        JsonValue::String(s) if s.chars().count() <= 40 => format!("\"{s}\""),
        JsonValue::Number(n) => format!("{n}"),
        JsonValue::Bool(b) => format!("{b}"),
        other => other.kind().to_owned(),
    }
}

/// True for `http(s)://…` URLs and for paths (`/x`, `./x`, `x/y`), false for any other scheme
/// (`javascript:`, `data:`…), for whitespace and control characters, and for over-long values.
pub fn is_safe_url(url: &str) -> bool {
    // Counted in characters and with the same character classes as the loader's JavaScript
    // (`\s` there is White_Space plus U+FEFF), so both accept exactly the same URLs.
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || c == '\u{feff}';
    if url.is_empty() || url.chars().count() > MAX_URL_LEN || url.chars().any(forbidden) {
        return false;
    }
    if url.starts_with("//") {
        return false; // protocol-relative: would follow the page onto plain http
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return url.len() > lower.find("://").map_or(0, |i| i + 3);
    }
    // Anything with a ':' before the first '/', '?' or '#' would be read as a scheme.
    let head_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    !url[..head_end].contains(':')
}

fn is_valid_domain(domain: &str) -> bool {
    let bare = domain.strip_prefix('.').unwrap_or(domain);
    !bare.is_empty()
        && bare.len() <= 253
        && bare.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The known key nearest to a misspelt one, if it is close enough to be a typo.
fn closest_key<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let key = key.to_ascii_lowercase();
    known
        .iter()
        .map(|k| {
            let candidate = k.to_ascii_lowercase();
            // A cut-off name ("maxAge" for "maxAgeDays") is a typo too.
            let distance = if key.len() >= 3 && candidate.starts_with(&key) {
                1
            } else {
                edit_distance(&key, &candidate)
            };
            (distance, *k)
        })
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

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
                "texts": {"kk": {"acceptAll": "Иә"}}
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
        assert_eq!(
            config.overrides_for(Language::Kk),
            vec![(TextKey::AcceptAll, "Иә".to_owned())]
        );
        assert!(config.overrides_for(Language::Ru).is_empty());
    }

    #[test]
    fn a_missing_config_is_one_error_and_all_defaults() {
        for text in [None, Some(""), Some("  \n")] {
            let (config, problems) = parse_config(text);
            assert_eq!(config, WidgetConfig::default());
            assert_eq!(problems, vec![ConfigProblem::Missing]);
            assert!(problems[0].is_fatal());
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
                "revision": 0,
                "pixelUrl": "javascript:alert(1)",
                "policyUrl": 42,
                "language": "de",
                "pixelURL": "/pixel.js"
            }"#,
        ));
        assert_eq!(
            bad_keys(&problems),
            vec![
                "cookie.name",
                "cookie.maxAgeDays",
                "revision",
                "pixelUrl",
                "policyUrl",
                "language",
                "pixelURL"
            ]
        );
        assert_eq!(config.cookie, CookieSettings::default());
        assert_eq!(config.revision, 1);
        assert_eq!(config.pixel_url, None);
        assert_eq!(config.policy_url, None);
        assert_eq!(config.language, None);
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
        let (config, problems) =
            parse_config(Some(r#"{"revision": "x", "pixelUrl": "/pixel.js"}"#));
        assert_eq!(bad_keys(&problems), vec!["revision"]);
        assert_eq!(config.pixel_url.as_deref(), Some("/pixel.js"));
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
            config.overrides_for(Language::Ru),
            vec![(TextKey::SaveChoices, "Сохранить".to_owned())]
        );
    }

    #[test]
    fn urls_must_be_http_or_paths() {
        for ok in [
            "/pixel.js",
            "pixel.js",
            "./a/b.js",
            "../x.js?v=1",
            "https://a.kz/p.js",
            "HTTP://a.kz/x",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "",
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/js,1",
            "//evil.example/p.js",
            "https://",
            "/a b",
            "/a\n",
            "vbscript:x",
            "a:b/c",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn domains_are_checked() {
        assert!(is_valid_domain(".jetfin.kz"));
        assert!(is_valid_domain("jetfin.kz"));
        for bad in [
            "",
            ".",
            "a..b",
            "-a.kz",
            "a b.kz",
            "a;b",
            "jetfin.kz; Secure",
        ] {
            assert!(!is_valid_domain(bad), "{bad}");
        }
    }
}
