//! The configuration in its normal form: every key present, every value already valid.
//!
//! The loader's second stage reads the page's configuration by the rules of [`read_config`] —
//! it has to, because a returning visitor's page loads no WebAssembly and its problems must still
//! be reported — and hands the widget the result in this form. The widget reads it back with
//! [`from_normal_form`], without validating or reporting a second time. The shared vectors
//! (`core/tests/vectors/config.json`) hold both readers to the same normal form:
//!
//! ```json
//! {"cookie": {"name": "jl_consent", "domain": null, "maxAgeDays": 180}, "revision": 1,
//!  "policyUrl": null, "operator": {"name": {"ru": "ТОО «Jet Leasing»", …}, "bin": null, "contact": "merchant@jetfin.kz"},
//!  "pixelUrl": null, "language": null,
//!  "categories": [{"id": "analytics", "title": null, "description": null, "revision": 1, "services": [
//!    {"id": "yandex-metrika", "name": "Яндекс Метрика", "description": {"ru": …, "kk": …, "en": …},
//!     "cookies": ["_ym_*"], "storage": [], "hosts": ["mc.yandex.ru"], "policyUrl": "…",
//!     "provider": null, "country": "RU", "revision": 1}]}],
//!  "layout": "bar", "theme": "auto",
//!  "googleConsentMode": {"enabled": true, "waitForUpdate": 500, "signals": {"analytics": ["analytics_storage"]}},
//!  "gpcCategories": ["advertising"], "settingsButton": true, "reloadAfterWithdrawal": true, "texts": {},
//!  "logEndpoint": null, "variants": []}
//! ```
//!
//! A text in several languages is a string (the same in all) or `{"ru": …, "en": …}`; `texts` has
//! one object per language with its keys and, optionally, `summary`. Services are complete: one
//! named from the catalogue arrives with the catalogue's fields (and the site's overrides), so the
//! widget needs no catalogue of its own; `id` is the catalogue id, or null for a site's own service.
//!
//! [`read_config`]: super::read_config

use super::{
    CategoryConfig, ConsentModeConfig, CookieSettings, Layout, LocalizedText, OperatorConfig,
    ServiceConfig, TextOverrides, Theme, VariantConfig, WidgetConfig, CONSENT_SIGNALS,
};
use crate::category::CategoryId;
use crate::country::Country;
use crate::json::JsonValue;
use crate::language::Language;
use crate::texts::{SummaryOverride, TextKey};

// ==== writing ====

fn string(value: &str) -> JsonValue {
    JsonValue::String(value.to_owned())
}

fn optional(value: Option<&str>) -> JsonValue {
    value.map_or(JsonValue::Null, string)
}

fn number(value: u32) -> JsonValue {
    JsonValue::Number(f64::from(value))
}

fn object(members: Vec<(&str, JsonValue)>) -> JsonValue {
    JsonValue::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> JsonValue {
    JsonValue::Array(items.into_iter().map(string).collect())
}

fn localized(text: &LocalizedText) -> JsonValue {
    match (&text.all, text.by_language.as_slice()) {
        (Some(all), []) => string(all),
        _ => JsonValue::Object(
            text.by_language
                .iter()
                .map(|(language, text)| (language.code().to_owned(), string(text)))
                .collect(),
        ),
    }
}

fn optional_localized(text: Option<&LocalizedText>) -> JsonValue {
    text.map_or(JsonValue::Null, localized)
}

fn text_overrides(overrides: &TextOverrides) -> JsonValue {
    let mut languages = Vec::new();
    for language in Language::ALL {
        let mut members: Vec<(String, JsonValue)> = overrides
            .texts
            .iter()
            .filter(|(l, _, _)| *l == language)
            .map(|(_, key, text)| (key.name().to_owned(), string(text)))
            .collect();
        if let Some(summary) = overrides.summary_for(language) {
            let points = summary
                .iter()
                .map(|point| {
                    object(vec![
                        ("text", string(&point.text)),
                        ("clauses", strings(point.clauses.iter().map(String::as_str))),
                    ])
                })
                .collect();
            members.push(("summary".to_owned(), JsonValue::Array(points)));
        }
        if !members.is_empty() {
            languages.push((language.code().to_owned(), JsonValue::Object(members)));
        }
    }
    JsonValue::Object(languages)
}

fn service(service: &ServiceConfig) -> JsonValue {
    let list = |items: &[String]| strings(items.iter().map(String::as_str));
    object(vec![
        ("id", optional(service.catalogue_id.as_deref())),
        ("name", localized(&service.name)),
        (
            "description",
            optional_localized(service.description.as_ref()),
        ),
        ("cookies", list(&service.cookies)),
        ("storage", list(&service.storage)),
        ("hosts", list(&service.hosts)),
        ("policyUrl", optional(service.policy_url.as_deref())),
        ("provider", optional_localized(service.provider.as_ref())),
        ("country", optional(service.country.map(|c| c.code))),
        ("revision", number(service.revision)),
    ])
}

fn operator(operator: &OperatorConfig) -> JsonValue {
    object(vec![
        ("name", localized(&operator.name)),
        ("bin", optional(operator.bin.as_deref())),
        ("contact", optional_localized(operator.contact.as_ref())),
    ])
}

fn category(category: &CategoryConfig) -> JsonValue {
    object(vec![
        ("id", string(category.id.as_str())),
        ("title", optional_localized(category.title.as_ref())),
        (
            "description",
            optional_localized(category.description.as_ref()),
        ),
        ("revision", number(category.revision)),
        (
            "services",
            JsonValue::Array(category.services.iter().map(service).collect()),
        ),
    ])
}

/// The configuration in its normal form (what the loader hands the widget).
pub fn to_normal_form(config: &WidgetConfig) -> JsonValue {
    let consent_mode = &config.consent_mode;
    object(vec![
        (
            "cookie",
            object(vec![
                ("name", string(&config.cookie.name)),
                ("domain", optional(config.cookie.domain.as_deref())),
                ("maxAgeDays", number(config.cookie.max_age_days)),
            ]),
        ),
        ("revision", number(config.revision)),
        ("policyUrl", optional(config.policy_url.as_deref())),
        ("operator", operator(&config.operator)),
        ("pixelUrl", optional(config.pixel_url.as_deref())),
        ("language", optional(config.language.map(Language::code))),
        (
            "categories",
            JsonValue::Array(config.categories.iter().map(category).collect()),
        ),
        ("layout", string(config.layout.name())),
        ("theme", string(config.theme.name())),
        (
            "googleConsentMode",
            object(vec![
                ("enabled", JsonValue::Bool(consent_mode.enabled)),
                ("waitForUpdate", number(consent_mode.wait_for_update_ms)),
                (
                    "signals",
                    JsonValue::Object(
                        consent_mode
                            .signals
                            .iter()
                            .map(|(id, names)| (id.to_string(), strings(names.iter().copied())))
                            .collect(),
                    ),
                ),
            ]),
        ),
        (
            "gpcCategories",
            strings(config.gpc_categories.iter().map(CategoryId::as_str)),
        ),
        ("settingsButton", JsonValue::Bool(config.settings_button)),
        (
            "reloadAfterWithdrawal",
            JsonValue::Bool(config.reload_after_withdrawal),
        ),
        ("texts", text_overrides(&config.text_overrides)),
        ("logEndpoint", optional(config.log_endpoint.as_deref())),
        (
            "variants",
            JsonValue::Array(
                config
                    .variants
                    .iter()
                    .map(|variant| {
                        object(vec![
                            ("id", string(&variant.id)),
                            ("weight", JsonValue::Number(variant.weight)),
                            ("layout", optional(variant.layout.map(Layout::name))),
                            ("texts", text_overrides(&variant.texts)),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}

// ==== reading ====
// Values here were validated by the loader; anything else is a defect, answered with `None`.

fn member<'v>(value: &'v JsonValue, key: &str) -> Option<&'v JsonValue> {
    value.get(key)
}

fn read_string(value: &JsonValue) -> Option<String> {
    value.as_str().map(str::to_owned)
}

fn read_optional_string(value: &JsonValue) -> Option<Option<String>> {
    match value {
        JsonValue::Null => Some(None),
        other => read_string(other).map(Some),
    }
}

fn read_number(value: &JsonValue) -> Option<u32> {
    match value {
        JsonValue::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => {
            Some(*n as u32)
        }
        _ => None,
    }
}

fn read_bool(value: &JsonValue) -> Option<bool> {
    match value {
        JsonValue::Bool(b) => Some(*b),
        _ => None,
    }
}

fn read_array(value: &JsonValue) -> Option<&[JsonValue]> {
    match value {
        JsonValue::Array(items) => Some(items),
        _ => None,
    }
}

fn read_members(value: &JsonValue) -> Option<&[(String, JsonValue)]> {
    match value {
        JsonValue::Object(members) => Some(members),
        _ => None,
    }
}

fn read_strings(value: &JsonValue) -> Option<Vec<String>> {
    read_array(value)?.iter().map(read_string).collect()
}

fn read_language(code: &str) -> Option<Language> {
    Language::ALL.into_iter().find(|l| l.code() == code)
}

fn read_localized(value: &JsonValue) -> Option<LocalizedText> {
    if let JsonValue::String(text) = value {
        return Some(LocalizedText::same(text.clone()));
    }
    let by_language = read_members(value)?
        .iter()
        .map(|(code, text)| Some((read_language(code)?, read_string(text)?)))
        .collect::<Option<Vec<_>>>()?;
    Some(LocalizedText {
        all: None,
        by_language,
    })
}

fn read_optional_localized(value: &JsonValue) -> Option<Option<LocalizedText>> {
    match value {
        JsonValue::Null => Some(None),
        other => read_localized(other).map(Some),
    }
}

fn read_layout(value: &JsonValue) -> Option<Layout> {
    Layout::from_name(value.as_str()?)
}

fn read_text_overrides(value: &JsonValue) -> Option<TextOverrides> {
    let mut overrides = TextOverrides::default();
    for (code, texts) in read_members(value)? {
        let language = read_language(code)?;
        for (name, text) in read_members(texts)? {
            if name == "summary" {
                let points = read_array(text)?
                    .iter()
                    .map(|point| {
                        Some(SummaryOverride {
                            text: read_string(member(point, "text")?)?,
                            clauses: read_strings(member(point, "clauses")?)?,
                        })
                    })
                    .collect::<Option<Vec<_>>>()?;
                overrides.summaries.push((language, points));
            } else {
                overrides
                    .texts
                    .push((language, TextKey::from_name(name)?, read_string(text)?));
            }
        }
    }
    Some(overrides)
}

fn read_service(value: &JsonValue) -> Option<ServiceConfig> {
    Some(ServiceConfig {
        catalogue_id: read_optional_string(member(value, "id")?)?,
        name: read_localized(member(value, "name")?)?,
        description: read_optional_localized(member(value, "description")?)?,
        cookies: read_strings(member(value, "cookies")?)?,
        storage: read_strings(member(value, "storage")?)?,
        hosts: read_strings(member(value, "hosts")?)?,
        policy_url: read_optional_string(member(value, "policyUrl")?)?,
        provider: read_optional_localized(member(value, "provider")?)?,
        country: match member(value, "country")? {
            JsonValue::Null => None,
            other => Some(Country::find(other.as_str()?)?),
        },
        revision: read_number(member(value, "revision")?)?,
    })
}

fn read_operator(value: &JsonValue) -> Option<OperatorConfig> {
    Some(OperatorConfig {
        name: read_localized(member(value, "name")?)?,
        bin: read_optional_string(member(value, "bin")?)?,
        contact: read_optional_localized(member(value, "contact")?)?,
    })
}

fn read_category(value: &JsonValue) -> Option<CategoryConfig> {
    Some(CategoryConfig {
        id: CategoryId::parse(member(value, "id")?.as_str()?).ok()?,
        title: read_optional_localized(member(value, "title")?)?,
        description: read_optional_localized(member(value, "description")?)?,
        services: read_array(member(value, "services")?)?
            .iter()
            .map(read_service)
            .collect::<Option<_>>()?,
        revision: read_number(member(value, "revision")?)?,
    })
}

fn read_consent_mode(value: &JsonValue) -> Option<ConsentModeConfig> {
    let signals = read_members(member(value, "signals")?)?
        .iter()
        .map(|(id, names)| {
            let names = read_array(names)?
                .iter()
                .map(|name| {
                    let name = name.as_str()?;
                    CONSENT_SIGNALS.iter().find(|s| **s == name).copied()
                })
                .collect::<Option<Vec<_>>>()?;
            Some((CategoryId::parse(id).ok()?, names))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(ConsentModeConfig {
        enabled: read_bool(member(value, "enabled")?)?,
        wait_for_update_ms: read_number(member(value, "waitForUpdate")?)?,
        signals,
    })
}

fn read_variant(value: &JsonValue) -> Option<VariantConfig> {
    let layout = match member(value, "layout")? {
        JsonValue::Null => None,
        other => Some(read_layout(other)?),
    };
    let JsonValue::Number(weight) = member(value, "weight")? else {
        return None;
    };
    Some(VariantConfig {
        id: read_string(member(value, "id")?)?,
        weight: *weight,
        layout,
        texts: read_text_overrides(member(value, "texts")?)?,
    })
}

/// Reads a configuration in its normal form; `None` when it is not exactly that form.
pub fn from_normal_form(value: &JsonValue) -> Option<WidgetConfig> {
    let cookie = member(value, "cookie")?;
    let language = match member(value, "language")? {
        JsonValue::Null => None,
        other => Some(read_language(other.as_str()?)?),
    };
    Some(WidgetConfig {
        cookie: CookieSettings {
            name: read_string(member(cookie, "name")?)?,
            domain: read_optional_string(member(cookie, "domain")?)?,
            max_age_days: read_number(member(cookie, "maxAgeDays")?)?,
        },
        revision: read_number(member(value, "revision")?)?,
        policy_url: read_optional_string(member(value, "policyUrl")?)?,
        operator: read_operator(member(value, "operator")?)?,
        pixel_url: read_optional_string(member(value, "pixelUrl")?)?,
        language,
        categories: read_array(member(value, "categories")?)?
            .iter()
            .map(read_category)
            .collect::<Option<_>>()?,
        layout: read_layout(member(value, "layout")?)?,
        theme: Theme::from_name(member(value, "theme")?.as_str()?)?,
        consent_mode: read_consent_mode(member(value, "googleConsentMode")?)?,
        gpc_categories: read_strings(member(value, "gpcCategories")?)?
            .iter()
            .map(|id| CategoryId::parse(id).ok())
            .collect::<Option<_>>()?,
        settings_button: read_bool(member(value, "settingsButton")?)?,
        reload_after_withdrawal: read_bool(member(value, "reloadAfterWithdrawal")?)?,
        text_overrides: read_text_overrides(member(value, "texts")?)?,
        log_endpoint: read_optional_string(member(value, "logEndpoint")?)?,
        variants: read_array(member(value, "variants")?)?
            .iter()
            .map(read_variant)
            .collect::<Option<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    #[test]
    fn the_default_configuration_reads_back_unchanged() {
        let config = WidgetConfig::default();
        assert_eq!(from_normal_form(&to_normal_form(&config)), Some(config));
    }

    #[test]
    fn a_full_configuration_reads_back_unchanged() {
        let (config, problems) = parse_config(Some(
            r#"{
                "cookie": {"name": "jl", "domain": ".jetfin.kz", "maxAgeDays": 30},
                "revision": 4, "policyUrl": "/policy.html", "pixelUrl": "/pixel.js", "language": "kk",
                "operator": {"name": "ТОО «Пример»", "bin": "123456789012", "contact": {"ru": "a@example.kz"}},
                "categories": [
                    {"id": "necessary", "services": [{"name": "Сессия", "cookies": ["sid"], "provider": "ТОО «Пример»", "country": "KZ"}]},
                    {"id": "analytics", "revision": 4, "title": {"ru": "Статистика", "en": "Statistics"},
                     "services": [{"name": {"ru": "Метрика", "en": "Metrica"}, "description": "Счётчик",
                                   "cookies": ["_ym*", "yandexuid"], "revision": 3}]},
                    {"id": "chat", "title": "Чат", "description": {"kk": "Кеңесші"}}],
                "layout": "box", "theme": "dark",
                "googleConsentMode": {"enabled": false, "waitForUpdate": 800, "signals": {"analytics": ["analytics_storage", "ad_storage"], "chat": []}},
                "gpcCategories": ["advertising", "analytics"], "settingsButton": false,
                "texts": {"kk": {"acceptAll": "Иә", "summary": ["Бір", {"text": "Екі", "clauses": ["3.3"]}]}, "en": {"close": "Close"}},
                "logEndpoint": "/api/v1/events",
                "variants": [{"id": "a"}, {"id": "b", "weight": 2.5, "layout": "bar", "texts": {"ru": {"bannerTitle": "Б"}}}]
            }"#,
        ));
        assert_eq!(problems, vec![]);
        assert_eq!(from_normal_form(&to_normal_form(&config)), Some(config));
    }

    #[test]
    fn anything_but_the_normal_form_is_refused() {
        let mut form = to_normal_form(&WidgetConfig::default());
        assert!(from_normal_form(&form).is_some());
        if let JsonValue::Object(members) = &mut form {
            members.retain(|(k, _)| k != "theme");
        }
        assert_eq!(from_normal_form(&form), None, "a missing key");
        assert_eq!(from_normal_form(&JsonValue::Null), None);
        let mut form = to_normal_form(&WidgetConfig::default());
        if let JsonValue::Object(members) = &mut form {
            for (key, value) in members.iter_mut() {
                if key == "revision" {
                    *value = JsonValue::String("1".into());
                }
            }
        }
        assert_eq!(from_normal_form(&form), None, "a value of the wrong type");
    }
}
