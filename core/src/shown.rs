//! What the banner shows, resolved for one language and variant — and its fingerprint.
//!
//! The widget renders categories from here, and fingerprints the same resolved content (every
//! text, category and service, the revision, language, layout and variant) with SHA-256. The
//! consent log keeps the fingerprint with each receipt: given the configuration, anyone can
//! recompute it and prove what the visitor was shown when they decided.

use crate::category::CategoryId;
use crate::config::{CategoryConfig, Layout, LocalizedText, WidgetConfig};
use crate::country::Country;
use crate::language::Language;
use crate::notice::notice;
use crate::sha256::sha256_hex;
use crate::texts::{category_text_keys, TextKey, Texts};

/// A service as shown in the preferences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownService {
    pub name: String,
    pub description: String,
    pub cookies: Vec<String>,
    /// localStorage / sessionStorage keys or prefixes.
    pub storage: Vec<String>,
    /// Hosts its requests go to.
    pub hosts: Vec<String>,
    /// The service's own privacy policy.
    pub policy_url: Option<String>,
    /// The country its data goes to, when known.
    pub country: Option<Country>,
    /// The catalogue entry it came from, if any.
    pub catalogue_id: Option<String>,
}

/// A category as shown in the preferences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownCategory {
    pub id: CategoryId,
    pub title: String,
    pub description: String,
    pub services: Vec<ShownService>,
    /// The strictly necessary category: shown switched on and disabled.
    pub necessary: bool,
}

fn localized(text: Option<&LocalizedText>, texts: &Texts) -> Option<String> {
    text.and_then(|t| t.get(texts.language)).map(str::to_owned)
}

/// One category in `texts`' language: configured texts first, else the bundled ones, else its id.
pub fn shown_category(category: &CategoryConfig, texts: &Texts) -> ShownCategory {
    let bundled = category_text_keys(category.id.as_str());
    let title = localized(category.title.as_ref(), texts)
        .or_else(|| bundled.map(|(title, _)| texts.get(title).to_owned()))
        .unwrap_or_else(|| category.id.to_string());
    let description = localized(category.description.as_ref(), texts)
        .or_else(|| bundled.map(|(_, description)| texts.get(description).to_owned()))
        .unwrap_or_default();
    let services = category
        .services
        .iter()
        .map(|service| ShownService {
            name: localized(Some(&service.name), texts).unwrap_or_default(),
            description: localized(service.description.as_ref(), texts).unwrap_or_default(),
            cookies: service.cookies.clone(),
            storage: service.storage.clone(),
            hosts: service.hosts.clone(),
            policy_url: service.policy_url.clone(),
            country: service.country,
            catalogue_id: service.catalogue_id.clone(),
        })
        .collect();
    ShownCategory {
        necessary: category.id.is_necessary(),
        id: category.id.clone(),
        title,
        description,
        services,
    }
}

/// Every category, strictly necessary first, then the optional ones in configured order.
pub fn shown_categories(config: &WidgetConfig, texts: &Texts) -> Vec<ShownCategory> {
    let necessary = config
        .category(crate::category::NECESSARY)
        .cloned()
        .unwrap_or_else(|| CategoryConfig::builtin(crate::category::NECESSARY));
    std::iter::once(&necessary)
        .chain(config.categories.iter().filter(|c| !c.id.is_necessary()))
        .map(|c| shown_category(c, texts))
        .collect()
}

/// Everything shown, as one canonical text: one `key<TAB>value` line per item, in a fixed order,
/// with tabs and newlines inside values escaped.
pub fn shown_content(config: &WidgetConfig, texts: &Texts, variant: Option<&str>) -> String {
    let mut out = String::from("jl-consent shown content v1\n");
    let mut line = |key: &str, value: &str| {
        out.push_str(key);
        out.push('\t');
        for c in value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('\n');
    };
    line("revision", &config.revision.to_string());
    line("language", texts.language.code());
    line("variant", variant.unwrap_or(""));
    line(
        "layout",
        if config.layout == Layout::Box {
            "box"
        } else {
            "bar"
        },
    );
    line("policyUrl", config.policy_url.as_deref().unwrap_or(""));
    for key in TextKey::ALL.iter().filter(|k| k.fingerprinted()) {
        line(key.name(), texts.get(*key));
    }
    for point in texts.summary() {
        line("summary", &point.text);
        line(
            "summary.clauses",
            point.clause_label.as_deref().unwrap_or(""),
        );
    }
    // Who asks, for how long, and where data goes: as the first layer shows them.
    for sentence in notice(config, texts).sentences() {
        line("notice", sentence);
    }
    for category in shown_categories(config, texts) {
        line("category", category.id.as_str());
        line("category.title", &category.title);
        line("category.description", &category.description);
        for service in &category.services {
            line("service", &service.name);
            line("service.description", &service.description);
            line("service.cookies", &service.cookies.join(" "));
            // Written only when present, so configurations from before these fields keep the
            // fingerprints their receipts were stored with.
            if let Some(id) = &service.catalogue_id {
                line("service.id", id);
            }
            if !service.storage.is_empty() {
                line("service.storage", &service.storage.join(" "));
            }
            if !service.hosts.is_empty() {
                line("service.hosts", &service.hosts.join(" "));
            }
            if let Some(url) = &service.policy_url {
                line("service.policyUrl", url);
                line(
                    "service.policyUrl.label",
                    texts.get(TextKey::ServicePolicyLink),
                );
            }
            if let Some(country) = service.country {
                line("service.country", country.code);
            }
        }
    }
    out
}

/// The SHA-256 (hex) of [`shown_content`]: the `configHash` of consent receipts.
pub fn shown_fingerprint(config: &WidgetConfig, texts: &Texts, variant: Option<&str>) -> String {
    sha256_hex(shown_content(config, texts, variant).as_bytes())
}

/// The fingerprint (`configHash`) of what `config` shows in `language` as `variant`: the
/// variant's layout and texts over the configuration, those texts in `language`, then
/// [`shown_fingerprint`]. The widget records it with every receipt; the consent-log server
/// computes it for each deployed configuration to admit only events a real banner could send.
pub fn fingerprint_for(config: &WidgetConfig, language: Language, variant: Option<&str>) -> String {
    let shown = config.for_variant(variant);
    shown_fingerprint(&shown, &shown.texts(language), variant)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    fn texts(config: &WidgetConfig, language: Language) -> Texts {
        let overrides = &config.text_overrides;
        Texts::new(
            language,
            overrides.texts_for(language),
            overrides.summary_for(language),
        )
    }

    /// The default configuration as the demo's variant "a" shows it: (language, the fingerprint
    /// receipts stored before the layered notice, today's fingerprint, the intro it had then).
    const DEFAULT_FINGERPRINTS: [(Language, &str, &str, &str); 3] = [
        (
            Language::Ru,
            "55e2e0a5ca83bf10785b3f439b5bec196f2a1d2bd8494922c129f15f3b420386",
            "20f9a557db4bfbdfe9a9fb160b2925b24976dd05ab358c1b9382c50aca9dc269",
            "Обязательные cookie нужны для работы сайта. Аналитику и рекламу мы включаем только с вашего согласия: отказаться так же просто, как согласиться.",
        ),
        (
            Language::Kk,
            "48cdaccb3898856ddb3a8860b33867ab8d3fb4710e3ae3433559c4c11420155a",
            "9f7237146e8c5ab3bf959ee94d7fc0e45eb36784b7f6f0166c41ded9417c88f7",
            "Міндетті cookie сайттың жұмысы үшін қажет. Аналитика мен жарнаманы тек сіздің келісіміңізбен қосамыз: бас тарту келісу сияқты оңай.",
        ),
        (
            Language::En,
            "43aecf9248b78d53a8ca85ae14d151c85d5b7af429ca30b74b94029aa0780f6d",
            "d4bc30d8ebdfe556da15dbec4ea96137f4ef0de6ff8b07c16cd1bf9cb214934e",
            "Necessary cookies keep the site working. Analytics and advertising are switched on only with your consent: refusing is as easy as agreeing.",
        ),
    ];

    #[test]
    fn the_default_configuration_changed_its_fingerprint_only_where_the_notice_changed_what_is_shown(
    ) {
        let config = WidgetConfig::default();
        for (language, before, today, old_intro) in DEFAULT_FINGERPRINTS {
            let texts = texts(&config, language);
            let content = shown_content(&config, &texts, Some("a"));
            // Without what the layered notice added (its sentences, its toggle) and with the
            // intro as it read, today's content is exactly what receipts were fingerprinted with.
            let mut then = String::new();
            for line in content.lines() {
                if line.starts_with("notice\t") || line.starts_with("summaryToggle\t") {
                    continue;
                }
                if line.starts_with("bannerIntro\t") {
                    then.push_str(&format!("bannerIntro\t{old_intro}\n"));
                } else {
                    then.push_str(line);
                    then.push('\n');
                }
            }
            assert_eq!(sha256_hex(then.as_bytes()), before, "{language:?}");
            assert_eq!(sha256_hex(content.as_bytes()), today, "{language:?}");
        }
    }

    #[test]
    fn categories_resolve_configured_then_bundled_texts() {
        let (config, _) = parse_config(Some(
            r#"{"categories": [{"id": "analytics", "services": [{"name": {"ru": "Метрика", "en": "Metrica"}, "cookies": ["_ym*"]}]},
                               {"id": "chat", "title": {"ru": "Чат", "en": "Chat"}}]}"#,
        ));
        let shown = shown_categories(&config, &texts(&config, Language::En));
        let titles: Vec<&str> = shown.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Strictly necessary", "Analytics (the pixel)", "Chat"]
        );
        assert!(shown[0].necessary);
        assert_eq!(shown[1].services[0].name, "Metrica");
        assert_eq!(shown[2].description, "");
    }

    #[test]
    fn the_fingerprint_changes_with_anything_shown_and_only_then() {
        let (config, _) = parse_config(Some(r#"{"revision": 2}"#));
        let ru = texts(&config, Language::Ru);
        let base = shown_fingerprint(&config, &ru, None);
        assert_eq!(base.len(), 64);
        assert_eq!(base, shown_fingerprint(&config, &ru, None), "deterministic");
        assert_ne!(
            base,
            shown_fingerprint(&config, &texts(&config, Language::Kk), None)
        );
        assert_ne!(base, shown_fingerprint(&config, &ru, Some("b")));
        let (renamed, _) = parse_config(Some(
            r#"{"revision": 2, "texts": {"ru": {"acceptAll": "Да"}}}"#,
        ));
        assert_ne!(
            base,
            shown_fingerprint(&renamed, &texts(&renamed, Language::Ru), None)
        );
        let (other_cookie, _) = parse_config(Some(r#"{"revision": 2, "cookie": {"name": "x"}}"#));
        assert_eq!(
            base,
            shown_fingerprint(&other_cookie, &texts(&other_cookie, Language::Ru), None),
            "not shown"
        );
    }

    #[test]
    fn the_fingerprint_covers_the_resolved_catalogue_services() {
        let fingerprint = |text: &str| {
            let (config, problems) = parse_config(Some(text));
            assert_eq!(problems, vec![], "{text}");
            shown_fingerprint(&config, &texts(&config, Language::Ru), None)
        };
        let by_id = fingerprint(r#"{"categories": [{"id": "analytics", "services": ["hotjar"]}]}"#);
        let none = fingerprint(r#"{"categories": [{"id": "analytics"}]}"#);
        assert_ne!(by_id, none);
        for changed in [
            r#"{"categories": [{"id": "analytics", "services": [{"id": "hotjar", "storage": ["_hjx*"]}]}]}"#,
            r#"{"categories": [{"id": "analytics", "services": [{"id": "hotjar", "hosts": ["*.hotjar.com"]}]}]}"#,
            r#"{"categories": [{"id": "analytics", "services": [{"id": "hotjar", "policyUrl": "/p"}]}]}"#,
            r#"{"categories": [{"id": "analytics", "services": [{"id": "hotjar", "cookies": []}]}]}"#,
            r#"{"categories": [{"id": "advertising", "services": ["hotjar"]}]}"#,
        ] {
            assert_ne!(by_id, fingerprint(changed), "{changed}");
        }
        assert_eq!(
            by_id,
            fingerprint(r#"{"categories": [{"id": "analytics", "services": [{"id": "hotjar"}]}]}"#),
            "the id alone and the id as an object resolve to the same service"
        );
        let (config, _) = parse_config(Some(
            r#"{"categories": [{"id": "analytics", "services": ["hotjar"]}]}"#,
        ));
        let content = shown_content(&config, &texts(&config, Language::En), None);
        assert!(content.contains("service\tHotjar\n"), "{content}");
        assert!(content.contains("service.id\thotjar\n"));
        assert!(content.contains("service.hosts\t*.hotjar.com *.hotjar.io\n"));
        assert!(content.contains("service.description\tHotjar's heatmaps"));
    }

    #[test]
    fn services_of_a_sites_own_keep_their_old_content() {
        let (config, _) = parse_config(Some(
            r#"{"categories": [{"id": "analytics", "services": [{"name": "GA", "cookies": ["_ga*"]}]}]}"#,
        ));
        let content = shown_content(&config, &texts(&config, Language::Ru), None);
        let service_lines: Vec<&str> = content
            .lines()
            .filter(|l| l.starts_with("service\t") || l.starts_with("service."))
            .collect();
        assert_eq!(
            service_lines,
            [
                "service\tGA",
                "service.description\t",
                "service.cookies\t_ga*"
            ],
            "no new lines for a service without the new fields, so old fingerprints still verify"
        );
    }

    #[test]
    fn values_cannot_forge_lines() {
        let (a, _) = parse_config(Some(
            r#"{"texts": {"ru": {"acceptAll": "x\nrejectAll\ty"}}}"#,
        ));
        let content = shown_content(&a, &texts(&a, Language::Ru), None);
        assert!(content.contains("acceptAll\tx\\nrejectAll\\ty\n"));
    }
}
